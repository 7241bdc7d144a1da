"""The labelled search evaluation: queries, label resolution, our search vs a naive baseline.

Used by `test_evaluation.py` (asserts the targets) and `calibrate.py` (picks the threshold
from the tuning split only).
"""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from rapidfuzz import fuzz, process, utils

from bot.search import SearchService
from bot.search.quote_check import NEAR_IN_MEANING, QuoteChecker, closest_turns, quotation_in

EVAL_FILE = Path(__file__).with_name("eval_queries.toml")
TRANSCRIPT = Path(__file__).resolve().parents[2] / "seeds" / "eye-on-ai-118" / "transcript.txt"
ON_TOPIC_KINDS = ("phrase", "typo", "reordered", "simplified", "traditional", "name", "acronym", "mixed", "question")
OFF_TOPIC = "offtopic"
TOP_K = 3

Ranker = Callable[[str], "list[tuple[float, list[int]]] | Shown"]  # query → [(score, turn ids)], best first


@dataclass(frozen=True)
class EvalQuery:
    q: str
    kind: str
    expect: tuple[str, ...]
    split: str  # "tune" | "holdout"; the later sets: "tune2" | "tune3" | "holdout2" (measure_users.user_queries)

    @property
    def off_topic(self) -> bool:
        return not self.expect


@dataclass(frozen=True)
class Judged:
    query: EvalQuery
    expected: frozenset[int]
    ranked: list[tuple[float, list[int]]]  # what the system returned above its threshold
    # False when the system shows its passages as NOT what the query says: the quote check's
    # "not found in this interview" with the closest passages, or "nothing matches" with those
    # nearest in meaning, labelled as other words.
    claimed: bool = True

    def hit_at(self, k: int) -> bool:
        found = {turn for _, turns in self.ranked[:k] for turn in turns}
        return bool(found & self.expected)

    @property
    def rejected(self) -> bool:
        """Nothing presented as matching: no hit, or only passages labelled as different words."""
        return not self.ranked or not self.claimed


@dataclass(frozen=True)
class Shown:
    """A system's answer that may disclaim its passages (see `Judged.claimed`)."""

    ranked: list[tuple[float, list[int]]]
    claimed: bool = True


def load_queries(path: Path = EVAL_FILE) -> list[EvalQuery]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [EvalQuery(d["q"], d["kind"], tuple(d["expect"]), d["split"]) for d in data["query"]]


# -- labels ------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def resolve_labels(conn: sqlite3.Connection, queries: Sequence[EvalQuery]) -> tuple[dict[str, int], list[str]]:
    """Map each expected phrase to the one turn containing it; also list phrases that don't resolve.

    English phrases are looked up in `en_verbatim`; Chinese ones in `zh`, then `zh_machine`.
    """
    rows = conn.execute("SELECT id, en_verbatim, zh, zh_machine FROM turns").fetchall()
    turns = [(r[0], _squash(r[1]), _squash(r[2]), _squash(r[3])) for r in rows]
    resolved, problems = {}, []
    for phrase in sorted({p for q in queries for p in q.expect}):
        needle = _squash(phrase)
        is_chinese = bool(re.search(r"[\u4e00-\u9fff]", needle))
        columns = (2, 3) if is_chinese else (1,)
        ids: list[int] = []
        for column in columns:
            ids = [t[0] for t in turns if needle in t[column]]
            if ids:
                break
        if len(ids) == 1:
            resolved[phrase] = ids[0]
        else:
            problems.append(f"{phrase!r} matches {len(ids)} turns {ids[:5]}")
    return resolved, problems


# -- systems under test -------------------------------------------------------------------


def ours(service: SearchService, limit: int = TOP_K) -> Ranker:
    """The search as /search lists it (filled with passages near in meaning: `fill`)."""
    def rank(query: str) -> list[tuple[float, list[int]]]:
        return [(hit.score, [hit.turn_id]) for hit in service.search(query, limit=limit, fill=True).hits]

    return rank


def as_the_bot(service: SearchService, checker: QuoteChecker, limit: int = TOP_K) -> Ranker:
    """What a user is shown for the query, routed as bot.replies.search_or_check routes it: a
    query that reads as a quotation gets the quote check (the passage that says it; or "not
    found in this interview" with the closest passages, disclaimed: the check's or else the
    search's best, then those nearest in meaning, as `closest_turns` picks them), any other
    query the search's hits, or where there are none, the passages it offers as nearest in
    meaning (disclaimed: `SearchService.offered_in_meaning`)."""
    search = ours(service, limit)

    def rank(query: str) -> list[tuple[float, list[int]]] | Shown:
        quotation = quotation_in(query)
        if quotation is None:
            found = search(query)
            offered = [] if found else service.offered_in_meaning(query, NEAR_IN_MEANING)
            return Shown([(hit.score, [hit.turn_id]) for hit in offered], claimed=False) if offered else found
        check = checker.check(quotation)
        if check.said and check.turn_id is not None:
            return [(check.similarity, [check.turn_id])]
        searched = [turn for _, turns in search(quotation)[:1] for turn in turns]
        found_in = service.interview_of(searched[0]) if searched else None
        meaning = [hit.turn_id for hit in service.offered_in_meaning(quotation, NEAR_IN_MEANING, found_in=found_in,
                                                                     quotation=True)]
        return Shown([(0.0, [turn]) for turn in closest_turns(check, searched, meaning)], claimed=False)

    return rank


class Baseline:
    """Naive search: one rapidfuzz scorer (WRatio) over the raw transcript paragraphs.

    A paragraph is its English line plus its machine-Chinese line; a paragraph hit stands for
    every turn built from that paragraph (generous: it may be several turns).
    """

    def __init__(self, conn: sqlite3.Connection, transcript: Path = TRANSCRIPT) -> None:
        lines = [line.strip() for line in transcript.read_text(encoding="utf-8").splitlines()]
        turns_by_line: dict[int, list[int]] = defaultdict(list)
        for turn_id, source in conn.execute("SELECT id, source FROM turns ORDER BY id"):
            for line in json.loads(source).get("transcript_lines", []):
                turns_by_line[line].append(turn_id)
        self.paragraphs: list[str] = []
        self.paragraph_turns: list[list[int]] = []
        for number in range(1, len(lines)):
            english, chinese = lines[number - 1], lines[number]
            if english and not _has_cjk(english) and _has_cjk(chinese) and turns_by_line.get(number):
                self.paragraphs.append(f"{english} {chinese}")
                self.paragraph_turns.append(turns_by_line[number])
        self.threshold = 0.0

    def rank_all(self, query: str, limit: int = TOP_K) -> list[tuple[float, list[int]]]:
        found = process.extract(query, self.paragraphs, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit)
        return [(score, self.paragraph_turns[index]) for _, score, index in found]

    def ranker(self) -> Ranker:
        return lambda query: [r for r in self.rank_all(query) if r[0] >= self.threshold]


def _has_cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


# -- judging and calibration ------------------------------------------------------------------


def judge(queries: Sequence[EvalQuery], labels: dict[str, int], rank: Ranker) -> list[Judged]:
    judged = []
    for query in queries:
        expected = frozenset(labels[p] for p in query.expect if p in labels)
        if query.expect and not expected:
            continue  # unresolved labels are reported (and fail) elsewhere
        answer = rank(query.q)
        if isinstance(answer, Shown):
            judged.append(Judged(query, expected, answer.ranked, answer.claimed))
        else:
            judged.append(Judged(query, expected, answer))
    return judged


def best_threshold(unthresholded: Sequence[Judged], candidates: Sequence[float]) -> tuple[float, float]:
    """Threshold best separating on-topic from off-topic queries by their top score.

    Objective: share of on-topic queries whose top result is correct and above the threshold
    + share of off-topic queries rejected. (For a system whose top result is rarely right,
    like the baseline, this degenerates to rejecting everything, so the baseline instead
    uses `detection_threshold`.)
    """
    best = (0.0, -1.0)
    for threshold in candidates:
        on = [j for j in unthresholded if not j.query.off_topic]
        off = [j for j in unthresholded if j.query.off_topic]
        recall = sum(bool(j.ranked) and j.ranked[0][0] >= threshold and j.hit_at(1) for j in on) / max(len(on), 1)
        rejected = sum(not j.ranked or j.ranked[0][0] < threshold for j in off) / max(len(off), 1)
        if recall + rejected > best[1]:
            best = (threshold, recall + rejected)
    return best


def detection_threshold(unthresholded: Sequence[Judged], candidates: Sequence[float]) -> float:
    """Threshold best separating on-topic from off-topic queries, right answer or not."""
    on = [j.ranked[0][0] if j.ranked else 0.0 for j in unthresholded if not j.query.off_topic]
    off = [j.ranked[0][0] if j.ranked else 0.0 for j in unthresholded if j.query.off_topic]

    def objective(t: float) -> float:
        return sum(s >= t for s in on) / max(len(on), 1) + sum(s < t for s in off) / max(len(off), 1)

    return max(candidates, key=objective)


@dataclass(frozen=True)
class Scores:
    n: int
    recall1: float
    recall3: float
    rejected: float


def summarize(judged: Sequence[Judged]) -> Scores:
    on = [j for j in judged if not j.query.off_topic]
    off = [j for j in judged if j.query.off_topic]
    return Scores(
        n=len(judged),
        recall1=sum(j.hit_at(1) for j in on) / len(on) if on else float("nan"),
        recall3=sum(j.hit_at(TOP_K) for j in on) / len(on) if on else float("nan"),
        rejected=sum(j.rejected for j in off) / len(off) if off else float("nan"),
    )


def by_kind(judged: Sequence[Judged]) -> dict[str, list[Judged]]:
    groups: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        groups[j.query.kind].append(j)
    return {kind: groups[kind] for kind in (*ON_TOPIC_KINDS, OFF_TOPIC) if kind in groups}


# -- report -----------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return "  –  " if value != value else f"{100 * value:5.1f}"


def kind_table(mine: Sequence[Judged], base: Sequence[Judged]) -> str:
    """Markdown: per kind and split, our recall@1/@3 (or rejection) next to the baseline's."""
    lines = [
        "| kind | split | n | ours R@1 | ours R@3 | base R@1 | base R@3 | ours reject | base reject |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for split in ("tune", "holdout", "all"):
        mine_split = [j for j in mine if split == "all" or j.query.split == split]
        base_split = [j for j in base if split == "all" or j.query.split == split]
        base_kinds = by_kind(base_split)
        for kind, group in (*by_kind(mine_split).items(), ("TOTAL", mine_split)):
            other = base_split if kind == "TOTAL" else base_kinds.get(kind, [])
            a, b = summarize(group), summarize(other)
            lines.append(
                f"| {kind} | {split} | {a.n} | {_pct(a.recall1)} | {_pct(a.recall3)} | {_pct(b.recall1)} | "
                f"{_pct(b.recall3)} | {_pct(a.rejected)} | {_pct(b.rejected)} |"
            )
    return "\n".join(lines)


def query_table(mine: Sequence[Judged], base: Sequence[Judged]) -> str:
    """Markdown: every query with its expected turn ids, our top ids and the baseline's."""
    lines = ["| kind | split | query | expected | ours top-3 | ok | baseline top-1 | ok |", "|---|---|---|---|---|---|---|---|"]
    for a, b in zip(mine, base):
        ours_ids = [t for _, turns in a.ranked for t in turns]
        base_ids = b.ranked[0][1] if b.ranked else []
        ok_a = a.rejected if a.query.off_topic else a.hit_at(TOP_K)
        ok_b = b.rejected if b.query.off_topic else b.hit_at(TOP_K)
        lines.append(
            f"| {a.query.kind} | {a.query.split} | {a.query.q} | {sorted(a.expected) or '—'} | "
            f"{ours_ids or '—'} | {'✓' if ok_a else '✗'} | {base_ids or '—'} | {'✓' if ok_b else '✗'} |"
        )
    return "\n".join(lines)


KIND_NAMES = {
    "phrase": "phrase", "typo": "typo", "reordered": "reordered words", "simplified": "Simplified Chinese",
    "traditional": "Traditional Chinese", "name": "misheard names", "acronym": "acronyms", "mixed": "mixed language",
    "question": "natural questions",
}


def readme_table(mine: Sequence[Judged], base: Sequence[Judged]) -> str:
    """Markdown in the README's layout ("Search quality"): per kind, then all (tune / held-out), then off-topic."""
    lines = ["| kind | n | ours R@1 | ours R@3 | baseline R@1 | baseline R@3 |", "|---|---:|---:|---:|---:|---:|"]
    base_kinds = by_kind(base)
    for kind, group in by_kind(mine).items():
        if kind == OFF_TOPIC:
            continue
        a, b = summarize(group), summarize(base_kinds.get(kind, []))
        lines.append(f"| {KIND_NAMES.get(kind, kind)} | {a.n} | {100 * a.recall1:.1f} | {100 * a.recall3:.1f} | "
                     f"{100 * b.recall1:.1f} | {100 * b.recall3:.1f} |")
    a, b = summarize(mine), summarize(base)
    tune, held = (summarize([j for j in mine if j.query.split == split]) for split in ("tune", "holdout"))
    lines.append(f"| **all (tune / held-out)** | {a.n} | **{100 * a.recall1:.1f}** ({100 * tune.recall1:.1f} / "
                 f"{100 * held.recall1:.1f}) | **{100 * a.recall3:.1f}** ({100 * tune.recall3:.1f} / "
                 f"{100 * held.recall3:.1f}) | {100 * b.recall1:.1f} | {100 * b.recall3:.1f} |")
    off_mine, off_base = by_kind(mine).get(OFF_TOPIC, []), base_kinds.get(OFF_TOPIC, [])
    if off_mine:
        lines.append(f"| off-topic rejected | {len(off_mine)} | **{100 * summarize(off_mine).rejected:.1f}** | | "
                     f"{100 * summarize(off_base).rejected:.1f} | |")
    return "\n".join(lines)
