"""Groups (addressed commands, admins, edits, channels) and inline mode."""

import re

from tests.e2e.dialog import ATTRIBUTION, answered_after, ask, button, calls_in, plain, press

# One update at a time, so "it sent nothing" can be checked once a later message is answered
# (dialog.answered_after) instead of after a pause that a slow machine may outlast.
BOT_ENV = {"CONCURRENT_UPDATES": "1"}


async def test_addressed_command_in_a_supergroup(api, new_id):
    group, user = -new_id(), new_id()
    call = await ask(api, "/quote@QuoteTestBot scaling", chat_id=group, user_id=user, chat_type="supergroup")
    assert ATTRIBUTION in plain(call)
    assert call.params.get("reply_parameters") or call.params.get("reply_to_message_id")


async def test_help_in_a_group_says_that_only_commands_and_words_naming_the_bot_are_answered_there(api, new_id):
    group, user = -new_id(), new_id()
    text = plain(await ask(api, "/help@QuoteTestBot", chat_id=group, user_id=user, chat_type="supergroup"))
    assert "In a group I answer commands" in text and "messages that name me (@QuoteTestBot)" in text
    assert "Or just send me words" not in text
    assert "Or just send me words" in plain(await ask(api, "/help", chat_id=new_id()))


async def test_words_in_a_group_addressed_to_the_bot_are_a_search_and_others_get_nothing(shared_bot, new_id):
    api, group, user = shared_bot.standin, -new_id(), new_id()
    for text in ("@QuoteTestBot hallucinations", "what about hallucinations @quotetestbot", "请问@QuoteTestBot 幻觉"):
        reply = await ask(api, text, chat_id=group, user_id=user, chat_type="supergroup")
        assert plain(reply).startswith(("Results for “hallucinations", "Results for “what about", "Results for “幻觉")), \
            plain(reply)
        assert reply.params.get("reply_parameters")  # it answers the message that named it
    named_alone = await ask(api, "@QuoteTestBot", chat_id=group, user_id=user, chat_type="supergroup")
    assert "/quote" in plain(named_alone) and "Eye on AI #118" in plain(named_alone)
    before = len(calls_in(api, group))
    for text in ("@SomeOtherBot hallucinations", "guys try @QuoteTestBot, it finds what Ilya said about anything"):
        api.send_message(text, chat_id=group, user_id=user, chat_type="supergroup")
    last = api.send_message("@QuoteTestBot hallucinations", chat_id=group, user_id=user, chat_type="supergroup",
                            forwarded_from="Someone")  # forwarded: addressed to someone else, somewhere else
    marker = await answered_after(shared_bot, last, chat_id=group, user_id=user, chat_type="supergroup")
    assert calls_in(api, group)[before:] == [marker]


async def test_command_in_a_forum_topic_is_answered_in_that_topic(shared_bot, new_id):
    api, forum, user = shared_bot.standin, -new_id(), new_id()
    update_id = api.send_message("/search neural networks", chat_id=forum, user_id=user, chat_type="supergroup",
                                 topic_id=77)
    reply = await api.replies_to(forum)
    assert reply.params.get("message_thread_id") == 77  # not in the forum's "General" topic
    assert reply.params["reply_parameters"] == {"message_id": api.injected_update(update_id)["message"]["message_id"]}
    _, page2 = await press(api, reply, button(reply, "More"), user_id=user)
    assert page2.method == "editMessageText" and re.search(r"— 6(–\d+)? of \d+", plain(page2))
    # Replies are sent as raw Bot API calls on purpose (handlers/common.py): no library advice in the log.
    assert "Please use 'Bot." not in shared_bot.log()


async def test_command_for_another_bot_is_ignored(shared_bot, new_id):
    api, group, user = shared_bot.standin, -new_id(), new_id()
    api.send_message("/quote@SomeOtherBot", chat_id=group, user_id=user, chat_type="supergroup")
    last = api.send_message("/frobnicate", chat_id=group, user_id=user, chat_type="supergroup")
    marker = await answered_after(shared_bot, last, chat_id=group, user_id=user, chat_type="supergroup")
    assert calls_in(api, group) == [marker]  # the two commands got nothing, not even a hint


async def test_unknown_command_addressed_to_this_bot_in_a_group_gets_a_hint(api, new_id):
    group, user = -new_id(), new_id()
    api.send_message("/frobnicate@SomeOtherBot", chat_id=group, user_id=user, chat_type="supergroup")
    reply = await ask(api, "/frobnicate@QuoteTestBot", chat_id=group, user_id=user, chat_type="supergroup")
    assert "Try /help" in plain(reply)
    assert len([c for c in api.calls_to("sendMessage") if c.params.get("chat_id") == group]) == 1


async def test_edited_command_edits_its_answer_instead_of_running_again(shared_bot, new_id):
    api, chat = shared_bot.standin, new_id()
    update_id = api.send_message("/quote", chat_id=chat, user_id=chat)
    first = await api.replies_to(chat)
    edit = api.edit_message(update_id, "/quote scaling")
    edited = await api.replies_to(chat)
    assert edited.method == "editMessageText" and edited.params["message_id"] == first.result["message_id"]
    assert "scale" in plain(edited)
    marker = await answered_after(shared_bot, edit, chat_id=chat, user_id=chat)
    assert calls_in(api, chat) == [first, edited, marker]  # no second quote: the first one now answers the edit


async def test_channel_posts_are_ignored(shared_bot, new_id):
    api, channel, reader = shared_bot.standin, -new_id(), new_id()
    post = api.channel_post("/quote", chat_id=channel)
    # Nobody can write after the post in the channel; a private message answered later will do:
    # the bot takes updates in order.
    await answered_after(shared_bot, post, chat_id=reader, user_id=reader)
    assert calls_in(api, channel) == []


async def test_only_admins_set_the_group_language(api, new_id):
    group, member, admin, newcomer = -new_id(), new_id(), new_id(), new_id()
    api.set_chat_member(group, member, "member")
    api.set_chat_member(group, admin, "administrator")
    refused = await ask(api, "/language zh", chat_id=group, user_id=member, chat_type="supergroup")
    assert "Only this group's admins" in plain(refused)
    saved = await ask(api, "/language zh-hant", chat_id=group, user_id=admin, chat_type="supergroup")
    assert "繁體中文" in plain(saved)
    help_text = plain(await ask(api, "/help", chat_id=group, user_id=newcomer, chat_type="supergroup"))
    assert "使用方法" in help_text  # the group's choice beats the newcomer's language_code "en"


async def test_group_buttons_belong_to_the_asker(api, new_id):
    group, asker, other = -new_id(), new_id(), new_id()
    call = await ask(api, "/search neural networks", chat_id=group, user_id=asker, chat_type="supergroup")
    answer, reply = await press(api, call, button(call, "More"), user_id=other)
    assert reply is None and "Only the person who asked" in answer.params["text"]
    _, page2 = await press(api, call, button(call, "More"), user_id=asker)
    assert re.search(r"— 6(–\d+)? of \d+", plain(page2))


async def test_inline_query_returns_quotes_in_the_askers_language(api, new_id):
    api.inline_query("hallucinations", user_id=new_id(), language_code="zh-TW")
    answer = await api.wait_for("answerInlineQuery")
    results = answer.params["results"]
    assert answer.ok and 1 <= len(results) <= 20
    first = results[0]["input_message_content"]["message_text"]
    assert re.search(r"[\u4e00-\u9fff]", first) and "2023-03-14" in first
    assert len({r["id"] for r in results}) == len(results)


async def test_inline_empty_query_gives_featured_quotes(api, new_id):
    api.inline_query("", user_id=new_id())
    answer = await api.wait_for("answerInlineQuery")
    assert answer.ok and 15 <= len(answer.params["results"]) <= 25  # the reviewed list (tests/e2e/test_featured.py)


async def test_inline_share_of_one_turn(api, new_id):
    api.inline_query("turn_5", user_id=new_id())
    answer = await api.wait_for("answerInlineQuery")
    assert [r["id"] for r in answer.params["results"]] == ["5"]


async def test_inline_off_topic_gives_nothing_but_a_help_button(api, new_id):
    user = new_id()
    api.inline_query("premier league football score", user_id=user, language_code="zh-CN")
    answer = await api.wait_for("answerInlineQuery")
    assert answer.ok and answer.params["results"] == []
    assert answer.params["button"]["text"].startswith("访谈中没有匹配的内容")
    help_reply = await ask(api, f"/start {answer.params['button']['start_parameter']}", chat_id=user,
                           language_code="zh-CN")
    assert "使用方法" in plain(help_reply)


async def test_inline_quotation_not_said_is_marked_so_above_the_closest_passages(api, new_id):
    api.inline_query("“When I was 15, we moved to Canada, and I joined the University of Toronto”",
                     user_id=new_id(), language_code="zh-TW")
    answer = await api.wait_for("answerInlineQuery")
    assert answer.params["button"]["text"].startswith("❌ 本次訪談中沒有這句話")
    assert answer.params["results"]  # the closest, below the notice


async def test_inline_quotation_whose_words_find_nothing_is_still_marked_not_said(api, new_id):
    api.inline_query('"I think AGI will arrive in ten years for sure"', user_id=new_id())
    near = await api.wait_for("answerInlineQuery")
    assert near.params["button"]["text"].startswith("❌ Not said in this interview — below")
    assert near.params["results"]  # the passages nearest in meaning, none of whose words are the quotation's:
    assert not [r for r in near.params["results"] if "<b>" in r["input_message_content"]["message_text"]]  # no bold
    api.inline_query('"my grandmother bakes the best apple pie in the whole village every sunday"', user_id=new_id())
    far = await api.wait_for("answerInlineQuery")
    assert far.params["button"]["text"] == "❌ Not said in this interview — tap to see what this means" and not far.params["results"]
    assert near.params["button"]["start_parameter"] == far.params["button"]["start_parameter"] == "not_said"


async def test_inline_words_that_find_nothing_get_the_passages_nearest_in_meaning_under_a_notice(api, new_id):
    """A paraphrase shares few words with its passage: inline offers what /search offers."""
    api.inline_query("they pay people to show the bot good manners", user_id=new_id())
    answer = await api.wait_for("answerInlineQuery")
    assert answer.params["button"] == {"text": "No passage has these words — below, the closest in meaning",
                                       "start_parameter": "help"}
    assert answer.params["results"]
    assert not [r for r in answer.params["results"] if "<b>" in r["input_message_content"]["message_text"]]
    api.inline_query("best apple pie recipe with cinnamon", user_id=new_id())
    off_topic = await api.wait_for("answerInlineQuery")
    assert not off_topic.params["results"] and off_topic.params["button"]["text"].startswith("Nothing in the interview")


async def test_the_not_said_row_opens_what_it_means_in_each_language(api, new_id):
    for code, opening in (("en", "❌ Not said means that no passage says the words you typed"),
                          ("zh-CN", "❌ 没有这句话的意思是"), ("zh-TW", "❌ 沒有這句話的意思是")):
        reply = plain(await ask(api, "/start not_said", chat_id=new_id(), language_code=code))
        assert reply.startswith(opening) and "@QuoteTestBot" in reply and "/help" in reply, reply


async def test_inline_quotation_said_here_puts_its_passage_first_without_a_notice(api, new_id):
    api.inline_query("“When I was 17, we moved to Canada, and I joined the University of Toronto”", user_id=new_id())
    answer = await api.wait_for("answerInlineQuery")
    assert "button" not in answer.params
    first = answer.params["results"][0]["input_message_content"]["message_text"]
    assert "<b>" in first and "17" in first and "Canada" in first
