"""The token never reaches a log line: from any logger, in any form, tracebacks included.

The lines are read where the bot writes them (stderr, through `configure_logging`), so
what is checked is what an operator would see in `docker compose logs`.
"""

from __future__ import annotations

import logging

import pytest
from telegram import Bot
from telegram.error import NetworkError

from bot.aiohttp_request import AiohttpRequest
from bot.logging_setup import configure_logging, redact

TOKEN = "123456789:AAExampleExampleExampleExample_-xyz12"
SECRET = TOKEN.split(":")[1]
OTHER_BOTS_URL = "https://api.telegram.org/bot987654321:AAOtherOtherOtherOtherOtherOther_xy/getMe"
# What the bot's own code and its libraries log under (python-telegram-bot, aiohttp, asyncio, sqlite).
LOGGERS = ["telegram.ext.Updater", "telegram.ext.ExtBot", "telegram.Bot", "aiohttp.client", "aiohttp.internal",
           "asyncio", "aiosqlite", "httpx", "bot.transport", "handlers.errors", "", "some.other.library"]


def assert_no_token(text: str) -> None:
    assert SECRET not in text and "123456789" not in text and "987654321" not in text, text


def test_redacts_bot_url_without_knowing_the_token():
    line = redact(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage")
    assert line == "POST https://api.telegram.org/bot<redacted>/sendMessage"


@pytest.mark.parametrize("name", LOGGERS, ids=lambda n: n or "root")
@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
def test_no_form_of_the_token_reaches_the_log(capsys, name, level):
    configure_logging(level, TOKEN)
    log = logging.getLogger(name)
    at = logging.getLevelName(level)
    log.log(at, f"in the message: POST http://127.0.0.1:8081/bot{TOKEN}/sendMessage")
    log.log(at, "in the arguments: %s and %r", f"/bot{TOKEN}/getMe", {"token": TOKEN})
    log.log(at, "bare: %s", TOKEN)
    log.log(at, "a single mapping argument: %(url)s", {"url": f"bot{TOKEN}/getUpdates"})
    log.log(at, "another bot's token, by its shape: %s", OTHER_BOTS_URL)
    try:
        try:
            raise OSError(f"connect failed for /bot{TOKEN}/getMe")
        except OSError as cause:
            raise RuntimeError(f"request to bot{TOKEN} failed") from cause
    except RuntimeError:
        log.log(at, "with a traceback", exc_info=True)
    err = capsys.readouterr().err
    assert_no_token(err)
    # …and the lines are all there, with everything but the token.
    assert err.count(f" {level} {name or 'root'}: ") == 6
    for kept in ("POST http://127.0.0.1:8081/bot<redacted>/sendMessage", "/bot<redacted>/getMe", "'token': '<redacted>'",
                 "bare: <redacted>", "bot<redacted>/getUpdates", "https://api.telegram.org/bot<redacted>/getMe",
                 "Traceback (most recent call last)", "OSError: connect failed for /bot<redacted>/getMe",
                 "RuntimeError: request to bot<redacted> failed"):
        assert kept in err


def test_python_telegram_bot_logs_its_api_url_without_the_token(capsys):
    configure_logging("DEBUG", TOKEN)
    Bot(TOKEN, base_url="http://127.0.0.1:8081/bot")  # logs "Set Bot API URL: <base><token>" at DEBUG
    err = capsys.readouterr().err
    assert "Set Bot API URL: http://127.0.0.1:8081/bot<redacted>" in err
    assert_no_token(err)


async def test_an_aiohttp_error_quoting_the_url_is_redacted_in_the_traceback(capsys):
    configure_logging("INFO", TOKEN)
    request = AiohttpRequest()
    await request.initialize()
    try:
        # A URL aiohttp refuses: its error quotes the whole URL, token and all.
        await request.post(f"http:///bot{TOKEN}/getMe", request_data=None)
    except NetworkError as error:
        assert TOKEN in repr(error.__cause__)  # the raw error does carry it
        logging.getLogger("telegram.ext.Updater").exception("Exception happened while polling for updates.")
        logging.getLogger("aiohttp.client").warning("request failed: %r", error.__cause__)
    else:
        pytest.fail("aiohttp accepted a URL without a host")
    finally:
        await request.shutdown()
    err = capsys.readouterr().err
    assert_no_token(err)
    assert "Exception happened while polling for updates." in err and "Traceback" in err
    assert "InvalidUrlClientError" in err and "http:///bot<redacted>/getMe" in err


def test_the_level_setting_is_honoured(capsys):
    configure_logging("WARNING", TOKEN)
    logging.getLogger("telegram.ext.ExtBot").info("calling getMe")
    logging.getLogger("bot.transport").warning("getMe failed; retry 1")
    err = capsys.readouterr().err
    assert "calling getMe" not in err and " WARNING bot.transport: getMe failed; retry 1" in err
