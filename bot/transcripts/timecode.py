"""Timestamps as transcripts write them: `1:02:03`, `00:01:21`, `32:19`, `0:05`, `00:00:02,760`."""

from __future__ import annotations

import re

# For building other patterns: H:MM:SS or M:SS, optional fraction after `.` or `,` (SRT).
TIMECODE = r"\d{1,3}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
_PARTS = re.compile(r"(?:(\d{1,3}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?")


def parse_timecode(value: str) -> float | None:
    """Seconds, or None if `value` is not a timestamp (e.g. `1:75`, `12`, `ten`)."""
    match = _PARTS.fullmatch(value.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    # Minutes may run past 59 only when they are the largest unit (`75:30` from YouTube).
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def format_timecode(seconds: float) -> str:
    """`H:MM:SS` or `M:SS`, for messages."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
