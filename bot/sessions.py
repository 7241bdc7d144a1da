"""Searches remembered for their page buttons: a query never fits in 64 bytes of callback data.

Recent searches live in memory; new ones are written to SQLite in batches (one write a
second, not one per /search, which would cost every search a trip to the database thread),
so page buttons keep working after a restart or a redeploy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass

from cachetools import LRUCache

from bot.storage.search_sessions import SessionStore

log = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 1.0
KEEP_FOR_SECONDS = 30 * 24 * 3600  # page buttons older than a month read as expired


@dataclass(frozen=True, slots=True)
class SearchSession:
    id: str  # what page buttons carry: a query never fits in their 64 bytes
    owner: int
    query: str
    speaker: str  # "any", "guest" or "host"


class SearchSessions:
    """The most recent searches in memory, all of the last month in the store (when given)."""

    def __init__(self, store: SessionStore | None = None, capacity: int = 20_000) -> None:
        self._store = store
        self._sessions: LRUCache[str, SearchSession] = LRUCache(maxsize=capacity)
        self._unsaved: dict[str, SearchSession] = {}
        self._flusher: asyncio.Task | None = None

    async def initialize(self) -> None:
        if self._store is None:
            return
        await self._store.initialize()
        pruned = await self._store.prune(KEEP_FOR_SECONDS)
        if pruned:
            log.info("forgot %d searches older than %d days", pruned, KEEP_FOR_SECONDS // 86400)
        self._flusher = asyncio.create_task(self._flush_periodically(), name="search-sessions-flush")

    async def shutdown(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        if self._store is not None:
            await self.flush()
            await self._store.shutdown()

    def create(self, owner: int, query: str, speaker: str = "any") -> SearchSession:
        session = SearchSession(secrets.token_hex(5), owner, query, speaker)
        self._sessions[session.id] = session
        if self._store is not None:
            self._unsaved[session.id] = session
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        """The session from memory, or from the store after a restart or an eviction."""
        session = self._sessions.get(session_id)
        if session is not None or self._store is None:
            return session
        row = await self._store.load(session_id)
        if row is None:
            return None
        session = SearchSession(*row)
        self._sessions[session_id] = session
        return session

    async def flush(self) -> None:
        """Write the searches made since the last flush."""
        if not self._unsaved or self._store is None:
            return
        batch = dict(self._unsaved)
        await self._store.save([(s.id, s.owner, s.query, s.speaker) for s in batch.values()])
        for session_id in batch:  # searches made during the write wait for the next flush
            self._unsaved.pop(session_id, None)

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY_SECONDS)
            try:
                await self.flush()
            except Exception:  # a full disk must not end the flushing for good
                log.exception("could not save recent searches")
