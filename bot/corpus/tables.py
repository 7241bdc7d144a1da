"""Typed access to the tables of a seed TOML file, every failure a one-line `SeedError`.

tomllib keeps no positions, so a caller that knows where an entry starts (see
`bot.corpus.files.read_seed_toml_tables`) passes `line` and every error names it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar

from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_toml_tables

_Entry = TypeVar("_Entry")


class Getter:
    """Typed access to TOML tables; every failure names the file, the table and, if known, the line."""

    def __init__(self, path: Path, line: int | None = None) -> None:
        self.path = path
        self.line = line

    def at(self, line: int | None) -> Getter:
        """The same checks, with errors pointing at `line` (where the entry being read starts)."""
        return Getter(self.path, line)

    def fail(self, message: str) -> SeedError:
        return SeedError(self.path, message, self.line)

    def only(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = set(table) - allowed
        if unknown:
            raise self.fail(f"{where}: unknown keys {sorted(unknown)}")

    def value(self, table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}: missing key {key!r}")
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{where}: {key!r} must be {kind.__name__}, got {type(value).__name__}")
        return value

    def table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        return self.value(table, key, dict, where)

    def tables(self, table: dict[str, Any], key: str) -> list[dict[str, Any]]:
        items = self.value(table, key, list, "top level", default=[])
        if not all(isinstance(item, dict) for item in items):
            raise self.fail(f"{key!r} must be an array of tables ([[{key}]])")
        return items

    def text(self, table: dict[str, Any], key: str, where: str) -> str:
        value = self.value(table, key, str, where)
        if not value.strip():
            raise self.fail(f"{where}: {key!r} is empty")
        return value

    def positive(self, table: dict[str, Any], key: str, where: str, what: str = "a line number") -> int:
        value = self.value(table, key, int, where)
        if value < 1:
            raise self.fail(f"{where}: {key!r} must be {what} >= 1")
        return value

    def line_range(self, table: dict[str, Any], key: str, where: str) -> tuple[int, int]:
        value = self.value(table, key, list, where)
        if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value) \
                or value[0] > value[1]:
            raise self.fail(f"{where}: {key!r} must be [first_line, last_line]")
        return value[0], value[1]


def read_entries(path: Path, table: str, parse: Callable[[Getter, int, dict[str, Any]], _Entry]) -> tuple[_Entry, ...]:
    """Every `[[table]]` of the seed TOML file at `path` (nothing else at its top level), each
    read by `parse(get, index, raw)` with a Getter whose errors name that entry's line."""
    toml = read_seed_toml_tables(path, table)
    Getter(path).only(toml.data, {table}, "top level")
    return tuple(parse(Getter(path, toml.line_of(index)), index, raw)
                 for index, raw in enumerate(Getter(path).tables(toml.data, table)))
