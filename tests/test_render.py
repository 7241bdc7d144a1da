"""Rendering: valid Telegram HTML within limits, escaped fragments, long turns paged cleanly."""

from dataclasses import replace

from hypothesis import given, settings, strategies as st

from bot.keyboards import Kind, decode, markup_json
from bot.render import TURN_PART_CHARS, render_inline_article, render_language_prompt, render_turn, snippet
from bot.text import split_text
from bot.storage.corpus import TurnRecord
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
