"""Reviewed corrections of the machine Chinese, where it drops or garbles a fact or a name.

`seeds/<slug>/zh_corrections.toml` lists `[[correction]]` tables (see `seeds/README.md`):
the turn, the `machine` text as it is in that turn's machine Chinese (glossary applied),
what to show instead (`fixed`) and why. The glossary fixes a name everywhere; a correction
fixes one place, for what only the English around it can tell (a dropped sentence, "Sure."
read as 确实). Only displayed machine Chinese is corrected: `zh` changes, while
`zh_machine` keeps the translation as it came, so search still finds its words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError
from bot.corpus.model import Turn
from bot.corpus.tables import Getter, read_entries


@dataclass(frozen=True, slots=True)
class ZhCorrection:
    turn: int  # the turn's position among annotations.toml's [[turn]] tables
    machine: str  # as it is in the turn's machine Chinese (glossary applied), once
    fixed: str  # what is displayed instead
    reason: str
    line: int | None  # where its [[correction]] table starts


@dataclass(frozen=True, slots=True)
class ZhCorrections:
    path: Path
    corrections: tuple[ZhCorrection, ...]

    def apply(self, turns: tuple[Turn, ...]) -> tuple[Turn, ...]:
        """The turns with each correction made in their displayed Chinese."""
        by_number = {turn.order: turn for turn in turns}
        shown: dict[int, str] = {}
        for correction in self.corrections:
            turn = by_number.get(correction.turn)
            self._check_target(correction, turn)
            assert turn is not None
            shown[turn.order] = self._corrected(correction, turn.zh_machine, shown.get(turn.order, turn.zh))
        return tuple(replace(t, zh=shown[t.order]) if t.order in shown else t for t in turns)

    def _check_target(self, correction: ZhCorrection, turn: Turn | None) -> None:
        where = f"turn {correction.turn}"
        if turn is None or not turn.zh_machine:
            raise SeedError(self.path, f"{where}: no such turn with machine Chinese in annotations.toml",
                            correction.line)
        if turn.zh_source != "machine":
            # The article's edited translation is shown there; the machine text is only searched.
            raise SeedError(self.path, f"{where} shows the article's Chinese; correct only displayed machine "
                            "Chinese", correction.line)

    def _corrected(self, correction: ZhCorrection, machine: str, shown: str) -> str:
        """`shown` with the one `machine` occurrence replaced; an overlap with an earlier fix is an error."""
        count = machine.count(correction.machine)
        if count != 1:
            problem = "is not in" if count == 0 else f"occurs {count} times in"
            hint = "" if count == 0 else "; give more characters"
            raise SeedError(self.path, f"turn {correction.turn}: {correction.machine!r} {problem} the turn's "
                            f"machine Chinese (glossary applied){hint}", correction.line)
        if shown.count(correction.machine) != 1:
            raise SeedError(self.path, f"turn {correction.turn}: {correction.machine!r} overlaps an earlier "
                            "correction of this turn", correction.line)
        return shown.replace(correction.machine, correction.fixed)


def load_zh_corrections(path: Path) -> ZhCorrections:
    """Read and shape-check `zh_corrections.toml` (`apply` checks them against the turns)."""
    return ZhCorrections(path, read_entries(path, "correction", _correction))


def _correction(get: Getter, index: int, raw: dict[str, Any]) -> ZhCorrection:
    where = f"[[correction]] {index + 1}"
    get.only(raw, {"turn", "machine", "fixed", "reason"}, where)
    turn = get.positive(raw, "turn", where, what="a turn number")
    machine = get.text(raw, "machine", where)
    fixed = get.value(raw, "fixed", str, where)
    if fixed == machine:
        raise get.fail(f"{where}: fixed equals machine")
    return ZhCorrection(turn, machine, fixed, get.text(raw, "reason", where), get.line)
