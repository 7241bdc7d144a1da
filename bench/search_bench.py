"""Search speed at scale: FTS5 candidates + rapidfuzz re-rank vs a naive full rapidfuzz scan.

Synthetic corpora are made of the real interview's sentences, shuffled into turns of
50–1,500 characters (English, and Chinese of matching length), written through the real
schema and indexed by the real `build_index`; queries are the evaluation set's, run
through the same `SearchService.search` the bot uses. Pinned to one CPU core.

    .venv/bin/python -m bench.search_bench --sizes 10000,100000,1000000
    .venv/bin/python -m bench.search_bench --quick          # 10k and 100k, fewer queries

Prints a markdown table to stdout (progress goes to stderr).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
from rapidfuzz import fuzz, process, utils

from bot.corpus import load_seeds
from bot.search import SearchService
from bot.search.index import build_index
from bot.storage.corpus import CorpusStore
from bot.storage.schema import connect

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL_QUERIES = ROOT / "tests" / "search" / "eval_queries.toml"
NAIVE_MAX_TURNS = 100_000  # beyond this the naive scan is extrapolated linearly from a sample
NAIVE_QUERIES = 8


@dataclass
class Row:
    turns: int
    build_s: float
    db_mb: float
    index_mb: float
    p50_ms: float
    p95_ms: float
    rss_mb: float  # the searching process's own (a process of its own, as the bot is)
    build_peak_mb: float  # the peak of the process that wrote and indexed the corpus
    naive_p50_ms: float
    naive_p95_ms: float
    naive_note: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- synthetic corpus ---------------------------------------------------------------------------


def sentence_pools() -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    """English and Chinese sentences of the real corpus, and its topics."""
    interview = load_seeds(SEEDS)[0]
    english, chinese = [], []
    for turn in interview.turns:
        english += [s.strip() for s in re.split(r"(?<=[.?!])\s+", turn.en) if len(s.strip()) > 15]
        for text in (turn.zh, turn.zh_machine):
            chinese += [s for s in re.findall(r"[^。！？!?]+[。！？!?]?", text) if len(s.strip()) > 6]
    topics = [(t.key, t.name_en, t.name_zh) for t in interview.topics]
    return english, chinese, topics


def compose(pool: list[str], target: int, rng: random.Random, joiner: str) -> str:
    parts, length = [], 0
    while length < target:
        sentence = rng.choice(pool)
        parts.append(sentence)
        length += len(sentence) + len(joiner)
    return joiner.join(parts)[: max(target, 50)]


def synthetic_turns(count: int, seed: int = 118):
    english, chinese, _ = sentence_pools()
    rng = random.Random(seed)
    for turn_id in range(1, count + 1):
        en_length = int(rng.triangular(50, 1500, 300))  # most turns are short, some long
        en = compose(english, en_length, rng, " ")
        zh = compose(chinese, max(en_length // 3, 50), rng, "")
        article = rng.random() < 0.3  # some turns have an edited translation besides the machine one
        zh_machine = compose(chinese, max(en_length // 3, 50), rng, "") if article else zh
        yield turn_id, rng.choice(("guest", "host")), en, zh, zh_machine, article


def build_corpus(db_path: Path, count: int) -> tuple[float, float, float]:
    """Write `count` synthetic turns and index them; (index build seconds, db MB, index MB)."""
    _, _, topics = sentence_pools()
    conn = connect(db_path)
    with conn:
        conn.execute("INSERT INTO interviews (id, slug, title, date, host, guest) VALUES (1, 'synthetic', 'Synthetic', '2023-03-14', 'Host', 'Guest')")
        conn.executemany(
            "INSERT INTO topics (id, interview_id, key, ord, name_en, name_zh, aliases) VALUES (?, 1, ?, ?, ?, ?, '[]')",
            [(i, key, i, en, zh) for i, (key, en, zh) in enumerate(topics, start=1)],
        )
        conn.executemany(
            "INSERT INTO turns (id, interview_id, ord, role, speaker, topic_id, en, en_verbatim, zh, zh_source,"
            " zh_machine, zh_machine_verbatim, zh_article, source) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
            (
                (i, i, role, "Ilya Sutskever" if role == "guest" else "Craig Smith", 1 + i % len(topics), en, en,
                 zh, "article" if article else "machine", zh_machine, zh_machine, zh if article else None)
                for i, role, en, zh, zh_machine, article in synthetic_turns(count)
            ),
        )
    size_before = _db_mb(db_path, conn)
    started = time.perf_counter()
    with conn:
        build_index(conn)
    build_s = time.perf_counter() - started
    size_after = _db_mb(db_path, conn)
    conn.close()
    return build_s, size_after, size_after - size_before


def _db_mb(db_path: Path, conn) -> float:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db_path.stat().st_size / 1e6


# -- measurements ----------------------------------------------------------------------------


def eval_queries() -> list[str]:
    return [q["q"] for q in tomllib.loads(EVAL_QUERIES.read_text(encoding="utf-8"))["query"]]


def time_queries(run, queries: list[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def measure_ours(db_path: Path, queries: list[str]) -> tuple[float, float, float]:
    corpus = CorpusStore(db_path)
    corpus.initialize()
    service = SearchService(db_path, corpus, cache_size=0)  # every query searched: the cost of a new one
    service.open()
    time_queries(lambda q: service.search(q, limit=5), queries[:20])  # warm the page cache
    timings = time_queries(lambda q: service.search(q, limit=5), queries)
    rss = psutil.Process().memory_info().rss / 1e6
    service.close()
    corpus.shutdown()
    return statistics.median(timings), percentile(timings, 0.95), rss


def measure_naive(db_path: Path, turns: int, queries: list[str]) -> tuple[float, float, str]:
    """`process.extract` (WRatio) over every turn's text; sampled and scaled beyond NAIVE_MAX_TURNS."""
    sample = min(turns, NAIVE_MAX_TURNS)
    conn = connect(db_path, readonly=True)
    texts = [f"{en} {zh}" for en, zh in conn.execute("SELECT en, zh FROM turns ORDER BY id LIMIT ?", (sample,))]
    conn.close()
    timings = time_queries(
        lambda q: process.extract(q, texts, scorer=fuzz.WRatio, processor=utils.default_process, limit=5),
        queries[:NAIVE_QUERIES],
    )
    scale = turns / sample
    note = "measured" if scale == 1 else f"extrapolated ×{scale:g} from {sample:,} turns"
    return statistics.median(timings) * scale, percentile(timings, 0.95) * scale, note


def _peak_after(work, *args):
    """`work(*args)` and this process's peak RSS in MB (run in a child: its own peak)."""
    result = work(*args)
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux; MB as psutil's


def _in_child(work, *args):
    """`_peak_after` in a fresh process: each size's build and search start as cold as the bot
    does, and neither's memory is counted in the other's (the build's heap would stay in the
    searching process's RSS)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_peak_after, work, *args).result()


def bench_size(turns: int, queries: list[str], workdir: Path) -> Row:
    db_path = workdir / f"bench-{turns}.db"
    log(f"[{turns:,}] building corpus …")
    (build_s, db_mb, index_mb), build_peak = _in_child(build_corpus, db_path, turns)
    log(f"[{turns:,}] index built in {build_s:.1f}s (peak RSS {build_peak:.0f} MB); querying …")
    (p50, p95, rss), _ = _in_child(measure_ours, db_path, queries)
    log(f"[{turns:,}] ours p50 {p50:.1f} ms p95 {p95:.1f} ms; naive scan …")
    naive_p50, naive_p95, note = measure_naive(db_path, turns, queries)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return Row(turns, build_s, db_mb, index_mb, p50, p95, rss, build_peak, naive_p50, naive_p95, note)


def markdown(rows: list[Row], query_count: int) -> str:
    lines = [
        f"Queries: {query_count} from tests/search/eval_queries.toml (all kinds incl. off-topic), limit 5, one core.",
        "",
        "| turns | index build (peak RSS) | DB size | of which index | ours p50 | ours p95 | searching RSS | naive p50 | naive p95 | naive |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.turns:,} | {r.build_s:.1f} s ({r.build_peak_mb:.0f} MB) | {r.db_mb:.0f} MB | {r.index_mb:.0f} MB | {r.p50_ms:.1f} ms | "
            f"{r.p95_ms:.1f} ms | {r.rss_mb:.0f} MB | {r.naive_p50_ms:.0f} ms | {r.naive_p95_ms:.0f} ms | {r.naive_note} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated turn counts")
    parser.add_argument("--quick", action="store_true", help="10k and 100k turns, one pass over the queries")
    parser.add_argument("--passes", type=int, default=3, help="passes over the query set per size")
    parser.add_argument("--workdir", type=Path, default=None, help="where to put the databases (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    queries = eval_queries() * (1 if args.quick else args.passes)
    random.Random(7).shuffle(queries)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        rows = [bench_size(size, queries, Path(tmp)) for size in sizes]
    print(markdown(rows, len(queries)))
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
