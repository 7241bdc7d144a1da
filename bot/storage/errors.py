"""Which SQLite failures are which: worth waiting out, a damaged file, or storage that cannot be written.

SQLite reports extended result codes (e.g. SQLITE_BUSY_SNAPSHOT = 517); the low byte is the
primary code these decisions rest on.
"""

from __future__ import annotations

import sqlite3

SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


class DamagedDatabaseError(sqlite3.DatabaseError):
    """`PRAGMA quick_check` found damage that no statement has run into yet."""


def _code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_busy(error: BaseException) -> bool:
    """Another connection holds the lock: the same write will work once it lets go."""
    return _code(error) in (SQLITE_BUSY, SQLITE_LOCKED)


def is_damaged(error: BaseException) -> bool:
    """The file is not (or no longer) a sound database: "database disk image is malformed"."""
    return isinstance(error, DamagedDatabaseError) or _code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def is_unwritable(error: BaseException) -> bool:
    """Read-only file or directory, full disk, I/O error: reads may work, writes will not soon."""
    if isinstance(error, OSError):  # e.g. creating the directory: a file in its place, no permission
        return True
    return _code(error) in (SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN)
