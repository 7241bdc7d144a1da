"""The interview library at scale: every real transcript imported beside the seed interview.

Imports all of ../shared/transcripts (303 Markdown episodes, 70 SRT, the Podcast Index examples)
into a temporary SEEDS_DIR with `quotebot import`, builds the database with `quotebot ingest`
(lexical only: SEMANTIC_SEARCH=false; passage vectors are built later, not measured here), then
searches it through the bot's `SearchService` in a separate process, as the bot would:

- import and ingest: wall time and peak RSS of each command;
- database size (after a WAL checkpoint);
- search latency p50/p95 over 200 queries (the evaluation set's, then phrases drawn from the
  imported turns), cache off so that every query is searched, limit 5;
- recall: 100 sentences drawn at random (seeded) from the imported turns, each searched within
  its own interview (`interview=` slug) and everywhere: found when its turn is among the hits;
- peak RSS of the searching process;
- with SEMANTIC_SEARCH on: how long ingest takes to list every passage (a library is over the
  inline limit, so nothing is embedded then), and the background backfill's CPU per passage on
  a sample of batches, which says how long embedding the whole library takes.

    .venv/bin/python -m bench.library_bench            # prints a markdown table; progress on stderr
    .venv/bin/python -m bench.library_bench --keep DIR # keep the seeds and database in DIR
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "transcripts"
EVAL_QUERIES = ROOT / "tests" / "search" / "eval_queries.toml"
QUERIES = 200
SENTENCES = 100
HITS = 5
TARGETS = {"import + ingest": "≤ 300 s", "search p95": "≤ 30 ms", "peak RSS": "≤ 300 MB", "recall": "≥ 98%"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def real_files() -> list[Path]:
    files = sorted(SHARED.glob("lennys-podcast/episodes/*/transcript.md"))
    files += sorted(SHARED.glob("virtual-coffee/episodes/*.srt"))
    files += [SHARED / "podcast-namespace" / f"example.{kind}" for kind in ("json", "vtt", "srt", "html")]
    if len(files) != 377:
        raise SystemExit(f"expected 377 transcripts under {SHARED}, found {len(files)}")
    return files


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of a child process; its own peak, from wait4's rusage."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"{' '.join(args[2:4])}… failed ({child.returncode}): {err.read().strip()[-500:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()  # ru_maxrss is in KiB on Linux


def build_library(workdir: Path) -> dict:
    seeds, db = workdir / "seeds", workdir / "library.sqlite3"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "glossary.toml", seeds)
    shutil.copytree(ROOT / "seeds" / "eye-on-ai-118", seeds / "eye-on-ai-118")
    env = {**os.environ, "SEEDS_DIR": str(seeds), "DATABASE_PATH": str(db), "SEMANTIC_SEARCH": "false"}
    quotebot = [sys.executable, "-m", "bot"]
    log(f"importing {len(real_files())} files …")
    import_s, import_rss, _ = run_measured([*quotebot, "import", *map(str, real_files())], env)
    log(f"imported in {import_s:.1f} s; ingesting …")
    ingest_s, ingest_rss, printed = run_measured([*quotebot, "ingest"], env)
    log(printed.strip())
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    interviews, turns = conn.execute("SELECT count(*), (SELECT count(*) FROM turns) FROM interviews").fetchone()
    conn.close()
    return {"db": str(db), "import_s": import_s, "import_rss_mb": import_rss, "ingest_s": ingest_s,
            "ingest_rss_mb": ingest_rss, "db_mb": db.stat().st_size / 1e6, "interviews": interviews, "turns": turns}


def draw_sentences(db: Path, count: int, seed: int = 15) -> list[dict]:
    """Sentences of 8-40 words from imported turns (not the seed interview), one per turn drawn;
    from the words search is meant to find: no sponsor read, no cold open (bot.search.index
    leaves those out, and finds a cold open where it was said)."""
    import sqlite3

    from bot.search.index import cold_open_repeats
    from bot.search.sponsor_reads import without_sponsor_reads

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT t.id, i.slug, t.en FROM turns t JOIN interviews i ON i.id = t.interview_id"
                        " WHERE i.slug != 'eye-on-ai-118' ORDER BY t.id").fetchall()
    repeats = cold_open_repeats(conn)
    conn.close()
    rng, drawn = random.Random(seed), []
    for turn_id, slug, en in rng.sample(rows, len(rows)):
        searched = "" if turn_id in repeats else without_sponsor_reads(en)
        sentences = [s for s in _SENTENCE.split(searched.replace("\n", " ")) if 8 <= len(s.split()) <= 40]
        if sentences:
            drawn.append({"turn": turn_id, "interview": slug, "sentence": rng.choice(sentences)})
        if len(drawn) == count:
            return drawn
    raise SystemExit("not enough sentences")


def latency_queries(sentences: list[dict], seed: int = 15) -> list[str]:
    """The evaluation set's queries, then 2-4 words cut from the drawn sentences, to QUERIES."""
    queries = [q["q"] for q in tomllib.loads(EVAL_QUERIES.read_text(encoding="utf-8"))["query"]]
    rng = random.Random(seed)
    while len(queries) < QUERIES:
        words = rng.choice(sentences)["sentence"].split()
        width = rng.randint(2, 4)
        start = rng.randrange(0, max(1, len(words) - width))
        queries.append(" ".join(words[start:start + width]))
    return queries[:QUERIES]


def measure_search(db: Path, work: Path) -> dict:
    """Run the searches in a child process (the bot's memory, not this script's), peak RSS with them."""
    sentences = draw_sentences(db, SENTENCES)
    plan = work / "queries.json"
    plan.write_text(json.dumps({"queries": latency_queries(sentences), "sentences": sentences}), encoding="utf-8")
    seconds, rss, printed = run_measured([sys.executable, "-m", "bench.library_bench", "--search", str(db),
                                          str(plan)], {**os.environ, "SEMANTIC_SEARCH": "false"})
    return {**json.loads(printed), "search_rss_mb": rss, "search_s": seconds}


def search_child(db: Path, plan_path: Path) -> None:
    """In the child: open the database as the bot does, time the queries, check the sentences."""
    from bot.search import SearchService
    from bot.storage.corpus import CorpusStore

    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    corpus = CorpusStore(db)
    corpus.initialize()
    service = SearchService(db, corpus, cache_size=0)
    service.open()
    started = time.perf_counter()
    service.search("warm up the page cache", limit=HITS)
    warm_s = time.perf_counter() - started
    for query in plan["queries"][:20]:
        service.search(query, limit=HITS)
    timings = [_timed(lambda q=q: service.search(q, limit=HITS)) for q in plan["queries"]]
    own, anywhere, sentence_ms = 0, 0, []
    for item in plan["sentences"]:
        started = time.perf_counter()
        narrowed = service.search(item["sentence"], interview=item["interview"], limit=HITS)
        sentence_ms.append((time.perf_counter() - started) * 1000)
        own += item["turn"] in {hit.turn_id for hit in narrowed.hits}
        anywhere += item["turn"] in {hit.turn_id for hit in service.search(item["sentence"], limit=HITS).hits}
    service.close()
    corpus.shutdown()
    print(json.dumps({"p50_ms": _percentile(timings, 0.5), "p95_ms": _percentile(timings, 0.95),
                      "max_ms": max(timings), "open_s": warm_s, "queries": len(timings),
                      "own_recall": own / len(plan["sentences"]), "anywhere_recall": anywhere / len(plan["sentences"]),
                      "sentence_p50_ms": _percentile(sentence_ms, 0.5), "sentence_p95_ms": _percentile(sentence_ms, 0.95),
                      "sentences": len(plan["sentences"])}))


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def measure_vectors(db: Path, sample_batches: int) -> dict:
    """What SEMANTIC_SEARCH on adds, in a child process on a copy of the database: ingest's
    listing of every passage (none embedded: the library is over the inline limit), then
    `sample_batches` background batches timed, to tell how long the whole backfill takes."""
    copy = db.with_name("vectors.sqlite3")
    shutil.copy(db, copy)
    seconds, rss, printed = run_measured([sys.executable, "-m", "bench.library_bench", "--vectors", str(copy),
                                          str(sample_batches)], dict(os.environ))
    return {**json.loads(printed), "vectors_rss_mb": rss}


def vectors_child(db: Path, sample_batches: int) -> None:
    from bot.search.backfill import VectorBackfill
    from bot.search.embeddings import default_embedder
    from bot.search.semantic import build_vectors
    from bot.storage.schema import connect

    started = time.perf_counter()
    with connect(db) as conn:
        pending = build_vectors(conn, cache_path=None)
    listed_s = time.perf_counter() - started
    default_embedder().query("warm-up")  # the model's load is not a batch's cost
    backfill = VectorBackfill(db, cache_path=None)
    done, cpu = 0, time.process_time()
    for _ in range(sample_batches):
        done += len(backfill.embed_batch()[0])
    per_passage = (time.process_time() - cpu) / max(done, 1)
    print(json.dumps({"passages": pending, "listed_s": listed_s, "sampled": done, "ms_per_passage": 1000 * per_passage,
                      "backfill_hours": pending * per_passage / 3600, "left": backfill.pending()}))


def markdown(built: dict, searched: dict, vectors: dict | None = None) -> str:
    rss = max(built["import_rss_mb"], built["ingest_rss_mb"], searched["search_rss_mb"])
    rows = [
        ("interviews / turns", f"{built['interviews']:,} / {built['turns']:,}", ""),
        ("import (`quotebot import` of 377 files)", f"{built['import_s']:.1f} s, peak RSS {built['import_rss_mb']:.0f} MB", ""),
        ("lexical ingest (`quotebot ingest`)", f"{built['ingest_s']:.1f} s, peak RSS {built['ingest_rss_mb']:.0f} MB", ""),
        ("import + ingest", f"{built['import_s'] + built['ingest_s']:.1f} s", TARGETS["import + ingest"]),
        ("database size", f"{built['db_mb']:.0f} MB", ""),
        (f"search p50 / p95 ({searched['queries']} queries, limit {HITS}, no cache)",
         f"{searched['p50_ms']:.1f} / {searched['p95_ms']:.1f} ms (max {searched['max_ms']:.0f})", TARGETS["search p95"]),
        (f"{searched['sentences']} random sentences found in their own interview",
         f"{searched['own_recall']:.0%} (everywhere: {searched['anywhere_recall']:.0%}; "
         f"p50/p95 {searched['sentence_p50_ms']:.0f}/{searched['sentence_p95_ms']:.0f} ms)", TARGETS["recall"]),
        ("peak RSS (import, ingest, searching process)",
         f"{built['import_rss_mb']:.0f} / {built['ingest_rss_mb']:.0f} / {searched['search_rss_mb']:.0f} MB (max {rss:.0f})",
         TARGETS["peak RSS"]),
    ]
    if vectors:
        rows += [
            ("SEMANTIC_SEARCH on: ingest lists the passages (none embedded at once)",
             f"{vectors['passages']:,} passages in {vectors['listed_s']:.1f} s", ""),
            (f"background backfill, measured on {vectors['sampled']} passages (one core)",
             f"{vectors['ms_per_passage']:.0f} ms CPU a passage: about {vectors['backfill_hours']:.1f} h for all, "
             f"resumable; peak RSS {vectors['vectors_rss_mb']:.0f} MB", ""),
        ]
    lines = ["| measure | result | target |", "|---|---|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build in this (new) directory and keep it")
    parser.add_argument("--search", nargs=2, type=Path, metavar=("DB", "PLAN"), help=argparse.SUPPRESS)
    parser.add_argument("--vectors", nargs=2, metavar=("DB", "BATCHES"), help=argparse.SUPPRESS)
    parser.add_argument("--vector-batches", type=int, default=8,
                        help="background batches (64 passages each) timed to estimate the whole backfill; 0: skip")
    args = parser.parse_args(argv)
    if args.search:
        search_child(*args.search)
        return 0
    if args.vectors:
        vectors_child(Path(args.vectors[0]), int(args.vectors[1]))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="library-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        built = build_library(work)
        log("searching …")
        searched = measure_search(Path(built["db"]), work)
        log("passage vectors …")
        vectors = measure_vectors(Path(built["db"]), args.vector_batches) if args.vector_batches else None
        print(markdown(built, searched, vectors))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
