"""The bot's own link formats: the inline query a Share button fills in, and /start payloads."""

from __future__ import annotations

import re

HELP_PAYLOAD = "help"  # t.me/<bot>?start=help, from inline mode's "nothing found" button
_TURN_QUERY = re.compile(r"\s*turn_(\d+)\s*")
_MAX_ID_DIGITS = 9  # turn ids are far shorter; a longer number names no turn (and would overflow SQLite)


def share_query(turn_id: int) -> str:
    """The inline query (and /start payload) naming one turn; `turn_id_from_query` reads it back."""
    return f"turn_{turn_id}"


def turn_id_from_query(query: str) -> int | None:
    """`turn_42` (from a share button or a deep link) → 42; an impossibly long number → 0, which names none."""
    match = _TURN_QUERY.fullmatch(query)
    if match is None:
        return None
    digits = match.group(1)
    return int(digits) if len(digits) <= _MAX_ID_DIGITS else 0


def turn_deep_link(bot_username: str, turn_id: int) -> str:
    """t.me link that opens the bot on one turn."""
    return f"https://t.me/{bot_username}?start={share_query(turn_id)}"
