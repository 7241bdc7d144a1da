"""Users' and chats' language choices, stored through aiosqlite so they survive restarts."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.storage.schema import connect

_UPSERT = (
    "INSERT INTO {table} ({key}, language, updated_at) VALUES (?, ?, datetime('now')) "
    "ON CONFLICT ({key}) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at"
)


class PreferenceStore:
    """One aiosqlite connection: its worker thread runs statements in order, so no write is lost."""

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
            raise RuntimeError("PreferenceStore.initialize() was not called")
        return self._conn

    async def languages(self, user_id: int | None, chat_id: int | None) -> tuple[str | None, str | None]:
        """The saved (user, chat) languages in one round trip; None where nothing is saved."""
        async with self._db.execute(
            "SELECT (SELECT language FROM user_prefs WHERE user_id = ?),"
            " (SELECT language FROM chat_prefs WHERE chat_id = ?)",
            (user_id, chat_id),
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row else (None, None)

    async def set_user_language(self, user_id: int, language: str) -> None:
        await self._db.execute(_UPSERT.format(table="user_prefs", key="user_id"), (user_id, language))
        await self._db.commit()

    async def set_chat_language(self, chat_id: int, language: str) -> None:
        await self._db.execute(_UPSERT.format(table="chat_prefs", key="chat_id"), (chat_id, language))
        await self._db.commit()
