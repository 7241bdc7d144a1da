"""A damaged database file at start: keep the choices that can be read, move the file aside, rebuild.

The corpus is derived from seeds/ and costs nothing to rebuild; users' language choices are
the one thing of value in the file. They are read first (from both ends of each table: a
damaged page ends a scan, so the rows past it are reached from the other side), then the
file and its -wal and -shm move to `<name>.damaged-<UTC time>` (the WAL of the damaged file
must not be replayed into the new one), the corpus is built afresh and the choices written
back. One WARNING line says what was wrong, where the file went and how many choices were kept.
If the file cannot be moved (a read-only directory), the bot answers from a corpus built
elsewhere, as for any storage it cannot write (bot.storage.startup.without_writes).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from bot.language import LANGUAGES
from bot.storage.ingest import IndexBuilder, ingest
from bot.storage.schema import connect, readonly_uri
from bot.storage.startup import StorageLayout, build_elsewhere, without_writes

log = logging.getLogger(__name__)

_TABLES = (("user_prefs", "user_id"), ("chat_prefs", "chat_id"))
_COMPANIONS = ("-wal", "-shm", "-journal")


def recover_damaged(db_path: Path, seeds_dir: Path, build_index: IndexBuilder, error: BaseException) -> StorageLayout:
    choices = salvage_choices(db_path)
    kept = sum(len(rows) for rows in choices.values())
    try:
        moved = move_aside(db_path)
    except OSError as move_error:
        log.warning("the database %s is damaged (%s) and cannot be moved aside (%s)", db_path, error, move_error)
        return without_writes(db_path, seeds_dir, build_index, move_error, usable_state=False)
    try:
        report = ingest(db_path, seeds_dir, build_index=build_index)
        restore_choices(db_path, choices)
    except (sqlite3.Error, OSError) as rebuild_error:  # e.g. the disk is full too: answer from elsewhere
        log.warning("the database %s was damaged (%s): moved it to %s, but a new one cannot be built there (%s)",
                    db_path, error, moved, rebuild_error)
        return StorageLayout(build_elsewhere(seeds_dir, build_index), None, False, rebuilt=True)
    log.warning("the database %s was damaged (%s): moved it to %s; rebuilt the corpus from %s (%d turns) and kept "
                "the %d language choices that could be read", db_path, error, moved, seeds_dir, report.turns, kept)
    return StorageLayout(db_path, db_path, True, report.turns, rebuilt=True)


def salvage_choices(db_path: Path) -> dict[str, dict[int, str]]:
    """{table: {id: language}} of every choice readable in the damaged file (nothing is written to it)."""
    found: dict[str, dict[int, str]] = {table: {} for table, _ in _TABLES}
    for table, key in _TABLES:
        for order in ("ASC", "DESC"):
            _read_until_damage(db_path, f"SELECT {key}, language FROM {table} ORDER BY {key} {order}", found[table])
    return found


def _read_until_damage(db_path: Path, sql: str, into: dict[int, str]) -> None:
    try:
        conn = sqlite3.connect(readonly_uri(db_path), uri=True)
    except sqlite3.Error:
        return
    try:
        for key, language in conn.execute(sql):
            if isinstance(key, int) and language in LANGUAGES:
                into.setdefault(key, language)
    except sqlite3.Error:
        pass  # the rows up to the damaged page are kept
    finally:
        conn.close()


def move_aside(db_path: Path) -> Path:
    """Rename the file (and its -wal, -shm) to `<name>.damaged-<UTC time>`; the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    db_path.rename(target)
    for suffix in _COMPANIONS:
        companion = db_path.with_name(db_path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target


def restore_choices(db_path: Path, choices: dict[str, dict[int, str]]) -> None:
    conn = connect(db_path)
    try:
        with conn:
            for table, key in _TABLES:
                conn.executemany(f"INSERT OR REPLACE INTO {table} ({key}, language) VALUES (?, ?)",
                                 choices[table].items())
    finally:
        conn.close()
