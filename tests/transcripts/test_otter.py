"""Otter.ai text exports (fixture: synthetic, in Otter's layout)."""

from __future__ import annotations

from bot.transcripts import read_transcript
from tests.transcripts.helpers import FIXTURES, error_of, parse, turns_of


def test_headings_paragraphs_and_a_placeholder_kept():
    transcript = read_transcript(FIXTURES / "otter.txt")
    assert transcript.format == "otter"
    assert transcript.speakers == ("Mara Quinn", "Tomas Reyes", "Speaker 3")
    assert transcript.unnamed == ("Speaker 3",)  # the others are named, so it is kept, reported
    first, second, _, fourth = transcript.turns[:4]
    assert (first.speaker, first.start_seconds, first.line) == ("Mara Quinn", 0.0, 1)
    assert first.text == (
        "Welcome back to Proof, the show about people who make things slowly. My guest today "
        "runs a bakery that opens at four in the morning."
    )
    assert (second.speaker, second.start_seconds) == ("Tomas Reyes", 9.0)
    assert fourth.text.endswith("cannot buy time back at noon.\nThe customers only see the last hour of a twenty-hour process.")
    assert len(transcript.turns) == 8


def test_the_map_names_a_placeholder():
    transcript = read_transcript(FIXTURES / "otter.txt", {"Speaker 3": "Delivery driver"})
    assert transcript.unnamed == () and "Delivery driver" in transcript.speakers


def test_hour_long_times():
    text = "Ada Lovelace  1:02:03\nHello.\n\nCharles Babbage\t1:02:09\nHi.\n"
    assert turns_of(parse(text)) == [("Ada Lovelace", 3723.0, "Hello."), ("Charles Babbage", 3729.0, "Hi.")]


def test_a_file_that_names_nobody():
    text = "Speaker 1  0:00\nHello.\n\nSpeaker 2  0:04\nHi.\n"
    assert error_of(text, "otter.txt") == (
        "otter.txt: speaker labels Speaker 1, Speaker 2 are anonymous; name each one with "
        "--speaker LABEL=NAME (e.g. --speaker 'Speaker 1=NAME')"
    )
    named = parse(text, speakers={"Speaker 1": "Ada", "Speaker 2": "Bob"})
    assert turns_of(named) == [("Ada", 0.0, "Hello."), ("Bob", 4.0, "Hi.")]
