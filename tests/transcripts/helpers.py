"""Paths and small helpers shared by the transcript tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.transcripts import ParsedTranscript, TranscriptError, parse_transcript

# The real published transcripts live beside the repository, never inside it.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "transcripts"
EXAMPLES = SHARED / "podcast-namespace"
LENNY = SHARED / "lennys-podcast" / "episodes"
VIRTUAL_COFFEE = SHARED / "virtual-coffee" / "episodes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared(path: Path) -> Path:
    """`path` under ../shared/transcripts; a missing copy is a broken checkout, not a skip."""
    assert path.exists(), f"{path} is missing: the tests read the real transcripts from ../shared/transcripts"
    return path


def parse(text: str | bytes, source: str = "t", speakers: Mapping[str, str] | None = None) -> ParsedTranscript:
    return parse_transcript(text, source, speakers)


def error_of(text: str | bytes, source: str = "t", speakers: Mapping[str, str] | None = None) -> str:
    """The one-line message of the TranscriptError that parsing `text` raises."""
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, source, speakers)
    message = str(caught.value)
    assert "\n" not in message
    return message


def turns_of(transcript: ParsedTranscript) -> list[tuple[str, float | None, str]]:
    return [(t.speaker, t.start_seconds, t.text) for t in transcript.turns]
