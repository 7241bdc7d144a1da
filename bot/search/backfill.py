"""Passage vectors that ingest left pending, embedded in the background while the bot answers.

A library of many interviews has hundreds of thousands of passages: hours of embedding on a
small host. Ingest stores what the embedding cache has and lists the rest
(bot.search.semantic `build_vectors`); this embeds them a few turns at a time, each batch
committed (to the database and to the cache) before the next, so a stop or a crash loses at
most one batch and the next start resumes where this one stopped. Each batch joins the
running bot's index at once: searches use the vectors there are, and turns without a vector
yet are ranked by their words alone, as with SEMANTIC_SEARCH off.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from contextlib import closing
from pathlib import Path

import numpy as np

from bot.search.embeddings import Embedder, default_embedder, embed_passages
from typing import Protocol

from bot.search.semantic import Passage, add_vectors, pending_count, pending_passages
from bot.storage.schema import connect

log = logging.getLogger(__name__)


class VectorReader(Protocol):
    """What reads the vectors: bot.search.SearchService (or a bare SemanticIndex)."""

    def extend(self, rows: list[Passage], vectors: np.ndarray) -> None: ...
BATCH_PASSAGES = 64  # about 3.5 s of one core: a stop waits at most that long
PROGRESS_EVERY = 60.0  # seconds between progress lines in the log


class VectorBackfill:
    """Embeds the pending passages of `db_path`, batch by batch, handing each to `index` (if given)."""

    def __init__(self, db_path: Path, *, cache_path: Path | None, index: VectorReader | None = None,
                 embedder: Embedder | None = None, batch: int = BATCH_PASSAGES) -> None:
        self._db_path = db_path
        self._cache_path = cache_path
        self._index = index
        self._embedder = embedder
        self._batch = batch
        self._stopping = threading.Event()

    def stop(self) -> None:
        """End `run` after the batch in progress (committed: nothing is lost or left half-written)."""
        self._stopping.set()

    def pending(self) -> int:
        with closing(connect(self._db_path, readonly=True)) as conn:
            return pending_count(conn)

    def embed_batch(self) -> tuple[list[Passage], np.ndarray]:
        """Embed and store the next whole turns' pending passages (none left: empty)."""
        embedder = self._embedder or default_embedder()
        with closing(connect(self._db_path)) as conn:
            rows = pending_passages(conn, self._batch)
            if not rows:
                return [], np.empty((0, 0))
            vectors = embed_passages([text for _, _, text in rows], embedder, self._cache_path)
            with conn:
                add_vectors(conn, rows, vectors)
        return rows, vectors

    def run_to_end(self) -> int:
        """Every pending passage, in this thread (`quotebot` tools, tests); returns how many."""
        done = 0
        while True:
            rows, vectors = self.embed_batch()
            if not rows:
                return done
            if self._index is not None:
                self._index.extend(rows, vectors)
            done += len(rows)

    async def run(self) -> int:
        """Every pending passage, each batch in a worker thread and added to the index on the
        event loop's thread (the index is not thread-safe), until done or `stop`ped."""
        done, total = 0, self.pending()
        if not total:
            return 0
        log.info("passage vectors: %d passages to embed in the background", total)
        started = last_said = time.monotonic()
        while not self._stopping.is_set():
            rows, vectors = await asyncio.to_thread(self.embed_batch)
            if not rows:
                break
            if self._index is not None:
                self._index.extend(rows, vectors)
            done += len(rows)
            if time.monotonic() - last_said >= PROGRESS_EVERY:
                last_said = time.monotonic()
                log.info("passage vectors: %d of %d embedded", done, total)
        if self._stopping.is_set():
            log.info("passage vectors: stopped after %d of %d; the next start goes on", done, total)
            return done
        log.info("passage vectors: all %d embedded in %.0f s", done, time.monotonic() - started)
        forget = getattr(self._index, "forget_results", None)
        if forget is not None:
            forget()
        return done
