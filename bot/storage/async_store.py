"""The aiosqlite connection the writable stores share the shape of."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.storage.schema import connect


class AsyncStore:
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
            raise RuntimeError(f"{type(self).__name__}.initialize() was not called")
        return self._conn
