"""Diarised speech-to-text JSON (fixtures: synthetic files in the tools' output formats)."""

from __future__ import annotations

import json

import pytest

from bot.transcripts import read_transcript
from tests.transcripts.helpers import FIXTURES, error_of, turns_of

MARA, TOMAS = "Mara Quinn", "Tomas Reyes"
TURN_TEXTS = [
    (MARA, "Welcome back to Proof, the show about people who make things slowly. My guest today runs a bakery that opens at four in the morning."),
    (TOMAS, "Thanks for having me. Four is generous, honestly. Most days the ovens are on by three."),
    (MARA, "Why so early?"),
    (TOMAS, "Because the dough decides, not me."),
]
CASES = {
    # file: (format, {label: name}, turn start times)
    "whisperx.json": ("whisperx", {"SPEAKER_00": MARA, "SPEAKER_01": TOMAS}, [0.031, 8.9, 15.9, 17.1]),
    "assemblyai.json": ("assemblyai", {"A": MARA, "B": TOMAS}, [0.24, 8.92, 15.87, 17.1]),
    "deepgram_utterances.json": ("deepgram", {"Speaker 0": MARA, "Speaker 1": TOMAS}, [0.08, 8.9, 15.9, 17.1]),
    "deepgram_paragraphs.json": ("deepgram", {"speaker 0": MARA, "SPEAKER 1": TOMAS}, [0.08, 8.9, 15.9, 17.1]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_named_speakers_and_merged_segments(name):
    fmt, speakers, starts = CASES[name]
    transcript = read_transcript(FIXTURES / name, speakers)
    assert transcript.format == fmt
    assert turns_of(transcript) == [(who, start, text) for (who, text), start in zip(TURN_TEXTS, starts, strict=True)]
    assert transcript.unnamed == ()


@pytest.mark.parametrize(
    ("name", "labels", "example"),
    [
        ("whisperx.json", "SPEAKER_00, SPEAKER_01", "SPEAKER_00=NAME"),
        ("assemblyai.json", "A, B", "A=NAME"),
        ("deepgram_utterances.json", "Speaker 0, Speaker 1", "'Speaker 0=NAME'"),
    ],
)
def test_anonymous_labels_must_be_named(name, labels, example):
    path = FIXTURES / name
    assert error_of(path.read_bytes(), name) == (
        f"{name}: speaker labels {labels} are anonymous; name each one with --speaker LABEL=NAME "
        f"(e.g. --speaker {example})"
    )


def test_a_partial_map_lists_the_labels_still_anonymous():
    data = (FIXTURES / "whisperx.json").read_bytes()
    assert error_of(data, "w.json", {"SPEAKER_00": MARA}) == (
        "w.json: speaker labels SPEAKER_01 are anonymous; name each one with --speaker LABEL=NAME "
        "(e.g. --speaker SPEAKER_01=NAME)"
    )


def _without(name: str, drop) -> str:
    data = json.loads((FIXTURES / name).read_text("utf-8"))
    drop(data)
    return json.dumps(data)


def test_whisper_output_without_diarisation():
    def undiarise(data):
        for segment in data["segments"]:
            segment.pop("speaker", None)
    assert error_of(_without("whisperx.json", undiarise), "w.json") == (
        'w.json: no speaker labels found; run WhisperX with diarisation (--diarize) so that segments get a "speaker"'
    )


def test_assemblyai_without_speaker_labels():
    assert error_of(_without("assemblyai.json", lambda d: d.update(utterances=None)), "a.json") == (
        "a.json: no speaker labels found; request the transcript with speaker_labels=true"
    )


def test_deepgram_without_diarisation():
    def plain(data):
        data["results"]["channels"][0]["alternatives"][0].pop("paragraphs")
    assert error_of(_without("deepgram_paragraphs.json", plain), "d.json") == (
        "d.json: no speaker labels found; request the transcript with diarize=true and utterances=true "
        "(or paragraphs=true)"
    )


def test_assemblyai_error_status():
    def failed(data):
        data.update(status="error", error="Download error", utterances=None)
    assert error_of(_without("assemblyai.json", failed), "a.json") == "a.json: AssemblyAI reports an error: Download error"
