"""Otter.ai text exports: `Name  0:05` (two spaces, then the time) on its own line, then the text.

Otter writes `Speaker 1` for a voice nobody named; those labels must be named by the map
when the file names nobody else.
"""

from __future__ import annotations

import re

from bot.transcripts.model import Cue
from bot.transcripts.speaker_lines import Mark, cues_from_lines
from bot.transcripts.timecode import TIMECODE, parse_timecode

# Two or more spaces (or a tab) before the time: one space would also match a sentence
# ending in a clock time ("we met at 10:30").
_HEADING = re.compile(rf"(?P<name>\S.{{0,59}}?)(?: {{2,}}|\t)(?P<time>{TIMECODE})\s*")


def recognise_otter(text: str) -> bool:
    """The first non-blank line is an Otter speaker heading (as every Otter export starts)."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    return _heading(first) is not None


def parse_otter(text: str, source: str) -> tuple[list[Cue], dict[str, object]]:
    lines = text.split("\n")
    return cues_from_lines(lines, [_heading(line) for line in lines]), {}


def _heading(line: str) -> Mark | None:
    match = _HEADING.fullmatch(line.rstrip())
    if match is None:
        return None
    start = parse_timecode(match["time"])
    return Mark(speaker=match["name"].strip(), start=start) if start is not None else None
