"""Users' and chats' language choices, and users' "EN + 中文" setting, stored through aiosqlite
so they survive restarts."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from cachetools import LRUCache

from bot import memory
from bot.storage.async_store import AsyncStore
from bot.storage.write_behind import Saving, WriteBehind
from bot.trouble import Trouble

log = logging.getLogger(__name__)

_UPSERT = (
    "INSERT INTO {table} ({key}, language, updated_at) VALUES (?, ?, datetime('now')) "
    "ON CONFLICT ({key}) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at"
)
_USER_UPSERT = _UPSERT.format(table="user_prefs", key="user_id")
_CHAT_UPSERT = _UPSERT.format(table="chat_prefs", key="chat_id")
_SIDE_BY_SIDE_UPSERT = (
    "INSERT INTO user_display_prefs (user_id, side_by_side, updated_at) VALUES (?, ?, datetime('now')) "
    "ON CONFLICT (user_id) DO UPDATE SET side_by_side = excluded.side_by_side, updated_at = excluded.updated_at"
)
entry_bytes = memory.entry_size(memory.INT_KEY_ALLOWANCE)  # what one remembered choice is charged
# Users' settings share memory.USER_LANGUAGES_BYTES: this share for "EN + 中文", the rest for languages.
SIDE_BY_SIDE_SHARE = 8


class PreferenceStore(AsyncStore):
    """Language choices: in memory for every read, written through a WriteBehind queue.

    Reads are served from memory: every update needs the reply language, and a round trip to
    the database thread for it cost more than the rest of a /quote reply. One bot process owns
    the database, so memory cannot go stale. While every saved choice fits in it (`complete`),
    someone not in it has saved nothing: a new user costs no trip. Past the budget (bytes,
    bot.memory) the least recently used are forgotten and read again when needed.

    A new choice applies at once, in memory; saving it may wait out a busy database in the
    background (bot.storage.write_behind), and `set_*` says whether it is saved, still being
    saved, or cannot be saved (read-only or full storage: it then holds until restart).
    """

    def __init__(self, db_path: Path | None, *, writable: bool = True,
                 user_bytes: int = memory.USER_LANGUAGES_BYTES, chat_bytes: int = memory.CHAT_LANGUAGES_BYTES) -> None:
        super().__init__(db_path, writable=writable)
        side_by_side_bytes = user_bytes // SIDE_BY_SIDE_SHARE
        self._users: LRUCache[int, str | None] = LRUCache(maxsize=user_bytes - side_by_side_bytes,
                                                          getsizeof=entry_bytes)
        self._chats: LRUCache[int, str | None] = LRUCache(maxsize=chat_bytes, getsizeof=entry_bytes)
        self._side_by_side: LRUCache[int, bool | None] = LRUCache(maxsize=side_by_side_bytes, getsizeof=entry_bytes)
        self._complete = not self.has_database
        self._side_by_side_complete = not self.has_database
        writable_db = writable and db_path is not None
        self._writes = WriteBehind(lambda: self._conn if writable_db else None, log, "saving users' choices")
        self._reads = Trouble(log, "reading saved language choices")

    async def initialize(self) -> None:
        await super().initialize()
        if not self.has_database:
            return
        counts_sql = "SELECT (SELECT count(*) FROM user_prefs), (SELECT count(*) FROM chat_prefs)"
        async with self._db.execute(counts_sql) as cursor:
            counts = await cursor.fetchone()
        largest = entry_bytes("zh-hans")
        if all(count * largest <= cache.maxsize for count, cache in zip(counts, (self._users, self._chats))):
            self._users.update(await self._db.execute_fetchall("SELECT user_id, language FROM user_prefs"))
            self._chats.update(await self._db.execute_fetchall("SELECT chat_id, language FROM chat_prefs"))
            self._complete = True
        async with self._db.execute("SELECT count(*) FROM user_display_prefs") as cursor:
            (count,) = await cursor.fetchone()
        if count * entry_bytes(True) <= self._side_by_side.maxsize:
            rows = await self._db.execute_fetchall("SELECT user_id, side_by_side FROM user_display_prefs")
            self._side_by_side.update((user_id, bool(on)) for user_id, on in rows)
            self._side_by_side_complete = True

    async def shutdown(self) -> None:
        await self._writes.close()
        await super().shutdown()

    async def languages(self, user_id: int | None, chat_id: int | None) -> tuple[str | None, str | None]:
        """The saved (user, chat) languages; None where nothing is saved (or it cannot be read now)."""
        if self._complete or (
            (user_id is None or user_id in self._users) and (chat_id is None or chat_id in self._chats)
        ):
            return self._users.get(user_id), self._chats.get(chat_id)  # type: ignore[arg-type]
        try:
            async with self._db.execute(
                "SELECT (SELECT language FROM user_prefs WHERE user_id = ?),"
                " (SELECT language FROM chat_prefs WHERE chat_id = ?)",
                (user_id, chat_id),
            ) as cursor:
                user_language, chat_language = await cursor.fetchone()
        except sqlite3.Error as error:  # a broken disk: reply in the default language, one log line
            self._reads.failed(error, "replying without the saved choice")
            return self._users.get(user_id), self._chats.get(chat_id)  # type: ignore[arg-type]
        self._reads.worked()
        if user_id is not None:
            self._remember(self._users, user_id, user_language, overwrite=False)  # a newer choice wins
        if chat_id is not None:
            self._remember(self._chats, chat_id, chat_language, overwrite=False)
        return self._users.get(user_id, user_language), self._chats.get(chat_id, chat_language)  # type: ignore[arg-type]

    async def set_user_language(self, user_id: int, language: str) -> Saving:
        self._remember(self._users, user_id, language)
        return await self._writes.save(("user", user_id), _USER_UPSERT, (user_id, language))

    async def set_chat_language(self, chat_id: int, language: str) -> Saving:
        self._remember(self._chats, chat_id, language)
        return await self._writes.save(("chat", chat_id), _CHAT_UPSERT, (chat_id, language))

    async def side_by_side(self, user_id: int | None) -> bool:
        """Whether the user reads excerpts with the Chinese under the English ("EN + 中文"); off by default."""
        if user_id is None:
            return False
        if self._side_by_side_complete or user_id in self._side_by_side:
            return bool(self._side_by_side.get(user_id))
        try:
            async with self._db.execute("SELECT side_by_side FROM user_display_prefs WHERE user_id = ?",
                                        (user_id,)) as cursor:
                row = await cursor.fetchone()
        except sqlite3.Error as error:  # a broken disk: one language, one log line
            self._reads.failed(error, "replying without the saved choice")
            return False
        self._reads.worked()
        if user_id not in self._side_by_side:  # a newer choice, made while reading, wins
            self._remember_side_by_side(user_id, bool(row[0]) if row else None)
        return bool(self._side_by_side.get(user_id))

    async def set_side_by_side(self, user_id: int, on: bool) -> Saving:
        self._remember_side_by_side(user_id, on)
        return await self._writes.save(("side_by_side", user_id), _SIDE_BY_SIDE_UPSERT, (user_id, int(on)))

    def _remember_side_by_side(self, user_id: int, on: bool | None) -> None:
        cache = self._side_by_side
        if user_id not in cache and cache.currsize + cache.getsizeof(on) > cache.maxsize:
            self._side_by_side_complete = not self.has_database
        cache[user_id] = on

    def _remember(self, cache: LRUCache, key: int, language: str | None, *, overwrite: bool = True) -> None:
        """Keep `language` in memory; once memory is full, someone not in it may have saved a choice."""
        if key not in cache and cache.currsize + cache.getsizeof(language) > cache.maxsize:
            self._complete = not self.has_database  # without a database, memory is all there is
        if overwrite or key not in cache:
            cache[key] = language
