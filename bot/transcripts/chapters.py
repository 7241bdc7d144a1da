"""Chapters: Podcasting 2.0 chapters JSON, or YouTube-style `00:00 Title` lines.

JSON: `{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, ...]}`; a
chapter with `"toc": false` is hidden from the table of contents by the spec (it only
changes artwork) and is left out. Lines: `0:00 Intro`, `1:02:03 - Title`, `(12:30) Title`,
`[12:30] Title`; other lines (the rest of a video description) are ignored, and the times
must go up, as YouTube requires.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.transcripts import json_fields
from bot.transcripts.model import Chapter, TranscriptError
from bot.transcripts.source import decode, load_json, read_bytes
from bot.transcripts.timecode import TIMECODE, format_timecode, parse_timecode

# An optional bullet, the time (maybe in brackets), an optional separator, the title.
_LINE = re.compile(
    rf"\s*(?:[-*•]\s*)?[\[(]?(?P<time>{TIMECODE})[\])]?(?:\s*[-–—:|]?\s+(?P<title>\S.*?))?\s*"
)


def read_chapters(path: Path | str) -> tuple[Chapter, ...]:
    return parse_chapters(read_bytes(path), str(path))


def parse_chapters(data: bytes | str, source: str = "<chapters>") -> tuple[Chapter, ...]:
    text = decode(data, source)
    if text.lstrip()[:1] == "{":
        return _from_json(load_json(text, source), source)
    return _from_lines(text, source)


def _from_json(data: object, source: str) -> tuple[Chapter, ...]:
    if not isinstance(data, dict) or "chapters" not in data:
        raise TranscriptError(source, 'not a chapters file: expected {"chapters": [...]}')
    chapters = []
    for index, item in enumerate(json_fields.items(data["chapters"], "chapters", source)):
        if item.get("toc") is False:
            continue
        where = f"chapters[{index}]"
        start = json_fields.number(item, "startTime", where, source)
        if start is None:
            raise TranscriptError(source, f'{where}: "startTime" is missing')
        chapters.append(Chapter(start, " ".join(json_fields.text(item, "title", where, source).split())))
    if not chapters:
        raise TranscriptError(source, "no chapters found")
    return tuple(sorted(chapters, key=lambda c: c.start_seconds))  # the spec does not order them


def _from_lines(text: str, source: str) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    for number, line in enumerate(text.split("\n"), 1):
        match = _LINE.fullmatch(line)
        start = parse_timecode(match["time"]) if match else None
        if start is None:
            continue  # description text around the chapter list
        if not match["title"]:
            raise TranscriptError(source, f"chapter at {match['time']} has no title", number)
        if chapters and start <= chapters[-1].start_seconds:
            raise TranscriptError(
                source,
                f"chapter at {match['time']} does not start after the one before "
                f"({format_timecode(chapters[-1].start_seconds)})",
                number,
            )
        chapters.append(Chapter(start, match["title"], number))
    if not chapters:
        raise TranscriptError(source, "no chapters found; expected lines like `00:00 Introduction`")
    return tuple(chapters)
