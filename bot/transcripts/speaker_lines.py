"""Line-based transcripts (Markdown, Otter text): marked lines and the text between them.

A format module marks lines (one `Mark | None` per line): a `Mark` starts a turn (a speaker label) or a
paragraph (a timestamp alone), possibly with text on the same line; any other line is text.
Text lines run together into one paragraph (joined with spaces, as Markdown does) until a
blank line or the next mark. Each paragraph becomes one `Cue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.transcripts.model import Cue


@dataclass(frozen=True, slots=True)
class Mark:
    speaker: str | None = None  # a label starts a new turn; None: a paragraph of the same one
    start: float | None = None
    text: str = ""  # text written on the marked line itself
    skip: bool = False  # a line that is neither speech nor structure (a Markdown `# Title`)


@dataclass
class _Paragraph:
    speaker: str | None
    start: float | None
    line: int
    pieces: list[str] = field(default_factory=list)

    def cue(self) -> Cue:
        return Cue(" ".join(self.pieces), self.speaker, self.start, self.line, paragraph=True)


def cues_from_lines(lines: Sequence[str], marks: Sequence[Mark | None], first_line: int = 1) -> list[Cue]:
    """`marks[i]` is what `lines[i]` marks; `lines` start at file line `first_line`."""
    cues: list[Cue] = []
    current: _Paragraph | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            cues.append(current.cue())
            current = None

    for number, (line, mark) in enumerate(zip(lines, marks, strict=True), first_line):
        if mark is not None and mark.skip:
            close()
        elif mark is not None:
            close()
            current = _Paragraph(mark.speaker, mark.start, number, [mark.text] if mark.text else [])
        elif not line.strip():
            # A blank line after a heading alone keeps the heading's paragraph open for its text.
            if current is not None and current.pieces:
                close()
        elif current is None:
            current = _Paragraph(None, None, number, [line.strip()])
        else:
            current.pieces.append(line.strip())
    close()
    return cues
