"""The aiohttp Bot API transport: bodies, timeouts and errors, against a real local HTTP server."""

import asyncio
import json

import pytest
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.aiohttp_request import AiohttpRequest
from tests.local_server import origin_of, serve


@pytest.fixture
async def transport():
    request = AiohttpRequest(read_timeout=0.5)
    await request.initialize()
    yield request
    await request.shutdown()


def _data(**params) -> RequestData:
    return RequestData([RequestParameter.from_input(key, value) for key, value in params.items()])


async def test_parameters_arrive_as_a_json_object_with_nested_markup(transport):
    received = {}

    async def handler(request):
        received.update(content_type=request.content_type, body=await request.json())
        return web.json_response({"ok": True, "result": True})

    runner, base = await serve(handler)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("下一页 ▶", callback_data="p:1")]])
    try:
        status, payload = await transport.do_request(
            f"{base}/sendMessage", "POST", _data(chat_id=7, text="幻觉 <b>x</b>", reply_markup=keyboard))
    finally:
        await runner.cleanup()
    assert status == 200 and json.loads(payload) == {"ok": True, "result": True}
    assert received["content_type"] == "application/json"
    assert received["body"]["text"] == "幻觉 <b>x</b>" and received["body"]["chat_id"] == 7
    assert received["body"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "p:1"


async def test_files_go_as_multipart_form(transport):
    received = {}

    async def handler(request):
        form = await request.post()
        received.update(caption=form["caption"], document=form["document"].file.read())
        return web.json_response({"ok": True, "result": True})

    runner, base = await serve(handler)
    try:
        await transport.do_request(f"{base}/sendDocument", "POST",
                                   _data(caption="seeds", document=InputFile(b"turns\n", filename="t.txt")))
    finally:
        await runner.cleanup()
    assert received == {"caption": "seeds", "document": b"turns\n"}


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_a_slow_answer_is_a_timeout(transport):
    async def handler(request):
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    runner, base = await serve(handler)
    try:
        with pytest.raises(TimedOut):
            await transport.do_request(f"{base}/getMe", "POST")
    finally:
        await runner.cleanup()


async def test_a_refused_connection_is_a_network_error_naming_the_cause(transport):
    with pytest.raises(NetworkError, match="ClientConnectorError") as raised:
        await transport.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    assert "1:x" not in str(raised.value)  # the URL (with the token) is not in the message


async def test_it_must_be_initialized_first():
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")


async def test_an_error_quoting_the_url_does_not_carry_the_token(transport):
    token = "123456:AAH-secret_token_value_0123456789abcd"
    with pytest.raises(NetworkError) as raised:
        await transport.do_request(f"http://127.0.0.1:9:bad/bot{token}/getMe", "POST")
    assert "secret_token" not in str(raised.value)


async def test_requests_go_through_the_proxy_the_environment_names(monkeypatch):
    seen = []

    async def proxy(request):  # an HTTP proxy gets the absolute URL on the request line
        seen.append(str(request.url))
        return web.json_response({"ok": True, "result": {"via": "proxy"}})

    runner, _ = await serve(proxy, every_path=True)
    monkeypatch.setenv("HTTP_PROXY", origin_of(runner))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    request = AiohttpRequest()
    await request.initialize()
    try:
        status, payload = await request.do_request("http://api.telegram.invalid/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert status == 200 and json.loads(payload)["result"] == {"via": "proxy"}
    assert seen and seen[0].endswith("/bot1:x/getMe")


async def test_no_proxy_sends_the_named_host_direct(monkeypatch):
    proxied = []

    async def proxy(request):
        proxied.append(str(request.url))
        return web.json_response({"ok": True, "result": "via proxy"})

    async def api(request):
        return web.json_response({"ok": True, "result": "direct"})

    proxy_runner, _ = await serve(proxy, every_path=True)
    api_runner, base_url = await serve(api)
    monkeypatch.setenv("HTTP_PROXY", origin_of(proxy_runner))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    request = AiohttpRequest()
    await request.initialize()
    try:
        answers = [await request.do_request(f"{base_url}/getMe", "POST") for _ in range(2)]
    finally:
        await request.shutdown()
        await proxy_runner.cleanup()
        await api_runner.cleanup()
    assert [json.loads(body)["result"] for _, body in answers] == ["direct", "direct"] and not proxied


async def test_a_malformed_proxy_variable_is_an_error_naming_it_not_a_silent_direct_request(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://user:hunter2@proxy.example:99999")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request("https://api.telegram.invalid/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
    assert "HTTPS_PROXY" in str(raised.value) and "hunter2" not in str(raised.value)
