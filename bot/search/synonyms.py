"""Term equivalences from `synonyms.toml`: acronyms, spellings and translations of one idea."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.search.normalize import chinese_terms, cjk_runs, english_terms, fold


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way to write a concept: stemmed English terms, or Chinese bigrams (one script each)."""

    en_terms: tuple[str, ...] = ()
    zh_grams: tuple[str, ...] = ()


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

    def find_in(self, en_query_terms: list[str], zh_runs: list[str]) -> list[SynonymMatch]:
        """Group members in the query, longest first, not overlapping each other."""
        return self._find_english(en_query_terms) + self._find_chinese(zh_runs)

    def _find_english(self, terms: list[str]) -> list[SynonymMatch]:
        matches, taken = [], set()
        longest = max((len(k) for k in self.en_members), default=0)
        for size in range(min(longest, len(terms)), 0, -1):
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
        members = sorted(self.zh_members, key=len, reverse=True)
        for run in runs:
            remaining = run
            for member in members:
                if member in remaining:
                    matches.append(SynonymMatch(self.zh_members[member], (), member))
                    # Blank the covered characters so shorter members cannot reuse them.
                    remaining = remaining.replace(member, "\0" * len(member))
        return matches


def parse_synonyms(text: str) -> Synonyms:
    groups = tomllib.loads(text).get("group", [])
    alternatives: list[tuple[Alternative, ...]] = []
    en_members: dict[tuple[str, ...], int] = {}
    zh_members: dict[str, int] = {}
    for group_id, group in enumerate(groups):
        alts = []
        for member in group["terms"]:
            folded = fold(member)
            runs = cjk_runs(folded)
            if runs:
                zh_members["".join(runs)] = group_id
                alts.append(Alternative(zh_grams=tuple(chinese_terms("".join(runs)))))
            else:
                terms = tuple(english_terms(folded, with_joined=False))
                en_members[terms] = group_id
                alts.append(Alternative(en_terms=terms))
        alternatives.append(tuple(dict.fromkeys(alts)))
    return Synonyms(tuple(alternatives), en_members, zh_members)


@lru_cache(maxsize=1)
def default_synonyms() -> Synonyms:
    text = resources.files("bot.search").joinpath("synonyms.toml").read_text(encoding="utf-8")
    return parse_synonyms(text)
