"""Transcript import, first part: parsers from published transcript formats to neutral turns.

Pure logic (no Telegram, no SQLite, no bot/corpus). `read_transcript(path, speakers)` /
`parse_transcript(data, source, speakers)` recognise the format from the content, read it,
name the speakers through an optional speaker map, and merge consecutive cues of one
speaker into one `ParsedTurn`. `read_chapters` / `parse_chapters` read chapter lists.
Anything wrong raises `TranscriptError` with a one-line `file[:line]: what is wrong`.

Formats (`FORMATS`): podcast-json, whisperx, assemblyai, deepgram, webvtt, srt, html,
markdown, otter. Speaker-label matching is described in `bot.transcripts.speakers`.
"""

from __future__ import annotations

from bot.transcripts.chapters import parse_chapters, read_chapters
from bot.transcripts.model import Chapter, ParsedTranscript, ParsedTurn, TranscriptError
from bot.transcripts.reader import FORMATS, parse_transcript, read_transcript
from bot.transcripts.speakers import SpeakerMap, is_anonymous, suggest_speaker_map

__all__ = [
    "FORMATS",
    "Chapter",
    "ParsedTranscript",
    "ParsedTurn",
    "SpeakerMap",
    "TranscriptError",
    "is_anonymous",
    "parse_chapters",
    "parse_transcript",
    "read_chapters",
    "read_transcript",
    "suggest_speaker_map",
]
