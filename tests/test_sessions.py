"""Search sessions behind page buttons: in memory, saved in batches, recalled after a restart."""

import asyncio
import logging
import sqlite3
import time

import pytest

from bot import memory, sessions
from bot.sessions import SearchSession, SearchSessions
from bot.storage.search_sessions import SessionStore


async def _started(path) -> SearchSessions:
    store = SearchSessions(SessionStore(path))
    await store.initialize()
    return store


async def test_a_search_outlives_a_restart(tmp_path):
    path = tmp_path / "q.sqlite3"
    first = await _started(path)
    session_id = first.create(42, "幻觉 and scaling", "guest").id
    await first.shutdown()  # a clean stop writes what the periodic flush has not yet
    second = await _started(path)
    try:
        assert await second.get(session_id) == SearchSession(session_id, 42, "幻觉 and scaling", "guest")
        assert await second.get("0000000000") is None
    finally:
        await second.shutdown()


async def test_new_searches_are_saved_within_a_flush_period(tmp_path, monkeypatch):
    monkeypatch.setattr(sessions, "FLUSH_EVERY_SECONDS", 0.05)
    path = tmp_path / "q.sqlite3"
    live = await _started(path)
    try:
        session_id = live.create(7, "bitter lesson").id
        deadline = time.monotonic() + 5
        saved = None
        while saved is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            saved = sqlite3.connect(path).execute(
                "SELECT query FROM search_sessions WHERE id = ?", (session_id,)).fetchone()
        assert saved == ("bitter lesson",)
    finally:
        await live.shutdown()


async def test_searches_older_than_a_month_are_forgotten_at_start(tmp_path):
    path = tmp_path / "q.sqlite3"
    first = await _started(path)
    old, recent = first.create(1, "old").id, first.create(1, "recent").id
    await first.shutdown()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE search_sessions SET created_at = ? WHERE id = ?", (int(time.time()) - sessions.KEEP_FOR_SECONDS - 60, old))
    raw.commit()
    second = await _started(path)
    try:
        assert await second.get(old) is None and (await second.get(recent)).query == "recent"
    finally:
        await second.shutdown()


async def test_memory_is_bounded_without_losing_saved_searches(tmp_path):
    path = tmp_path / "q.sqlite3"
    two = 2 * memory.entry_size()(SearchSession("0" * 10, 1, "second", "any"))  # room for two searches
    bounded = SearchSessions(SessionStore(path), memory_bytes=two)
    await bounded.initialize()
    try:
        first = bounded.create(1, "first").id
        bounded.create(1, "second")
        bounded.create(1, "third")
        await bounded.flush()
        raw = sqlite3.connect(path)
        raw.execute("UPDATE search_sessions SET query = 'from the store' WHERE id = ?", (first,))
        raw.commit()
        # Evicted from memory (room for two), so it is read from the store, not remembered.
        assert (await bounded.get(first)).query == "from the store"
    finally:
        await bounded.shutdown()


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_locked_database_delays_saving_with_one_warning_and_no_traceback(tmp_path, monkeypatch, caplog):
    from tests.storage.test_write_behind import hold_write_lock

    monkeypatch.setattr(sessions, "FLUSH_EVERY_SECONDS", 0.05)
    caplog.set_level(logging.INFO)
    path = tmp_path / "q.sqlite3"
    live = await _started(path)
    try:
        holder = hold_write_lock(path, 1.0)  # about twenty flush rounds fail meanwhile
        session_id = live.create(8, "scaling laws").id
        await asyncio.to_thread(holder.join)  # the event loop, and its flushing, go on meanwhile
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and sqlite3.connect(path).execute(
                "SELECT 1 FROM search_sessions WHERE id = ?", (session_id,)).fetchone() is None:
            await asyncio.sleep(0.05)
        assert (await live.get(session_id)).query == "scaling laws"
    finally:
        await live.shutdown()
    assert sqlite3.connect(path).execute("SELECT query FROM search_sessions WHERE id = ?",
                                         (session_id,)).fetchone() == ("scaling laws",)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "database is locked" in warnings[0], warnings
    assert any("works again" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_start_while_the_database_is_locked_still_starts(tmp_path):
    from tests.storage.test_write_behind import hold_write_lock

    path = tmp_path / "q.sqlite3"
    await (await _started(path)).shutdown()  # the database exists
    holder = hold_write_lock(path, 1.0)
    live = await _started(path)  # the prune at start meets the lock: tried again later
    try:
        assert live.create(9, "x").query == "x"
    finally:
        holder.join()
        await live.shutdown()
