"""The entry points: a file (or its bytes) in any known format -> a `ParsedTranscript`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from bot.transcripts.asr_json import parse_assemblyai, parse_deepgram, parse_whisperx
from bot.transcripts.assemble import assemble
from bot.transcripts.detect import detect
from bot.transcripts.html_transcript import parse_html
from bot.transcripts.markdown import parse_markdown
from bot.transcripts.model import Cue, ParsedTranscript
from bot.transcripts.otter import parse_otter
from bot.transcripts.podcast_json import parse_podcast_json
from bot.transcripts.source import decode, read_bytes
from bot.transcripts.speakers import SpeakerMap
from bot.transcripts.subrip import parse_srt
from bot.transcripts.vtt import parse_vtt

Parser = Callable[..., tuple[list[Cue], dict[str, object]]]
PARSERS: dict[str, Parser] = {
    "podcast-json": parse_podcast_json,
    "whisperx": parse_whisperx,
    "assemblyai": parse_assemblyai,
    "deepgram": parse_deepgram,
    "webvtt": parse_vtt,
    "srt": parse_srt,
    "html": parse_html,
    "markdown": parse_markdown,
    "otter": parse_otter,
}
FORMATS = tuple(PARSERS)


def read_transcript(
    path: Path | str, speakers: SpeakerMap | Mapping[str, str] | None = None
) -> ParsedTranscript:
    """Parse the file at `path`; messages name it as given."""
    return parse_transcript(read_bytes(path), str(path), speakers)


def parse_transcript(
    data: bytes | str,
    source: str = "<transcript>",
    speakers: SpeakerMap | Mapping[str, str] | None = None,
) -> ParsedTranscript:
    """Parse a transcript whose format is recognised from `data` itself.

    `speakers` renames labels (a plain mapping matches ignoring case; pass a `SpeakerMap` with
    `ignore_case=False` for exact matching). Raises `TranscriptError` for anything wrong.
    """
    text = decode(data, source)
    fmt, payload = detect(text, source)
    cues, metadata = PARSERS[fmt](payload, source)
    return assemble(source, fmt, metadata, cues, SpeakerMap.of(speakers))
