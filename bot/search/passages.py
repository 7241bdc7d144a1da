"""A turn's displayed English and Chinese cut into passages of a few sentences, for embedding.

A whole turn (up to 4,500 characters) is one blurred vector that matches nothing well; a
passage of a few sentences is about one thing, so a query about that thing finds it. Each
language is cut on its own sentences, so a turn with only the Chinese article has passages
too, and a Chinese query can meet the Chinese words as well as the English meaning.
"""

from __future__ import annotations

import re

# About 70 model tokens each: two to four sentences. Measured on the tune split of
# tests/search/eval_users.toml (recall@3 of the vectors alone, on-topic queries): 480/160
# characters 88%, 250-350/85-120 91-92%, 700/230 87%, 1000/330 83%. Shorter passages are
# about one thing; much shorter ones (200/70: 91%) lose the context that says what it is.
ENGLISH_CHARS = 300
CHINESE_CHARS = 100
_ENGLISH_SENTENCE_END = re.compile(r"(?<=[.?!…])\s+|\n+")
_CHINESE_SENTENCE_END = re.compile(r"(?<=[。？！?!；;…])|\n+")
# Where an over-long sentence may be cut instead (the transcript has run-on sentences).
_ENGLISH_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|but|so|because|which)\s)")
_CHINESE_CLAUSE_END = re.compile(r"(?<=[，,、：:])")


def passages(en: str, zh: str) -> list[str]:
    """The passages of one turn: its English ones, then its Chinese ones (either may be empty)."""
    english = _pack(_pieces(en, _ENGLISH_SENTENCE_END, _ENGLISH_CLAUSE_END, ENGLISH_CHARS), ENGLISH_CHARS, " ")
    chinese = _pack(_pieces(zh, _CHINESE_SENTENCE_END, _CHINESE_CLAUSE_END, CHINESE_CHARS), CHINESE_CHARS, "")
    return english + chinese


def _pieces(text: str, sentence_end: re.Pattern, clause_end: re.Pattern, limit: int) -> list[str]:
    """Sentences, with any longer than `limit` cut at clauses and, failing that, at `limit`."""
    pieces: list[str] = []
    for sentence in _split(text, sentence_end):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        for clause in _split(sentence, clause_end):
            pieces.extend(_hard_cut(clause, limit))
    return pieces


def _pack(pieces: list[str], limit: int, joiner: str) -> list[str]:
    """Consecutive pieces joined while they fit in `limit` characters."""
    packed: list[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + len(joiner) + len(piece) <= limit:
            packed[-1] += joiner + piece
        else:
            packed.append(piece)
    return packed


def _split(text: str, boundary: re.Pattern) -> list[str]:
    return [part.strip() for part in boundary.split(text) if part and part.strip()]


def _hard_cut(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at a space where there is one."""
    cuts = []
    while len(text) > limit:
        space = text.rfind(" ", limit // 2, limit + 1)
        end = space if space > 0 else limit
        cuts.append(text[:end].strip())
        text = text[end:].strip()
    return [*cuts, text] if text else cuts
