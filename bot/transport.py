"""HTTP to the Bot API with the retries Telegram's passing failures call for.

- 5xx, or a connection that failed before the request left: retry with backoff (bounded).
- A connection dropped after the request was sent may have reached Telegram: only
  methods that are safe to repeat (reads, edits, settings) are sent again; a sendMessage
  is never resent blindly, so no user sees a reply twice.
- 429 is not retried here: it goes up once, as RetryAfter, to bot.flood_control, which owns
  the flood policy (which chat waits, for how long, how often to try again).
"""

from __future__ import annotations

import asyncio
import logging

from telegram.error import NetworkError
from telegram.request import RequestData

from bot.aiohttp_request import NOT_SENT_ERRORS, AiohttpRequest

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
BACKOFF_SECONDS = (0.5, 1.0, 2.0)

# Bot API methods a repeat cannot harm: reading, or setting a state to the same value again.
_REPEATABLE_PREFIXES = ("get", "set", "delete", "edit", "answer", "close", "log")


def method_of(url: str) -> str:
    """The Bot API method at the end of a request URL (never log the URL itself: it has the token)."""
    return url.rsplit("/", 1)[-1]


def is_repeatable(method: str) -> bool:
    return method.lower().startswith(_REPEATABLE_PREFIXES) and method.lower() != "getupdates"


def _never_sent(error: NetworkError) -> bool:
    """True when the connection failed before any byte of the request could reach Telegram."""
    return isinstance(error.__cause__, NOT_SENT_ERRORS)


class ResilientRequest(AiohttpRequest):
    """AiohttpRequest plus bounded retries of server errors and failed connections."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts):
        api_method = method_of(url)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            last = attempt == MAX_ATTEMPTS
            try:
                status, payload = await super().do_request(url, method, request_data, **timeouts)
            except NetworkError as error:
                if last or not (_never_sent(error) or is_repeatable(api_method)):
                    raise
                log.warning("%s failed (%s); retry %d", api_method, type(error.__cause__).__name__, attempt)
                await asyncio.sleep(BACKOFF_SECONDS[attempt - 1])
                continue
            if status < 500 or last:
                return status, payload
            delay = BACKOFF_SECONDS[attempt - 1]
            log.warning("%s answered HTTP %d; retry %d in %.1fs", api_method, status, attempt, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns or raises
