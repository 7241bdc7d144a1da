"""The reviewed featured excerpts (seeds/eye-on-ai-118/featured.toml): 15–25 of them, in both
languages, each word for word in its turn's displayed text.

The expected side is read here with tomllib and compared with plain string handling, so a
reviewer's edit of the edition or of a Chinese correction that breaks an excerpt fails here
(and at load, with a SeedError naming the entry).
"""

from __future__ import annotations

import re
import tomllib

import pytest

from bot.corpus import load_seeds
from bot.corpus.errors import SeedError
from tests.corpus.conftest import INTERVIEW_DIR, SLUG

FEATURED = tomllib.loads((INTERVIEW_DIR / "featured.toml").read_text(encoding="utf-8"))["excerpt"]
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")


def test_there_are_fifteen_to_twenty_five_excerpts_in_both_languages():
    assert 15 <= len(FEATURED) <= 25
    for entry in FEATURED:
        assert set(entry) <= {"turn", "en", "zh", "note"}
        assert entry["en"].strip() and re.search(r"[\u4e00-\u9fff]", entry["zh"]), entry
        assert not re.search(r"[\u4e00-\u9fff]", entry["en"]), entry  # English is English


def test_every_excerpt_is_word_for_word_in_its_turns_displayed_text(interview):
    turns = {turn.order: turn for turn in interview.turns}
    for entry in FEATURED:
        turn = turns[entry["turn"]]
        assert turn.en.count(entry["en"]) == 1, (entry["turn"], entry["en"][:60])  # the edition, shown
        assert turn.zh.count(entry["zh"]) == 1, (entry["turn"], entry["zh"][:30])  # the Chinese shown


def test_excerpts_are_short_quotes_of_the_guest(interview):
    turns = {turn.order: turn for turn in interview.turns}
    for entry in FEATURED:
        assert turns[entry["turn"]].role == "guest", entry["turn"]
        assert len(entry["en"]) <= 400 and len(entry["zh"]) <= 400, entry["turn"]
        assert 1 <= len(_SENTENCE_END.findall(entry["en"])) <= 3, entry["en"]  # one to three sentences
    assert len({(e["turn"], e["en"]) for e in FEATURED}) == len(FEATURED)  # none twice


def test_the_loader_keeps_each_excerpt_as_spans_of_its_turn(interview):
    turns = {turn.order: turn for turn in interview.turns}
    assert len(interview.featured) == len(FEATURED)
    for excerpt, entry in zip(interview.featured, FEATURED):
        turn = turns[excerpt.turn]
        assert turn.en[slice(*excerpt.en)] == entry["en"]
        assert turn.zh[slice(*excerpt.zh)] == entry["zh"]


def _rewrite(seeds_copy, old: str, new: str, file: str = "featured.toml") -> None:
    path = seeds_copy / SLUG / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edition_edit_that_breaks_an_excerpt_is_caught(seeds_copy):
    # A reviewer re-punctuates the edition of turn 23 (same words): the excerpt no longer stands there.
    _rewrite(seeds_copy, "life is a sequence of bits. Now,", "life is a sequence of bits; now,", "edition.toml")
    with pytest.raises(SeedError, match=r"featured\.toml:\d+: turn 23: en 'Define language, though\?.*is not in "
                                        r"the turn's displayed English"):
        load_seeds(seeds_copy)


def test_an_excerpt_not_in_its_turn_names_the_file_line_and_turn(seeds_copy):
    _rewrite(seeds_copy, 'zh = "我只觉得AI是一个无望的领域。', 'zh = "我只觉得AI是一个没有希望的领域。')
    with pytest.raises(SeedError, match=r"featured\.toml:2\d: turn 5: zh '我只觉得AI是一个没有希望的领域.*is not in"):
        load_seeds(seeds_copy)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("turn = 3\n", "turn = 16\n", "turn 16: no such turn with English and Chinese"),  # article-only: no English
    ('en = "Today we take', 'en = " Today we take', "en starts or ends with white space"),
    ('en = "Today we take it for granted that computers can learn, but',
     'en = "' + "x" * 400 + ' Today we take it for granted that computers can learn, but', "at most 400"),
    ('zh = "今天我们理所当然地认为计算机可以学习，但在2003年我们理所当然地认为计算机无法学习。"',
     'zh = "学习"', "occurs 6 times in the turn's displayed Chinese; give more words"),
    ("turn = 3\n", "turn = 3\ncolour = 1\n", "unknown keys \\['colour'\\]"),
])
def test_a_broken_entry_is_a_seed_error(seeds_copy, old, new, message):
    _rewrite(seeds_copy, old, new)
    with pytest.raises(SeedError, match=message):
        load_seeds(seeds_copy)


def test_the_same_excerpt_twice_is_an_error(seeds_copy):
    path = seeds_copy / SLUG / "featured.toml"
    first = re.split(r"^\[\[excerpt\]\]$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1]
    path.write_text(path.read_text(encoding="utf-8") + "\n[[excerpt]]" + first, encoding="utf-8")
    with pytest.raises(SeedError, match="turn 3: this excerpt is listed twice"):
        load_seeds(seeds_copy)


def test_without_a_featured_file_the_interview_has_none(seeds_copy):
    (seeds_copy / SLUG / "featured.toml").unlink()
    (interview,) = load_seeds(seeds_copy)
    assert interview.featured == ()


# ----------------------------------------------------------------- featured excerpts as readers see them

from bot.bilingual import pairs_of  # noqa: E402
from bot.render import QUOTE_EXCERPT_CHARS, TurnContext, render_excerpt  # noqa: E402
from bot.storage.corpus import TurnRecord  # noqa: E402
from bot.text import Anchor, chinese_punctuation, sentence_excerpt  # noqa: E402
from tests.e2e.standin import parse_message_text  # noqa: E402

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # as bot.bilingual counts a transcript line's words
_MID_SENTENCE = tuple("，、：；,;:—")  # a cut the reader is shown ends in "…" instead
# Turn 21's machine Chinese says the two clauses before the excerpt in one ("了解网络如何看待某个
# 概念。"): aligned by length, its clauses stay one off there, and the Chinese shown starts a
# clause late ("…橙色比紫色更接近红色。…").
_ALIGNED_ONE_CLAUSE_OFF = {21}


def _shown(turn, excerpt):
    """The turn as the bot holds it, and its English and Chinese aligned."""
    record = TurnRecord(id=turn.order, ord=turn.order, role=turn.role, speaker=turn.speaker, en=turn.en,
                        zh=turn.zh, zh_source=turn.zh_source, topic_key=turn.topic_key, topic_en="T",
                        topic_zh="话题", interview_id=1, interview_title="Eye on AI #118", interview_date="")
    return record, pairs_of(record, tuple(len(_WORDS.findall(line)) for line in turn.en_verbatim.split("\n")))


def _quotes(record, pairs, anchor, language, both=False):
    reply = render_excerpt(record, anchor, text_language=language, ui_language=language, owner=1,
                           context=TurnContext(pairs=pairs), both=both)
    return [parse_message_text(q, "HTML")[0] for q in re.findall(r"<blockquote>(.*?)</blockquote>", reply.text, re.S)]


def test_no_featured_excerpt_as_shown_ends_mid_sentence(interview):
    turns = {turn.order: turn for turn in interview.turns}
    for excerpt in interview.featured:
        record, pairs = _shown(turns[excerpt.turn], excerpt)
        views = [_quotes(record, pairs, Anchor("en", excerpt.en), "en"),  # /quote, 🔀 Another
                 _quotes(record, pairs, Anchor("zh", excerpt.zh), "zh-hans"),
                 _quotes(record, pairs, Anchor("zh", excerpt.zh), "zh-hant"),
                 _quotes(record, pairs, Anchor("en", excerpt.en), "zh-hant", both=True),  # EN + 中文
                 _quotes(record, pairs, Anchor("en", excerpt.en), "zh-hans")]  # an English reader's 中文
        for shown in (quote for view in views for quote in view):
            assert not shown.rstrip().endswith(_MID_SENTENCE), (excerpt.turn, shown[-40:])


def test_the_other_language_of_a_featured_excerpt_holds_its_reviewed_translation(interview):
    """中文 / EN + 中文 on a featured English excerpt shows (at least) the reviewed Chinese of it,
    and EN on the Chinese one the reviewed English: the alignment finds the same passage."""
    turns = {turn.order: turn for turn in interview.turns}
    for excerpt in interview.featured:
        turn = turns[excerpt.turn]
        record, pairs = _shown(turn, excerpt)
        zh = chinese_punctuation(turn.zh)
        read = sentence_excerpt(turn.en, excerpt.en, max_chars=QUOTE_EXCERPT_CHARS["en"])
        chinese = pairs.chinese_of((read.start, read.end), max_chars=QUOTE_EXCERPT_CHARS["zh"], keep=excerpt.en)
        if excerpt.turn not in _ALIGNED_ONE_CLAUSE_OFF:
            assert zh[slice(*excerpt.zh)] in chinese.plain(), (excerpt.turn, chinese.plain())
        read = sentence_excerpt(zh, excerpt.zh, max_chars=QUOTE_EXCERPT_CHARS["zh"])
        english = pairs.english_of((read.start, read.end), max_chars=QUOTE_EXCERPT_CHARS["en"], keep=excerpt.zh)
        assert turn.en[slice(*excerpt.en)] in english.plain(), (excerpt.turn, english.plain())
