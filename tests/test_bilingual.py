"""The same passage in the other language: paragraph pairs for machine Chinese, whole turns for the article."""

from dataclasses import replace

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
    start = EN.index(words)
    read = sentence_excerpt(EN, (start, start + len(words)), max_chars=len(words) + 2, max_sentences=1)
    return pairs.chinese_of((read.start, read.end), max_chars=chars).plain()


def test_machine_chinese_is_aligned_paragraph_by_paragraph_through_the_transcript_lines():
    pairs = pairs_of(TURN, (6, 5))
    assert len(pairs.pairs) == 2
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
    assert len(pairs.pairs) == 1
    assert _chinese_of(pairs, "They remain hard.") == "后来出现了幻觉，它们仍然很难。"


def test_a_turn_in_one_language_has_no_pairs():
    assert pairs_of(replace(TURN, en=""), ()) is None
    assert pairs_of(replace(TURN, zh=""), (6, 5)) is None


def test_the_other_language_stays_within_its_length():
    long = replace(TURN, zh="，".join(["我们训练了更大的模型"] * 30) + "。\n然后出现了幻觉。")
    assert len(_chinese_of(pairs_of(long, (6, 5)), "Scaling works.", chars=40)) <= 41
