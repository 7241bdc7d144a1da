"""The corpus store: turns by id and their neighbours, the same from memory as from the database."""

import sqlite3

import pytest

from bot import memory
from bot.storage.corpus import CorpusStore
from bot.search.index import build_index
from bot.storage.ingest import ingest
from tests.e2e.botprocess import REPO


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "q.sqlite3"
    ingest(path, REPO / "seeds", build_index=build_index)
    return path


@pytest.fixture
def store(database):
    opened = CorpusStore(database)
    opened.initialize()
    yield opened
    opened.shutdown()


def test_turns_come_in_the_order_asked_and_unknown_ids_are_skipped(store, database):
    with sqlite3.connect(database) as db:
        first, second, third = (row[0] for row in db.execute("SELECT id FROM turns ORDER BY id LIMIT 3"))
    assert [t.id for t in store.turns([third, 999_999, first])] == [third, first]
    assert [t.id for t in store.turns([first, second, third])] == [first, second, third]  # partly remembered
    assert store.turn(999_999) is None


def test_past_the_memory_bound_every_asked_turn_still_comes(store, database, monkeypatch):
    with sqlite3.connect(database) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM turns ORDER BY id LIMIT 5")]
    charged = sorted(store._records.getsizeof(turn) for turn in store.turns(ids))
    monkeypatch.setattr(memory, "TURN_RECORDS_BYTES", sum(charged[:3]))
    store = CorpusStore(database)  # memory bounded to at most 3 of these turns, in bytes
    store.initialize()
    store.turns(ids[:2])
    assert [t.id for t in store.turns(ids)] == ids
    assert [t.id for t in store.turns(ids[:1])] == ids[:1]  # evicted as least recently used, read again
    store.shutdown()


def test_neighbours_are_the_turns_before_and_after(store, database):
    with sqlite3.connect(database) as db:
        (middle_id,) = db.execute("SELECT id FROM turns ORDER BY id LIMIT 1 OFFSET 1").fetchone()
    middle = store.turn(middle_id)
    before, after = store.neighbour(middle, -1), store.neighbour(middle, +1)
    assert (before.ord, after.ord) == (middle.ord - 1, middle.ord + 1)
    assert store.neighbour(before, +1) == middle


def test_a_turn_names_its_interview_and_start_and_an_interview_its_url_and_language(tmp_path):
    """What readers of several interviews need: which interview a turn is from, and where it starts."""
    import shutil

    from bot.corpus.importer import ImportOptions, commit, plan_import, stage
    from tests.transcripts.helpers import LENNY, shared

    seeds = shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    plan = plan_import(shared(LENNY / "ada-chen-rekhi" / "transcript.md"), ImportOptions(slug="ada"))
    commit(stage([plan], seeds)[0], seeds)
    ingest(tmp_path / "q.sqlite3", seeds, build_index=build_index)
    store = CorpusStore(tmp_path / "q.sqlite3")
    store.initialize()
    try:
        by_slug = {interview.slug: interview for interview in store.interviews()}
        assert (by_slug["ada"].url, by_slug["ada"].language) == ("https://www.youtube.com/watch?v=l-T8sNRcWQk", "en")
        assert (by_slug["eye-on-ai-118"].url, by_slug["eye-on-ai-118"].language) == ("", "en")
        with sqlite3.connect(tmp_path / "q.sqlite3") as db:
            firsts = dict(db.execute("SELECT i.slug, min(t.id) FROM turns t JOIN interviews i ON i.id = t.interview_id"
                                     " GROUP BY i.slug"))
        first_seed, first_imported = store.turn(firsts["eye-on-ai-118"]), store.turn(firsts["ada"])
        assert (first_seed.interview_slug, first_seed.start) == ("eye-on-ai-118", None)
        assert (first_imported.interview_slug, first_imported.start, first_imported.speaker) == ("ada", 0.0, "Ada Chen Rekhi")
        assert first_imported.interview_url.endswith("l-T8sNRcWQk")
    finally:
        store.shutdown()
