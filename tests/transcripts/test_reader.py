"""The entry points on the four Podcasting 2.0 example files, and formats told by content."""

from __future__ import annotations

import shutil

import pytest

import bot.transcripts as transcripts
from bot.transcripts import FORMATS, read_transcript
from tests.transcripts.helpers import EXAMPLES, error_of, shared

EXAMPLE_FORMATS = {"json": "podcast-json", "vtt": "webvtt", "srt": "srt", "html": "html"}


@pytest.mark.parametrize("suffix", sorted(EXAMPLE_FORMATS))
def test_every_example_reads_into_two_or_more_speakers(suffix):
    transcript = read_transcript(shared(EXAMPLES / f"example.{suffix}"))
    assert transcript.format == EXAMPLE_FORMATS[suffix]
    assert len(transcript.speakers) >= 2
    assert all(turn.text for turn in transcript.turns)


def test_the_srt_and_html_examples_are_one_episode_and_read_the_same():
    # The spec's four examples are three recordings: JSON (Darth Vader), VTT (Sarah and
    # Gillian), and SRT + HTML of one Buzzsprout episode, which must agree turn for turn.
    srt = read_transcript(shared(EXAMPLES / "example.srt"))
    html = read_transcript(shared(EXAMPLES / "example.html"))
    assert srt.speakers == html.speakers == ("Travis", "Sarah", "Gilon")
    assert len(srt.turns) == len(html.turns) == 10
    for from_srt, from_html in zip(srt.turns, html.turns, strict=True):
        assert from_srt.speaker == from_html.speaker
        assert from_srt.text == from_html.text  # 80-odd wrapped cues joined = the HTML paragraph
        # HTML gives whole seconds (`0:53`), SRT milliseconds (00:00:53,030).
        assert 0 <= from_srt.start_seconds - from_html.start_seconds < 1


def test_srt_example_first_turns():
    transcript = read_transcript(shared(EXAMPLES / "example.srt"))
    first, second = transcript.turns[:2]
    assert (first.speaker, first.start_seconds, first.line) == ("Travis", 0.179, 3)
    assert first.text.startswith(
        "When you first get started in podcasting, it's almost guaranteed that you're going to make "
        "a handful of rookie mistakes, but that doesn't mean that you have to make all the mistakes."
    )
    assert first.text.endswith("help you reach your goals, that much faster")
    assert (second.speaker, second.start_seconds, second.line) == ("Sarah", 53.03, 87)
    assert second.text.startswith("Creating good audio is really key")


def test_html_example_first_turns():
    transcript = read_transcript(shared(EXAMPLES / "example.html"))
    assert [(t.speaker, t.start_seconds, t.line) for t in transcript.turns[:3]] == [
        ("Travis", 0.0, 3), ("Sarah", 53.0, 6), ("Travis", 102.0, 9),
    ]
    assert "it's almost guaranteed" in transcript.turns[0].text  # &#39; decoded


def test_json_example_joins_word_segments():
    transcript = read_transcript(shared(EXAMPLES / "example.json"))
    assert [(t.speaker, t.start_seconds, t.text) for t in transcript.turns] == [
        ("Darth Vader", 0.5, "I am your father."),
        ("Luke", 2.75, "Nooooo"),
    ]
    assert transcript.metadata == {"version": "1.0.0"}


def test_vtt_example_joins_voiced_cues_of_one_speaker():
    transcript = read_transcript(shared(EXAMPLES / "example.vtt"))  # CRLF line endings
    sarah, gillian = transcript.turns
    assert (sarah.speaker, sarah.start_seconds, sarah.line) == ("Sarah", 0.0, 4)
    assert sarah.text == (
        "In today's episode, you'll learn whether or not you should have a podcast trailer. And if so, "
        "what should you include in one? Welcome to Podcasting Q&A, where you learn the best tips and "
        "strategies to launch, grow and monetize your podcast. This week's question comes from Gillian."
    )
    assert (gillian.speaker, gillian.start_seconds) == ("Gillian", 19.08)
    assert gillian.text == "Hi Buzzsprout, Gillian here from breaking through careers podcast. My question is, do we need a podcast trailer?"


@pytest.mark.parametrize("suffix", sorted(EXAMPLE_FORMATS))
def test_format_comes_from_the_content_not_the_file_name(tmp_path, suffix):
    misnamed = tmp_path / "transcript.txt"
    shutil.copy(shared(EXAMPLES / f"example.{suffix}"), misnamed)
    assert read_transcript(misnamed).format == EXAMPLE_FORMATS[suffix]


def test_a_missing_file_is_a_transcript_error(tmp_path):
    with pytest.raises(transcripts.TranscriptError) as caught:
        read_transcript(tmp_path / "gone.srt")
    assert str(caught.value) == f"{tmp_path / 'gone.srt'}: cannot read the file: No such file or directory"


def test_the_package_exports_its_api():
    assert set(transcripts.__all__) <= set(dir(transcripts))
    assert FORMATS == (
        "podcast-json", "whisperx", "assemblyai", "deepgram", "webvtt", "srt", "html", "markdown", "otter",
    )


def test_unknown_format():
    assert error_of("Just some notes about the episode.\nNo speakers here.\n", "notes.txt") == (
        "notes.txt: unknown transcript format; expected one of: Podcasting 2.0 JSON, "
        "WhisperX/AssemblyAI/Deepgram JSON, WebVTT, SRT, HTML (<cite>/<time>/<p>), "
        "Markdown with `Name (HH:MM:SS):` headings, Otter text"
    )
