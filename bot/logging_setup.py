"""Logging that never shows the bot token, whatever library writes the line."""

from __future__ import annotations

import logging
import re

# Bot API URLs carry the token as /bot<token>/method; redact that shape even when we
# do not know the token (e.g. a traceback from another library), and the exact token too.
_URL_TOKEN = re.compile(r"bot\d{3,16}:[A-Za-z0-9_-]+")
_BARE_TOKEN = re.compile(r"\b\d{5,16}:[A-Za-z0-9_-]{30,64}\b")
REDACTED = "bot<redacted>"


def redact(text: str, token: str | None = None) -> str:
    """Remove every form of the token from `text`."""
    if token:
        text = text.replace(token, "<redacted>")
    text = _URL_TOKEN.sub(REDACTED, text)
    return _BARE_TOKEN.sub("<redacted>", text)


class TokenRedactingFilter(logging.Filter):
    """Rewrites each record's final message (args and traceback included) without the token."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._token)
        record.msg, record.args = redact(message, self._token), None
        return True


def configure_logging(level: str, token: str | None = None) -> None:
    """Root logging to stderr; every record, from any logger, goes through the redacting filter.

    No per-library levels: the Bot API calls go through aiohttp (bot/aiohttp_request.py), not
    python-telegram-bot's default httpx transport, and aiohttp logs no line per request. A
    library that does log a request URL is redacted like any other line.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(TokenRedactingFilter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
