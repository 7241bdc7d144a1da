"""Reading quotes, in English, 简体中文 and 繁體中文 (issue 13): a few sentences around the match
with the whole passage a button away, the question behind an answer, what the Chinese is (machine
translation or the article's translator), both languages side by side, and an English reading
order without the passages only the Chinese article has."""

import re

import pytest

from tests.e2e.botprocess import BotProcess
from tests.e2e.dialog import ATTRIBUTION, ask, bold, button, buttons, plain, press
from tests.e2e.standin import BotApiStandIn, RecordedCall, parse_message_text
from tests.e2e.test_languages import is_traditional

HAN = re.compile(r"[\u4e00-\u9fff]")
# (reply language, Telegram app language, /quote words matching an article turn, one matching a
# machine-translated turn, the question line's opening)
READERS = [
    ("en", "en", "scaling", "propensity of making stuff up", "Craig Smith asked: "),
    ("zh-hans", "zh-CN", "苦涩的教训", "编造东西", "Craig Smith 问："),
    ("zh-hant", "zh-TW", "苦澀的教訓", "編造東西", "Craig Smith 問："),
]
MACHINE = {"en": "· Chinese: machine translation", "zh-hans": "· 机器翻译", "zh-hant": "· 機器翻譯"}
ARTICLE = {"en": "· Chinese: translated by AI寒武纪", "zh-hans": "· 译文：AI寒武纪", "zh-hant": "· 譯文：AI寒武紀"}
WHOLE = {"en": "📖 Whole passage", "zh-hans": "📖 整段", "zh-hant": "📖 整段"}
QUESTION = {"en": "❓", "zh-hans": "❓", "zh-hant": "❓"}
CHINESE = {"en": "中文", "zh-hans": "中文", "zh-hant": "中文"}
AFTER = {"en": "After ▶", "zh-hans": "下一段 ▶", "zh-hant": "下一段 ▶"}


def quotes(call: RecordedCall) -> list[str]:
    """The text of each blockquote of a reply, as shown."""
    text, entities = parse_message_text(call.params["text"], call.params.get("parse_mode"))
    encoded = text.encode("utf-16-le")
    return [encoded[e["offset"] * 2:(e["offset"] + e["length"]) * 2].decode("utf-16-le")
            for e in entities if e["type"] in ("blockquote", "expandable_blockquote")]


def readers():
    return pytest.mark.parametrize("language, code, article_words, machine_words, asked", READERS)


@readers()
async def test_a_quote_is_a_few_sentences_with_the_match_in_bold_and_the_whole_passage_a_button_away(
        api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    quote = await ask(api, f"/quote {machine_words}", chat_id=chat, language_code=code)
    [excerpt] = quotes(quote)
    assert len(excerpt) <= 500 and any(machine_words in b for b in bold(quote))  # not 3,000 characters of turn
    _, whole = await press(api, quote, button(quote, WHOLE[language]), user_id=chat, language_code=code)
    [passage] = quotes(whole)
    assert whole.method == "editMessageText" and len(passage) > 2 * len(excerpt)
    assert excerpt.split("\n")[-1] in passage  # the part of the whole turn that holds the match


@readers()
async def test_search_hits_and_inline_results_are_the_sentences_that_matched(
        api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    results = await ask(api, f"/search {machine_words}", chat_id=chat, language_code=code)
    assert any(machine_words in b for b in bold(results)) and len(plain(results)) < 1500
    update = api.inline_query(machine_words, user_id=chat, language_code=code)
    answer = await _inline_answer(api, update)
    first = answer.params["results"][0]
    message = first["input_message_content"]["message_text"]
    assert any(machine_words in b for b in _bold(message)) and ATTRIBUTION in message  # in Part 2 of the English
    assert len(first["description"]) <= 160 and machine_words in first["description"]  # the matched sentence
    assert first["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("?start=turn_15")  # the whole turn


@readers()
async def test_share_sends_the_excerpt_that_was_read(api, new_id, language, code, article_words, machine_words,
                                                      asked):
    chat = new_id()
    quote = await ask(api, f"/quote {machine_words}", chat_id=chat, language_code=code)
    share = next(b for b in buttons(quote) if "switch_inline_query" in b)["switch_inline_query"]
    answer = await _inline_answer(api, api.inline_query(share, user_id=chat, language_code=code))
    [shared] = answer.params["results"]
    message = shared["input_message_content"]["message_text"]
    assert quotes(quote)[0] in parse_message_text(message, "HTML")[0]  # the same sentences, not Part 1


@readers()
async def test_an_answer_shows_its_question_on_one_line_and_opens_it_whole(
        api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    quote = await ask(api, f"/quote {article_words}", chat_id=chat, language_code=code)
    question_line = plain(quote).split("\n")[1]
    assert question_line.startswith(asked) and len(question_line) <= 130
    _, question = await press(api, quote, button(quote, QUESTION[language]), user_id=chat, language_code=code)
    assert question.method == "sendMessage" and plain(question).startswith("Craig Smith ·")
    asked_words = question_line.split("“")[-1].split("「")[-1].rstrip("”」").lstrip("…")
    assert asked_words in plain(question).replace("\n", " ")  # the line is the question's own words


@readers()
async def test_the_chinese_says_what_it_is(api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    machine = await ask(api, f"/quote {machine_words}", chat_id=chat, language_code=code)
    article = await ask(api, f"/quote {article_words}", chat_id=chat, language_code=code)
    if language == "en":  # English is neither: the label comes with the Chinese
        assert "Chinese:" not in plain(machine) + plain(article)
        _, machine = await press(api, machine, button(machine, CHINESE[language]), user_id=chat)
        _, article = await press(api, article, button(article, CHINESE[language]), user_id=chat)
    assert plain(machine).endswith(MACHINE[language]) and plain(article).endswith(ARTICLE[language])
    if language == "zh-hant":
        assert is_traditional(quotes(machine)[0]) and is_traditional(quotes(article)[0])


@readers()
async def test_both_languages_side_by_side_and_the_setting_holds(
        api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    quote = await ask(api, f"/quote {article_words}", chat_id=chat, language_code=code)
    _, both = await press(api, quote, button(quote, "EN + 中文"), user_id=chat, language_code=code)
    english, chinese = quotes(both)
    assert not HAN.search(english.replace("中文", "")) and HAN.search(chinese)
    assert (language == "zh-hant") == is_traditional(chinese)
    assert len(plain(both)) < 2000 and any(b["text"] == "✓ EN + 中文" for b in buttons(both))
    again = await ask(api, f"/quote {machine_words}", chat_id=chat, language_code=code)
    assert len(quotes(again)) == 2  # the setting is the user's, not the message's
    # The whole passage holds to it too, and turns it off and on in place.
    _, whole = await press(api, again, button(again, WHOLE[language]), user_id=chat, language_code=code)
    english, chinese = quotes(whole)
    assert not HAN.search(english) and HAN.search(chinese) and len(plain(whole)) < 4096
    _, one = await press(api, whole, button(whole, "✓ EN + 中文"), user_id=chat, language_code=code)
    [alone] = quotes(one)  # the reader's own language again
    assert alone == english if language == "en" else chinese.replace("\n", "") in alone.replace("\n", "")
    assert any(b["text"] == "EN + 中文" for b in buttons(one))
    _, whole = await press(api, one, button(one, "EN + 中文"), user_id=chat, language_code=code)
    if language == "en":
        assert quotes(whole) == [english, chinese]  # the same part
    else:  # the Chinese alone is one part: on again, the English from its start
        assert [HAN.search(text) is not None for text in quotes(whole)] == [False, True]


async def test_a_result_opened_side_by_side_shows_the_part_that_holds_the_match(api, new_id):
    """The Chinese of a long turn is one part; under "EN + 中文" its English is two, and the
    match (有產生幻覺的傾向, "a tendency to hallucinate") is in the second."""
    chat = new_id()
    quote = await ask(api, "/quote scaling", chat_id=chat, language_code="zh-TW")
    await press(api, quote, button(quote, "EN + 中文"), user_id=chat, language_code="zh-TW")
    results = await ask(api, "/search 幻覺", chat_id=chat, language_code="zh-TW")
    assert "產生幻覺的傾向" in plain(results).split("\n2. ")[0]
    opened = await press(api, results, button(results, "1"), user_id=chat, language_code="zh-TW")
    english, _chinese = quotes(opened[1])
    assert "tendency to hallucinate" in english and "第 2 部分，共 2 部分" in plain(opened[1])


async def test_the_side_by_side_setting_survives_a_restart(tmp_path):
    async with BotApiStandIn() as api:
        bot = BotProcess(api, tmp_path)
        await bot.start()
        quote = await ask(api, "/quote scaling", chat_id=701)
        _, both = await press(api, quote, button(quote, "EN + 中文"), user_id=701)
        assert len(quotes(both)) == 2
        assert await bot.stop() == 0
        await bot.start()  # same database file
        assert len(quotes(await ask(api, "/quote hallucinate", chat_id=701))) == 2
        assert await bot.stop() == 0


@readers()
async def test_an_english_reader_is_not_shown_the_passages_only_in_the_chinese_article(
        api, new_id, language, code, article_words, machine_words, asked):
    chat = new_id()
    before = await ask(api, "/start turn_15", chat_id=chat, language_code=code)
    _, after = await press(api, before, button(before, AFTER[language]), user_id=chat, language_code=code)
    if language == "en":
        # Turn 15 is two parts: the note sits under the part that ends it, where the article's text follows.
        assert "Part 1 of 2" in plain(before) and "Just after this" not in plain(before)
        again = await ask(api, "/start turn_15", chat_id=chat, language_code=code)  # `before` now shows turn 18
        _, last_part = await press(api, again, button(again, "Part 2"), user_id=chat, language_code=code)
        assert "Just after this, the Chinese article has text the English transcript lacks" in plain(last_part)
        assert not HAN.search(quotes(after)[0]) and "feedback loop" in quotes(after)[0]  # turn 18, not 16
        assert "Just before this, the Chinese article has text" in plain(after)
        results = plain(await ask(api, "/search yann lecun world model", chat_id=chat))
        assert not HAN.search(results) and "Also matching: 2 more only in the Chinese article" in results
    else:
        assert "转写稿" not in plain(before) and "轉寫稿" not in plain(before)
        assert HAN.search(quotes(after)[0]) and "Ilya" not in plain(after).split("\n")[0]  # turn 16, the host's


def _bold(html: str) -> list[str]:
    text, entities = parse_message_text(html, "HTML")
    encoded = text.encode("utf-16-le")
    return [encoded[e["offset"] * 2:(e["offset"] + e["length"]) * 2].decode("utf-16-le")
            for e in entities if e["type"] == "bold"]


async def _inline_answer(api: BotApiStandIn, update_id: int) -> RecordedCall:
    query_id = api.injected_update(update_id)["inline_query"]["id"]
    return await api.wait_for("answerInlineQuery", lambda c: c.params.get("inline_query_id") == query_id)
