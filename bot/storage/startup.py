"""Opening the database at start-up whatever state the disk is in: the bot starts, never a crash loop.

`prepare_storage` builds the corpus from seeds/ when needed (bot.storage.ingest) and says
where each store reads and writes (StorageLayout):

- Healthy: everything in DATABASE_PATH, writable (a one-row write at start proves it).
- A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB, or a failed `PRAGMA quick_check`):
  bot.storage.salvage keeps the choices it can read, moves the file aside, rebuilds.
- Storage that cannot be written (a read-only directory, file or disk, a full disk, I/O
  errors): the corpus is read from DATABASE_PATH as it is if it matches the seeds, else
  built in a temporary directory; saved choices are still read where they can be; new ones
  apply until restart and the user is told they were not saved. One WARNING line says so.
- Busy (another process holds the write lock and a rebuild is due): the rebuild waits up to
  BUSY_START_SECONDS, then the corpus is built in a temporary directory meanwhile; choices
  go to DATABASE_PATH, where bot.storage.write_behind waits out the lock.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.storage.errors import DamagedDatabaseError, is_busy, is_damaged, is_unwritable
from bot.storage.ingest import INDEX_VERSION_KEY, SEED_DIGEST_KEY, IndexBuilder, ingest, seeds_digest
from bot.storage.schema import readonly_uri
from bot.trouble import kind_of

log = logging.getLogger(__name__)

BUSY_START_SECONDS = 30.0
# quick_check reads every page: ~1 ms for one interview (0.5 MB), seconds for a corpus of
# gigabytes, whose start-up it would hold up. Past this size damage shows when it is read.
QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024
_STATE_TABLES = {"user_prefs", "chat_prefs", "search_sessions"}


@dataclass(frozen=True)
class StorageLayout:
    """Where the stores open their connections."""

    corpus: Path  # corpus and search tables: read-only while the bot runs (but for vectors the backfill adds)
    state: Path | None  # language choices and search sessions; None: in memory only
    writable: bool  # whether `state` takes writes
    turns: int = 0
    rebuilt: bool = False  # the corpus was (re)built from the seeds at this start

    @property
    def placement(self) -> tuple[Path, Path | None, bool]:
        return self.corpus, self.state, self.writable

    @classmethod
    def at(cls, path: Path) -> StorageLayout:
        """The healthy layout: everything in one writable file."""
        return cls(path, path, True)


def prepare_storage(db_path: Path, seeds_dir: Path, *, build_index: IndexBuilder) -> StorageLayout:
    """The corpus built from the seeds if needed, and where everything is; see the module docstring."""
    from bot.storage.salvage import recover_damaged  # salvage builds fresh layouts with this module

    try:
        check_sound(db_path)
        report = _ingest_waiting_out_locks(db_path, seeds_dir, build_index)
        _prove_writable(db_path)
    except (sqlite3.Error, OSError) as error:
        if is_damaged(error):
            return recover_damaged(db_path, seeds_dir, build_index, error)
        if is_busy(error) or is_unwritable(error):
            return without_writes(db_path, seeds_dir, build_index, error)
        raise
    return StorageLayout(db_path, db_path, True, report.turns, report.changed)


def check_sound(db_path: Path) -> None:
    """Raise DamagedDatabaseError when `PRAGMA quick_check` finds damage (small files only, see above)."""
    if not db_path.is_file() or db_path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        return
    conn = sqlite3.connect(readonly_uri(db_path), uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    finally:
        conn.close()
    if problems != ["ok"]:
        raise DamagedDatabaseError("; ".join(problems))


def _ingest_waiting_out_locks(db_path: Path, seeds_dir: Path, build_index: IndexBuilder):
    deadline = time.monotonic() + BUSY_START_SECONDS
    for attempt in itertools.count():
        try:
            return ingest(db_path, seeds_dir, build_index=build_index)
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() > deadline:
                raise
            if attempt == 0:
                log.warning("the database %s is locked by another process (%s): waiting up to %.0fs to build the "
                            "corpus", db_path, error, BUSY_START_SECONDS)
            time.sleep(1.0)  # on top of each try's own wait for the lock (sqlite3's 5 s timeout)
    raise AssertionError("unreachable")


def _prove_writable(db_path: Path) -> None:
    """One small write: a read-only file, directory or disk, or a full disk, fails it now, not at a user's choice."""
    conn = sqlite3.connect(db_path, timeout=0.05)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('started_at', datetime('now')) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        conn.commit()
    except sqlite3.OperationalError as error:
        if not is_busy(error):  # locked: another process writes, so can we once it is done
            raise
    finally:
        conn.close()


def without_writes(db_path: Path, seeds_dir: Path, build_index: IndexBuilder, error: BaseException,
                   *, usable_state: bool = True) -> StorageLayout:
    """The layout when DATABASE_PATH cannot be written now: read what can be read, build the rest elsewhere."""
    busy = is_busy(error)
    readable = usable_state and _readable(db_path)
    current = readable and _current(db_path, seeds_dir, build_index)
    corpus = db_path if current else build_elsewhere(seeds_dir, build_index)
    state = db_path if busy or (readable and _has_state_tables(db_path)) else None
    writable = busy
    log.warning("cannot write the database %s (%s, %s): %s; %s", db_path, error, kind_of(error),
                "answering from it as it is" if corpus == db_path else f"answering from a corpus built in {corpus}",
                "language choices wait for the lock to clear" if writable else
                "language choices apply until the bot restarts and users are told they are not saved")
    return StorageLayout(corpus, state, writable, rebuilt=corpus != db_path)


def build_elsewhere(seeds_dir: Path, build_index: IndexBuilder) -> Path:
    """The corpus built in a temporary directory (removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="quotebot-corpus-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "corpus.sqlite3"
    ingest(path, seeds_dir, build_index=build_index)
    return path


def _readable(db_path: Path) -> bool:
    try:
        check_sound(db_path)
        conn = sqlite3.connect(readonly_uri(db_path), uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return False
    return True


def _read(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(readonly_uri(db_path), uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _current(db_path: Path, seeds_dir: Path, build_index: IndexBuilder) -> bool:
    """Its corpus is the one ingest would build now (same seeds, same index builder)."""
    try:
        stored = dict(_read(db_path, "SELECT key, value FROM meta WHERE key IN (?, ?)",
                            (SEED_DIGEST_KEY, INDEX_VERSION_KEY)))
    except sqlite3.Error:
        return False
    wanted = {SEED_DIGEST_KEY: seeds_digest(seeds_dir), INDEX_VERSION_KEY: getattr(build_index, "version", "")}
    return all(stored.get(key, "") == value for key, value in wanted.items())


def _has_state_tables(db_path: Path) -> bool:
    try:
        names = {row[0] for row in _read(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return False
    return _STATE_TABLES <= names
