"""Language preferences: saved through aiosqlite, kept across reopen, no write lost under concurrency."""

import asyncio

from bot.storage.preferences import PreferenceStore


async def test_choices_survive_a_restart(tmp_path):
    store = PreferenceStore(tmp_path / "q.sqlite3")
    await store.initialize()
    await store.set_user_language(1, "zh-hant")
    await store.set_chat_language(-100, "zh-hans")
    await store.shutdown()
    reopened = PreferenceStore(tmp_path / "q.sqlite3")
    await reopened.initialize()
    assert await reopened.languages(1, -100) == ("zh-hant", "zh-hans")
    assert await reopened.languages(2, None) == (None, None)
    await reopened.shutdown()


async def test_concurrent_writes_are_all_kept(tmp_path):
    store = PreferenceStore(tmp_path / "q.sqlite3")
    await store.initialize()
    languages = ("en", "zh-hans", "zh-hant")
    await asyncio.gather(*(store.set_user_language(user, languages[user % 3]) for user in range(300)))
    await asyncio.gather(*(store.set_user_language(user, "en") for user in range(0, 300, 2)))
    results = await asyncio.gather(*(store.languages(user, None) for user in range(300)))
    assert [r[0] for r in results] == ["en" if u % 2 == 0 else languages[u % 3] for u in range(300)]
    await store.shutdown()
