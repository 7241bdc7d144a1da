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
from bot.storage.ingest import HAND_WRITTEN_IDS
from bot.storage.schema import connect

_TURN_COLUMNS = """
    t.id, t.ord, t.role, t.speaker, t.en, t.zh, t.zh_source,
    tp.key AS topic_key, tp.name_en AS topic_en, tp.name_zh AS topic_zh,
    i.id AS interview_id, i.title AS interview_title, i.date AS interview_date,
    i.slug AS interview_slug, t.start, i.url AS interview_url, i.language AS interview_language,
    i.translation_credit, t.zh_held
"""
_TURN_FROM = "FROM turns t JOIN topics tp ON tp.id = t.topic_id JOIN interviews i ON i.id = t.interview_id"

# A quote worth showing on its own: long enough to say something (long ones show in parts); for
# an interview held in Chinese, its Chinese (which says as much in about a third of the characters).
_UNREAD = object()  # a neighbour not looked up yet (None: there is none)
_QUOTABLE = "t.role = 'guest' AND (length(t.en) >= 200 OR (t.en = '' AND t.zh_source = 'transcript' AND length(t.zh) >= 70))"


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
    translation_credit: str = ""  # who made the interview's edited Chinese translation, "" if none
    interview_language: str = "en"  # the language the interview was held in
    zh_held: str = ""  # held in Traditional: its Chinese as written, one for one with `zh`

    @property
    def article_only(self) -> bool:
        """Only the Chinese article has it: an English reader's reading order leaves it out."""
        return not self.en and self.zh_source != "transcript"  # not an interview held in Chinese

    @property
    def one_language(self) -> bool:
        """Only one language exists (an imported interview, held in English or in Chinese)."""
        return not self.en or not self.zh

    def readable_in(self, language: str) -> bool:
        """Whether a reader of `language` is shown it: all but article-only passages to English readers."""
        return language != "en" or not self.article_only


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
    translation_credit: str = ""


@dataclass(frozen=True, slots=True)
class TopicRecord:
    """A topic of one interview: keys are unique only within an interview."""

    key: str
    name_en: str
    name_zh: str
    turn_count: int
    aliases: tuple[str, ...] = ()  # extra names people use, either language
    interview_id: int = 0


class CorpusStore:
    """Turns and topics by id, neighbour, topic and chance; one read-only connection."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._conn: sqlite3.Connection | None = None
        self._quotable_ids: dict[int, list[int]] = {}  # by interview id
        self._featured: list[FeaturedRecord] = []
        self._featured_interviews: frozenset[int] = frozenset()
        self._interviews: list[InterviewRecord] = []
        self._topics: dict[tuple[int, str], TopicRecord] = {}
        # Turns already read, by id: result lists show the same few turns again and again. Bounded
        # in bytes (bot.memory), the least recently used go first: one interview stays whole.
        self._records: LRUCache[int, TurnRecord] = LRUCache(
            maxsize=memory.TURN_RECORDS_BYTES, getsizeof=memory.entry_size(memory.INT_KEY_ALLOWANCE))
        self._neighbours: LRUCache[tuple[int, int], int | None] = LRUCache(
            maxsize=memory.NEIGHBOURS_BYTES, getsizeof=memory.entry_size(memory.approximate_size((2**62, -1))))

    def initialize(self) -> None:
        """Open the database; the corpus is read-only while the bot runs, so small lists are kept."""
        self._conn = connect(self._db_path, readonly=True)
        self._quotable_ids = {}
        for turn_id, interview_id in self._db.execute(f"SELECT t.id, t.interview_id FROM turns t WHERE {_QUOTABLE}"):
            self._quotable_ids.setdefault(interview_id, []).append(turn_id)
        self._featured = [FeaturedRecord(row[0], row[1], (row[2], row[3]), (row[4], row[5])) for row in self._db.execute(
            "SELECT id, turn_id, en_start, en_end, zh_start, zh_end FROM featured ORDER BY id")]
        self._featured_interviews = frozenset(row[0] for row in self._db.execute(
            "SELECT DISTINCT t.interview_id FROM featured f JOIN turns t ON t.id = f.turn_id"))
        rows = self._db.execute(
            "SELECT id, slug, title, date, host, guest, url, language, translation_credit FROM interviews"
            # load_seeds' order: the hand-written interviews, then the imported ones by slug
            f" ORDER BY id >= {HAND_WRITTEN_IDS}, CASE WHEN id >= {HAND_WRITTEN_IDS} THEN slug END, id")
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

    def interview(self, interview_id: int) -> InterviewRecord | None:
        return next((i for i in self._interviews if i.id == interview_id), None)

    def interview_slugged(self, slug: str) -> InterviewRecord | None:
        return next((i for i in self._interviews if i.slug == slug), None)

    def quotable_interviews(self) -> list[int]:
        """The interviews a quote without words may come from (a quotable turn or featured excerpts), by id."""
        return sorted(set(self._quotable_ids) | self._featured_interviews)

    def has_featured(self, interview_id: int) -> bool:
        return interview_id in self._featured_interviews

    def first_turn(self, interview_id: int) -> TurnRecord | None:
        row = self._db.execute("SELECT id FROM turns WHERE interview_id = ? ORDER BY ord LIMIT 1",
                               (interview_id,)).fetchone()
        return self.turn(row[0]) if row else None

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

    def random_quote(self, rng: random.Random | None = None, not_turn: int | None = None, *,
                     interview_id: int | None = None) -> TurnRecord | None:
        """A random quotable guest turn (of one interview, or of any), other than `not_turn` (the
        one on screen) when possible."""
        ids = (self._quotable_ids.get(interview_id, []) if interview_id is not None
               else [i for found in self._quotable_ids.values() for i in found])
        pool = [i for i in ids if i != not_turn] or ids
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

    def topics(self, interview_id: int | None = None) -> list[TopicRecord]:
        """Every topic (of one interview, or of all) in interview order (kept from start-up: the
        corpus does not change while we run)."""
        return [topic for topic in self._topics.values() if interview_id is None or topic.interview_id == interview_id]

    def topic(self, key: str, interview_id: int | None = None) -> TopicRecord | None:
        """Interview `interview_id`'s topic `key`; without an interview (a button from before
        topics named theirs), the first interview's that has the key."""
        if interview_id is not None:
            return self._topics.get((interview_id, key))
        return next((topic for (_, found), topic in self._topics.items() if found == key), None)

    def role_named(self, name: str) -> str | None:
        """"guest" or "host" for a speaker's name or one word of it (any interview), else None."""
        wanted = name.strip().lower()
        for interview in self._interviews:
            for role, speaker in (("guest", interview.guest), ("host", interview.host)):
                if wanted and (wanted == speaker.lower() or wanted in speaker.lower().split()):
                    return role
        return None

    def _read_topics(self) -> dict[tuple[int, str], TopicRecord]:
        """Topics by (interview id, key), in interview order."""
        rows = self._db.execute(
            "SELECT tp.interview_id, tp.key, tp.name_en, tp.name_zh, tp.aliases, count(t.id) AS turn_count FROM topics tp "
            "LEFT JOIN turns t ON t.topic_id = tp.id GROUP BY tp.id ORDER BY tp.interview_id, tp.ord"
        )
        return {(row["interview_id"], row["key"]): TopicRecord(
                    row["key"], row["name_en"], row["name_zh"], row["turn_count"],
                    tuple(json.loads(row["aliases"] or "[]")), row["interview_id"]) for row in rows}

    def topic_turns(self, key: str, *, interview_id: int, offset: int, limit: int) -> tuple[list[TurnRecord], int]:
        """A page of interview `interview_id`'s topic `key`'s turns in order, and how many there are."""
        where = "WHERE tp.key = ? AND tp.interview_id = ?"
        total = self._db.execute(f"SELECT count(*) {_TURN_FROM} {where}", (key, interview_id)).fetchone()[0]
        rows = self._db.execute(
            f"SELECT {_TURN_COLUMNS} {_TURN_FROM} {where} ORDER BY t.ord LIMIT ? OFFSET ?",
            (key, interview_id, limit, offset)
        )
        return [TurnRecord(**row) for row in rows], total
