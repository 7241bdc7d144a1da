"""The checks Telegram makes on what a bot sends: text, keyboards, inline results, menus.

A message accepted here should be one Telegram accepts, so a bug shows up in the console (and
in the end-to-end tests' stand-in, which uses these same checks) with Telegram's wording,
instead of only after deploying. Wordings marked "stand-in wording" are not known Telegram
strings; everything else is copied from Telegram / tdlib.
"""

from __future__ import annotations

import re
from typing import Any

from bot.console.errors import bad_request
from bot.console.telegram_html import parse_html, utf16_len
from bot.limits import CALLBACK_ANSWER_CHARS, CALLBACK_DATA_BYTES, INLINE_RESULTS, MESSAGE_CHARS

MAX_MESSAGE_LENGTH = MESSAGE_CHARS
MAX_CALLBACK_DATA_BYTES = CALLBACK_DATA_BYTES
MAX_CALLBACK_ANSWER_LENGTH = CALLBACK_ANSWER_CHARS
MAX_INLINE_RESULTS = INLINE_RESULTS
MAX_KEYBOARD_BUTTONS = 100  # stand-in limit
MAX_RESULT_ID_BYTES = 64
_BUTTON_ACTIONS = ("url", "callback_data", "switch_inline_query", "switch_inline_query_current_chat",
                   "switch_inline_query_chosen_chat", "login_url", "web_app", "callback_game", "pay", "copy_text")
_BUTTON_ERROR = "can't parse inline keyboard button: "
_RESULT_ERROR = "can't parse inline query result: "


def message_text(text: Any, parse_mode: Any = None, entities: Any = None, *,
                 strict_html: bool = True) -> tuple[str, list[dict]]:
    """The (text, entities) Telegram would store for sendMessage/editMessageText parameters.

    `strict_html`: see `parse_html`'s `strict`.
    """
    if text is None or text == "":
        raise bad_request("message text is empty")
    text = str(text)
    mode = str(parse_mode or "").lower()
    if entities:  # explicit entities win: Telegram then ignores parse_mode
        plain, parsed = text, list(entities)
    elif mode == "html":
        plain, parsed = parse_html(text, strict=strict_html)
    elif mode in ("", "markdown", "markdownv2"):
        plain, parsed = text, []  # the bot only sends HTML; Markdown is not checked
    else:
        raise bad_request("unsupported parse_mode")
    plain, parsed = strip_text(plain, parsed)
    if not plain:
        raise bad_request("message text is empty")
    if len(plain) > MAX_MESSAGE_LENGTH:  # counted in code points after parsing, as tdlib does
        raise bad_request("message is too long")
    return plain, parsed


def strip_text(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Drop surrounding whitespace as Telegram does, moving and clipping entities to match."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[:len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    kept = []
    for entity in entities:
        start, end = max(0, entity["offset"] - shift), min(limit, entity["offset"] + entity["length"] - shift)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def reply_markup(markup: Any) -> dict | None:
    """The inline keyboard a message will carry (None: none), or Telegram's refusal.

    Reply keyboards are accepted but never echoed: they sit below the input field, not on a message.
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_KEYBOARD_BUTTONS:
        raise bad_request("reply markup is too long")  # stand-in wording
    for button in buttons:
        _button(button)
    return {"inline_keyboard": rows}


def _button(button: Any) -> None:
    """One inline button: a non-empty text and exactly one action, each within Telegram's limits."""
    if not isinstance(button, dict):
        raise bad_request(_BUTTON_ERROR + "InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(_BUTTON_ERROR + 'Field "text" must be of type String')
    if not text.strip():
        raise bad_request(_BUTTON_ERROR + "button text must be non-empty")  # stand-in wording
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(_BUTTON_ERROR + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:  # stand-in wording; the docs demand exactly one
        raise bad_request(_BUTTON_ERROR + f"exactly one optional field must be used, got {actions}")
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")


def callback_answer_text(text: Any) -> str:
    """The toast or alert text of answerCallbackQuery (at most 200 characters)."""
    text = str(text or "")
    if len(text) > MAX_CALLBACK_ANSWER_LENGTH:
        raise bad_request("MESSAGE_TOO_LONG")
    return text


def inline_results(results: Any, strict_html: bool = True) -> list[dict]:
    """answerInlineQuery's results: at most 50, unique ids, each a result Telegram accepts."""
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")  # stand-in wording
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        result_id = result.get("id") if isinstance(result, dict) else None
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= MAX_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        _inline_result(result, strict_html)
    return results


def _inline_result(result: dict, strict_html: bool) -> None:
    """One result: a type; an article also a title and a message; any message must be valid."""
    if not isinstance(result.get("type"), str):
        raise bad_request(_RESULT_ERROR + 'Field "type" must be of type String')
    content = result.get("input_message_content")
    if result["type"] == "article":
        if not result.get("title"):
            raise bad_request(_RESULT_ERROR + 'Field "title" must be of type String')
        if not isinstance(content, dict):
            raise bad_request(_RESULT_ERROR + 'Field "input_message_content" must be of type Object')
    if isinstance(content, dict) and "message_text" in content:
        message_text(content["message_text"], content.get("parse_mode"), content.get("entities"),
                     strict_html=strict_html)
    reply_markup(result.get("reply_markup"))


def inline_results_button(button: Any) -> dict | None:
    """The button above inline results: a text, and exactly one of start_parameter (1-64 of
    A-Za-z0-9_-) or web_app."""
    if button is None:
        return None
    if not isinstance(button, dict) or not str(button.get("text") or "").strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    if ("start_parameter" in button) == ("web_app" in button):
        raise bad_request("BUTTON_TYPE_INVALID")
    if "start_parameter" in button and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(button["start_parameter"])):
        raise bad_request("START_PARAM_INVALID")
    return button


def bot_commands(commands: Any) -> list[dict]:
    """setMyCommands' menu: at most 100 commands of a-z, 0-9 and _, each with a description."""
    if not isinstance(commands, list):
        raise bad_request('parameter "commands" is required')  # stand-in wording
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict) or "description" not in command:
            raise bad_request("can't parse BotCommand: Can't find field \"description\"")
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        text = str(command["description"])
        if not text.strip():
            raise bad_request("command description must be non-empty")  # stand-in wording
        if len(text) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return commands


def description(text: Any, limit: int) -> str:
    """setMyDescription (512) and setMyShortDescription (120)."""
    text = str(text or "")
    if len(text) > limit:
        raise bad_request("BOT_DESCRIPTION_INVALID" if limit > 120 else "BOT_SHORT_DESCRIPTION_INVALID")
    return text
