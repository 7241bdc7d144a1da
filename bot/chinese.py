"""Simplified ⇄ Traditional Chinese conversion (OpenCC), shared by search and rendering."""

from __future__ import annotations

from functools import lru_cache

import opencc

# Taiwan-phrase profiles convert vocabulary too (網路 ⇄ 网络, 軟體 ⇄ 软件), which is what
# a reader of each script expects, and they map queries typed either way to one form.
_TO_SIMPLIFIED = opencc.OpenCC("tw2sp")
_TO_TRADITIONAL = opencc.OpenCC("s2twp")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional (or mixed) Chinese → Simplified; other scripts pass through unchanged."""
    return _TO_SIMPLIFIED.convert(text)


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Simplified Chinese → Traditional (Taiwan usage); other scripts pass through unchanged."""
    return _TO_TRADITIONAL.convert(text)
