"""What the console's Telegram knows: the bot, you, the one chat, its messages, open queries.

It also makes the updates your input becomes, because a message you send must be in the chat
(with its id) before the bot can reply to it, exactly as on Telegram.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field

from bot.console.telegram_html import utf16_len

PLACEHOLDER_TOKEN = "7000000001:console_placeholder_not_a_real_token"  # the shape bot/config.py accepts
BOT_USERNAME = "QuoteConsoleBot"
USER_ID = 5_550_001
GROUP_ID = -1_001_555_000_001
# The language_code a Telegram app in that language sends (zh-hant: a Taiwanese phone).
TELEGRAM_CODES = {"en": "en", "zh-hans": "zh-hans", "zh-hant": "zh-TW"}

MessageKey = tuple[int, int]  # (chat_id, message_id)


def bot_user() -> dict:
    """getMe's answer: the bot's id is the token's number, as on Telegram."""
    return {"id": int(PLACEHOLDER_TOKEN.split(":")[0]), "is_bot": True, "first_name": "Interview Quote Bot",
            "username": BOT_USERNAME, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True, "can_connect_to_business": False, "has_main_web_app": False}


@dataclass
class World:
    """The chat you and the bot share, and everything said in it."""

    language_code: str
    in_group: bool = False
    bot: dict = field(default_factory=bot_user)
    messages: dict[MessageKey, dict] = field(default_factory=dict)
    inline_messages: dict[str, MessageKey] = field(default_factory=dict)  # inline_message_id → message
    open_callback_queries: set[str] = field(default_factory=set)
    open_inline_queries: dict[str, str] = field(default_factory=dict)  # query id → the words asked
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _update_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _query_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def user(self) -> dict:
        """You, as Telegram describes you to the bot."""
        return {"id": USER_ID, "is_bot": False, "first_name": "Console", "language_code": self.language_code}

    @property
    def chat(self) -> dict:
        """A private chat with the bot, or (--group) a supergroup you own."""
        if self.in_group:
            return {"id": GROUP_ID, "type": "supergroup", "title": "Console group"}
        return {"id": USER_ID, "type": "private", "first_name": "Console"}

    def bot_sender(self) -> dict:
        """The bot as the sender of its messages (getMe's extra fields are not in a Message)."""
        return {key: self.bot[key] for key in ("id", "is_bot", "first_name", "username")}

    def new_message(self, sender: dict, text: str, entities: list[dict], markup: dict | None = None) -> dict:
        """Store a message in the chat with the next message id and return it."""
        message = {"message_id": next(self._message_ids), "from": sender, "chat": self.chat,
                   "date": int(time.time()), "text": text}
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        self.messages[(self.chat["id"], message["message_id"])] = message
        return message

    def message_update(self, text: str) -> dict:
        """The update for a line you typed; a leading /command gets its bot_command entity."""
        command = re.match(r"/\S+", text)
        entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}] if command else []
        return self._update("message", self.new_message(self.user, text, entities))

    def via_bot_update(self, text: str, entities: list[dict], markup: dict | None) -> tuple[dict, dict]:
        """You sent an inline result into the chat: the message (via the bot) and its update."""
        message = self.new_message(self.user, text, entities, markup)
        message["via_bot"] = self.bot_sender()
        if markup:  # buttons on an inline message are pressed by inline_message_id
            self.inline_messages[f"console-inline-{message['message_id']}"] = (self.chat["id"], message["message_id"])
        return message, self._update("message", message)

    def callback_update(self, key: MessageKey, data: str) -> dict:
        """Your press of a button with `data` on the message `key`, as it is now."""
        query_id = f"cq{next(self._query_ids)}"
        self.open_callback_queries.add(query_id)
        query = {"id": query_id, "from": self.user, "chat_instance": str(abs(self.chat["id"]) * 7919), "data": data}
        inline_id = next((name for name, target in self.inline_messages.items() if target == key), None)
        if inline_id is not None:
            query["inline_message_id"] = inline_id
        else:
            query["message"] = self.messages[key]
        return self._update("callback_query", query)

    def inline_update(self, query: str) -> dict:
        """`@bot words` typed in this chat."""
        query_id = f"iq{next(self._query_ids)}"
        self.open_inline_queries[query_id] = query
        inline = {"id": query_id, "from": self.user, "query": query, "offset": "", "chat_type": self.chat["type"]}
        return self._update("inline_query", inline)

    def _update(self, kind: str, payload: dict) -> dict:
        """Wrap `payload` in an update with the next update_id."""
        return {"update_id": next(self._update_ids), kind: payload}
