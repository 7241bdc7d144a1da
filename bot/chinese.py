"""Simplified ⇄ Traditional Chinese conversion (OpenCC), shared by search and rendering."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Queries: the Taiwan-phrase profile also maps vocabulary (網路 → 网络, 軟體 → 软件), so a
# query typed either way meets the Simplified corpus in one form.
_TO_SIMPLIFIED = opencc.OpenCC("tw2sp")
# Display: characters only (Taiwan standard forms). The phrase profile rewrites words with
# a different sense here (扩展 "scaling" → 擴充套件 "software extension"), so it is not used.
_TO_TRADITIONAL = opencc.OpenCC("s2tw")
# The interface text is ours and reviewed, so it can take Taiwan vocabulary (搜尋, 點選).
_TO_TRADITIONAL_PHRASES = opencc.OpenCC("s2twp")
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
def to_traditional(text: str) -> str:
    """Simplified Chinese → Traditional (Taiwan characters); other scripts pass through unchanged."""
    converted = _TO_TRADITIONAL.convert(text)
    for pattern, replacement in _DISPLAY_FIXES:
        converted = pattern.sub(replacement, converted)
    return converted


def to_traditional_phrases(text: str) -> str:
    """Simplified → Traditional with Taiwan vocabulary: for reviewed interface text only."""
    return _TO_TRADITIONAL_PHRASES.convert(text)
