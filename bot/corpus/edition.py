"""The reviewed English edition: the automatic transcript made readable, its words kept.

`seeds/<slug>/edition.toml` gives, per turn, the English to display, with sentences,
capitals, punctuation and paragraphs, and the few places where it changes a word, each
with its reason (see `seeds/README.md`). The rule that makes it reviewable: lower-cased and
without punctuation, the edition's words are the transcript's words (glossary applied),
except where a correction replaces its `verbatim` with its `edited`. Loading checks that
for every entry, so an edit can never quietly put words in a speaker's mouth.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError
from bot.corpus.files import TomlTables, read_seed_toml_tables
from bot.corpus.model import Turn
from bot.corpus.tables import Getter

# A word: letters/digits, with inner apostrophes ("it's", "LeCun's"). Hyphens and every
# other mark separate words, so "long term" may become "long-term" without a correction.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Correction:
    """A word-level change the edition makes, and why (a mishearing, a removed filler…)."""

    verbatim: str  # as it is in the turn's transcript text (glossary applied), once
    edited: str  # what the edition says instead ("" = the words are left out)
    reason: str
    line: int | None  # where it is written in the edition file


@dataclass(frozen=True, slots=True)
class EditedTurn:
    number: int  # the turn's position among annotations.toml's [[turn]] tables
    en: str  # paragraphs joined by "\n"
    corrections: tuple[Correction, ...]
    line: int | None  # where its [[turn]] table starts


@dataclass(frozen=True, slots=True)
class Edition:
    path: Path
    turns: dict[int, EditedTurn]

    def apply(self, turns: tuple[Turn, ...]) -> tuple[Turn, ...]:
        """The turns with their reviewed English shown, once each entry is checked against them."""
        by_number = {turn.order: turn for turn in turns}
        for entry in self.turns.values():
            turn = by_number.get(entry.number)
            if turn is None or not turn.en:
                raise SeedError(self.path, f"turn {entry.number}: no such turn with English in annotations.toml",
                                entry.line)
            check_edited_turn(self.path, entry, turn.en)
        return tuple(replace(t, en=self.turns[t.order].en) if t.order in self.turns else t for t in turns)


def words(text: str) -> list[str]:
    """The words the edition must keep: lower-cased, punctuation and spacing aside."""
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def load_edition(path: Path) -> Edition:
    """Read and shape-check `edition.toml` (the words are checked against the turns by `apply`)."""
    toml = read_seed_toml_tables(path, "turn")
    Getter(path).only(toml.data, {"turn"}, "top level")
    entries: dict[int, EditedTurn] = {}
    for index, raw in enumerate(Getter(path).tables(toml.data, "turn")):
        entry = _entry(path, toml, index, raw)
        if entry.number in entries:
            raise SeedError(path, f"turn {entry.number} is edited twice", entry.line)
        entries[entry.number] = entry
    return Edition(path, entries)


def _entry(path: Path, toml: TomlTables, index: int, raw: dict[str, Any]) -> EditedTurn:
    get = Getter(path, toml.line_of(index))
    where = f"[[turn]] {index + 1}"
    get.only(raw, {"turn", "en", "corrections", "note"}, where)
    get.value(raw, "note", str, where, default="")
    number = get.positive(raw, "turn", where, what="a turn number")
    where = f"turn {number}"
    en = get.text(raw, "en", where)
    corrections = tuple(
        _correction(get.at(toml.line_of(index, _needle(item))), where, item)
        for item in get.value(raw, "corrections", list, where, default=[])
    )
    return EditedTurn(number, _paragraphs(en), corrections, get.line)


def _needle(item: Any) -> str:
    """What to look for to find a correction's line: its `verbatim` as written in TOML."""
    return f'"{item["verbatim"]}"' if isinstance(item, dict) and isinstance(item.get("verbatim"), str) else ""


def _correction(get: Getter, where: str, item: Any) -> Correction:
    if not isinstance(item, dict):
        raise get.fail(f"{where}: corrections must be tables {{ verbatim = ..., edited = ..., reason = ... }}")
    get.only(item, {"verbatim", "edited", "reason"}, f"{where} correction")
    verbatim = get.text(item, "verbatim", f"{where} correction")
    edited = get.value(item, "edited", str, f"{where} correction {verbatim!r}")
    reason = get.text(item, "reason", f"{where} correction {verbatim!r}")
    if words(verbatim) == words(edited):
        # Punctuation and capitals are the edition's own job; a correction is for words.
        raise get.fail(f"{where}: correction {verbatim!r} -> {edited!r} changes no words")
    return Correction(verbatim, edited, reason, get.line)


def _paragraphs(text: str) -> str:
    """Blank lines separate paragraphs; lines within one are joined (the file is hard-wrapped)."""
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text.strip()))
    return "\n".join(p for p in paragraphs if p)


def check_edited_turn(path: Path, entry: EditedTurn, glossed: str) -> None:
    """The edition's words equal `glossed`'s with the corrections made, or a `SeedError` says where not."""
    expected = _corrected(path, entry, glossed.replace("\n", " "))
    want, got = words(expected), words(entry.en)
    if want == got:
        return
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if op != "equal":
            context = " ".join(want[max(0, i1 - 4):i1])
            raise SeedError(path, f"turn {entry.number}: after {context!r} the edition has "
                            f"{' '.join(got[j1:j2])!r} where the transcript has {' '.join(want[i1:i2])!r}; "
                            "keep the words or list a correction with its reason", entry.line)


def _corrected(path: Path, entry: EditedTurn, text: str) -> str:
    """`text` with each correction's `verbatim` (found exactly once, no overlaps) replaced by `edited`."""
    spans = sorted((_locate(path, entry.number, correction, text), correction) for correction in entry.corrections)
    out, last = [], 0
    for (start, end), correction in spans:
        if start < last:
            raise SeedError(path, f"turn {entry.number}: correction {correction.verbatim!r} overlaps another",
                            correction.line)
        out += [text[last:start], " ", correction.edited, " "]
        last = end
    out.append(text[last:])
    return "".join(out)


def _locate(path: Path, number: int, correction: Correction, text: str) -> tuple[int, int]:
    """Where `correction.verbatim` is in the turn: at whole words, exactly once."""
    needle = correction.verbatim
    hits = [m.start() for m in re.finditer(re.escape(needle), text) if _whole_words(text, m.start(), m.end())]
    if len(hits) != 1:
        problem = "is not in" if not hits else f"occurs {len(hits)} times in"
        hint = "" if not hits else "; give more words"
        raise SeedError(path, f"turn {number}: correction verbatim {needle!r} {problem} the turn's transcript "
                        f"text (glossary applied){hint}", correction.line)
    return hits[0], hits[0] + len(needle)


def _whole_words(text: str, start: int, end: int) -> bool:
    """No letter or digit runs on across either end: "her" never matches inside "higher"."""
    before = start == 0 or not text[start - 1].isalnum() or not text[start].isalnum()
    after = end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum()
    return before and after
