"""Semantic retrieval costs (bot.search.semantic): query embedding, nearest turns at scale,
memory with the model loaded, and ingest of the shipped corpus with its vectors.

    .venv/bin/python -m bench.semantic_bench [--vectors 100000] [--repeat 3]

- query embedding: every query of tests/search/eval_users.toml through the model (the index's
  query cache bypassed), CPU time of the whole process (all of the engine's threads) and wall;
- nearest: `SemanticIndex.nearest_to` over `--vectors` synthetic passage vectors (random unit
  vectors, 3 passages a turn, stored and loaded like real ones), the queries' real vectors;
- memory: RSS of a fresh process before the model, with it loaded and one query embedded,
  and after embedding the interview (peak);
- ingest: the shipped seeds into a fresh database, lexical only, with vectors and a cold
  embedding cache, and with vectors and a warm cache (another fresh database);
- a whole search no cache answers: every query of eval_users.toml once through
  `SearchService.search` on the shipped corpus with its vectors, result cache off (the query
  is embedded only when the fusion says meaning could change the answer), CPU per search.

Prints a markdown table to stdout (progress to stderr).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from contextlib import closing
from pathlib import Path

import numpy as np

from bot.search import SearchService
from bot.search.embeddings import DIMENSIONS, default_embedder
from bot.search.index import SearchTables
from bot.search.semantic import SemanticIndex, store_vectors
from bot.storage.corpus import CorpusStore
from bot.storage.ingest import ingest
from bot.storage.schema import connect

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL_USERS = ROOT / "tests" / "search" / "eval_users.toml"
PASSAGES_PER_TURN = 3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def timed(action) -> tuple[float, float]:
    """(wall s, process CPU s) of `action()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def ingest_times(workdir: Path) -> dict[str, tuple[float, float]]:
    cache = workdir / "embeddings.sqlite3"
    runs = {"lexical only (SEMANTIC_SEARCH=false)": SearchTables(False),
            "with vectors, cold cache": SearchTables(True, cache),
            "with vectors, warm cache": SearchTables(True, cache)}
    times = {}
    for number, (label, tables) in enumerate(runs.items()):
        log(f"ingest: {label}")
        times[label] = timed(lambda: ingest(workdir / f"ingest{number}.sqlite3", SEEDS, build_index=tables))
    return times


def search_costs(db: Path, queries: list[str]) -> list[float]:
    """CPU milliseconds of each search, none answered by a cache (each query asked once)."""
    default_embedder().query("warm-up")  # loads the shared model: not a query's cost
    corpus = CorpusStore(db)
    corpus.initialize()
    service = SearchService(db, corpus, cache_size=0)
    service.open()
    try:
        return [timed(lambda: service.search(query))[1] * 1000 for query in dict.fromkeys(queries)]
    finally:
        service.close()
        corpus.shutdown()


def query_costs(queries: list[str]) -> tuple[list[float], list[float], list[np.ndarray]]:
    """CPU and wall milliseconds per query embedding, and the vectors."""
    model = default_embedder()
    model.query("warm-up")  # loads the model: not a query's cost
    cpu, wall, vectors = [], [], []
    for query in queries:
        vector: list[np.ndarray] = []
        w, c = timed(lambda: vector.append(model.query(query)))
        cpu.append(c * 1000)
        wall.append(w * 1000)
        vectors.append(vector[0])
    return cpu, wall, vectors


def synthetic_index(workdir: Path, count: int) -> tuple[SemanticIndex, float, float]:
    """An index of `count` random passage vectors; (index, DB MB, open s)."""
    db = workdir / "synthetic.sqlite3"
    vectors = np.random.default_rng(118).standard_normal((count, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = [(i // PASSAGES_PER_TURN + 1, i % PASSAGES_PER_TURN, "") for i in range(count)]
    with closing(connect(db)) as conn, conn:
        store_vectors(conn, rows, vectors, default_embedder().name)
    del vectors
    index = SemanticIndex(db)
    open_s, _ = timed(index.open)
    return index, db.stat().st_size / 1e6, open_s


def nearest_ms(index: SemanticIndex, vectors: list[np.ndarray], repeat: int) -> list[float]:
    index.nearest_to(vectors[0], 10)  # first touch of the matrix pages
    times = []
    for _ in range(repeat):
        for vector in vectors:
            wall, _ = timed(lambda: index.nearest_to(vector, 10))
            times.append(wall * 1000)
    return times


# VmHWM, not getrusage: a child's ru_maxrss starts at its parent's RSS at fork, exec or not.
_MEMORY_SCRIPT = """
import re
def rss(field="VmRSS"): return int(re.search(field + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
import bot.search.semantic, bot.services
from bot.search.embeddings import default_embedder, embed_passages
from bot.search.passages import passages
from bot.corpus import load_seeds
turns = [t for i in load_seeds(__import__("pathlib").Path("seeds")) for t in i.turns]
before = rss()
default_embedder().query("how does scaling help")
loaded = rss()
embed_passages([p for t in turns for p in passages(t.en, t.zh)], default_embedder(), None)  # as ingest does
print(before, loaded, rss("VmHWM"))
"""


def memory() -> tuple[float, float, float]:
    done = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=600)
    before, loaded, peak = (float(x) for x in done.stdout.split())
    return before, loaded, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=int, default=100_000, help="synthetic passage vectors searched")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of nearest over every query vector")
    args = parser.parse_args(argv)
    queries = [q["q"] for q in tomllib.loads(EVAL_USERS.read_text(encoding="utf-8"))["query"]]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ingests = ingest_times(workdir)
        log(f"query embedding: {len(queries)} queries")
        cpu, wall, vectors = query_costs(queries)
        log("whole searches, result cache off")
        search_cpu = search_costs(workdir / "ingest1.sqlite3", queries)
        log(f"nearest over {args.vectors:,} synthetic vectors")
        index, db_mb, open_s = synthetic_index(workdir, args.vectors)
        near = nearest_ms(index, vectors, args.repeat)
        matrix_mb = len(index) * DIMENSIONS * 4 / 1e6
        index.close()
    log("memory (a fresh process)")
    before, loaded, peak = memory()
    rows = [
        ("query embedding, CPU per query (ms)", f"mean {statistics.fmean(cpu):.1f}, p95 {p95(cpu):.1f}",
         f"{len(queries)} queries of eval_users.toml, all engine threads"),
        ("query embedding, wall per query (ms)", f"mean {statistics.fmean(wall):.1f}, p95 {p95(wall):.1f}", ""),
        ("a search no cache answers, semantic part included, CPU (ms)",
         f"mean {statistics.fmean(search_cpu):.1f}, p95 {p95(search_cpu):.1f}",
         f"{len(search_cpu)} distinct queries, shipped corpus with vectors, result cache off"),
        (f"nearest over {args.vectors:,} passage vectors (ms)",
         f"p50 {statistics.median(near):.2f}, p95 {p95(near):.2f}", f"{len(near)} searches, k=10, no embedding"),
        (f"{args.vectors:,} vectors: stored / in memory / open",
         f"{db_mb:.0f} MB / {matrix_mb:.0f} MB / {open_s:.2f} s", "float16 in SQLite, float32 in numpy"),
        ("RSS: bot modules / + model and a query / peak embedding the interview (MB)",
         f"{before:.0f} / {loaded:.0f} / {peak:.0f}", "a fresh process"),
        *((f"ingest of the shipped corpus, {label} (s)", f"wall {w:.1f}, CPU {c:.1f}", "")
          for label, (w, c) in ingests.items()),
    ]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at the end, OMP_NUM_THREADS="
          f"{os.environ.get('OMP_NUM_THREADS', '')}\n")
    print("| measure | value | note |\n|---|---|---|")
    for measure, value, note in rows:
        print(f"| {measure} | {value} | {note} |")


if __name__ == "__main__":
    main()
