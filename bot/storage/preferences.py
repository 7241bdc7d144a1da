"""Users' and chats' language choices, stored through aiosqlite so they survive restarts."""

from __future__ import annotations

from pathlib import Path

from cachetools import LRUCache

from bot.storage.async_store import AsyncStore

_CACHE_LIMIT = 100_000
_UPSERT = (
    "INSERT INTO {table} ({key}, language, updated_at) VALUES (?, ?, datetime('now')) "
    "ON CONFLICT ({key}) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at"
)


class PreferenceStore(AsyncStore):
    """Language choices through one aiosqlite connection (see AsyncStore), so no write is lost.

    Reads are served from memory (writes go to the database first, then to memory): every
    update needs the reply language, and a round trip to the database thread for it cost more
    than the rest of a /quote reply. One bot process owns the database, so memory cannot go
    stale. While every saved choice fits in it (`complete`), someone not in it has saved
    nothing: a new user costs no trip. Past the bound the least recently used are forgotten.
    """

    def __init__(self, db_path: Path, cache_limit: int = _CACHE_LIMIT) -> None:
        super().__init__(db_path)
        self._cache_limit = cache_limit
        self._users: LRUCache[int, str | None] = LRUCache(maxsize=cache_limit)
        self._chats: LRUCache[int, str | None] = LRUCache(maxsize=cache_limit)
        self._complete = False

    async def initialize(self) -> None:
        await super().initialize()
        async with self._db.execute(
            "SELECT (SELECT count(*) FROM user_prefs) + (SELECT count(*) FROM chat_prefs)"
        ) as cursor:
            (saved,) = await cursor.fetchone()
        if saved <= self._cache_limit:
            self._users.update(await self._db.execute_fetchall("SELECT user_id, language FROM user_prefs"))
            self._chats.update(await self._db.execute_fetchall("SELECT chat_id, language FROM chat_prefs"))
            self._complete = True

    async def languages(self, user_id: int | None, chat_id: int | None) -> tuple[str | None, str | None]:
        """The saved (user, chat) languages; None where nothing is saved."""
        if self._complete or (
            (user_id is None or user_id in self._users) and (chat_id is None or chat_id in self._chats)
        ):
            return self._users.get(user_id), self._chats.get(chat_id)  # type: ignore[arg-type]
        async with self._db.execute(
            "SELECT (SELECT language FROM user_prefs WHERE user_id = ?),"
            " (SELECT language FROM chat_prefs WHERE chat_id = ?)",
            (user_id, chat_id),
        ) as cursor:
            user_language, chat_language = await cursor.fetchone()
        if user_id is not None:
            self._remember(self._users, user_id, user_language, overwrite=False)  # a write that raced us wins
        if chat_id is not None:
            self._remember(self._chats, chat_id, chat_language, overwrite=False)
        return self._users.get(user_id, user_language), self._chats.get(chat_id, chat_language)  # type: ignore[arg-type]

    async def set_user_language(self, user_id: int, language: str) -> None:
        await self._db.execute(_UPSERT.format(table="user_prefs", key="user_id"), (user_id, language))
        await self._db.commit()
        self._remember(self._users, user_id, language)

    async def set_chat_language(self, chat_id: int, language: str) -> None:
        await self._db.execute(_UPSERT.format(table="chat_prefs", key="chat_id"), (chat_id, language))
        await self._db.commit()
        self._remember(self._chats, chat_id, language)

    def _remember(self, memory: LRUCache, key: int, language: str | None, *, overwrite: bool = True) -> None:
        """Keep `language` in memory; once memory is full, someone not in it may have saved a choice."""
        if key not in memory and len(memory) >= memory.maxsize:
            self._complete = False
        if overwrite or key not in memory:
            memory[key] = language
