"""Start-up over a damaged, unwritable or locked database: the bot gets a corpus and keeps what it can."""

import logging
import sqlite3
import time

import pytest

from bot.search.index import build_index
from bot.storage.corpus import CorpusStore
from bot.storage.startup import StorageLayout, prepare_storage
from tests.e2e.botprocess import REPO
from tests.storage.test_write_behind import hold_write_lock

SEEDS = REPO / "seeds"


def start(path):
    return prepare_storage(path, SEEDS, build_index=build_index)


def save_choices(path, users: dict[int, str]) -> None:
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO user_prefs (user_id, language) VALUES (?, ?)", users.items())


def damage_page(path, table: str, which: int = 0) -> int:
    """Overwrite one leaf page of `table` with garbage; its page number."""
    with sqlite3.connect(path) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (table,))]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file, where we damage it
    with path.open("r+b") as file:
        file.seek((pages[which] - 1) * page_size)
        file.write(b"\xde\xad" * (page_size // 2))
    return pages[which]


def corpus_works(path) -> bool:
    store = CorpusStore(path)
    store.initialize()
    try:
        return store.random_quote() is not None and len(store.topics()) > 0
    finally:
        store.shutdown()


def test_a_healthy_database_is_used_in_place(tmp_path):
    path = tmp_path / "q.sqlite3"
    first, second = start(path), start(path)
    assert first.rebuilt and not second.rebuilt
    assert second.placement == StorageLayout.at(path).placement


def test_a_file_that_is_no_database_is_moved_aside_and_the_corpus_rebuilt(tmp_path, caplog):
    path = tmp_path / "q.sqlite3"
    path.write_bytes(b"this is not a database" * 1000)
    layout = start(path)
    moved = [p for p in tmp_path.glob("q.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not")
    assert layout.placement == StorageLayout.at(path).placement and corpus_works(path)
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert f"moved it to {moved[0]}" in line and "not a database" in line


def test_damage_in_the_corpus_keeps_every_saved_choice(tmp_path):
    path = tmp_path / "q.sqlite3"
    start(path)
    save_choices(path, {1: "zh-hant", 2: "zh-hans"})
    damage_page(path, "turns")
    start(path)
    assert corpus_works(path)
    assert dict(sqlite3.connect(path).execute("SELECT user_id, language FROM user_prefs")) == {1: "zh-hant",
                                                                                             2: "zh-hans"}


def test_damage_among_the_choices_keeps_those_on_either_side(tmp_path):
    path = tmp_path / "q.sqlite3"
    start(path)
    save_choices(path, {user: "zh-hant" for user in range(1, 3001)})  # several leaf pages
    damage_page(path, "user_prefs", which=3)
    start(path)
    kept = dict(sqlite3.connect(path).execute("SELECT user_id, language FROM user_prefs"))
    assert 2000 < len(kept) < 3000  # all but the damaged page's
    assert 1 in kept and 3000 in kept  # read from both ends


def test_a_database_path_that_cannot_be_created_answers_from_a_corpus_elsewhere(tmp_path, caplog):
    (tmp_path / "data").write_text("a file where the directory should be")
    path = tmp_path / "data" / "q.sqlite3"
    layout = start(path)
    assert layout.corpus != path and corpus_works(layout.corpus)
    assert layout.state is None and not layout.writable
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "cannot write the database" in line and "not saved" in line


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
def test_a_lock_at_start_does_not_hold_it_up_when_the_corpus_is_current(tmp_path):
    path = tmp_path / "q.sqlite3"
    start(path)
    holder = hold_write_lock(path, 1.2)
    started = time.monotonic()
    layout = start(path)
    assert time.monotonic() - started < 1.0
    assert layout.placement == StorageLayout.at(path).placement  # writable: writes wait out the lock
    holder.join()


@pytest.mark.parametrize("damaged", ["header", "turns"])
def test_salvage_never_writes_to_the_damaged_file(tmp_path, damaged):
    path = tmp_path / "q.sqlite3"
    start(path)
    if damaged == "header":
        with path.open("r+b") as file:
            file.write(b"\0" * 100)
    else:
        damage_page(path, "turns")
    before = path.read_bytes()
    start(path)
    [moved] = [p for p in tmp_path.glob("q.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == before
