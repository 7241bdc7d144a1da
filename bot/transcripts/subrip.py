"""SRT captions (the `srt` package) with `Name:` where a speaker starts; later cues go on.

Podcasting 2.0 and Virtual Coffee write SRT this way: a cue that starts a turn begins with
`Name:`, the cues after it continue that speaker, captions wrap mid-sentence across cues.
"""

from __future__ import annotations

import srt

from bot.transcripts.captions import known_labels, split_label, strip_markup, timing_lines
from bot.transcripts.model import Cue, TranscriptError


def parse_srt(text: str, source: str) -> tuple[list[Cue], dict[str, object]]:
    subtitles = _subtitles(text, source)
    # The turn's line is the cue's first text line (after its timing line), where `Name:` is.
    lines = [n + 1 for n in timing_lines(text)]
    if len(lines) != len(subtitles):  # a timing line inside a caption: give up on line numbers
        lines = [None] * len(subtitles)
    contents = [_lines(s.content) for s in subtitles]
    known = known_labels([content[0] for content in contents if content])
    cues = []
    for subtitle, content, line in zip(subtitles, contents, lines, strict=True):
        speaker, rest = split_label(" ".join(content), known)
        cues.append(Cue(rest, speaker, subtitle.start.total_seconds(), line, paragraph=False))
    return cues, {}


def _lines(content: str) -> list[str]:
    if "<" in content or "{" in content:
        content = strip_markup(content)
    return [line for line in content.split("\n") if line.strip()]


def _subtitles(text: str, source: str) -> list[srt.Subtitle]:
    try:
        return list(srt.parse(text))
    except srt.SRTParseError as error:
        # The srt package reports character offsets; the cue it could not read starts there.
        offset = error.expected_start + len(error.unmatched_content) - len(error.unmatched_content.lstrip())
        line = text.count("\n", 0, offset) + 1
        shown = error.unmatched_content.strip().split("\n")[:2]
        raise TranscriptError(
            source,
            f"broken SRT cue {' / '.join(shown)!r}: expected an index line, then "
            "`HH:MM:SS,mmm --> HH:MM:SS,mmm`, then the text",
            line,
        ) from None
