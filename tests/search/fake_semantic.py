"""A stand-in for the semantic index whose nearest turns a test gives: the model's judgement
of meaning is the input, the search's use of it is under test."""

from __future__ import annotations

import numpy as np

from bot.search.semantic import TurnCosines


class FakeSemantic:
    """A semantic index whose nearest turns are given, counting its calls."""

    def __init__(self, nearest: list[tuple[int, float]]) -> None:
        self.result, self.calls = nearest, 0

    def __len__(self) -> int:
        return len(self.result)

    def nearest(self, query: str, k: int) -> list[tuple[int, float]]:
        self.calls += 1
        return self.result[:k]

    def passages_by_nearness(self, query: str, turn_id: int) -> list[int]:
        return []  # no passage texts: a hit by meaning is shown from its start

    def turn_cosines(self, query: str) -> TurnCosines:
        """The same similarities as the index gives the fusion: by turn id, for every turn it has."""
        self.calls += 1
        ordered = sorted(self.result)
        return TurnCosines(np.array([t for t, _ in ordered], np.int64), np.array([c for _, c in ordered], np.float32))
