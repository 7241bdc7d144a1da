"""Did-you-mean for a search with no relevant result: a corrected spelling, a near miss, topics.

A topic is offered only when its name or an alias is close to the query as a whole
(similar, or sharing its words), or when it is the topic of the near-miss turn.
"""

from __future__ import annotations

from bot.search.normalize import FILLER_WORDS, english_terms, fold, has_cjk
from bot.search.query import QueryPlan
from bot.search.ranking import NEAR_MISS_MARGIN, ScoredTurn
from bot.search.results import Suggestion
from bot.search.spans import spans_for
from bot.search.topics import TopicMatcher
from bot.storage.corpus import CorpusStore, TopicRecord

PHRASE_WORDS = 8  # a near-miss phrase offered as a query: a few words, not a paragraph


def spelling_suggestions(plan: QueryPlan) -> list[Suggestion]:
    """The query with each misspelled word corrected, if any was."""
    if not plan.corrected:
        return []
    corrected = _apply_corrections(plan.text, plan.corrected)
    return [Suggestion(corrected, corrected, corrected, "phrase")]


def did_you_mean(plan: QueryPlan, ranked: list[ScoredTurn], *, threshold: float, corpus: CorpusStore,
                 topics: TopicMatcher, limit: int) -> list[Suggestion]:
    """Spelling first, then the best turn's phrase and topic if it nearly passed, then close topics."""
    suggestions = spelling_suggestions(plan)
    near = ranked[0] if ranked else None
    if near is not None and threshold - NEAR_MISS_MARGIN <= near.score < threshold:
        record = corpus.turn(near.turn_id)
        if record is not None:
            phrase = _near_miss_phrase(plan, record.en, record.zh)
            suggestions += [phrase] if phrase else []
            topic = corpus.topic(record.topic_key, record.interview_id)
            suggestions += [_topic_suggestion(topic)] if topic else []
    suggestions += [_topic_suggestion(topic) for topic in topics.close_to(plan.text)]
    unique = {(s.kind, s.query): s for s in reversed(suggestions)}  # keep the first of duplicates
    return list(reversed(unique.values()))[:limit]


def _topic_suggestion(topic: TopicRecord) -> Suggestion:
    return Suggestion(topic.name_en, topic.name_zh, topic.name_en, "topic", topic.key, topic.interview_id)


def _near_miss_phrase(plan: QueryPlan, en: str, zh: str) -> Suggestion | None:
    spans = spans_for(plan, en, zh)
    span, zh_span = spans.get("en"), spans.get("zh")
    if span is None and zh_span is None:
        return None
    label_en = _words_around(en, span) if span else ""
    label_zh = zh[zh_span[0] : zh_span[1]] if zh_span else ""
    query = label_zh if has_cjk(plan.text) and label_zh else (label_en or label_zh)
    return Suggestion(label_en or label_zh, label_zh or label_en, query, "phrase")


def _apply_corrections(text: str, corrected: dict[str, str]) -> str:
    """The query with each misspelled word replaced by its correction (stems compared), less
    its request words: "quote about halucinations please" → "about hallucinations"."""
    words = []
    for word in text.split():
        terms = english_terms(fold(word), with_joined=False)
        if terms and all(t in FILLER_WORDS for t in terms):
            continue
        replacement = corrected.get(terms[0]) if len(terms) == 1 else None
        words.append(replacement or word)
    return " ".join(words)


def _words_around(text: str, span: tuple[int, int]) -> str:
    """The span's words, trimmed to PHRASE_WORDS: a short phrase to offer as a query."""
    words = text[span[0] : span[1]].split()
    return " ".join(words[:PHRASE_WORDS]).strip(",.;:!?")
