"""Writes that wait out a busy database in the background, so no reply waits for a lock and no choice is lost.

SQLite lets one connection write at a time. When another process holds the write lock (a
backup, a second copy of the bot), a statement waits `busy_timeout` and fails with "database
is locked". Here a write is tried at once; the caller (`save`) waits for it only until it is
on disk or its first try met the lock (or FIRST_TRY_SECONDS passed), so a reply goes out at
once either way. A write that met the lock stays queued and is retried, with backoff, until it
is saved or RETRY_FOR_SECONDS have passed; then its future says False and the caller tells
the user. Other failures (read-only storage, a full disk, a damaged file) will not pass in
seconds: they fail at once. Each kind of failure is one log line (bot.trouble), not one per try.

Writes are keyed (e.g. per user): a newer write of the same key replaces a queued older one,
which then counts as done, since what it would have saved is out of date anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum

import aiosqlite

from bot.storage.errors import is_busy
from bot.trouble import Trouble

FIRST_TRY_SECONDS = 0.25  # longest a caller waits for its write; a healthy commit takes milliseconds
RETRY_FOR_SECONDS = 30.0  # a lock held longer than this (a stuck process, not a backup) loses the write
RETRY_EVERY_SECONDS = (0.05, 0.1, 0.2, 0.5)  # then every 0.5 s: a cleared lock is noticed within it
SHUTDOWN_SECONDS = 3.0  # at shutdown, queued writes get this long before they are given up
MAX_QUEUED = 10_000  # more distinct keys waiting than this: the newest fail at once (memory stays bounded)


class Saved(Enum):
    SAVED = "saved"  # on disk before the caller answers
    PENDING = "pending"  # the database is busy: saving goes on in the background (see Saving.settled)
    FAILED = "failed"  # cannot be saved now (read-only, full or damaged storage)


@dataclass(frozen=True)
class Saving:
    state: Saved
    settled: asyncio.Future[bool]  # True once saved (or replaced by a newer write), False if given up


@dataclass(eq=False)
class _Write:
    sql: str
    params: tuple
    submitted: float = field(default_factory=time.monotonic)
    done: asyncio.Future[bool] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    tried: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def mark_tried(self) -> None:
        if not self.tried.done():
            self.tried.set_result(None)

    def settle(self, saved: bool) -> None:
        self.mark_tried()
        if not self.done.done():
            self.done.set_result(saved)


class WriteBehind:
    """A queue of keyed writes on one aiosqlite connection, drained by one background task."""

    def __init__(self, connection: Callable[[], aiosqlite.Connection | None], log: logging.Logger, job: str) -> None:
        self._connection = connection  # None: no database at all (every write fails at once)
        self._log = log
        self._job = job
        self._trouble = Trouble(log, job)
        self._queued: dict[Hashable, _Write] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def save(self, key: Hashable, sql: str, params: tuple) -> Saving:
        """Queue the write and wait until it is saved, or its first try met a lock, or FIRST_TRY_SECONDS."""
        write = self.submit(key, sql, params)
        await asyncio.wait((write.done, write.tried), timeout=FIRST_TRY_SECONDS, return_when=asyncio.FIRST_COMPLETED)
        if not write.done.done():
            return Saving(Saved.PENDING, write.done)
        return Saving(Saved.SAVED if write.done.result() else Saved.FAILED, write.done)

    def submit(self, key: Hashable, sql: str, params: tuple) -> _Write:
        write = _Write(sql, params)
        if self._connection() is None or (key not in self._queued and len(self._queued) >= MAX_QUEUED):
            write.settle(False)
            return write
        replaced = self._queued.get(key)
        if replaced is not None:
            replaced.settle(True)
        self._queued[key] = write
        if self._task is None:
            self._task = asyncio.create_task(self._drain_forever(), name=f"write-behind: {self._job}")
        self._wake.set()
        return write

    async def close(self) -> None:
        """Let the background task save what is queued for up to SHUTDOWN_SECONDS, then stop it.

        It is stopped only once idle, or when time is up (a write cut short is rolled back when
        the connection closes): cancelling it mid-transaction would leave the transaction open.
        """
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        while self._queued and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._queued:
            self._log.warning("%s: %d not saved at shutdown (the database stayed busy)", self._job, len(self._queued))
            self._give_up(list(self._queued))

    async def _drain_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._drain()

    async def _drain(self) -> None:
        """Write everything queued; on a lock, retry with backoff until each write's time is up."""
        busy_tries = 0
        while self._queued:
            batch = dict(self._queued)
            error = await self._write(list(batch.values()))
            if error is None:
                self._trouble.worked(f"saved {len(batch)}")
                self._finish(batch, saved=True)
                busy_tries = 0
            elif is_busy(error):
                self._trouble.failed(error, f"retrying for up to {RETRY_FOR_SECONDS:.0f}s")
                for write in batch.values():
                    write.mark_tried()  # its caller may answer now: saving goes on in the background
                self._expire()
                await asyncio.sleep(RETRY_EVERY_SECONDS[min(busy_tries, len(RETRY_EVERY_SECONDS) - 1)])
                busy_tries += 1
            else:
                self._trouble.failed(error, "not saved (it holds until the bot restarts)")
                self._finish(batch, saved=False)

    async def _write(self, writes: list[_Write]) -> Exception | None:
        """One transaction for the batch; BEGIN IMMEDIATE meets a lock up front, not at COMMIT."""
        db = self._connection()
        try:
            await db.execute("BEGIN IMMEDIATE")
            for write in writes:
                await db.execute(write.sql, write.params)
            await db.commit()
        except Exception as error:  # sqlite3.Error: expected (one line, by the caller); else a bug, shown whole
            if not isinstance(error, sqlite3.Error):
                self._log.exception("%s: unexpected failure", self._job)
            with contextlib.suppress(Exception):
                await db.rollback()
            return error
        return None

    def _finish(self, batch: dict[Hashable, _Write], *, saved: bool) -> None:
        for key, write in batch.items():
            if self._queued.get(key) is write:  # not replaced by a newer write meanwhile
                del self._queued[key]
            write.settle(saved)

    def _expire(self) -> None:
        cutoff = time.monotonic() - RETRY_FOR_SECONDS
        expired = [key for key, write in self._queued.items() if write.submitted < cutoff]
        if expired:
            self._log.warning("%s: gave up on %d after %.0fs of a busy database; they hold until the bot restarts",
                              self._job, len(expired), RETRY_FOR_SECONDS)
            self._give_up(expired)

    def _give_up(self, keys: list[Hashable]) -> None:
        for key in keys:
            self._queued.pop(key).settle(False)
