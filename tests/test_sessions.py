"""Search sessions behind page buttons: in memory, saved in batches, recalled after a restart."""

import asyncio
import sqlite3
import time

from bot import sessions
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
    bounded = SearchSessions(SessionStore(path), capacity=2)
    await bounded.initialize()
    try:
        first = bounded.create(1, "first").id
        bounded.create(1, "second")
        bounded.create(1, "third")
        await bounded.flush()
        raw = sqlite3.connect(path)
        raw.execute("UPDATE search_sessions SET query = 'from the store' WHERE id = ?", (first,))
        raw.commit()
        # Evicted from memory (capacity 2), so it is read from the store, not remembered.
        assert (await bounded.get(first)).query == "from the store"
    finally:
        await bounded.shutdown()
