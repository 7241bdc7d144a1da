"""Searches behind page buttons, kept in SQLite so the buttons outlive a restart."""

from __future__ import annotations

import contextlib
import sqlite3
import time

from bot.storage.async_store import AsyncStore

SessionRow = tuple[str, int, str, str, str]  # id, owner, query, speaker, interview (a slug, "": all)


class SessionStore(AsyncStore):
    """Its own aiosqlite connection; writes come in batches from `bot.sessions.SearchSessions`, which
    retries a failed batch on its next round (a failure here raises, after rolling back)."""

    async def save(self, rows: list[SessionRow]) -> None:
        now = int(time.time())
        await self._in_transaction(
            "INSERT OR REPLACE INTO search_sessions (id, owner, query, speaker, interview, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(*row, now) for row in rows],
        )

    async def load(self, session_id: str) -> SessionRow | None:
        async with self._db.execute(
            "SELECT id, owner, query, speaker, interview FROM search_sessions WHERE id = ?", (session_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]

    async def prune(self, max_age_seconds: int) -> int:
        """Forget searches older than `max_age_seconds`; return how many."""
        return await self._in_transaction(
            "DELETE FROM search_sessions WHERE created_at < ?", [(int(time.time()) - max_age_seconds,)]
        )

    async def _in_transaction(self, sql: str, rows: list[tuple]) -> int:
        """Run `sql` for each row and commit; on failure (a lock, a full disk) roll back: the next try starts clean."""
        try:
            cursor = await self._db.executemany(sql, rows)
            await self._db.commit()
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                await self._db.rollback()
            raise
        return cursor.rowcount
