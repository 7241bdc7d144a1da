"""The search index: an FTS5 inverted index for candidates, normalized text for re-ranking.

FTS5 picks candidates fast (cost grows with the posting lists of the query's terms, not
with the corpus); `bot.search.ranking` re-ranks them with rapidfuzz. The FTS table is
contentless with `detail=none` (each term listed once per turn, no positions): the
smallest and fastest form, since ranking happens in Python anyway. The normalized text
that ranking reads (stemmed English words, Simplified Chinese characters) is stored in
`search_docs`, so queries never normalize raw text again.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from bot.search.normalize import chinese_term_set, cjk_runs, english_terms, english_word_spans, fold, fold_stored
from bot.search.ordinary_words import build_ordinary_words
from bot.search.repeats import by_interview as repeated_openings_by_interview
from bot.search.sponsor_reads import without_sponsor_reads
from bot.search.translations import build_translations

INDEX_TABLE = "search_index"
TERMS_TABLE = "search_terms"
STATS_TABLE = "search_stats"
DOCS_TABLE = "search_docs"
VECTORS_TABLE = "search_vectors"  # passage vectors (bot.search.semantic), when SEMANTIC_SEARCH is on
VECTORS_INFO_TABLE = "search_vectors_info"
PASSAGES_TABLE = "search_passages"  # every passage to embed; those without a vector yet are pending
# Readable spellings for did-you-mean come from every turn of a small corpus, and from a
# sample of a large one (they only label suggestions; a stem without one shows as itself).
SURFACE_SAMPLE_FROM = 5_000  # turns read in full
SURFACE_SAMPLE_EVERY = 50
HELD_ALONE_SHARE = 0.1  # an interview with Chinese in at most this share of its turns is held in English (and the reverse)
# Raised whenever the tables' layout changes, so that a database built before is rebuilt at start.
INDEX_FORMAT = 8  # 2: search_docs.interview; 3: search_translations; 4: turns.zh_held (rebuilds the corpus);
# 5: sponsor reads and cold opens left out; 6: search_ordinary_words; 7: its Chinese words;
# 8: no passage vectors for a turn of a word or two (bot.search.semantic.MIN_TURN_WORDS)

# search_index: every distinct term of a turn (English stems, Chinese bigrams) in one column.
# search_docs: per turn, en = the displayed English as stems; en_alt = words only the verbatim
# transcript, the Chinese text or the speaker's name has; zh / zhm = the Chinese runs of the
# displayed and (when different) the machine Chinese; role, topic_key and interview (its slug)
# filter a search, so that searching never reads the corpus tables (bot.storage.corpus owns those).
# search_terms: document frequency of every term, for query weighting and for correcting
# misspelled query words; surface = a readable spelling of a stem.
_SCHEMA = (
    f"DROP TABLE IF EXISTS {INDEX_TABLE}",
    f"DROP TABLE IF EXISTS {DOCS_TABLE}",
    f"DROP TABLE IF EXISTS {TERMS_TABLE}",
    f"DROP TABLE IF EXISTS {STATS_TABLE}",
    f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(terms, content='', detail=none, columnsize=0,"
    " tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TABLE {DOCS_TABLE} (id INTEGER PRIMARY KEY, en TEXT NOT NULL, en_alt TEXT NOT NULL,"
    " zh TEXT NOT NULL, zhm TEXT NOT NULL, held TEXT NOT NULL DEFAULT '', role TEXT NOT NULL,"
    " topic_key TEXT NOT NULL, interview TEXT NOT NULL)",
    f"CREATE TABLE {TERMS_TABLE} (term TEXT PRIMARY KEY, df INTEGER NOT NULL, surface TEXT NOT NULL,"
    " is_cjk INTEGER NOT NULL) WITHOUT ROWID",
    f"CREATE TABLE {STATS_TABLE} (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """The normalized text of one turn, as stored in `search_docs`."""

    turn_id: int
    en: str
    en_alt: str
    zh: str
    zhm: str
    # "en" or "zh" when the turn's interview is held in that language only ("" when in both):
    # a query in the other language reaches it through the dictionary (bot.search.translations).
    held: str = ""

    def distinct_terms(self) -> set[str]:
        terms = set(self.en.split())
        terms.update(self.en_alt.split())
        terms.update(chinese_term_set(self.zh))
        terms.update(chinese_term_set(self.zhm))
        return terms


def build_index(conn: sqlite3.Connection, repeats: set[int] | None = None) -> None:
    """(Re)build the search tables from `turns`, inside the caller's transaction (no commit).

    Ingest is handed this function (`bot.storage.ingest.ingest(..., build_index=...)`): the
    corpus tables are written first, and the index is derived from them in the same transaction.
    """
    for statement in _SCHEMA:
        conn.execute(statement)
    surfaces: dict[str, str] = {}
    rows = conn.execute(
        "SELECT t.id, t.speaker, t.en, t.en_verbatim, t.zh,"
        # The other translation than the one shown: the machine Chinese, or the article's
        # when a turn shows the machine Chinese although the article covers it.
        " CASE WHEN t.zh_source = 'machine' THEN coalesce(t.zh_article, t.zh_machine) ELSE t.zh_machine END,"
        " t.role, tp.key, i.slug FROM turns t JOIN topics tp ON tp.id = t.topic_id"
        " JOIN interviews i ON i.id = t.interview_id ORDER BY t.id"
    )

    repeats = cold_open_repeats(conn) if repeats is None else repeats

    def normalized_rows() -> Iterator[tuple[IndexRow, str, str, str]]:
        for count, (turn_id, speaker, en, en_verbatim, zh, zh_machine, role, topic_key, slug) in enumerate(rows):
            if count < SURFACE_SAMPLE_FROM or count % SURFACE_SAMPLE_EVERY == 0:
                _remember_surfaces(en, surfaces)
            if turn_id in repeats:  # a cold open: the search finds the conversation it came from
                en = en_verbatim = zh = zh_machine = speaker = ""
            if role == "host":  # ads are read by hosts; a guest saying "brought to you by" is talking
                en, en_verbatim, zh, zh_machine = _searchable(en, en_verbatim, zh, zh_machine)
            yield normalize_turn(turn_id, en, en_verbatim, zh, zh_machine, speaker=speaker), role, topic_key, slug

    for batch in _batches(normalized_rows(), 5000):
        conn.executemany(
            f"INSERT INTO {DOCS_TABLE} (id, en, en_alt, zh, zhm, role, topic_key, interview)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.turn_id, r.en, r.en_alt, r.zh, r.zhm, role, topic_key, slug) for r, role, topic_key, slug in batch],
        )
        conn.executemany(
            f"INSERT INTO {INDEX_TABLE} (rowid, terms) VALUES (?, ?)",
            [(r.turn_id, " ".join(r.distinct_terms())) for r, *_ in batch],
        )
    # Merge the FTS b-trees once now rather than leaving it to the first queries.
    conn.execute(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('optimize')")
    _store_term_statistics(conn, surfaces)
    _mark_held_languages(conn)
    build_ordinary_words(conn)


@lru_cache(maxsize=1)
def left_out_digest() -> str:
    """A digest of what decides the text search leaves out: the sponsor-read phrases and the
    cold-open settings."""
    from importlib import resources

    from bot.search import repeats

    phrases = resources.files("bot.search").joinpath("sponsor_reads.toml").read_bytes()
    settings = repr((repeats.OPENING_TURNS, repeats.SHINGLE, repeats.REPEATED_SHARE, repeats.MIN_RUNS, repeats.SAMPLES))
    return hashlib.sha256(phrases + settings.encode()).hexdigest()[:8]


def _searchable(*texts: str) -> list[str]:
    """The texts less their sponsor reads, shown with the turn but never searched
    (bot.search.sponsor_reads); a text the turn has twice (its verbatim one, mostly) cut once."""
    cut: dict[str, str] = {}
    for text in texts:
        if text not in cut:
            cut[text] = without_sponsor_reads(text)
    return [cut[text] for text in texts]


def cold_open_repeats(conn: sqlite3.Connection) -> set[int]:
    """The turns a search leaves out as said again later: cold opens (bot.search.repeats)."""
    return repeated_openings_by_interview(conn.execute(
        "SELECT id, interview_id, speaker, CASE WHEN en != '' THEN en ELSE zh END FROM turns ORDER BY id"))


def _mark_held_languages(conn: sqlite3.Connection) -> None:
    """`held` of the turns of interviews in one language, and the translations their words need.

    An interview is held in English when at most HELD_ALONE_SHARE of its turns have any Chinese
    (a name in Chinese characters does not make a transcript bilingual), and the reverse."""
    for held, lacking in (("en", "zh = '' AND zhm = ''"), ("zh", "en = ''")):
        conn.execute(f"UPDATE {DOCS_TABLE} SET held = ? WHERE interview IN (SELECT interview FROM {DOCS_TABLE}"
                     f" GROUP BY interview HAVING avg({lacking}) >= ?)", (held, 1 - HELD_ALONE_SHARE))
    only_english: set[str] = set()
    only_chinese: set[str] = set()
    for en, zh, zhm, held in conn.execute(f"SELECT en, zh, zhm, held FROM {DOCS_TABLE} WHERE held != ''"):
        if held == "en":
            only_english.update(en.split())
        else:
            only_chinese.update(chinese_term_set(zh) | chinese_term_set(zhm))
    build_translations(conn, only_english, only_chinese)


def build_search_tables(conn: sqlite3.Connection, *, semantic: bool = True,
                        embedding_cache: Path | None = None) -> None:
    """Every search table: the lexical index, and with `semantic` the passage vectors (else none)."""
    repeats = cold_open_repeats(conn)  # found once, left out of both
    build_index(conn, repeats)
    if semantic:
        from bot.search.semantic import build_vectors  # numpy and the model only when semantic search is on

        build_vectors(conn, cache_path=embedding_cache, repeats=repeats)
    else:  # no stale vectors left behind for a later reader
        for table in (VECTORS_TABLE, VECTORS_INFO_TABLE, PASSAGES_TABLE):
            conn.execute(f"DROP TABLE IF EXISTS {table}")


@dataclass(frozen=True)
class SearchTables:
    """The builder the bot hands ingest (`ingest(..., build_index=SearchTables(...))`).

    `version` names what it builds, so that ingest rebuilds a database built otherwise (before
    vectors existed, with SEMANTIC_SEARCH the other way, or with another model) even when the
    seeds did not change.
    """

    semantic: bool = True
    embedding_cache: Path | None = None

    def __call__(self, conn: sqlite3.Connection) -> None:
        build_search_tables(conn, semantic=self.semantic, embedding_cache=self.embedding_cache)

    @property
    def version(self) -> str:
        # What search leaves out is data (sponsor_reads.toml) and settings: edit either, rebuild.
        lexical = f"lexical{INDEX_FORMAT}-{left_out_digest()}"
        if not self.semantic:
            return lexical
        from bot.search.embeddings import default_embedder

        return f"{lexical}+{default_embedder().name}"


def _store_term_statistics(conn: sqlite3.Connection, surfaces: dict[str, str]) -> None:
    """Document frequencies, read back from the FTS index itself (C speed, no Python counting)."""
    conn.execute(f"CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, {INDEX_TABLE}, 'row')")
    conn.execute(
        f"INSERT INTO {TERMS_TABLE} (term, df, surface, is_cjk) SELECT term, doc, term, term GLOB '*[^ -~]*'"
        " FROM temp.search_vocab"
    )
    conn.execute("DROP TABLE temp.search_vocab")
    conn.executemany(
        f"UPDATE {TERMS_TABLE} SET surface = ? WHERE term = ?",
        ((surface, term) for term, surface in surfaces.items() if surface != term),
    )
    turn_count = conn.execute("SELECT count(*) FROM turns").fetchone()[0]
    conn.execute(f"INSERT INTO {STATS_TABLE} (key, value) VALUES ('turns', ?)", (turn_count,))


def normalize_turn(turn_id: int, en: str, en_verbatim: str, zh: str, zh_machine: str, *, speaker: str = "") -> IndexRow:
    """The four normalized columns of one turn.

    The speaker's name is indexed with the turn: "what does Ilya think of X" is about
    Ilya's turns, which never say "Ilya" themselves.
    """
    en_terms = english_terms(fold(en))
    en_known = set(en_terms)
    verbatim_terms = en_terms if en_verbatim == en else english_terms(fold(en_verbatim))
    # Keep the verbatim sequence only where the glossary changed words: it holds the
    # misheard spellings some users will type, in order, so phrases still match.
    alt_terms = verbatim_terms if set(verbatim_terms) - en_known else []
    # Stored Chinese is Simplified (bot.corpus.model.Turn), so skip the OpenCC pass here.
    zh_folded, zhm_folded = fold_stored(zh), fold_stored(zh_machine)
    latin_in_chinese = english_terms(zh_folded) + (english_terms(zhm_folded) if zhm_folded != zh_folded else [])
    speaker_terms = _speaker_terms(speaker)
    alt_terms = alt_terms + _new_terms(latin_in_chinese + speaker_terms, en_known | set(alt_terms))
    zh_text = " ".join(cjk_runs(zh_folded))
    zhm_text = " ".join(cjk_runs(zhm_folded)) if zhm_folded != zh_folded else ""
    return IndexRow(turn_id, " ".join(en_terms), " ".join(alt_terms), zh_text, zhm_text)


@lru_cache(maxsize=256)
def _speaker_terms(speaker: str) -> list[str]:
    return english_terms(fold(speaker))


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _new_terms(terms: Iterable[str], known: set[str]) -> list[str]:
    return [t for t in dict.fromkeys(terms) if t not in known]


def _remember_surfaces(text: str, surfaces: dict[str, str]) -> None:
    """First readable spelling of each stem, so did-you-mean shows "hallucinate", not "hallucinat"."""
    for term, start, end in english_word_spans(text):
        surface = text[start:end]
        if term not in surfaces and "-" not in surface:
            surfaces[term] = surface.lower().removesuffix("'s").removesuffix("’s")
