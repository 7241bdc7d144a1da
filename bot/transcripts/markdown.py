"""Markdown/text transcripts with speaker headings, as Lenny's Podcast publishes them.

Optional YAML front matter (title, publish_date, youtube_url, guest, ...), `# headings`
(skipped; the first is the title if the front matter has none), then any mix of:

- `Name (HH:MM:SS):` alone on a line: a speaker's turn starts; its text is on the next lines
  (the colon is sometimes missing: "Claire Butler (01:00:03)");
- `(HH:MM:SS):` alone: a new paragraph of the same speaker;
- `Name:` alone on a line: a turn without a time;
- `[HH:MM:SS] Name: text` and `[HH:MM:SS] text`: the same, written on one line;
- `Name: text` (or `**Name:** text`): a turn starting on a line. Where the file marks its
  turns in one of the ways above, only a name used there counts, so that "Two is: ..." in
  someone's answer is not a speaker; in a file of only such lines the name must look like one.
"""

from __future__ import annotations

import re

from bot.transcripts.front_matter import split_front_matter
from bot.transcripts.model import Cue
from bot.transcripts.speaker_lines import Mark, cues_from_lines
from bot.transcripts.speakers import looks_like_name
from bot.transcripts.timecode import TIMECODE, parse_timecode

_HEADING = re.compile(rf"(?P<name>[^()\s].{{0,59}}?)\s+\((?P<time>{TIMECODE})\):?\s*")
_TIMESTAMP = re.compile(rf"\((?P<time>{TIMECODE})\):?\s*")
_BRACKETED = re.compile(rf"\[(?P<time>{TIMECODE})\]\s+(?:(?P<name>[^:\[\]]{{1,40}}):\s+)?(?P<text>.*)")
_INLINE = re.compile(r"(?:\*\*)?(?P<name>[^:*\s][^:*]{0,39}?)(?::\*\*|\*\*:|:)(?:\s+(?P<text>.*)|\s*)")
_TITLE = re.compile(r"#{1,6}\s+(?P<title>.*)")
_SKIP = Mark(skip=True)
_HEADING_LENGTH = 80  # a line alone that marks a turn is short; long lines are only speech


def parse_markdown(text: str, source: str) -> tuple[list[Cue], dict[str, object]]:
    lines = text.split("\n")
    metadata, body_start = split_front_matter(lines, source)
    body = lines[body_start:]
    titles = [m["title"].strip() for line in body if line[:1] == "#" and (m := _TITLE.fullmatch(line))]
    if titles and "title" not in metadata:
        metadata["title"] = titles[0]
    return cues_from_lines(body, _marks(body), body_start + 1), metadata


def recognise_markdown(text: str) -> bool:
    """Front matter, or at least one line that marks a speaker or a timed paragraph."""
    lines = text.split("\n")
    return lines[0].strip() == "---" or any(mark and not mark.skip for mark in _marks(lines))


def _marks(lines: list[str]) -> list[Mark | None]:
    # Stripped: a heading indented by a stray space (" Adam Grant (00:01:19):") is one still.
    marks = [_structural(line.strip()) for line in lines]
    # Names used in headings (case-folded): the only ones an inline `Name: text` may use.
    known = {mark.speaker.casefold() for mark in marks if mark is not None and mark.speaker}
    for index, line in enumerate(lines):
        if marks[index] is None and ":" in line[:_HEADING_LENGTH]:
            marks[index] = _inline(line.strip(), known)
    return marks


def _inline(line: str, known: set[str]) -> Mark | None:
    match = _INLINE.fullmatch(line)
    if not match or not match["text"]:
        return None
    name = match["name"].strip()
    if (name.casefold() in known) if known else looks_like_name(name):
        return Mark(speaker=name, text=match["text"].strip())
    return None


def _structural(line: str) -> Mark | None:
    if line[:1] == "#":
        return _SKIP if _TITLE.fullmatch(line) else None
    if line[:1] == "[":
        return _bracketed(line)
    if len(line) > _HEADING_LENGTH or not line.endswith((")", "):", ":")):
        return None
    if match := _HEADING.fullmatch(line):
        return Mark(speaker=match["name"].strip(), start=parse_timecode(match["time"]))
    if match := _TIMESTAMP.fullmatch(line):
        return Mark(start=parse_timecode(match["time"]))
    if (match := _INLINE.fullmatch(line)) and not match["text"] and looks_like_name(match["name"].strip()):
        return Mark(speaker=match["name"].strip())
    return None


def _bracketed(line: str) -> Mark | None:
    """`[00:01:02] Name: text` or `[00:01:02] text`."""
    match = _BRACKETED.fullmatch(line)
    if match is None:
        return None
    name = match["name"].strip() if match["name"] else None
    if name and not looks_like_name(name):
        name = None
    text = match["text"] if name else line.split("]", 1)[1]
    return Mark(speaker=name, start=parse_timecode(match["time"]), text=text.strip())
