"""Calibrate how the fusion weighs a turn held in the other language (Fusion.translated_*) on
the *tune* split of eval_crosslingual.toml; the holdout is never read.

Run: `.venv/bin/python -m tests.search.calibrate_crosslingual`. Each tune query is ranked once
lexically (across the library, and narrowed to its episode) and its neighbours computed once;
every candidate setting then replays `Fusion.apply` on those, as `SearchService.search` would.
Printed: the best settings by recall@3 (mean of library and narrowed) + negatives rejected,
then recall@1. Copy the chosen values into `Fusion`'s defaults.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bot.search.fusion import Fusion
from bot.search.ranking import RELEVANCE_THRESHOLD, ScoredTurn

from .corpus_db import opened_search
from .crosslingual import CrossQuery, build_library, load_queries, resolve_labels

GRID = {
    "translated_weight": (1000.0, 1500.0, 2000.0, 3000.0),
    "translated_cap": (30.0, 40.0, 50.0, 60.0),
    "translated_lift": (0.0, 5.0, 10.0, 15.0, 20.0, 25.0),
}
# Every candidate scored in full, whatever these settings: the replay decides.
UNBOUNDED = Fusion(bonus_cap=100.0, margin=0.0, translated_cap=100.0, translated_lift=100.0)


@dataclass(frozen=True)
class Case:
    query: CrossQuery
    expected: frozenset[int]
    library: list[ScoredTurn]
    narrowed: list[ScoredTurn]
    neighbours: object


def cases(database: Path) -> list[Case]:
    tune = [q for q in load_queries() if q.split == "tune"]
    labels, missing = resolve_labels(database, tune)
    if missing:
        raise SystemExit(f"unresolved labels: {missing}")
    found = []
    with opened_search(database, cache_size=0, fusion=UNBOUNDED) as service:
        for query in tune:
            expected = frozenset(labels[(query.slug, w)] for w in query.expect)
            found.append(Case(query, expected, service.ranked(query.text), service.ranked(query.text, interview=query.slug),
                              service.neighbours(query.text)))
    return found


def _shown(fusion: Fusion, ranked: list[ScoredTurn], neighbours) -> list[int]:
    fused, threshold = fusion.apply(ranked, lambda: neighbours, RELEVANCE_THRESHOLD)
    return [s.turn_id for s in fused if s.score >= threshold][:3]


def score(fusion: Fusion, found: list[Case]) -> tuple[float, float, float]:
    """(recall@3 mean of library and narrowed, negatives rejected, library recall@1)."""
    at3 = at1 = rejected = 0.0
    for case in found:
        narrowed = _shown(fusion, case.narrowed, case.neighbours)
        if case.query.negative:
            rejected += not narrowed
            continue
        library = _shown(fusion, case.library, case.neighbours)
        at3 += (bool(set(library) & case.expected) + bool(set(narrowed) & case.expected)) / 2
        at1 += bool(library) and library[0] in case.expected
    negatives = sum(c.query.negative for c in found)
    positives = len(found) - negatives
    return at3 / positives, rejected / negatives, at1 / positives


def main() -> None:
    cache = Path(__file__).resolve().parents[2] / "data" / "test-embeddings.sqlite3"
    with tempfile.TemporaryDirectory() as scratch:
        found = cases(build_library(Path(scratch) / "library", cache))
    results = []
    for values in itertools.product(*GRID.values()):
        fusion = replace(Fusion(), **dict(zip(GRID, values)))
        results.append((score(fusion, found), values))
    results.sort(key=lambda r: (r[0][0] + r[0][1], r[0][2]), reverse=True)
    print("R@3  rejected  R@1  " + "  ".join(GRID))
    for (at3, rejected, at1), values in [(score(Fusion(), found), ("defaults",))] + results[:15]:
        print(f"{100 * at3:5.1f} {100 * rejected:6.1f} {100 * at1:5.1f}  {values}")


if __name__ == "__main__":
    main()
