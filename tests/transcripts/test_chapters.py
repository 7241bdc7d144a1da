"""Chapters: Podcasting 2.0 JSON and YouTube-style lines."""

from __future__ import annotations

import json

import pytest

from bot.transcripts import Chapter, TranscriptError, parse_chapters, read_chapters

DESCRIPTION = """\
Mara Quinn talks with Tomas Reyes about slow bread.

Chapters:
0:00 Intro
01:30 - Why bakers start at three
(12:05) The first loaf
[1:02:03] Lightning round
• 1:10:00 | Where to find Tomas

Sponsored by nobody. Recorded 10:30 on a Tuesday, which is not a chapter.
"""


def test_youtube_lines_inside_a_description():
    assert parse_chapters(DESCRIPTION, "d.txt") == (
        Chapter(0.0, "Intro", 4),
        Chapter(90.0, "Why bakers start at three", 5),
        Chapter(725.0, "The first loaf", 6),
        Chapter(3723.0, "Lightning round", 7),
        Chapter(4200.0, "Where to find Tomas", 8),
    )


def test_podcasting_json_sorted_and_hidden_chapters_left_out(tmp_path):
    path = tmp_path / "chapters.json"
    path.write_text(json.dumps({
        "version": "1.2.0",
        "chapters": [
            {"startTime": 90, "title": "Why bakers start at three"},
            {"startTime": 0, "title": "Intro", "img": "https://example.invalid/a.jpg"},
            {"startTime": 100.5, "toc": False, "img": "https://example.invalid/b.jpg"},
        ],
    }))
    assert read_chapters(path) == (Chapter(0, "Intro"), Chapter(90, "Why bakers start at three"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:00 Intro\n5:00\n", "c.txt:2: chapter at 5:00 has no title"),
        ("0:00 Intro\n5:00 Two\n4:00 Three\n", "c.txt:3: chapter at 4:00 does not start after the one before (5:00)"),
        ("Just a description.\n", "c.txt: no chapters found; expected lines like `00:00 Introduction`"),
        ('{"segments": []}', 'c.txt: not a chapters file: expected {"chapters": [...]}'),
        ('{"chapters": [{"title": "Intro"}]}', 'c.txt: chapters[0]: "startTime" is missing'),
        ('{"chapters": [{"startTime": 0}]}', 'c.txt: chapters[0]: "title" is missing or not text'),
        ('{"chapters": []}', "c.txt: no chapters found"),
        ('{"chapters": [', "c.txt:1: malformed JSON: Expecting value (column 15)"),
        (b"0:00 Intro \xff\n", "c.txt:1: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    ],
)
def test_bad_chapters(text, message):
    with pytest.raises(TranscriptError) as caught:
        parse_chapters(text, "c.txt")
    assert str(caught.value) == message
