"""Searches remembered for their page buttons: a query never fits in 64 bytes of callback data.

Recent searches live in memory; new ones are written to SQLite in batches (one write a
second, not one per /search, which would cost every search a trip to the database thread),
so page buttons keep working after a restart or a redeploy. A batch that cannot be written
(the database is locked by another process, the disk is full or read-only) stays for the
next round: one WARNING line when that starts, one INFO line when saving works again, and
the flushing never stops for good. Searches still unsaved are bounded (MAX_UNSAVED), and so
is the memory of them all, in bytes (bot.memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
import time
from dataclasses import dataclass

from cachetools import LRUCache

from bot import memory
from bot.storage.search_sessions import SessionStore
from bot.trouble import Trouble

log = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 1.0
PRUNE_EVERY_SECONDS = 6 * 3600.0
KEEP_FOR_SECONDS = 30 * 24 * 3600  # page buttons older than a month read as expired
MAX_UNSAVED = 20_000  # while saving fails, the oldest beyond this are not saved (their buttons work until evicted)


@dataclass(frozen=True, slots=True)
class SearchSession:
    id: str  # what page buttons carry: a query never fits in their 64 bytes
    owner: int
    query: str
    speaker: str  # "any", "guest" or "host"
    interview: str = ""  # the slug of the interview the search is narrowed to; "": all of them


class SearchSessions:
    """The most recent searches in memory, all of the last month in the store (when given)."""

    def __init__(self, store: SessionStore | None = None, memory_bytes: int = memory.SESSIONS_BYTES, *,
                 saving: bool = True) -> None:
        self._store = store
        # saving=False: the store cannot be written (bot.storage.startup said so, in one line at start):
        # searches saved before are still read from it, new ones live in memory only.
        self._saving_to = store if saving else None
        # The session id is the key and part of the value: the value's estimate covers both.
        self._sessions: LRUCache[str, SearchSession] = LRUCache(maxsize=memory_bytes, getsizeof=memory.entry_size())
        self._unsaved: dict[str, SearchSession] = {}
        self._flusher: asyncio.Task | None = None
        self._saving = Trouble(log, "saving recent searches")
        self._pruning = Trouble(log, "forgetting searches older than a month")
        self._loading = Trouble(log, "reading saved searches")
        self._pruned_at = -PRUNE_EVERY_SECONDS

    async def initialize(self) -> None:
        if self._store is None:
            return
        await self._store.initialize()
        if self._saving_to is not None:
            await self._prune_if_due()
            self._flusher = asyncio.create_task(self._flush_periodically(), name="search-sessions-flush")

    async def shutdown(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        if self._store is not None:
            try:
                await self.flush()
            except sqlite3.Error as error:
                log.warning("%d recent searches not saved at shutdown: %s", len(self._unsaved), error)
            await self._store.shutdown()

    def create(self, owner: int, query: str, speaker: str = "any", interview: str = "") -> SearchSession:
        session = SearchSession(secrets.token_hex(5), owner, query, speaker, interview)
        memory.keep(self._sessions, session.id, session)
        if self._saving_to is not None:
            self._unsaved[session.id] = session
            if len(self._unsaved) > MAX_UNSAVED:  # only while saving fails: the oldest go unsaved
                del self._unsaved[next(iter(self._unsaved))]
        return session

    async def get(self, session_id: str) -> SearchSession | None:
        """The session from memory, or from the store after a restart or an eviction."""
        session = self._sessions.get(session_id)
        if session is not None or self._store is None:
            return session
        try:
            row = await self._store.load(session_id)
        except sqlite3.Error as error:  # a broken disk: the button reads as expired, one log line
            self._loading.failed(error, "page buttons of older searches read as expired")
            return None
        self._loading.worked()
        if row is None:
            return None
        session = SearchSession(*row)
        memory.keep(self._sessions, session_id, session)
        return session

    async def flush(self) -> None:
        """Write the searches made since the last flush."""
        if not self._unsaved or self._saving_to is None:
            return
        batch = dict(self._unsaved)
        await self._store.save([(s.id, s.owner, s.query, s.speaker, s.interview) for s in batch.values()])
        for session_id in batch:  # searches made during the write wait for the next flush
            self._unsaved.pop(session_id, None)

    async def _flush_periodically(self) -> None:
        """Every FLUSH_EVERY_SECONDS; a failed round is retried on the next, whatever went wrong."""
        while True:
            await asyncio.sleep(FLUSH_EVERY_SECONDS)
            try:
                await self.flush()
            except sqlite3.Error as error:  # a lock, a full or read-only disk: expected, one line
                self._saving.failed(error, f"{len(self._unsaved)} waiting, trying again every {FLUSH_EVERY_SECONDS:g}s")
            except Exception:  # a bug: its traceback, but the flushing goes on
                log.exception("could not save recent searches")
            else:
                self._saving.worked()
            await self._prune_if_due()

    async def _prune_if_due(self) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_SECONDS:
            return
        try:
            pruned = await self._store.prune(KEEP_FOR_SECONDS)
        except sqlite3.Error as error:  # tried again next round
            self._pruning.failed(error, "trying again in a second")
            return
        self._pruning.worked()
        self._pruned_at = time.monotonic()
        if pruned:
            log.info("forgot %d searches older than %d days", pruned, KEEP_FOR_SECONDS // 86400)
