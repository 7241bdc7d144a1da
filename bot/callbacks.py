"""Callback data for inline buttons: short, typed, owned by the user who asked.

Telegram gives a button 1-64 bytes of data and sends back whatever a client claims,
so every field is checked on the way in and anything odd decodes to None (forged/stale).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

MAX_CALLBACK_BYTES = 64


class Kind(str, Enum):
    """What a button does; the value is its one-letter wire code."""

    TURN = "t"  # show a turn in place of this message: args (turn_id, language, part)
    OPEN = "o"  # show a turn as a new message (from a result list): args (turn_id, language, part)
    ANOTHER = "q"  # another random quote: args (language, turn_id shown now, not to repeat)
    SEARCH_PAGE = "s"  # a page of a stored search: args (session_id, page)
    TOPIC_PAGE = "p"  # a page of a topic: args (topic_key, page)
    TOPICS = "T"  # the topic list: no args
    LANGUAGE = "l"  # save a reply language: args (language,)


# The shape of each kind's arguments; anything else is rejected.
_ARG_SHAPES: dict[Kind, tuple[str, ...]] = {
    Kind.TURN: (r"\d{1,9}", r"en|zh-hans|zh-hant", r"\d{1,3}"),
    Kind.OPEN: (r"\d{1,9}", r"en|zh-hans|zh-hant", r"\d{1,3}"),
    Kind.ANOTHER: (r"en|zh-hans|zh-hant", r"\d{1,9}"),
    Kind.SEARCH_PAGE: (r"[0-9a-z]{1,12}", r"\d{1,3}"),
    Kind.TOPIC_PAGE: (r"[a-z0-9_-]{1,32}", r"\d{1,3}"),
    Kind.TOPICS: (),
    Kind.LANGUAGE: (r"en|zh-hans|zh-hant",),
}
# Compiled once: every result list encodes (and so checks) a dozen buttons.
_ARG_PATTERNS = {kind: tuple(re.compile(shape, re.ASCII) for shape in shapes) for kind, shapes in _ARG_SHAPES.items()}
_OWNER = re.compile(r"\d{1,19}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Action:
    """A decoded button press. `owner` 0 means anyone in the chat may press it."""

    kind: Kind
    owner: int
    args: tuple[str, ...] = ()

    def encode(self) -> str:
        data = ":".join((self.kind.value, str(self.owner), *self.args))
        if len(data.encode()) > MAX_CALLBACK_BYTES or decode(data) != self:
            raise ValueError(f"cannot encode callback data {data!r}")
        return data

    def may_be_used_by(self, user_id: int | None) -> bool:
        return self.owner == 0 or self.owner == user_id


def decode(data: str | None) -> Action | None:
    """Parse callback data; None for anything this bot did not make."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    code, _, rest = data.partition(":")
    owner, _, arg_text = rest.partition(":")
    try:
        kind = Kind(code)
    except ValueError:
        return None
    args = tuple(arg_text.split(":")) if arg_text else ()
    patterns = _ARG_PATTERNS[kind]
    if not _OWNER.fullmatch(owner) or len(args) != len(patterns):
        return None
    if not all(p.fullmatch(a) for p, a in zip(patterns, args)):
        return None
    action = Action(kind, int(owner), args)
    # Only the exact text this bot writes: "T:00" or "T:0:" would name the same action.
    return action if ":".join((kind.value, str(action.owner), *args)) == data else None
