"""Language preferences: saved through aiosqlite, kept across reopen, no write lost under concurrency."""

import asyncio

from bot.storage.preferences import PreferenceStore, entry_bytes

ENTRY = entry_bytes("zh-hans")  # one remembered choice, as the store charges it


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


async def test_more_choices_than_the_cache_holds_are_still_read_right(tmp_path):
    store = PreferenceStore(tmp_path / "q.sqlite3", user_bytes=10 * ENTRY)
    await store.initialize()
    for user in range(25):
        await store.set_user_language(user, ("en", "zh-hans", "zh-hant")[user % 3])
    await store.shutdown()
    for limit in (10, 100):  # reopened with the choices over the limit (read through), and under it
        reopened = PreferenceStore(tmp_path / "q.sqlite3", user_bytes=limit * ENTRY)
        await reopened.initialize()
        try:
            got = [(await reopened.languages(user, None))[0] for user in range(30)]
            assert got == [("en", "zh-hans", "zh-hant")[u % 3] for u in range(25)] + [None] * 5
            await reopened.set_user_language(1000 + limit, "en")
            assert (await reopened.languages(1000 + limit, None))[0] == "en"
        finally:
            await reopened.shutdown()


async def test_the_side_by_side_setting_survives_a_restart_and_is_off_by_default(tmp_path):
    store = PreferenceStore(tmp_path / "q.sqlite3")
    await store.initialize()
    assert await store.side_by_side(1) is False and await store.side_by_side(None) is False
    await store.set_side_by_side(1, True)
    await store.set_side_by_side(2, True)
    await store.set_side_by_side(2, False)
    assert await store.side_by_side(1) is True
    await store.shutdown()
    for user_bytes in (64 * 1024 * 1024, 10 * ENTRY):  # all held in memory; too many for it, read through
        reopened = PreferenceStore(tmp_path / "q.sqlite3", user_bytes=user_bytes)
        await reopened.initialize()
        try:
            assert [await reopened.side_by_side(user) for user in (1, 2, 3)] == [True, False, False]
            assert await reopened.languages(1, None) == (None, None)  # a setting is not a language choice
        finally:
            await reopened.shutdown()
