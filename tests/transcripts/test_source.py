"""Reading the bytes: UTF-8 only, not empty, any line ending."""

from __future__ import annotations

from tests.transcripts.helpers import error_of, parse

SRT = "1\n00:00:01,000 --> 00:00:02,000\nAda: Caf\u00e9 time.\n\n2\n00:00:02,000 --> 00:00:03,000\nBob: Yes.\n"


def test_not_utf8_names_the_line_and_the_byte():
    latin1 = SRT.encode("latin-1")
    assert error_of(latin1, "ep.srt") == "ep.srt:3: not UTF-8 text (byte 0xe9); save the file as UTF-8"


def test_utf16():
    assert error_of(SRT.encode("utf-16"), "ep.srt") == "ep.srt: UTF-16 text, not UTF-8; save the file as UTF-8"


def test_empty_and_blank_files():
    assert error_of(b"", "ep.srt") == "ep.srt: empty file"
    assert error_of("\ufeff \n\n\t\n", "ep.vtt") == "ep.vtt: empty file"


def test_bom_and_crlf_are_read_through():
    transcript = parse(("\ufeff" + SRT.replace("\n", "\r\n")).encode("utf-8"))
    assert [(t.speaker, t.text, t.line) for t in transcript.turns] == [("Ada", "Café time.", 3), ("Bob", "Yes.", 7)]
