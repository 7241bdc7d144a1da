"""Cues -> turns: name the speakers, merge consecutive cues of one speaker, check the labels.

A turn keeps its first cue's start time and line. Within a turn, a cue that continues a
paragraph (a wrapped caption) is joined with a space, one that starts a paragraph with "\n".
After renaming, consecutive turns of one speaker are one turn.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.transcripts.model import Cue, ParsedTranscript, ParsedTurn, TranscriptError
from bot.transcripts.speakers import SpeakerMap, is_anonymous

# Formats whose labels all come from a diariser: every one of them must be named by the map.
DIARISED_FORMATS = frozenset({"whisperx", "assemblyai", "deepgram"})

# What to do when a file has no speaker labels at all, per format: there is nothing to map,
# so the fix is in the file (or in how it was produced).
NO_LABELS_HINTS = {
    "podcast-json": 'give each segment where a speaker starts a "speaker"',
    "webvtt": "start the cue where each speaker starts with a voice tag `<v Name>` (or `Name:`)",
    "srt": "add `Name:` at the start of the cue where each speaker starts",
    "html": "put each speaker's name in `<cite>Name:</cite>` before their `<p>`",
    "markdown": "start each speaker's turn with a `Name (HH:MM:SS):` or `Name:` line",
    "otter": "start each speaker's turn with a `Name  0:05` line",
    "whisperx": 'run WhisperX with diarisation (--diarize) so that segments get a "speaker"',
    "assemblyai": "request the transcript with speaker_labels=true",
    "deepgram": "request the transcript with diarize=true and utterances=true (or paragraphs=true)",
}


# A cue that is only a sound description: "[Music]", "(applause)", "♪♪". Captions often open
# with one before anybody speaks; it is nobody's words, so it is dropped rather than refused.
_SOUND_ONLY = re.compile(r"\[[^\]]*\]|\([^)]*\)|[♪♫ ]+")


@dataclass
class _Turn:
    speaker: str
    start: float | None
    line: int | None
    paragraphs: list[list[str]] = field(default_factory=list)

    def add(self, text: str, paragraph: bool) -> None:
        if not text:
            return
        if paragraph or not self.paragraphs:
            self.paragraphs.append([text])
        else:
            self.paragraphs[-1].append(text)

    def text(self) -> str:
        return "\n".join(" ".join(pieces) for pieces in self.paragraphs)


def assemble(
    source: str,
    fmt: str,
    metadata: dict[str, object],
    cues: Sequence[Cue],
    speakers: SpeakerMap,
) -> ParsedTranscript:
    labels = [cue.speaker for cue in cues if cue.speaker is not None]
    if not labels:
        raise TranscriptError(source, f"no speaker labels found; {NO_LABELS_HINTS[fmt]}")
    names = speakers.resolve(labels)
    unnamed = _unnamed(source, fmt, names, speakers)
    turns = _merge(_turns(source, cues, names))
    if not turns:
        raise TranscriptError(source, "no transcript text found")
    return ParsedTranscript(
        source=source,
        format=fmt,
        metadata=metadata,
        turns=tuple(ParsedTurn(t.speaker, t.start, t.text(), t.line) for t in turns),
        labels=names,
        unnamed=unnamed,
    )


def _unnamed(source: str, fmt: str, names: dict[str, str], speakers: SpeakerMap) -> tuple[str, ...]:
    """Anonymous labels the map does not name; an error where nobody would be named otherwise.

    A diariser's output must be fully named. A human-made transcript that names its speakers
    but left a stray "Speaker 3" (an unidentified voice in a clip) keeps it as written.
    """
    unnamed = [label for label in names if is_anonymous(label) and speakers.lookup(label) is None]
    named_somebody = any(not is_anonymous(name) for name in names.values())
    if unnamed and (fmt in DIARISED_FORMATS or not named_somebody):
        example = shlex.quote(f"{unnamed[0]}=NAME")
        raise TranscriptError(
            source,
            f"speaker labels {', '.join(unnamed)} are anonymous; name each one with "
            f"--speaker LABEL=NAME (e.g. --speaker {example})",
        )
    return tuple(unnamed)


def _turns(source: str, cues: Sequence[Cue], names: dict[str, str]) -> list[_Turn]:
    turns: list[_Turn] = []
    for cue in cues:
        text = _tidy(cue.text)
        if cue.speaker is None and _SOUND_ONLY.fullmatch(text):
            continue
        if cue.speaker is None and not turns:
            if not text:
                continue
            reason = f"text before the first speaker label ({_snippet(text)}); start it with its speaker's name"
            raise TranscriptError(source, reason, cue.line)
        name = names[cue.speaker] if cue.speaker is not None else turns[-1].speaker
        if turns and turns[-1].speaker == name:
            turns[-1].add(text, cue.paragraph)
        else:
            turns.append(_Turn(name, cue.start, cue.line))
            turns[-1].add(text, True)
    return turns


def _merge(turns: list[_Turn]) -> list[_Turn]:
    """Drop turns without text; the neighbours of a dropped turn may then be one speaker's."""
    merged: list[_Turn] = []
    for turn in turns:
        if not turn.paragraphs:
            continue
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1].paragraphs.extend(turn.paragraphs)
        else:
            merged.append(turn)
    return merged


def _tidy(text: str) -> str:
    """One line, single spaces. Most cues already are, and splitting long text is what costs."""
    if "  " in text or "\n" in text or "\t" in text:
        return " ".join(text.split())
    return text.strip()


def _snippet(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
