"""The SQLite schema, versioned with `PRAGMA user_version` and migrated on open.

Corpus tables are derived from `seeds/` and rebuilt by ingestion; preference tables
hold users' choices and must survive every rebuild and migration.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

# Each entry moves the database from version i to i + 1. Never edit a released
# entry: append a new one, so existing databases (and their preferences) upgrade in place.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE interviews (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        date        TEXT NOT NULL,
        host        TEXT NOT NULL,
        guest       TEXT NOT NULL,
        seed_digest TEXT NOT NULL
    );
    CREATE TABLE topics (
        id           INTEGER PRIMARY KEY,
        interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        key          TEXT NOT NULL,
        ord          INTEGER NOT NULL,
        name_en      TEXT NOT NULL,
        name_zh      TEXT NOT NULL,
        aliases      TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
        UNIQUE (interview_id, key)
    );
    CREATE TABLE turns (
        id                  INTEGER PRIMARY KEY,  -- global order: stable while seeds are unchanged
        interview_id        INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        ord                 INTEGER NOT NULL,     -- order within the interview
        role                TEXT NOT NULL CHECK (role IN ('host', 'guest')),
        speaker             TEXT NOT NULL,
        topic_id            INTEGER NOT NULL REFERENCES topics(id),
        en                  TEXT NOT NULL,
        en_verbatim         TEXT NOT NULL,
        zh                  TEXT NOT NULL,
        zh_source           TEXT NOT NULL CHECK (zh_source IN ('article', 'machine')),
        zh_machine          TEXT NOT NULL,
        zh_machine_verbatim TEXT NOT NULL,
        zh_article          TEXT,
        source              TEXT NOT NULL,        -- JSON: {"transcript_lines": [...], "article_lines": [...]}
        UNIQUE (interview_id, ord)
    );
    CREATE INDEX turns_topic ON turns (topic_id, id);
    CREATE TABLE user_prefs (
        user_id    INTEGER PRIMARY KEY,
        language   TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE chat_prefs (
        chat_id    INTEGER PRIMARY KEY,
        language   TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    """,
    # 2: searches behind page buttons, so the buttons keep working after a restart.
    """
    CREATE TABLE search_sessions (
        id         TEXT PRIMARY KEY,
        owner      INTEGER NOT NULL,
        query      TEXT NOT NULL,
        speaker    TEXT NOT NULL,
        created_at INTEGER NOT NULL  -- unix seconds
    );
    CREATE INDEX search_sessions_created ON search_sessions (created_at);
    """,
    # 3: the per-interview seed digest was never read (meta's digest of all seeds decides a rebuild).
    """
    ALTER TABLE interviews DROP COLUMN seed_digest;
    """,
    # 4: "EN + 中文", a user's choice to read the Chinese under the English (bot.storage.preferences).
    """
    CREATE TABLE user_display_prefs (
        user_id      INTEGER PRIMARY KEY,
        side_by_side INTEGER NOT NULL CHECK (side_by_side IN (0, 1)),
        updated_at   TEXT NOT NULL DEFAULT (datetime('now'))
    );
    """,
    # 5: imported interviews (bot.corpus.imported): where the recording is, its language, each
    # turn's start time, and zh_source 'transcript' (held in Chinese) or 'none' (English only,
    # zh empty). SQLite cannot widen a CHECK in place, so `turns` is copied into a new table
    # (foreign keys are off while migrating: bot.storage.schema.connect turns them on after).
    """
    ALTER TABLE interviews ADD COLUMN url TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
    CREATE TABLE turns_v5 (
        id                  INTEGER PRIMARY KEY,
        interview_id        INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        ord                 INTEGER NOT NULL,
        role                TEXT NOT NULL CHECK (role IN ('host', 'guest')),
        speaker             TEXT NOT NULL,
        topic_id            INTEGER NOT NULL REFERENCES topics(id),
        en                  TEXT NOT NULL,
        en_verbatim         TEXT NOT NULL,
        zh                  TEXT NOT NULL,
        zh_source           TEXT NOT NULL CHECK (zh_source IN ('article', 'machine', 'transcript', 'none')),
        zh_machine          TEXT NOT NULL,
        zh_machine_verbatim TEXT NOT NULL,
        zh_article          TEXT,
        source              TEXT NOT NULL,
        start               REAL,                 -- seconds from the start of the recording; NULL: unknown
        UNIQUE (interview_id, ord)
    );
    INSERT INTO turns_v5 (id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,
                          zh_machine, zh_machine_verbatim, zh_article, source)
        SELECT id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,
               zh_machine, zh_machine_verbatim, zh_article, source FROM turns;
    DROP TABLE turns;
    ALTER TABLE turns_v5 RENAME TO turns;
    CREATE INDEX turns_topic ON turns (topic_id, id);
    """,
    # 6: the reviewed featured excerpts (seeds/<slug>/featured.toml, bot.corpus.featured): where
    # each sits in its turn's displayed English and Chinese. Corpus: rebuilt by every ingest.
    """
    CREATE TABLE featured (
        id       INTEGER PRIMARY KEY,  -- the reviewed lists' order, interviews by slug
        turn_id  INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        en_start INTEGER NOT NULL,     -- [en_start, en_end) of turns.en
        en_end   INTEGER NOT NULL,
        zh_start INTEGER NOT NULL,     -- [zh_start, zh_end) of turns.zh
        zh_end   INTEGER NOT NULL
    );
    """,
    # 7: a search narrowed to one interview (a button on results from several) keeps its
    # narrowing behind its page buttons: the interview's slug, '' for all of them.
    """
    ALTER TABLE search_sessions ADD COLUMN interview TEXT NOT NULL DEFAULT '';
    """,
    # 8: who made an interview's edited Chinese translation (its article's byline), for the
    # "translated by" label. Corpus: rebuilt by every ingest (the seed digest decides).
    """
    ALTER TABLE interviews ADD COLUMN translation_credit TEXT NOT NULL DEFAULT '';
    """,
    # 9: the Chinese of an interview held in Traditional as written (zh stores it in Simplified
    # characters, one for one): its Traditional readers read its own words, never a reconversion.
    """
    ALTER TABLE turns ADD COLUMN zh_held TEXT NOT NULL DEFAULT '';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the bot."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the database in WAL mode (readers never block the writer) and migrate it.

    `synchronous=FULL`: a commit is on disk (the WAL fsynced) before it returns, so a choice
    confirmed to a user survives a crash or a power cut, not only a killed process.
    """
    if readonly:
        conn = sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        migrate(conn)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has table `name` (an index built before it was added lacks it)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def readonly_uri(path: Path) -> str:
    """The URI that opens `path` for reading, in a read-only directory too.

    A WAL database is read through its -shm file, which SQLite cannot create in a directory it
    may not write (or on a full disk), so plain `mode=ro` fails there ("unable to open database
    file"). Then the file is opened `immutable`: nobody can be writing it, since no writer could
    create the -wal either.
    """
    plain = f"file:{quote(str(path))}?mode=ro"
    try:
        probe = sqlite3.connect(plain, uri=True)
        try:
            probe.execute("PRAGMA schema_version").fetchone()  # the first read opens the WAL index
        finally:
            probe.close()
    except sqlite3.OperationalError as error:  # SQLITE_CANTOPEN, or SQLITE_IOERR when a full disk refuses the -shm
        busy = error.sqlite_errorcode & 0xFF in (5, 6)  # a writer is at work: the file is not immutable
        return plain if busy or not path.is_file() else plain + "&immutable=1"
    return plain


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database's `user_version`; return the new version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this bot's {SCHEMA_VERSION}"
        )
    for target, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript commits first, so wrap each step in its own explicit transaction.
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {target};\nCOMMIT;")
    return SCHEMA_VERSION
