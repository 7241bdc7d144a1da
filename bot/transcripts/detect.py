"""Which format a transcript is in, told from its content (never from the file name)."""

from __future__ import annotations

import re

from bot.transcripts.markdown import recognise_markdown
from bot.transcripts.model import TranscriptError
from bot.transcripts.otter import recognise_otter
from bot.transcripts.source import load_json

# An SRT file opens with a cue: its index line, then its timing line.
_SRT_START = re.compile(r"\d+[ \t]*\n[ \t]*\d+:\d{2}:\d{2}[,.]\d+[ \t]*-->")
_HTML_START = re.compile(r"<(?:!doctype|!--|[a-z][a-z0-9]*)\b", re.IGNORECASE)  # any tag first
KNOWN = (
    "Podcasting 2.0 JSON, WhisperX/AssemblyAI/Deepgram JSON, WebVTT, SRT, HTML (<cite>/<time>/<p>), "
    "Markdown with `Name (HH:MM:SS):` headings, Otter text"
)


def detect(text: str, source: str) -> tuple[str, object]:
    """(format name, what its parser reads: the decoded JSON for JSON formats, else the text)."""
    head = text.lstrip()
    if head[:1] in ("{", "["):
        data = load_json(text, source)
        return _json_format(data, source), data
    if head.startswith("WEBVTT"):
        return "webvtt", text
    if _SRT_START.match(head):
        return "srt", text
    if _HTML_START.match(head):
        return "html", text
    if recognise_otter(text):
        return "otter", text
    if recognise_markdown(text):
        return "markdown", text
    raise TranscriptError(source, f"unknown transcript format; expected one of: {KNOWN}")


def _json_format(data: object, source: str) -> str:
    if isinstance(data, dict):
        segments = data.get("segments")
        if isinstance(segments, list):
            # WhisperX writes `text`/`start`; anything else with segments is read as the
            # Podcasting 2.0 format, whose parser then says what is missing.
            whisperx = any(isinstance(s, dict) and "text" in s and "body" not in s for s in segments)
            return "whisperx" if whisperx else "podcast-json"
        if isinstance(data.get("results"), dict):
            return "deepgram"
        if "utterances" in data:
            return "assemblyai"
        if "chapters" in data:
            raise TranscriptError(source, "a chapters file, not a transcript")
    raise TranscriptError(source, f"JSON in no transcript format known here; expected one of: {KNOWN}")
