"""A bad entry in a reviewed layer (edition.toml, zh_corrections.toml) is a one-line `SeedError`
naming the file and the entry's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import load_seeds
from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_text

SLUG = "eye-on-ai-118"


def load_error(seeds: Path) -> SeedError:
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds)
    assert "\n" not in str(caught.value)
    return caught.value


def edit(path: Path, old: str, new: str) -> int:
    """Replace the one `old` in `path`; return the line it was on."""
    text = read_seed_text(path)
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def header_line(path: Path, marker: str) -> int:
    """The `[[...]]` header line of the table holding `marker`."""
    lines = read_seed_text(path).split("\n")
    at = next(n for n, line in enumerate(lines) if marker in line)
    return next(n for n in range(at, -1, -1) if lines[n].startswith("[[")) + 1


@pytest.fixture
def edition(seeds_copy: Path) -> Path:
    return seeds_copy / SLUG / "edition.toml"


@pytest.fixture
def zh_corrections(seeds_copy: Path) -> Path:
    return seeds_copy / SLUG / "zh_corrections.toml"


def test_both_layers_are_optional(seeds_copy, edition, zh_corrections):
    edition.unlink()
    zh_corrections.unlink()
    (seeds_copy / SLUG / "featured.toml").unlink()  # its excerpts quote the reviewed text (tests/corpus/test_featured.py)
    (interview,) = load_seeds(seeds_copy)
    hire = next(t for t in interview.turns if "higher people" in t.en_verbatim)
    assert "higher people" in hire.en and hire.zh == hire.zh_machine  # the transcript (glossed) as it is


def test_a_correction_whose_verbatim_is_not_in_the_turn(seeds_copy, edition):
    line = edit(edition, 'verbatim = "higher people"', 'verbatim = "highest people"')
    error = load_error(seeds_copy)
    assert (error.path, error.line) == (edition, line)
    assert "turn 19: correction verbatim 'highest people' is not in the turn's transcript text" in str(error)
    assert str(error).startswith(f"{edition}:{line}: ")


def test_a_correction_whose_verbatim_is_ambiguous(seeds_copy, edition):
    line = edit(edition, 'verbatim = "higher people"', 'verbatim = "to teach"')
    error = load_error(seeds_copy)
    assert error.line == line and "'to teach' occurs 3 times in the turn's" in str(error) and "; give more words" in str(error)


def test_an_unlisted_word_change_names_the_turn_and_the_words(seeds_copy, edition):
    edit(edition, "issues, and\nwe'll see, but", "issues, and\nwe'll know, but")
    error = load_error(seeds_copy)
    assert error.line == header_line(edition, "we'll know, but")
    assert "turn 19: after \"bigger issues and we'll\" the edition has 'know' where the transcript has 'see'" \
        in str(error)


def test_a_dropped_word_is_caught_too(seeds_copy, edition):
    edit(edition, "it infers: oh, that's", "it infers: that's")
    assert "the edition has '' where the transcript has 'oh'" in str(load_error(seeds_copy))


def test_punctuation_and_capitals_need_no_correction(seeds_copy, edition):
    line = edit(edition, 'verbatim = "want sold", edited = "want solved"', 'verbatim = "want sold", edited = "Want, sold"')
    error = load_error(seeds_copy)
    assert error.line == line and "correction 'want sold' -> 'Want, sold' changes no words" in str(error)


def test_a_correction_without_a_reason(seeds_copy, edition):
    line = edit(edition, 'edited = "want solved", reason = "', 'edited = "want solved", why = "')
    error = load_error(seeds_copy)
    assert error.line == line and "unknown keys ['why']" in str(error)


def test_an_edition_for_a_turn_without_english(seeds_copy, edition):
    line = edit(edition, "[[turn]]\nturn = 18\n", "[[turn]]\nturn = 16\n")
    error = load_error(seeds_copy)
    assert error.line == line and "turn 16: no such turn with English" in str(error)


def test_a_turn_edited_twice(seeds_copy, edition):
    edit(edition, "[[turn]]\nturn = 18\n", "[[turn]]\nturn = 19\n")
    lines = read_seed_text(edition).split("\n")
    second = [n for n, line in enumerate(lines, start=1) if line == "turn = 19"][1] - 1
    error = load_error(seeds_copy)
    assert error.line == second and "turn 19 is edited twice" in str(error)


def test_a_zh_correction_not_in_the_machine_chinese(seeds_copy, zh_corrections):
    edit(zh_corrections, 'machine = "让更高级的人教导"', 'machine = "让更高级的人来教导"')
    error = load_error(seeds_copy)
    assert error.path == zh_corrections and error.line == header_line(zh_corrections, "让更高级的人来教导")
    assert "turn 19: '让更高级的人来教导' is not in the turn's machine Chinese" in str(error)


def test_a_zh_correction_of_a_turn_that_shows_the_article(seeds_copy, zh_corrections):
    edit(zh_corrections, 'turn = 14\nmachine = "确实。"', 'turn = 13\nmachine = "确实。"')
    error = load_error(seeds_copy)
    assert error.line == header_line(zh_corrections, 'machine = "确实。"')
    assert "turn 13 shows the article's Chinese" in str(error)


def test_a_zh_correction_that_changes_nothing(seeds_copy, zh_corrections):
    edit(zh_corrections, 'fixed = "当然。"', 'fixed = "确实。"')
    error = load_error(seeds_copy)
    assert error.line == header_line(zh_corrections, 'machine = "确实。"') and "fixed equals machine" in str(error)


def test_overlapping_zh_corrections(seeds_copy, zh_corrections):
    text = read_seed_text(zh_corrections)
    zh_corrections.write_text(text + '\n[[correction]]\nturn = 19\nmachine = "更高级的人"\nfixed = "雇员"\n'
                              'reason = "meaning: test"\n', encoding="utf-8")
    error = load_error(seeds_copy)
    assert "turn 19: '更高级的人' overlaps an earlier correction" in str(error)
    assert error.line == len(text.split("\n")) + 1
