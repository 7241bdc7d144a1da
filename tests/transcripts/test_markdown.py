"""Markdown transcripts: Lenny's Podcast (303 real episodes) and the other line styles."""

from __future__ import annotations

import re
from functools import cache

import pytest

from bot.transcripts import SpeakerMap, read_transcript
from tests.transcripts.helpers import LENNY, error_of, parse, shared, turns_of

_HEADING = re.compile(r"(.+?) \((\d{1,2}:\d{2}(?::\d{2})?)\):?\s*")


@cache
def episodes() -> tuple:
    found = sorted(shared(LENNY).glob("*/transcript.md"))
    assert len(found) == 303
    return tuple(found)


def _speaker_changes(path) -> int:
    """Turns counted independently: `Name (time):` headings whose name differs from the last."""
    names = [m[1].strip().casefold() for line in path.read_text("utf-8").split("\n") if (m := _HEADING.fullmatch(line.strip()))]
    return sum(1 for i, name in enumerate(names) if i == 0 or name != names[i - 1])


@pytest.mark.slow
def test_all_303_episodes_read_into_speakers_and_turns():
    total_turns, speakers = 0, set()
    for path in episodes():
        transcript = read_transcript(path)
        assert transcript.format == "markdown", path
        assert len(transcript.speakers) >= 2, path
        assert len(transcript.turns) >= 10, path  # the shortest, a teaser, has 15
        assert transcript.metadata["guest"] and transcript.metadata["title"], path
        changes = _speaker_changes(path)
        # Two episodes mark turns another way (`[00:00:28] Lenny:`, `Lenny:` alone).
        assert len(transcript.turns) == changes or changes == 0, path
        total_turns += len(transcript.turns)
        speakers.update(transcript.speakers)
    assert total_turns > 40_000


def test_first_turns_and_paragraphs_of_an_episode():
    transcript = read_transcript(shared(LENNY / "ada-chen-rekhi" / "transcript.md"))
    assert transcript.speakers == ("Ada Chen Rekhi", "Lenny")
    guest, host, answer = transcript.turns[:3]
    assert (guest.speaker, guest.start_seconds, guest.line) == ("Ada Chen Rekhi", 0.0, 43)
    assert guest.text.startswith("It's a terrible outcome to wake up one day and be late career and feel trapped")
    # `(00:01:21):` lines continue Lenny's turn as new paragraphs; the turn keeps 00:00:36.
    assert (host.speaker, host.start_seconds, host.line) == ("Lenny", 36.0, 46)
    assert host.text.count("\n") == 4
    assert host.text.split("\n")[1].startswith("We do a live exercise around my own personal values.")
    assert host.text.endswith("Ada, welcome to the podcast.")
    assert (answer.speaker, answer.start_seconds, answer.text) == ("Ada Chen Rekhi", 200.0, "Thanks. I'm excited to be here.")


def test_front_matter_gives_the_metadata():
    metadata = read_transcript(shared(LENNY / "ada-chen-rekhi" / "transcript.md")).metadata
    # The title is wrapped onto an indented second line in the file.
    assert metadata["title"] == "Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen Rekhi"
    assert metadata["guest"] == "Ada Chen Rekhi"
    assert metadata["publish_date"] == "2023-04-21"
    assert metadata["youtube_url"] == "https://www.youtube.com/watch?v=l-T8sNRcWQk"
    assert metadata["keywords"][:3] == ["growth", "roadmap", "user research"]


def test_a_heading_without_its_colon_and_one_indented_by_a_space_still_count():
    claire = read_transcript(shared(LENNY / "claire-butler" / "transcript.md"))
    assert [(t.speaker, t.start_seconds, t.text) for t in claire.turns if t.line == 382] == [
        ("Claire Butler", 3603.0, "Really. Yeah, no fluff.")  # `Claire Butler (01:00:03)`
    ]
    review = read_transcript(shared(LENNY / "eoy-review" / "transcript.md"))
    assert "Adam Grant" in review.speakers  # ` Adam Grant (00:01:19):`


def test_bracketed_timestamps_and_an_untimed_name_line():
    transcript = read_transcript(shared(LENNY / "ryan-hoover" / "transcript.md"))
    assert transcript.speakers == ("Ryan", "Lenny", "Ashley")
    assert [(t.speaker, t.start_seconds) for t in transcript.turns[:3]] == [("Ryan", 0.0), ("Lenny", 28.0), ("Ryan", 52.0)]
    # Line 159 is `Lenny: Awesome. ...` without a time, after a `[00:30:06] Ryan:` line.
    late = next(t for t in transcript.turns if t.line == 159)
    assert (late.speaker, late.start_seconds) == ("Lenny", None)
    assert late.text.startswith("Awesome. Basically if you're a PM")


def test_name_lines_without_times():
    transcript = read_transcript(shared(LENNY / "adriel-frederick" / "transcript.md"))
    assert transcript.speakers == ("Adriel Frederick", "Lenny", "Ashley")
    first = transcript.turns[0]
    assert (first.speaker, first.start_seconds, first.line) == ("Adriel Frederick", None, 38)
    # Consecutive `Lenny:` blocks are one turn of several paragraphs.
    assert transcript.turns[1].speaker == "Lenny" and transcript.turns[1].text.count("\n") == 3


def test_names_in_capitals_are_kept_unless_the_map_names_them():
    path = shared(LENNY / "kunal-shah" / "transcript.md")
    assert read_transcript(path).speakers == ("LENNY RACHITSKY", "KUNAL SHAH")
    # One show-wide map: the label "LENNY RACHITSKY" matches the *value*, ignoring case.
    show = {"Lenny": "Lenny Rachitsky", "Kunal Shah": "Kunal Shah"}
    assert read_transcript(path, show).speakers == ("Lenny Rachitsky", "Kunal Shah")
    exact = SpeakerMap(show, ignore_case=False)
    assert read_transcript(path, exact).speakers == ("LENNY RACHITSKY", "KUNAL SHAH")


def test_a_stray_placeholder_label_is_kept_and_reported():
    transcript = read_transcript(shared(LENNY / "dylan-field" / "transcript.md"))
    assert transcript.unnamed == ("Speaker 3", "Speaker 5")
    assert "Speaker 3" in transcript.speakers
    named = read_transcript(shared(LENNY / "dylan-field" / "transcript.md"), {"Speaker 3": "Audience member"})
    assert named.unnamed == ("Speaker 5",) and "Audience member" in named.speakers


SYNTHETIC = """\
# Episode 12: Slow bread

**Mara Quinn:** Welcome back. Today: bread.

**Tomas Reyes:** Thanks. Two things matter:
time and heat.

Two is: the oven. That is still Tomas talking.

Mara Quinn: And flour?
"""


def test_bold_names_title_heading_and_text_that_only_looks_like_a_label():
    transcript = parse(SYNTHETIC, "slow-bread.md")
    assert transcript.metadata == {"title": "Episode 12: Slow bread"}
    assert turns_of(transcript) == [
        ("Mara Quinn", None, "Welcome back. Today: bread."),
        ("Tomas Reyes", None, "Thanks. Two things matter: time and heat.\nTwo is: the oven. That is still Tomas talking."),
        ("Mara Quinn", None, "And flour?"),
    ]


def test_inline_names_must_be_heading_names_in_a_file_with_headings():
    text = "Ada (00:00:01):\nHello.\n\nNote: this is still Ada.\n\nBob (00:00:05):\nHi.\n"
    assert turns_of(parse(text)) == [("Ada", 1.0, "Hello.\nNote: this is still Ada."), ("Bob", 5.0, "Hi.")]


def test_front_matter_without_labels_says_how_to_mark_speakers():
    assert error_of("---\ntitle: Notes\n---\n\nJust prose.\n", "notes.md") == (
        "notes.md: no speaker labels found; start each speaker's turn with a `Name (HH:MM:SS):` or `Name:` line"
    )


def test_text_before_the_first_speaker():
    text = "Welcome to the show, everyone.\n\nAda (00:00:03):\nHello.\n\nBob (00:00:05):\nHi.\n"
    assert error_of(text, "ep.md") == (
        "ep.md:1: text before the first speaker label ('Welcome to the show, everyone.'); "
        "start it with its speaker's name"
    )
