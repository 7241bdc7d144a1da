"""Language choices meeting a busy, full, read-only or missing database: answered at once, saved when possible."""

import asyncio
import logging
import sqlite3
import threading
import time

import pytest

from bot.storage import write_behind
from bot.storage.preferences import PreferenceStore
from bot.storage.write_behind import Saved


def hold_write_lock(path, seconds: float) -> threading.Thread:
    """Another connection (a backup, a second bot) takes the write lock and keeps it for `seconds`."""
    taken = threading.Event()

    def hold():
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    taken.wait(5)
    return thread


def saved_language(path, user_id: int) -> str | None:
    row = sqlite3.connect(path).execute("SELECT language FROM user_prefs WHERE user_id = ?", (user_id,)).fetchone()
    return row[0] if row else None


@pytest.fixture
async def store(tmp_path):
    opened = PreferenceStore(tmp_path / "q.sqlite3")
    await opened.initialize()
    yield opened
    await opened.shutdown()


async def test_a_healthy_write_is_on_disk_before_the_answer(store, tmp_path):
    saving = await store.set_user_language(1, "zh-hant")
    assert saving.state is Saved.SAVED and saving.settled.result() is True
    assert saved_language(tmp_path / "q.sqlite3", 1) == "zh-hant"


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_locked_database_answers_at_once_and_saves_when_the_lock_clears(store, tmp_path, caplog):
    path = tmp_path / "q.sqlite3"
    holder = hold_write_lock(path, 1.5)
    started = time.monotonic()
    saving = await store.set_user_language(2, "zh-hans")
    answered = time.monotonic() - started
    assert saving.state is Saved.PENDING and answered < 0.3
    assert await store.languages(2, None) == ("zh-hans", None)  # applies at once
    assert saved_language(path, 2) is None
    assert await asyncio.wait_for(saving.settled, 10) is True
    await asyncio.to_thread(holder.join)
    assert saved_language(path, 2) == "zh-hans"
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "database is locked" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_lock_held_past_the_limit_gives_the_write_up(store, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(write_behind, "RETRY_FOR_SECONDS", 0.5)
    holder = hold_write_lock(tmp_path / "q.sqlite3", 1.5)
    saving = await store.set_user_language(3, "en")
    assert await asyncio.wait_for(saving.settled, 10) is False
    assert await store.languages(3, None) == ("en", None)  # still holds until restart
    await asyncio.to_thread(holder.join)
    assert saved_language(tmp_path / "q.sqlite3", 3) is None
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING", "WARNING"]
    assert "gave up on 1" in caplog.records[-1].getMessage()


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_newer_choice_replaces_a_waiting_one(store, tmp_path):
    holder = hold_write_lock(tmp_path / "q.sqlite3", 0.8)
    first = await store.set_user_language(4, "zh-hans")
    second = await store.set_user_language(4, "zh-hant")
    assert (first.state, second.state) == (Saved.PENDING, Saved.PENDING)
    assert await asyncio.wait_for(asyncio.gather(first.settled, second.settled), 10) == [True, True]
    await asyncio.to_thread(holder.join)
    assert saved_language(tmp_path / "q.sqlite3", 4) == "zh-hant"


async def test_a_full_disk_fails_at_once_with_one_warning(store, caplog):
    # SQLITE_FULL, the code a full disk gives: the file may not grow past its current pages.
    (pages,) = await (await store._db.execute("PRAGMA page_count")).fetchone()
    await store._db.execute(f"PRAGMA max_page_count = {pages}")
    results = [await store.set_user_language(user, "zh-hans") for user in range(10, 400)]
    assert {r.state for r in results[-5:]} == {Saved.FAILED}
    assert await store.languages(399, None) == ("zh-hans", None)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "SQLITE_FULL" in warnings[0].getMessage()


async def test_read_only_storage_reads_what_is_saved_and_refuses_new_choices(tmp_path):
    path = tmp_path / "q.sqlite3"
    writer = PreferenceStore(path)
    await writer.initialize()
    await writer.set_user_language(5, "zh-hant")
    await writer.shutdown()
    reader = PreferenceStore(path, writable=False)
    await reader.initialize()
    try:
        assert await reader.languages(5, None) == ("zh-hant", None)
        assert (await reader.set_user_language(6, "en")).state is Saved.FAILED
        assert await reader.languages(6, None) == ("en", None)
    finally:
        await reader.shutdown()


async def test_without_a_database_choices_live_in_memory():
    store = PreferenceStore(None)
    await store.initialize()
    assert (await store.set_chat_language(-7, "zh-hans")).state is Saved.FAILED
    assert await store.languages(None, -7) == (None, "zh-hans")
    await store.shutdown()


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_shutdown_saves_what_waits_if_the_lock_clears_in_time(tmp_path):
    path = tmp_path / "q.sqlite3"
    store = PreferenceStore(path)
    await store.initialize()
    holder = hold_write_lock(path, 1.0)
    assert (await store.set_user_language(8, "zh-hant")).state is Saved.PENDING
    await store.shutdown()  # waits up to SHUTDOWN_SECONDS for the lock
    await asyncio.to_thread(holder.join)
    assert saved_language(path, 8) == "zh-hant"
