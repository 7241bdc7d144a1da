"""Passage vectors left pending at ingest (a large library) and embedded in the background
(bot.search.backfill): resumable, nothing embedded twice, each batch searchable at once."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

import pytest

from bot.search.backfill import VectorBackfill
from bot.search.embeddings import EmbeddingCache
from bot.search.index import VECTORS_TABLE
from bot.search.passages import passages
from bot.search.semantic import SemanticIndex, build_vectors
from bot.storage.schema import connect

from .conftest import TURNS
from .corpus_db import opened_search
from .test_semantic import CountingEmbedder

PASSAGES = sum(len(passages(t.en, t.zh)) for t in TURNS)


@pytest.fixture
def pending_db(small_db, tmp_path):
    """The hand-made corpus with every passage listed and none embedded (as a library's ingest leaves it)."""
    db = shutil.copy(small_db, tmp_path / "pending.db")
    with connect(db) as conn:
        assert build_vectors(conn, embedder=CountingEmbedder(), inline=0) == PASSAGES
    return db


def _stored(db) -> list[tuple[int, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT turn_id, chunk FROM {VECTORS_TABLE} ORDER BY turn_id, chunk").fetchall()


def test_ingest_leaves_a_large_build_pending_and_the_backfill_embeds_each_passage_once(pending_db, tmp_path):
    model = CountingEmbedder()
    backfill = VectorBackfill(pending_db, cache_path=tmp_path / "cache.sqlite3", embedder=model, batch=3)
    assert backfill.pending() == PASSAGES and _stored(pending_db) == []
    assert backfill.run_to_end() == PASSAGES
    assert model.passage_calls == PASSAGES and backfill.pending() == 0
    assert len(_stored(pending_db)) == len(set(_stored(pending_db))) == PASSAGES


def test_a_stopped_backfill_resumes_where_it_stopped(pending_db, tmp_path):
    model = CountingEmbedder()
    first = VectorBackfill(pending_db, cache_path=None, embedder=model, batch=2)
    rows, _ = first.embed_batch()  # then the bot stops
    turns = {turn_id for turn_id, _, _ in rows}
    assert {turn_id for turn_id, _ in _stored(pending_db)} == turns  # whole turns, committed
    assert VectorBackfill(pending_db, cache_path=None, embedder=model).run_to_end() == PASSAGES - len(rows)
    assert model.passage_calls == PASSAGES  # nothing embedded twice


def test_ingest_stores_at_once_the_turns_the_cache_already_has(small_db, tmp_path):
    cache = tmp_path / "cache.sqlite3"
    model = CountingEmbedder()
    first_turn = passages(TURNS[0].en, TURNS[0].zh)
    EmbeddingCache(cache).store(model.name, ((text, model.vector(text)) for text in first_turn))
    db = shutil.copy(small_db, tmp_path / "partly.db")
    with connect(db) as conn:
        assert build_vectors(conn, embedder=model, cache_path=cache, inline=0) == PASSAGES - len(first_turn)
    assert model.passage_calls == 0 and {turn_id for turn_id, _ in _stored(db)} == {1}


def test_each_batch_is_searchable_at_once_and_matches_a_fresh_load(pending_db):
    model = CountingEmbedder()
    index = SemanticIndex(pending_db, embedder=model)
    index.open()
    assert len(index) == 0 and index.nearest(TURNS[2].en, 1) == []
    VectorBackfill(pending_db, cache_path=None, index=index, embedder=model, batch=2).run_to_end()
    fresh = SemanticIndex(pending_db, embedder=model)
    fresh.open()
    query = passages(TURNS[2].en, TURNS[2].zh)[0]  # a passage's own text: cosine 1 with it
    assert index.nearest(query, 3) == fresh.nearest(query, 3)
    assert index.nearest(query, 1)[0] == (3, pytest.approx(1.0, abs=1e-3))


def test_the_running_search_gets_each_batch_and_forgets_outcomes_made_without_them(pending_db):
    model = CountingEmbedder()
    index = SemanticIndex(pending_db, embedder=model)
    index.open()
    with opened_search(pending_db, semantic=index) as service:
        before = service.search("prediction compression")
        assert service.search("prediction compression") is before  # remembered
        done = asyncio.run(VectorBackfill(pending_db, cache_path=None, index=service, embedder=model, batch=2).run())
        assert done == PASSAGES and len(index) == PASSAGES
        assert service.search("prediction compression") is not before  # searched again, with the vectors


def test_the_passage_nearest_in_meaning_is_located_in_the_turn(pending_db):
    """A quotation found nowhere in these words gets the passages nearest in meaning: the
    nearest first, with the span of its passage within the text shown."""
    model = CountingEmbedder()
    index = SemanticIndex(pending_db, embedder=model)
    index.open()
    VectorBackfill(pending_db, cache_path=None, index=index, embedder=model).run_to_end()
    with opened_search(pending_db, semantic=index) as service:
        wanted = passages(TURNS[3].en, TURNS[3].zh)[0]  # the stand-in model: only its own text is near
        hit, *others = service.near_in_meaning(wanted, 3)
        assert hit.turn_id == 4 and hit.match == "meaning" and len(others) == 2
        start, end = hit.spans[hit.field]
        assert " ".join(TURNS[3].en[start:end].split()) == wanted
        assert service.near_in_meaning("", 3) == []


def test_a_stopped_backfill_ends_after_its_batch_and_leaves_the_rest_for_the_next_start(pending_db):
    model = CountingEmbedder()
    job = VectorBackfill(pending_db, cache_path=None, embedder=model, batch=2)
    job.stop()
    assert asyncio.run(job.run()) == 0 and job.pending() == PASSAGES and model.passage_calls == 0
