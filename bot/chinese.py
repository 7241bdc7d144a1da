"""Simplified ⇄ Traditional Chinese conversion (OpenCC), shared by search and rendering."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

# Queries: the Taiwan-phrase profile also maps vocabulary (網路 → 网络, 軟體 → 软件), so a
# query typed either way meets the Simplified corpus in one form.
_TO_SIMPLIFIED = opencc.OpenCC("tw2sp")
# ... but the phrase table also rewrites words that mainland text writes the same way
# (向量 "vector" → 矢量), even in a Simplified query: characters only, for search to choose
# whichever form the corpus has (bot.search.query).
_TO_SIMPLIFIED_CHARS = opencc.OpenCC("t2s")
# Display: Taiwan vocabulary (网络 → 網路, 数据 → 資料, 芯片 → 晶片), for corpus and interface
# alike, so a reply uses one word for one thing. Where the phrase table is wrong for this text
# (扩展 "scaling" → 擴充套件 "software extension") or leaves a mainland word (计算机), the
# reviewed exceptions in chinese_exceptions.toml decide, each with its reason.
_TO_TRADITIONAL = opencc.OpenCC("s2twp")
# Characters only, in Taiwan's forms (s2tw): for words a reader typed or a name, whose words
# are not ours to change (保存 stays 保存; s2twp would make it 儲存).
_TO_TRADITIONAL_CHARS = opencc.OpenCC("s2tw")
EXCEPTIONS_FILE = Path(__file__).with_name("chinese_exceptions.toml")


@dataclass(frozen=True, slots=True)
class DisplayException:
    """One reviewed exception to s2twp (see chinese_exceptions.toml)."""

    simplified: str  # as stored; converted as a whole, longest match first
    traditional: str  # what a Taiwan reader sees instead
    reason: str
    example: str  # Simplified text on which plain s2twp gives `s2twp`
    s2twp: str


def load_exceptions(path: Path = EXCEPTIONS_FILE) -> tuple[DisplayException, ...]:
    with path.open("rb") as file:
        entries = tomllib.load(file).get("phrase", [])
    loaded = []
    for number, entry in enumerate(entries, start=1):
        missing = [k for k in ("simplified", "traditional", "s2twp", "reason") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path.name}: [[phrase]] #{number} lacks {', '.join(missing)}")
        loaded.append(DisplayException(entry["simplified"], entry["traditional"], entry["reason"],
                                       entry.get("example", entry["simplified"]), entry["s2twp"]))
    if len({e.simplified for e in loaded}) < len(loaded):
        raise ValueError(f"{path.name}: a [[phrase]] is listed twice")
    return tuple(loaded)


_EXCEPTIONS = {e.simplified: e.traditional for e in load_exceptions()}
_EXCEPTION_PATTERN = re.compile("|".join(map(re.escape, sorted(_EXCEPTIONS, key=len, reverse=True))) or r"(?!)")
# Quotation marks as Taiwan writes them: 「」 outside, 『』 inside. A ’ between two Latin
# letters or digits is an apostrophe (LeCun’s) and stays.
_TAIWAN_QUOTES = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_QUOTE_MARK = re.compile(r"[“”‘]|(?<![A-Za-z0-9])’|’(?![A-Za-z0-9])")
# Where OpenCC's phrase table splits words wrongly, checked against the whole corpus:
_DISPLAY_FIXES = (
    # 个中 read as 箇中 ("therein") even inside 一个中等 ("a medium-sized"): after a numeral
    # or demonstrative, 个 is the measure word 個.
    (re.compile(r"(?<=[一二两兩三四五六七八九十几幾这這那每某整半])箇"), "個"),
    # 此系 read as 此係 ("this is") inside 因此系统 ("so the system"): 係統 is no word.
    (re.compile(r"係統"), "系統"),
)


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional (or mixed) Chinese → Simplified; other scripts pass through unchanged."""
    return _TO_SIMPLIFIED.convert(text)


@lru_cache(maxsize=4096)
def to_simplified_chars(text: str) -> str:
    """Traditional → Simplified characters, no vocabulary change (軟體 → 软体, 向量 stays)."""
    return _TO_SIMPLIFIED_CHARS.convert(text)


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Simplified Chinese → Traditional as read in Taiwan: its characters, its vocabulary (with
    the reviewed exceptions) and 「」 quotes. Other scripts pass through unchanged."""
    return _convert(text)


@lru_cache(maxsize=4096)
def to_traditional_chars(text: str) -> str:
    """Simplified → Traditional characters as written in Taiwan, no vocabulary change."""
    return _TO_TRADITIONAL_CHARS.convert(text)


def to_traditional_phrases(text: str) -> str:
    """The interface catalog's conversion: the same as the corpus's, so a reply has one vocabulary."""
    return to_traditional(text)


@lru_cache(maxsize=4096)  # called per rendered snippet
def to_traditional_excerpt(before: str, match: str, after: str) -> tuple[str, str, str]:
    """`to_traditional` of a text cut in three (an excerpt: before, match, after), the cuts
    moved outwards where the whole converts otherwise: a word OpenCC converts as one is not
    halved (计算|机 would read 計算|機, the mainland word) but joins the match (電腦).
    Joined, the three pieces are always `to_traditional(before + match + after)`."""
    text = before + match + after
    whole = _convert(text)
    # Each cut is judged by the characters around it (fast); should a longer phrase defeat
    # that, by the whole text.
    for context in (_CUT_CONTEXT, len(text)):
        start = _clean_cut(text, len(before), -1, context)
        end = start + _clean_cut(text[start:], len(before) + len(match) - start, 1, context)
        pieces = _convert(text[:start]), _convert(text[start:end]), _convert(text[end:])
        if "".join(pieces) == whole:
            break
    return pieces


_CUT_CONTEXT = 12  # characters each side of a cut: more than the longest phrase it could split


def _clean_cut(text: str, at: int, step: int, context: int) -> int:
    """The position nearest `at` (moving by `step`) where cutting `text` changes no conversion."""
    while 0 < at < len(text):
        left, right = text[max(at - context, 0) : at], text[at : at + context]
        if _convert(left) + _convert(right) == _convert(left + right):
            break
        at += step
    return at


def _convert(text: str) -> str:
    parts, done = [], 0
    for found in _EXCEPTION_PATTERN.finditer(text):
        parts += [_TO_TRADITIONAL.convert(text[done : found.start()]), _EXCEPTIONS[found.group()]]
        done = found.end()
    parts.append(_TO_TRADITIONAL.convert(text[done:]))
    converted = "".join(parts)
    for pattern, replacement in _DISPLAY_FIXES:
        converted = pattern.sub(replacement, converted)
    return _QUOTE_MARK.sub(lambda mark: _TAIWAN_QUOTES[mark.group()], converted)
