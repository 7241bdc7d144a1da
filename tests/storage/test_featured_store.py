"""The featured excerpts through ingest and the corpus store: stored as spans of their turns."""

import sqlite3
import tomllib

from bot.search.index import build_index
from bot.storage.corpus import CorpusStore
from bot.storage.ingest import ingest
from tests.e2e.botprocess import REPO

FEATURED = tomllib.loads((REPO / "seeds" / "eye-on-ai-118" / "featured.toml").read_text(encoding="utf-8"))["excerpt"]


def test_ingest_stores_the_reviewed_list_and_the_store_reads_it_in_order(tmp_path):
    db = tmp_path / "q.sqlite3"
    ingest(db, REPO / "seeds", build_index=build_index)
    store = CorpusStore(db)
    store.initialize()
    try:
        excerpts = store.featured_excerpts()
        assert [e.id for e in excerpts] == list(range(1, len(FEATURED) + 1))
        for excerpt, entry in zip(excerpts, FEATURED):
            turn = store.turn(excerpt.turn_id)
            assert turn.ord == entry["turn"]
            assert turn.en[slice(*excerpt.en)] == entry["en"] and turn.zh[slice(*excerpt.zh)] == entry["zh"]
    finally:
        store.shutdown()
    # A rebuild replaces them (none left over, none twice).
    ingest(db, REPO / "seeds", build_index=build_index, force=True)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM featured").fetchone()[0] == len(FEATURED)


def test_without_featured_rows_the_store_has_none(tmp_path):
    from tests.search.conftest import TOPICS, TURNS
    from tests.search.corpus_db import write_corpus

    store = CorpusStore(write_corpus(tmp_path / "small.db", TURNS, TOPICS))
    store.initialize()
    try:
        assert store.featured_excerpts() == []
    finally:
        store.shutdown()
