"""Term equivalences from `synonyms.toml`: acronyms, spellings and translations of one idea."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from bot.search.normalize import chinese_terms, cjk_runs, english_terms, fold


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way to write a concept: stemmed English terms (a phrase), or Chinese text (one script each).

    Multi-term English alternatives match only as a contiguous phrase, Chinese ones as a
    whole substring (`zh_text`); `zh_grams` are its bigrams, for FTS candidate selection.
    `credit` < 1 marks a related, broader term ("reinforcement learning" for RLHF).
    `translated`: a dictionary sense in the other language (bot.search.translations), which
    counts only in turns without text in the query's own script.
    """

    en_terms: tuple[str, ...] = ()
    zh_grams: tuple[str, ...] = ()
    zh_text: str = ""
    credit: float = 1.0
    translated: bool = False

    def counts_in(self, held: str) -> bool:
        """Whether it can match a turn whose interview is held in `held` ("en", "zh"; "" both)."""
        return not self.translated or held == ("en" if self.en_terms else "zh")


@dataclass(frozen=True, slots=True)
class SynonymMatch:
    """A group member found in a query, with the query positions it covers."""

    group: int
    en_positions: tuple[int, ...]  # indexes into the query's English terms
    zh_text: str  # the Chinese substring it covers ("" for English members)


@dataclass(frozen=True)
class Synonyms:
    """Groups of equivalent terms, indexed for matching inside a query."""

    alternatives: tuple[tuple[Alternative, ...], ...]  # per group
    en_members: dict[tuple[str, ...], int]  # stemmed term sequence → group
    zh_members: dict[str, int]  # Simplified Chinese string → group

    @cached_property
    def en_words(self) -> frozenset[str]:
        """Every English term of some member: such a query word is never "misspelled"."""
        return frozenset(t for key in self.en_members for t in key)

    @cached_property
    def _longest_english(self) -> int:
        return max((len(key) for key in self.en_members), default=0)

    @cached_property
    def _chinese_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.zh_members, key=len, reverse=True))

    def find_in(self, en_query_terms: list[str], zh_runs: list[str]) -> list[SynonymMatch]:
        """Group members in the query, longest first, not overlapping each other."""
        return self._find_english(en_query_terms) + self._find_chinese(zh_runs)

    def _find_english(self, terms: list[str]) -> list[SynonymMatch]:
        matches, taken = [], set()
        for size in range(min(self._longest_english, len(terms)), 0, -1):
            for start in range(len(terms) - size + 1):
                positions = tuple(range(start, start + size))
                if taken.intersection(positions):
                    continue
                group = self.en_members.get(tuple(terms[start : start + size]))
                if group is not None:
                    matches.append(SynonymMatch(group, positions, ""))
                    taken.update(positions)
        return matches

    def _find_chinese(self, runs: list[str]) -> list[SynonymMatch]:
        matches = []
        for run in runs:
            remaining = run
            for member in self._chinese_longest_first:
                if member in remaining:
                    matches.append(SynonymMatch(self.zh_members[member], (), member))
                    # Blank the covered characters so shorter members cannot reuse them.
                    remaining = remaining.replace(member, "\0" * len(member))
        return matches


RELATED_CREDIT = 0.85  # a group's `related` (broader) terms satisfy it almost fully


def alternative_of(member: str, credit: float = 1.0) -> Alternative | None:
    folded = fold(member)
    runs = cjk_runs(folded)
    if runs:
        text = "".join(runs)
        return Alternative(zh_grams=tuple(chinese_terms(text)), zh_text=text, credit=credit)
    terms = tuple(english_terms(folded, with_joined=False))
    return Alternative(en_terms=terms, credit=credit) if terms else None


def parse_synonyms(text: str) -> Synonyms:
    groups = tomllib.loads(text).get("group", [])
    alternatives: list[tuple[Alternative, ...]] = []
    en_members: dict[tuple[str, ...], int] = {}
    zh_members: dict[str, int] = {}
    for group_id, group in enumerate(groups):
        alts = []
        for member in group["terms"]:
            alternative = alternative_of(member)
            if alternative is None:
                continue
            if alternative.zh_text:
                zh_members[alternative.zh_text] = group_id
            else:
                en_members[alternative.en_terms] = group_id
            alts.append(alternative)
        # Related terms are searched for, but typing them does not select this group.
        alts += [a for m in group.get("related", []) if (a := alternative_of(m, RELATED_CREDIT))]
        alternatives.append(tuple(dict.fromkeys(alts)))
    return Synonyms(tuple(alternatives), en_members, zh_members)


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    text = resources.files("bot.search").joinpath("synonyms.toml").read_text(encoding="utf-8")
    return parse_synonyms(text)
