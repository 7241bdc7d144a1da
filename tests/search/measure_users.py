"""Measure search on the user-query set (`eval_users.toml`): ours against two baselines.

    .venv/bin/python -m tests.search.measure_users [--misses [--split tune]]

Per kind and split: recall@1 and recall@3 for on-topic kinds, and for negative kinds the
rejection rate (a negative is rejected when the search returns no hit at all; for
quotation_elsewhere that means the quotation is not presented as said in this interview).

Systems: ours (`SearchService.search`, as the bot calls it); the naive rapidfuzz scan of
`evaluation.Baseline` (WRatio over the raw transcript paragraphs, threshold from the tuning split
as in test_evaluation.py); BM25 (`bm25_baseline.BM25Baseline`, threshold from the tuning split);
and, for context only, the same BM25 with no threshold ("bm25-raw": it rejects a query only when
none of its words occurs in the corpus).
Nothing here tunes ours; the holdout informs nothing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Sequence

from bot.storage.schema import connect

from .bm25_baseline import BM25Baseline
from .corpus_db import opened_search, real_corpus_db
from .evaluation import TOP_K, Baseline, EvalQuery, Judged, detection_threshold, judge, load_queries, ours, resolve_labels

EVAL_USERS = Path(__file__).with_name("eval_users.toml")
ON_TOPIC = ("keywords", "neighbours", "filler", "question", "paraphrase", "clean_transcript", "typo",
            "simplified", "traditional_tw", "machine_part_zh", "mixed")
NEGATIVE = ("off_topic", "near_topic", "quotation_elsewhere")
SYSTEMS = ("ours", "bm25", "rapidfuzz", "bm25-raw")  # bm25-raw: the same BM25 with no threshold (context only)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}" if whole else "   – "


def _cells(group: Sequence[Judged], negative: bool) -> str:
    n = len(group)
    if negative:
        return f"{'':>5} | {'':>5} | {_pct(sum(j.rejected for j in group), n)}"
    return f"{_pct(sum(j.hit_at(1) for j in group), n)} | {_pct(sum(j.hit_at(TOP_K) for j in group), n)} | {'':>5}"


def table(results: dict[str, list[Judged]]) -> str:
    header = "| kind | split | n | " + " | ".join(f"{s} R@1 | {s} R@3 | {s} reject" for s in SYSTEMS) + " |"
    lines = [header, "|---|---|---:|" + "---:|" * (3 * len(SYSTEMS))]
    first = results[SYSTEMS[0]]

    def row(label: str, split: str, pick) -> None:
        index = [i for i, j in enumerate(first) if pick(j.query) and (split == "all" or j.query.split == split)]
        if not index:
            return
        negative = all(first[i].query.kind in NEGATIVE for i in index)
        cells = " | ".join(_cells([results[s][i] for i in index], negative) for s in SYSTEMS)
        lines.append(f"| {label} | {split} | {len(index)} | {cells} |")

    for kind in (*ON_TOPIC, *NEGATIVE):
        for split in ("tune", "holdout", "all"):
            row(kind, split, lambda q, kind=kind: q.kind == kind)
    for split in ("tune", "holdout", "all"):
        row("**all on-topic**", split, lambda q: q.kind in ON_TOPIC)
    for split in ("tune", "holdout", "all"):
        row("**all negatives**", split, lambda q: q.kind in NEGATIVE)
    return "\n".join(lines)


def misses(results: dict[str, list[Judged]], system: str, split: str | None = None) -> str:
    lines = [f"\nMisses of {system} (on-topic: no expected turn in the top {TOP_K}; negatives: any hit):"]
    for j in results[system]:
        if split is not None and j.query.split != split:
            continue
        wrong = (not j.rejected) if j.query.kind in NEGATIVE else not j.hit_at(TOP_K)
        if wrong:
            got = [t for _, turns in j.ranked for t in turns]
            lines.append(f"  [{j.query.split:7}] {j.query.kind:19} {j.query.q!r} expected {sorted(j.expected) or '—'} got {got or '—'}")
    return "\n".join(lines)


def measure(queries: list[EvalQuery], db_path: Path) -> tuple[dict[str, list[Judged]], dict[str, float]]:
    conn = connect(db_path, readonly=True)
    try:
        labels, problems = resolve_labels(conn, queries)
        if problems:
            raise SystemExit("unresolved labels:\n  " + "\n  ".join(problems))
        tune = [q for q in queries if q.split == "tune"]
        fuzzy = Baseline(conn)
        fuzzy.threshold = detection_threshold(judge(tune, labels, fuzzy.rank_all), range(0, 101))
        bm25 = BM25Baseline(conn)
        bm25.calibrate(judge(tune, labels, bm25.rank_all))
        with opened_search(db_path) as service:
            results = {
                "ours": judge(queries, labels, ours(service)),
                "bm25": judge(queries, labels, bm25.ranker()),
                "rapidfuzz": judge(queries, labels, fuzzy.ranker()),
                "bm25-raw": judge(queries, labels, bm25.rank_all),
            }
    finally:
        conn.close()
    return results, {"bm25": bm25.threshold, "rapidfuzz": fuzzy.threshold}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="also list every query each system gets wrong")
    parser.add_argument("--split", choices=("tune", "holdout"), help="list only this split's misses")
    parser.add_argument("--lexical", action="store_true", help="ours without the passage vectors (SEMANTIC_SEARCH off)")
    args = parser.parse_args(argv)
    queries = load_queries(EVAL_USERS)
    with tempfile.TemporaryDirectory() as tmp:
        db_path, is_real = real_corpus_db(Path(tmp) / "eval_users.db", semantic=not args.lexical)
        if not is_real:
            raise SystemExit("the real corpus could not be built")
        results, thresholds = measure(queries, db_path)
    holdout = sum(q.split == "holdout" for q in queries)
    print(f"User-query evaluation: {len(queries)} queries ({len(queries) - holdout} tune, {holdout} holdout), "
          f"real corpus. Thresholds from the tune split: bm25 {thresholds['bm25']:.3f}, "
          f"rapidfuzz {thresholds['rapidfuzz']}.\n")
    print(table(results))
    on_topic = [i for i, j in enumerate(results["ours"]) if j.query.kind in ON_TOPIC]
    print("\nOn-topic queries answered with no hit at all: " + ", ".join(
        f"{s} {_pct(sum(results[s][i].rejected for i in on_topic), len(on_topic)).strip()}%" for s in SYSTEMS))
    if args.misses:
        for system in SYSTEMS:
            print(misses(results, system, args.split))


if __name__ == "__main__":
    main()
