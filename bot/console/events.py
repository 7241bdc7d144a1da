"""What happened in the chat during one update, in order: what the terminal then prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    """The bot sent a new message (Telegram's Message dict, text and entities parsed)."""

    message: dict


@dataclass(frozen=True)
class Edited:
    """The bot replaced a message's text and buttons; `message` is the new state."""

    message: dict


@dataclass(frozen=True)
class Answered:
    """The bot answered your button press with a toast, or an alert you must dismiss."""

    text: str
    alert: bool


@dataclass(frozen=True)
class InlineAnswered:
    """The bot's results for an inline query, and the optional button above them."""

    query: str
    results: list[dict]
    button: dict | None


@dataclass(frozen=True)
class Refused:
    """Telegram would refuse this call: the bot has a bug (or, for an unmodified edit, none)."""

    method: str
    description: str


Event = Sent | Edited | Answered | InlineAnswered | Refused
