"""WebVTT captions (the `webvtt-py` package): voice tags `<v Name>`, or `Name:` as Zoom writes.

webvtt-py keeps the first voice of a cue (`Caption.voice`) and strips tags from `Caption.text`,
but leaves character references (`&amp;`) and reports no line numbers; both are done here. A
cue without a voice goes on with the previous speaker, as in the Podcasting 2.0 example.
"""

from __future__ import annotations

import html
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from bot.transcripts.captions import known_labels, split_label, timing_lines
from bot.transcripts.model import Cue, TranscriptError
from bot.transcripts.timecode import parse_timecode

# A cue timing line as the spec writes it; webvtt-py silently skips a cue whose line is off.
_TIMING = re.compile(r"\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s.*)?")


def parse_vtt(text: str, source: str) -> tuple[list[Cue], dict[str, object]]:
    if not text.startswith("WEBVTT"):
        raise TranscriptError(source, "a WebVTT file must start with `WEBVTT` on its first line", 1)
    _check_timings(text, source)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise TranscriptError(source, f"malformed WebVTT: {error}") from None
    lines = [n + 1 for n in timing_lines(text)]  # the cue's first text line
    if len(lines) != len(captions):
        lines = [None] * len(captions)
    texts = [html.unescape(" ".join(c.text.split("\n"))).strip() for c in captions]
    voiced = any(c.voice for c in captions)
    # `Name:` is read as a label only in files without voice tags (Zoom's way of naming).
    known = set() if voiced else known_labels(texts)
    cues = []
    for caption, body, line in zip(captions, texts, lines, strict=True):
        speaker = caption.voice.strip() if caption.voice else None
        if not voiced:
            speaker, body = split_label(body, known)
        cues.append(Cue(body, speaker, parse_timecode(caption.start), line, paragraph=False))
    return cues, {}


def _check_timings(text: str, source: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        if "-->" in line and not _TIMING.fullmatch(line):
            reason = f"broken WebVTT cue timing {line.strip()!r}: expected `HH:MM:SS.mmm --> HH:MM:SS.mmm`"
            raise TranscriptError(source, reason, number)
