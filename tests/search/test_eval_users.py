"""Search quality on what users type, held to the targets on the HOLDOUT splits.

Four holdouts: eval_users.toml's ("holdout"), eval_users_holdout2.toml ("holdout2", written
later by someone who saw no other set and no result), half of eval_users_set4.toml ("holdout3",
written the same way, frozen before anything ran on it) and half of eval_users_set5.toml
("holdout4", the same again). The evaluation database is the real
interview with its passage vectors, as the bot builds it with SEMANTIC_SEARCH on; it is built
once per session. Only the holdouts are asserted: the tune splits (eval_users.toml's and
eval_users_tune2/3.toml, the "tune4" and "tune5" halves of sets 4 and 5) are what the search was tuned on, so their figures say little. The
table by kind for every split, next to the BM25 and rapidfuzz baselines
(tests/search/measure_users.py), is printed at the end of the run (tests/conftest.py
`terminal_report`).

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

# Targets NOT MET on a holdout yet: these assert the level reached (2026-12-01) minus about one
# query's worth, so that it cannot slip unnoticed. Raise them as search improves.
REACHED = {
    "holdout": {  # eval_users.toml's
        # Paraphrases share few words with their turn; meaning alone (multilingual-e5-small at
        # 4 bits) finds most, offered as other words when nothing matches: reached 81.8% (9/11).
        "paraphrase": 0.72,
        # Off-topic: reached 90.0% (9/10): a query whose common words an answer holds, lifted by
        # the meaning bonus the paraphrases need. Near-topic meets its target since 2026-12-04 (11/11).
        "off_topic": 0.80,
    },
    "holdout2": {  # eval_users_holdout2.toml, measured once, the day it was frozen
        "all": 0.92,  # recall@3 overall: reached 93.2% (124/133)
        "paraphrase": 0.58,  # reached 64.7% (11/17)
        "simplified": 0.75,  # reached 83.3% (10/12)
        "near_topic": 0.73,  # reached 80.0% (12/15)
    },
    "holdout3": {  # eval_users_set4.toml's half, frozen 2026-12-03; 90.7% R@3 the day it was frozen
        "all": 0.90,  # recall@3 overall: reached 92.0% (69/75)
        "paraphrase": 0.76,  # reached 82.4% (14/17)
        "simplified": 0.66,  # reached 77.8% (7/9)
        "machine_part_zh": 0.50,  # reached 75.0% (3/4)
    },
    "holdout4": {  # eval_users_set5.toml's half, frozen 2026-12-04; measured first on ce6540a (and ad7075f: the same)
        "all": 0.93,  # recall@3 overall: reached 93.3% (70/75)
        "paraphrase": 0.82,  # reached 88.2% (15/17)
        "machine_part_zh": 0.50,  # reached 75.0% (3/4)
        "mixed": 0.66,  # reached 66.7% (2/3)
        "near_topic": 0.80,  # reached 90.0% (9/10)
    },
}
HOLDOUTS = tuple(REACHED)


@pytest.fixture(scope="session")
def user_evaluation(tmp_path_factory) -> dict[str, list[Judged]]:
    db_path, is_real = real_corpus_db(tmp_path_factory.mktemp("eval_users") / "eval_users.db", semantic=True)
    assert is_real, "the real corpus could not be built"
    results, _ = measure(user_queries(), db_path)
    return results


@pytest.fixture(scope="session")
def holdouts(user_evaluation) -> dict[str, list[Judged]]:
    return {split: [j for j in user_evaluation["ours"] if j.query.split == split] for split in HOLDOUTS}


def test_the_table_is_reported(user_evaluation, terminal_report):
    terminal_report("search on what users type, eval_users.toml, eval_users_tune2/3.toml, eval_users_holdout2.toml"
                    ", eval_users_set4.toml and eval_users_set5.toml"
                    " (tests/search/test_eval_users.py)",
                    table(user_evaluation))


def _recall(group: Sequence[Judged], k: int) -> float:
    return sum(j.hit_at(k) for j in group) / len(group)


def _rejected(group: Sequence[Judged]) -> float:
    return sum(j.rejected for j in group) / len(group)


@pytest.mark.parametrize("split", HOLDOUTS)
def test_recall_on_topic(holdouts, split):
    on_topic = [j for j in holdouts[split] if j.query.kind in ON_TOPIC]
    assert _recall(on_topic, TOP_K) >= min(TARGET_RECALL_AT_3, REACHED[split].get("all", TARGET_RECALL_AT_3))
    assert _recall(on_topic, 1) >= TARGET_RECALL_AT_1


# The kinds each holdout has (set 4 has no "neighbours": its keyword pairs span neighbouring turns).
KINDS_HELD = {(q.split, q.kind) for q in user_queries() if q.split in HOLDOUTS}


@pytest.mark.parametrize(("split", "kind"), [(s, k) for s in HOLDOUTS for k in ON_TOPIC if (s, k) in KINDS_HELD])
def test_recall_at_3_in_every_kind(holdouts, split, kind):
    group = [j for j in holdouts[split] if j.query.kind == kind]
    assert _recall(group, TOP_K) >= REACHED[split].get(kind, TARGET_KIND_RECALL_AT_3)


@pytest.mark.parametrize(("split", "kind"), [(s, k) for s in HOLDOUTS for k in NEGATIVE if (s, k) in KINDS_HELD])
def test_negatives_are_rejected(holdouts, split, kind):
    group = [j for j in holdouts[split] if j.query.kind == kind]
    target = TARGET_QUOTATIONS_REJECTED if kind == "quotation_elsewhere" else TARGET_REJECTED
    assert _rejected(group) >= REACHED[split].get(kind, target)
