"""The aiosqlite connection the writable stores share the shape of."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from bot.storage.schema import connect, readonly_uri

# How long one statement waits for another connection's write lock before it fails. Short on
# purpose: the wait blocks this connection's thread, reads included, and writes that meet a lock
# are retried in the background (bot.storage.write_behind), not by a long wait here.
LOCK_WAIT_MS = 50


class AsyncStore:
    """One aiosqlite connection: its worker thread runs statements in order, so no write is lost.

    `writable=False` opens the database read-only (a read-only directory or disk, found at start
    by bot.storage.startup): what is saved can be read, writes fail at once. `db_path=None`:
    no database at all, the store lives in memory only.
    """

    def __init__(self, db_path: Path | None, *, writable: bool = True) -> None:
        self._db_path = db_path
        self._writable = writable and db_path is not None
        self._conn: aiosqlite.Connection | None = None

    @property
    def has_database(self) -> bool:
        return self._db_path is not None

    async def initialize(self) -> None:
        if self._db_path is None:
            return
        if self._writable:
            connect(self._db_path).close()  # create and migrate synchronously, once
            self._conn = await aiosqlite.connect(self._db_path)
            await self._conn.execute("PRAGMA synchronous=FULL")  # see schema.connect: a commit is on disk
        else:
            self._conn = await aiosqlite.connect(readonly_uri(self._db_path), uri=True)
        await self._conn.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")

    async def shutdown(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def _db(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError(f"{type(self).__name__}.initialize() was not called")
        return self._conn
