"""Plain-text utilities shared by search, replies and the command line: no Telegram, no HTML.

User input is cleaned here (`clean_query`); corpus text is cut into parts (`split_text`),
shortened (`shorten`) and excerpted around a match (`excerpt`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_CHARS = 300  # longer input is cut: nobody types more, and search cost grows with it
_QUOTE_PAIRS = {'""', "''", "“”", "‘’", "「」", "『』", "«»", "„“"}
_MAX_WORD = 30  # a cut inside a longer "word" (a URL) moves back inside the excerpt instead
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # pasted from a terminal: colour codes
_ZERO_WIDTH_JOINER = "\u200d"  # invisible, but it holds emoji sequences (👨‍👩‍👧) together
_STRAY_JOINER = re.compile(r"(?<![^\w\s])\u200d|\u200d(?![^\w\s])")  # one not between two symbols


def clean_query(text: str | None) -> str:
    """User words fit to search and to echo: no control or invisible format characters
    (RTL overrides, zero-width), whitespace collapsed, length bounded."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in _TERMINAL_ESCAPE.sub("", text or "")
        if ch == _ZERO_WIDTH_JOINER or unicodedata.category(ch) not in ("Cf", "Co", "Cs")
    )
    words = " ".join(_STRAY_JOINER.sub("", kept).split())[:MAX_QUERY_CHARS]
    # "the bitter lesson" in quotes is the same search, and echoing it gave “"the bitter lesson"”.
    if len(words) > 2 and words[0] + words[-1] in _QUOTE_PAIRS and words[-1] not in words[1:-1]:
        words = words[1:-1].strip()
    return words


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut (at a word end where there is one)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    word_end = cut.rfind(" ")
    if word_end > limit // 2 and cut[word_end - 1].isascii():
        cut = cut[:word_end]
    return cut.rstrip(" ,;:") + "…"


# ----------------------------------------------------------------- parts of a long text


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into parts of at most `limit` characters, at paragraph, sentence or word ends."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _last_break(rest[:limit])
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*parts, rest] if rest or not parts else parts


def _last_break(window: str) -> int:
    """Index just after the best place to cut `window`: paragraph, sentence, word, else hard."""
    for pattern in (r"\n", r"[.!?。！？；;](?=\s|$)|[。！？；]", r"[\s，、,]"):
        ends = [m.end() for m in re.finditer(pattern, window)]
        if ends and ends[-1] > len(window) // 2:
            return ends[-1]
    return len(window)


def part_holding(text: str, offset: int, limit: int) -> int:
    """Which part of `split_text(text, limit)` contains character `offset`."""
    consumed = 0
    for index, part in enumerate(split_text(text, limit)):
        consumed = text.find(part, consumed) + len(part)
        if offset < consumed:
            return index
    return 0


# ----------------------------------------------------------------- Chinese punctuation


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
_PUNCTUATION_BY_CJK = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})")


@lru_cache(maxsize=4096)  # the texts are the corpus's turns, rendered again for every list
def chinese_punctuation(text: str) -> str:
    """ASCII , ; : ? ! next to Chinese characters → full width, as the edited article writes them.

    The machine translation mixes both; one character for one keeps search spans valid."""
    return _PUNCTUATION_BY_CJK.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)


# ----------------------------------------------------------------- excerpts around a match


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A window of a text: the words before the match, the match, the words after (with …)."""

    before: str
    match: str
    after: str

    def plain(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def excerpt(text: str, span: tuple[int, int] | None, context: tuple[int, int], joiner: str = " ") -> Excerpt:
    """The `span` of `text` with `context` (characters before, after), cut off mid-word never.

    Without a valid span, the text's start. Line breaks become `joiner` (Chinese joins with "")."""
    start, end = span if span and 0 <= span[0] < span[1] <= len(text) else (0, 0)
    left = _word_boundary(text, max(0, start - context[0]), -1)
    right = _word_boundary(text, min(len(text), max(end, start) + context[1]), 1)
    before, match, after = (piece.replace("\n", joiner) for piece in (text[left:start], text[start:end], text[end:right]))
    if left > 0:
        before = "…" + before.lstrip()
    if right < len(text):
        after = after.rstrip() + "…"
    return Excerpt(before, match, after)


def _is_latin_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'-’") or ch.isalpha() and ord(ch) < 0x2E80


def _word_boundary(text: str, cut: int, direction: int) -> int:
    """`cut` moved off the middle of a Latin word: outward to the word's edge (so "ChatGPT"
    stays whole), or inward past it when the word is very long. Chinese cuts stay."""
    if cut <= 0 or cut >= len(text) or not (_is_latin_word_char(text[cut - 1]) and _is_latin_word_char(text[cut])):
        return cut
    outward = cut
    while 0 < outward < len(text) and _is_latin_word_char(text[outward - 1]) and _is_latin_word_char(text[outward]):
        outward += direction
        if abs(outward - cut) > _MAX_WORD:
            break
    else:
        return outward
    inward = cut
    while 0 < inward < len(text) and _is_latin_word_char(text[inward - 1]) and _is_latin_word_char(text[inward]):
        inward -= direction
    return inward
