"""Links to a turn's moment in the recording (bot.moments)."""

from __future__ import annotations

import pytest

from bot.moments import clock, moment_url


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59.9, "0:59"), (754, "12:34"), (3723, "1:02:03"), (-5, "0:00")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown


def test_youtube_opens_at_the_second_keeping_the_video_and_replacing_an_old_time():
    assert moment_url("https://www.youtube.com/watch?v=SjhIlw3Iffs&t=99s", 754.6) == \
        "https://www.youtube.com/watch?v=SjhIlw3Iffs&t=754s"
    assert moment_url("https://youtu.be/SjhIlw3Iffs", 5) == "https://youtu.be/SjhIlw3Iffs?t=5s"


def test_other_media_get_a_media_fragment():
    assert moment_url("https://example.com/episodes/118.mp3#old", 61) == "https://example.com/episodes/118.mp3#t=61"


@pytest.mark.parametrize(("url", "seconds"), [(None, 5), ("", 5), ("https://example.com/a.mp3", None),
                                              ("javascript:alert(1)", 5), ("file:///etc/passwd", 5),
                                              ("https://example.com/a.mp3", -1)])
def test_no_link_without_a_web_url_and_a_start(url, seconds):
    assert moment_url(url, seconds) is None
