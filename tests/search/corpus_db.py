"""Databases for search tests: hand-made tiny corpora, and the real interview.

The real corpus comes from `bot.corpus.load_seeds` + `bot.storage.ingest` (which calls
`build_index`). Until the annotated corpus exists, `transcript_paragraph_corpus` stands in:
one turn per transcript paragraph, which is what `real_corpus_db` falls back to (and says so).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.search import SearchService
from bot.search.index import build_index
from bot.storage.corpus import CorpusStore
from bot.storage.schema import connect

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
TRANSCRIPT = SEEDS_DIR / "eye-on-ai-118" / "transcript.txt"


@dataclass(frozen=True)
class TurnSpec:
    en: str
    zh: str = ""
    role: str = "guest"
    topic: str = "general"
    en_verbatim: str | None = None
    zh_machine: str | None = None
    transcript_lines: tuple[int, ...] = ()
    interview: str = "test"  # its interview's slug: each slug becomes an interview, in order of first use


@dataclass(frozen=True)
class TopicSpec:
    key: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


def write_corpus(db_path: Path, turns: list[TurnSpec], topics: list[TopicSpec]) -> Path:
    """A database with one interview holding `turns`, indexed by `build_index`."""
    conn = connect(db_path)
    with conn:
        _insert(conn, turns, topics)
        build_index(conn)
    conn.close()
    return db_path


def _insert(conn: sqlite3.Connection, turns: list[TurnSpec], topics: list[TopicSpec]) -> None:
    """Each interview named by the turns (the same topics in each), then the turns."""
    interview_ids: dict[str, int] = {}
    topic_ids: dict[tuple[str, str], int] = {}
    for slug in dict.fromkeys(turn.interview for turn in turns):
        interview_ids[slug] = conn.execute(
            "INSERT INTO interviews (slug, title, date, host, guest) "
            "VALUES (?, ?, '2023-03-14', 'Craig Smith', 'Ilya Sutskever')", (slug, slug.title())).lastrowid
        for order, topic in enumerate(topics, start=1):
            topic_ids[(slug, topic.key)] = conn.execute(
                "INSERT INTO topics (interview_id, key, ord, name_en, name_zh, aliases) VALUES (?, ?, ?, ?, ?, ?)",
                (interview_ids[slug], topic.key, order, topic.name_en, topic.name_zh,
                 json.dumps(list(topic.aliases), ensure_ascii=False)),
            ).lastrowid
    for turn_id, turn in enumerate(turns, start=1):
        speaker = "Ilya Sutskever" if turn.role == "guest" else "Craig Smith"
        source = json.dumps({"transcript_lines": list(turn.transcript_lines), "article_lines": []})
        zh_machine = turn.zh if turn.zh_machine is None else turn.zh_machine
        conn.execute(
            "INSERT INTO turns (id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,"
            " zh_machine, zh_machine_verbatim, zh_article, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'machine', ?, ?, NULL, ?)",
            (turn_id, interview_ids[turn.interview], turn_id, turn.role, speaker, topic_ids[(turn.interview, turn.topic)], turn.en,
             turn.en if turn.en_verbatim is None else turn.en_verbatim, turn.zh, zh_machine, zh_machine, source),
        )


def transcript_paragraph_corpus() -> tuple[list[TurnSpec], list[TopicSpec]]:
    """One turn per transcript paragraph: an English line and the machine Chinese after it."""
    lines = [line.strip() for line in TRANSCRIPT.read_text(encoding="utf-8").splitlines()]
    turns = []
    for number in range(4, len(lines)):
        english, chinese = lines[number - 1], lines[number]
        if english and not _is_cjk(english) and _is_cjk(chinese):
            turns.append(TurnSpec(en=english, zh=chinese, transcript_lines=(number,)))
    return turns, [TopicSpec("general", "General", "综合")]


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# Passage vectors survive across test runs here (keyed by model and text): embedding the
# interview takes about a minute, reading it back a fraction of a second.
EMBEDDING_CACHE = Path(__file__).resolve().parents[2] / "data" / "test-embeddings.sqlite3"


def real_corpus_db(db_path: Path, *, semantic: bool = False) -> tuple[Path, bool]:
    """The real interview through the lead's ingest; (path, True), or the fallback and False.

    `semantic`: with the passage vectors too, as the bot builds it with SEMANTIC_SEARCH on."""
    try:
        from bot.storage.ingest import ingest  # imports bot.corpus.load_seeds
    except ImportError as error:  # the corpus package is not there yet: say so, use paragraphs
        print(f"\n[search eval] real corpus unavailable ({error!r}); using transcript paragraphs")
        turns, topics = transcript_paragraph_corpus()
        return write_corpus(db_path, turns, topics), False
    if semantic:
        from bot.search.index import SearchTables

        # Under pytest, the session's cache (tests/conftest.py), shared with every bot it starts.
        cache = Path(os.environ.get("EMBEDDING_CACHE_PATH") or EMBEDDING_CACHE)
        ingest(db_path, SEEDS_DIR, build_index=SearchTables(True, cache), force=True)
    else:
        ingest(db_path, SEEDS_DIR, build_index=build_index, force=True)
    return db_path, True


@contextmanager
def opened_search(db_path: Path, **options) -> Iterator[SearchService]:
    """A SearchService over `db_path` with its corpus store, both open for the block."""
    corpus = CorpusStore(db_path)
    corpus.initialize()
    service = SearchService(db_path, corpus, **options)
    service.open()
    try:
        yield service
    finally:
        service.close()
        corpus.shutdown()
