"""Start-up, menus, restarts, SIGTERM, configuration errors, webhook mode and a proxy."""

import asyncio
import socket
import sys
import time

import aiohttp
import httpx
from aiohttp import web

from tests.e2e.botprocess import REPO, BotProcess
from tests.e2e.dialog import ask, button, plain, press
from tests.e2e.standin import Fault
from tests.local_server import origin_of, serve


async def test_menu_and_descriptions_are_published_per_language(standin, tmp_path):
    bot = BotProcess(standin, tmp_path)
    await bot.start()
    assert [c["command"] for c in standin.commands()] == ["quote", "search", "interviews", "topic", "language", "help"]
    assert "语录" in standin.commands(language_code="zh")[0]["description"]
    languages = {c.params.get("language_code") for c in standin.calls_to("setMyDescription")}
    assert {"en", "zh"} <= languages
    assert await bot.stop() == 0


async def test_a_refused_menu_call_is_logged_and_the_bot_still_answers(standin, tmp_path):
    standin.inject("setMyDescription", Fault("answer", 400, "Bad Request: description is too long"))
    bot = BotProcess(standin, tmp_path)
    await bot.start()
    assert "How to use me" in plain(await ask(standin, "/help", chat_id=602))
    assert len(standin.calls_to("setMyCommands")) == 3  # the other menus were still published
    assert await bot.stop() == 0
    assert "could not publish the command menu" in bot.logs()


async def test_preferences_survive_a_restart_and_sigterm_is_clean(standin, tmp_path):
    bot = BotProcess(standin, tmp_path)
    await bot.start()
    assert "繁體中文" in plain(await ask(standin, "/language zh-hant", chat_id=601))
    started = time.monotonic()
    assert await bot.stop() == 0
    assert time.monotonic() - started < 5
    await bot.start()  # same database file
    assert "使用方法" in plain(await ask(standin, "/help", chat_id=601, language_code="en"))
    assert await bot.stop() == 0
    assert standin.token not in bot.logs()


async def test_search_page_buttons_still_work_after_a_restart(standin, tmp_path):
    bot = BotProcess(standin, tmp_path)
    await bot.start()
    results = await ask(standin, "/search neural networks", chat_id=603)
    assert "1–5 of 13" in plain(results)
    assert await bot.stop() == 0
    await bot.start()  # a redeploy: the search is no longer in the bot's memory
    _, page_two = await press(standin, results, button(results, "More ▶"), user_id=603)
    assert page_two is not None and "6–10 of 13" in plain(page_two)
    assert await bot.stop() == 0


async def _forwarding_proxy(target_origin: str, seen: list[str]) -> web.AppRunner:
    """An HTTP proxy: takes the absolute URL from the request line, sends the call to the stand-in."""
    async def forward(request: web.Request) -> web.Response:
        seen.append(request.url.host)
        async with aiohttp.ClientSession() as session, session.request(
            request.method, target_origin + request.path_qs, data=await request.read(),
            headers={"Content-Type": request.headers.get("Content-Type", "application/json")},
        ) as answer:
            return web.Response(status=answer.status, body=await answer.read(), content_type=answer.content_type)

    runner, _ = await serve(forward, every_path=True)
    return runner


async def test_telegram_proxy_url_carries_every_call(standin, tmp_path):
    seen: list[str] = []
    origin = standin.base_url.rsplit("/bot", 1)[0]
    proxy = await _forwarding_proxy(origin, seen)
    # A Bot API host that does not resolve: only the proxy can reach it.
    bot = BotProcess(standin, tmp_path, TELEGRAM_API_BASE_URL="http://api.telegram.invalid/bot",
                     TELEGRAM_PROXY_URL=origin_of(proxy))
    try:
        await bot.start()
        assert "How to use me" in plain(await ask(standin, "/help", chat_id=604))
        assert await bot.stop() == 0
    finally:
        await proxy.cleanup()
    assert set(seen) == {"api.telegram.invalid"} and len(seen) > 3


async def test_cold_start_builds_the_database_and_warm_start_reuses_it(standin, tmp_path):
    bot = BotProcess(standin, tmp_path)
    await bot.start()
    assert "built the corpus" in bot.log()
    assert await bot.stop() == 0
    await bot.start()
    assert "built the corpus" not in bot.log()
    assert await bot.stop() == 0


async def _run_cli(*args: str, **env: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=REPO, env={"PATH": "/usr/bin:/bin", **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode, (out + err).decode()


async def test_missing_or_malformed_token_is_a_one_line_error(tmp_path):
    status, output = await _run_cli("run", DATABASE_PATH=str(tmp_path / "db"))
    assert status == 2 and output.strip().count("\n") == 0 and "TELEGRAM_BOT_TOKEN is not set" in output
    status, output = await _run_cli(TELEGRAM_BOT_TOKEN="not-a-token", DATABASE_PATH=str(tmp_path / "db"))
    assert status == 2 and "malformed" in output and "not-a-token" not in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_checks_the_secret_header(standin, tmp_path):
    port = _free_port()
    bot = BotProcess(standin, tmp_path, WEBHOOK_URL="https://example.org/hook", WEBHOOK_SECRET="s3cret",
                     WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    await bot.start(wait_polling=False)
    await standin.wait_for("setWebhook", timeout=20)
    standin.add_chat(602, user_id=602)  # a chat Telegram knows, so the reply can be delivered
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help",
              "chat": {"id": 602, "type": "private"}, "from": {"id": 602, "is_bot": False, "first_name": "A"},
              "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
    async with httpx.AsyncClient() as client:
        forged = await client.post(f"http://127.0.0.1:{port}/hook", json=update)
        assert forged.status_code == 403
        genuine = await client.post(f"http://127.0.0.1:{port}/hook", json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        assert genuine.status_code == 200
    assert "How to use me" in plain(await standin.replies_to(602))
    assert await bot.stop() == 0
