"""The one search core behind /quote, /search, /topic, inline mode and `quotebot search`.

Pipeline: plan the query (normalize, weigh, correct, expand synonyms) → FTS5 picks
candidates → rapidfuzz-based re-ranking → relevance threshold → spans for the page shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, TypeVar

from rapidfuzz import fuzz, utils

from bot.search.index import DOCS_TABLE, INDEX_TABLE, STATS_TABLE, TERMS_TABLE, IndexRow
from bot.search.normalize import english_terms, fold, has_cjk
from bot.search.query import QueryPlan, Vocabulary, candidate_groups, plan_query, sanitize
from bot.search.ranking import NEAR_MISS_MARGIN, RELEVANCE_THRESHOLD, ScoredTurn, longer_word_endings, score_row
from bot.search.results import Hit, SearchOutcome, Suggestion, TopicMatch
from bot.search.spans import spans_for
from bot.search.synonyms import Synonyms, default_synonyms
from bot.storage.schema import connect

Speaker = Literal["any", "guest", "host"]
CANDIDATES = 100  # FTS rows re-ranked per query: enough for every relevant turn of one interview
RELAXATION_STEPS = 3  # AND queries tried (dropping one more common unit each) before OR
MAX_TOTAL = 50  # relevant hits counted for paging
IN_MEMORY_TURNS = 20_000  # corpora up to this size keep their normalized and displayed text in memory
DEFAULT_CACHE_SIZE = 1024  # searches (and topic lookups) remembered: popular queries and their pages
TOPIC_MATCH_CUTOFF = 75.0
TOPIC_SUGGEST_CUTOFF = 60.0
_T = TypeVar("_T")
_ROLES = {"guest": "guest", "ilya": "guest", "host": "host"}


@dataclass(frozen=True, slots=True)
class _Topic:
    key: str
    name_en: str
    name_zh: str
    ids: tuple[int, ...]  # one per interview that has this topic key
    labels: tuple[str, ...]  # folded names and aliases, both languages


class SearchService:
    def __init__(
        self,
        db_path: Path,
        *,
        synonyms: Synonyms | None = None,
        relevance_threshold: float = RELEVANCE_THRESHOLD,
        cache_size: int = DEFAULT_CACHE_SIZE,
    ) -> None:
        self._db_path = db_path
        self._synonyms = synonyms or default_synonyms()
        # Overridable only to calibrate it (tests/search/calibrate.py runs with 0).
        self._threshold = relevance_threshold
        self._conn: sqlite3.Connection | None = None
        self._vocabulary = Vocabulary({}, {}, 1)
        self._topics: dict[str, _Topic] = {}
        self._rows: dict[int, IndexRow] = {}
        self._display: dict[int, tuple[str, str]] = {}
        # Search outcomes and topic matches, most recently used last. The corpus is read-only
        # while we run, so nothing here goes stale. Worth it: a search is most of a /search
        # reply's own CPU, each page button repeats its search, and each "no results" reply
        # looks up the same topics; people ask one interview the same few things.
        self._cache_size = cache_size
        self._cache: OrderedDict[tuple, object] = OrderedDict()

    async def initialize(self) -> None:
        self.open()

    async def shutdown(self) -> None:
        self.close()

    def open(self) -> None:
        """Synchronous `initialize`, for the command line and tests."""
        self._conn = connect(self._db_path, readonly=True)
        terms = self._conn.execute(f"SELECT term, df, surface, is_cjk FROM {TERMS_TABLE}").fetchall()
        turn_count = self._conn.execute(f"SELECT value FROM {STATS_TABLE} WHERE key = 'turns'").fetchone()
        self._vocabulary = Vocabulary.build([tuple(r) for r in terms], turn_count[0] if turn_count else 0)
        self._topics = self._load_topics()
        # A small corpus (one interview) is kept in memory: no per-query row fetches.
        self._rows: dict[int, IndexRow] = {}
        self._display: dict[int, tuple[str, str]] = {}
        if (turn_count[0] if turn_count else 0) <= IN_MEMORY_TURNS:
            self._rows = {r[0]: IndexRow(*r) for r in self._conn.execute(f"SELECT id, en, en_alt, zh, zhm FROM {DOCS_TABLE}")}
            self._display = {r[0]: (r[1], r[2]) for r in self._conn.execute("SELECT id, en, zh FROM turns")}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- search ------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        speaker: Speaker = "any",
        topic_key: str | None = None,
        limit: int = 5,
        offset: int = 0,
    ) -> SearchOutcome:
        return self._memo(("search", query, speaker, topic_key, limit, offset),
                          lambda: self._search(query, speaker, topic_key, limit, offset))

    def _search(self, query: str, speaker: Speaker, topic_key: str | None, limit: int, offset: int) -> SearchOutcome:
        plan = self.plan(query)
        if plan.is_empty():
            return SearchOutcome(query, [], 0, [])
        ranked = self._rank(plan, speaker, topic_key)
        relevant = [s for s in ranked if s.score >= self._threshold][:MAX_TOTAL]
        page = relevant[max(offset, 0) : max(offset, 0) + max(limit, 0)]
        hits = self._hits(plan, page)
        if relevant:
            # Confident results: at most the spelling correction, never unrelated topics.
            suggestions = self._suggestions(plan, [], 3, spelling_only=True) if plan.corrected else []
        else:
            suggestions = self._suggestions(plan, ranked, 3)
        return SearchOutcome(query, hits, len(relevant), suggestions)

    def plan(self, query: str) -> QueryPlan:
        return plan_query(query, self._vocabulary, self._synonyms)

    def _rank(self, plan: QueryPlan, speaker: str, topic_key: str | None) -> list[ScoredTurn]:
        rows = self._candidates(plan, speaker, topic_key)
        endings = longer_word_endings(plan, rows)
        # Below the near-miss band a turn is neither shown nor offered: its exact score is moot.
        floor = self._threshold - NEAR_MISS_MARGIN
        return sorted((score_row(plan, row, endings, floor) for row in rows), key=lambda s: s.sort_key, reverse=True)

    def _candidates(self, plan: QueryPlan, speaker: str, topic_key: str | None) -> list[IndexRow]:
        """Up to CANDIDATES turns, those sharing the most (and rarest) query units first."""
        filters, params = self._filters(speaker, topic_key)
        groups = candidate_groups(plan, self._vocabulary)
        if filters is None or not groups:
            return []
        join = "JOIN turns t ON t.id = s.rowid" if filters else ""
        sql = f"SELECT s.rowid FROM {INDEX_TABLE} s {join} WHERE {INDEX_TABLE} MATCH ? {filters} LIMIT ?"
        found: dict[int, None] = {}
        for expression in _relaxations(groups):
            rows = self._db.execute(sql, (expression, *params, CANDIDATES))
            found.update((row[0], None) for row in rows)
            if len(found) >= CANDIDATES:
                break
        return self._docs(list(found)[:CANDIDATES])

    def _docs(self, turn_ids: list[int]) -> list[IndexRow]:
        if self._rows:
            return [self._rows[i] for i in turn_ids if i in self._rows]
        marks = ",".join("?" * len(turn_ids))
        rows = self._db.execute(f"SELECT id, en, en_alt, zh, zhm FROM {DOCS_TABLE} WHERE id IN ({marks})", turn_ids)
        return [IndexRow(*row) for row in rows]

    def _filters(self, speaker: str, topic_key: str | None) -> tuple[str | None, list]:
        """SQL conditions on `turns t` for the speaker and topic; None when nothing can match."""
        clauses, params = "", []
        role = _ROLES.get(speaker)
        if role is not None:
            clauses += " AND t.role = ?"
            params.append(role)
        if topic_key is not None:
            topic = self._topics.get(topic_key)
            if topic is None:
                return None, []
            clauses += f" AND t.topic_id IN ({','.join('?' * len(topic.ids))})"
            params.extend(topic.ids)
        return clauses, params

    def _hits(self, plan: QueryPlan, page: list[ScoredTurn]) -> list[Hit]:
        if not page:
            return []
        texts = self._texts([s.turn_id for s in page])
        return [Hit(s.turn_id, s.score, s.field, spans_for(plan, *texts.get(s.turn_id, ("", "")))) for s in page]

    def _texts(self, turn_ids: list[int]) -> dict[int, tuple[str, str]]:
        if self._display:
            return {i: self._display[i] for i in turn_ids if i in self._display}
        marks = ",".join("?" * len(turn_ids))
        rows = self._db.execute(f"SELECT id, en, zh FROM turns WHERE id IN ({marks})", turn_ids)
        return {row[0]: (row[1], row[2]) for row in rows}

    # -- topics and suggestions ----------------------------------------------------------

    def find_topic(self, name: str) -> TopicMatch | None:
        """The topic whose key, name or alias (either language or script) best matches `name`."""
        return self._memo(("topic", name), lambda: self._match_topic(name))

    def _match_topic(self, name: str) -> TopicMatch | None:
        scored = self._score_topics(name)
        if not scored or scored[0][0] < TOPIC_MATCH_CUTOFF:
            return None
        score, topic = scored[0]
        return TopicMatch(topic.key, topic.name_en, topic.name_zh, score)

    def _memo(self, key: tuple, compute: Callable[[], _T]) -> _T:
        """`compute()`, remembered under `key` among the `cache_size` most recently used."""
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = compute()
        if self._cache_size > 0:
            self._cache[key] = value
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value

    def suggest(self, query: str, limit: int = 3) -> list[Suggestion]:
        plan = self.plan(query)
        ranked = self._rank(plan, "any", None) if not plan.is_empty() else []
        return self._suggestions(plan, ranked, limit)

    def _suggestions(
        self, plan: QueryPlan, ranked: list[ScoredTurn], limit: int, *, spelling_only: bool = False
    ) -> list[Suggestion]:
        """Did-you-mean: the spelling-corrected query, a near-miss phrase and its topic, close topics.

        A topic is offered only when its name or an alias is close to the query as a whole
        (similar, or sharing its words), or when it is the topic of the near-miss turn.
        """
        suggestions: list[Suggestion] = []
        if plan.corrected:
            corrected = _apply_corrections(plan.text, plan.corrected)
            suggestions.append(Suggestion(corrected, corrected, corrected, "phrase"))
        if spelling_only:
            return suggestions[:limit]
        near = ranked[0] if ranked else None
        if near is not None and self._threshold - NEAR_MISS_MARGIN <= near.score < self._threshold:
            phrase = self._near_miss_phrase(plan, near.turn_id)
            if phrase is not None:
                suggestions.append(phrase)
            topic = self._topic_of(near.turn_id)
            if topic is not None:
                suggestions.append(Suggestion(topic.name_en, topic.name_zh, topic.name_en, "topic"))
        for score, topic in self._score_topics(plan.text, strict=True):
            if score < TOPIC_SUGGEST_CUTOFF:
                break
            suggestions.append(Suggestion(topic.name_en, topic.name_zh, topic.name_en, "topic"))
        unique = {(s.kind, s.query): s for s in reversed(suggestions)}  # keep the first of duplicates
        return list(reversed(unique.values()))[:limit]

    def _near_miss_phrase(self, plan: QueryPlan, turn_id: int) -> Suggestion | None:
        en, zh = self._texts([turn_id]).get(turn_id, ("", ""))
        spans = spans_for(plan, en, zh)
        span, zh_span = spans.get("en"), spans.get("zh")
        if span is None and zh_span is None:
            return None
        label_en = _words_around(en, span) if span else ""
        label_zh = zh[zh_span[0] : zh_span[1]] if zh_span else ""
        query = label_zh if has_cjk(plan.text) and label_zh else (label_en or label_zh)
        return Suggestion(label_en or label_zh, label_zh or label_en, query, "phrase")

    def _topic_of(self, turn_id: int) -> _Topic | None:
        row = self._db.execute("SELECT t.key FROM turns u JOIN topics t ON t.id = u.topic_id WHERE u.id = ?", (turn_id,))
        found = row.fetchone()
        return self._topics.get(found[0]) if found else None

    def _score_topics(self, text: str, *, strict: bool = False) -> list[tuple[float, _Topic]]:
        """Topics by similarity of a name or alias to `text`: WRatio for a lookup by name;
        `strict` (suggestions): whole-string or shared-words similarity, no partial matches
        ("cerebras" is not close to "exploring the brain")."""
        query = utils.default_process(fold(sanitize(text)))
        if not query:
            return []
        if strict:
            scorer = _strict_similarity
        elif len(query) < 3 and query.isascii():
            scorer = fuzz.ratio  # WRatio's partial match finds "a" or "x" inside any topic name
        else:
            scorer = fuzz.WRatio
        scored = []
        for topic in self._topics.values():
            score = max((scorer(query, label) for label in topic.labels), default=0.0)
            scored.append((score, topic))
        return sorted(scored, key=lambda pair: pair[0], reverse=True)

    def _load_topics(self) -> dict[str, _Topic]:
        topics: dict[str, _Topic] = {}
        rows = self._db.execute("SELECT id, key, name_en, name_zh, aliases FROM topics ORDER BY interview_id, ord")
        for topic_id, key, name_en, name_zh, aliases in rows:
            if key in topics:
                topics[key] = _Topic(key, name_en, name_zh, (*topics[key].ids, topic_id), topics[key].labels)
                continue
            names = [key.replace("-", " ").replace("_", " "), name_en, name_zh, *json.loads(aliases or "[]")]
            labels = tuple(dict.fromkeys(utils.default_process(fold(n)) for n in names if n))
            topics[key] = _Topic(key, name_en, name_zh, (topic_id,), labels)
        return topics

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("SearchService.initialize() was not called")
        return self._conn


def _relaxations(groups: list[str]) -> list[str]:
    """FTS queries from strict to loose: all units, then dropping the most common ones, then any.

    Without a rank ORDER BY, FTS5 streams matches and stops at the LIMIT, so each query
    costs about its rarest posting list, however common the other terms are.
    """
    strict = [" AND ".join(f"({g})" for g in groups[:n]) for n in range(len(groups), max(len(groups) - RELAXATION_STEPS, 1) - 1, -1)]
    return [*dict.fromkeys(strict), " OR ".join(f"({g})" for g in groups)]


def _strict_similarity(query: str, label: str) -> float:
    return max(fuzz.ratio(query, label), fuzz.token_set_ratio(query, label))


def _apply_corrections(text: str, corrected: dict[str, str]) -> str:
    """The query with each misspelled word replaced by its correction (stems compared)."""
    words = []
    for word in text.split():
        terms = english_terms(fold(word), with_joined=False)
        replacement = corrected.get(terms[0]) if len(terms) == 1 else None
        words.append(replacement or word)
    return " ".join(words)


def _words_around(text: str, span: tuple[int, int], max_words: int = 8) -> str:
    """The span's words, trimmed to `max_words`: a short phrase to offer as a query."""
    words = text[span[0] : span[1]].split()
    return " ".join(words[:max_words]).strip(",.;:!?")
