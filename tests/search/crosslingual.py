"""Chinese queries about interviews held only in English (`eval_crosslingual.toml`), measured.

    .venv/bin/python -m tests.search.crosslingual [--misses [--split tune]]

The library: the seed interview and four real episodes imported as a user imports them (three
of Lenny's Podcast, one of Virtual Coffee, from ../shared/transcripts), with passage vectors.
Per kind and split:
- R@1 / R@3 of on-topic queries searched across the whole library, as /search does
  ("library"), and narrowed to their episode, as its button does ("narrowed"); "wrong shown":
  answered across the library, but not with the turn meant among the first three;
- negatives rejected: the search narrowed to the episode asked of shows nothing (a near-topic
  query may be discussed in another episode, so only its own episode says it is absent).
Systems: ours, and ours without the dictionary (the translations table emptied, everything else
the same: meaning alone, which cannot vouch for a match, and the few names and numbers the
query shares with the episode).
Nothing here tunes ours; the holdout informs nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.importer import ImportOptions, commit, plan_import, stage
from bot.search import SearchService
from bot.search.index import SearchTables
from bot.search.translations import TRANSLATIONS_TABLE
from bot.storage.ingest import ingest
from tests.library import SEED_SLUG, SEEDS
from tests.transcripts.helpers import SHARED, shared

from .corpus_db import opened_search

EVAL_FILE = Path(__file__).with_name("eval_crosslingual.toml")
TOP_K = 3
ON_TOPIC = ("keywords", "question", "paraphrase", "filler", "taiwan", "mixed")
NEGATIVE = ("off-topic", "near-topic")
SYSTEMS = ("ours", "no dictionary")
# How each episode is imported (the options a user would give): its slug, hosts and the
# speaker names to join.
EPISODES = {
    "lennys-podcast/episodes/ada-chen-rekhi/transcript.md": ImportOptions(
        slug="ada-chen-rekhi", speakers={"Lenny": "Lenny Rachitsky"}, hosts=("Lenny Rachitsky",)),
    "lennys-podcast/episodes/adam-fishman/transcript.md": ImportOptions(
        slug="adam-fishman", speakers={"Lenny": "Lenny Rachitsky"}, hosts=("Lenny Rachitsky",)),
    "lennys-podcast/episodes/adriel-frederick/transcript.md": ImportOptions(
        slug="adriel-frederick", speakers={"Lenny": "Lenny Rachitsky"}, hosts=("Lenny Rachitsky",)),
    "virtual-coffee/episodes/1_4.srt": ImportOptions(
        slug="virtual-coffee-1-4", title="Virtual Coffee S1E4", hosts=("Bekah Hawrot Weigel", "Dan Ott"),
        speakers={"Vic": "Vic Vijayakumar", "Bekah": "Bekah Hawrot Weigel", "Dan": "Dan Ott"}),
}


@dataclass(frozen=True)
class CrossQuery:
    text: str
    episode: str
    kind: str
    expect: tuple[str, ...]
    split: str

    @property
    def slug(self) -> str:
        return EPISODES[self.episode].slug or ""

    @property
    def negative(self) -> bool:
        return not self.expect


@dataclass(frozen=True)
class Outcome:
    query: CrossQuery
    expected: frozenset[int]
    library: tuple[int, ...]  # hit turn ids across the library, best first
    narrowed: tuple[int, ...]  # hit turn ids within the query's episode

    def found(self, k: int, *, narrowed: bool = False) -> bool:
        return bool(set((self.narrowed if narrowed else self.library)[:k]) & self.expected)

    @property
    def rejected(self) -> bool:
        return not self.narrowed

    @property
    def shown_wrong(self) -> bool:
        """An on-topic query answered across the library, but none of its first three is the turn meant."""
        return bool(self.library) and not self.found(TOP_K)


def load_queries(path: Path = EVAL_FILE) -> list[CrossQuery]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    return [CrossQuery(e["text"], e["episode"], e["kind"], tuple(e["expect"]), e["split"]) for e in entries]


def build_library(root: Path, embedding_cache: Path | None = None) -> Path:
    """The seed interview and the four episodes, imported and ingested with vectors: the database."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(SEEDS / "glossary.toml", seeds / "glossary.toml")
    shutil.copytree(SEEDS / SEED_SLUG, seeds / SEED_SLUG)
    for episode, options in EPISODES.items():
        commit(stage([plan_import(shared(SHARED / episode), options)], seeds)[0], seeds)
    database = root / "library.sqlite3"
    ingest(database, seeds, build_index=SearchTables(True, embedding_cache))
    return database


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def resolve_labels(database: Path, queries: Sequence[CrossQuery]) -> tuple[dict[tuple[str, str], int], list[str]]:
    """(episode slug, expected substring) → the turn holding it; and the substrings no turn holds."""
    turns: dict[str, list[tuple[int, str]]] = {}
    conn = sqlite3.connect(database)
    for turn_id, slug, en in conn.execute("SELECT t.id, i.slug, t.en FROM turns t JOIN interviews i ON i.id = t.interview_id"):
        turns.setdefault(slug, []).append((turn_id, _squash(en)))
    conn.close()
    labels, missing = {}, []
    for query in queries:
        for wanted in query.expect:
            holders = [turn_id for turn_id, text in turns.get(query.slug, []) if _squash(wanted) in text]
            if len(holders) == 1:
                labels[(query.slug, wanted)] = holders[0]
            else:
                missing.append(f"{query.slug}: {wanted!r} in {len(holders)} turns")
    return labels, missing


def judge(service: SearchService, queries: Sequence[CrossQuery], labels: dict[tuple[str, str], int]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        expected = frozenset(labels[(query.slug, w)] for w in query.expect if (query.slug, w) in labels)
        library = tuple(h.turn_id for h in service.search(query.text, limit=TOP_K, fill=True).hits)
        narrowed = tuple(h.turn_id for h in service.search(query.text, interview=query.slug, limit=TOP_K, fill=True).hits)
        outcomes.append(Outcome(query, expected, library, narrowed))
    return outcomes


def without_dictionary(database: Path, copy: Path) -> Path:
    """A copy of the library whose translations table is empty."""
    shutil.copy(database, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(f"DELETE FROM {TRANSLATIONS_TABLE}")
    conn.close()
    return copy


def measure(database: Path, scratch: Path, queries: Sequence[CrossQuery] | None = None) -> dict[str, list[Outcome]]:
    queries = queries if queries is not None else load_queries()
    results = {}
    for system, path in (("ours", database), ("no dictionary", without_dictionary(database, scratch / "plain.sqlite3"))):
        with opened_search(path, cache_size=0) as service:
            labels, missing = resolve_labels(path, queries)
            if missing:
                raise AssertionError(f"expected passages not found: {missing}")
            results[system] = judge(service, queries, labels)
    return results


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}" if whole else "   – "


def rates(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Recall and rejection as fractions (for assertions)."""
    positive = [o for o in outcomes if not o.query.negative]
    negative = [o for o in outcomes if o.query.negative]
    share = lambda hits, group: sum(hits) / len(group) if group else 1.0  # noqa: E731
    return {
        "library@1": share([o.found(1) for o in positive], positive),
        "library@3": share([o.found(TOP_K) for o in positive], positive),
        "narrowed@3": share([o.found(TOP_K, narrowed=True) for o in positive], positive),
        "rejected": share([o.rejected for o in negative], negative),
    }


def table(results: dict[str, list[Outcome]]) -> str:
    header = "| kind | split | n | " + " | ".join(f"{s}: library R@1 | R@3 | wrong shown | narrowed R@3 | rejected"
                                                  for s in SYSTEMS) + " |"
    lines = [header, "|---|---|---:|" + "---:|" * (5 * len(SYSTEMS))]
    first = results[SYSTEMS[0]]
    for kind in (*ON_TOPIC, *NEGATIVE, "all"):
        for split in ("tune", "holdout"):
            picked = [i for i, o in enumerate(first) if o.query.split == split
                      and (o.query.kind == kind or (kind == "all"))]
            if not picked:
                continue
            cells = []
            for system in SYSTEMS:
                group = [results[system][i] for i in picked]
                positive = [o for o in group if not o.query.negative]
                negative = [o for o in group if o.query.negative]
                cells.append(" | ".join((
                    _pct(sum(o.found(1) for o in positive), len(positive)),
                    _pct(sum(o.found(TOP_K) for o in positive), len(positive)),
                    _pct(sum(o.shown_wrong for o in positive), len(positive)),
                    _pct(sum(o.found(TOP_K, narrowed=True) for o in positive), len(positive)),
                    _pct(sum(o.rejected for o in negative), len(negative)))))
            name = f"**{kind}**" if kind == "all" else kind
            lines.append(f"| {name} | {split} | {len(picked)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def misses(outcomes: Sequence[Outcome], split: str | None) -> str:
    lines = []
    for o in outcomes:
        if split and o.query.split != split:
            continue
        if o.query.negative and not o.rejected:
            lines.append(f"accepted [{o.query.kind}] {o.query.text}  → {o.narrowed}")
        elif not o.query.negative and not o.found(TOP_K):
            lines.append(f"missed   [{o.query.kind}] {o.query.text}  want {sorted(o.expected)} got {o.library}"
                         f" narrowed {o.narrowed}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries each split misses (ours)")
    parser.add_argument("--split", choices=("tune", "holdout"), help="with --misses: only this split")
    args = parser.parse_args()
    cache = Path(__file__).resolve().parents[2] / "data" / "test-embeddings.sqlite3"
    with tempfile.TemporaryDirectory() as scratch:
        database = build_library(Path(scratch) / "library", cache)
        results = measure(database, Path(scratch))
    print(table(results))
    if args.misses:
        print(misses(results["ours"], args.split))


if __name__ == "__main__":
    main()
