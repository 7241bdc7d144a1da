"""Re-rank FTS candidates: how much of the query a turn covers, and how closely (rapidfuzz).

Score (0–100) = 100 × (COVERAGE_SHARE × coverage + (1 − COVERAGE_SHARE) × closeness), where
- coverage: the idf-weighted share of query units the turn satisfies (any word order), with
  some credit for units its exchange or the rest of the interview holds (`context_credits`),
  and for a long query, half of it the share found close together (bot.search.proximity),
- closeness: rapidfuzz `partial_ratio` of the query against the turn's normalized text
  (stemmed words for English, characters for Chinese), which rewards the words appearing
  together and in the query's order, typos included.
A turn containing the whole query as a phrase ranks before all others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz

from bot.search.index import IndexRow
from bot.search.normalize import CJK_STOP_CHARS
from bot.search.proximity import is_long, window_coverage
from bot.search.query import QueryPlan, Unit
from bot.search.synonyms import Alternative

COVERAGE_SHARE = 0.75
# Calibrated on the tuning split of tests/search/eval_queries.toml (tests/search/calibrate.py),
# real corpus: expected turns of on-topic queries score ≥ 81.8, the best turns of off-topic
# queries ≤ 45.7; the threshold is the middle of that gap. The unseen-term weights in
# query.py were chosen on the same split by the widest gap (36 points).
RELEVANCE_THRESHOLD = 64.0
# Below the threshold but this close: not shown, but offered as "did you mean".
NEAR_MISS_MARGIN = 18.0
_FIELDS = ("en", "zh", "zh_machine")
# A two-character Chinese word found only inside a longer corpus word (意识 in 意识到,
# "realize", not "consciousness") gets this much credit.
EMBEDDED_CREDIT = 0.5
# A query word found only in the turn's neighbour (the question before it, the answer after
# it, in the same topic) counts this much: the turn that holds the words ranks first.
NEIGHBOUR_CREDIT = 0.85
# A query word found only in another turn of the interview (among the candidates): a little.
# Chosen on the tune split of tests/search/eval_users.toml among 0.3 and 0.5 (0.5 lets
# near-topic queries through).
ELSEWHERE_CREDIT = 0.3
# A long query's coverage is this much its best window's (bot.search.proximity): a sentence
# scattered over a long answer was said elsewhere. Half: the plain mean of the two measures.
LONG_BLEND = 0.5
# For a question, the order (never the threshold) favours the guest's turns by this much:
# the host's question restates the topic in few words and so matches a user's question
# closely, but the user wants the answer. Chosen on the tune split of eval_users.toml
# (5 changes nothing there; 12 puts the answer first where the host's turn was 10 ahead).
ANSWER_PRIOR = 12.0
HOLDS_CREDIT = 0.8  # a unit's own credit that counts as held: its word, a close correction, a sense
SUBSTANCE_WORDS = 25  # a turn this long says something: longer ones tie on it
# ... unless the user is quoting the host: a host's turn this close to the query as typed.
QUOTED_CLOSENESS = 0.85
# A query in one script against a turn held only in the other: how close its words read, as a
# share of how many the dictionary found (bot.search.translations). Less than a typed match.
TRANSLATED_CLOSENESS = 0.8
# A character continuing a word into a longer one recurs: it follows the word in this many turns.
EMBEDDING_MIN_TURNS = 2


@dataclass(frozen=True, slots=True)
class ScoredTurn:
    """One candidate turn's score, and what earned it (for ordering and for the `match` kind)."""

    turn_id: int
    score: float
    coverage: float
    is_phrase: bool
    field: str  # where the query matched best: "en", "zh" or "zh_machine"
    match: str = "words"  # bot.search.results.MatchKind: "phrase", "words" or (fused) "meaning"
    prior: float = 0.0  # added to the score for the order only, never for the threshold
    closeness: float = 0.0  # how nearly the turn holds the query's text as typed (0–1)
    # Held only in a language the query is not written in: its words were found through the
    # dictionary (bot.search.translations), and its wording cannot be compared.
    translated: bool = False
    # Words the turn has, up to SUBSTANCE_WORDS: of two turns that match alike (every turn of a
    # speaker whose name is searched), the one that says something comes first, not "Yeah.".
    substance: int = 0
    # Found in the script the query is typed in: of two turns that score alike (a misspelled
    # "scalling" finds "scaling" and a synonym of the Chinese alike), the one whose words the
    # reader typed comes first.
    typed_script: bool = True
    # The turn itself holds every word of the query that is no function word (a typo or a
    # dictionary sense counts): "when does he talk about cerebras" in the one turn naming
    # Cerebras. Such a turn passes the lexical threshold, not the fused one (SearchService._passes).
    holds_all: bool = False

    @property
    def sort_key(self) -> tuple[bool, float, bool, int, int]:
        return (self.is_phrase, self.score + self.prior, self.typed_script, self.substance, -self.turn_id)


@dataclass(frozen=True, slots=True)
class _TurnText:
    """A turn's normalized text, padded so that `" term " in en` tests whole English terms.

    Substring tests run in C and beat building per-turn term sets; a Chinese bigram is in
    the text exactly when it is one of the turn's bigrams (runs are space-separated).
    """

    en: str
    zh: str
    zhm: str
    held: str  # the language its interview is held in alone ("" both): where a dictionary sense counts

    @classmethod
    def of(cls, row: IndexRow) -> "_TurnText":
        return cls(f" {row.en} {row.en_alt} ", row.zh, row.zhm, row.held)

    def has_english(self, term: str) -> bool:
        return f" {term} " in self.en


def longer_word_endings(plan: QueryPlan, rows: list[IndexRow]) -> dict[str, frozenset[str]]:
    """For each two-character Chinese word the query asks for as a whole: the characters
    that extend it into a longer word in these turns (following it in ≥ 2 of them).

    "意识到" recurs across turns, so 到 makes 意识 part of another word; a one-off
    following character is just the next word.
    """
    words = {
        a.zh_text
        for u in plan.units
        if u.whole_word
        for a in u.alternatives
        if len(a.zh_text) == 2 and not any(ch in CJK_STOP_CHARS for ch in a.zh_text)
    }
    endings: dict[str, frozenset[str]] = {}
    for word in words:
        turns: dict[str, int] = {}
        for row in rows:
            following = set()
            for text in (row.zh, row.zhm):
                start = text.find(word)
                while start >= 0:
                    following.add(text[start + 2 : start + 3])
                    start = text.find(word, start + 1)
            for ch in following:
                turns[ch] = turns.get(ch, 0) + 1
        found = frozenset(ch for ch, n in turns.items() if n >= EMBEDDING_MIN_TURNS and ch.strip() and ch not in CJK_STOP_CHARS)
        if found:
            endings[word] = found
    return endings


@dataclass(frozen=True, slots=True)
class Credits:
    """What one turn satisfies of the query: per unit its best credit (0–1), and in which text."""

    turn_id: int
    units: tuple[float, ...]
    field: str  # "en", "zh" or "zh_machine": where most of the matched weight is


def credits_of(plan: QueryPlan, row: IndexRow, endings: dict[str, frozenset[str]] | None = None) -> Credits:
    terms = _TurnText.of(row)
    matched = [0.0, 0.0, 0.0]  # weight satisfied in en, zh, zh_machine
    best_credits = []
    for unit in plan.units:
        credits = _unit_credit(unit, terms, endings or {})
        best = max(credits)
        best_credits.append(best)
        if best:
            # Ties go to the query's own script: a Chinese query matched the Chinese text.
            order = (1, 2, 0) if unit.is_chinese else (0, 1, 2)
            field = next(i for i in order if credits[i] == best)
            matched[field] += unit.weight * best
    return Credits(row.turn_id, tuple(best_credits), _FIELDS[matched.index(max(matched))])


def best_credits(plan: QueryPlan, credits: Iterable[Credits]) -> tuple[float, ...]:
    """Per unit, the best credit any candidate turn gives it: what the interview holds."""
    best = [0.0] * len(plan.units)
    for turn in credits:
        best = [max(b, c) for b, c in zip(best, turn.units)]
    return tuple(best)


def context_credits(own: Credits, neighbours: list[Credits], elsewhere: tuple[float, ...]) -> tuple[float, ...]:
    """Per unit: the turn's own credit, or NEIGHBOUR_CREDIT of the best a neighbour gives, or
    ELSEWHERE_CREDIT of the best any candidate gives.

    Relevance is judged on the exchange and the interview, not one turn. To a user a host
    question and its answer are one exchange: "cerebras azure" asks for the exchange where the
    question names Cerebras and the answer Azure. And a query whose words are all in the
    interview is about it, though no one turn holds them all ("alexnet imagenet": AlexNet is
    named in the introduction, ImageNet where it is told); the turns holding most rank first.
    """
    near = [max(n.units[i] for n in neighbours) if neighbours else 0.0 for i in range(len(own.units))]
    return tuple(max(mine, NEIGHBOUR_CREDIT * n, ELSEWHERE_CREDIT * e) for mine, n, e in zip(own.units, near, elsewhere))


def score_row(
    plan: QueryPlan, row: IndexRow, credits: Credits, context: tuple[float, ...] | None = None, floor: float = 0.0
) -> ScoredTurn:
    """The turn's score from its credits (`context`: with its exchange's, see `context_credits`);
    below `floor` whatever its closeness, the fuzzy part is skipped (0).

    partial_ratio over a long turn is the dearest step in scoring a candidate, and many
    candidates of a several-word query share one word with it and could never be shown."""
    total = plan.total_weight or 1.0
    units = context if context is not None else credits.units
    coverage = min(sum(u.weight * c for u, c in zip(plan.units, units)) / total, 1.0)
    if is_long(plan) and _score(coverage, closeness=1.0) >= floor:
        coverage = (1 - LONG_BLEND) * coverage + LONG_BLEND * min(window_coverage(plan, row), coverage)
    closeness = _closeness(plan, row, coverage) if _score(coverage, closeness=1.0) >= floor else 0.0
    score = _score(coverage, closeness)
    phrase = _is_phrase(plan, row)
    return ScoredTurn(row.turn_id, round(score, 2), coverage, phrase, credits.field, "phrase" if phrase else "words",
                      closeness=closeness, translated=in_other_language(plan, row),
                      substance=min(row.en.count(" ") + 1 if row.en else len(row.zh) // 2, SUBSTANCE_WORDS),
                      typed_script=_in_typed_script(plan, credits.field),
                      holds_all=_holds_all(plan, credits.units))


def _holds_all(plan: QueryPlan, credits: tuple[float, ...]) -> bool:
    said = [credit for unit, credit in zip(plan.units, credits) if not unit.is_stopword]
    return bool(said) and min(said) >= HOLDS_CREDIT


def _in_typed_script(plan: QueryPlan, field: str) -> bool:
    """Whether the turn matched best in the query's script (any, for a query in both)."""
    if plan.en_content and not plan.zh_content:
        return field == "en"
    if plan.zh_content and not plan.en_content:
        return field != "en"
    return True


def in_other_language(plan: QueryPlan, row: IndexRow) -> bool:
    """Whether the turn's interview lacks a language the query is written in (it is held in the other)."""
    return bool((plan.zh_content and plan.chinese_weight and row.held == "en")
                or (plan.en_content and plan.english_weight and row.held == "zh"))


def _score(coverage: float, closeness: float) -> float:
    return 100.0 * (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * closeness)


def _unit_credit(unit: Unit, text: _TurnText, endings: dict[str, frozenset[str]]) -> tuple[float, float, float]:
    """Credit (0–1) the turn gives `unit` in its English, Chinese and machine-Chinese text.

    A multi-word English alternative counts only as a phrase ("make things up", not
    "make", "things" and "up" anywhere); a Chinese one as the whole word first.
    """
    credit_en = credit_zh = credit_zhm = 0.0
    for alternative in unit.alternatives:
        if not alternative.counts_in(text.held):
            continue
        if alternative.en_terms and alternative.credit > credit_en and text.has_english(" ".join(alternative.en_terms)):
            credit_en = alternative.credit
        if alternative.zh_text:
            ending = endings.get(alternative.zh_text, frozenset())
            credit_zh = max(credit_zh, _chinese_credit(alternative, text.zh, ending))
            credit_zhm = max(credit_zhm, _chinese_credit(alternative, text.zhm, ending))
    for term, similarity in unit.corrections:
        if text.has_english(term):
            credit_en = max(credit_en, similarity)
    return credit_en, credit_zh, credit_zhm


def _chinese_credit(alternative: Alternative, text: str, ending: frozenset[str]) -> float:
    """The whole word: full credit (less when only inside a longer word); most of a long
    word's bigrams (≥ 3/4, of three or more): that share, a little less."""
    if not text:
        return 0.0
    word = alternative.zh_text
    start = text.find(word)
    if start >= 0:
        if ending:
            while start >= 0 and text[start + len(word) : start + len(word) + 1] in ending:
                start = text.find(word, start + 1)
            if start < 0:
                return alternative.credit * EMBEDDED_CREDIT
        return alternative.credit
    grams = alternative.zh_grams
    if len(grams) < 3:
        return 0.0
    share = sum(g in text for g in grams) / len(grams)
    return alternative.credit * share * 0.9 if share >= 0.75 else 0.0


def _closeness(plan: QueryPlan, row: IndexRow, coverage: float) -> float:
    """rapidfuzz partial_ratio of each script's query text against that script's turn text.

    A turn of an interview held in the other language than one the query is written in cannot
    be compared there: that part is TRANSLATED_CLOSENESS of the coverage, which
    the dictionary's senses earned (the words are there, their order is unknown)."""
    parts: list[tuple[float, float]] = []  # (weight, similarity)
    en_weight, zh_weight = plan.english_weight, plan.chinese_weight
    translated = 100 * TRANSLATED_CLOSENESS * coverage
    if plan.en_content and en_weight:
        needle = " ".join(plan.en_content)
        similarity = translated if row.held == "zh" else max(fuzz.partial_ratio(needle, row.en), fuzz.partial_ratio(needle, row.en_alt))
        parts.append((en_weight, similarity))
    if plan.zh_content and zh_weight:
        needle = " ".join(plan.zh_content)
        similarity = translated if row.held == "en" else max(fuzz.partial_ratio(needle, row.zh), fuzz.partial_ratio(needle, row.zhm))
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

