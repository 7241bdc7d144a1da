"""The console's Bot API: a python-telegram-bot transport that answers in-process, like Telegram.

`build_application(..., request=ConsoleBotApi(world))` routes every Bot API call the real bot
makes here instead of to api.telegram.org. Each call is checked as Telegram checks it, applied
to the `World`, and recorded as an event the terminal prints.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Container
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.console import validation
from bot.console.errors import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, bad_request
from bot.console.events import Answered, Edited, Event, InlineAnswered, Refused, Sent
from bot.console.world import USER_ID, MessageKey, World

log = logging.getLogger(__name__)


class ConsoleBotApi(BaseRequest):
    """Answers getMe, sendMessage, editMessageText, the two query answers, the menu calls and
    getChatMember; any other method is accepted with `true`, as most setters answer."""

    def __init__(self, world: World) -> None:
        """A Bot API for the console's `world`."""
        self.world = world
        # Like Telegram, a bare "&" or an unknown "&name;" is shown as it is, not refused.
        self.strict_html = False
        self.events: list[Event] = []
        self._methods: dict[str, Callable[[dict], Any]] = {
            "getMe": lambda params: world.bot,
            "getUpdates": lambda params: [],  # updates come from stdin, never from a poll
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "getChatMember": self._get_chat_member,
            "getChat": self._get_chat,
            "setMyCommands": lambda params: _accept(validation.bot_commands(params.get("commands"))),
            "setMyDescription": lambda params: _accept(validation.description(params.get("description"), 512)),
            "setMyShortDescription": lambda params: _accept(
                validation.description(params.get("short_description"), 120)),
        }

    async def initialize(self) -> None:
        """Nothing to open: there is no connection."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float:
        """Required by BaseRequest; nothing here waits."""
        return 5.0

    def take_events(self) -> list[Event]:
        """What happened since the last call, oldest first."""
        events, self.events = self.events, []
        return events

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: object) -> tuple[int, bytes]:
        """One Bot API call: `{"ok": true, "result": ...}`, or Telegram's error envelope."""
        endpoint = url.rsplit("/", 1)[-1]
        # A deep copy through JSON: what Telegram receives, and nothing the bot can mutate later.
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        handler = self._methods.get(endpoint, lambda params: True)
        try:
            result = handler(params)
        except ApiError as error:
            self.events.append(Refused(endpoint, error.description))
            log.debug("refused %s: %s", endpoint, error.description)
            return error.status, json.dumps(error.body()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- methods ---------------------------------------------------------------------------

    def _chat(self, params: dict) -> dict:
        """The chat a call names, which must be the console's one chat."""
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise bad_request("chat_id is empty")
        if str(chat_id) != str(self.world.chat["id"]):
            raise bad_request("chat not found")
        return self.world.chat

    def _message_text(self, params: dict) -> tuple[str, list[dict]]:
        """The text and entities of a sendMessage or editMessageText, as Telegram stores them."""
        return validation.message_text(params.get("text"), params.get("parse_mode"), params.get("entities"),
                                       strict_html=self.strict_html)

    def _send_message(self, params: dict) -> dict:
        """sendMessage: store the message and return it, as Telegram does."""
        self._chat(params)
        text, entities = self._message_text(params)
        markup = validation.reply_markup(params.get("reply_markup"))
        if params.get("message_thread_id") is not None:
            raise bad_request("message thread not found")  # the console chat is not a forum
        replied = self._replied_message(params)
        message = self.world.new_message(self.world.bot_sender(), text, entities, markup)
        if replied is not None:
            message["reply_to_message"] = replied
        self.events.append(Sent(message))
        return message

    def _replied_message(self, params: dict) -> dict | None:
        """The message `reply_parameters` points to, which must exist."""
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id")
        if message_id is None:
            return None
        found = self.world.messages.get((self.world.chat["id"], int(message_id)))
        if found is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return found

    def _edit_message_text(self, params: dict) -> dict | bool:
        """editMessageText: replace text and keyboard; an identical edit is refused."""
        text, entities = self._message_text(params)
        markup = validation.reply_markup(params.get("reply_markup"))
        key = self._message_to_edit(params)
        current = self.world.messages[key]
        if (text, entities, markup) == (current["text"], current.get("entities", []), current.get("reply_markup")):
            raise bad_request(NOT_MODIFIED)
        # Without reply_markup an edit removes the keyboard, as on Telegram.
        edited = {name: value for name, value in current.items() if name not in ("entities", "reply_markup")}
        edited.update(text=text, edit_date=edited["date"] + 1)
        if entities:
            edited["entities"] = entities
        if markup:
            edited["reply_markup"] = markup
        self.world.messages[key] = edited
        self.events.append(Edited(edited))
        return True if params.get("inline_message_id") else edited  # Telegram's two answers

    def _message_to_edit(self, params: dict) -> MessageKey:
        """The key of the message an edit names: an inline one, or a bot message in the chat."""
        inline_id = params.get("inline_message_id")
        if inline_id:
            if inline_id not in self.world.inline_messages:
                raise bad_request("MESSAGE_ID_INVALID")
            return self.world.inline_messages[inline_id]
        key = (self._chat(params)["id"], params.get("message_id"))
        message = self.world.messages.get(key)
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.world.bot["id"]:
            raise bad_request("message can't be edited")
        return key

    def _answer_callback_query(self, params: dict) -> bool:
        """answerCallbackQuery: once per press, with an optional toast or alert."""
        query_id = _open_query(self.world.open_callback_queries, params.get("callback_query_id"))
        text = validation.callback_answer_text(params.get("text"))
        self.world.open_callback_queries.discard(query_id)
        if text:
            self.events.append(Answered(text, bool(params.get("show_alert"))))
        return True

    def _answer_inline_query(self, params: dict) -> bool:
        """answerInlineQuery: once per query, with valid results."""
        query_id = _open_query(self.world.open_inline_queries, params.get("inline_query_id"))
        results = validation.inline_results(params.get("results"), strict_html=self.strict_html)
        button = validation.inline_results_button(params.get("button"))
        self.events.append(InlineAnswered(self.world.open_inline_queries.pop(query_id), results, button))
        return True

    def _get_chat(self, params: dict) -> dict:
        """getChat: the chat with the fields ChatFullInfo requires."""
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription",
                               "gifts_from_channels"), False)
        return {**self._chat(params), "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def _get_chat_member(self, params: dict) -> dict:
        """getChatMember for you or the bot in the console's chat."""
        self._chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("invalid user_id specified")
        if user_id == self.world.bot["id"]:
            return {"status": "member", "user": self.world.bot_sender()}
        if user_id != USER_ID:
            raise bad_request("PARTICIPANT_ID_INVALID")
        # In --group you are the group's owner, so group settings (/language) are yours to change.
        status = "creator" if self.world.in_group else "member"
        extra = {"is_anonymous": False} if status == "creator" else {}
        return {"status": status, "user": self.world.user, **extra}


def _open_query(open_queries: Container[str], query_id: Any) -> str:
    """The id of a query the bot may still answer: each is answered once, while it is open."""
    if query_id not in open_queries:
        raise bad_request(QUERY_TOO_OLD)
    return query_id


def _accept(_: object) -> bool:
    """A setter that passed its checks answers `true`."""
    return True
