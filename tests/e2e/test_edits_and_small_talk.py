"""Editing a query edits its answer; "hi" and "谢谢" get a pointer to what the bot does
(issue 13, point 8), in English, Simplified and Traditional Chinese."""

import pytest

from tests.e2e.dialog import ATTRIBUTION, answered_after, ask, calls_in, plain

# One update at a time, so "it sent nothing else" can be checked once a later message is
# answered (dialog.answered_after).
BOT_ENV = {"CONCURRENT_UPDATES": "1"}

# (Telegram language_code, a search, another search, what a results header says, the greeting's
# opening, the answer to thanks, "hi" and "thanks" as a reader of the language writes them)
LANGUAGES = {
    "en": ("en", "scaling", "hallucinations", "Results for “hallucinations”", "Hi! 👋 I quote one interview",
           "You're welcome!", "hi", "thanks!"),
    "zh-hans": ("zh-CN", "扩展", "幻觉", "“幻觉”的结果", "你好！👋 我引用一场访谈", "不客气！", "你好", "谢谢"),
    "zh-hant": ("zh-TW", "擴展", "幻覺", "「幻覺」的結果", "你好！👋 我引用一場訪談", "不客氣！", "您好", "謝謝"),
}
IN_EACH_LANGUAGE = pytest.mark.parametrize("language", LANGUAGES)


def _sends(api, chat):
    return [c for c in calls_in(api, chat) if c.method == "sendMessage" and c.ok]


@IN_EACH_LANGUAGE
async def test_an_edited_search_edits_its_answer(shared_bot, new_id, language):
    code, first_words, second_words, header, *_ = LANGUAGES[language]
    api, chat = shared_bot.standin, new_id()
    query = api.send_message(f"/search {first_words}", chat_id=chat, language_code=code)
    first = await api.replies_to(chat)
    edit = api.edit_message(query, f"/search {second_words}")
    edited = await api.replies_to(chat)
    assert edited.method == "editMessageText" and edited.params["message_id"] == first.result["message_id"]
    assert plain(edited).startswith(header)
    # The message the user sees is the new answer, with its buttons; nothing else was sent.
    shown = api.message(chat, first.result["message_id"])
    assert shown["text"] == plain(edited) and shown["reply_markup"]["inline_keyboard"]
    marker = await answered_after(shared_bot, edit, chat_id=chat, user_id=chat)
    assert calls_in(api, chat) == [first, edited, marker]


@IN_EACH_LANGUAGE
async def test_an_edited_message_in_a_private_chat_answers_the_new_words(shared_bot, new_id, language):
    code, words, _, _, greeting, _, hi, _ = LANGUAGES[language]
    api, chat = shared_bot.standin, new_id()
    query = api.send_message(words, chat_id=chat, language_code=code)
    first = await api.replies_to(chat)
    api.edit_message(query, hi)  # the search becomes small talk: the answer becomes the pointer
    edited = await api.replies_to(chat)
    assert edited.method == "editMessageText" and edited.params["message_id"] == first.result["message_id"]
    assert plain(edited).startswith(greeting)
    api.edit_message(query, f"/quote {words}")  # and then a command: the same message is edited again
    quoted = await api.replies_to(chat)
    assert quoted.method == "editMessageText" and quoted.params["message_id"] == first.result["message_id"]
    assert ATTRIBUTION in plain(quoted)


@IN_EACH_LANGUAGE
async def test_an_edited_query_whose_answer_is_gone_is_answered_anew(shared_bot, new_id, language):
    code, words, other, header, *_ = LANGUAGES[language]
    api, chat = shared_bot.standin, new_id()
    query = api.send_message(f"/search {words}", chat_id=chat, language_code=code)
    first = await api.replies_to(chat)
    api.user_deletes(chat, first.result["message_id"])
    api.edit_message(query, f"/search {other}")
    fresh = await api.replies_to(chat)
    assert fresh.method == "sendMessage" and plain(fresh).startswith(header)
    refused = [c for c in calls_in(api, chat) if c.method == "editMessageText"]
    assert len(refused) == 1 and not refused[0].ok  # it tried the old answer first: gone


async def test_an_edited_query_in_a_group_edits_the_answer_that_quotes_it(shared_bot, new_id):
    api, group, user = shared_bot.standin, -new_id(), new_id()
    query = api.send_message("/quote@QuoteTestBot scaling", chat_id=group, user_id=user, chat_type="supergroup")
    first = await api.replies_to(group)
    api.edit_message(query, "/quote@QuoteTestBot hallucinations")
    edited = await api.replies_to(group)
    assert edited.method == "editMessageText" and edited.params["message_id"] == first.result["message_id"]
    assert plain(edited) != plain(first) and "hallucinat" in plain(edited).lower()
    assert api.message(group, first.result["message_id"])["reply_to_message"]["message_id"] == \
        api.injected_update(query)["message"]["message_id"]  # it still answers the query it quotes


async def test_edits_that_are_not_queries_get_nothing(shared_bot, new_id):
    api, chat, group, user = shared_bot.standin, new_id(), -new_id(), new_id()
    help_message = api.send_message("/help", chat_id=chat)
    first = await api.replies_to(chat)
    api.edit_message(help_message, "/help me")  # /help, /start, /language run once
    chatter = api.send_message("hi everyone", chat_id=group, user_id=user, chat_type="supergroup")
    edit = api.edit_message(chatter, "hello everyone")  # a group's own talk, edited
    await answered_after(shared_bot, edit, chat_id=chat, user_id=chat)
    assert _sends(api, chat)[0] == first and len(_sends(api, chat)) == 2  # the help, then the marker's
    assert not [c for c in calls_in(api, chat) if c.method == "editMessageText"]
    assert calls_in(api, group) == []


# ----------------------------------------------------------------- small talk


@IN_EACH_LANGUAGE
async def test_greetings_and_thanks_get_a_pointer_instead_of_a_search(api, new_id, language):
    code, _, _, _, greeting, welcome, hi, thanks = LANGUAGES[language]
    chat = new_id()
    hello = plain(await ask(api, hi, chat_id=chat, language_code=code))
    assert hello.startswith(greeting) and "/quote" in hello and "/search" in hello and "Eye on AI #118" in hello
    assert plain(await ask(api, thanks, chat_id=chat, language_code=code)).startswith(welcome)
    assert plain(await ask(api, f"/search {hi}!", chat_id=chat, language_code=code)).startswith(greeting)
    assert plain(await ask(api, f"/quote {thanks} 🙏", chat_id=chat, language_code=code)).startswith(welcome)


async def test_the_pointer_answers_chinese_small_talk_in_the_readers_language(api, new_id):
    assert plain(await ask(api, "谢谢", chat_id=new_id(), language_code="en")).startswith("You're welcome!")
    assert plain(await ask(api, "hi", chat_id=new_id(), language_code="zh-HK")).startswith("你好！👋 我引用一場訪談")


@pytest.mark.parametrize(("text", "code", "pointer"), [("ok", "en", "👍 Send me a few words"), ("lol", "en", "👍 Send me"),
                                                      ("好的", "zh-TW", "👍 發給我幾個詞"), ("good bot", "zh-CN", "👍 发给我")])
async def test_a_reaction_alone_gets_a_pointer_not_nothing_matches(api, new_id, text, code, pointer):
    reply = plain(await ask(api, text, chat_id=new_id(), language_code=code))
    assert reply.startswith(pointer) and "/quote" in reply, reply


@pytest.mark.parametrize(("text", "code"), [("/quote 🍕", "en"), ("/quote ok", "en"), ("/quote 👍", "zh-TW"),
                                            ("/quote ?", "en"), ("/quote ？", "zh-CN")])
async def test_quote_with_only_a_reaction_gives_a_quote_not_a_pointer_back_to_quote(api, new_id, text, code):
    assert ATTRIBUTION in plain(await ask(api, text, chat_id=new_id(), language_code=code))


@pytest.mark.parametrize(("text", "code"), [("thanks for the scaling quote", "en"), ("hallucinations thanks", "en"),
                                            ("谢谢 幻觉", "zh-CN"), ("你好 擴展", "zh-TW")])
async def test_small_talk_with_words_of_its_own_is_a_search(api, new_id, text, code):
    reply = plain(await ask(api, text, chat_id=new_id(), language_code=code))
    assert reply.startswith(("Results for", "“", "「")), reply


async def test_in_a_group_plain_hi_gets_nothing_but_an_addressed_command_gets_the_pointer(shared_bot, new_id):
    api, group, user = shared_bot.standin, -new_id(), new_id()
    hi = api.send_message("hi", chat_id=group, user_id=user, chat_type="supergroup")
    marker = await answered_after(shared_bot, hi, chat_id=group, user_id=user, chat_type="supergroup")
    assert calls_in(api, group) == [marker]
    pointer = await ask(api, "/search@QuoteTestBot hello", chat_id=group, user_id=user, chat_type="supergroup")
    assert plain(pointer).startswith("Hi! 👋 I quote one interview")
