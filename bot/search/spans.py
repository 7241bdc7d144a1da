"""Best-matching spans: where in a turn's displayed text the query's terms cluster.

Offsets index the original (displayed) strings, so callers can slice and highlight them.
A span covers matches of the query's units (a word, a phrase alternative such as
"making stuff up", a Chinese word) that lie close together: at most a few words apart
in English, a few characters in Chinese. Among such clusters the one covering the most
query weight wins, then the one spanning the fewest words, then the first; far-apart terms
are not bridged by a long span.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.chinese import to_simplified_chars
from bot.search.normalize import english_word_spans, fold, fold_stored
from bot.search.query import QueryPlan

Span = tuple[int, int]
EN_MAX_GAP = 3  # words between two matches of one cluster
ZH_MAX_GAP = 6  # characters between two matches of one cluster (Chinese text)


@dataclass(frozen=True, slots=True)
class _Wanted:
    """What to look for, per query unit: English phrases (stem tuples) and Chinese words."""

    phrases: tuple[tuple[int, tuple[str, ...]], ...]  # (unit index, stems)
    chinese: tuple[tuple[int, str], ...]  # (unit index, Simplified word)
    weights: tuple[float, ...]  # per unit
    orders: tuple[int, ...]  # per unit: where in the query it was typed (units are not kept in order)


def _wanted(plan: QueryPlan) -> _Wanted:
    phrases: dict[tuple[int, tuple[str, ...]], None] = {}
    chinese: dict[tuple[int, str], None] = {}
    skip_stopwords = any(not u.is_stopword for u in plan.units)
    for index, unit in enumerate(plan.units):
        if unit.is_stopword and skip_stopwords:
            continue
        for alternative in unit.alternatives:
            if alternative.en_terms:
                phrases[(index, alternative.en_terms)] = None
            if alternative.zh_text:
                chinese[(index, alternative.zh_text)] = None
        for term, _ in unit.corrections:
            phrases[(index, (term,))] = None
    weights = tuple(max(u.weight, 1e-3) for u in plan.units)
    return _Wanted(tuple(phrases), tuple(chinese), weights, _typed_order(plan))


def _typed_order(plan: QueryPlan) -> tuple[int, ...]:
    """Each unit's place in the query as typed (its label's first occurrence, Simplified and
    case folded); a unit not found there (a correction) after every one that is."""
    typed = to_simplified_chars(plan.text).casefold()
    return tuple(at if (at := typed.find(unit.label.casefold())) >= 0 else len(typed) + index
                 for index, unit in enumerate(plan.units))


# A match: (unit, position of first token, position of last token, start offset, end offset).
_Match = tuple[int, int, int, int, int]


@lru_cache(maxsize=2048)
def _word_index(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...], dict[str, tuple[int, ...]]]:
    """A text's word terms, their offsets, and term → positions (turn texts repeat across queries)."""
    words = english_word_spans(text)
    positions: dict[str, list[int]] = {}
    for i, (term, _, _) in enumerate(words):
        positions.setdefault(term, []).append(i)
    return (
        tuple(w[0] for w in words),
        tuple((w[1], w[2]) for w in words),
        {term: tuple(found) for term, found in positions.items()},
    )


def _phrase_matches(text: str, wanted: _Wanted) -> list[_Match]:
    """English phrase matches; positions count terms (a hyphenated word has several)."""
    if not wanted.phrases:
        return []
    stems, offsets, positions = _word_index(text)
    matches = []
    for unit, terms in wanted.phrases:
        size = len(terms)
        for i in positions.get(terms[0], ()):
            if size == 1 or stems[i : i + size] == terms:
                matches.append((unit, i, i + size - 1, offsets[i][0], offsets[i + size - 1][1]))
    return matches


def _chinese_matches(text: str, wanted: _Wanted) -> list[_Match]:
    """Whole Chinese words in the (folded) text; positions are characters."""
    if not wanted.chinese:
        return []
    folded = _folded_chinese(text)
    matches = []
    for unit, word in wanted.chinese:
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            matches.append((unit, start, end - 1, start, end))
            start = folded.find(word, start + 1)
    return matches


def _best_cluster(matches: list[_Match], weights: tuple[float, ...], max_gap: int,
                  orders: tuple[int, ...] = ()) -> Span | None:
    """The run of nearby matches covering the most query weight, then the one in the query's
    order ("prediction is compression" in "…about compression. Prediction is compression"), then
    the tightest, then the first."""
    if not matches:
        return None
    matches.sort(key=lambda m: (m[1], -m[2]))
    # A match inside a longer one of the same unit ("Yann" in "Yann LeCun") is that one.
    kept: list[_Match] = []
    for m in matches:
        if not any(k[0] == m[0] and k[3] <= m[3] and m[4] <= k[4] for k in kept[-4:]):
            kept.append(m)
    matches = kept
    # (weight, in order, -words spanned, -start, end): of clusters as heavy, the one in the
    # query's order, the tightest in words, then the first (not the shortest in characters:
    # "scale" would beat the "scaling" typed before it).
    best: tuple[float, bool, int, int, int] | None = None
    for i, first in enumerate(matches):
        units: set[int] = set()
        reach = first[2]
        end = first[4]
        place = orders or range(len(weights))
        in_order, last_place = True, place[first[0]]
        for m in matches[i:]:
            if m[1] - reach - 1 > max_gap:
                break
            reach = max(reach, m[2])
            end = max(end, m[4])
            units.add(m[0])
            in_order, last_place = in_order and place[m[0]] >= last_place, place[m[0]]
            candidate = (round(sum(weights[u] for u in units), 6), in_order, -(reach - first[1]), -first[3], end)
            if best is None or candidate > best:
                best = candidate
    assert best is not None
    return -best[3], best[4]


def chinese_span(text: str, wanted: _Wanted) -> Span | None:
    """Same for Chinese text: its Chinese words, and Latin terms written inside it (ChatGPT, LeCun)."""
    matches = _chinese_matches(text, wanted)
    # Latin words inside Chinese text: character positions, so gaps are measured alike.
    matches += [(u, start, end - 1, start, end) for u, _, _, start, end in _phrase_matches(text, wanted)]
    return _best_cluster(matches, wanted.weights, ZH_MAX_GAP, wanted.orders)


@lru_cache(maxsize=2048)
def _folded_chinese(text: str) -> str:
    """Stored Chinese is Simplified already (bot.corpus.model.Turn): NFKC + casefold only."""
    folded = fold_stored(text)
    return folded if len(folded) == len(text) else _fold_keeping_offsets(text)


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


def spans_for(plan: QueryPlan, en: str, zh: str, held: str = "") -> dict[str, Span]:
    """Spans in the displayed English and Chinese, for whichever of them the query touches
    (`held`: the language the turn's interview is held in alone, where the dictionary's senses
    of the query's words count; "" for both languages).

    No span for a text the query does not occur in (never a made-up one at offset 0).
    """
    wanted = _wanted(plan.seen_in(held))
    spans: dict[str, Span] = {}
    if en and (span := _best_cluster(_phrase_matches(en, wanted), wanted.weights, EN_MAX_GAP, wanted.orders)):
        spans["en"] = span
    if zh and (span := chinese_span(zh, wanted)):
        spans["zh"] = span
    return spans
