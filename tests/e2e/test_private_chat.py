"""Every command in a private chat, with buttons, through the real bot process."""

import re

import pytest

from tests.e2e.dialog import ATTRIBUTION, ask, bold, button, buttons, plain, press


async def test_start_lists_commands(api, new_id):
    reply = plain(await ask(api, "/start", chat_id=new_id()))
    assert "Ilya Sutskever" in reply and all(c in reply for c in ("/quote", "/search", "/topic", "/language", "/help"))


async def test_help_gives_examples_with_the_bot_name(api, new_id):
    reply = plain(await ask(api, "/help", chat_id=new_id()))
    assert "/search hallucinations" in reply and "@QuoteTestBot" in reply


async def test_random_quote_is_ilya_with_attribution_and_buttons(api, new_id):
    call = await ask(api, "/quote", chat_id=new_id())
    text = plain(call)
    assert text.startswith("Ilya Sutskever") and f"— Ilya Sutskever · {ATTRIBUTION}" in text
    labels = " ".join(b["text"] for b in buttons(call))
    assert all(word in labels for word in ("Another", "Before", "After", "中文", "Share"))
    share = next(b for b in buttons(call) if "Share" in b["text"])
    assert re.fullmatch(r"turn_\d+(_en_[ez]\d+_\d+)?", share["switch_inline_query"])  # the excerpt shown


async def test_quote_with_words_finds_the_passage(api, new_id):
    text = plain(await ask(api, "/quote the bitter lesson", chat_id=new_id()))
    assert "bitter lesson" in text.lower() and text.startswith("Ilya Sutskever")


async def test_quote_buttons_flip_context_and_another(api, new_id):
    chat = new_id()
    first = await ask(api, "/quote prediction is compression", chat_id=chat)
    _, flipped = await press(api, first, button(first, "中文"), user_id=chat)
    assert flipped.method == "editMessageText" and re.search(r"[\u4e00-\u9fff]{5}", plain(flipped))
    _, back = await press(api, flipped, button(flipped, "EN"), user_id=chat)
    assert plain(back) == plain(first)
    _, before = await press(api, back, button(back, "Before"), user_id=chat)
    assert plain(before) != plain(first) and ATTRIBUTION in plain(before)
    _, another = await press(api, before, button(before, "Another"), user_id=chat)
    assert another.method == "sendMessage" and plain(another).startswith("Ilya Sutskever")


async def test_search_pages_highlights_and_opens(api, new_id):
    chat = new_id()
    page1 = await ask(api, "/search neural networks", chat_id=chat)
    assert "Results for “neural networks” — 1–5 of" in plain(page1)
    assert any("neural" in b.lower() for b in bold(page1))
    _, page2 = await press(api, page1, button(page1, "More"), user_id=chat)
    assert re.search(r"— 6(–\d+)? of \d+", plain(page2)) and page2.method == "editMessageText"
    _, opened = await press(api, page2, button(page2, "6"), user_id=chat)
    assert opened.method == "sendMessage" and ATTRIBUTION in plain(opened)


async def test_search_without_words_explains_usage(api, new_id):
    assert "/search scaling laws" in plain(await ask(api, "/search", chat_id=new_id()))


async def test_off_topic_search_says_so_and_offers_buttons(api, new_id):
    call = await ask(api, "/search chocolate cake recipe with butter", chat_id=new_id())
    assert "Nothing in the interview matches" in plain(call)
    assert ATTRIBUTION not in plain(call)  # never an unrelated quote
    assert "closest in meaning" not in plain(call)  # nor passages merely the least far
    assert any("Topics" in b["text"] for b in buttons(call))


@pytest.mark.parametrize("language_code, query, heading, words", [
    ("en", "they pay people to show the bot good manners", "The passages closest in meaning, in different words:\n1. ",
     "hire people to teach our neural net to behave"),
    ("zh-CN", "花钱请人来教聊天机器人守规矩", "意思最接近的几段（措辞不同）：\n1. ", "雇人来教导我们的神经网络"),
    ("zh-TW", "花錢請人來教聊天機器人守規矩", "意思最接近的幾段（措辭不同）：\n1. ", "僱人來教導我們的神經網路"),
])
async def test_a_paraphrase_no_word_of_which_matches_is_offered_the_passages_nearest_in_meaning(
        api, new_id, language_code, query, heading, words):
    chat = new_id()
    call = await ask(api, f"/search {query}", chat_id=chat, language_code=language_code)
    text = plain(call)
    assert not text.startswith("Results") and heading in text and words in text.replace("\n", "")
    labels = [b["text"] for b in buttons(call)]
    assert labels.index("1") < labels.index("2") < labels.index("3") and "☰" in labels[-1]
    _, opened = await press(api, call, button(call, "2"), user_id=chat, language_code=language_code)
    assert opened.method == "sendMessage" and ATTRIBUTION in plain(opened)


async def test_topic_list_and_pages(api, new_id):
    chat = new_id()
    topics = await ask(api, "/topic", chat_id=chat)
    assert "topics — tap one" in plain(topics) and len(buttons(topics)) >= 8
    _, page = await press(api, topics, buttons(topics)[0]["callback_data"], user_id=chat)
    assert re.search(r"— 1(–\d+)? of \d+", plain(page))


async def test_topic_by_fuzzy_name_in_chinese(api, new_id):
    call = await ask(api, "/topic 幻觉", chat_id=new_id())
    assert re.search(r"— 1–\d+ of \d+", plain(call))


async def test_deep_link_opens_that_turn(api, new_id):
    call = await ask(api, "/start turn_3", chat_id=new_id())
    assert ATTRIBUTION in plain(call)
    assert any(b.get("switch_inline_query") == "turn_3" for b in buttons(call))


async def test_deep_link_to_missing_turn(api, new_id):
    assert "I can't find that passage" in plain(await ask(api, "/start turn_999999", chat_id=new_id()))


async def test_unknown_command_gets_a_hint(api, new_id):
    assert "/help" in plain(await ask(api, "/frobnicate", chat_id=new_id()))


async def test_a_command_for_another_bot_says_whom_it_names(api, new_id):
    ours = plain(await ask(api, "/quote@SomeOtherBot scaling", chat_id=new_id()))
    assert "for @SomeOtherBot, not for me" in ours and "send /quote without the @name" in ours
    theirs = plain(await ask(api, "/frobnicate@SomeOtherBot", chat_id=new_id()))
    assert "for @SomeOtherBot, not for me" in theirs and "/frobnicate" not in theirs
    assert "Try /help" in plain(await ask(api, "/frobnicate@QuoteTestBot", chat_id=new_id()))


async def test_someone_elses_button_is_refused(api, new_id):
    chat = new_id()
    call = await ask(api, "/quote", chat_id=chat)
    answer, reply = await press(api, call, button(call, "Another"), user_id=new_id())
    assert reply is None and answer.params["show_alert"] and "Only the person who asked" in answer.params["text"]


async def test_plain_words_in_private_chat_are_a_search(api, new_id):
    assert "Results for “what about hallucinations”" in plain(await ask(api, "what about hallucinations", chat_id=new_id()))


async def test_opening_a_result_shows_the_part_with_the_match(api, new_id):
    chat = new_id()
    results = await ask(api, "/search propensity of making stuff up", chat_id=chat)
    _, opened = await press(api, results, button(results, "1"), user_id=chat)
    assert "propensity of making stuff up" in plain(opened)


async def test_another_quote_is_a_different_turn(api, new_id):
    chat = new_id()
    current = await ask(api, "/quote", chat_id=chat)
    for _ in range(5):
        _, following = await press(api, current, button(current, "Another"), user_id=chat)
        assert plain(following) != plain(current)
        current = following


async def test_a_one_letter_topic_name_opens_no_topic(api, new_id):
    for name in ("a", "x", "<b>"):
        reply = plain(await ask(api, f"/topic {name}", chat_id=new_id()))
        assert "No topic matches" in reply and "topics — tap one" in reply, name


async def test_quote_without_a_match_gives_each_hint_once(api, new_id):
    reply = plain(await ask(api, "/quote xyzzy plugh", chat_id=new_id()))
    assert "No passage of Ilya Sutskever's matches “xyzzy plugh”" in reply
    assert reply.count("/topic") == 1 and reply.count("/search") == 1


async def test_a_quoted_search_is_the_same_search_without_doubled_quotes(api, new_id):
    quoted = plain(await ask(api, '/search "the bitter lesson"', chat_id=new_id()))
    assert quoted.startswith("Results for “the bitter lesson”") and '"' not in quoted.split("\n")[0]


async def test_a_chinese_search_shows_the_words_it_matched(api, new_id):
    reply = await ask(api, "/search 悉尼", chat_id=new_id(), language_code="zh-CN")
    assert "<b>悉尼</b>" in reply.params["text"]


async def test_a_result_found_in_the_other_language_shows_the_sentence_that_translates_the_match(api, new_id):
    """"scaling" finds one answer only in its Chinese (扩大规模): an English reader sees where, not its first lines."""
    reply = await ask(api, "/search scaling", chat_id=new_id())
    entry = next(e for e in plain(reply).split("\n\n") if "From supervised learning to Transformers" in e)
    assert "keep making it bigger" in entry and not entry.split("\n")[1].startswith("So, for context")
    assert not any("making it bigger" in b for b in bold(reply))  # not the query's words: not in bold
