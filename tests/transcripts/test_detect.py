"""Formats are recognised from the content; what is not a transcript says so."""

from __future__ import annotations

import json

import pytest

from bot.transcripts.detect import detect
from tests.transcripts.helpers import error_of

SAMPLES = {
    "podcast-json": json.dumps({"segments": [{"speaker": "Ada", "startTime": 0, "body": "Hi"}]}),
    "whisperx": json.dumps({"segments": [{"start": 0, "end": 1, "text": " Hi", "speaker": "SPEAKER_00"}]}),
    "assemblyai": json.dumps({"status": "completed", "text": "Hi", "utterances": None}),
    "deepgram": json.dumps({"metadata": {}, "results": {"channels": []}}),
    "webvtt": "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Ada>Hi\n",
    "srt": "\n1\n00:00:00,000 --> 00:00:01,000\nAda: Hi\n",
    "html": "<cite>Ada:</cite>\n<p>Hi</p>\n",
    "markdown": "Ada (00:00:00):\nHi\n",
    "otter": "Ada  0:00\nHi\n",
}


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_each_format_is_recognised(fmt):
    assert detect(SAMPLES[fmt], "t")[0] == fmt


def test_a_chapters_file_is_not_a_transcript():
    assert error_of(json.dumps({"chapters": [{"startTime": 0, "title": "Intro"}]}), "c.json") == (
        "c.json: a chapters file, not a transcript"
    )
