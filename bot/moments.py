"""Links to the moment a turn starts in the interview's recording: "▶ 12:34"."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"}


def clock(seconds: float) -> str:
    """12:34, or 1:02:03 past the hour (whole seconds, rounded down)."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def moment_url(url: str | None, seconds: float | None) -> str | None:
    """`url` opened at `seconds`: YouTube's `t=` parameter, any other media's `#t=` fragment
    (W3C media fragments). None without a web URL or a start time."""
    if not url or seconds is None or seconds < 0:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    start = int(seconds)
    if parts.hostname in _YOUTUBE_HOSTS:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("t", "start")]
        return urlunsplit(parts._replace(query=urlencode([*query, ("t", f"{start}s")]), fragment=""))
    return urlunsplit(parts._replace(fragment=f"t={start}"))
