"""Cues -> turns: merging, joining, empty cues, missing labels."""

from __future__ import annotations

import pytest

from bot.transcripts.assemble import assemble
from bot.transcripts.model import Cue, TranscriptError
from bot.transcripts.speakers import SpeakerMap


def turns(cues, speakers=None, fmt="srt"):
    transcript = assemble("t", fmt, {}, cues, SpeakerMap(speakers))
    return [(t.speaker, t.start_seconds, t.text) for t in transcript.turns]


def test_captions_join_with_spaces_paragraphs_with_line_breaks():
    cues = [
        Cue("Hello", "Ada", 1.0, paragraph=False),
        Cue("  there,\n friend.", None, 2.0, paragraph=False),
        Cue("New paragraph.", None, 3.0, paragraph=True),
        Cue("Hi.", "Bob", 4.0),
    ]
    assert turns(cues) == [("Ada", 1.0, "Hello there, friend.\nNew paragraph."), ("Bob", 4.0, "Hi.")]


def test_empty_cues_vanish_and_their_neighbours_merge():
    cues = [Cue("One.", "Ada", 0.0), Cue("", "Bob", 1.0), Cue("Two.", "Ada", 2.0)]
    assert turns(cues) == [("Ada", 0.0, "One.\nTwo.")]


def test_a_label_with_no_text_of_its_own_still_starts_the_turn():
    cues = [Cue("", "Ada", 5.0), Cue("Hello.", None, 6.0)]
    assert turns(cues) == [("Ada", 5.0, "Hello.")]


def test_cues_that_are_only_a_sound_are_dropped():
    cues = [Cue("[Music]"), Cue("Hello.", "Ada", 3.0), Cue("(laughs)"), Cue("♪ ♪"), Cue("More.", None, 9.0)]
    assert turns(cues) == [("Ada", 3.0, "Hello.\nMore.")]


def test_nothing_to_say():
    with pytest.raises(TranscriptError, match=r"^t: no transcript text found$"):
        turns([Cue("", "Ada", 0.0)])
