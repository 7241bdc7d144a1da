"""The readable English edition keeps the spoken words: it differs only in punctuation, capitals
and paragraphs, and at corrections that say why.

The expected side is computed here with plain code (a word diff), not with the loader's check,
so a loader bug cannot hide behind itself.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from bot.corpus.glossary import load_glossary
from bot.search.index import normalize_turn
from bot.search.normalize import english_terms, fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
INTERVIEW_DIR = SEEDS / "eye-on-ai-118"
EDITION = tomllib.loads((INTERVIEW_DIR / "edition.toml").read_text(encoding="utf-8"))
ENTRIES = {entry["turn"]: entry for entry in EDITION["turn"]}
GLOSSARY = load_glossary(SEEDS / "glossary.toml")
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")

# The sources as copied: every edit lives in a reviewed layer, never in these files.
SOURCE_SHA256 = {
    "transcript.txt": "ae455c5133b03136c5ccda276be797d41965be6a7b3a833ebbfd73fb13ec984f",
    "article.md": "48c40b95d5338617590b252876a717815e4308725576df4d320ca7be64611c89",
}


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text.replace("’", "'"))]


def glossed(turn) -> str:
    """The transcript's words with the glossary applied: what the edition starts from."""
    return GLOSSARY.apply(turn.en_verbatim, "en")


def word_span(text: str, phrase: str) -> tuple[int, int]:
    """Word positions of `phrase` in `text` (it must be there exactly once)."""
    haystack, needle = words(text), words(phrase)
    starts = [i for i in range(len(haystack) - len(needle) + 1) if haystack[i:i + len(needle)] == needle]
    assert len(starts) == 1, (phrase, starts)
    return starts[0], starts[0] + len(needle)


@pytest.mark.parametrize("name", sorted(SOURCE_SHA256))
def test_the_source_files_are_byte_identical_to_the_copies(name):
    assert hashlib.sha256((INTERVIEW_DIR / name).read_bytes()).hexdigest() == SOURCE_SHA256[name]


def test_every_turn_with_english_shows_its_edition(interview):
    with_english = [t.order for t in interview.turns if t.en_verbatim]
    assert sorted(ENTRIES) == with_english
    for turn in interview.turns:
        if turn.order in ENTRIES:
            paragraphs = re.split(r"\n\s*\n", ENTRIES[turn.order]["en"].strip())
            assert turn.en.split("\n") == [" ".join(p.split()) for p in paragraphs]


def test_the_edition_keeps_the_spoken_words_except_at_listed_corrections(interview):
    """Lower-cased, without punctuation: edition words == glossed transcript words, corrections made."""
    for turn in interview.turns:
        if not turn.en_verbatim:
            continue
        expected = words(glossed(turn))
        spans = [(word_span(glossed(turn), c["verbatim"]), c) for c in ENTRIES[turn.order].get("corrections", [])]
        for (start, end), correction in sorted(spans, key=lambda item: item[0], reverse=True):
            expected[start:end] = words(correction["edited"])
        assert words(turn.en) == expected, (turn.order, first_difference(words(turn.en), expected))


def first_difference(got: list[str], want: list[str]) -> str:
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if op != "equal":
            return f"transcript {want[max(0, i1 - 3):i2]} -> edition {got[max(0, j1 - 3):j2]}"
    return ""


def test_every_correction_says_why_and_changes_words():
    corrections = [c for entry in ENTRIES.values() for c in entry.get("corrections", [])]
    assert corrections
    for c in corrections:
        assert set(c) == {"verbatim", "edited", "reason"}
        assert words(c["verbatim"]) != words(c["edited"])
        assert re.match(r"(misheard|spelling)\b", c["reason"]), c
    # Conservative: a handful per long answer at most, none in most turns.
    assert len(corrections) <= 40
    assert sum(1 for entry in ENTRIES.values() if entry.get("corrections")) <= 20


def test_the_displayed_english_has_sentences_and_capitals(interview):
    for turn in interview.turns:
        for paragraph in filter(None, turn.en.split("\n")):
            assert paragraph[0].isupper() or paragraph[0] == '"', (turn.order, paragraph[:40])
            assert paragraph[-1] in ".?!:", (turn.order, paragraph[-40:])
            # A sentence starts with a capital ("..." marks a restart inside one, not an end).
            for match in re.finditer(r"(?<!\.\.)[.?!] +(\S)", paragraph):
                assert match[1][0].isupper() or match[1][0] in '"0123456789', (turn.order, paragraph[match.start() - 30:match.end()])
            assert not re.search(r"\bi\b|\bi'", paragraph), (turn.order, "lower-case I")
            # Long runs without any punctuation mean the transcript was left as it is.
            assert max(len(run.split()) for run in re.split(r"[,.;:?!—]", paragraph)) <= 45, turn.order


def test_known_mishearings_are_corrected_and_the_transcript_keeps_them(interview):
    def turn_with(words_: str):
        (found,) = [t for t in interview.turns if words_ in t.en_verbatim]
        return found

    cases = [
        ("over a state's case", "overstates its case"),
        ("higher people", "hire people"),
        ("as a teenage I'm a family", "as a teenager, my family"),
        ("the fine language though", "Define language, though?"),
        ("Recall it reinforcement learning", "We call it reinforcement learning"),
    ]
    for heard, shown in cases:
        turn = turn_with(heard)
        assert shown in turn.en and heard not in turn.en, (heard, turn.order)
    assert "Prediction is compression." in turn_with("prediction is compression").en
    assert "the bitter lesson, as articulated" in turn_with("the bitter lesson").en


def test_search_still_indexes_the_misheard_spellings(interview):
    """normalize_turn keeps verbatim words the edition changed (en_alt), so typed mishearings match."""
    turn = next(t for t in interview.turns if "higher people" in t.en_verbatim)
    row = normalize_turn(turn.order, turn.en, turn.en_verbatim, turn.zh, turn.zh_machine)
    (higher,) = english_terms(fold("higher"), with_joined=False)
    (hire,) = english_terms(fold("hire"), with_joined=False)
    assert hire in row.en.split() and higher in row.en_alt.split()
