"""Podcasting 2.0 JSON segments (the example file is in test_reader.py)."""

from __future__ import annotations

import json

from tests.transcripts.helpers import error_of, parse, turns_of


def segments(*items: dict) -> str:
    return json.dumps({"version": "1.0.0", "segments": list(items)})


def test_segments_without_a_speaker_go_on_and_a_line_break_ends_a_paragraph():
    text = segments(
        {"speaker": "Ada", "startTime": 0, "endTime": 1, "body": "Hello"},
        {"startTime": 1, "endTime": 2, "body": "there.\n"},
        {"startTime": 2.5, "body": "New paragraph."},
        {"speaker": "Bob", "startTime": 4, "body": "Hi."},
    )
    assert turns_of(parse(text)) == [("Ada", 0, "Hello there.\nNew paragraph."), ("Bob", 4, "Hi.")]


def test_no_speakers():
    assert error_of(segments({"startTime": 0, "body": "Hello"}), "ep.json") == (
        'ep.json: no speaker labels found; give each segment where a speaker starts a "speaker"'
    )


def test_malformed_segments():
    assert error_of(segments({"speaker": "Ada", "startTime": 0}), "ep.json") == (
        'ep.json: segments[0]: "body" is missing or not text'
    )
    assert error_of(segments({"speaker": "Ada", "startTime": "0:01", "body": "Hi"}), "ep.json") == (
        "ep.json: segments[0]: \"startTime\" is '0:01', not a time"
    )
    assert error_of(json.dumps({"segments": []}), "ep.json") == 'ep.json: "segments" is empty'
    assert error_of(json.dumps({"segments": ["Hi"]}), "ep.json") == "ep.json: segments[0] is not an object"


def test_malformed_json():
    assert error_of('{\n  "segments": [\n    {"body": "Hi"}\n    {"body": "Ho"}\n  ]\n}\n', "ep.json") == (
        "ep.json:4: malformed JSON: Expecting ',' delimiter (column 5)"
    )
