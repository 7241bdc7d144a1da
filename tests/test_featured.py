"""The featured rounds (bot.featured): each reader sees every featured excerpt once, in a
shuffled order, before any comes again, whichever chat they ask in; memory stays bounded."""

from __future__ import annotations

import random

import pytest

from bot.featured import FeaturedCycles, featured_anchor, indices_in_turn
from bot.storage.corpus import FeaturedRecord
from tests.test_memory_bounds import BUDGET, _check, retained

COUNT = 22


def test_a_round_shows_every_excerpt_once_and_the_next_round_does_not_start_with_the_last():
    cycles = FeaturedCycles(rng=random.Random(1))
    shown = [cycles.next(7, COUNT) for _ in range(COUNT * 30)]
    rounds = [shown[i:i + COUNT] for i in range(0, len(shown), COUNT)]
    for number, round_ in enumerate(rounds):
        assert sorted(round_) == list(range(COUNT)), number  # no excerpt twice before all were seen
        if number:
            assert round_[0] != rounds[number - 1][-1]  # never the same one twice in a row
    assert len({tuple(r) for r in rounds}) == len(rounds)  # shuffled afresh each round


def test_readers_have_their_own_rounds():
    cycles = FeaturedCycles(rng=random.Random(2))
    first = [cycles.next(1, COUNT) for _ in range(COUNT // 2)]
    other = [cycles.next(2, COUNT) for _ in range(COUNT)]
    rest = [cycles.next(1, COUNT) for _ in range(COUNT - COUNT // 2)]
    assert sorted(first + rest) == sorted(other) == list(range(COUNT))


def test_a_new_round_avoids_the_excerpts_on_screen():
    for seed in range(50):
        cycles = FeaturedCycles(rng=random.Random(seed))
        assert cycles.next(1, COUNT, avoid=frozenset({0, 1, 2})) not in {0, 1, 2}


def test_a_changed_list_starts_a_new_round():
    cycles = FeaturedCycles(rng=random.Random(3))
    for _ in range(5):
        cycles.next(1, COUNT)
    assert sorted(cycles.next(1, 3) for _ in range(3)) == [0, 1, 2]


def test_one_excerpt_is_shown_again_and_none_is_an_error():
    cycles = FeaturedCycles()
    assert [cycles.next(1, 1) for _ in range(3)] == [0, 0, 0]
    with pytest.raises(ValueError):
        cycles.next(1, 0)


def test_the_anchor_is_in_the_text_the_reader_sees():
    excerpt = FeaturedRecord(1, 9, (10, 40), (3, 15))
    assert (featured_anchor(excerpt, "en").field, featured_anchor(excerpt, "en").span) == ("en", (10, 40))
    assert (featured_anchor(excerpt, "zh-hant").field, featured_anchor(excerpt, "zh-hant").span) == ("zh", (3, 15))
    assert featured_anchor(excerpt, "zh-hans", both=True).field == "en"  # "EN + 中文" shows the English first
    excerpts = [excerpt, FeaturedRecord(2, 4, (0, 5), (0, 2)), FeaturedRecord(3, 9, (50, 60), (20, 25))]
    assert indices_in_turn(excerpts, 9) == {0, 2} and indices_in_turn(excerpts, None) == frozenset()


def test_the_rounds_are_bounded_in_bytes():
    cycles = FeaturedCycles(memory_bytes=BUDGET)

    def fill():
        for reader in range(10**12, 10**12 + 5000):
            cycles.next(reader, COUNT)
        return cycles._rounds

    _check(cycles._rounds, retained(fill))
