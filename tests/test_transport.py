"""Retry policy of the Bot API transport (5xx, network; not 429), against a real local HTTP server."""

import asyncio

import pytest
from aiohttp import web
from telegram.error import NetworkError, RetryAfter

from bot import transport
from bot.transport import ResilientRequest, is_repeatable
from tests.local_server import serve


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(transport, "BACKOFF_SECONDS", (0.0, 0.0, 0.0))


def test_which_methods_are_repeated_after_a_drop():
    assert is_repeatable("editMessageText") and is_repeatable("answerCallbackQuery") and is_repeatable("getMe")
    assert not is_repeatable("sendMessage") and not is_repeatable("getUpdates")


async def test_5xx_is_retried_until_it_succeeds():
    answers = iter([web.Response(status=502, text="<html>bad gateway</html>"),
                    web.json_response({"ok": False, "error_code": 500, "description": "Internal"}, status=500)])

    async def handler(request):
        return next(answers, None) or web.json_response({"ok": True, "result": True})

    runner, base = await serve(handler)
    request = ResilientRequest()
    await request.initialize()
    try:
        status, _ = await request.do_request(f"{base}/sendMessage", "POST")
        assert status == 200 and next(answers, "used") == "used"
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_connection_refused_is_retried_then_reported(caplog):
    request = ResilientRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="ClientConnectorError"):
            await request.do_request("http://127.0.0.1:9/bot1:x/sendMessage", "POST")
        retries = [r for r in caplog.records if "sendMessage failed (ClientConnectorError); retry" in r.getMessage()]
        assert len(retries) == transport.MAX_ATTEMPTS - 1  # never sent, so even sendMessage is retried
    finally:
        await request.shutdown()


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_dropped_send_message_is_not_resent():
    calls = []

    async def handler(request):
        calls.append(request.match_info["method"])
        request.transport.close()
        await asyncio.sleep(1)
        return web.Response()

    runner, base = await serve(handler)
    request = ResilientRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.do_request(f"{base}/sendMessage", "POST")
        assert calls == ["sendMessage"]
        with pytest.raises(NetworkError):
            await request.do_request(f"{base}/editMessageText", "POST")
        assert calls.count("editMessageText") == transport.MAX_ATTEMPTS  # safe to repeat
    finally:
        await request.shutdown()
        await runner.cleanup()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter's own constructor
async def test_a_429_is_not_retried_here_but_goes_up_once_as_retry_after():
    """bot.flood_control owns the 429 policy: it must see each 429 exactly once."""
    calls = []

    async def handler(request):
        calls.append(request.match_info["method"])
        return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
                                  "parameters": {"retry_after": 1}}, status=429)

    runner, base = await serve(handler)
    request = ResilientRequest()
    await request.initialize()
    try:
        with pytest.raises(RetryAfter):
            await request.post(f"{base}/sendMessage")
        assert calls == ["sendMessage"]
    finally:
        await request.shutdown()
        await runner.cleanup()
