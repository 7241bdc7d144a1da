"""Measure search on the user-query set (`eval_users.toml`): ours against two baselines.

    .venv/bin/python -m tests.search.measure_users [--misses [--split tune]]

Five sets (`user_queries`): eval_users.toml (splits "tune" and "holdout"), eval_users_tune2.toml
and eval_users_tune3.toml (more tune queries: splits "tune2" and "tune3"),
eval_users_holdout2.toml (a second holdout, written later by someone who saw no other set and no
result: split "holdout2"), eval_users_set4.toml (written the same way, half "holdout3", half
"tune4") and eval_users_set5.toml (the same again: "holdout4", "tune5"). Per kind and split: recall@1
and recall@3 for on-topic kinds, and for negative kinds the rejection rate (a negative is
rejected when nothing is presented as matching it: no hit, or only passages labelled as other
words, "not found in this interview" with the closest passages or "nothing matches" with those
nearest in meaning; for quotation_elsewhere that means the quotation is not presented as said in
this interview). Passages offered in other words count for recall (the user sees them) and
never against rejection; how many negatives get such passages is printed under the table.

Systems: ours (what the bot shows: `evaluation.as_the_bot` routes a query that reads as a
quotation to the quote check and any other to `SearchService.search`, as bot.replies does);
search (`SearchService.search` alone, for every query); the naive rapidfuzz scan of
`evaluation.Baseline` (WRatio over the raw transcript paragraphs, threshold from the tuning split
as in test_evaluation.py); BM25 (`bm25_baseline.BM25Baseline`, threshold from the tuning split);
and, for context only, the same BM25 with no threshold ("bm25-raw": it rejects a query only when
none of its words occurs in the corpus).
Nothing here tunes ours; the holdout informs nothing.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from bot.search.quote_check import QuoteChecker
from bot.storage.corpus import CorpusStore
from bot.storage.schema import connect

from .bm25_baseline import BM25Baseline
from .corpus_db import opened_search, real_corpus_db
from .evaluation import (
    TOP_K, Baseline, EvalQuery, Judged, as_the_bot, detection_threshold, judge, load_queries, ours, resolve_labels,
)

EVAL_USERS = Path(__file__).with_name("eval_users.toml")
EVAL_USERS_TUNE2 = Path(__file__).with_name("eval_users_tune2.toml")
EVAL_USERS_TUNE3 = Path(__file__).with_name("eval_users_tune3.toml")
EVAL_USERS_HOLDOUT2 = Path(__file__).with_name("eval_users_holdout2.toml")
EVAL_USERS_SET4 = Path(__file__).with_name("eval_users_set4.toml")  # its own splits: tune4, holdout3
EVAL_USERS_SET5 = Path(__file__).with_name("eval_users_set5.toml")  # its own splits: tune5, holdout4
SPLITS = ("tune", "tune2", "tune3", "tune4", "tune5", "holdout", "holdout2", "holdout3", "holdout4")
TUNE_SPLITS = ("tune", "tune2", "tune3", "tune4", "tune5")
HOLDOUT_SPLITS = ("holdout", "holdout2", "holdout3", "holdout4")
ON_TOPIC = ("keywords", "neighbours", "filler", "question", "paraphrase", "clean_transcript", "typo",
            "simplified", "traditional_tw", "machine_part_zh", "mixed")
NEGATIVE = ("off_topic", "near_topic", "quotation_elsewhere")
# ours: what the bot shows (quotations checked, the rest searched); search: the search core alone;
# bm25-raw: the same BM25 with no threshold (context only).
SYSTEMS = ("ours", "search", "bm25", "rapidfuzz", "bm25-raw")


def user_queries() -> list[EvalQuery]:
    """The six sets, each later one's queries under its own split name (sets 4 and 5 name their own)."""
    later = [replace(q, split=split)
             for path, split in ((EVAL_USERS_TUNE2, "tune2"), (EVAL_USERS_TUNE3, "tune3"), (EVAL_USERS_HOLDOUT2, "holdout2"))
             for q in load_queries(path)]
    return load_queries(EVAL_USERS) + later + load_queries(EVAL_USERS_SET4) + load_queries(EVAL_USERS_SET5)


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
        index = [i for i, j in enumerate(first) if pick(j.query) and j.query.split == split]
        if not index:
            return
        negative = all(first[i].query.kind in NEGATIVE for i in index)
        cells = " | ".join(_cells([results[s][i] for i in index], negative) for s in SYSTEMS)
        lines.append(f"| {label} | {split} | {len(index)} | {cells} |")

    for kind in (*ON_TOPIC, *NEGATIVE):
        for split in SPLITS:
            row(kind, split, lambda q, kind=kind: q.kind == kind)
    for split in SPLITS:
        row("**all on-topic**", split, lambda q: q.kind in ON_TOPIC)
    for split in SPLITS:
        row("**all negatives**", split, lambda q: q.kind in NEGATIVE)
    return "\n".join(lines)


README_KINDS = {
    "keywords": "keywords", "neighbours": "words in neighbouring turns", "filler": "filler and request words",
    "question": "natural questions", "paraphrase": "paraphrases", "clean_transcript": "clean-transcript sentences",
    "typo": "typos", "simplified": "Simplified Chinese", "traditional_tw": "Traditional, Taiwan wording",
    "machine_part_zh": "Chinese about the machine-translated part", "mixed": "mixed language",
    "off_topic": "off-topic rejected", "near_topic": "near-topic rejected",
    "quotation_elsewhere": "quotations from elsewhere not shown as said here",
}
README_SYSTEMS = (("ours", "ours"), ("bm25", "BM25"), ("rapidfuzz", "rapidfuzz"))


def readme_table(results: dict[str, list[Judged]]) -> str:
    """The README's table: per kind, our held-out, second held-out and tune (both tune sets)
    figures, and each baseline's held-out and tune ones (R@1 / R@3, or % rejected)."""
    def figures(group: Sequence[Judged], negative: bool) -> str:
        if not group:
            return "–"
        if negative:
            return _pct(sum(j.rejected for j in group), len(group)).strip()
        return " / ".join(_pct(sum(j.hit_at(k) for j in group), len(group)).strip() for k in (1, TOP_K))

    holdouts = [(split,) for split in HOLDOUT_SPLITS]
    columns = [("ours", splits) for splits in (*holdouts, TUNE_SPLITS)]
    columns += [(system, splits) for system, _ in README_SYSTEMS[1:] for splits in (("holdout",), ("tune",))]
    names = {("holdout",): "held-out", ("holdout2",): "held-out 2", ("holdout3",): "held-out 3", ("holdout4",): "held-out 4",
             TUNE_SPLITS: "tune", ("tune",): "tune"}
    labels = dict(README_SYSTEMS)
    header = ("| kind | n held-out / 2 / 3 / 4 / tune | "
              + " | ".join(f"{labels[system]} {names[splits]}" for system, splits in columns) + " |")
    lines = [header, "|---|---:|" + "---|" * len(columns)]
    rows = [(README_KINDS[k], lambda q, k=k: q.kind == k, k in NEGATIVE) for k in (*ON_TOPIC, *NEGATIVE)]
    rows.insert(len(ON_TOPIC), ("**all with an answer**", lambda q: q.kind in ON_TOPIC, False))
    for label, pick, negative in rows:
        counts = [sum(pick(j.query) and j.query.split in splits for j in results["ours"])
                  for splits in (*holdouts, TUNE_SPLITS)]
        cells = [figures([j for j in results[system] if pick(j.query) and j.query.split in splits], negative)
                 for system, splits in columns]
        if label.startswith("**"):
            cells[:len(holdouts)] = [f"**{cell}**" for cell in cells[:len(holdouts)]]
        lines.append(f"| {label} | {' / '.join(map(str, counts))} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def offered_to_negatives(ours: list[Judged]) -> str:
    """How many negatives, rejected, were still shown passages labelled as other words (the cost
    of offering them: noise, though no claim), per split."""
    def count(split: str) -> str:
        group = [j for j in ours if j.query.kind in NEGATIVE and j.query.split == split]
        return f"{sum(j.rejected and bool(j.ranked) for j in group)} of {len(group)} {split}"
    return "\nNegatives shown passages in other words (rejected, labelled as not a match): " + ", ".join(
        count(split) for split in SPLITS)


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
            checker = QuoteChecker(CorpusStore(db_path), service.chinese_word)
            checker.corpus.initialize()
            results = {
                "ours": judge(queries, labels, as_the_bot(service, checker)),
                "search": judge(queries, labels, ours(service)),
                "bm25": judge(queries, labels, bm25.ranker()),
                "rapidfuzz": judge(queries, labels, fuzzy.ranker()),
                "bm25-raw": judge(queries, labels, bm25.rank_all),
            }
            checker.corpus.shutdown()
    finally:
        conn.close()
    return results, {"bm25": bm25.threshold, "rapidfuzz": fuzzy.threshold}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="also list every query each system gets wrong")
    parser.add_argument("--split", choices=SPLITS, help="list only this split's misses")
    parser.add_argument("--lexical", action="store_true", help="ours without the passage vectors (SEMANTIC_SEARCH off)")
    parser.add_argument("--readme", action="store_true", help="print the README's table (both holdouts and the tune splits; the baselines' holdout and tune)")
    args = parser.parse_args(argv)
    queries = user_queries()
    with tempfile.TemporaryDirectory() as tmp:
        db_path, is_real = real_corpus_db(Path(tmp) / "eval_users.db", semantic=not args.lexical)
        if not is_real:
            raise SystemExit("the real corpus could not be built")
        results, thresholds = measure(queries, db_path)
    sizes = ", ".join(f"{sum(q.split == split for q in queries)} {split}" for split in SPLITS)
    print(f"User-query evaluation: {len(queries)} queries ({sizes}), "
          f"real corpus. Thresholds from the tune split: bm25 {thresholds['bm25']:.3f}, "
          f"rapidfuzz {thresholds['rapidfuzz']}.\n")
    print(readme_table(results) if args.readme else table(results))
    print(offered_to_negatives(results["ours"]))
    on_topic = [i for i, j in enumerate(results["ours"]) if j.query.kind in ON_TOPIC]
    print("\nOn-topic queries answered with no passage at all: " + ", ".join(
        f"{s} {_pct(sum(not results[s][i].ranked for i in on_topic), len(on_topic)).strip()}%" for s in SYSTEMS))
    if args.misses:
        for system in SYSTEMS:
            print(misses(results, system, args.split))


if __name__ == "__main__":
    main()
