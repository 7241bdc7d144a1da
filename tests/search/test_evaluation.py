"""Search quality on the labelled evaluation set, against a naive rapidfuzz baseline.

Prints a table by kind (tuning and held-out splits separately) and one row per query with
the turn ids involved. Targets: recall@3 ≥ 95%, recall@1 ≥ 85%, ≥ 90% of off-topic queries
rejected, and better than the baseline on every kind.
"""

from __future__ import annotations

import pytest

from bot.storage.schema import connect

from .corpus_db import opened_search, real_corpus_db
from .evaluation import (
    OFF_TOPIC,
    Baseline,
    detection_threshold,
    by_kind,
    judge,
    kind_table,
    load_queries,
    ours,
    query_table,
    readme_table,
    resolve_labels,
    summarize,
)


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    db_path, is_real = real_corpus_db(tmp_path_factory.mktemp("eval") / "eval.db")
    corpus_tables = connect(db_path, readonly=True)  # labels and the baseline read the turns directly
    queries = load_queries()
    labels, problems = resolve_labels(corpus_tables, queries)
    baseline = Baseline(corpus_tables)
    # The baseline gets a threshold too, calibrated on the tuning split only.
    tune = [q for q in queries if q.split == "tune"]
    baseline.threshold = detection_threshold(judge(tune, labels, baseline.rank_all), range(0, 101))
    with opened_search(db_path) as service:
        mine, base = judge(queries, labels, ours(service)), judge(queries, labels, baseline.ranker())
    yield {"real": is_real, "queries": queries, "problems": problems, "mine": mine, "base": base,
           "baseline_threshold": baseline.threshold}
    corpus_tables.close()


def test_eval_set_is_big_and_varied():
    queries = load_queries()
    kinds = {q.kind for q in queries}
    assert len(queries) >= 80
    assert sum(q.kind == OFF_TOPIC for q in queries) >= 15
    assert {"typo", "reordered", "simplified", "traditional", "name", "acronym", "mixed"} <= kinds
    assert {q.split for q in queries} == {"tune", "holdout"}


def test_every_label_resolves_to_exactly_one_turn(evaluation):
    if not evaluation["real"]:
        pytest.skip("real corpus not available")
    assert evaluation["problems"] == []


def test_quality_targets_and_baseline(evaluation, terminal_report):
    mine, base = evaluation["mine"], evaluation["base"]
    corpus = "real corpus" if evaluation["real"] else "FALLBACK transcript paragraphs"
    # The README's "Search quality" table, in its layout: printed at the end of every run (tests/conftest.py).
    terminal_report(f"search quality on the {corpus} (tests/search/test_evaluation.py)", readme_table(mine, base))
    print(f"\n\nSearch evaluation on the {corpus}; baseline = WRatio over raw transcript paragraphs "
          f"(threshold {evaluation['baseline_threshold']} from the tuning split)\n")
    print(kind_table(mine, base))
    print()
    print(query_table(mine, base))
    overall = summarize(mine)
    assert overall.recall3 >= 0.95
    assert overall.recall1 >= 0.85
    assert overall.rejected >= 0.90
    base_kinds = by_kind(base)
    for kind, group in by_kind(mine).items():
        a, b = summarize(group), summarize(base_kinds[kind])
        if kind == OFF_TOPIC:
            assert a.rejected > b.rejected, kind
        else:
            assert (a.recall1, a.recall3) >= (b.recall1, b.recall3) and a.recall3 + a.recall1 > b.recall3 + b.recall1, kind
