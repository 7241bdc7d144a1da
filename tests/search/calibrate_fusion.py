"""Calibrate the lexical-semantic fusion (bot.search.fusion.Fusion) on the *tune* split of
the user-query set (eval_users.toml); the holdout is never read.

Run: `.venv/bin/python -m tests.search.calibrate_fusion`. Each tune query is ranked once
lexically and once by the semantic index; every candidate setting then replays
`Fusion.apply` on those rankings, as `SearchService.search` would. Printed: the best settings
by recall@3 + negatives rejected (ties: fewer queries embedded), with recall@1 and the share
of queries embedded. Copy the chosen values into `Fusion`'s defaults.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.search.fusion import Fusion
from bot.search.quote_check import quotation_in
from bot.search.ranking import RELEVANCE_THRESHOLD, ScoredTurn
from bot.search.semantic import SemanticIndex
from bot.storage.schema import connect

from .corpus_db import opened_search, real_corpus_db
from .evaluation import EvalQuery, load_queries, resolve_labels
from .measure_users import EVAL_USERS, NEGATIVE

GRID = {
    "weight": (400.0, 600.0, 800.0, 1000.0, 1200.0),
    "reference_rank": (3, 5, 10),
    "margin": (4.0, 8.0, 12.0),
    "bonus_cap": (20.0, 30.0, 40.0),
    "strong": (90.0, 95.0, 101.0),
}


@dataclass(frozen=True)
class Case:
    query: EvalQuery
    expected: frozenset[int]
    ranked: list[ScoredTurn]
    nearest: list[tuple[int, float]]


def cases(db_path: Path) -> list[Case]:
    # A query that reads as a quotation is answered by the quote check, not by this ranking
    # (bot.replies.search_or_check): it has no say in the fusion's settings.
    tune = [q for q in load_queries(EVAL_USERS) if q.split == "tune" and quotation_in(q.q) is None]
    labels, problems = resolve_labels(connect(db_path, readonly=True), tune)
    if problems:
        raise SystemExit("unresolved labels:\n  " + "\n  ".join(problems))
    semantic = SemanticIndex(db_path)
    semantic.open()
    found = []
    # The lexical ranking as the service computes it (fusion off), with every candidate scored.
    with opened_search(db_path, semantic=False, cache_size=0, fusion=Fusion(bonus_cap=100.0, margin=0.0)) as service:
        for query in tune:
            ranked = service.ranked(query.q)
            found.append(Case(query, frozenset(labels[p] for p in query.expect), ranked,
                              semantic.nearest(query.q, Fusion().nearest)))
    return found


def score(fusion: Fusion, found: list[Case]) -> tuple[float, float, float, float]:
    """(recall@3 on-topic, negatives rejected, recall@1, share embedded)."""
    at3 = at1 = rejected = embedded = 0
    for case in found:
        embedded += fusion.needs_meaning(case.ranked, RELEVANCE_THRESHOLD)
        ranked, threshold = fusion.apply(case.ranked, lambda case=case: case.nearest, RELEVANCE_THRESHOLD)
        hits = [s.turn_id for s in ranked if s.score >= threshold][:3]
        if case.query.kind in NEGATIVE:
            rejected += not hits
        else:
            at3 += bool(set(hits) & case.expected)
            at1 += bool(hits) and hits[0] in case.expected
    negatives = sum(c.query.kind in NEGATIVE for c in found)
    on_topic = len(found) - negatives
    return at3 / on_topic, rejected / negatives, at1 / on_topic, embedded / len(found)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path, _ = real_corpus_db(Path(tmp) / "calibrate.db", semantic=True)
        found = cases(db_path)
    results = []
    for values in itertools.product(*GRID.values()):
        fusion = Fusion(**dict(zip(GRID, values)))
        at3, rejected, at1, embedded = score(fusion, found)
        results.append((round(at3 + rejected, 6), -embedded, at1, fusion, at3, rejected))
    results.sort(key=lambda r: r[:3], reverse=True)
    base = score(Fusion(strong=0.0), found)  # never embeds: lexical only
    print(f"lexical only: R@3 {base[0]:.3f}, negatives rejected {base[1]:.3f}, R@1 {base[2]:.3f}")
    print(f"current Fusion(): R@3 {{:.3f}}, rejected {{:.3f}}, R@1 {{:.3f}}, embedded {{:.2f}}".format(*score(Fusion(), found)))
    for objective, embedded, at1, fusion, at3, rejected in results[:15]:
        print(f"R@3 {at3:.3f} rejected {rejected:.3f} R@1 {at1:.3f} embedded {-embedded:.2f}  {fusion}")


if __name__ == "__main__":
    main()
