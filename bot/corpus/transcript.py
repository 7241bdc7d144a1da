"""Reading `transcript.txt`: an English paragraph per line, each followed by its machine Chinese.

Apart from header lines and lines the annotation skips (e.g. a translator's note), the file
must be a strict alternation English line / Chinese line; anything else means the file was
truncated or edited by hand, and we refuse it rather than misalign every later turn.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_lines

# CJK ideographs; enough to tell a machine-Chinese line from an English one.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class LinePair:
    """One spoken paragraph: English on line `en_line`, machine Chinese on the line after."""

    en_line: int
    en: str
    zh: str

    @property
    def zh_line(self) -> int:
        return self.en_line + 1


@dataclass(frozen=True, slots=True)
class Transcript:
    path: Path
    line_count: int
    pairs: tuple[LinePair, ...]

    def pair_at(self, en_line: int) -> LinePair | None:
        """The pair whose English is on `en_line`, if that line is an English line."""
        for pair in self.pairs:
            if pair.en_line == en_line:
                return pair
        return None


def read_transcript(path: Path, excluded: Collection[int]) -> Transcript:
    """Read the line pairs of `path`, leaving out the `excluded` line numbers (1-based)."""
    lines = read_seed_lines(path)
    for number in sorted(excluded):
        if not 1 <= number <= len(lines):
            raise SeedError(path, f"annotation excludes line {number} but the file has {len(lines)} lines")
    speech = [n for n in range(1, len(lines) + 1) if n not in excluded]
    if len(speech) % 2:
        raise SeedError(
            path,
            f"{len(speech)} speech lines after header and skipped lines; expected English/Chinese pairs "
            "(file truncated or a line added?)",
        )
    pairs = []
    for en_line, zh_line in zip(speech[::2], speech[1::2]):
        en, zh = lines[en_line - 1].strip(), lines[zh_line - 1].strip()
        _check_pair(path, en_line, en, zh_line, zh)
        pairs.append(LinePair(en_line, en, zh))
    return Transcript(path, len(lines), tuple(pairs))


def _check_pair(path: Path, en_line: int, en: str, zh_line: int, zh: str) -> None:
    """Refuse pairs that are not adjacent English then Chinese lines: the file is misaligned."""
    if zh_line != en_line + 1:
        raise SeedError(path, f"English line {en_line} is followed by an excluded line, not its Chinese", en_line)
    if not en or _CJK.search(en):
        raise SeedError(path, "expected an English paragraph here", en_line)
    if not zh or not _CJK.search(zh):
        raise SeedError(path, f"expected the machine Chinese of line {en_line} here", zh_line)
