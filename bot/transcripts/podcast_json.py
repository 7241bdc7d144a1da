"""Podcasting 2.0 JSON transcripts: `{"version", "segments": [{speaker, startTime, endTime, body}]}`.

Segments may be as small as one word (the spec's example), so consecutive segments of one
speaker are joined with spaces; a body ending in a line break ends a paragraph. A segment
without a speaker goes on with the previous one's.
"""

from __future__ import annotations

from bot.transcripts import json_fields
from bot.transcripts.model import Cue, TranscriptError


def parse_podcast_json(data: dict, source: str) -> tuple[list[Cue], dict[str, object]]:
    segments = json_fields.items(data.get("segments"), "segments", source)
    if not segments:
        raise TranscriptError(source, '"segments" is empty')
    cues = []
    paragraph = True
    for index, segment in enumerate(segments):
        where = f"segments[{index}]"
        body = json_fields.text(segment, "body", where, source)
        speaker = json_fields.label(segment, "speaker", where, source)
        start = json_fields.number(segment, "startTime", where, source)
        cues.append(Cue(body.strip(), speaker, start, paragraph=paragraph))
        paragraph = body.endswith("\n")
    metadata = {"version": data["version"]} if "version" in data else {}
    return cues, metadata
