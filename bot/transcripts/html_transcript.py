"""Podcasting 2.0 HTML transcripts: `<cite>Name:</cite>`, `<time>0:09</time>`, `<p>text</p>`.

The stdlib parser is enough: the format is a flat run of these three tags. A `<cite>` and a
`<time>` apply to the next `<p>`; a `<p>` without a `<cite>` before it goes on with the same
speaker as a new paragraph. Other markup (`<html>`, `<b>`, `<a>`) is read through.
"""

from __future__ import annotations

from html.parser import HTMLParser

from bot.transcripts.model import Cue, TranscriptError
from bot.transcripts.timecode import parse_timecode

_COLLECTED = frozenset({"cite", "time", "p", "title"})


class _TranscriptReader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.cues: list[Cue] = []
        self.title: str | None = None
        self._speaker: str | None = None
        self._start: float | None = None
        self._tag: str | None = None  # the collected element we are inside, if any
        self._line = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._tag:
            self._parts.append(" ")
        elif tag in _COLLECTED:
            self._finish()  # HTML lets `</p>` be left out: the next block ends it
            self._tag, self._line, self._parts = tag, self.getpos()[0], []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._tag:
            self._finish()

    def handle_data(self, data: str) -> None:
        if self._tag:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._finish()

    def _finish(self) -> None:
        tag, text = self._tag, " ".join("".join(self._parts).split())
        self._tag, self._parts = None, []
        if tag == "cite":
            self._speaker = text.rstrip(":").strip() or None
        elif tag == "time":
            self._start = self._time(text)
        elif tag == "title":
            self.title = text or None
        elif tag == "p":
            self.cues.append(Cue(text, self._speaker, self._start, self._line))
            self._speaker = self._start = None

    def _time(self, text: str) -> float:
        seconds = parse_timecode(text)
        if seconds is None:
            reason = f"<time>{text}</time> is not a time like 1:02:03 or 0:09"
            raise TranscriptError(self.source, reason, self._line)
        return seconds


def parse_html(text: str, source: str) -> tuple[list[Cue], dict[str, object]]:
    reader = _TranscriptReader(source)
    reader.feed(text)
    reader.close()
    return reader.cues, ({"title": reader.title} if reader.title else {})
