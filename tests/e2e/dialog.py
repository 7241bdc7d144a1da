"""Talking to the bot through the stand-in as a Telegram user would."""

from __future__ import annotations

from tests.e2e.standin import BotApiStandIn, RecordedCall, parse_message_text

ATTRIBUTION = "Eye on AI #118 · 2023-03-14"


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
