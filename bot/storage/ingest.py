"""Build the corpus tables (and, through the builder it is handed, the search index) from `seeds/`.

Only when the seeds changed: a digest of every seed file is kept in `meta`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bot.corpus import load_seeds
from bot.corpus.errors import SeedError
from bot.corpus.model import Interview
from bot.storage.schema import connect

SEED_DIGEST_KEY = "seeds_digest"
INDEX_VERSION_KEY = "index_version"
# Derives the search tables from the corpus tables, in ingest's transaction (bot.search.index).
# A builder may carry a `version` string (bot.search.index.SearchTables): when it differs from
# the one stored, the database is rebuilt although the seeds did not change.
IndexBuilder = Callable[[sqlite3.Connection], None]
# Turn ids: an imported interview's turns are one of BLOCKS blocks of TURNS_PER_BLOCK ids (block 0
# is the hand-written interviews'), so every id has at most 9 digits (bot.links).
TURNS_PER_BLOCK = 10_000
BLOCKS = 100_000
HAND_WRITTEN_IDS = 1_000  # interview ids below this are the hand-written interviews'


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: `changed` is False when the database already matched the seeds."""

    changed: bool
    interviews: int
    turns: int
    digest: str


def seeds_digest(seeds_dir: Path) -> str:
    """sha256 over every seed file's path and bytes: cheap enough to check on each start.

    Every file counts, whatever its kind (an imported interview's source may be .srt, .vtt,
    .json, .html), except under dot names: an import in progress (bot.corpus.importer).
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in seeds_dir.rglob("*") if _is_seed_file(p, seeds_dir)):
        digest.update(path.relative_to(seeds_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_seed_file(path: Path, seeds_dir: Path) -> bool:
    return path.is_file() and not any(part.startswith(".") for part in path.relative_to(seeds_dir).parts)


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
    """Delete and rewrite interviews, topics, turns and featured excerpts; preferences are untouched."""
    conn.execute("DELETE FROM featured")
    conn.execute("DELETE FROM turns")
    conn.execute("DELETE FROM topics")
    conn.execute("DELETE FROM interviews")
    bases = turn_id_bases(interviews)
    for interview, base, interview_id in zip(interviews, bases, interview_ids(interviews, bases)):
        topic_ids = _insert_interview(conn, interview_id, interview)
        turn_ids: dict[int, int] = {}
        for number, turn in enumerate(interview.turns, start=1):
            _insert_turn(conn, base + number, interview_id, topic_ids[turn.topic_key], turn)
            turn_ids[turn.order] = base + number
        _insert_featured(conn, interview, turn_ids)


def interview_ids(interviews: list[Interview], bases: list[int]) -> list[int]:
    """Each interview's id, which buttons carry (/interviews, topics, narrowing): as stable as
    its turn ids. Hand-written interviews are numbered from 1 in load_seeds' order; an imported
    one is HAND_WRITTEN_IDS plus its turn block, so an import renumbers no other interview."""
    ids, written = [], 0
    for interview, base in zip(interviews, bases):
        if interview.imported:
            ids.append(HAND_WRITTEN_IDS + base // TURNS_PER_BLOCK)
        else:
            written += 1
            ids.append(written)
    if written >= HAND_WRITTEN_IDS:
        raise SeedError(Path("seeds"), f"{written} hand-written interviews: at most {HAND_WRITTEN_IDS - 1}")
    return ids


def turn_id_bases(interviews: list[Interview]) -> list[int]:
    """Each interview's first turn id minus one, such that links to a turn (`turn_<id>`, in
    messages people keep) go on naming it when interviews are imported or removed.

    Hand-written interviews are numbered on from 1, in load_seeds' order (as when the bot held
    one interview: its old links keep working). An imported one takes the block of
    TURNS_PER_BLOCK ids its slug hashes to, or the next free block if another took it: ids then
    depend on no other interview, but for the rare interview whose block was taken first.
    """
    bases, taken, written = [], set(), 0
    for interview in interviews:
        if len(interview.turns) >= TURNS_PER_BLOCK:
            raise SeedError(Path(interview.slug), f"{len(interview.turns)} turns: at most {TURNS_PER_BLOCK - 1}")
        if not interview.imported:
            bases.append(written)
            written += len(interview.turns)
            continue
        block = 1 + zlib.crc32(interview.slug.encode("utf-8")) % (BLOCKS - 1)
        while block in taken:
            block = block % (BLOCKS - 1) + 1
        taken.add(block)
        bases.append(block * TURNS_PER_BLOCK)
    if written >= TURNS_PER_BLOCK:
        raise SeedError(Path("seeds"), f"hand-written interviews hold {written} turns: at most {TURNS_PER_BLOCK - 1}")
    return bases


def _insert_featured(conn: sqlite3.Connection, interview: Interview, turn_ids: dict[int, int]) -> None:
    """The interview's featured excerpts, after those of the interviews before it (bot.corpus.featured)."""
    conn.executemany(
        "INSERT INTO featured (turn_id, en_start, en_end, zh_start, zh_end) VALUES (?, ?, ?, ?, ?)",
        [(turn_ids[excerpt.turn], *excerpt.en, *excerpt.zh) for excerpt in interview.featured],
    )


def _insert_interview(conn: sqlite3.Connection, interview_id: int, interview: Interview) -> dict[str, int]:
    conn.execute(
        "INSERT INTO interviews (id, slug, title, date, host, guest, url, language, translation_credit)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (interview_id, interview.slug, interview.title, interview.date, interview.host, interview.guest,
         interview.url, interview.language, interview.translation_credit),
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
        " zh_machine, zh_machine_verbatim, zh_article, source, start, zh_held)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (turn_id, interview_id, turn.order, turn.role, turn.speaker, topic_id, turn.en, turn.en_verbatim,
         turn.zh, turn.zh_source, turn.zh_machine, turn.zh_machine_verbatim, turn.zh_article,
         json.dumps(source), turn.start, turn.zh_held),
    )
