"""Reading fields of a JSON transcript, with messages that say which item is wrong."""

from __future__ import annotations

from bot.transcripts.model import TranscriptError


def items(value: object, what: str, source: str) -> list[dict]:
    """`value` as a list of objects (`what` names it in messages, e.g. `"segments"`)."""
    if not isinstance(value, list):
        raise TranscriptError(source, f"{what} is not a list")
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise TranscriptError(source, f"{what}[{number - 1}] is not an object")
    return value


def number(item: dict, key: str, where: str, source: str, *, per_second: int = 1) -> float | None:
    """A non-negative time in seconds (`per_second=1000` for milliseconds), or None if absent."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise TranscriptError(source, f'{where}: "{key}" is {value!r}, not a time')
    return value / per_second


def text(item: dict, key: str, where: str, source: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise TranscriptError(source, f'{where}: "{key}" is missing or not text')
    return value


def label(item: dict, key: str, where: str, source: str) -> str | None:
    """A speaker label as text: strings as they are, integers (Deepgram) as `Speaker N`."""
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Speaker {value}"
    raise TranscriptError(source, f'{where}: "{key}" is {value!r}, not a speaker label')
