"""The real bot over a database in trouble: locked by another process, read-only, full, damaged, killed.

A read-only directory must stop root too, and chmod does not (root writes past it). So where
the tests run as root, the bot runs in a private mount namespace (`unshare --mount`) in which
its data directory is a read-only bind mount (EROFS for root as for anyone) or a full tmpfs
(ENOSPC); nothing outside that process sees either. As another user, chmod is enough for the
read-only case. Where neither is possible the test is skipped, saying why.
"""

import asyncio
import functools
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from bot.i18n import t
from bot.language import LANGUAGE_NAMES
from tests.e2e.botprocess import BotProcess
from tests.e2e.dialog import ATTRIBUTION, ask, button, plain, press, wait_for_log
from tests.storage.test_startup import damage_page
from tests.storage.test_write_behind import hold_write_lock

# Semantic search (embeddings) has nothing to do with storage, and would add a minute per fresh database.
ENV = {"SEMANTIC_SEARCH": "false", "LOG_LEVEL": "INFO"}
TRACEBACK = "Traceback (most recent call last)"


def bot_in(standin, workdir: Path) -> BotProcess:
    data = workdir / "data"
    data.mkdir(exist_ok=True)
    return BotProcess(standin, workdir, DATABASE_PATH=str(data / "quotebot.sqlite3"),
                      HEARTBEAT_FILE=str(data / "heartbeat"), **ENV)


def saved_language(bot: BotProcess, user_id: int) -> str | None:
    with sqlite3.connect(bot.env["DATABASE_PATH"]) as db:
        row = db.execute("SELECT language FROM user_prefs WHERE user_id = ?", (user_id,)).fetchone()
    return row[0] if row else None


def in_language(reply, language: str) -> bool:
    """A /quote reply whose buttons are labelled in `language`."""
    return any(b.get("text") == t(language, "button.another") for row in
               reply.params.get("reply_markup", {}).get("inline_keyboard", []) for b in row)


async def test_a_language_change_during_an_8s_lock_is_answered_at_once_and_saved_after(standin, tmp_path):
    bot = bot_in(standin, tmp_path)
    await bot.start()
    user = 801
    assert ATTRIBUTION in plain(await ask(standin, "/quote", chat_id=user))
    holder = hold_write_lock(bot.env["DATABASE_PATH"], 8.0)  # a backup, a second copy of the bot
    locked_at = time.monotonic()
    standin.send_message("/language zh-hant", chat_id=user, user_id=user)
    reply = await standin.replies_to(user, timeout=10)
    answered_in = reply.at - locked_at
    assert plain(reply) == plain_text("zh-hant", "language.set_user", name=LANGUAGE_NAMES["zh-hant"])
    assert answered_in < 1.0, answered_in
    assert saved_language(bot, user) is None  # not yet: the lock holds
    quote = await ask(standin, "/quote", chat_id=user)
    assert in_language(quote, "zh-hant")  # applies at once, from memory
    await asyncio.to_thread(holder.join)
    cleared_at = time.monotonic()
    while saved_language(bot, user) is None and time.monotonic() - cleared_at < 5:
        await asyncio.sleep(0.05)
    saved_after = time.monotonic() - cleared_at
    assert saved_language(bot, user) == "zh-hant"
    assert await bot.stop() == 0
    await bot.start()  # the next reply comes from what was saved, not from memory
    assert in_language(await ask(standin, "/quote", chat_id=user), "zh-hant")
    assert await bot.stop() == 0
    logs = bot.logs()
    assert logs.count(TRACEBACK) == 0 and " ERROR " not in logs
    assert "Sorry, something went wrong" not in "".join(plain(c) for c in standin.calls_to("sendMessage") if c.ok)
    print(f"\nlock 8 s: answered in {answered_in * 1000:.0f} ms, saved {saved_after:.2f} s after the lock "
          f"cleared: yes, tracebacks: {logs.count(TRACEBACK)}")


def plain_text(language: str, key: str, **params) -> str:
    from tests.e2e.standin import RecordedCall

    return plain(RecordedCall("sendMessage", {"text": t(language, key, **params), "parse_mode": "HTML"},
                              200, True, None, 0.0))


@functools.cache
def _can_unshare() -> bool:
    """Root with the right to make a private mount namespace (and mount in it)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as scratch:
        probe = ["unshare", "--mount", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", scratch]
        return subprocess.run(probe, capture_output=True).returncode == 0


def read_only(bot: BotProcess, data: Path) -> None:
    """The bot's data directory read-only to it (root included); see the module docstring."""
    if _can_unshare():
        bot.wrapper = ("unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(data))
    elif os.geteuid() != 0:
        data.chmod(0o555)
    else:
        pytest.skip("root without a mount namespace: no honest way to make a directory read-only to it")


def full(bot: BotProcess, data: Path) -> None:
    """The bot's data directory on a tmpfs holding its files and then filled up (ENOSPC)."""
    if not _can_unshare():
        pytest.skip("no mount namespace here: a full disk cannot be simulated honestly")
    stage = data.with_name("stage")
    shutil.copytree(data, stage)
    kib = sum(p.stat().st_size for p in stage.iterdir()) // 1024 + 256
    script = ('mount -t tmpfs -o size="$2"k tmpfs "$0" && cp -a "$1"/. "$0"/ && '
              '{ dd if=/dev/zero of="$0/filler" bs=4096 2>/dev/null; true; } && shift 2 && exec "$@"')
    bot.wrapper = ("unshare", "--mount", "sh", "-c", script, str(data), str(stage), str(kib))


@pytest.mark.parametrize("trouble", [read_only, full], ids=["read-only directory", "full disk"])
async def test_storage_that_cannot_be_written_still_answers_and_says_a_choice_is_not_saved(standin, tmp_path, trouble):
    bot = bot_in(standin, tmp_path)
    await bot.start()
    assert "繁體中文" in plain(await ask(standin, "/language zh-hant", chat_id=811))
    assert await bot.stop() == 0
    trouble(bot, tmp_path / "data")
    await bot.start()
    results = await ask(standin, "/search neural networks", chat_id=812)
    assert "1–5 of" in plain(results)
    _, page_two = await press(standin, results, button(results, "More ▶"), user_id=812)  # sessions in memory
    assert page_two is not None and "6–10 of" in plain(page_two)
    assert ATTRIBUTION in plain(await ask(standin, "/quote", chat_id=812))
    assert in_language(await ask(standin, "/quote", chat_id=811), "zh-hant")  # saved before: still read
    refused = await ask(standin, "/language zh", chat_id=812)
    assert plain(refused) == plain_text("zh-hans", "language.not_saved", name=LANGUAGE_NAMES["zh-hans"])
    assert in_language(await ask(standin, "/quote", chat_id=812), "zh-hans")  # holds until restart
    for user in range(813, 818):  # more choices: no more log lines
        await ask(standin, "/language en", chat_id=user)
    assert await bot.stop() == 0
    log = bot.log()
    warnings = [line for line in log.splitlines() if " WARNING " in line]
    assert len([w for w in warnings if "database" in w]) == 1, warnings
    assert len(warnings) <= 2, warnings  # and at most one for the heartbeat file
    assert TRACEBACK not in log and " ERROR " not in log


@pytest.mark.parametrize("damage", ["garbage", "a damaged page"])
async def test_a_damaged_database_is_moved_aside_and_the_bot_starts(standin, tmp_path, damage):
    bot = bot_in(standin, tmp_path)
    await bot.start()
    assert "繁體中文" in plain(await ask(standin, "/language zh-hant", chat_id=821))
    assert await bot.stop() == 0
    path = Path(bot.env["DATABASE_PATH"])
    if damage == "garbage":
        path.write_bytes(os.urandom(path.stat().st_size))
    else:
        damage_page(path, "turns")
    await bot.start()
    line = (await wait_for_log(bot, r"WARNING .*damaged.*moved it to (\S+);")).group(0)
    moved = Path(line.split("moved it to ")[1].split(";")[0])
    assert moved.is_file() and moved.parent == path.parent
    assert ATTRIBUTION in plain(await ask(standin, "/quote", chat_id=822))  # the corpus, rebuilt
    kept = in_language(await ask(standin, "/quote", chat_id=821), "zh-hant")
    assert kept == (damage != "garbage")  # what could be read was kept
    assert await bot.stop() == 0
    await bot.start()  # and the next start is a normal one
    assert "damaged" not in bot.log()
    assert await bot.stop() == 0
    assert TRACEBACK not in bot.logs()


async def test_a_choice_confirmed_just_before_sigkill_is_there_after_restart(standin, tmp_path):
    bot = bot_in(standin, tmp_path)
    await bot.start()
    for user, code in ((831, "zh-hans"), (832, "zh-hant")):
        confirmed = await ask(standin, f"/language {code}", chat_id=user)
        assert plain(confirmed) == plain_text(code, "language.set_user", name=LANGUAGE_NAMES[code])
    os.kill(bot.process.pid, signal.SIGKILL)  # at once after the confirmation: no shutdown, no flush
    assert await bot.wait_exit() == -signal.SIGKILL
    await bot.start()
    assert in_language(await ask(standin, "/quote", chat_id=831), "zh-hans")
    assert in_language(await ask(standin, "/quote", chat_id=832), "zh-hant")
    assert await bot.stop() == 0
