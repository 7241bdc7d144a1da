"""HTTP to the Bot API with the retries Telegram's failure modes call for.

- 429: wait `retry_after` and send again (bounded).
- 5xx, or a connection that failed before the request left: retry with backoff (bounded).
- A connection dropped after the request was sent may have reached Telegram: only
  methods that are safe to repeat (reads, edits, settings) are sent again; a sendMessage
  is never resent blindly, so no user sees a reply twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

from telegram.error import NetworkError
from telegram.request import RequestData

from bot.aiohttp_request import NOT_SENT_ERRORS, AiohttpRequest

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
BACKOFF_SECONDS = (0.5, 1.0, 2.0)
MAX_RETRY_AFTER_SECONDS = 60
HEARTBEAT_EVERY_SECONDS = 5.0

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


def _retry_after(payload: bytes) -> float | None:
    try:
        seconds = json.loads(payload)["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return None
    return float(seconds) if isinstance(seconds, (int, float)) else None


class ResilientRequest(AiohttpRequest):
    """AiohttpRequest plus bounded retries; optionally touches a heartbeat file on good polls."""

    def __init__(self, *args, heartbeat_file: Path | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._heartbeat_file = heartbeat_file
        self._last_heartbeat = 0.0

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
            delay = self._delay_before_retry(status, payload, attempt)
            if delay is None or last:
                self._beat(api_method, status)
                return status, payload
            log.warning("%s answered HTTP %d; retry %d in %.1fs", api_method, status, attempt, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the loop always returns or raises

    @staticmethod
    def _delay_before_retry(status: int, payload: bytes, attempt: int) -> float | None:
        if status == 429:
            retry_after = _retry_after(payload)
            if retry_after is not None and retry_after <= MAX_RETRY_AFTER_SECONDS:
                return retry_after
            return None
        if status >= 500:
            return BACKOFF_SECONDS[attempt - 1]
        return None

    def _beat(self, api_method: str, status: int) -> None:
        """A successful getUpdates proves polling works: that is what the health check reads."""
        if self._heartbeat_file is None or api_method.lower() != "getupdates" or status != 200:
            return
        now = time.monotonic()
        if now - self._last_heartbeat < HEARTBEAT_EVERY_SECONDS:
            return
        self._last_heartbeat = now
        try:
            self._heartbeat_file.parent.mkdir(parents=True, exist_ok=True)
            self._heartbeat_file.touch()
        except OSError as error:
            log.warning("cannot touch heartbeat file %s: %s", self._heartbeat_file, error)
