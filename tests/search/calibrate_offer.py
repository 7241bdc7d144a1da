"""Calibrate OFFER_COSINE (bot.search.service): from which cosine of the nearest passage a search
that finds nothing offers the passages nearest in meaning, labelled as other words.

Run: `.venv/bin/python -m tests.search.calibrate_offer`. Reads the tune splits only (eval_users.toml's
and eval_users_tune2.toml); the holdouts are never read. The queries are those the bot searches
(not quote-checked) and the search answers with nothing. For each script (English, Chinese) and
candidate floor, printed: on-topic queries offered with the right turn among the three offered,
offered wrongly, and negatives offered. The chosen floor is the one with most right offers less
half the negatives offered (an offer is labelled as other words, and a near-topic query's often
shows what the interview says nearby: noise, but no claim); ties go to the higher floor.

The same for OFFER_COSINE_QUOTATION: the tune queries that read as quotations, which the quote
check does not find said and whose words the search does not find either (the floor applies
to them alone: where the words found passages, the offer has none).
"""

from __future__ import annotations

import tempfile
from contextlib import closing
from pathlib import Path

from bot.search.quote_check import QuoteChecker, is_chinese, quotation_in
from bot.search.service import OFFER_COSINE, OFFER_COSINE_QUOTATION
from bot.storage.corpus import CorpusStore
from bot.storage.schema import connect

from .corpus_db import opened_search, real_corpus_db
from .evaluation import resolve_labels
from .measure_users import NEGATIVE, TUNE_SPLITS, user_queries

FLOORS = [round(0.76 + 0.002 * step, 3) for step in range(66)]  # 0.760 … 0.890


def found_nothing(db_path: Path) -> dict[str, list[tuple[float, bool | None]]]:
    """Per script, each unanswered tune query's nearest cosine and whether its three nearest hold
    a right turn (None for a negative)."""
    queries = [q for q in user_queries() if q.split in TUNE_SPLITS and quotation_in(q.q) is None]
    with closing(connect(db_path, readonly=True)) as conn:
        labels, _ = resolve_labels(conn, queries)
    cases: dict[str, list[tuple[float, bool | None]]] = {"en": [], "zh": []}
    with opened_search(db_path, cache_size=0) as service:
        for query in queries:
            if service.search(query.q, limit=1).hits:
                continue
            near = service.near_in_meaning(query.q, 3)
            script = "zh" if is_chinese(query.q) else "en"  # as the service tells it
            right = None if query.kind in NEGATIVE else bool({h.turn_id for h in near} & {labels[p] for p in query.expect})
            cases[script].append((near[0].score / 100 if near else 0.0, right))
    return cases


def quotations_not_said(db_path: Path) -> dict[str, list[tuple[float, bool | None]]]:
    """As `found_nothing`, for the tune queries read as quotations that the check does not find
    said and the search does not find."""
    queries = [q for q in user_queries() if q.split in TUNE_SPLITS and quotation_in(q.q) is not None]
    with closing(connect(db_path, readonly=True)) as conn:
        labels, _ = resolve_labels(conn, queries)
    cases: dict[str, list[tuple[float, bool | None]]] = {"en": [], "zh": []}
    corpus = CorpusStore(db_path)
    corpus.initialize()
    with opened_search(db_path, cache_size=0) as service:
        checker = QuoteChecker(corpus, service.chinese_word)
        for query in queries:
            quotation = quotation_in(query.q)
            if checker.check(quotation).said or service.search(quotation, limit=1).hits:
                continue
            near = service.near_in_meaning(quotation, 3)
            right = None if query.kind in NEGATIVE else bool({h.turn_id for h in near} & {labels[p] for p in query.expect})
            cases["zh" if is_chinese(quotation) else "en"].append((near[0].score / 100 if near else 0.0, right))
    corpus.shutdown()
    return cases


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path, _ = real_corpus_db(Path(tmp) / "calibrate.db", semantic=True)
        choose("OFFER_COSINE", "tune queries the search answers with nothing", found_nothing(db_path), OFFER_COSINE)
        choose("OFFER_COSINE_QUOTATION", "tune quotations neither said nor found by their words",
               quotations_not_said(db_path), OFFER_COSINE_QUOTATION)


def choose(name: str, what: str, cases: dict[str, list[tuple[float, bool | None]]], now: dict[str, float]) -> None:
    """Print each floor's offers per script, and the floor chosen."""
    print(name)
    for script, found in cases.items():
        print(f"{script}: {len(found)} {what} ({sum(r is None for _, r in found)} negatives); now {now[script]}")
        best = None
        for floor in FLOORS:
            offered = [right for cosine, right in found if cosine >= floor]
            right, wrong, noise = offered.count(True), offered.count(False), offered.count(None)
            print(f"  ≥ {floor:.3f}: right {right:2}  wrong {wrong:2}  negatives offered {noise:2}")
            if best is None or right - noise / 2 >= best[0]:
                best = (right - noise / 2, floor)
        print(f"  chosen: {best[1]:.3f}")


if __name__ == "__main__":
    main()
