"""The polling heartbeat: a file touched after good polls, and the check `quotebot healthcheck` runs.

A getUpdates answered with 200 proves what a health check asks: the token works and Telegram
answers. So the heartbeat wraps the request object the Application uses for getUpdates only
(`get_updates_request`), and the HTTP transport under it knows nothing about health checks.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

from telegram.request import BaseRequest, RequestData

from bot.trouble import Trouble

log = logging.getLogger(__name__)

EVERY_SECONDS = 5.0  # under load polls return many times a second; the disk need not hear of each
MAX_AGE_SECONDS = 90  # a poll waits at most ~10 s, and a short outage retried should not fail the check


class HeartbeatRequest(BaseRequest):
    """The getUpdates transport, touching `path` (at most every EVERY_SECONDS) after each good poll."""

    def __init__(self, inner: BaseRequest, path: Path) -> None:
        self._inner = inner
        self._path = path
        self._last = -math.inf
        self._trouble = Trouble(log, f"touching the heartbeat file {path}")

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, **timeouts):
        status, payload = await self._inner.do_request(url, method, request_data, **timeouts)
        if status == 200 and url.rsplit("/", 1)[-1].lower() == "getupdates":
            self._beat()
        return status, payload

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self._last < EVERY_SECONDS:
            return
        self._last = now
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.touch()
        except OSError as error:  # a read-only or full disk: one line, not one every EVERY_SECONDS
            self._trouble.failed(error, "the health check will report unhealthy")
        else:
            self._trouble.worked()


def with_heartbeat(request: BaseRequest, path: Path | None) -> BaseRequest:
    """`request` touching the heartbeat at `path`; unchanged when HEARTBEAT_FILE is empty."""
    return request if path is None else HeartbeatRequest(request, path)


def check(path: Path | None) -> tuple[bool, str]:
    """(healthy, one line to print): the heartbeat is younger than MAX_AGE_SECONDS."""
    if path is None:
        return True, "healthy (HEARTBEAT_FILE is empty: nothing to check)"
    try:
        fresh = time.time() - Path(path).stat().st_mtime < MAX_AGE_SECONDS
    except OSError:
        fresh = False
    return fresh, "healthy" if fresh else f"unhealthy: {path} is missing or older than {MAX_AGE_SECONDS}s"
