"""WebVTT: voice tags (the example file is in test_reader.py), Zoom-style `Name:`, errors."""

from __future__ import annotations

from tests.transcripts.helpers import error_of, parse, turns_of

VOICED = """\
WEBVTT

NOTE exported by hand

intro
00:00:00.000 --> 00:00:04.200 align:start
<v.host Mara Quinn>Welcome back to Proof &amp; Crumb,
the show about slow things.

00:00:04.200 --> 00:00:06.000
Today: bread.

00:00:06.500 --> 00:00:08.000
<v Tomas Reyes>Thanks for having me.</v>

01:02:03.250 --> 01:02:05.000
<v Mara Quinn><i>Final</i> question.
"""


def test_voice_tags_and_continuation_cues():
    transcript = parse(VOICED, "ep.vtt")
    assert transcript.format == "webvtt"
    assert turns_of(transcript) == [
        ("Mara Quinn", 0.0, "Welcome back to Proof & Crumb, the show about slow things. Today: bread."),
        ("Tomas Reyes", 6.5, "Thanks for having me."),
        ("Mara Quinn", 3723.25, "Final question."),
    ]
    assert [t.line for t in transcript.turns] == [7, 14, 17]


def test_zoom_style_names_in_the_cue_text():
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nMara Quinn: Hello, everyone.\n\n"
        "2\n00:00:03.000 --> 00:00:04.000\nand welcome.\n\n"
        "3\n00:00:04.500 --> 00:00:06.000\nTomas Reyes: Hi: glad to be here.\n"
    )
    assert turns_of(parse(text)) == [
        ("Mara Quinn", 1.0, "Hello, everyone. and welcome."),
        ("Tomas Reyes", 4.5, "Hi: glad to be here."),
    ]


def test_vtt_without_voices_says_how_to_add_them():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello, everyone.\n"
    assert error_of(text, "ep.vtt") == (
        "ep.vtt: no speaker labels found; start the cue where each speaker starts with a voice tag "
        "`<v Name>` (or `Name:`)"
    )


def test_broken_cue_timing():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ada>Hello.\n\n00:00:03.000 --> 00:00:0x.000\n<v Bob>Hi.\n"
    assert error_of(text, "ep.vtt") == (
        "ep.vtt:6: broken WebVTT cue timing '00:00:03.000 --> 00:00:0x.000': "
        "expected `HH:MM:SS.mmm --> HH:MM:SS.mmm`"
    )


def test_the_header_must_be_on_the_first_line():
    assert error_of("\nWEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ada>Hello.\n", "ep.vtt") == (
        "ep.vtt:1: a WebVTT file must start with `WEBVTT` on its first line"
    )
