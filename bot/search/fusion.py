"""Lexical ranking fused with semantic similarity (bot.search.semantic), and when to ask for it.

A turn's fused score is its lexical score plus a bonus for standing out in meaning: how far its
cosine to the query is above that of the query's `reference_rank`-th nearest turn of its own
interview (the level "any turn of this interview" reaches: e5's cosines sit between 0.75 and
0.9 for any text), capped. Only turns with lexical evidence (a query word in the turn, its exchange or the
interview) get the bonus, so semantic similarity never decides "no match" on its own: an
off-topic query is as similar to some turn as an on-topic one is.

Calibrated on the tune split of tests/search/eval_users.toml by tests/search/calibrate_fusion.py
(leaving out queries that read as quotations: the quote check answers those):
weight, reference rank and margin by grid search (recall@3 + negatives rejected); the cap and
the strong-match skip as the tightest values that lose nothing there, so that fewer queries
are embedded (an embedding is most of an uncached search's CPU).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from bot.search.ranking import ScoredTurn

@dataclass(frozen=True)
class Neighbours:
    """The query's similarity to the turns, and the level each turn's is measured against.

    `nearest`: (turn id, cosine), best first. In a library, a turn's reference is its own
    interview's (`reference_of`), and candidates outside `nearest` still have a cosine
    (`cosine_of`): e5 finds passages in the query's language nearer than any in the other, so
    a Chinese query's nearest turns are all of interviews with Chinese text, and an interview
    held in English is measured only against itself."""

    nearest: list[tuple[int, float]]
    cosine_of: Callable[[int], float | None] | None = None
    reference_of: Callable[[int], float] | None = None
    # (first id, last id, k) → the k nearest among one interview's turns (ids first..last).
    top_within: Callable[[int, int, int], list[tuple[int, float]]] | None = None


Nearest = Callable[[], "Neighbours | list[tuple[int, float]]"]  # asked only when meaning could matter


@dataclass(frozen=True)
class Fusion:
    weight: float = 1000.0  # fused points per unit of cosine above the reference (10 per 0.01)
    reference_rank: int = 10  # the reference similarity: the query's 11th nearest turn's (0-based)
    bonus_cap: float = 30.0  # at most this many points from meaning: a turn needs words too
    margin: float = 12.0  # the fused threshold is the lexical one plus this (64 → 76)
    strong: float = 95.0  # a lexical top score this high (or a phrase) is the answer: no embedding
    nearest: int = 60  # turns asked of the semantic index: the reference and the likely candidates
    # A turn held in the language the query is not written in (ScoredTurn.translated) has only
    # the dictionary's words, never the query's wording: its lexical score runs lower, and
    # meaning weighs more. Calibrated on the tune split of tests/search/eval_crosslingual.toml
    # (tests/search/calibrate_crosslingual.py).
    translated_weight: float = 2000.0
    translated_cap: float = 50.0
    translated_lift: float = 10.0  # added to such a turn's fused score

    def _most_from_meaning(self, turn: ScoredTurn) -> float:
        return self.translated_cap + self.translated_lift if turn.translated else self.bonus_cap

    def needs_meaning(self, ranked: list[ScoredTurn], threshold: float) -> bool:
        """Whether semantic similarity could change this answer (else the query is not embedded).

        Not when nothing has lexical evidence (meaning alone never decides), when even the
        capped bonus cannot lift any turn over the fused threshold, or when the best turn
        contains the query as a phrase or scores `strong`."""
        if not ranked:
            return False
        top = ranked[0]
        if top.is_phrase or top.score >= self.strong:
            return False
        return any(turn.score + self._most_from_meaning(turn) >= threshold + self.margin for turn in ranked)

    def fuse(self, ranked: list[ScoredTurn], neighbours: "Neighbours | list[tuple[int, float]]",
             threshold: float) -> list[ScoredTurn]:
        """`ranked` rescored with the semantic bonus and sorted again; `match` says what carried each."""
        if not isinstance(neighbours, Neighbours):
            neighbours = Neighbours(neighbours)
        nearest = neighbours.nearest
        cosine_of = neighbours.cosine_of or dict(nearest).get
        level = nearest[min(self.reference_rank, len(nearest) - 1)][1]
        reference_of = neighbours.reference_of or (lambda _turn: level)
        fused = []
        for turn in ranked:
            reference = reference_of(turn.turn_id)
            cosine = cosine_of(turn.turn_id)
            above = max((reference if cosine is None else cosine) - reference, 0.0)
            if turn.translated:  # the lift too only where meaning was measured (a vector exists)
                bonus = min(self.translated_weight * above, self.translated_cap) + (self.translated_lift if cosine is not None else 0.0)
            else:
                bonus = min(self.weight * above, self.bonus_cap)
            # "meaning": the words alone would not have shown it.
            match = turn.match if turn.score >= threshold else "meaning"
            fused.append(replace(turn, score=round(turn.score + bonus, 2), match=match))
        return sorted(fused, key=lambda s: s.sort_key, reverse=True)

    def apply(self, ranked: list[ScoredTurn], nearest: Nearest | None, threshold: float) -> tuple[list[ScoredTurn], float]:
        """The ranking and the threshold it is held to: fused when meaning could matter."""
        if nearest is None or not self.needs_meaning(ranked, threshold):
            return ranked, threshold
        found = nearest()
        if not (found.nearest if isinstance(found, Neighbours) else found):
            return ranked, threshold  # no vectors after all: the words decide, as with SEMANTIC_SEARCH off
        return self.fuse(ranked, found, threshold), threshold + self.margin
