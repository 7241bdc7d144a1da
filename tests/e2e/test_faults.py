"""Telegram failing: 429, 5xx, dropped connections, polling outages, a second instance."""

import asyncio
import time

import pytest

from tests.e2e.botprocess import BotProcess
from tests.e2e.dialog import ATTRIBUTION, plain, wait_for_log
from tests.e2e.standin import BotApiStandIn, Fault


@pytest.fixture
async def bot(standin, tmp_path):
    process = BotProcess(standin, tmp_path)
    await process.start()
    yield process
    assert await process.stop() == 0
    assert standin.token not in process.logs()


@pytest.mark.parametrize("fault", [Fault.too_many_requests(retry_after=1), Fault.server_error(500),
                                   Fault.server_error(502)], ids=["429", "500", "502"])
async def test_reply_arrives_after_a_fault(bot, fault):
    api = bot.standin
    api.inject("sendMessage", fault)
    api.send_message("/quote", chat_id=501, user_id=501)
    reply = await api.wait_for("sendMessage", lambda c: c.ok, timeout=15)
    assert ATTRIBUTION in plain(reply)
    attempts = [c for c in api.calls_to("sendMessage") if c.params.get("chat_id") == 501]
    assert [c.injected for c in attempts] == [True, False]  # retried exactly once, delivered once
    if fault.retry_after:
        assert attempts[1].at - attempts[0].at >= fault.retry_after * 0.9


async def test_dropped_connection_after_sending_is_not_resent_blindly(bot):
    api = bot.standin
    api.inject("sendMessage", Fault.drop_connection())
    update_id = api.send_message("/quote", chat_id=502, user_id=502)
    # The sign that the bot gave up on that send: the error reached its error handler, after
    # the transport's last retry (if it made any).
    await wait_for_log(bot, rf"(?i)network error.*\bupdate {update_id}\b")
    attempts = [c for c in api.calls_to("sendMessage") if c.params.get("chat_id") == 502]
    assert len(attempts) == 1  # may have reached Telegram: no duplicate reply
    api.send_message("/help", chat_id=502, user_id=502)
    assert "How to use me" in plain(await api.replies_to(502))  # and the bot carries on


async def test_polling_recovers_after_get_updates_failures(bot):
    api = bot.standin
    api.inject("getUpdates", Fault.server_error(502), times=3)
    api.inject("getUpdates", Fault.drop_connection(), times=1)
    # The poll waiting now was taken before the faults: this message ends it, the next polls fail.
    api.send_message("/start", chat_id=503, user_id=503)
    await api.replies_to(503)
    api.send_message("/help", chat_id=503, user_id=503)
    reply = await api.replies_to(503, timeout=30)
    assert "How to use me" in plain(reply)
    failed = [c for c in api.calls_to("getUpdates") if c.injected]
    assert len(failed) == 4 and all(c.at < reply.at for c in failed)  # /help came through after all four


async def test_slow_answer_still_gets_through(bot):
    api = bot.standin
    api.inject("sendMessage", Fault.slow(2.0))
    api.send_message("/help", chat_id=504, user_id=504)
    assert "How to use me" in plain(await api.replies_to(504, timeout=15))


async def test_second_instance_conflict_is_logged_clearly(tmp_path):
    async with BotApiStandIn() as api:
        first, second = BotProcess(api, tmp_path), BotProcess(api, tmp_path)
        await first.start()
        await second.start(wait_polling=False)  # same token, same database: a real double start
        deadline = time.monotonic() + 20  # the second process needs a moment to start and poll
        while "another instance is polling with this token" not in first.logs() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        assert await second.stop() == 0 and await first.stop() == 0
        assert "another instance is polling with this token" in first.logs()
