"""Talking to the bot through the stand-in as a Telegram user would."""

from __future__ import annotations

import asyncio
import re
import time

from tests.e2e.botprocess import BotProcess
from tests.e2e.standin import BotApiStandIn, RecordedCall, parse_message_text

ATTRIBUTION = "Eye on AI #118 · 2023-03-14"
HELP_HEADING = "How to use me"  # the first line of /help in English: the marker's answer


async def ask(api: BotApiStandIn, text: str, *, chat_id: int, user_id: int | None = None,
              chat_type: str = "private", language_code: str | None = "en", timeout: float = 10) -> RecordedCall:
    """Send `text` as a user and return the bot's reply in that chat."""
    api.send_message(text, chat_id=chat_id, user_id=chat_id if user_id is None else user_id,
                     chat_type=chat_type, language_code=language_code)
    return await api.replies_to(chat_id, timeout=timeout)


async def press(api: BotApiStandIn, message: RecordedCall, data: str, *, user_id: int,
                language_code: str | None = "en") -> tuple[RecordedCall, RecordedCall | None]:
    """Press a button; return (the callback answer, the reply or edit it caused, if any)."""
    update_id = api.press_button(message, data, user_id=user_id, language_code=language_code)
    query_id = api.injected_update(update_id)["callback_query"]["id"]
    answer = await api.wait_for("answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query_id)
    if answer.params.get("show_alert"):
        return answer, None
    chat_id = message.result["chat"]["id"]
    return answer, await api.replies_to(chat_id)


def plain(call: RecordedCall) -> str:
    """The text the user sees (HTML parsed)."""
    return parse_message_text(call.params["text"], call.params.get("parse_mode"))[0]


def bold(call: RecordedCall) -> list[str]:
    """The bold fragments of the reply, e.g. highlighted search matches."""
    text, entities = parse_message_text(call.params["text"], call.params.get("parse_mode"))
    encoded = text.encode("utf-16-le")
    return [encoded[e["offset"] * 2:(e["offset"] + e["length"]) * 2].decode("utf-16-le")
            for e in entities if e["type"] == "bold"]


def buttons(call: RecordedCall) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def button(call: RecordedCall, label: str) -> str:
    """callback_data of the first button whose text contains `label`."""
    for candidate in buttons(call):
        if label in candidate["text"] and "callback_data" in candidate:
            return candidate["callback_data"]
    raise AssertionError(f"no button {label!r} in {[b['text'] for b in buttons(call)]}")


def calls_in(api: BotApiStandIn, chat_id: int | str) -> list[RecordedCall]:
    """Every call the bot made about `chat_id` (sends, edits, chat actions, member look-ups…)."""
    return [c for c in api.calls if str(c.params.get("chat_id")) == str(chat_id)]


async def answered_after(bot: BotProcess, update_id: int, *, chat_id: int, user_id: int,
                         chat_type: str = "private") -> RecordedCall:
    """The positive sign that the bot is done with `update_id`, for "nothing else was sent" checks.

    Waits until the bot confirmed `update_id` to the stand-in (it has the update), then sends
    /help in `chat_id` and waits for that answer, which must be the next reply in the chat.
    The bot must run with CONCURRENT_UPDATES=1: it then handles one update at a time, in
    order, error handler included, so once /help is answered `update_id` is finished and
    anything it sent is already recorded (an answer to it would also come first, failing here).
    Returns the help reply.
    """
    assert bot.env.get("CONCURRENT_UPDATES") == "1", "answered_after needs a bot that handles one update at a time"
    api = bot.standin
    await api.wait_confirmed(update_id)
    command = "/help" if chat_type == "private" else f"/help@{api.bot_user['username']}"
    marker = api.send_message(command, chat_id=chat_id, user_id=user_id, chat_type=chat_type)
    reply = await api.replies_to(chat_id)
    assert plain(reply).startswith(HELP_HEADING), f"an answer before the one to {command}: {plain(reply)!r}"
    if chat_type != "private":  # in groups every answer quotes the message it answers
        assert reply.params["reply_parameters"]["message_id"] == api.injected_update(marker)["message"]["message_id"]
    return reply


_PROBLEM = re.compile(r"^\S+ \S+ (ERROR|CRITICAL) |Traceback \(most recent call last\)", re.MULTILINE)


class LogWindow:
    """The lines a bot process logged from now on, e.g. while it handled one test's updates."""

    def __init__(self, bot: BotProcess) -> None:
        self._path = bot.log_path
        self._start = self._path.stat().st_size if self._path.exists() else 0

    def text(self) -> str:
        with self._path.open("rb") as log:
            log.seek(self._start)
            return log.read().decode(errors="replace")

    def problems(self) -> list[str]:
        """ERROR / CRITICAL records and tracebacks, each with the line after it for context."""
        text = self.text()
        return [text[m.start():m.start() + 400] for m in _PROBLEM.finditer(text)]


async def wait_for_log(bot: BotProcess, pattern: str, timeout: float = 15.0) -> re.Match:
    """Until the bot logs a line matching `pattern` (a regex); the match."""
    deadline = time.monotonic() + timeout
    while not (found := re.search(pattern, bot.log(), re.MULTILINE)):
        if time.monotonic() > deadline:
            raise AssertionError(f"the bot logged no line matching {pattern!r} in {timeout}s:\n{bot.log()[-3000:]}")
        await asyncio.sleep(0.05)
    return found
