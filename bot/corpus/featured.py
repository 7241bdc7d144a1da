"""The reviewed featured excerpts: memorable passages for `/quote` without words and the empty inline query.

`seeds/<slug>/featured.toml` lists `[[excerpt]]` tables (see `seeds/README.md`): the turn (its
position among annotations.toml's `[[turn]]` tables, as in the edition), the English excerpt as
it stands in the turn's displayed English and the Chinese one as it stands in its displayed
Simplified Chinese. Loading checks each against the turns (after the edition and the Chinese
corrections), so a reviewer's edit elsewhere that breaks an excerpt is caught, and keeps where
each one sits: readers are shown the turn's own text at that place, never a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError
from bot.corpus.model import FeaturedExcerpt, Turn
from bot.corpus.tables import Getter, read_entries

MAX_EXCERPT_CHARS = 400  # one to three sentences: an excerpt, not a turn


@dataclass(frozen=True, slots=True)
class FeaturedEntry:
    turn: int  # the turn's position among annotations.toml's [[turn]] tables
    en: str  # as it stands in the turn's displayed English (the edition), once
    zh: str  # as it stands in the turn's displayed Simplified Chinese, once
    line: int | None  # where its [[excerpt]] table starts


@dataclass(frozen=True, slots=True)
class FeaturedList:
    path: Path
    entries: tuple[FeaturedEntry, ...]

    def excerpts(self, turns: tuple[Turn, ...]) -> tuple[FeaturedExcerpt, ...]:
        """Each entry as spans of its turn's displayed texts, once it is checked against them."""
        by_number = {turn.order: turn for turn in turns}
        found: list[FeaturedExcerpt] = []
        for entry in self.entries:
            turn = by_number.get(entry.turn)
            if turn is None or not turn.en or not turn.zh:
                raise SeedError(self.path, f"turn {entry.turn}: no such turn with English and Chinese in "
                                "annotations.toml", entry.line)
            excerpt = FeaturedExcerpt(turn.order, self._span(entry, "en", turn.en, "displayed English (the edition)"),
                                      self._span(entry, "zh", turn.zh, "displayed Chinese"))
            if excerpt in found:
                raise SeedError(self.path, f"turn {entry.turn}: this excerpt is listed twice", entry.line)
            found.append(excerpt)
        return tuple(found)

    def _span(self, entry: FeaturedEntry, field: str, text: str, what: str) -> tuple[int, int]:
        needle = getattr(entry, field)
        count = text.count(needle)
        if count != 1:
            problem = "is not in" if count == 0 else f"occurs {count} times in"
            hint = "; copy it from `quotebot export --json`" if count == 0 else "; give more words"
            raise SeedError(self.path, f"turn {entry.turn}: {field} {_short(needle)!r} {problem} the turn's "
                            f"{what}{hint}", entry.line)
        start = text.index(needle)
        return start, start + len(needle)


def load_featured(path: Path) -> FeaturedList:
    """Read and shape-check `featured.toml` (`excerpts` checks it against the turns)."""
    return FeaturedList(path, read_entries(path, "excerpt", _entry))


def _entry(get: Getter, index: int, raw: dict[str, Any]) -> FeaturedEntry:
    where = f"[[excerpt]] {index + 1}"
    get.only(raw, {"turn", "en", "zh", "note"}, where)
    get.value(raw, "note", str, where, default="")
    turn = get.positive(raw, "turn", where, what="a turn number")
    where = f"turn {turn}"
    texts = {field: get.text(raw, field, where) for field in ("en", "zh")}
    for field, text in texts.items():
        if text != text.strip():
            raise get.fail(f"{where}: {field} starts or ends with white space")
        if len(text) > MAX_EXCERPT_CHARS:
            raise get.fail(f"{where}: {field} has {len(text)} characters; an excerpt has at most "
                           f"{MAX_EXCERPT_CHARS} (one to three sentences)")
    return FeaturedEntry(turn, texts["en"], texts["zh"], get.line)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
