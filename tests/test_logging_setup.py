"""The token never reaches a log line, whatever form it takes."""

import logging

from bot.logging_setup import TokenRedactingFilter, configure_logging, redact

TOKEN = "123456789:AAExampleExampleExampleExample_-xyz12"


def test_redacts_bot_url_without_knowing_the_token():
    line = redact(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage")
    assert TOKEN not in line and "123456789" not in line and "sendMessage" in line


def test_filter_redacts_args_and_tracebacks(caplog):
    logger = logging.getLogger("test.redaction")
    logger.addFilter(TokenRedactingFilter(TOKEN))
    try:
        raise RuntimeError(f"failed calling /bot{TOKEN}/getMe")
    except RuntimeError:
        logger.exception("request to %s failed", f"https://x/bot{TOKEN}/getMe")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert caplog.records and TOKEN not in text and "bot<redacted>" in text


def test_httpx_request_lines_are_off():
    configure_logging("DEBUG", TOKEN)
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
