"""The fusion of lexical ranking and meaning (bot.search.fusion) across a library: each turn
measured against its own interview, and turns of an interview held in the other language."""

from __future__ import annotations

import numpy as np

from bot.search.fusion import Fusion, Neighbours
from bot.search.ranking import RELEVANCE_THRESHOLD, ScoredTurn
from bot.search.semantic import TurnCosines

THRESHOLD = RELEVANCE_THRESHOLD


def turn(turn_id: int, score: float, *, translated: bool = False) -> ScoredTurn:
    return ScoredTurn(turn_id, score, score / 100, False, "en", translated=translated)


def test_cosines_by_turn_id_and_ranks_within_an_interview():
    cosines = TurnCosines(np.array([1, 2, 3, 101, 102]), np.array([0.9, 0.8, 0.7, 0.6, 0.5], np.float32))
    assert cosines.of(101) == np.float32(0.6) and cosines.of(4) is None
    assert [turn_id for turn_id, _ in cosines.top(2)] == [1, 2]
    assert cosines.rank_within(101, 102, 0) == np.float32(0.6)
    assert cosines.rank_within(1, 3, 1) == np.float32(0.8)
    assert cosines.rank_within(1, 3, 10) is None  # fewer turns than the rank: no reference of its own
    assert cosines.rank_within(200, 300, 0) is None
    # the nearest of one interview's block, however far the others are nearer
    assert [turn_id for turn_id, _ in cosines.top_within(101, 102, 3)] == [101, 102]
    assert cosines.top_within(200, 300, 3) == []


def test_a_turn_standing_out_in_its_own_interview_gets_the_bonus_though_others_are_nearer():
    # Interview A (1–20) is nearer the query everywhere; turn 101 stands out only within B.
    nearest = [(i, 0.90 - i * 0.001) for i in range(1, 21)]
    own = {101: 0.80, **{100 + i: 0.75 for i in range(2, 20)}}
    neighbours = Neighbours(nearest, cosine_of=lambda t: own.get(t, dict(nearest).get(t)),
                            reference_of=lambda t: 0.75 if t > 100 else nearest[10][1])
    ranked = [turn(101, 60.0), turn(102, 60.0)]
    fused, threshold = Fusion().apply(ranked, lambda: neighbours, THRESHOLD)
    assert fused[0].turn_id == 101 and fused[0].score >= threshold > fused[1].score
    # measured against interview A's level, as one list would, it would get nothing
    plain, _ = Fusion().apply(ranked, lambda: nearest, THRESHOLD)
    assert all(s.score < threshold for s in plain)


def test_a_turn_held_in_the_other_language_is_weighed_by_its_own_settings():
    fusion = Fusion()
    nearest = [(i, 0.85 - i * 0.002) for i in range(1, 21)]  # turn 1 stands 0.02 above the reference
    same, _ = fusion.apply([turn(1, 50.0)], lambda: nearest, THRESHOLD)
    other, threshold = fusion.apply([turn(1, 50.0, translated=True)], lambda: nearest, THRESHOLD)
    assert other[0].score == 50.0 + min(fusion.translated_weight * 0.02, fusion.translated_cap) + fusion.translated_lift
    assert other[0].score >= threshold > same[0].score
    # meaning is asked whenever such a turn could reach the threshold
    assert fusion.needs_meaning([turn(1, 30.0, translated=True)], THRESHOLD)
    assert not fusion.needs_meaning([turn(1, 30.0)], THRESHOLD)


def test_cosines_stay_by_turn_id_when_the_backfill_adds_turns_out_of_order(small_db):
    from bot.search.semantic import SemanticIndex
    from tests.search.test_semantic import CountingEmbedder

    embedder = CountingEmbedder()
    index = SemanticIndex(small_db, embedder=embedder)
    index.open()  # no vectors stored: the backfill brings them
    for turn_id in (7, 2, 5):
        index.extend([(turn_id, 0, f"passage {turn_id}")], embedder.passages([f"passage {turn_id}"]))
    cosines = index.turn_cosines("passage 2")
    assert list(cosines.turn_ids) == [2, 5, 7]
    assert dict(index.nearest("passage 2", 3)) == {t: cosines.of(t) for t in (2, 5, 7)}
    assert cosines.top(1)[0][0] == 2
