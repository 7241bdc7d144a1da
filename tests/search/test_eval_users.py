"""Search quality on what users type (eval_users.toml), held to the targets on the HOLDOUT split.

The evaluation database is the real interview with its passage vectors, as the bot builds it
with SEMANTIC_SEARCH on; it is built once per session. Only the holdout is asserted: the
tune split is what the search was tuned on, so its figures say little. The table by kind for
both splits, next to the BM25 and rapidfuzz baselines (tests/search/measure_users.py), is
printed at the end of the run (tests/conftest.py `terminal_report`).

Targets: recall@3 ≥ 95% over the on-topic queries and ≥ 90% in every on-topic kind,
recall@1 ≥ 85%, off-topic and near-topic queries rejected ≥ 95%, quotations of Ilya from
elsewhere not presented as said here ≥ 90%. Where a target is not met yet, the test holds
the level reached (minus a margin of about one query) so that it cannot slip unnoticed; each
such line says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from .corpus_db import real_corpus_db
from .evaluation import TOP_K, Judged
from .measure_users import NEGATIVE, ON_TOPIC, measure, table, user_queries

TARGET_RECALL_AT_3 = 0.95
TARGET_KIND_RECALL_AT_3 = 0.90
TARGET_RECALL_AT_1 = 0.85
TARGET_REJECTED = 0.95  # off_topic, near_topic
TARGET_QUOTATIONS_REJECTED = 0.90

# Targets NOT MET on the holdout yet: these assert the level reached (2026-12-01, holdout)
# minus about one query's worth, so that it cannot slip unnoticed. Raise them as search improves.
# Overall recall@3: reached 94.4% (119/126); the misses are mostly paraphrases.
REACHED_RECALL_AT_3 = 0.93
# Paraphrases share few words with their turn, and the semantic index (multilingual-e5-small
# at 4 bits) cannot vouch for a turn alone (its similarities do not tell on-topic queries from
# off-topic ones): reached 63.6% (7/11).
REACHED_KIND_RECALL_AT_3 = {"paraphrase": 0.54}
# Off-topic: reached 90.0% (9/10); near-topic 90.9% (10/11): queries whose common words an
# answer holds, lifted by the meaning bonus the paraphrases need.
REACHED_REJECTED = {"off_topic": 0.80, "near_topic": 0.81}


@pytest.fixture(scope="session")
def user_evaluation(tmp_path_factory) -> dict[str, list[Judged]]:
    db_path, is_real = real_corpus_db(tmp_path_factory.mktemp("eval_users") / "eval_users.db", semantic=True)
    assert is_real, "the real corpus could not be built"
    results, _ = measure(user_queries(), db_path)
    return results


@pytest.fixture(scope="session")
def holdout(user_evaluation) -> list[Judged]:
    return [j for j in user_evaluation["ours"] if j.query.split == "holdout"]


def test_the_table_is_reported(user_evaluation, terminal_report):
    terminal_report("search on what users type, eval_users.toml, eval_users_tune2.toml and eval_users_holdout2.toml"
                    " (tests/search/test_eval_users.py)",
                    table(user_evaluation))


def _recall(group: Sequence[Judged], k: int) -> float:
    return sum(j.hit_at(k) for j in group) / len(group)


def _rejected(group: Sequence[Judged]) -> float:
    return sum(j.rejected for j in group) / len(group)


def test_recall_on_topic(holdout):
    on_topic = [j for j in holdout if j.query.kind in ON_TOPIC]
    assert _recall(on_topic, TOP_K) >= min(TARGET_RECALL_AT_3, REACHED_RECALL_AT_3)
    assert _recall(on_topic, 1) >= TARGET_RECALL_AT_1


@pytest.mark.parametrize("kind", ON_TOPIC)
def test_recall_at_3_in_every_kind(holdout, kind):
    group = [j for j in holdout if j.query.kind == kind]
    assert _recall(group, TOP_K) >= REACHED_KIND_RECALL_AT_3.get(kind, TARGET_KIND_RECALL_AT_3)


@pytest.mark.parametrize("kind", NEGATIVE)
def test_negatives_are_rejected(holdout, kind):
    group = [j for j in holdout if j.query.kind == kind]
    target = TARGET_QUOTATIONS_REJECTED if kind == "quotation_elsewhere" else TARGET_REJECTED
    assert _rejected(group) >= REACHED_REJECTED.get(kind, target)
