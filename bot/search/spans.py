"""Best-matching spans: where in a turn's displayed text the query's words cluster.

Offsets index the original (displayed) strings, so callers can slice and highlight them.
"""

from __future__ import annotations

import unicodedata

from bot.search.normalize import english_word_spans, fold
from bot.search.query import QueryPlan

Span = tuple[int, int]


def wanted_terms(plan: QueryPlan) -> tuple[set[str], set[str]]:
    """English terms and Chinese bigrams that would satisfy some unit of the query."""
    english: set[str] = set()
    chinese: set[str] = set()
    for unit in plan.units:
        if unit.is_stopword and len(plan.units) > 1:
            continue
        for alternative in unit.alternatives:
            english.update(alternative.en_terms)
            chinese.update(alternative.zh_grams)
        english.update(term for term, _ in unit.corrections)
    return english, chinese


def english_span(text: str, wanted: set[str], max_chars: int) -> Span | None:
    """The tightest stretch of at most `max_chars` holding the most distinct wanted terms."""
    matches = [(term, start, end) for term, start, end in english_word_spans(text) if term in wanted]
    return _densest(matches, max_chars)


def chinese_span(text: str, wanted: set[str], max_chars: int) -> Span | None:
    """Same for Chinese, over the bigrams of the (Simplified, folded) text."""
    folded = _fold_keeping_offsets(text)
    matches = []
    for i in range(len(folded) - 1):
        gram = folded[i : i + 2]
        if gram in wanted:
            matches.append((gram, i, i + 2))
    if not matches:  # a one-character query
        matches = [(ch, i, i + 1) for i, ch in enumerate(folded) if ch in wanted]
    return _densest(matches, max_chars)


def _fold_keeping_offsets(text: str) -> str:
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    # Folding changed the length somewhere (rare: ligatures, ß); fold char by char instead.
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    return unicodedata.normalize("NFKC", ch)[:1].lower() or ch


def _densest(matches: list[tuple[str, int, int]], max_chars: int) -> Span | None:
    """Sliding window over match positions: most distinct terms, then the shortest extent."""
    if not matches:
        return None
    best: tuple[int, int, int, int] | None = None  # (distinct, -length, start, end)
    counts: dict[str, int] = {}
    left = 0
    for right, (term, _, end) in enumerate(matches):
        counts[term] = counts.get(term, 0) + 1
        while left < right and (end - matches[left][1] > max_chars or counts[matches[left][0]] > 1):
            _drop(counts, matches[left][0])  # too wide, or a repeat the window also has later
            left += 1
        start = matches[left][1]
        candidate = (len(counts), -(end - start), start, end)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    assert best is not None
    return best[2], best[3]


def _drop(counts: dict[str, int], term: str) -> None:
    counts[term] -= 1
    if not counts[term]:
        del counts[term]


def spans_for(plan: QueryPlan, en: str, zh: str) -> dict[str, Span]:
    """Spans in the displayed English and Chinese, for whichever of them the query touches."""
    english, chinese = wanted_terms(plan)
    # Room for the query's words with as many others between them: a sentence or so.
    en_chars = max(30 * len(plan.en_terms), 100)
    zh_chars = max(4 * sum(len(r) for r in plan.zh_runs), 24)
    spans: dict[str, Span] = {}
    if en and english and (span := english_span(en, english, en_chars)):
        spans["en"] = span
    if zh and chinese and (span := chinese_span(zh, chinese, zh_chars)):
        spans["zh"] = span
    return spans
