"""The same passage in the other language: paragraph pairs for machine Chinese, whole turns for the article."""

import re
from dataclasses import replace

import pytest

from bot.bilingual import pairs_of
from bot.storage.corpus import TurnRecord
from bot.text import sentence_excerpt

# Two transcript lines of 6 and 5 words; the edition joined them into one paragraph and
# punctuated them, so its paragraphs say nothing about where the lines were.
EN = "Scaling works. We trained bigger ones. Then hallucinations came. They remain hard."
ZH = "扩展有效。我们训练了更大的模型。\n然后出现了幻觉。它们仍然很难。"
TURN = TurnRecord(id=1, ord=1, role="guest", speaker="Ilya Sutskever", en=EN, zh=ZH, zh_source="machine",
                  topic_key="t", topic_en="T", topic_zh="话题", interview_id=1, interview_title="Test",
                  interview_date="2023-03-14")


def _chinese_of(pairs, words: str, chars: int = 200) -> str:
    start = pairs.en.index(words)
    read = sentence_excerpt(pairs.en, (start, start + len(words)), max_chars=len(words) + 2, max_sentences=1)
    return pairs.chinese_of((read.start, read.end), max_chars=chars).plain()


def test_machine_chinese_is_aligned_paragraph_by_paragraph_through_the_transcript_lines():
    pairs = pairs_of(TURN, (6, 5))
    assert _chinese_of(pairs, "Then hallucinations came.") == "然后出现了幻觉。"
    assert _chinese_of(pairs, "Scaling works.") == "扩展有效。"
    assert _chinese_of(pairs, "They remain hard.") == "它们仍然很难。"


def test_back_from_the_chinese_to_the_english():
    pairs = pairs_of(TURN, (6, 5))
    start = ZH.index("然后")
    assert pairs.english_of((start, start + 8), max_chars=200).plain() == "Then hallucinations came."


def test_an_article_turn_is_aligned_as_a_whole():
    article = replace(TURN, zh="扩展有效，我们训练了更大的模型。后来出现了幻觉，它们仍然很难。", zh_source="article")
    pairs = pairs_of(article, (6, 5))
    assert _chinese_of(pairs, "They remain hard.") == "…它们仍然很难。"  # the clause that says it


def test_a_turn_in_one_language_has_no_pairs():
    assert pairs_of(replace(TURN, en=""), ()) is None
    assert pairs_of(replace(TURN, zh=""), (6, 5)) is None


# The article turn of the Democracy quote, shortened: its translation joins "I could imagine that
# happening." to the sentence before it, and says the long first sentence in fewer characters.
DEMOCRACY_EN = ("I think that, to the question of democracy, one thing which I think could happen is that, "
                "because you have these neural nets, the citizens of a country provide some information to the "
                "neural net about how they'd like it to behave. I could imagine that happening. That can be a "
                "high-bandwidth form of democracy. Now, it opens a whole lot of questions.")
DEMOCRACY_ZH = ("我认为对于民主的问题，未来可能会发生的一件事是，由于你有这些神经网络，国家的公民向神经网络提供一些"
                "信息，他们希望它如何行动，我能够想象这种情况发生，这可能会成为一种高带宽的民主形式。这就开启了一系列的问题。")
DEMOCRACY = replace(TURN, en=DEMOCRACY_EN, zh=DEMOCRACY_ZH, zh_source="article")


def test_the_chinese_of_an_excerpt_covers_all_its_sentences_where_the_translation_joined_them():
    pairs = pairs_of(DEMOCRACY, ())
    assert _chinese_of(pairs, "I could imagine that happening. That can be a high-bandwidth form of democracy. "
                              "Now, it opens a whole lot of questions.") == \
        "…我能够想象这种情况发生，这可能会成为一种高带宽的民主形式。这就开启了一系列的问题。"
    assert _chinese_of(pairs, "Now, it opens a whole lot of questions.") == "这就开启了一系列的问题。"


def test_back_from_a_chinese_excerpt_too_long_for_the_english_keeps_the_matched_words():
    pairs = pairs_of(DEMOCRACY, ())
    matched = DEMOCRACY_ZH.index("高带宽")
    english = pairs.english_of((0, len(DEMOCRACY_ZH)), max_chars=120, keep=(matched, matched + 3)).plain()
    assert "high-bandwidth form of democracy." in english and len(english) <= 121


def test_the_other_language_stays_within_its_length():
    long = replace(TURN, zh="，".join(["我们训练了更大的模型"] * 30) + "。\n然后出现了幻觉。")
    assert len(_chinese_of(pairs_of(long, (6, 5)), "Scaling works.", chars=40)) <= 41


def test_a_flipped_excerpt_keeps_the_matched_words_as_a_reader_sees_it():
    from bot.render import passage
    from bot.text import Anchor

    matched = DEMOCRACY_ZH.index("高带宽")
    shown = passage(DEMOCRACY, "en", Anchor("zh", (matched, matched + 3)), chars={"en": 120, "zh": 200},
                    pairs=pairs_of(DEMOCRACY, ()))
    assert "high-bandwidth form of democracy." in shown.plain()


@pytest.mark.parametrize(("turn_order", "english", "chinese"), [
    (37, "I could imagine that happening.", "…我能够想象这种情况发生，这可能会成为"),  # the Democracy quote
    (19, "But indeed, what you described", "但确实您所描述的就是教学的方式。"),
    (15, "And I have a view that differs from this.", "而我有一个与此不同的观点。"),
])
def test_the_chinese_shown_covers_the_first_english_sentence_of_the_interviews_excerpts(turn_order, english, chinese):
    from tests.corpus.conftest import SEEDS, SLUG
    from bot.corpus import load_seeds
    from bot.text import chinese_punctuation

    (interview,) = [i for i in load_seeds(SEEDS) if i.slug == SLUG]
    turn = next(t for t in interview.turns if t.order == turn_order)
    words = tuple(len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", line)) for line in turn.en_verbatim.split("\n"))
    pairs = pairs_of(replace(TURN, en=turn.en, zh=turn.zh, zh_source=turn.zh_source), words)
    start = turn.en.index(english)
    read = sentence_excerpt(turn.en, (start, start + len(english)), max_chars=500)
    shown = pairs.chinese_of((read.start, read.end), max_chars=200).plain()
    assert chinese in shown and chinese_punctuation(turn.zh).count(shown.strip("…")[:8]) == 1


def test_words_matched_in_one_language_are_shown_in_the_other_as_the_clauses_that_translate_them():
    pairs = pairs_of(TURN, (6, 5))
    start = ZH.index("幻觉")
    said = pairs.said_in_other((start, start + 2), in_english=False)
    assert said is not None and EN[said[0]:said[1]].strip() == "Then hallucinations came."
    start = EN.index("bigger")
    said = pairs.said_in_other((start, start + 6), in_english=True)
    assert said is not None and ZH[said[0]:said[1]].strip() == "我们训练了更大的模型。"
