"""Rendering: valid Telegram HTML within limits, escaped fragments, long turns paged cleanly."""

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from bot.i18n import Html
from bot.keyboards import Button, Kind, decode, markup_json
from bot.limits import CALLBACK_DATA_BYTES, MESSAGE_CHARS
from bot.render import (
    TURN_PART_CHARS, interview_topics_header, render_inline_article, render_interview_list, render_language_prompt,
    render_no_results, render_quote_not_found, render_quote_said, render_result_list, render_turn, snippet,
)
from bot.text import split_text
from bot.storage.corpus import InterviewRecord, TurnRecord
from tests.e2e.standin import parse_message_text, validate_reply_markup

TURN = TurnRecord(
    id=42, ord=42, role="guest", speaker="Ilya Sutskever", en="Prediction is compression. <b>&",
    zh="预测就是压缩。", zh_source="article", topic_key="scaling", topic_en="Scaling <deep learning>",
    topic_zh="扩展与深度学习的突破", interview_id=1, interview_title="Eye on AI #118", interview_date="2023-03-14",
)


def telegram_accepts(reply) -> str:
    """The visible text Telegram would show; raises like Telegram on invalid HTML or markup."""
    plain, _ = parse_message_text(reply.text, "HTML")
    validate_reply_markup(markup_json(reply.buttons))
    return plain


def test_turn_is_escaped_and_attributed():
    plain = telegram_accepts(render_turn(TURN, text_language="en", ui_language="en", owner=7))
    assert "Prediction is compression. <b>&" in plain
    assert "— Ilya Sutskever · Eye on AI #118 · 2023-03-14" in plain
    assert "Scaling <deep learning>" in plain


def test_turn_buttons_carry_owner_and_flip_to_chinese():
    reply = render_turn(TURN, text_language="en", ui_language="zh-hant", owner=7)
    actions = [decode(b.callback) for row in reply.buttons for b in row if b.callback]
    assert all(a is not None and a.owner == 7 for a in actions)
    flips = [a for a in actions if a.kind is Kind.TURN and a.args[0] == "42"]
    assert flips and flips[0].args[1] == "zh-hant"
    shares = [b for row in reply.buttons for b in row if b.switch_inline]
    assert shares[0].switch_inline == "turn_42"


def test_a_passage_only_the_chinese_article_has_offers_no_english_to_its_chinese_reader():
    """Its English would only say there is none; its English reader still gets 中文 to read it."""
    article_only = replace(TURN, en="")
    def flips(language):
        reply = render_turn(article_only, text_language=language, ui_language=language, owner=7)
        return [b.text for row in reply.buttons for b in row if b.text in ("EN", "中文")]
    assert flips("zh-hans") == [] and flips("zh-hant") == []
    assert flips("en") == ["中文"]
    excerpt = render_excerpt(article_only, None, text_language="zh-hans", ui_language="zh-hans", owner=7)
    assert "EN" not in [b.text for row in excerpt.buttons for b in row]


def test_traditional_reply_is_converted():
    plain = telegram_accepts(render_turn(TURN, text_language="zh-hant", ui_language="zh-hant", owner=7))
    assert "預測就是壓縮" in plain and "擴展與深度學習的突破" in plain


def test_long_turn_is_split_into_parts_within_the_limit():
    long_turn = replace(TURN, en=" ".join(["This sentence is about scaling."] * 400))
    first = render_turn(long_turn, text_language="en", ui_language="en", owner=7)
    parts = split_text(long_turn.en, TURN_PART_CHARS)
    assert len(parts) > 1 and all(len(p) <= TURN_PART_CHARS for p in parts)
    assert " ".join(parts) == long_turn.en  # nothing lost at the cuts
    assert all(p.endswith(".") for p in parts[:-1])  # cut at sentence ends
    assert "Part 1 of" in telegram_accepts(first)
    last = render_turn(long_turn, text_language="en", ui_language="en", owner=7, part=len(parts) - 1)
    assert f"Part {len(parts)} of {len(parts)}" in telegram_accepts(last)


def test_snippet_highlights_the_span_in_traditional():
    text = snippet(TURN, "zh-hant", (4, 6))
    assert "<b>壓縮</b>" in text


def test_language_prompt_echoes_unknown_value_escaped():
    plain = telegram_accepts(render_language_prompt("en", 1, unknown_value="<i>fr"))
    assert "“<i>fr”" in plain


unicode_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=6000)


@settings(max_examples=60, deadline=None)
@given(en=unicode_text, zh=unicode_text, topic=st.text(max_size=300), language=st.sampled_from(["en", "zh-hans", "zh-hant"]))
def test_any_turn_renders_as_valid_telegram_html(en, zh, topic, language):
    record = replace(TURN, en=en, zh=zh or "预测", topic_en=topic or "t", topic_zh=topic or "话题")
    for part in (0, 1, 5):
        telegram_accepts(render_turn(record, text_language=language, ui_language=language, owner=1, part=part))
    article = render_inline_article(record, language, "QuoteBot")
    parse_message_text(article.text, "HTML")
    assert len(article.description) <= 160


@settings(max_examples=60, deadline=None)
@given(en=unicode_text, start=st.integers(-5, 7000), length=st.integers(0, 50),
       language=st.sampled_from(["en", "zh-hans", "zh-hant"]))
def test_any_snippet_is_valid_html(en, start, length, language):
    record = replace(TURN, en=en)
    parse_message_text(f"x {snippet(record, language, (start, start + length))}", "HTML")


# ----------------------------------------------------------------- excerpts

from bot.bilingual import pairs_of  # noqa: E402
from bot.limits import CALLBACK_DATA_BYTES, MESSAGE_CHARS  # noqa: E402
from bot.links import shared_passage  # noqa: E402
from bot.render import TurnContext, render_excerpt  # noqa: E402
from bot.text import Anchor  # noqa: E402

SENTENCE = "Sentence number {} says something about the weather and the sea. "
LONG = replace(TURN, id=11, en="".join(SENTENCE.format(n) for n in range(80)).strip() + " Scaling matters most.",
               zh="".join(f"第{n}句讲天气和大海。" for n in range(80)) + "扩展最重要。", zh_source="machine")
QUESTION = replace(TURN, id=10, role="host", speaker="Craig Smith",
                   en="I read your paper last week. Was that a parallel track of thinking, or did he influence you?",
                   zh="我上周读了你的论文。那是平行的思考，还是他影响了你？")
SCALING = (LONG.en.index("Scaling"), LONG.en.index("Scaling") + len("Scaling"))


def quoted(reply) -> str:
    """The text inside the reply's first blockquote, as shown."""
    return reply.text.split("<blockquote>")[1].split("</blockquote>")[0]


def test_an_excerpt_is_the_sentences_around_the_match_in_bold_with_a_button_to_the_whole_part():
    reply = render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en", owner=7)
    plain = telegram_accepts(reply)
    assert "<b>Scaling</b> matters most." in quoted(reply) and len(parse_message_text(quoted(reply), "HTML")[0]) <= 500
    assert "Sentence number 0 " not in plain  # not the turn's opening, which a whole-turn quote would start with
    actions = [decode(b.callback) for row in reply.buttons for b in row if b.callback]
    whole = next(a for a in actions if a.kind is Kind.TURN and a.args[0] == "11")
    assert int(whole.args[2]) > 0  # the part of the paged view that holds the match (not Part 1)
    share = next(b for row in reply.buttons for b in row if b.switch_inline)
    shared = shared_passage(share.switch_inline)
    assert (shared.turn_id, shared.text_language, shared.anchor) == (11, "en", Anchor("en", SCALING))


def test_the_question_line_never_quotes_a_sponsor_read_in_the_host_s_turn():
    read = ("This episode is brought to you by Sprig. Sprig helps product teams.\n"
            "Go to sprig.com/templates. That's S-P-R-I-G.com/templates.")
    host = replace(QUESTION, en=f"I love this topic.\n{read}\nWhat triggered your reevaluation of that path?")
    reply = render_turn(LONG, text_language="en", ui_language="en", owner=7, context=TurnContext(question=host))
    assert "Craig Smith asked: “I love this topic. What triggered your reevaluation of that path?”" in \
        telegram_accepts(reply).split("\n")
    only_a_read = TurnContext(question=replace(QUESTION, en=read))
    assert "asked" not in telegram_accepts(render_turn(LONG, text_language="en", ui_language="en", owner=7,
                                                        context=only_a_read))


@pytest.mark.parametrize(("language", "line"), [("en", "Craig Smith had said: “I still have a record of that.”"),
                                              ("zh-hans", "Craig Smith 说：“我还留着记录。”")])
def test_a_host_s_remark_before_an_answer_is_not_called_a_question(language, line):
    remark = replace(QUESTION, en="I still have a record of that.", zh="我还留着记录。")
    reply = render_turn(LONG, text_language=language, ui_language=language, owner=7, context=TurnContext(question=remark))
    assert line in telegram_accepts(reply).split("\n")
    # Its button too says what it opens: not "the question".
    labels = {b.text for row in reply.buttons for b in row}
    assert {"💬 The remark", "💬 前面的话"} & labels and not {"❓ The question", "❓ 提问"} & labels
    asked = render_turn(LONG, text_language=language, ui_language=language, owner=7, context=TurnContext(question=QUESTION))
    assert {"❓ The question", "❓ 提问"} & {b.text for row in asked.buttons for b in row}


def test_an_answer_shows_the_question_on_one_line_and_a_button_to_it():
    context = TurnContext(question=QUESTION)
    english = render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en", owner=7,
                             context=context)
    asked = "Craig Smith asked: “I read your paper last week. Was that a parallel track of thinking, or did he influence you?”"
    assert asked in telegram_accepts(english).split("\n")  # one line, the sentence before the question with it
    long_question = TurnContext(question=replace(QUESTION, en="Hm. " + "Very long preamble, " * 20 + "right?"))
    line = telegram_accepts(render_turn(LONG, text_language="en", ui_language="en", owner=7,
                                        context=long_question)).split("\n")[1]
    assert line.startswith("Craig Smith asked: “…Very long preamble") and line.endswith("right?”")  # what it asks
    assert len(line) < 140
    opens = [decode(b.callback) for row in english.buttons for b in row if b.callback and "question" in b.text]
    assert opens and opens[0].kind is Kind.OPEN and opens[0].args[:2] == ("10", "en")
    traditional = telegram_accepts(render_turn(LONG, text_language="zh-hant", ui_language="zh-hant", owner=7,
                                               context=context))
    assert "Craig Smith 問：「我上週讀了你的論文。那是平行的思考，還是他影響了你？」" in traditional


def test_chinese_says_what_it_is_machine_translation_or_the_articles_translator():
    machine = telegram_accepts(render_excerpt(LONG, None, text_language="zh-hans", ui_language="zh-hans", owner=7))
    assert machine.endswith("— Ilya Sutskever · Eye on AI #118 · 2023-03-14 · 机器翻译")
    article = render_turn(TURN, text_language="zh-hant", ui_language="zh-hant", owner=7,
                          context=TurnContext(article_credit="AI寒武纪"))
    assert telegram_accepts(article).endswith("· 譯文：AI寒武紀")
    english = telegram_accepts(render_turn(TURN, text_language="en", ui_language="en", owner=7,
                                           context=TurnContext(article_credit="AI寒武纪")))
    assert "AI寒武纪" not in english and "machine" not in english  # the English is neither


@pytest.mark.parametrize("language, asked", [("zh-hant", "Craig Smith 問："), ("en", "Craig Smith asked:")])
def test_both_languages_ask_the_question_in_the_readers_language(language, asked):
    context = TurnContext(question=QUESTION, pairs=pairs_of(LONG, (len(LONG.en.split()),)))
    for reply in (render_excerpt(LONG, Anchor("en", SCALING), text_language=language, ui_language=language, owner=7,
                                 context=context, both=True),
                  render_turn(LONG, text_language=language, ui_language=language, owner=7, context=context, both=True)):
        line = next(line for line in telegram_accepts(reply).split("\n") if line.startswith(asked))
        assert ("Was that a parallel track" in line) is (language == "en"), line
        assert ("那是平行的思考" in line) is (language != "en"), line


def test_a_quote_check_on_the_article_s_chinese_credits_its_translator():
    said = render_quote_said(TURN, None, text_language="zh-hans", ui_language="zh-hans", owner=7, reworded=False,
                             article_credit="AI寒武纪")
    assert telegram_accepts(said).split("\n")[-1].endswith("· 译文：AI寒武纪")  # not Ilya's own words
    english = render_quote_said(TURN, None, text_language="en", ui_language="en", owner=7, reworded=False,
                                article_credit="AI寒武纪")
    assert "AI寒武纪" not in telegram_accepts(english)


def test_both_languages_show_the_same_passage_english_first():
    context = TurnContext(pairs=pairs_of(LONG, (len(LONG.en.split()),)))
    reply = render_excerpt(LONG, Anchor("en", SCALING), text_language="zh-hant", ui_language="zh-hant", owner=7,
                           context=context, both=True)
    plain = telegram_accepts(reply)
    english, chinese = reply.text.split("</blockquote>")[:2]
    assert "<b>Scaling</b> matters most." in english and "擴展最重要。" in chinese
    assert plain.endswith("· 機器翻譯") and len(plain) < MESSAGE_CHARS
    labels = [b.text for row in reply.buttons for b in row]
    assert "✓ EN + 中文" in labels and "EN" not in labels  # nothing to flip to
    off = render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en", owner=7, context=context)
    toggle = next(decode(b.callback) for row in off.buttons for b in row if b.text == "EN + 中文")
    assert toggle.kind is Kind.BOTH and toggle.args[-1] == "1"
    assert render_excerpt(TURN, None, text_language="en", ui_language="en", owner=7).buttons  # one language: no toggle
    assert "EN + 中文" not in [b.text for row in render_excerpt(TURN, None, text_language="en", ui_language="en",
                                                                  owner=7).buttons for b in row]


def test_flipping_an_excerpt_shows_the_chinese_of_the_same_passage():
    context = TurnContext(pairs=pairs_of(LONG, (len(LONG.en.split()),)))
    english = render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en", owner=7,
                             context=context)
    flip = next(decode(b.callback) for row in english.buttons for b in row if b.text == "中文")
    assert flip.kind is Kind.EXCERPT and flip.args[1] == "zh-hans" and flip.args[2:] == ("e", *map(str, SCALING))
    chinese = render_excerpt(LONG, Anchor("en", SCALING), text_language="zh-hans", ui_language="en", owner=7,
                             context=context)
    assert "扩展最重要。" in quoted(chinese) and "第0句" not in quoted(chinese)
    assert telegram_accepts(chinese).endswith("· Chinese: machine translation")


def test_an_english_reader_is_told_where_passages_only_in_the_chinese_article_were_skipped():
    context = TurnContext(previous=9, next=14, skipped_after=True)
    plain = telegram_accepts(render_turn(TURN, text_language="en", ui_language="en", owner=7, context=context))
    assert "Just after this, the Chinese article has text the English transcript lacks" in plain
    reply = render_excerpt(TURN, None, text_language="en", ui_language="en", owner=7, context=context)
    after = next(decode(b.callback) for row in reply.buttons for b in row if b.text == "After ▶")
    assert after.args[0] == "14"
    chinese = telegram_accepts(render_turn(TURN, text_language="zh-hans", ui_language="zh-hans", owner=7,
                                           context=context))
    assert "转写稿" not in chinese  # a Chinese reader's order skips nothing


def test_an_inline_result_is_the_excerpt_that_matched_and_its_sentence():
    article = render_inline_article(LONG, "en", "QuoteBot", Anchor("en", SCALING))
    assert article.description == "Scaling matters most."
    assert "<b>Scaling</b> matters most." in article.text and len(article.text) < 700
    assert article.buttons[0][0].url == "https://t.me/QuoteBot?start=turn_11"  # the whole turn
    opening = render_inline_article(LONG, "en", None)
    assert opening.description.startswith("Sentence number 0 says") and opening.id == "11"


def test_the_largest_excerpt_buttons_fit_in_callback_data():
    huge = replace(LONG, id=999_999_999)
    reply = render_excerpt(huge, Anchor("zh", (99_998, 99_999)), text_language="zh-hant", ui_language="zh-hant",
                           owner=9_999_999_999_999_999_999, context=TurnContext(pairs=pairs_of(huge, (1,))))
    assert all(len(b.callback.encode()) <= CALLBACK_DATA_BYTES for row in reply.buttons for b in row if b.callback)


@settings(max_examples=40, deadline=None)
@given(en=unicode_text, zh=unicode_text, start=st.integers(0, 6000), length=st.integers(1, 40),
       language=st.sampled_from(["en", "zh-hans", "zh-hant"]), both=st.booleans())
def test_any_excerpt_renders_as_valid_telegram_html_within_limits(en, zh, start, length, language, both):
    record = replace(TURN, en=en, zh=zh or "预测", zh_source="machine")
    field = "en" if language == "en" and en else "zh"
    context = TurnContext(question=replace(QUESTION, en=en[:300]), pairs=pairs_of(record, (len(en.split()),)))
    reply = render_excerpt(record, Anchor(field, (start, start + length)), text_language=language,
                           ui_language=language, owner=1, context=context, both=both)
    assert len(telegram_accepts(reply)) < MESSAGE_CHARS


def test_a_short_answer_shown_whole_has_no_whole_passage_button():
    short = render_excerpt(TURN, None, text_language="en", ui_language="en", owner=7)
    assert "📖 Whole passage" not in [b.text for row in short.buttons for b in row]
    long = render_excerpt(LONG, None, text_language="en", ui_language="en", owner=7)
    assert "📖 Whole passage" in [b.text for row in long.buttons for b in row]


def test_the_chinese_only_notes_appear_only_where_the_excerpt_reaches_that_end_of_its_turn():
    context = TurnContext(previous=9, next=14, skipped_before=True, skipped_after=True)
    middle = LONG.en.index("Sentence number 40")
    plain = telegram_accepts(render_excerpt(LONG, Anchor("en", (middle, middle + 8)), text_language="en",
                                            ui_language="en", owner=7, context=context))
    assert "Just after this" not in plain and "Just before this" not in plain  # the middle of the turn
    last = telegram_accepts(render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en",
                                           owner=7, context=context))
    assert "Just after this" in last and "Just before this" not in last  # it ends the turn


def test_with_en_and_chinese_on_the_chinese_only_note_points_to_buttons_the_reply_has():
    context = TurnContext(previous=9, next=14, skipped_after=True, pairs=pairs_of(LONG, (len(LONG.en.split()),)))
    for reply in (render_excerpt(LONG, Anchor("en", SCALING), text_language="en", ui_language="en", owner=7,
                                 context=context, both=True),
                  render_turn(LONG, text_language="en", ui_language="en", owner=7, context=context, both=True,
                              part=len(split_text(LONG.en, TURN_PART_CHARS)) - 1)):
        labels = [b.text for row in reply.buttons for b in row]
        assert "中文" not in labels and "✓ EN + 中文" in labels
        assert "switch ✓ EN + 中文 off and tap 中文" in telegram_accepts(reply)


def test_the_chinese_only_notes_of_a_long_turn_appear_only_on_the_part_at_that_end():
    """"Just after this" under part 1 of 2 would point into part 2, not at the article's text."""
    context = TurnContext(previous=9, next=14, skipped_before=True, skipped_after=True)
    parts = len(split_text(LONG.en, TURN_PART_CHARS))
    first, last = (telegram_accepts(render_turn(LONG, text_language="en", ui_language="en", owner=7, part=part,
                                                context=context)) for part in (0, parts - 1))
    assert parts > 1
    assert "Just before this" in first and "Just after this" not in first
    assert "Just after this" in last and "Just before this" not in last


@pytest.mark.parametrize(("language", "one", "many"), [("en", "1 interview —", "1 interviews"),
                                                      ("zh-hans", "共 1 场访谈 — 点击浏览", "第 1 场"),
                                                      ("zh-hant", "共 1 場訪談 — 點選瀏覽", "第 1 場")])
def test_one_interview_or_topic_is_counted_in_the_singular(language, one, many):
    interview = InterviewRecord(1, "eye-on-ai-118", "Eye on AI #118", "2023-03-14", "Craig Smith", "Ilya Sutskever")
    listed = telegram_accepts(render_interview_list([interview], language, 7, first_number=1, total=1, paging=()))
    assert one in listed and many not in listed
    assert "1 topics" not in interview_topics_header(interview, 1, language)


def test_the_language_buttons_tick_the_language_in_use():
    labels = [b.text for row in render_language_prompt("zh-hant", 7).buttons for b in row]
    assert labels == ["English", "简体中文", "✓ 繁體中文"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_a_quotation_not_found_lists_the_passages_near_in_meaning_within_the_limits(language):
    """The closest passage, then more near in meaning, numbered, each with its own button; long
    turns and markup-like names stay escaped and the message within Telegram's limits."""
    huge = replace(TURN, en=" ".join(["Scaling <i>matters</i> & compression is prediction."] * 300),
                   zh="预测就是压缩。" * 600, speaker="Ilya <Sutskever> & co")
    also = [(replace(huge, id=43), (100, 150)), (replace(huge, id=44, role="host"), None)]
    reply = render_quote_not_found(Html("❌ Not found"), huge, (0, 40), text_language=language, ui_language=language,
                                   owner=7, search=None, also=also)
    plain = telegram_accepts(reply)
    assert len(plain) <= MESSAGE_CHARS and len(reply.text) <= MESSAGE_CHARS
    assert "\n1. Ilya <Sutskever> & co · " in plain and "\n2. Ilya <Sutskever> & co · " in plain
    numbered = reply.buttons[-1]
    assert [b.text for b in numbered] == ["1", "2"]
    assert [decode(b.callback).args[0] for b in numbered] == ["43", "44"]
    assert all(len(b.callback.encode()) <= CALLBACK_DATA_BYTES for row in reply.buttons for b in row if b.callback)


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_nothing_found_lists_the_passages_nearest_in_meaning_within_the_limits(language):
    """Nothing matches, then passages near in meaning with their buttons, under the suggestions'
    heading the suggestion buttons come first; every fragment escaped, within Telegram's limits."""
    huge = replace(TURN, en=" ".join(["Scaling <i>matters</i> & compression is prediction."] * 300),
                   zh="预测就是压缩。" * 600, speaker="Ilya <Sutskever> & co")
    near = [(replace(huge, id=43 + i), None) for i in range(3)]
    suggestion, topics = Button("<scaling> & co", callback="x"), Button("☰ Topics", callback="t")
    reply = render_no_results(language, Html("Nothing matches “&lt;b&gt;”."), [suggestion], topics, near=near, owner=7)
    plain = telegram_accepts(reply)
    assert len(reply.text) <= MESSAGE_CHARS and "Nothing matches “<b>”." in plain
    assert "\n3. Ilya <Sutskever> & co · " in plain
    assert [[b.text for b in row] for row in reply.buttons] == [["<scaling> & co"], ["1", "2", "3"], ["☰ Topics"]]
    with pytest.raises(ValueError):
        render_no_results(language, Html("x"), [], topics, near=near)


def test_a_passage_near_in_meaning_is_shown_around_its_span_with_nothing_in_bold():
    """Bold marks the words a query found; a passage only near in meaning has none, and its span
    (the passage nearest, several sentences) in bold would be a wall of it."""
    words, near = replace(TURN, id=50), replace(TURN, id=51)
    span = (0, len(TURN.en.split(".")[0]))
    reply = render_result_list(Html("Results"), [words, near], [span, span], language="en", owner=7, first_number=1,
                               paging=(), near_only=[False, True])
    found, nearby = reply.text.split("\n\n")[1:3]
    assert "<b>" + TURN.en.split(".")[0] in found
    assert TURN.en.split(".")[0] in nearby and nearby.count("<b>") == 1  # the heading's alone
    listed = render_no_results("en", Html("Nothing matches."), [], Button("☰ Topics", callback="t"),
                               near=[(near, span)], owner=7)
    assert "\nPrediction is compression." in listed.text and "<b>Prediction" not in listed.text


def test_the_whole_passage_in_both_languages_shows_each_parts_chinese_under_it():
    context = TurnContext(pairs=pairs_of(LONG, (len(LONG.en.split()),)))
    parts = len(split_text(LONG.en, TURN_PART_CHARS))
    assert parts > 1
    for part in range(parts):
        reply = render_turn(LONG, text_language="zh-hant", ui_language="zh-hant", owner=7, part=part,
                            context=context, both=True)
        plain = telegram_accepts(reply)
        english, chinese = reply.text.split("</blockquote>")[:2]
        numbers = [int(n.split(" ")[0]) for n in english.split("Sentence number ")[1:]]
        assert [int(n.split("句")[0]) for n in chinese.split("第")[1:]] == numbers  # the same stretch
        assert ("Scaling matters most." in english) == ("擴展最重要。" in chinese)  # in the reader's script
        assert len(plain) < MESSAGE_CHARS and plain.endswith("· 機器翻譯")
        labels = {b.text: decode(b.callback) for row in reply.buttons for b in row if b.callback}
        assert labels["✓ EN + 中文"].kind is Kind.TURN_BOTH
        # Off again: the reader's Chinese, whose one part holds every part's translation.
        assert labels["✓ EN + 中文"].args == ("11", "zh-hant", "0", "0")
        assert "EN" not in labels and "中文" not in labels  # nothing to flip to
    one = render_turn(LONG, text_language="en", ui_language="en", owner=7, part=1, context=context)
    labels = {b.text: decode(b.callback) for row in one.buttons for b in row if b.callback}
    assert labels["EN + 中文"].args == ("11", "en", "1", "1") and "中文" in labels  # an English reader's same part
    on = render_turn(LONG, text_language="en", ui_language="en", owner=7, part=1, context=context, both=True)
    assert {b.text: decode(b.callback) for row in on.buttons for b in row}["✓ EN + 中文"].args == ("11", "en", "1", "0")
    assert one.text.count("<blockquote>") == 1
    no_pairs = render_turn(TURN, text_language="en", ui_language="en", owner=7, both=True)
    assert no_pairs.text.count("<blockquote>") == 1  # one language: no toggle, no second quote
    assert "EN + 中文" not in [b.text for row in no_pairs.buttons for b in row]
