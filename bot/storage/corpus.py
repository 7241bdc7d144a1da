"""Read-only access to turns and topics for rendering (the search index lives in bot.search)."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.storage.schema import connect

_TURN_COLUMNS = """
    t.id, t.ord, t.role, t.speaker, t.en, t.zh, t.zh_source,
    tp.key AS topic_key, tp.name_en AS topic_en, tp.name_zh AS topic_zh,
    i.id AS interview_id, i.title AS interview_title, i.date AS interview_date
"""
_TURN_FROM = "FROM turns t JOIN topics tp ON tp.id = t.topic_id JOIN interviews i ON i.id = t.interview_id"

# Turns kept in memory once read; past this (a huge corpus) the memory starts over.
_RECORDS_KEPT = 20_000
# A quote worth showing on its own: long enough to say something (long ones show in parts).
_QUOTABLE = "t.role = 'guest' AND length(t.en) >= 200"


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One turn as the bot shows it, with its topic and interview."""

    id: int
    ord: int
    role: str
    speaker: str
    en: str
    zh: str
    zh_source: str
    topic_key: str
    topic_en: str
    topic_zh: str
    interview_id: int
    interview_title: str
    interview_date: str


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    id: int
    slug: str
    title: str
    date: str
    host: str
    guest: str


@dataclass(frozen=True, slots=True)
class TopicRecord:
    key: str
    name_en: str
    name_zh: str
    turn_count: int


class CorpusStore:
    """Turns and topics by id, neighbour, topic and chance; one read-only connection."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._conn: sqlite3.Connection | None = None
        self._quotable_ids: list[int] = []
        self._interviews: list[InterviewRecord] = []
        # Turns already read, by id: result lists show the same few turns again and again.
        self._records: dict[int, TurnRecord] = {}
        self._neighbours: dict[tuple[int, int], int | None] = {}

    def initialize(self) -> None:
        """Open the database; the corpus is read-only while the bot runs, so small lists are kept."""
        self._conn = connect(self._db_path, readonly=True)
        self._quotable_ids = [r[0] for r in self._db.execute(f"SELECT t.id FROM turns t WHERE {_QUOTABLE}")]
        rows = self._db.execute("SELECT id, slug, title, date, host, guest FROM interviews ORDER BY id")
        self._interviews = [InterviewRecord(**row) for row in rows]

    def shutdown(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("CorpusStore.initialize() was not called")
        return self._conn

    def interviews(self) -> list[InterviewRecord]:
        return list(self._interviews)

    def turn(self, turn_id: int) -> TurnRecord | None:
        found = self.turns([turn_id])
        return found[0] if found else None

    def turns(self, turn_ids: list[int]) -> list[TurnRecord]:
        """Records for `turn_ids`, in the order given (missing ids skipped)."""
        unread = [i for i in turn_ids if i not in self._records]
        if unread:
            if len(self._records) + len(unread) > _RECORDS_KEPT:
                self._records.clear()
                unread = list(turn_ids)
            marks = ",".join("?" * len(unread))
            rows = self._db.execute(f"SELECT {_TURN_COLUMNS} {_TURN_FROM} WHERE t.id IN ({marks})", unread)
            self._records.update((row["id"], TurnRecord(**row)) for row in rows)
        return [self._records[i] for i in turn_ids if i in self._records]

    def neighbour(self, turn: TurnRecord, step: int) -> TurnRecord | None:
        """The turn `step` places away in the same interview (context before/after)."""
        key = (turn.id, step)
        if key not in self._neighbours:  # every turn shown asks for both of its neighbours
            row = self._db.execute(
                "SELECT t.id FROM turns t WHERE t.interview_id = ? AND t.ord = ?", (turn.interview_id, turn.ord + step)
            ).fetchone()
            if len(self._neighbours) >= _RECORDS_KEPT:
                self._neighbours.clear()
            self._neighbours[key] = row[0] if row else None
        neighbour_id = self._neighbours[key]
        return self.turn(neighbour_id) if neighbour_id is not None else None

    def random_quote(self, rng: random.Random | None = None, not_turn: int | None = None) -> TurnRecord | None:
        """A random quotable guest turn, other than `not_turn` (the one on screen) when possible."""
        pool = [i for i in self._quotable_ids if i != not_turn] or self._quotable_ids
        return self.turn((rng or random).choice(pool)) if pool else None

    def featured(self, limit: int) -> list[TurnRecord]:
        """The first quotable turn of each topic: a tour of the interview."""
        rows = self._db.execute(
            f"SELECT {_TURN_COLUMNS} {_TURN_FROM} WHERE {_QUOTABLE} AND t.id IN "
            f"(SELECT min(t.id) FROM turns t WHERE {_QUOTABLE} GROUP BY t.topic_id) ORDER BY t.id LIMIT ?",
            (limit,),
        )
        return [TurnRecord(**row) for row in rows]

    def topics(self) -> list[TopicRecord]:
        rows = self._db.execute(
            "SELECT tp.key, tp.name_en, tp.name_zh, count(t.id) AS turn_count FROM topics tp "
            "LEFT JOIN turns t ON t.topic_id = tp.id GROUP BY tp.id ORDER BY tp.interview_id, tp.ord"
        )
        return [TopicRecord(**row) for row in rows]

    def topic(self, key: str) -> TopicRecord | None:
        row = self._db.execute(
            "SELECT tp.key, tp.name_en, tp.name_zh, count(t.id) AS turn_count FROM topics tp "
            "LEFT JOIN turns t ON t.topic_id = tp.id WHERE tp.key = ? GROUP BY tp.id", (key,)
        ).fetchone()
        return TopicRecord(**row) if row else None

    def topic_turns(self, key: str, *, offset: int, limit: int) -> tuple[list[TurnRecord], int]:
        """A page of the topic's turns in interview order, and how many there are."""
        where = "WHERE tp.key = ?"
        total = self._db.execute(f"SELECT count(*) {_TURN_FROM} {where}", (key,)).fetchone()[0]
        rows = self._db.execute(
            f"SELECT {_TURN_COLUMNS} {_TURN_FROM} {where} ORDER BY t.id LIMIT ? OFFSET ?", (key, limit, offset)
        )
        return [TurnRecord(**row) for row in rows], total
