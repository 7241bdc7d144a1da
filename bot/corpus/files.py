"""Reading seed files as text or TOML, turning every failure into a `SeedError`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError


def read_seed_text(path: Path) -> str:
    """The file's UTF-8 text; missing, unreadable or non-UTF-8 files raise `SeedError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SeedError(path, "file is missing") from None
    except OSError as error:
        raise SeedError(path, f"cannot read file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError(path, f"not valid UTF-8 at byte {error.start}") from None


def read_seed_lines(path: Path) -> list[str]:
    """The file's lines without line endings; line N of the file is item N-1."""
    text = read_seed_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":  # a final newline does not start another line
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_seed_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML document; syntax errors raise `SeedError` with tomllib's position."""
    return _parse_toml(path, read_seed_text(path))


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SeedError(path, f"invalid TOML: {error}") from None


@dataclass(frozen=True, slots=True)
class TomlTables:
    """A parsed TOML file that remembers where each `[[name]]` table starts.

    tomllib keeps no positions, yet a reviewer fixing a bad entry needs its line: the header
    lines are found in the text. If their count disagrees with the parsed tables (a header
    written inline or inside a string), lines are unknown (None) rather than wrong.
    """

    data: dict[str, Any]
    starts: tuple[int | None, ...]  # file line of each [[name]] header, in order
    lines: tuple[str, ...]

    def line_of(self, index: int, needle: str = "") -> int | None:
        """The first line of table `index` holding `needle` (its header line if none does)."""
        first = self.starts[index] if index < len(self.starts) else None
        if first is None or not needle:
            return first
        following = [start for start in self.starts[index + 1:] if start is not None]
        last = following[0] - 1 if following else len(self.lines)
        return next((n for n in range(first, last + 1) if needle in self.lines[n - 1]), first)


def read_seed_toml_tables(path: Path, name: str) -> TomlTables:
    """Parse `path` and find the line of each `[[name]]` table (see `TomlTables`)."""
    text = read_seed_text(path)
    data = _parse_toml(path, text)
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(#.*)?$")
    lines = text.split("\n")
    starts = [number for number, line in enumerate(lines, start=1) if header.match(line)]
    tables = data.get(name)
    count = len(tables) if isinstance(tables, list) else 0
    return TomlTables(data, tuple(starts) if len(starts) == count else (None,) * count, tuple(lines))
