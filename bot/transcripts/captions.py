"""What SRT and WebVTT share: `Name:` at the start of a cue, cue line numbers, markup."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.transcripts.speakers import looks_like_name

# `Name: text` at the start of a cue. `lead` is stray punctuation a captioner left before the
# name (". Joan: So I did go..." in Virtual Coffee 3_4); it is allowed only before a name the
# file uses cleanly elsewhere, so that a sentence fragment is not taken for a speaker.
_LABEL = re.compile(r"(?P<lead>[^\w\s]{1,3}\s*)?(?P<name>[^:\n]{1,40}?)\s*:(?:\s+|$)(?P<rest>.*)", re.S)
_REACH = 50  # a label's colon is this near the start of the cue, or there is no label
_TIMING_LINE = re.compile(r"\s*\d+(?::\d{1,2}){1,2}[.,]\d+\s*-->")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|\{\\[^}]*\}")  # <i>, <font ...>, {\an8}


def known_labels(first_lines: Sequence[str]) -> set[str]:
    """Labels written cleanly at the start of some cue (case-folded)."""
    known = set()
    for line in first_lines:
        match = _LABEL.match(line) if ":" in line[:_REACH] else None
        if match and not match["lead"] and looks_like_name(match["name"]):
            known.add(match["name"].casefold())
    return known


def split_label(text: str, known: set[str]) -> tuple[str | None, str]:
    """(`Name`, rest) if the cue text starts with a speaker label, else (None, text)."""
    if ":" not in text[:_REACH]:  # the cheap common case: a caption that goes on
        return None, text
    match = _LABEL.match(text)
    if not match or not looks_like_name(match["name"]):
        return None, text
    if match["lead"] and match["name"].casefold() not in known:
        return None, text
    return match["name"], match["rest"]


def timing_lines(text: str) -> list[int]:
    """1-based line numbers of the cue timing lines (`00:00:01,000 --> ...`), in order."""
    return [n for n, line in enumerate(text.split("\n"), 1) if _TIMING_LINE.match(line)]


def strip_markup(text: str) -> str:
    return _TAG.sub("", text)
