"""The index vocabulary: each term's document frequency, its weight, and spelling corrections."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from rapidfuzz import fuzz, process

MAX_CORRECTIONS = 3
SOUND_ALIKE_SIMILARITY = 0.9  # a correction by sound ("lekun" → "lecun"), ranked as a near spelling
TRANSPOSED_SIMILARITY = 0.9  # two neighbouring letters swapped ("wrod" → "word"), as near
_SOUND_LETTERS = str.maketrans("kqzy", "ccsi")
_DOUBLED = re.compile(r"(.)\1+")
Ordinary = Callable[[str, Callable[[str], bool]], bool]  # (word, is a library word) → an everyday word?


def _no_word(_text: str) -> str | None:
    return None


def _every_word(_term: str, _known: Callable[[str], bool]) -> bool:
    return True


def correction_cutoff(term: str) -> float | None:
    """Minimum rapidfuzz ratio for a vocabulary word to count as a correction of `term`.

    Short words have too many neighbours (cake/take/make) to correct by spelling safely; by
    sound, a few are (`Vocabulary._sounding_alike`).
    """
    if len(term) < 4 or not term.isalpha():
        return None
    return 88.0 if len(term) <= 5 else 80.0


@dataclass(frozen=True)
class Vocabulary:
    """Index terms with their document frequency, loaded once per service."""

    document_frequency: dict[str, int]
    surfaces: dict[str, str]
    turn_count: int
    english: list[str] = field(default_factory=list)
    # Whether a word no turn has is an everyday one (bot.search.ordinary_words), given the
    # library's words; without the table, every word is.
    ordinary: Ordinary = _every_word
    # What Chinese text is to the dictionary: "everyday", "name" or None (bot.search.ordinary_words).
    chinese_word: Callable[[str], str | None] = _no_word

    @classmethod
    def build(cls, rows: list[tuple[str, int, str, int]], turn_count: int, ordinary: Ordinary = _every_word,
              chinese_word: Callable[[str], str | None] = _no_word) -> "Vocabulary":
        return cls(
            document_frequency={term: df for term, df, _, _ in rows},
            surfaces={term: surface for term, _, surface, _ in rows if surface != term},
            turn_count=max(turn_count, 1),
            english=[term for term, _, _, is_cjk in rows if not is_cjk and term.isalpha()],
            ordinary=ordinary,
            chinese_word=chinese_word,
        )

    def is_name(self, term: str) -> bool:
        """A word no turn has and no everyday word either: a name or a term the library lacks."""
        return self.df(term) == 0 and not self._is_everyday(term)

    def _is_everyday(self, word: str) -> bool:
        return self.ordinary(word, lambda base: self.df(base) > 0)

    def df(self, term: str) -> int:
        return self.document_frequency.get(term, 0)

    def idf(self, df: int) -> float:
        """BM25's idf: never negative, largest for terms in one document (or none)."""
        n = self.turn_count
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def surface(self, term: str) -> str:
        return self.surfaces.get(term, term)

    def corrections(self, term: str) -> list[tuple[str, float]]:
        """Known words close to an unknown one: (term, similarity 0–1), best first; by spelling
        (`correction_cutoff`), else by sound (`_sounding_alike`)."""
        cutoff = correction_cutoff(term)
        if not self.english:
            return []
        found = process.extract(term, self.english, scorer=fuzz.ratio, limit=MAX_CORRECTIONS * 3,
                                score_cutoff=cutoff) if cutoff is not None else []
        if not found:
            return self._transposed(term) or self._sounding_alike(term)
        # Equal similarity: a typo keeps the word's start ("scall" → "scal", not "call"),
        # then the more common word.
        found.sort(key=lambda f: (f[1], _common_prefix(term, f[0]), self.df(f[0])), reverse=True)
        best = found[0][1]
        return [(word, score / 100) for word, score, _ in found[:MAX_CORRECTIONS] if score >= best - 5]

    def _transposed(self, term: str) -> list[tuple[str, float]]:
        """Known words one swap of neighbouring letters away ("wrod", "gtp", "lesosn" for "word",
        "gpt", "lesson"): the commonest typo, two edits to the ratio, too many for a short word.
        Only for a word that is no everyday one: "clam" is no misspelling of "calm"."""
        if len(term) < 3 or not term.isalpha() or self._is_everyday(term):
            return []
        swapped = {term[:i] + term[i + 1] + term[i] + term[i + 2:] for i in range(len(term) - 1)} - {term}
        known = sorted((word for word in swapped if self.df(word) > 0), key=self.df, reverse=True)
        return [(word, TRANSPOSED_SIMILARITY) for word in known[:MAX_CORRECTIONS]]

    def _sounding_alike(self, term: str) -> list[tuple[str, float]]:
        """Known words written as `term` sounds ("lekun", "yan", "lawz" for "lecun", "yann", "laws"),
        where the ratio found none: one letter of a short word is too much for it, but not the
        same sound. Only for a word that is no everyday one (a misspelled name or term)."""
        key = sound_key(term)
        # Not an everyday word: "kite" is no misspelling of "cite", nor "sky" of "ski".
        if len(key) < 3 or not term.isalpha() or self._is_everyday(term):
            return []
        # Of about the same length: "aaaaaaaa" sounds like "a" once its letters are run together.
        alike = sorted((word for word in self._by_sound.get(key, ()) if abs(len(word) - len(term)) <= 1 and word != term),
                       key=self.df, reverse=True)
        return [(word, SOUND_ALIKE_SIMILARITY) for word in alike[:MAX_CORRECTIONS]]

    @cached_property
    def _by_sound(self) -> dict[str, list[str]]:
        by_sound: dict[str, list[str]] = {}
        for word in self.english:
            by_sound.setdefault(sound_key(word), []).append(word)
        return by_sound


def sound_key(word: str) -> str:
    """`word` as it sounds, roughly: k, q as c; z as s; y as i; ph as f; doubled letters once."""
    return _DOUBLED.sub(r"\1", word.replace("ph", "f").replace("ck", "k").translate(_SOUND_LETTERS))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return min(n, 3)
