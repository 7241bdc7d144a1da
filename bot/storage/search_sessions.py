"""Searches behind page buttons, kept in SQLite so the buttons outlive a restart."""

from __future__ import annotations

import time

from bot.storage.async_store import AsyncStore

SessionRow = tuple[str, int, str, str]  # id, owner, query, speaker


class SessionStore(AsyncStore):
    """Its own aiosqlite connection; writes come in batches from `bot.sessions.SearchSessions`."""

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
