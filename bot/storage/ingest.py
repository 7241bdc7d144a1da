"""Build the corpus tables (and, through the builder it is handed, the search index) from `seeds/`.

Only when the seeds changed: a digest of every seed file is kept in `meta`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot.corpus import load_seeds
from bot.corpus.model import Interview
from bot.storage.schema import connect

SEED_DIGEST_KEY = "seeds_digest"
INDEX_VERSION_KEY = "index_version"
# Derives the search tables from the corpus tables, in ingest's transaction (bot.search.index).
# A builder may carry a `version` string (bot.search.index.SearchTables): when it differs from
# the one stored, the database is rebuilt although the seeds did not change.
IndexBuilder = Callable[[sqlite3.Connection], None]
_SEED_SUFFIXES = {".txt", ".md", ".toml"}


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: `changed` is False when the database already matched the seeds."""

    changed: bool
    interviews: int
    turns: int
    digest: str


def seeds_digest(seeds_dir: Path) -> str:
    """sha256 over every seed file's path and bytes: cheap enough to check on each start."""
    digest = hashlib.sha256()
    for path in sorted(p for p in seeds_dir.rglob("*") if p.suffix in _SEED_SUFFIXES and p.is_file()):
        digest.update(path.relative_to(seeds_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def ingest(db_path: Path, seeds_dir: Path, *, build_index: IndexBuilder, force: bool = False) -> IngestReport:
    """Rebuild the corpus (and its index) from `seeds_dir` unless the stored digest says it is current."""
    digest = seeds_digest(seeds_dir)
    version = getattr(build_index, "version", "")
    conn = connect(db_path)
    try:
        current = _meta(conn, SEED_DIGEST_KEY) == digest and _meta(conn, INDEX_VERSION_KEY, "") == version
        if current and not force:
            return _report(conn, changed=False, digest=digest)
        # Parse before touching the database, so a bad seed leaves the old corpus in place.
        interviews = load_seeds(seeds_dir)
        with conn:
            _replace_corpus(conn, interviews)
            build_index(conn)
            _set_meta(conn, SEED_DIGEST_KEY, digest)
            _set_meta(conn, INDEX_VERSION_KEY, version)
        return _report(conn, changed=True, digest=digest)
    finally:
        conn.close()


def _meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row is not None else default


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (key, value))


def _report(conn: sqlite3.Connection, *, changed: bool, digest: str) -> IngestReport:
    interviews = conn.execute("SELECT count(*) FROM interviews").fetchone()[0]
    turns = conn.execute("SELECT count(*) FROM turns").fetchone()[0]
    return IngestReport(changed=changed, interviews=interviews, turns=turns, digest=digest)


def _replace_corpus(conn: sqlite3.Connection, interviews: list[Interview]) -> None:
    """Delete and rewrite interviews, topics and turns; preferences are untouched."""
    conn.execute("DELETE FROM turns")
    conn.execute("DELETE FROM topics")
    conn.execute("DELETE FROM interviews")
    next_turn_id = 1
    for interview_id, interview in enumerate(sorted(interviews, key=lambda i: i.slug), start=1):
        topic_ids = _insert_interview(conn, interview_id, interview)
        for turn in interview.turns:
            _insert_turn(conn, next_turn_id, interview_id, topic_ids[turn.topic_key], turn)
            next_turn_id += 1


def _insert_interview(conn: sqlite3.Connection, interview_id: int, interview: Interview) -> dict[str, int]:
    conn.execute(
        "INSERT INTO interviews (id, slug, title, date, host, guest) VALUES (?, ?, ?, ?, ?, ?)",
        (interview_id, interview.slug, interview.title, interview.date, interview.host, interview.guest),
    )
    topic_ids: dict[str, int] = {}
    for topic in interview.topics:
        cursor = conn.execute(
            "INSERT INTO topics (interview_id, key, ord, name_en, name_zh, aliases) VALUES (?, ?, ?, ?, ?, ?)",
            (interview_id, topic.key, topic.order, topic.name_en, topic.name_zh,
             json.dumps(list(topic.aliases), ensure_ascii=False)),
        )
        topic_ids[topic.key] = cursor.lastrowid
    return topic_ids


def _insert_turn(conn: sqlite3.Connection, turn_id: int, interview_id: int, topic_id: int, turn) -> None:
    source = {
        "transcript_lines": list(turn.source.transcript_lines),
        "article_lines": list(turn.source.article_lines),
    }
    conn.execute(
        "INSERT INTO turns (id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,"
        " zh_machine, zh_machine_verbatim, zh_article, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (turn_id, interview_id, turn.order, turn.role, turn.speaker, topic_id, turn.en, turn.en_verbatim,
         turn.zh, turn.zh_source, turn.zh_machine, turn.zh_machine_verbatim, turn.zh_article,
         json.dumps(source)),
    )
