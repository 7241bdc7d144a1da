"""Searches behind page buttons, kept in SQLite so the buttons outlive a restart."""

from __future__ import annotations

import time
from pathlib import Path

import aiosqlite

from bot.storage.schema import connect

SessionRow = tuple[str, int, str, str]  # id, owner, query, speaker


class SessionStore:
    """Its own aiosqlite connection; writes come in batches from `bot.sessions.SearchSessions`."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._conn: aiosqlite.Connection | None = None

    async def initialize(self) -> None:
        connect(self._db_path).close()  # create and migrate synchronously, once
        self._conn = await aiosqlite.connect(self._db_path)
        await self._conn.execute("PRAGMA busy_timeout=5000")

    async def shutdown(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def _db(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("SessionStore.initialize() was not called")
        return self._conn

    async def save(self, rows: list[SessionRow]) -> None:
        now = int(time.time())
        await self._db.executemany(
            "INSERT OR REPLACE INTO search_sessions (id, owner, query, speaker, created_at) VALUES (?, ?, ?, ?, ?)",
            [(*row, now) for row in rows],
        )
        await self._db.commit()

    async def load(self, session_id: str) -> SessionRow | None:
        async with self._db.execute(
            "SELECT id, owner, query, speaker FROM search_sessions WHERE id = ?", (session_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    async def prune(self, max_age_seconds: int) -> int:
        """Forget searches older than `max_age_seconds`; return how many."""
        cursor = await self._db.execute(
            "DELETE FROM search_sessions WHERE created_at < ?", (int(time.time()) - max_age_seconds,)
        )
        await self._db.commit()
        return cursor.rowcount
