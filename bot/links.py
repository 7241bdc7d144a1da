"""The bot's own link formats: the inline query a Share button fills in, and /start payloads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language import Language
from bot.text import Anchor

HELP_PAYLOAD = "help"  # t.me/<bot>?start=help, from inline mode's "nothing found" button
NOT_SAID_PAYLOAD = "not_said"  # from the "❌ Not said in this interview" row above inline results
_TURN_QUERY = re.compile(r"\s*turn_(\d+)\s*")
# A shared excerpt: the turn, the language it was read in and its anchor (field e/z, start, end).
_SHARED_QUERY = re.compile(r"\s*turn_(\d+)_(en|zh-hans|zh-hant)_([ez])(\d{1,5})_(\d{1,5})\s*")
# An excerpt's offsets are written with at most 5 digits (they fit a 64-byte button with room to
# spare); an excerpt further into a turn (a transcript with no speaker changes) is named by its turn.
MAX_ANCHOR_OFFSET = 99_999
_MAX_ID_DIGITS = 9  # turn ids are far shorter; a longer number names no turn (and would overflow SQLite)


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """What a Share button's inline query names: a turn, and the excerpt read (None: its opening)."""

    turn_id: int
    text_language: Language | None = None
    anchor: Anchor | None = None


def share_query(turn_id: int, text_language: Language | None = None, anchor: Anchor | None = None) -> str:
    """The inline query naming one turn (`turn_42`, also a /start payload) or one excerpt of it
    as read (`turn_42_en_e812_819`); `shared_passage` reads either back."""
    if text_language is None or anchor is None or anchor.span is None or anchor.span[1] > MAX_ANCHOR_OFFSET:
        return f"turn_{turn_id}"
    start, end = anchor.span
    return f"turn_{turn_id}_{text_language}_{'e' if anchor.field == 'en' else 'z'}{start}_{end}"


def turn_id_from_query(query: str) -> int | None:
    """`turn_42` (from a share button or a deep link) → 42; an impossibly long number → 0, which names none."""
    match = _TURN_QUERY.fullmatch(query)
    return None if match is None else _turn_id(match.group(1))


def shared_passage(query: str) -> SharedPassage | None:
    """`turn_42` or `turn_42_en_e812_819` → what it names; None for any other query."""
    if (turn_id := turn_id_from_query(query)) is not None:
        return SharedPassage(turn_id)
    match = _SHARED_QUERY.fullmatch(query)
    if match is None:
        return None
    start, end = int(match.group(4)), int(match.group(5))
    anchor = Anchor("en" if match.group(3) == "e" else "zh", (start, end) if end > start else None)
    return SharedPassage(_turn_id(match.group(1)), match.group(2), anchor)  # type: ignore[arg-type]


def _turn_id(digits: str) -> int:
    return int(digits) if len(digits) <= _MAX_ID_DIGITS else 0


def turn_deep_link(bot_username: str, turn_id: int) -> str:
    """t.me link that opens the bot on one turn."""
    return f"https://t.me/{bot_username}?start={share_query(turn_id)}"
