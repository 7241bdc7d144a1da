"""The one search core behind /quote, /search, /topic, inline mode and `quotebot search`.

Pipeline: plan the query (normalize, drop request words, weigh, correct, expand synonyms and
dictionary translations) → FTS5 picks candidates → rapidfuzz-based re-ranking (turn, exchange
and interview) → when it could change the answer, fusion with the semantic index's
similarities (bot.search.fusion) → relevance threshold → spans for the page shown.
The search tables are this package's own (bot.search.index); turns, topics and their
display text come from the corpus store, which is the one reader of the corpus tables.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal, TypeVar

from cachetools import LRUCache

from bot import memory
from bot.search.fusion import Fusion, Neighbours
from bot.search.index import DOCS_TABLE, INDEX_TABLE, STATS_TABLE, TERMS_TABLE, VECTORS_TABLE, IndexRow
from bot.search.ordinary_words import OrdinaryWords
from bot.search.query import QueryPlan, candidate_groups, plan_query
from bot.search.quote_check import asks, is_chinese, words_in
from bot.search.vocabulary import Vocabulary
from bot.search.ranking import (
    ANSWER_PRIOR, NEAR_MISS_MARGIN, QUOTED_CLOSENESS, RELEVANCE_THRESHOLD, Credits, ScoredTurn, best_credits, context_credits, credits_of,
    in_other_language, longer_word_endings, score_row,
)
from bot.search.results import Hit, SearchOutcome, TopicMatch
from bot.search.spans import spans_for
from bot.search.sponsor_reads import masked_sponsor_reads
from bot.search.suggestions import did_you_mean, spelling_suggestions
from bot.search.synonyms import Synonyms, default_synonyms
from bot.search.topics import TopicMatcher
from bot.search.translations import Translations
from bot.storage.corpus import CorpusStore, TurnRecord
from bot.storage.schema import connect, has_table
from bot.text import in_marks, unquoted

if TYPE_CHECKING:
    from bot.search.semantic import SemanticIndex

Speaker = Literal["any", "guest", "host"]
CANDIDATES = 100  # FTS rows re-ranked per query: enough for every relevant turn of one interview
RELAXATION_STEPS = 3  # AND queries tried (dropping one more common unit each) before OR
MAX_TOTAL = 50  # relevant hits counted for paging
IN_MEMORY_TURNS = 20_000  # corpora up to this size keep their normalized text in memory
DEFAULT_CACHE_SIZE = 1024  # searches (and topic lookups) remembered: popular queries and their pages
SUGGESTIONS = 3
PLANS_KEPT = 32  # query plans remembered (`_plan`): one reply plans the same words a few times
# A search that finds nothing offers the passages nearest in meaning (labelled as other words)
# from this cosine of the nearest up; e5 sets Chinese queries nearer to the seed's bilingual
# turns, off-topic ones included. Chosen by tests/search/calibrate_offer.py on the tune splits.
OFFER_COSINE = {"en": 0.838, "zh": 0.868}
# ... and for a quotation the interview does not say: its reply already says "not found in this
# interview", so the passages offered under it are no claim, and a sentence of ten words or more
# says enough for its nearest passage to mean something (a paraphrase, as often as not).
# Chosen by tests/search/calibrate_offer.py on the tune splits, as OFFER_COSINE.
OFFER_COSINE_QUOTATION = {"en": 0.808, "zh": 0.878}
OFFER_UNITS = 3  # "the", "👍", 的 or one word say too little for a nearest passage to mean anything
# A search whose words find fewer passages than this, where the fusion measured meaning, may be
# filled with the passages nearest in meaning of the same interview after them (`fill`: only
# where they are shown labelled, as /search lists them): its words said the query is about that
# interview, and a paraphrase shares few words with the passage it means. Paraphrases of the
# tune splits found in the top three: 67 → 71 of 96 (72 with the quote check's `found_in`),
# nothing else changed, rejection included.
MEANING_FILL = 3
# A long request that finds nothing as a whole may list what it looks for ("…can you find where
# he talks about hallucinations and world models?", 我想找幻觉、世界模型和训练成本的部分): the parts
# of its last sentence that has several (cut at commas, 、 and "and"/和) are searched one by one.
# It is answered by them when at least PART_FINDS parts find passages and they are at least half
# of the parts that say something (a word of at least PART_WEIGHT: not 可以吗); a story that
# happens to hold one topic word ("…my boss says AI will take my job… and the future") is not.
SENTENCES_SPLIT = re.compile(r"[.!?。！？]+(?:\s+|$)|[;；]")
PARTS_SPLIT = re.compile(r"[，,、:：]+|\s+(?:and|or|as well as|plus)\s+|以及|[和与跟及或]")
PART_FINDS = 2
PART_WEIGHT = 1.0
PARTS_MAX = 8  # parts searched, each a search of its own
PARTS_MIN_WORDS = 12  # ... of a message that asks (quote_check.asks) at this length or more: shorter lists meet as words
SPEAKER_POOL = 4  # nearest turns asked per one wanted of a speaker's role (an interview's turns alternate)
_T = TypeVar("_T")


class SearchService:
    def __init__(
        self,
        db_path: Path,
        corpus: CorpusStore,
        *,
        synonyms: Synonyms | None = None,
        relevance_threshold: float = RELEVANCE_THRESHOLD,
        cache_size: int = DEFAULT_CACHE_SIZE,
        semantic: "SemanticIndex | bool" = True,
        fusion: Fusion = Fusion(),
    ) -> None:
        """`semantic`: True fuses in the database's passage vectors when it has them (ingest
        stores them with SEMANTIC_SEARCH on, and drops them with it off); False is lexical
        only; an open index (tests) is used as it is."""
        self._db_path = db_path
        self._semantic_option = semantic
        self._fusion = fusion
        self._semantic: SemanticIndex | None = None if isinstance(semantic, bool) else semantic
        self._corpus = corpus
        self._synonyms = synonyms or default_synonyms()
        # Overridable only to calibrate it (tests/search/calibrate.py runs with 0).
        self._threshold = relevance_threshold
        self._conn: sqlite3.Connection | None = None
        self._vocabulary = Vocabulary({}, {}, 1)
        self._translations = Translations(None)
        self._blocks: list[tuple[int, int]] = []
        self._block_firsts: list[int] = []
        self._topics = TopicMatcher(())
        self._rows: dict[int, IndexRow] = {}
        self._turn_info: dict[int, TurnInfo] = {}
        # Search outcomes and topic matches. The corpus is read-only while we run, so nothing
        # here goes stale (but for vectors a backfill adds: `forget_results` when it is done). Worth it: a search is most of a /search reply's own CPU, each page
        # button repeats its search, and people ask one interview the same few things.
        self._cache: LRUCache[tuple, object] | None = memory.search_cache(cache_size)  # bounded in bytes
        # Query plans: a search, the suggestions it checks and the passages a search that found
        # nothing offers all plan the same words. Kept apart, not to crowd the outcomes out.
        self._plans: LRUCache[str, QueryPlan] = LRUCache(maxsize=PLANS_KEPT)

    async def initialize(self) -> None:
        self.open()

    async def shutdown(self) -> None:
        self.close()

    def open(self) -> None:
        """Synchronous `initialize`, for the command line and tests (after the corpus store's)."""
        self._conn = connect(self._db_path, readonly=True)
        terms = self._conn.execute(f"SELECT term, df, surface, is_cjk FROM {TERMS_TABLE}").fetchall()
        found = self._conn.execute(f"SELECT value FROM {STATS_TABLE} WHERE key = 'turns'").fetchone()
        turn_count = found[0] if found else 0
        words = OrdinaryWords(self._conn)
        self._vocabulary = Vocabulary.build([tuple(r) for r in terms], turn_count, words.is_ordinary, words.chinese_word)
        self._plans.clear()  # planned against another vocabulary
        # Each interview's turns are one block of ids (bot.storage.ingest), all of one `held`: one scan.
        blocks = self._conn.execute(
            f"SELECT min(id), max(id), max(held), interview FROM {DOCS_TABLE} GROUP BY interview ORDER BY 1")
        found_blocks = blocks.fetchall()
        self._blocks = [(first, last) for first, last, _, _ in found_blocks]
        self._block_firsts = [first for first, _ in self._blocks]
        self._block_of = {slug: (first, last) for first, last, _, slug in found_blocks}
        held = {held for _, _, held, _ in found_blocks}
        self._translations = Translations(self._conn, to_english="en" in held, to_chinese="zh" in held)
        self._topics = TopicMatcher(self._corpus.topics())
        # A small corpus (one interview) is kept in memory: no per-query row fetches.
        self._rows, self._turn_info = {}, {}
        if turn_count <= IN_MEMORY_TURNS:
            docs = self._conn.execute(f"SELECT id, en, en_alt, zh, zhm, held, topic_key, role, interview FROM {DOCS_TABLE}")
            for r in docs:
                self._rows[r[0]] = IndexRow(*r[:6])
                self._turn_info[r[0]] = TurnInfo(*r[6:], held=r[5])
        if self._semantic_option is True and self._has_vectors():
            from bot.search.semantic import SemanticIndex  # numpy and the model only when there are vectors

            self._semantic = SemanticIndex(self._db_path)
            self._semantic.open()

    @property
    def has_semantic_index(self) -> bool:
        """Whether passage vectors are (or will be, as the backfill adds them) fused in."""
        return self._semantic is not None

    def extend(self, rows: list[tuple[int, int, str]], vectors) -> None:
        """Passage vectors the backfill (bot.search.backfill) just stored, for the next searches."""
        if self._semantic is not None:
            self._semantic.extend(rows, vectors)

    def forget_results(self) -> None:
        """Drop remembered outcomes: those searched before the backfill ended lacked its vectors."""
        if self._cache is not None:
            self._cache.clear()

    def _has_vectors(self) -> bool:
        return has_table(self._db, VECTORS_TABLE)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._semantic_option is True and self._semantic is not None:
            self._semantic.close()
            self._semantic = None

    # -- search ------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        speaker: Speaker = "any",
        topic_key: str | None = None,
        interview: str | None = None,
        limit: int = 5,
        offset: int = 0,
        fill: bool = False,
        suggest: bool = True,
    ) -> SearchOutcome:
        """The hits for `query`, best first; `interview` (a slug) and `topic_key` (a topic of
        that interview, or of any interview without one) narrow the search. `fill`: where the
        words find fewer than MEANING_FILL, those nearest in meaning follow (match "meaning"),
        for a caller that labels them so. `suggest=False`: no suggestions, for a caller that
        shows none (each is checked by a search of its own, often with an embedding)."""
        scope = Scope(speaker, topic_key, interview)
        return self._memo(("search", query, scope, limit, offset, fill, suggest),
                          lambda: self._search(query, scope, limit, offset, fill, suggest))

    def ranked(self, query: str, *, speaker: Speaker = "any", topic_key: str | None = None,
               interview: str | None = None) -> list[ScoredTurn]:
        """Every candidate turn by its lexical score, no threshold and no fusion (calibration)."""
        plan = self._plan(query)
        return [] if plan.is_empty() else self._rank(plan, Scope(speaker, topic_key, interview))

    def neighbours(self, query: str) -> "Neighbours | list[tuple[int, float]] | None":
        """What the fusion is given for `query` (calibration); None without vectors."""
        nearest = self._nearest(self._plan(query))
        return nearest() if nearest is not None else None

    def near_in_meaning(self, query: str, limit: int, *, interview: str | None = None,
                        speaker: Speaker = "any") -> list[Hit]:
        """Up to `limit` turns nearest `query` in meaning (of interview `interview`, a slug, and
        of `speaker`'s role, if given), best first, each with its nearest passage as the span; []
        without vectors. Never search results: meaning alone cannot tell on-topic from off-topic
        (bot.search.fusion), so these are only offered labelled as other words than the query's."""
        semantic, query = self._semantic, unquoted(query)
        if semantic is None or not len(semantic) or not query.strip() or limit <= 0:
            return []
        asked = limit if speaker == "any" else SPEAKER_POOL * limit  # some nearest are the other's
        if interview is None:
            nearest = semantic.nearest(query, asked)
        elif interview in self._block_of:  # its turns are one block of ids
            nearest = semantic.turn_cosines(query).top_within(*self._block_of[interview], asked)
        else:
            return []
        if speaker != "any":
            info = self._info_of([turn_id for turn_id, _ in nearest])
            nearest = [(t, c) for t, c in nearest if t in info and Scope(speaker).admits(info[t])][:limit]
        records = {record.id: record for record in self._corpus.turns([turn_id for turn_id, _ in nearest])}
        hits = []
        for turn_id, cosine in nearest:
            field, spans = self._passage_spans(records.get(turn_id), semantic.passages_by_nearness(query, turn_id))
            hits.append(Hit(turn_id, round(100 * cosine, 1), field, spans, match="meaning", located=frozenset(spans)))
        return hits

    def offered_in_meaning(self, query: str, limit: int, *, interview: str | None = None, speaker: Speaker = "any",
                           found_in: str | None = None, quotation: bool = False) -> list[Hit]:
        """For words that found nothing: `near_in_meaning` when the query says something
        (`_says_something`) and the nearest passage is near enough (OFFER_COSINE for the
        query's script; OFFER_COSINE_QUOTATION for a `quotation` not said); else [].
        `found_in`: the interview (slug) where the words did find passages (a quotation not
        said, whose words the search found), which says the query is on topic there: that
        interview's passages, and no floor."""
        if not self._says_something(self._plan(query)):
            return []
        hits = self.near_in_meaning(query, limit, interview=found_in or interview, speaker=speaker)
        floors = OFFER_COSINE_QUOTATION if quotation else OFFER_COSINE
        floor = 0.0 if found_in else floors["zh" if is_chinese(query) else "en"]
        return hits if hits and hits[0].score >= 100 * floor else []

    @staticmethod
    def _says_something(plan: QueryPlan) -> bool:
        """Enough for the passages nearest in meaning to mean anything: at least OFFER_UNITS
        words that are no function words, and no name the library lacks (a name is what it
        asks about: the nearest passages would be about something else)."""
        said = [unit for unit in plan.units if not unit.is_stopword]
        return len(said) >= OFFER_UNITS and not any(unit.is_name for unit in said)

    def _passage_spans(self, record: TurnRecord | None, chunks: list[int]) -> tuple[str, dict[str, tuple[int, int]]]:
        """Where the turn's passages nearest in meaning sit in its displayed English and Chinese
        (`chunks`: nearest first), the nearest of each language: a reader of either is shown
        the part that is near. Also the field of the nearest of all ("en" if none is found)."""
        if record is None or not chunks:
            return "en", {}
        texts = dict(self._db.execute(f"SELECT chunk, passage FROM {VECTORS_TABLE} WHERE turn_id = ?", (record.id,)))
        spans: dict[str, tuple[int, int]] = {}
        nearest_field = None
        for chunk in chunks:
            if len(spans) == 2 or (spans and not (record.en and record.zh)):
                break
            passage = texts.get(chunk, "")
            field, text = ("zh", record.zh) if is_chinese(passage) else ("en", record.en)
            if field not in spans and (found := _located(passage, text)) is not None:
                spans[field] = found
                nearest_field = nearest_field or field
        return nearest_field or "en", spans

    def chinese_word(self, text: str) -> str | None:
        """What `text` (Simplified) is to the dictionary: "everyday", "name" or None (no word)."""
        return self._vocabulary.chinese_word(text)

    def interview_of(self, turn_id: int) -> str | None:
        """The slug of the interview `turn_id` is of (None: no such turn)."""
        found = self._info_of([turn_id]).get(turn_id)
        return found.interview if found else None

    def find_topic(self, name: str) -> TopicMatch | None:
        """The topic whose key, name or alias (either language or script) best matches `name`."""
        return self._memo(("topic", name), lambda: self._topics.find(name))

    def _search(self, query: str, scope: Scope, limit: int, offset: int, fill: bool, suggest: bool) -> SearchOutcome:
        plan = self._plan(unquoted(query))
        if plan.is_empty():
            return SearchOutcome(query, [], 0, [])
        # A phrase in quotation marks (“feel the AGI”: a function word says it is one) asks for a
        # passage that has every word of it; quoted keywords (“cerebras azure”, 「幻觉问题」) may
        # still meet over an exchange, as unquoted.
        every_word = in_marks(query) and any(unit.is_stopword and not unit.is_chinese for unit in plan.units)
        nearest = self._nearest(plan)
        ranked, threshold = self._fusion.apply(self._rank(plan, scope), nearest, self._threshold)
        relevant = [s for s in ranked if self._passes(s, threshold) and (s.holds_all or not every_word)][:MAX_TOTAL]
        by_meaning: list[ScoredTurn] = []
        if fill and not every_word and 0 < len(relevant) < MEANING_FILL and nearest is not None \
                and nearest.measured is not None and self._says_something(plan):
            by_meaning = self._nearest_of_interview(nearest.measured, ranked, relevant, scope, MEANING_FILL - len(relevant))
        relevant += by_meaning
        if not relevant and not every_word and (by_parts := self._by_parts(query, scope)):
            return SearchOutcome(query, by_parts[max(offset, 0) : max(offset, 0) + max(limit, 0)], len(by_parts), [])
        page = relevant[max(offset, 0) : max(offset, 0) + max(limit, 0)]
        if not suggest:
            suggestions = []
        elif relevant:  # confident results: at most the spelling correction, never unrelated topics
            suggestions = spelling_suggestions(plan)
        else:
            suggestions = did_you_mean(plan, ranked, threshold=threshold, corpus=self._corpus,
                                       topics=self._topics, limit=SUGGESTIONS + 2)
        # A suggestion is a button the user will press: one that finds nothing is a dead end.
        # Checked in order until SUGGESTIONS pass: each check is a search of its own.
        suggestions = list(islice((s for s in suggestions if s.kind == "topic" or self._finds(s.query, scope)),
                                  SUGGESTIONS))
        measured = nearest is not None and nearest.measured is not None
        return SearchOutcome(query, self._hits(plan, page, {s.turn_id for s in by_meaning}, measured), len(relevant),
                             suggestions)

    def _by_parts(self, query: str, scope: Scope) -> list[Hit]:
        """The hits of the parts of a long message's last sentence that has several (PARTS_SPLIT),
        each part's best first, then each one's next, without repeats; [] unless the parts that
        find are enough (PART_FINDS)."""
        if words_in(query) < PARTS_MIN_WORDS or not asks(unquoted(query)):
            return []
        for sentence in reversed(SENTENCES_SPLIT.split(unquoted(query))):
            parts = list(dict.fromkeys(part.strip() for part in PARTS_SPLIT.split(sentence) if part.strip()))
            saying = [part for part in parts[-PARTS_MAX:]
                      if any(not unit.is_stopword and unit.weight >= PART_WEIGHT for unit in self._plan(part).units)]
            if len(saying) >= PART_FINDS:
                break
        else:
            return []
        found = [hits for part in saying if (hits := self._search(part, scope, MAX_TOTAL, 0, False, False).hits)]
        if len(found) < PART_FINDS or 2 * len(found) < len(saying):
            return []
        merged: dict[int, Hit] = {}
        for rank in range(max(map(len, found))):
            for hits in found:
                if rank < len(hits) and hits[rank].turn_id not in merged:
                    merged[hits[rank].turn_id] = hits[rank]
        return list(merged.values())[:MAX_TOTAL]

    def _nearest_of_interview(self, measured: Neighbours, ranked: list[ScoredTurn], relevant: list[ScoredTurn],
                              scope: Scope, count: int) -> list[ScoredTurn]:
        """Up to `count` turns nearest in meaning of the best hit's interview, in `scope` and not
        among `relevant`; with their fused score where the words found them (below the
        threshold), else 0."""
        first, last = self._blocks[max(bisect_right(self._block_firsts, relevant[0].turn_id) - 1, 0)]
        shown = {turn.turn_id for turn in relevant}
        asked = SPEAKER_POOL * (len(relevant) + count)  # some are shown already, or out of scope
        nearest = measured.top_within(first, last, asked) if measured.top_within else measured.nearest
        near = [turn_id for turn_id, _ in nearest if first <= turn_id <= last and turn_id not in shown]
        info = self._info_of(near)
        lexical = {turn.turn_id: turn for turn in ranked}
        picked = [turn_id for turn_id in near if turn_id in info and scope.admits(info[turn_id])][:count]
        return [replace(lexical[turn_id], match="meaning") if turn_id in lexical
                else ScoredTurn(turn_id, 0.0, 0.0, False, "en", match="meaning") for turn_id in picked]

    def _passes(self, turn: ScoredTurn, threshold: float) -> bool:
        """Relevant: over `threshold` (the fused one, where meaning was measured), or over the
        words' own where the turn holds every word of the query (`ScoredTurn.holds_all`)."""
        return turn.score >= threshold or (turn.holds_all and turn.score >= self._threshold)

    def _finds(self, query: str, scope: Scope) -> bool:
        """Whether `query` has a relevant hit in `scope`."""
        plan = self._plan(query)
        if plan.is_empty():
            return False
        lexical = self._rank(plan, scope)
        # A word score over the fused threshold passes whatever meaning adds (never below 0):
        # most suggestions are found so, without embedding them.
        if any(turn.score >= self._threshold + self._fusion.margin for turn in lexical):
            return True
        ranked, threshold = self._fusion.apply(lexical, self._nearest(plan), self._threshold)
        return any(self._passes(turn, threshold) for turn in ranked)

    def _nearest(self, plan: QueryPlan) -> "_Measured | None":
        """The semantic neighbours of the query, asked only if the fusion needs them."""
        semantic = self._semantic
        if semantic is None or not len(semantic):
            return None
        return _Measured(lambda: self._neighbours(semantic, plan))

    def _neighbours(self, semantic: "SemanticIndex", plan: QueryPlan) -> Neighbours:
        """Each turn measured against its own interview's reference (bot.search.fusion), every
        candidate with its own cosine (not only those among the nearest: a translated turn's lift
        needs it)."""
        cosines = semantic.turn_cosines(plan.text)
        nearest = cosines.top(self._fusion.nearest)
        # An interview with too few vectors for a reference of its own (a short one, or one the
        # backfill has not reached) is measured against the whole library's.
        everywhere = nearest[min(self._fusion.reference_rank, len(nearest) - 1)][1] if nearest else 1.0
        references: dict[tuple[int, int], float] = {}

        def reference_of(turn_id: int) -> float:
            block = self._blocks[max(bisect_right(self._block_firsts, turn_id) - 1, 0)]
            if block not in references:
                found = cosines.rank_within(*block, self._fusion.reference_rank)
                references[block] = everywhere if found is None else found
            return references[block]

        return Neighbours(nearest, cosines.of, reference_of, cosines.top_within)

    def _rank(self, plan: QueryPlan, scope: Scope) -> list[ScoredTurn]:
        rows = self._candidates(plan, scope)
        endings = longer_word_endings(plan, rows)
        credits = {row.turn_id: credits_of(plan, row, endings) for row in rows}
        info = self._info_of(list(credits))
        # Below the near-miss band (and what meaning could add) a turn is neither shown nor
        # offered: its exact score is moot.
        fusion = self._fusion
        lift = fusion.bonus_cap - fusion.margin if self._semantic is not None else 0.0
        floor = self._threshold - max(NEAR_MISS_MARGIN, lift)
        translated_lift = fusion.translated_cap + fusion.translated_lift - fusion.margin if self._semantic is not None else 0.0
        translated_floor = self._threshold - max(NEAR_MISS_MARGIN, translated_lift)
        elsewhere = _held_by_interview(plan, credits, info)
        scored = []
        for row in rows:
            own = credits[row.turn_id]
            here = info.get(row.turn_id)
            # Neighbours are one exchange only within a topic of one interview.
            neighbours = [credits[n] for n in (row.turn_id - 1, row.turn_id + 1)
                          if n in credits and here is not None and here.same_topic(info.get(n))]
            held = elsewhere[here.interview if here is not None else ""]
            row_floor = translated_floor if in_other_language(plan, row) else floor
            scored.append(score_row(plan, row, own, context_credits(own, neighbours, held), row_floor))
        if plan.is_question:
            scored = _answers_first(scored, info)
        return sorted(scored, key=lambda s: s.sort_key, reverse=True)

    def _info_of(self, turn_ids: list[int]) -> dict[int, TurnInfo]:
        """Each turn's topic, role and interview."""
        if self._rows:
            return {i: self._turn_info[i] for i in turn_ids if i in self._turn_info}
        marks = ",".join("?" * len(turn_ids))
        rows = self._db.execute(f"SELECT id, topic_key, role, interview, held FROM {DOCS_TABLE} WHERE id IN ({marks})",
                                turn_ids)
        return {row[0]: TurnInfo(*row[1:]) for row in rows}

    def _candidates(self, plan: QueryPlan, scope: Scope) -> list[IndexRow]:
        """Up to CANDIDATES turns, those sharing the most (and rarest) query units first."""
        groups = candidate_groups(plan, self._vocabulary)
        if not groups:
            return []
        filters, params = scope.sql()
        join = f"JOIN {DOCS_TABLE} d ON d.id = s.rowid" if filters else ""
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
        rows = self._db.execute(f"SELECT id, en, en_alt, zh, zhm, held FROM {DOCS_TABLE} WHERE id IN ({marks})", turn_ids)
        return [IndexRow(*row) for row in rows]

    def _hits(self, plan: QueryPlan, page: list[ScoredTurn], by_meaning: set[int], measured: bool) -> list[Hit]:
        """The page's hits with their matched spans in the displayed texts; those `by_meaning`
        (no words of the query, or too few) with the span of their passage nearest in meaning.
        `measured` (the query was embedded): a hit whose words are in one language only gets
        its passage nearest in meaning in the other, so that a reader of either sees the part
        that matched ("紫色和蓝色" read in English), not the turn's first lines."""
        records = {record.id: record for record in self._corpus.turns([s.turn_id for s in page])}
        held = {turn_id: info.held for turn_id, info in self._info_of(list(records)).items()}
        semantic = self._semantic if measured else None
        hits = []
        for s in page:
            record = records.get(s.turn_id)
            if record is None:
                continue
            near = (lambda record=record: self._passage_spans(record, semantic.passages_by_nearness(plan.text, record.id)))
            if s.turn_id in by_meaning and semantic is not None:
                field, spans = near()
                hits.append(Hit(s.turn_id, s.score, field, spans, s.match, near_only=True, located=frozenset(spans)))
                continue
            spans = spans_for(plan, *_searched_text(record), held.get(s.turn_id, ""))
            located: frozenset[str] = frozenset()
            if semantic is not None and record.en and record.zh and len(spans) == 1:
                nearest = near()[1]
                located = frozenset(nearest) - frozenset(spans)
                spans = {**nearest, **spans}
            hits.append(Hit(s.turn_id, s.score, s.field, spans, s.match, located=located))
        return hits

    def _plan(self, query: str) -> QueryPlan:
        """`query` planned against this index's vocabulary, synonyms and translations."""
        plan = self._plans.get(query)
        if plan is None:
            plan = self._plans[query] = self._planned(query)
        return plan

    def _planned(self, query: str) -> QueryPlan:
        """The plan, its words that say where to look ("clip", "video") weighed as function words,
        unless a turn holds every word of the query with them: then they are what is asked ("clip
        model" names CLIP; "hallucinations clip" asks for a clip about hallucinations)."""
        plan = plan_query(query, self._vocabulary, self._synonyms, self._translations)
        if not plan.framed:
            return plan
        literal = plan_query(query, self._vocabulary, self._synonyms, self._translations, framing=False)
        return literal if any(turn.holds_all for turn in self._rank(literal, Scope())) else plan

    def _memo(self, key: tuple, compute: Callable[[], _T]) -> _T:
        """`compute()`, remembered under `key` among the `cache_size` most recently used."""
        if self._cache is None:
            return compute()
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]  # type: ignore[return-value]

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("SearchService.initialize() was not called")
        return self._conn


def _searched_text(record) -> tuple[str, str]:
    """A turn's English and Chinese as shown, a host's sponsor reads blanked (offsets kept): the
    words shown in bold, and the excerpt around them, are where the search found them."""
    if record.role != "host":
        return record.en, record.zh
    return masked_sponsor_reads(record.en), masked_sponsor_reads(record.zh)


def _located(passage: str, text: str) -> tuple[int, int] | None:
    """Where `passage` (cut from `text`, its spacing perhaps changed) is in `text`."""
    if not passage or not text:
        return None
    if (start := text.find(passage)) >= 0:  # most passages: no pattern to compile
        return start, start + len(passage)
    match = re.search(r"\s*".join(re.escape(word) for word in passage.split()), text)
    return (match.start(), match.end()) if match else None


def _held_by_interview(plan: QueryPlan, credits: dict[int, Credits], info: dict[int, TurnInfo]) -> dict[str, tuple[float, ...]]:
    """What each interview holds of the query (slug → best credit per unit): one interview's
    words say nothing of another's turns."""
    by_interview: dict[str, list[Credits]] = {}
    for turn_id, credit in credits.items():
        by_interview.setdefault(info[turn_id].interview if turn_id in info else "", []).append(credit)
    return {slug: best_credits(plan, found) for slug, found in by_interview.items()}


def _answers_first(scored: list[ScoredTurn], info: dict[int, TurnInfo]) -> list[ScoredTurn]:
    """A question wants its answer: the guest's turns get ANSWER_PRIOR in the order, unless
    a host's turn holds the question nearly as typed (the user is quoting the host)."""
    def role(turn_id: int) -> str:
        found = info.get(turn_id)
        return found.role if found else ""

    if any(s.closeness >= QUOTED_CLOSENESS and role(s.turn_id) == "host" for s in scored):
        return scored
    return [replace(s, prior=ANSWER_PRIOR) if role(s.turn_id) == "guest" else s for s in scored]


@dataclass(frozen=True, slots=True)
class TurnInfo:
    """What the index knows of a turn besides its words."""

    topic_key: str
    role: str
    interview: str  # its interview's slug
    held: str = ""  # the language its interview is held in alone ("" both)

    def same_topic(self, other: "TurnInfo | None") -> bool:
        return other is not None and self.interview == other.interview and self.topic_key == other.topic_key


class _Measured:
    """The fusion's `Nearest`, measured at most once, and what it measured (None: not asked)."""

    def __init__(self, measure: Callable[[], Neighbours]) -> None:
        self._measure = measure
        self.measured: Neighbours | None = None

    def __call__(self) -> Neighbours:
        if self.measured is None:
            self.measured = self._measure()
        return self.measured


@dataclass(frozen=True, slots=True)
class Scope:
    """What a search is narrowed to: a speaker role, a topic, an interview (None: any)."""

    speaker: str = "any"
    topic_key: str | None = None
    interview: str | None = None

    def admits(self, turn: TurnInfo) -> bool:
        return (self.speaker not in ("guest", "host") or turn.role == self.speaker) and \
            self.topic_key in (None, turn.topic_key) and self.interview in (None, turn.interview)

    def sql(self) -> tuple[str, list]:
        """SQL conditions on the index's own `search_docs d`."""
        clauses, params = "", []
        for column, value in (("role", self.speaker if self.speaker in ("guest", "host") else None),
                              ("topic_key", self.topic_key), ("interview", self.interview)):
            if value is not None:
                clauses += f" AND d.{column} = ?"
                params.append(value)
        return clauses, params


def _relaxations(groups: list[str]) -> list[str]:
    """FTS queries from strict to loose: all units, then dropping the most common ones, then any.

    Without a rank ORDER BY, FTS5 streams matches and stops at the LIMIT, so each query
    costs about its rarest posting list, however common the other terms are.
    """
    strict = [" AND ".join(f"({g})" for g in groups[:n]) for n in range(len(groups), max(len(groups) - RELAXATION_STEPS, 1) - 1, -1)]
    return [*dict.fromkeys(strict), " OR ".join(f"({g})" for g in groups)]

