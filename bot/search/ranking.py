"""Re-rank FTS candidates: how much of the query a turn covers, and how closely (rapidfuzz).

Score (0–100) = 100 × (COVERAGE_SHARE × coverage + (1 − COVERAGE_SHARE) × closeness), where
- coverage: the idf-weighted share of query units the turn satisfies (any word order),
- closeness: rapidfuzz `partial_ratio` of the query against the turn's normalized text
  (stemmed words for English, characters for Chinese), which rewards the words appearing
  together and in the query's order, typos included.
A turn containing the whole query as a phrase ranks before all others.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.search.index import IndexRow
from bot.search.query import QueryPlan, Unit

COVERAGE_SHARE = 0.75
# Calibrated on the tuning split of tests/search/eval_queries.toml (tests/search/calibrate.py),
# real corpus: expected turns of on-topic queries score ≥ 81.8, the best turns of off-topic
# queries ≤ 45.7; the threshold is the middle of that gap. The unseen-term weights in
# query.py were chosen on the same split by the widest gap (36 points).
RELEVANCE_THRESHOLD = 64.0
# Below the threshold but this close: not shown, but offered as "did you mean".
NEAR_MISS_MARGIN = 18.0
_FIELDS = ("en", "zh", "zh_machine")


@dataclass(frozen=True, slots=True)
class ScoredTurn:
    turn_id: int
    score: float
    coverage: float
    is_phrase: bool
    field: str  # where the query matched best: "en", "zh" or "zh_machine"

    @property
    def sort_key(self) -> tuple[bool, float, int]:
        return (self.is_phrase, self.score, -self.turn_id)


@dataclass(frozen=True, slots=True)
class _TurnText:
    """A turn's normalized text, padded so that `" term " in en` tests whole English terms.

    Substring tests run in C and beat building per-turn term sets; a Chinese bigram is in
    the text exactly when it is one of the turn's bigrams (runs are space-separated).
    """

    en: str
    zh: str
    zhm: str

    @classmethod
    def of(cls, row: IndexRow) -> "_TurnText":
        return cls(f" {row.en} {row.en_alt} ", row.zh, row.zhm)

    def has_english(self, term: str) -> bool:
        return f" {term} " in self.en


def score_row(plan: QueryPlan, row: IndexRow) -> ScoredTurn:
    terms = _TurnText.of(row)
    total = plan.total_weight or 1.0
    matched = [0.0, 0.0, 0.0]  # weight satisfied in en, zh, zh_machine
    for unit in plan.units:
        credits = _unit_credit(unit, terms)
        best = max(credits)
        if best:
            # Ties go to the query's own script: a Chinese query matched the Chinese text.
            order = (1, 2, 0) if unit.is_chinese else (0, 1, 2)
            field = next(i for i in order if credits[i] == best)
            matched[field] += unit.weight * best
    coverage = min(sum(matched) / total, 1.0)
    closeness = _closeness(plan, row)
    score = 100.0 * (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * closeness)
    field = _FIELDS[matched.index(max(matched))]
    return ScoredTurn(row.turn_id, round(score, 2), coverage, _is_phrase(plan, row), field)


def _unit_credit(unit: Unit, text: _TurnText) -> tuple[float, float, float]:
    """Credit (0–1) the turn gives `unit` in its English, Chinese and machine-Chinese text."""
    credit_en = credit_zh = credit_zhm = 0.0
    for alternative in unit.alternatives:
        if alternative.en_terms and all(text.has_english(t) for t in alternative.en_terms):
            credit_en = 1.0
        if alternative.zh_grams:
            credit_zh = max(credit_zh, _gram_share(alternative.zh_grams, text.zh))
            credit_zhm = max(credit_zhm, _gram_share(alternative.zh_grams, text.zhm))
    for term, similarity in unit.corrections:
        if text.has_english(term):
            credit_en = max(credit_en, similarity)
    return credit_en, credit_zh, credit_zhm


def _gram_share(grams: tuple[str, ...], text: str) -> float:
    """Share of a Chinese term's bigrams in the turn; a partial match below 3/4 counts as none."""
    if not text:
        return 0.0
    share = sum(g in text for g in grams) / len(grams)
    return share if share >= 0.75 else 0.0


def _closeness(plan: QueryPlan, row: IndexRow) -> float:
    """rapidfuzz partial_ratio of each script's query text against that script's turn text."""
    parts: list[tuple[float, float]] = []  # (weight, similarity)
    en_weight = sum(u.weight for u in plan.units if not u.is_chinese)
    zh_weight = sum(u.weight for u in plan.units if u.is_chinese)
    if plan.en_terms and en_weight:
        needle = " ".join(plan.en_terms)
        similarity = max(fuzz.partial_ratio(needle, row.en), fuzz.partial_ratio(needle, row.en_alt))
        parts.append((en_weight, similarity))
    if plan.zh_runs and zh_weight:
        needle = " ".join(plan.zh_runs)
        similarity = max(fuzz.partial_ratio(needle, row.zh), fuzz.partial_ratio(needle, row.zhm))
        parts.append((zh_weight, similarity))
    weight = sum(w for w, _ in parts)
    return sum(w * s for w, s in parts) / weight / 100 if weight else 0.0


def _is_phrase(plan: QueryPlan, row: IndexRow) -> bool:
    """The whole query, in order, inside the turn (English words / each Chinese run)."""
    if not plan.en_terms and not plan.zh_runs:
        return False
    if plan.en_terms:
        phrase = f" {' '.join(plan.en_terms)} "
        if phrase not in f" {row.en} " and phrase not in f" {row.en_alt} ":
            return False
    for run in plan.zh_runs:
        if run not in row.zh and run not in row.zhm:
            return False
    return True

