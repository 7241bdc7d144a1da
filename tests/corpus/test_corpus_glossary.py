"""The glossary changes displayed text only where an entry says so, and every entry is used."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from bot.corpus import load_seeds
from bot.corpus.errors import SeedError
from bot.corpus.glossary import Entry, Glossary, load_glossary

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GLOSSARY = load_glossary(SEEDS / "glossary.toml")


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(needle)
    while at != -1:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return spans


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """[start, end) lies inside one span (an insertion point may touch its edges)."""
    return any(a <= start and end <= b for a, b in spans)


def unexplained_changes(verbatim: str, displayed: str, entries: list[Entry]) -> list[str]:
    """Every differing span must sit inside a `heard` in the verbatim text and a `fix` in the displayed."""
    heard = [span for e in entries for span in occurrences(verbatim, e.heard)]
    fixed = [span for e in entries for span in occurrences(displayed, e.fix)]
    problems = []
    matcher = difflib.SequenceMatcher(None, verbatim, displayed, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal" and not (covered(heard, i1, i2) and covered(fixed, j1, j2)):
            problems.append(f"{op} {verbatim[max(0, i1 - 20):i2 + 20]!r} -> {displayed[max(0, j1 - 20):j2 + 20]!r}")
    return problems


def glossed_en(turn) -> str:
    """The English the glossary gives: the base of the displayed edition (tests/corpus/test_edition.py)."""
    return "\n".join(GLOSSARY.apply(line, "en") for line in turn.en_verbatim.split("\n")) if turn.en_verbatim else ""


def test_displayed_text_differs_from_verbatim_only_at_glossary_entries(interview):
    # zh_machine is the glossed machine Chinese as displayed before zh_corrections.toml
    # (tests/corpus/test_zh_corrections.py checks that layer).
    for lang, pairs in (
        ("en", [(t.en_verbatim, glossed_en(t)) for t in interview.turns]),
        ("zh", [(t.zh_machine_verbatim, t.zh_machine) for t in interview.turns]),
    ):
        entries = [e for e in GLOSSARY.entries if e.lang == lang]
        for verbatim, displayed in pairs:
            assert unexplained_changes(verbatim, displayed, entries) == []


def test_the_diff_check_itself_catches_an_unexplained_edit():
    entries = [Entry("en", "than big", "than Bing")]
    assert unexplained_changes("better than big.", "better than Bing.", entries) == []
    assert unexplained_changes("better than big.", "better than Bing!", entries) != []


def test_every_glossary_entry_is_used_by_some_turn():
    interviews = load_seeds(SEEDS)
    unused = []
    for entry in GLOSSARY.entries:
        field = "en_verbatim" if entry.lang == "en" else "zh_machine_verbatim"
        fixed = glossed_en if entry.lang == "en" else (lambda turn: turn.zh_machine)
        used = any(
            any(m.entry == entry for m in GLOSSARY.find(getattr(turn, field), entry.lang))
            and entry.fix in fixed(turn)
            for interview in interviews
            for turn in interview.turns
        )
        if not used:
            unused.append((entry.lang, entry.heard))
    assert unused == []


def test_article_text_is_not_glossed(interview):
    # The article is an edited text: the glossary's Jeff -> Geoff must not reach it.
    article = "".join(t.zh_article or "" for t in interview.turns)
    assert "Jeff" in article and "Geoff" not in article


def test_known_fixes_are_displayed(interview):
    en = "\n".join(t.en for t in interview.turns)
    zh = "\n".join(t.zh_machine for t in interview.turns)
    for text in ("Ilya Sutskever", "ChatGPT", "AlexNet", "Yann LeCun", "than Bing", "called Parti", "Cerebras",
                 "So the part where", "DALL-E"):
        assert text in en
    for text in ("Transformer", "Yann LeCun", "比Bing更好", "“Parti”"):
        assert text in zh
    assert "变压器" not in zh and "变压器" in "".join(t.zh_machine_verbatim for t in interview.turns)


def glossary(*entries: tuple[str, str, str]) -> Glossary:
    return Glossary(Path("glossary.toml"), tuple(Entry(lang, heard, fix) for lang, heard, fix in entries))


def test_matching_is_whole_word_and_case_sensitive():
    g = glossary(("en", "Jeff", "Geoff"), ("en", "than big", "than Bing"), ("zh", "Jeff", "Geoff"))
    assert g.apply("Jeffrey met Jeff's jeff", "en") == "Jeffrey met Geoff's jeff"
    assert g.apply("bigger than bigger than big.", "en") == "bigger than bigger than Bing."
    assert g.apply("这是在Jeff实验室,不是Jeffrey", "zh") == "这是在Geoff实验室,不是Jeffrey"


def test_entries_apply_in_one_pass_longest_first():
    g = glossary(("en", "chat gbt", "ChatGPT"), ("en", "gbt", "GPT"), ("en", "ChatGPT", "WRONG"))
    assert g.apply("with chat gbt and gbt", "en") == "with ChatGPT and GPT"


def test_duplicate_or_malformed_entries_raise_seed_error_naming_the_glossary(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text('[[en]]\nheard = "x"\nfix = "y"\n[[en]]\nheard = "x"\nfix = "z"\n', encoding="utf-8")
    with pytest.raises(SeedError, match=r"glossary\.toml: .*duplicate"):
        load_glossary(path)
    path.write_text('[[en]]\nheard = "x"\nfx = "y"\n', encoding="utf-8")
    with pytest.raises(SeedError, match=r"glossary\.toml: .*unknown keys"):
        load_glossary(path)
    path.write_text('[[en]\nheard = "x"\n', encoding="utf-8")
    with pytest.raises(SeedError, match=r"glossary\.toml: invalid TOML"):
        load_glossary(path)
