"""Chinese queries about interviews held only in English (eval_crosslingual.toml), held to the
levels reached on the HOLDOUT split.

The library is built as a user builds it: the seed interview and four real episodes imported
from ../shared/transcripts, with passage vectors (once per session). Only the holdout is
asserted; the tune split is what the dictionary's weights were calibrated on
(tests/search/calibrate_crosslingual.py). The table by kind for both splits, next to the same
search without the dictionary, is printed at the end of the run.

CHANGING THE HOLDOUT IS FORBIDDEN: the queries were written and the split drawn before the
search was run on any of them (HOLDOUT_SHA256 below). New queries may go to the tune split.

No target was given for this; these are the levels reached (2026-12-01) minus about one query,
so that they cannot slip unnoticed. Raise them as cross-language search improves.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections import Counter

import pytest

from bot.storage.corpus import CorpusStore

from .corpus_db import opened_search
from .crosslingual import EVAL_FILE, NEGATIVE, ON_TOPIC, Outcome, build_library, measure, rates, table

# The first test here builds the library: four episodes' passages embedded on a fresh clone,
# 75 s alone, over 120 s beside the other test worker (make test runs two).
pytestmark = pytest.mark.timeout(600)

HOLDOUT_SHA256 = "b8ea5b6c5f06848a638360b8e27e5171578e1ecc32457e98399d99969f791ec1"
# Reached on the holdout: the right turn among the first three for 33.3% (12/36) across the
# library and 33.3% narrowed to the episode; without the dictionary 5.6% (2/36). Near- and
# off-topic queries rejected: 85.7% (12/14).
REACHED = {"library@3": 0.30, "narrowed@3": 0.30, "rejected": 0.78}
# What the dictionary adds over meaning alone, in recall@3 across the library (points).
REACHED_GAIN = 0.20


def _rows() -> list[dict]:
    return tomllib.loads(EVAL_FILE.read_text(encoding="utf-8"))["query"]


def holdout_digest(rows: list[dict]) -> str:
    entries = sorted(json.dumps({k: row[k] for k in ("episode", "text", "kind", "expect", "split")},
                                sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                     for row in rows if row["split"] == "holdout")
    return hashlib.sha256(("[" + ",".join(entries) + "]").encode("utf-8")).hexdigest()


def test_the_holdout_is_frozen():
    assert holdout_digest(_rows()) == HOLDOUT_SHA256, "a holdout query was changed: undo it (see the docstring)"


def test_the_set_is_written_as_people_type_in_both_scripts():
    rows = _rows()
    kinds = Counter(row["kind"] for row in rows)
    assert set(kinds) == set(ON_TOPIC) | set(NEGATIVE)
    assert sum(kinds[k] for k in NEGATIVE) >= 30 and sum(kinds[k] for k in ON_TOPIC) >= 80
    assert Counter(row["lang"] for row in rows).keys() == {"zh-hans", "zh-hant"}
    assert sum(row["split"] == "holdout" for row in rows) >= 0.4 * len(rows)


@pytest.fixture(scope="session")
def library_root(tmp_path_factory):
    return tmp_path_factory.mktemp("crosslingual")


@pytest.fixture(scope="session")
def library_db(library_root, shared_embedding_cache):
    """The seed interview and four English-held episodes, with their passage vectors."""
    return build_library(library_root / "library", shared_embedding_cache)


def test_in_a_library_passages_near_in_meaning_are_of_the_interview_the_words_found(library_db):
    """A search filled with passages near in meaning takes them from its best hit's interview;
    a quotation not found gets those of the interview its words were found in, floor or not."""
    corpus = CorpusStore(library_db)
    corpus.initialize()
    try:
        with opened_search(library_db, cache_size=0) as service:
            for query in ("how a small team decides what to build first", "our brains are just nets made of sluggish cells"):
                hits = service.search(query, fill=True).hits
                assert len(hits) == 3 and len({corpus.turn(h.turn_id).interview_slug for h in hits}) == 1, query
            for slug in (record.slug for record in corpus.interviews()):
                offered = service.offered_in_meaning("a founder wonders whether to hire people first", 3, found_in=slug)
                assert len(offered) == 3 and {corpus.turn(h.turn_id).interview_slug for h in offered} == {slug}
    finally:
        corpus.shutdown()


@pytest.fixture(scope="session")
def crosslingual(library_db, library_root) -> dict[str, list[Outcome]]:
    return measure(library_db, library_root)


def test_a_narrowed_search_offers_the_passages_of_its_own_interview(library_db):
    """Nothing found in one interview: the passages nearest in meaning are that interview's,
    three of them, however much nearer another interview's are."""
    corpus = CorpusStore(library_db)
    corpus.initialize()
    try:
        with opened_search(library_db, cache_size=0) as service:
            slugs = [record.slug for record in corpus.interviews()]
            for slug in slugs:
                hits = service.near_in_meaning("how a small team decides what to build first", 3, interview=slug)
                assert len(hits) == 3 and {corpus.turn(h.turn_id).interview_slug for h in hits} == {slug}
            assert service.near_in_meaning("how a small team decides what to build first", 3, interview="nope") == []
    finally:
        corpus.shutdown()


@pytest.fixture(scope="session")
def holdout(crosslingual) -> dict[str, dict[str, float]]:
    return {system: rates([o for o in found if o.query.split == "holdout"]) for system, found in crosslingual.items()}


def test_the_table_is_reported(crosslingual, terminal_report):
    terminal_report("Chinese queries about interviews held in English, eval_crosslingual.toml"
                    " (tests/search/test_crosslingual.py)", table(crosslingual))


@pytest.mark.parametrize("measure_name", sorted(REACHED))
def test_the_holdout_keeps_the_level_reached(holdout, measure_name):
    assert holdout["ours"][measure_name] >= REACHED[measure_name], holdout["ours"]


def test_the_dictionary_finds_what_meaning_alone_cannot(holdout):
    assert holdout["ours"]["library@3"] - holdout["no dictionary"]["library@3"] >= REACHED_GAIN, holdout
