"""Plain data types of a parsed transcript, before it becomes a corpus interview.

Nothing here knows about bot/corpus, SQLite or Telegram: a parser turns a file into a neutral
`ParsedTranscript`, and the importer (a later step) maps it onto `bot.corpus.model.Interview`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class TranscriptError(Exception):
    """A transcript or chapters file is unreadable, malformed, or names no speakers.

    The message is one line, `<file>[:<line>]: <what is wrong>`, like `SeedError`'s, so the
    person importing can open the file at the right place; `source`, `line` and `reason` are
    kept for callers that want them.
    """

    def __init__(self, source: Path | str, reason: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        # One line even if a library's multi-line message was passed on.
        self.reason = " ".join(reason.split())
        where = f"{self.source}:{line}" if line is not None else self.source
        super().__init__(f"{where}: {self.reason}")


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of a file as its parser reads it: a caption, a segment, a paragraph.

    `assemble` turns cues into turns; parsers never merge cues themselves.
    """

    text: str
    speaker: str | None = None  # the label as written; None: the previous cue's speaker goes on
    start: float | None = None  # seconds from the start of the recording
    line: int | None = None  # 1-based line in the file, where the format has lines
    # When this cue goes on with the same speaker: True starts a new paragraph ("\n"), False
    # continues the paragraph (a caption wrapped mid-sentence, joined with a space).
    paragraph: bool = True


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    """One speaker's uninterrupted words: consecutive cues of one speaker, merged."""

    speaker: str  # display name, after the speaker map
    start_seconds: float | None  # the first cue's start; None where the format has no times
    text: str  # paragraphs joined by "\n"; wrapped caption lines joined by a space
    line: int | None = None  # where the turn starts in the file (None for JSON formats)


@dataclass(frozen=True, slots=True)
class ParsedTranscript:
    """A whole transcript, in order, with whatever metadata the file carried."""

    source: str  # the file name given to the parser, as used in error messages
    format: str  # one of bot.transcripts.FORMATS, e.g. "srt", "markdown", "whisperx"
    metadata: dict[str, object]  # e.g. front matter: title, publish_date, youtube_url, guest
    turns: tuple[ParsedTurn, ...]
    labels: dict[str, str] = field(default_factory=dict)  # each label as written -> its speaker
    # Placeholder labels ("Speaker 3") kept as written because the file names its other
    # speakers; an importer may want to warn about them.
    unnamed: tuple[str, ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speaker names in order of their first turn."""
        return tuple(dict.fromkeys(turn.speaker for turn in self.turns))


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter: where it starts and its title."""

    start_seconds: float
    title: str
    line: int | None = None  # 1-based line of a text chapter list; None for JSON
