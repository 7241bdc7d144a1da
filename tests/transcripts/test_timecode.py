from __future__ import annotations

import pytest

from bot.transcripts.timecode import format_timecode, parse_timecode


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0:05", 5.0), ("32:19", 1939.0), ("75:30", 4530.0), ("01:02:03", 3723.0), ("00:00:02,760", 2.76), ("00:01.5", 1.5)],
)
def test_timestamps(text, seconds):
    assert parse_timecode(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["1:75", "1:60:00", "12", "ten", "1:2", ""])
def test_not_timestamps(text):
    assert parse_timecode(text) is None


def test_format():
    assert [format_timecode(s) for s in (5, 1939.9, 3723)] == ["0:05", "32:19", "1:02:03"]
