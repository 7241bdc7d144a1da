"""How close together a turn holds a long query's words: the best window's share of the query.

A sentence typed as a query (a quotation, a whole question) that a turn really contains has
its words together. One whose words lie scattered over a long answer, each common enough to
be somewhere in 800 words, was most likely said elsewhere: "We have to deal with the data
that we have. There's only one internet." has "deal", "data" and "internet" in one long turn,
a hundred words apart. Short (keyword) queries are exempt: their words may be anywhere.
"""

from __future__ import annotations

from functools import lru_cache

from bot.search.index import IndexRow
from bot.search.query import QueryPlan

LONG_QUERY_TERMS = 8  # terms (function words included; a Chinese character counts half) of a sentence
WINDOW_PER_TERM = 2  # the window: this many words per query term…
WINDOW_SLACK = 8  # …plus these (speech adds "I think", "you know"; Chinese: characters, twice as many)

_Events = list[tuple[int, int]]  # (position, unit index), sorted


def is_long(plan: QueryPlan) -> bool:
    return _length(plan) >= LONG_QUERY_TERMS


def _length(plan: QueryPlan) -> float:
    return len(plan.en_content) + sum(len(run) for run in plan.zh_content) / 2


def window_coverage(plan: QueryPlan, row: IndexRow) -> float:
    """The idf-weighted share of the query's units inside the best window of the turn's
    English words or Chinese characters (whichever holds more). Units the turn satisfies
    only outside its text (the speaker's name, a verbatim spelling) count as inside."""
    plan = plan.seen_in(row.held)
    total = plan.total_weight or 1.0
    words = round(WINDOW_PER_TERM * _length(plan)) + WINDOW_SLACK
    texts = ((_english_events(plan, row.en), words), (_chinese_events(plan, row.zh), 2 * words),
             (_chinese_events(plan, row.zhm), 2 * words))
    weights = [unit.weight for unit in plan.units]
    best = max(_best_window(events, width, weights) for events, width in texts)
    outside = _outside_text(plan, row)
    return min((best + sum(plan.units[i].weight for i in outside)) / total, 1.0)


def _best_window(events: _Events, width: int, weights: list[float]) -> float:
    """Most unit weight (`weights`, by unit index) among events no more than `width` positions
    apart (two pointers, the window's weight kept as units enter and leave it)."""
    best, weight, start, inside = 0.0, 0.0, 0, [0] * len(weights)
    for position, unit in events:
        if not inside[unit]:
            weight += weights[unit]
        inside[unit] += 1
        while position - events[start][0] > width:
            first = events[start][1]
            inside[first] -= 1
            if not inside[first]:
                weight -= weights[first]
            start += 1
        best = max(best, weight)
    return best


def _english_events(plan: QueryPlan, en: str) -> _Events:
    tokens, positions = _token_index(en)
    events = set()
    for index, terms in plan.english_phrases:
        size = len(terms)
        events.update((i, index) for i in positions.get(terms[0], ()) if size == 1 or tokens[i : i + size] == terms)
    return sorted(events)


def _chinese_events(plan: QueryPlan, text: str) -> _Events:
    if not text or not plan.chinese_words:
        return []
    events = []
    for index, word in plan.chinese_words:
        start = text.find(word)
        while start >= 0:
            events.append((start, index))
            start = text.find(word, start + 1)
    return sorted(events)


def _outside_text(plan: QueryPlan, row: IndexRow) -> set[int]:
    """Units found in the turn's extra terms (en_alt) but in none of its texts' windows' terms."""
    if not row.en_alt:
        return set()
    extra = _extra_terms(row.en_alt, row.en)
    return {index for index, terms in plan.english_phrases if len(terms) == 1 and terms[0] in extra}


@lru_cache(maxsize=2048)
def _extra_terms(en_alt: str, en: str) -> frozenset[str]:
    """The turn's extra terms that its English text lacks."""
    return frozenset(en_alt.split()) - _token_index(en)[1].keys()


@lru_cache(maxsize=2048)
def _token_index(en: str) -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """A turn's English stems and term → positions (turn texts repeat across queries)."""
    tokens = tuple(en.split())
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        positions.setdefault(token, []).append(i)
    return tokens, {term: tuple(found) for term, found in positions.items()}
