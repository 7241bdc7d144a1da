"""Where a quotation sits in a text, allowing for a speech transcript's wording: the quote check's aligner.

Both sides are compared as plain characters (`Normalized`): lower case, no punctuation, and
for Chinese no spaces either, with each character's offset in the original kept so the
match can be shown in bold. Characters, not words, because the automatic transcript splits
and merges words ("over a state's case" for "overstated", "band with" for "bandwidth").

The cost of fitting a quotation to a stretch of text is asymmetric: a quotation character
the text lacks costs 1, a text character the quotation leaves out costs only `EXTRA_COST`.
Speech holds words a clean quotation drops ("that that", "like a", "I think"), but a stretch
may not swallow whole clauses for free, or any long passage would "contain" any quotation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

# Of 0.2, 0.3 and 0.5, the one that set the tune split's said and not-said sentences furthest
# apart (bot/search/quote_check.py has the figures).
EXTRA_COST = 0.5
# How far the aligned stretch's edges may move from where the fixed-length first guess put
# them, as a share of the quotation's length: the transcript may say it with more or fewer words.
_EDGE_SLACK = (0.5, 0.25)  # outward, inward
_MAX_EDGES = 48  # candidate positions per edge: bounds the cost of a long Chinese quotation
_ROUNDS = 2  # passes over the start, then the end edge
_APOSTROPHES = "'’‘`"


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text's comparable characters and, for each, its offset in the original text."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span that characters `start:end` of `text` came from."""
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True, slots=True)
class Alignment:
    similarity: float  # 0–100: 100 is every quotation character present, in order, with nothing extra
    start: int  # the aligned stretch of the normalized text
    end: int


def normalize(text: str, *, spaced: bool) -> Normalized:
    """Letters and digits in lower case; `spaced` keeps one space between words (English),
    otherwise everything but letters and digits goes (Chinese has no spaces to compare)."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, original in enumerate(text):
        if original in _APOSTROPHES:  # "state's" and "states", "that's" and "thats" are one word
            continue
        for ch in unicodedata.normalize("NFKC", original).lower():
            if ch.isalnum():
                chars.append(ch)
                offsets.append(index)
            elif spaced and chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return Normalized("".join(chars), tuple(offsets))


def first_guess(quotation: str, text: str) -> float:
    """A fast, rough score (rapidfuzz partial_ratio) to pick the texts worth aligning closely."""
    if not quotation or not text:
        return 0.0
    if len(text) <= len(quotation):  # partial_ratio would fit the short text inside the quotation
        return fuzz.ratio(quotation, text)
    return fuzz.partial_ratio(quotation, text)


def align(quotation: str, text: str, *, spaced: bool) -> Alignment:
    """The stretch of `text` (starting and ending at word edges when `spaced`) that fits
    `quotation` best, found around rapidfuzz's fixed-length first guess."""
    size = len(quotation)
    if not size or not text:
        return Alignment(0.0, 0, 0)
    if len(text) > size:
        guess = fuzz.partial_ratio_alignment(quotation, text)
        start, end = guess.dest_start, guess.dest_end
    else:
        start, end = 0, len(text)
    out, inward = int(size * _EDGE_SLACK[0]), int(size * _EDGE_SLACK[1])
    starts = _edges(text, range(max(0, start - out), min(len(text), start + inward) + 1), spaced, at_start=True)
    ends = _edges(text, range(max(0, end - inward), min(len(text), end + out) + 1), spaced, at_start=False)
    # Each edge in turn, the other held: a few dozen comparisons instead of every pair of edges,
    # and the same stretch on the tune split (the score rises smoothly towards the best edges).
    best = _scored(quotation, text, start, end)
    for _ in range(_ROUNDS):
        best = max((_scored(quotation, text, s, best.end) for s in starts), key=_by_similarity, default=best)
        best = max((_scored(quotation, text, best.start, e) for e in ends), key=_by_similarity, default=best)
    return best


def _scored(quotation: str, text: str, start: int, end: int) -> Alignment:
    return Alignment(_similarity(quotation, text[start:end]) if end > start else 0.0, start, end)


def _by_similarity(alignment: Alignment) -> float:
    return alignment.similarity


def _similarity(quotation: str, stretch: str) -> float:
    common = LCSseq.similarity(quotation, stretch)
    cost = (len(quotation) - common) + EXTRA_COST * (len(stretch) - common)
    return max(0.0, 100.0 * (1 - cost / len(quotation)))


def _edges(text: str, positions: range, spaced: bool, *, at_start: bool) -> list[int]:
    """Positions in `positions` where a stretch may start (or end): word edges when `spaced`;
    at most `_MAX_EDGES` of them, evenly spread."""
    if not spaced:
        found = list(positions)
    elif at_start:  # else the guess fell inside one long word: its edge
        found = [p for p in positions if p == 0 or text[p - 1] == " "] or [text.rfind(" ", 0, positions.start) + 1]
    else:
        after = text.find(" ", positions.stop - 1)
        found = [p for p in positions if p == len(text) or text[p] == " "] or [len(text) if after < 0 else after]
    return found[::max(1, -(-len(found) // _MAX_EDGES))]
