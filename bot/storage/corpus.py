"""The one reader of the corpus tables: turns, topics and interviews, for replies and search alike.

The search index (bot.search) is derived from these tables at ingest and never reads them
again; whoever needs a turn's text, topic or speaker asks this store.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from bot import memory
from bot.storage.schema import connect

_TURN_COLUMNS = """
    t.id, t.ord, t.role, t.speaker, t.en, t.zh, t.zh_source,
    tp.key AS topic_key, tp.name_en AS topic_en, tp.name_zh AS topic_zh,
    i.id AS interview_id, i.title AS interview_title, i.date AS interview_date,
    i.slug AS interview_slug, t.start, i.url AS interview_url, i.language AS interview_language
"""
_TURN_FROM = "FROM turns t JOIN topics tp ON tp.id = t.topic_id JOIN interviews i ON i.id = t.interview_id"

# A quote worth showing on its own: long enough to say something (long ones show in parts).
_UNREAD = object()  # a neighbour not looked up yet (None: there is none)
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
    interview_slug: str = ""
    start: float | None = None  # seconds from the start of the recording, where the source has times
    interview_url: str = ""  # the recording, "" if unknown
    interview_language: str = "en"  # the language the interview was held in


@dataclass(frozen=True, slots=True)
class TurnTexts:
    """A turn's words in every form a reader may quote: the English shown and the verbatim
    transcript (before name fixes), the Chinese shown and the machine translation."""

    id: int
    en: str
    en_verbatim: str
    zh: str
    zh_machine: str


@dataclass(frozen=True, slots=True)
class FeaturedRecord:
    """A reviewed featured excerpt (bot.corpus.featured): its turn, and where it sits in the
    turn's displayed English and Simplified Chinese ([start, end) of `TurnRecord.en` / `.zh`)."""

    id: int  # 1.. in the reviewed lists' order
    turn_id: int
    en: tuple[int, int]
    zh: tuple[int, int]


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    id: int
    slug: str
    title: str
    date: str
    host: str
    guest: str
    url: str = ""
    language: str = "en"


@dataclass(frozen=True, slots=True)
class TopicRecord:
    key: str
    name_en: str
    name_zh: str
    turn_count: int
    aliases: tuple[str, ...] = ()  # extra names people use, either language


class CorpusStore:
    """Turns and topics by id, neighbour, topic and chance; one read-only connection."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._conn: sqlite3.Connection | None = None
        self._quotable_ids: list[int] = []
        self._featured: list[FeaturedRecord] = []
        self._interviews: list[InterviewRecord] = []
        self._topics: dict[str, TopicRecord] = {}
        # Turns already read, by id: result lists show the same few turns again and again. Bounded
        # in bytes (bot.memory), the least recently used go first: one interview stays whole.
        self._records: LRUCache[int, TurnRecord] = LRUCache(
            maxsize=memory.TURN_RECORDS_BYTES, getsizeof=memory.entry_size(memory.INT_KEY_ALLOWANCE))
        self._neighbours: LRUCache[tuple[int, int], int | None] = LRUCache(
            maxsize=memory.NEIGHBOURS_BYTES, getsizeof=memory.entry_size(memory.approximate_size((2**62, -1))))

    def initialize(self) -> None:
        """Open the database; the corpus is read-only while the bot runs, so small lists are kept."""
        self._conn = connect(self._db_path, readonly=True)
        self._quotable_ids = [r[0] for r in self._db.execute(f"SELECT t.id FROM turns t WHERE {_QUOTABLE}")]
        self._featured = [FeaturedRecord(row[0], row[1], (row[2], row[3]), (row[4], row[5])) for row in self._db.execute(
            "SELECT id, turn_id, en_start, en_end, zh_start, zh_end FROM featured ORDER BY id")]
        rows = self._db.execute("SELECT id, slug, title, date, host, guest, url, language FROM interviews ORDER BY id")
        self._interviews = [InterviewRecord(**row) for row in rows]
        self._topics = self._read_topics()

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
        found = {i: self._records[i] for i in turn_ids if i in self._records}
        unread = [i for i in turn_ids if i not in found]
        if unread:
            marks = ",".join("?" * len(unread))
            rows = self._db.execute(f"SELECT {_TURN_COLUMNS} {_TURN_FROM} WHERE t.id IN ({marks})", unread)
            for row in rows:
                found[row["id"]] = record = TurnRecord(**row)
                memory.keep(self._records, record.id, record)
        return [found[i] for i in turn_ids if i in found]

    def all_texts(self) -> list[TurnTexts]:
        """Every turn's texts in interview order, for checking quotations against all of them."""
        rows = self._db.execute("SELECT id, en, en_verbatim, zh, zh_machine FROM turns ORDER BY interview_id, ord")
        return [TurnTexts(**row) for row in rows]

    def neighbour(self, turn: TurnRecord, step: int) -> TurnRecord | None:
        """The turn `step` places away in the same interview (context before/after)."""
        key = (turn.id, step)
        neighbour_id = self._neighbours.get(key, _UNREAD)
        if neighbour_id is _UNREAD:  # every turn shown asks for both of its neighbours
            row = self._db.execute(
                "SELECT t.id FROM turns t WHERE t.interview_id = ? AND t.ord = ?", (turn.interview_id, turn.ord + step)
            ).fetchone()
            neighbour_id = row[0] if row else None
            memory.keep(self._neighbours, key, neighbour_id)
        return self.turn(neighbour_id) if neighbour_id is not None else None

    def random_quote(self, rng: random.Random | None = None, not_turn: int | None = None) -> TurnRecord | None:
        """A random quotable guest turn, other than `not_turn` (the one on screen) when possible."""
        pool = [i for i in self._quotable_ids if i != not_turn] or self._quotable_ids
        return self.turn((rng or random).choice(pool)) if pool else None

    def featured_excerpts(self) -> list[FeaturedRecord]:
        """The reviewed featured excerpts, in their lists' order (kept from start-up; [] if none)."""
        return list(self._featured)

    def featured(self, limit: int) -> list[TurnRecord]:
        """The first quotable turn of each topic: a tour of the interview without a reviewed featured list."""
        rows = self._db.execute(
            f"SELECT {_TURN_COLUMNS} {_TURN_FROM} WHERE {_QUOTABLE} AND t.id IN "
            f"(SELECT min(t.id) FROM turns t WHERE {_QUOTABLE} GROUP BY t.topic_id) ORDER BY t.id LIMIT ?",
            (limit,),
        )
        return [TurnRecord(**row) for row in rows]

    def topics(self) -> list[TopicRecord]:
        """Every topic in interview order (kept from start-up: the corpus does not change while we run)."""
        return list(self._topics.values())

    def topic(self, key: str) -> TopicRecord | None:
        return self._topics.get(key)

    def role_named(self, name: str) -> str | None:
        """"guest" or "host" for a speaker's name or one word of it (any interview), else None."""
        wanted = name.strip().lower()
        for interview in self._interviews:
            for role, speaker in (("guest", interview.guest), ("host", interview.host)):
                if wanted and (wanted == speaker.lower() or wanted in speaker.lower().split()):
                    return role
        return None

    def _read_topics(self) -> dict[str, TopicRecord]:
        """Topics by key; a key two interviews share names one topic spanning both."""
        rows = self._db.execute(
            "SELECT tp.key, tp.name_en, tp.name_zh, tp.aliases, count(t.id) AS turn_count FROM topics tp "
            "LEFT JOIN turns t ON t.topic_id = tp.id GROUP BY tp.id ORDER BY tp.interview_id, tp.ord"
        )
        topics: dict[str, TopicRecord] = {}
        for row in rows:
            known = topics.get(row["key"])
            aliases = tuple(json.loads(row["aliases"] or "[]"))
            count = row["turn_count"] + (known.turn_count if known else 0)
            first = known or TopicRecord(row["key"], row["name_en"], row["name_zh"], 0, aliases)
            topics[row["key"]] = TopicRecord(first.key, first.name_en, first.name_zh, count, first.aliases)
        return topics

    def topic_turns(self, key: str, *, offset: int, limit: int) -> tuple[list[TurnRecord], int]:
        """A page of the topic's turns in interview order, and how many there are."""
        where = "WHERE tp.key = ?"
        total = self._db.execute(f"SELECT count(*) {_TURN_FROM} {where}", (key,)).fetchone()[0]
        rows = self._db.execute(
            f"SELECT {_TURN_COLUMNS} {_TURN_FROM} {where} ORDER BY t.id LIMIT ? OFFSET ?", (key, limit, offset)
        )
        return [TurnRecord(**row) for row in rows], total
