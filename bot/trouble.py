"""One WARNING line when a recurring job starts failing, one INFO line when it works again.

A writer that runs every second (recent searches), on every write (language choices) or after
every poll (the heartbeat) would otherwise log the same failure, with a traceback, a thousand
times while a disk stays read-only. The first failure of a kind is logged once, in one line;
further failures of that kind are DEBUG; a different kind is logged again; the recovery once.
"""

from __future__ import annotations

import logging
import sqlite3
import time


def kind_of(error: BaseException) -> str:
    """What makes two failures "the same problem": SQLite's error name, else the exception type."""
    if isinstance(error, sqlite3.Error) and getattr(error, "sqlite_errorname", None):
        return error.sqlite_errorname
    return type(error).__name__


class Trouble:
    """The state of one job's failures: `failed(error)` after each failed try, `worked()` after a good one."""

    def __init__(self, log: logging.Logger, job: str) -> None:
        self._log = log
        self._job = job  # e.g. "saving recent searches"
        self._kind: str | None = None
        self._since = 0.0
        self._failures = 0

    @property
    def failing(self) -> bool:
        return self._kind is not None

    def failed(self, error: BaseException, consequence: str = "will try again") -> None:
        kind = kind_of(error)
        self._failures += 1
        if kind == self._kind:
            self._log.debug("%s failed again (%s): %s", self._job, kind, error)
            return
        if self._kind is None:
            self._since = time.monotonic()
        self._kind = kind
        self._log.warning("%s failed: %s (%s); %s", self._job, error, kind, consequence)

    def worked(self, what: str = "") -> None:
        if self._kind is None:
            return
        self._log.info("%s works again after %d failed tries in %.1fs%s", self._job, self._failures,
                       time.monotonic() - self._since, f": {what}" if what else "")
        self._kind, self._failures = None, 0
