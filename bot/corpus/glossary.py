"""The shared glossary of misheard names and terms, and applying it to displayed text.

`seeds/glossary.toml` has `[[en]]` entries for the automatic English transcript and `[[zh]]`
entries for its machine Chinese, each `heard` -> `fix` with an optional `note`. Matching is
case-sensitive and by whole word: where `heard` begins or ends with a Latin letter/digit, the
neighbouring character must not be one, so "big" in "bigger" is never touched. All entries
are applied in one left-to-right pass (longest `heard` first at a position), so a fix is
never itself rewritten by another entry. The article is already edited and is not glossed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_toml

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
_ENTRY_KEYS = {"heard", "fix", "note"}


@dataclass(frozen=True, slots=True)
class Entry:
    lang: Lang
    heard: str
    fix: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry


class Glossary:
    """Entries by language with one compiled matcher per language."""

    def __init__(self, path: Path, entries: tuple[Entry, ...]) -> None:
        self.path = path
        self.entries = entries
        self._patterns = {lang: _compile([e for e in entries if e.lang == lang]) for lang in LANGS}

    def find(self, text: str, lang: Lang) -> list[Match]:
        """Non-overlapping glossary matches in `text`, left to right."""
        compiled = self._patterns[lang]
        if compiled is None:
            return []
        pattern, by_group = compiled
        return [Match(m.start(), m.end(), by_group[m.lastgroup]) for m in pattern.finditer(text)]

    def apply(self, text: str, lang: Lang) -> str:
        """`text` with every match replaced by its fix."""
        out, last = [], 0
        for match in self.find(text, lang):
            out.append(text[last:match.start])
            out.append(match.entry.fix)
            last = match.end
        out.append(text[last:])
        return "".join(out)


def _compile(entries: list[Entry]) -> tuple[re.Pattern[str], dict[str, Entry]] | None:
    if not entries:
        return None
    by_group: dict[str, Entry] = {}
    alternatives = []
    # Longest first, so "chat gbt" wins over a shorter entry at the same position.
    for index, entry in enumerate(sorted(entries, key=lambda e: -len(e.heard))):
        group = f"e{index}"
        by_group[group] = entry
        before = r"(?<![A-Za-z0-9])" if _latin(entry.heard[0]) else ""
        after = r"(?![A-Za-z0-9])" if _latin(entry.heard[-1]) else ""
        alternatives.append(f"(?P<{group}>{before}{re.escape(entry.heard)}{after})")
    return re.compile("|".join(alternatives)), by_group


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def load_glossary(path: Path) -> Glossary:
    """Read and check `glossary.toml`: known keys only, no empty or duplicate entries."""
    data = read_seed_toml(path)
    unknown = set(data) - set(LANGS)
    if unknown:
        raise SeedError(path, f"unknown top-level keys {sorted(unknown)}; expected [[en]] and [[zh]] entries")
    entries: list[Entry] = []
    for lang in LANGS:
        raw_entries = data.get(lang, [])
        if not isinstance(raw_entries, list):
            raise SeedError(path, f"{lang!r} must be an array of tables ([[{lang}]])")
        seen: set[str] = set()
        for number, raw in enumerate(raw_entries, start=1):
            entry = _entry(path, lang, number, raw)
            if entry.heard in seen:
                raise SeedError(path, f"[[{lang}]] entry {number}: duplicate heard {entry.heard!r}")
            seen.add(entry.heard)
            entries.append(entry)
    return Glossary(path, tuple(entries))


def _entry(path: Path, lang: Lang, number: int, raw: object) -> Entry:
    where = f"[[{lang}]] entry {number}"
    if not isinstance(raw, dict):
        raise SeedError(path, f"{where} is not a table")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise SeedError(path, f"{where}: unknown keys {sorted(unknown)}")
    heard, fix, note = raw.get("heard"), raw.get("fix"), raw.get("note", "")
    if not (isinstance(heard, str) and heard.strip() and heard == heard.strip()):
        raise SeedError(path, f"{where}: 'heard' must be a non-empty string without edge spaces")
    if not (isinstance(fix, str) and fix.strip()) or not isinstance(note, str):
        raise SeedError(path, f"{where} ({heard!r}): 'fix' must be a non-empty string, 'note' a string")
    if fix == heard:
        raise SeedError(path, f"{where} ({heard!r}): fix equals heard")
    return Entry(lang, heard, fix, note)
