"""The one error the corpus raises for anything wrong with the seed files."""

from __future__ import annotations

from pathlib import Path


class SeedError(Exception):
    """A seed file is missing, unreadable, malformed, or disagrees with its annotation.

    The message is one line, `<file>[:<line>]: <what is wrong>`, so a maintainer can open
    the file at the right place; `path` and `line` are kept for callers that want them.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        # Keep it to one line even if a wrapped library message slipped in.
        super().__init__(f"{where}: {' '.join(message.split())}")
