"""A fake Telegram Bot API server for end-to-end tests.

Telegram is unreachable from CI, so the real bot process talks to this
stand-in through ``TELEGRAM_API_BASE_URL`` (``BotApiStandIn.base_url``).
The stand-in answers like api.telegram.org does: same status codes, same
``{"ok": ..., "description": ...}`` envelopes, the same error descriptions
where we know them, and the same validation of message text, HTML and
inline keyboards, so a message the stand-in accepts is one Telegram accepts.

Typical use::

    async with BotApiStandIn() as api:
        start_bot(base_url=api.base_url, token=api.token)
        api.send_message("/start", user_id=42)
        reply = await api.replies_to(42)
        assert "Welcome" in reply.params["text"]
        assert api.rejected() == []

Descriptions marked "stand-in wording" in comments are not known Telegram
strings; everything else is copied from Telegram / tdlib.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

# Telegram's rules (HTML parsing, the limits and checks on text, keyboards, inline results and
# commands, error wording) live once, in bot/console/, shared with the console's stand-in.
from bot.console.errors import NOT_MODIFIED, QUERY_TOO_OLD, ApiError, bad_request
from bot.console.telegram_html import parse_html, utf16_len
from bot.console.validation import MAX_CALLBACK_ANSWER_LENGTH
from bot.console.validation import bot_commands as _validate_commands
from bot.console.validation import description as _validate_description
from bot.console.validation import inline_results as _validate_inline_results
from bot.console.validation import inline_results_button as _validate_inline_button
from bot.console.validation import message_text as parse_message_text
from bot.console.validation import reply_markup as validate_reply_markup

__all__ = [
    "ApiError",
    "BotApiStandIn",
    "DEFAULT_USER_ID",
    "Fault",
    "RecordedCall",
    "parse_html",
    "parse_message_text",
    "validate_reply_markup",
]

DEFAULT_USER_ID = 424242
GET_UPDATES_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
# Telegram only delivers these when they are asked for explicitly.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice",
    "upload_voice", "upload_document", "choose_sticker", "find_location",
    "record_video_note", "upload_video_note",
})


# --------------------------------------------------------------------------
# Recorded calls and faults
# --------------------------------------------------------------------------

@dataclass
class RecordedCall:
    """One request the bot made. ``at`` is the monotonic time it arrived.

    ``status`` 0 means the connection was dropped without an answer; ``ok``
    then says whether Telegram had performed the call anyway.
    """

    method: str
    params: dict
    status: int
    ok: bool
    error: str | None
    at: float
    injected: bool = False
    result: Any = None
    client_gone: bool = False  # the client had hung up before we answered

    def is_to(self, method: str) -> bool:
        return self.method.lower() == method.lower()


@dataclass(frozen=True)
class Fault:
    """Something going wrong between the bot and Telegram. Build with the classmethods."""

    kind: str
    status: int = 0
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    after_processing: bool = False

    @classmethod
    def too_many_requests(cls, retry_after: int = 1) -> Fault:
        return cls("answer", 429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        return cls("answer", status, _HTTP_REASONS.get(status, "Internal Server Error"))

    @classmethod
    def drop_connection(cls, *, after_processing: bool = False) -> Fault:
        """Hang up without answering.

        ``after_processing=True`` performs the call first (the message IS sent),
        the case where a blind retry would deliver a duplicate.
        """
        return cls("drop", 0, "connection dropped", after_processing=after_processing)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", 0, "", delay=seconds)


def _too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


_HTTP_REASONS = {500: "Internal Server Error", 502: "Bad Gateway",
                 503: "Service Unavailable", 504: "Gateway Time-out"}


def _nginx_page(status: int) -> str:
    # What Telegram's front proxy really serves for 502/504: HTML, not JSON.
    title = f"{status} {_HTTP_REASONS.get(status, 'Error')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n")


def _fault_response(fault: Fault) -> web.Response:
    if fault.status in (502, 503, 504):
        return web.Response(status=fault.status, text=_nginx_page(fault.status),
                            content_type="text/html")
    error = ApiError(fault.status, fault.description,
                     {"retry_after": fault.retry_after} if fault.retry_after else None)
    return web.json_response(error.body(), status=fault.status)


# --------------------------------------------------------------------------
# Request decoding
# --------------------------------------------------------------------------

# Parameters Telegram reads as strings: never JSON-decode them ("123" stays text).
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "inline_query_id", "query",
    "data", "description", "short_description", "url", "secret_token", "language_code",
    "next_offset", "action", "title", "inline_message_id", "ip_address", "name",
    "message_effect_id", "business_connection_id", "custom_title",
})


def _decode_value(name: str, value: Any) -> Any:
    """PTB sends every non-string value JSON-encoded inside form fields."""
    if not isinstance(value, str) or name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


async def _read_params(request: web.Request) -> dict:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        try:
            body = await request.json() if request.can_read_body else {}
        except ValueError:
            raise bad_request("can't parse JSON encoded request body") from None
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")  # stand-in wording
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                value = {"filename": value.filename, "content_type": value.content_type,
                         "size": len(value.file.read())}
            params[key] = value
    return {key: _decode_value(key, value) for key, value in params.items()}


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------

@dataclass
class _Poll:
    """A getUpdates request currently waiting for updates."""

    request: web.Request
    terminated: bool = False


@dataclass
class _Method:
    name: str
    handler: Callable[[dict], Any]


@dataclass
class _Described:
    """A result Telegram sends with a top-level "description" (setWebhook & co)."""

    result: Any
    description: str


@dataclass
class _State:
    """Everything the fake Telegram remembers between requests."""

    updates: deque = field(default_factory=deque)
    allowed_updates: list | None = None
    webhook_url: str = ""
    webhook_secret: str = ""
    users: dict = field(default_factory=dict)
    chats: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)  # (chat_id, message_id) -> Message
    last_message_id: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)  # (chat_id, user_id) -> status
    blocked_by: set = field(default_factory=set)
    open_callback_queries: set = field(default_factory=set)
    open_inline_queries: set = field(default_factory=set)
    commands: dict = field(default_factory=dict)
    descriptions: dict = field(default_factory=dict)
    injected: dict = field(default_factory=dict)  # update_id -> update
    confirmed_below: int = 0  # the bot has confirmed every update_id below this


class BotApiStandIn:
    """Fake api.telegram.org on 127.0.0.1, driven and inspected from tests."""

    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        token: str | None = None,
        username: str = "QuoteTestBot",
        first_name: str = "Quote Test Bot",
        can_join_groups: bool = True,
        can_read_all_group_messages: bool = False,
        supports_inline_queries: bool = True,
        strict_html: bool = True,
        flood_limit: int | None = None,
        flood_retry_after: int = 1,
        on_call: Callable[[RecordedCall], None] | None = None,
        keep_calls: bool = True,
    ):
        """``flood_limit``: Telegram's per-chat flood limit. A message (send*, copy*, forward*)
        that would be the chat's ``flood_limit + 1``-th within one second is refused with 429
        and ``parameters.retry_after`` = ``flood_retry_after``, and so is every message to that
        chat until then. None (the default): no limit.

        ``on_call`` is called with every RecordedCall as it is recorded (e.g. a soak test
        matching answers to updates as they come). ``keep_calls=False`` keeps no list of them
        in ``calls``, so a run of hours holds no more than a run of seconds (then wait_for,
        replies_to and the other inspection helpers see nothing)."""
        self.token = token or f"{bot_id}:AAE-standin_test_token_0123456789abcd"
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": first_name,
                         "username": username}
        self._me = {**self.bot_user, "can_join_groups": can_join_groups,
                    "can_read_all_group_messages": can_read_all_group_messages,
                    "supports_inline_queries": supports_inline_queries,
                    "can_connect_to_business": False, "has_main_web_app": False}
        self.strict_html = strict_html
        self.flood_limit, self.flood_retry_after = flood_limit, flood_retry_after
        self._flood_sent: dict[str, deque[float]] = {}  # chat → when its recent messages arrived
        self._flood_blocked: dict[str, float] = {}  # chat → refused until
        self.calls: list[RecordedCall] = []
        self._on_call, self._keep_calls = on_call, keep_calls
        self._consumed: set[int] = set()
        self._faults: dict[str, deque[Fault]] = {}
        self._state = _State()
        self._update_ids = itertools.count(10_000_001)
        self._query_ids = itertools.count(1)
        self._poll: _Poll | None = None
        self._changed = asyncio.Event()
        self._last_activity = time.monotonic()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._methods = {m.name.lower(): m for m in self._method_table()}

    # -- lifecycle ------------------------------------------------------------
    async def start(self) -> None:
        self._closing = False
        app = web.Application(client_max_size=50 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True  # lets pending long polls return at once
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Value for TELEGRAM_API_BASE_URL: PTB appends ``<token>/<method>``."""
        if self._port is None:
            raise RuntimeError("BotApiStandIn is not started")
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def is_polling(self) -> bool:
        """True while a getUpdates long poll is waiting for updates."""
        return self._poll is not None

    # -- configuration ------------------------------------------------------
    def inject(self, method: str, fault: Fault, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` (or "*" for any) fail with ``fault``."""
        self._faults.setdefault(method.lower(), deque()).extend([fault] * times)

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Status getChatMember reports: creator/administrator/member/restricted/left/kicked."""
        if status not in _MEMBER_FIELDS:
            raise ValueError(f"unknown status {status!r}")
        self._state.members[(chat_id, user_id)] = status

    def add_chat(self, chat_id: int, chat_type: str = "private", *, title: str | None = None,
                 user_id: int | None = None) -> dict:
        """Make a chat known without a user writing first (Telegram: "chat not found")."""
        if chat_type == "private":
            user = self._state.users.get(user_id or chat_id) or self._user(user_id or chat_id)
            return self._chat(chat_id, "private", user=user)
        return self._chat(chat_id, chat_type, title=title)

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: sending to their private chat answers 403."""
        self._state.blocked_by.add(user_id)

    # -- inspection -----------------------------------------------------------
    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.is_to(method)]

    def rejected(self) -> list[RecordedCall]:
        """Calls Telegram would have refused: bugs in the bot, not injected faults."""
        return [call for call in self.calls
                if not call.ok and not call.injected and not call.client_gone]

    def too_many_requests(self) -> list[RecordedCall]:
        """Calls answered 429: by the flood limit, or an injected Fault."""
        return [call for call in self.calls if call.status == 429]

    def clear(self) -> None:
        self.calls.clear()
        self._consumed.clear()

    def injected_update(self, update_id: int) -> dict:
        """The update dict an injection helper queued, e.g. to read a callback query id."""
        return self._state.injected[update_id]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The current state of a message (after edits), None once deleted."""
        return self._state.messages.get((chat_id, message_id))

    def user_deletes(self, chat_id: int, message_id: int) -> None:
        """A user deletes a message, e.g. the bot's reply: the bot gets no update, as on Telegram."""
        if self._state.messages.pop((chat_id, message_id), None) is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        return self._state.commands.get(_commands_key(scope, language_code), [])

    # -- waiting ---------------------------------------------------------------
    async def wait_for(
        self, method: str, predicate: Callable[[RecordedCall], bool] | None = None,
        timeout: float = 10.0,
    ) -> RecordedCall:
        """First call to ``method`` matching ``predicate`` that no earlier wait returned.

        Failed and fault-injected calls count too; filter with the predicate
        (e.g. ``lambda c: c.ok``). Raises AssertionError listing recent calls.
        """
        return await self._wait_for_call(
            lambda call: call.is_to(method) and (predicate is None or predicate(call)),
            timeout, f"{method} call")

    async def replies_to(self, chat_id: int | str, timeout: float = 10.0) -> RecordedCall:
        """Next accepted sendMessage / editMessageText to ``chat_id``."""
        def is_reply(call: RecordedCall) -> bool:
            return (call.ok and (call.is_to("sendMessage") or call.is_to("editMessageText"))
                    and str(call.params.get("chat_id")) == str(chat_id))
        return await self._wait_for_call(is_reply, timeout, f"reply to chat {chat_id}")

    async def wait_quiet(self, seconds: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the bot made no call (long polls aside) for ``seconds``.

        Always waits at least ``seconds``, so it also covers work the bot is
        still doing for an update injected just before.
        """
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            idle = time.monotonic() - max(self._last_activity, started)
            if idle >= seconds:
                return
            await asyncio.sleep(seconds - idle)
        raise AssertionError(f"bot never went quiet for {seconds}s; calls: {self._summary()}")

    def confirmed(self, update_id: int) -> bool:
        """True once the bot confirmed ``update_id``: a getUpdates asked for a later offset
        (or its webhook answered 2xx). The bot then has the update and its handling has begun."""
        return self._state.confirmed_below > update_id

    async def wait_confirmed(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until the bot confirmed ``update_id`` (see ``confirmed``)."""
        if not await self._wait_until(lambda: self.confirmed(update_id), timeout):
            raise AssertionError(f"the bot never confirmed update {update_id}; calls: {self._summary()}")

    async def wait_until_polling(self, timeout: float = 10.0) -> None:
        """Wait until the bot is long-polling: it started up and is listening."""
        if not await self._wait_until(lambda: self.is_polling, timeout):
            raise AssertionError(f"bot did not start polling; calls: {self._summary()}")

    async def _wait_for_call(self, matches: Callable[[RecordedCall], bool], timeout: float,
                             wanted: str) -> RecordedCall:
        found: list[int] = []

        def scan() -> bool:
            for index, call in enumerate(self.calls):
                if index not in self._consumed and matches(call):
                    found.append(index)
                    return True
            return False

        if not await self._wait_until(scan, timeout):
            raise AssertionError(f"no {wanted} within {timeout}s; calls: {self._summary()}")
        self._consumed.add(found[0])
        return self.calls[found[0]]

    async def _wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                pass
        return True

    def _notify(self) -> None:
        # Swap in a fresh Event so every waiter wakes once and re-checks.
        self._changed.set()
        self._changed = asyncio.Event()

    def _summary(self) -> str:
        lines = [f"{c.method}({c.params.get('chat_id', '')}) -> {c.status}"
                 + (f" {c.error}" if c.error else "") for c in self.calls[-15:]]
        return "\n  " + "\n  ".join(lines) if lines else "none"

    # -- update injection ---------------------------------------------------
    def send_message(
        self, text: str, *, chat_id: int | None = None, user_id: int | None = DEFAULT_USER_ID,
        chat_type: str = "private", language_code: str | None = "en",
        username: str | None = None, first_name: str | None = None,
        title: str | None = None, reply_to_message_id: int | None = None, topic_id: int | None = None,
        forwarded_from: str | None = None,
    ) -> int:
        """Queue a user's message; return its update_id. `topic_id`: sent in that forum topic;
        `forwarded_from`: forwarded from someone of that name (who hides their account)."""
        if chat_type == "channel":
            return self.channel_post(text, chat_id=chat_id or -1001000000001, title=title)
        user = None if user_id is None else self._user(user_id, language_code, username, first_name)
        chat = self._chat_for_injection(chat_id, chat_type, user, title)
        if topic_id is not None:
            chat["is_forum"] = True
        message = self._new_message(chat, text, sender=user)
        if topic_id is not None:
            message.update(message_thread_id=topic_id, is_topic_message=True)
        if user is None:
            message["sender_chat"] = chat  # anonymous group admin
        if reply_to_message_id is not None:
            message["reply_to_message"] = self._state.messages[(chat["id"], reply_to_message_id)]
        if forwarded_from is not None:
            message["forward_origin"] = {"type": "hidden_user", "sender_user_name": forwarded_from,
                                         "date": message["date"] - 60}
        return self.raw_update({"message": message})

    def edit_message(self, update_id: int, text: str) -> int:
        """Queue an edit of the message injected as ``update_id``; return the new update_id."""
        original = self.injected_update(update_id)
        kind = "message" if "message" in original else "channel_post"
        key = (original[kind]["chat"]["id"], original[kind]["message_id"])
        message = {**self._state.messages[key], "text": text, "edit_date": int(time.time())}
        message.pop("entities", None)
        message.update(_command_entities(text))
        self._state.messages[key] = message
        return self.raw_update({f"edited_{kind}": message})

    def channel_post(self, text: str, *, chat_id: int = -1001000000001,
                     title: str | None = None, username: str | None = None) -> int:
        """Queue a post in a channel the bot administers (no ``from``)."""
        chat = self._chat(chat_id, "channel", title=title or "Test Channel", username=username)
        message = self._new_message(chat, text, sender=None)
        message["sender_chat"] = chat
        return self.raw_update({"channel_post": message})

    def press_button(
        self, message: RecordedCall | dict, data: str, *, user_id: int = DEFAULT_USER_ID,
        language_code: str | None = "en", username: str | None = None,
        first_name: str | None = None, check: bool = True,
    ) -> int:
        """Queue a callback_query for a button on a message the bot sent.

        ``message`` is the RecordedCall of the sendMessage/edit or its result.
        With ``check`` the button must exist on the message's *current* keyboard,
        because a real user cannot press a button that is not there.
        """
        sent = message.result if isinstance(message, RecordedCall) else message
        current = self.message(sent["chat"]["id"], sent["message_id"])
        if current is None:
            raise ValueError("message was deleted or never sent by the bot")
        if check and data not in _callback_data_of(current):
            raise ValueError(f"no button with callback_data {data!r}; "
                             f"keyboard has {_callback_data_of(current)}")
        query_id = str(3_000_000_000_000_000_000 + next(self._query_ids))
        self._state.open_callback_queries.add(query_id)
        query = {"id": query_id,
                 "from": self._user(user_id, language_code, username, first_name),
                 "message": current, "chat_instance": _chat_instance(current["chat"]["id"]),
                 "data": data}
        return self.raw_update({"callback_query": query})

    def inline_query(
        self, query: str, *, user_id: int = DEFAULT_USER_ID, language_code: str | None = "en",
        offset: str = "", chat_type: str | None = "private",
        username: str | None = None, first_name: str | None = None,
    ) -> int:
        """Queue an inline query (``@QuoteTestBot query``); return its update_id."""
        query_id = str(5_000_000_000_000_000_000 + next(self._query_ids))
        self._state.open_inline_queries.add(query_id)
        inline = {"id": query_id, "from": self._user(user_id, language_code, username, first_name),
                  "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return self.raw_update({"inline_query": inline})

    async def deliver_webhook(self, update_id: int, url: str | None = None) -> int:
        """POST an injected update to the bot's webhook like Telegram; return the HTTP status.

        ``url`` overrides the registered one, which usually is a public https
        address that tests cannot reach. The secret_token given to setWebhook is
        sent in X-Telegram-Bot-Api-Secret-Token. A 2xx confirms the update.
        """
        target = url or self._state.webhook_url
        if not target:
            raise ValueError("no webhook set and no url given")
        update = self.injected_update(update_id)
        headers = {}
        if self._state.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._state.webhook_secret
        async with ClientSession() as session:
            async with session.post(target, json=update, headers=headers) as response:
                status = response.status
        if 200 <= status < 300 and update in self._state.updates:
            self._state.updates.remove(update)
        if 200 <= status < 300:
            self._state.confirmed_below = max(self._state.confirmed_below, update_id + 1)
            self._notify()
        return status

    def raw_update(self, update: dict) -> int:
        """Queue any update dict; an update_id is assigned unless present."""
        update = {"update_id": next(self._update_ids), **update}
        self._state.updates.append(update)
        self._state.injected[update["update_id"]] = update
        self._notify()
        return update["update_id"]

    # -- object builders ------------------------------------------------------
    def _user(self, user_id: int, language_code: str | None = "en",
              username: str | None = None, first_name: str | None = None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name or f"Tester{user_id}"}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._state.users[user_id] = user
        return user

    def _chat(self, chat_id: int, chat_type: str, *, user: dict | None = None,
              title: str | None = None, username: str | None = None) -> dict:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private" and user is not None:
            chat["first_name"] = user["first_name"]
            if "username" in user:
                chat["username"] = user["username"]
        else:
            chat["title"] = title or self._state.chats.get(chat_id, {}).get("title") or "Test Group"
            if username:
                chat["username"] = username
        self._state.chats[chat_id] = chat
        return chat

    def _chat_for_injection(self, chat_id: int | None, chat_type: str, user: dict | None,
                            title: str | None) -> dict:
        if chat_type == "private":
            if user is None:
                raise ValueError("a private chat needs a user")
            return self._chat(chat_id or user["id"], "private", user=user)
        if chat_id is None:
            raise ValueError(f"chat_id is required for a {chat_type} chat")
        return self._chat(chat_id, chat_type, title=title)

    def _new_message(self, chat: dict, text: str, *, sender: dict | None) -> dict:
        message_id = self._state.last_message_id.get(chat["id"], 0) + 1
        self._state.last_message_id[chat["id"]] = message_id
        message: dict[str, Any] = {"message_id": message_id}
        if sender is not None:
            message["from"] = sender
        message.update(chat=chat, date=int(time.time()), text=text)
        message.update(_command_entities(text))
        self._state.messages[(chat["id"], message_id)] = message
        return message

    # -- HTTP ------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        name = request.match_info["method"]
        method = self._methods.get(name.lower())
        canonical = method.name if method else name
        try:
            params = await _read_params(request)
        except ApiError as error:
            return self._answer(request, canonical, {}, arrived, error=error)
        if (refusal := self._flood_refusal(canonical, params, arrived)) is not None:
            return self._answer(request, canonical, params, arrived, error=refusal, injected=True)
        fault = self._take_fault(name)
        if fault is not None and fault.kind == "answer":
            return self._apply_fault(request, canonical, params, arrived, fault)
        if fault is not None and fault.kind == "drop" and not fault.after_processing:
            return self._apply_fault(request, canonical, params, arrived, fault)
        if fault is not None:
            await asyncio.sleep(fault.delay)
        result, error = await self._outcome(method, params, request)
        if fault is not None and fault.kind == "drop":
            self._record(RecordedCall(canonical, params, 0, error is None, fault.description,
                                      arrived, injected=True, result=result))
            return self._hang_up(request)
        return self._answer(request, canonical, params, arrived, result=result, error=error,
                            injected=fault is not None)

    async def _outcome(self, method: _Method | None, params: dict,
                       request: web.Request) -> tuple[Any, ApiError | None]:
        try:
            self._check_token(request.match_info["token"])
            if method is None:
                raise ApiError(404, "Not Found")
            return await self._run(method, params, request), None
        except ApiError as error:
            return None, error
        except Exception as exc:  # a stand-in bug must show up in rejected(), not hide
            return None, ApiError(500, f"Internal Server Error: stand-in bug {exc!r}")

    async def _run(self, method: _Method, params: dict, request: web.Request) -> Any:
        if method.name == "getUpdates":
            return await self._get_updates(params, request)
        return method.handler(params)

    def _check_token(self, token: str) -> None:
        if token == self.token:
            return
        if re.fullmatch(r"\d+:[\w-]+", token):
            raise ApiError(401, "Unauthorized")
        raise ApiError(404, "Not Found")  # Telegram's answer to a malformed token

    def _flood_refusal(self, method: str, params: dict, now: float) -> ApiError | None:
        """The 429 of the per-chat flood limit (``flood_limit``), or None."""
        posts = method.lower().startswith(("send", "copy", "forward")) and method != "sendChatAction"
        if self.flood_limit is None or not posts or params.get("chat_id") is None:
            return None
        chat = str(params["chat_id"])
        if now < self._flood_blocked.get(chat, 0.0):
            return _too_many_requests(math.ceil(self._flood_blocked[chat] - now))
        recent = self._flood_sent.setdefault(chat, deque())
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        if len(recent) >= self.flood_limit:
            self._flood_blocked[chat] = now + self.flood_retry_after
            return _too_many_requests(self.flood_retry_after)
        recent.append(now)
        return None

    def _take_fault(self, method: str) -> Fault | None:
        for key in (method.lower(), "*"):
            queue = self._faults.get(key)
            if queue:
                return queue.popleft()
        return None

    def _apply_fault(self, request: web.Request, method: str, params: dict, arrived: float,
                     fault: Fault) -> web.StreamResponse:
        self._record(RecordedCall(method, params, fault.status, False, fault.description,
                                  arrived, injected=True))
        if fault.kind == "drop":
            return self._hang_up(request)
        return _fault_response(fault)

    @staticmethod
    def _hang_up(request: web.Request) -> web.Response:
        # No status line at all: clients see "server disconnected".
        if request.transport is not None:
            request.transport.abort()
        return web.Response()

    def _answer(self, request: web.Request, method: str, params: dict, arrived: float, *,
                result: Any = None, error: ApiError | None = None,
                injected: bool = False) -> web.Response:
        gone = request.transport is None or request.transport.is_closing()
        if error is not None:
            self._record(RecordedCall(method, params, error.status, False, error.description,
                                      arrived, injected, client_gone=gone))
            return web.json_response(error.body(), status=error.status)
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, _Described):
            body["result"], body["description"] = result.result, result.description
        else:
            body["result"] = result
        self._record(RecordedCall(method, params, 200, True, None, arrived, injected,
                                  result=body["result"], client_gone=gone))
        return web.json_response(body)

    def _record(self, call: RecordedCall) -> None:
        if self._keep_calls:
            self.calls.append(call)
        if self._on_call is not None:
            self._on_call(call)
        if not call.is_to("getUpdates"):
            self._last_activity = time.monotonic()
        self._notify()

    # -- getUpdates ----------------------------------------------------------
    async def _get_updates(self, params: dict, request: web.Request) -> list[dict]:
        if self._state.webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        # Like Telegram, the newest request wins and the waiting one is
        # terminated; that also frees polls whose client already hung up.
        if self._poll is not None:
            self._poll.terminated = True
            self._notify()
        self._confirm(params.get("offset"))
        if params.get("allowed_updates") is not None:
            self._state.allowed_updates = params["allowed_updates"]
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        poll = _Poll(request)
        self._poll = poll
        self._notify()  # wakes wait_until_polling()
        try:
            await self._wait_until(
                lambda: poll.terminated or self._closing or bool(self._deliverable()),
                float(params.get("timeout") or 0))
        finally:
            if self._poll is poll:
                self._poll = None
        if poll.terminated:
            raise ApiError(409, GET_UPDATES_CONFLICT)
        return self._deliverable()[:limit]

    def _confirm(self, offset: Any) -> None:
        """Forget updates below ``offset``; a negative one keeps only the last -offset."""
        if offset is None:
            return
        updates = self._state.updates
        offset = int(offset)
        if offset > self._state.confirmed_below:
            self._state.confirmed_below = offset
            self._notify()  # wakes wait_confirmed()
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()

    def _deliverable(self) -> list[dict]:
        # Updates of types the bot did not ask for are dropped, never delivered.
        wanted = self._wanted_update_types()
        kept = [u for u in self._state.updates if wanted(_update_type(u))]
        self._state.updates = deque(kept)
        return kept

    def _wanted_update_types(self) -> Callable[[str], bool]:
        allowed = self._state.allowed_updates
        if not allowed:
            return lambda kind: kind not in _OPT_IN_UPDATES
        return lambda kind: kind in allowed

    # -- method handlers ---------------------------------------------------------
    def _method_table(self) -> Iterable[_Method]:
        table = {
            "getMe": lambda p: self._me,
            "getUpdates": None,  # async, dispatched in _run
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p: self._set_description(p, "description", 512),
            "getMyDescription": lambda p: self._get_description("description"),
            "setMyShortDescription": lambda p: self._set_description(p, "short_description", 120),
            "getMyShortDescription": lambda p: self._get_description("short_description"),
            "getChatMember": self._get_chat_member,
            "getChat": self._get_chat,
            "sendChatAction": self._send_chat_action,
            "close": lambda p: True,
            "logOut": lambda p: True,
        }
        return [_Method(name, handler) for name, handler in table.items()]

    def _delete_webhook(self, params: dict) -> _Described:
        had_webhook = bool(self._state.webhook_url)
        self._state.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._state.updates.clear()
        return _Described(True, "Webhook was deleted" if had_webhook else "Webhook is already deleted")

    def _set_webhook(self, params: dict) -> _Described:
        url = params.get("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._state.updates.clear()
        self._state.webhook_url = url
        self._state.webhook_secret = str(params.get("secret_token") or "")
        return _Described(True, "Webhook was set" if url else "Webhook was deleted")

    def _get_webhook_info(self, params: dict) -> dict:
        info = {"url": self._state.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._state.updates)}
        if self._state.webhook_url:
            info["max_connections"] = 40
        return info

    def _known_chat(self, params: dict) -> dict:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, str) and re.fullmatch(r"-?\d+", chat_id):
            chat_id = int(chat_id)  # JSON bodies may send ids as strings
        if isinstance(chat_id, str):
            chat = next((c for c in self._state.chats.values()
                         if "@" + c.get("username", "") == chat_id), None)
        else:
            chat = self._state.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, params: dict) -> dict:
        chat = self._known_chat(params)
        if chat["type"] == "private" and chat["id"] in self._state.blocked_by:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _message_text(self, params: dict) -> tuple[str, list[dict]]:
        return parse_message_text(params.get("text"), params.get("parse_mode"),
                                  params.get("entities"), strict_html=self.strict_html)

    def _send_message(self, params: dict) -> dict:
        chat = self._writable_chat(params)
        text, entities = self._message_text(params)
        markup = validate_reply_markup(params.get("reply_markup"))
        reply_to = self._replied_message(chat, params)
        topic_id = self._forum_topic(chat, params)
        message = self._new_message(chat, text, sender=self.bot_user)
        message.pop("entities", None)  # bot text never gets a user's command entity
        if topic_id is not None:
            message.update(message_thread_id=topic_id, is_topic_message=True)
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        if reply_to:
            message["reply_to_message"] = reply_to
        return message

    @staticmethod
    def _forum_topic(chat: dict, params: dict) -> int | None:
        """The topic a message is sent to; without one, a forum's message lands in "General"."""
        topic_id = params.get("message_thread_id")
        if topic_id is None:
            return None
        if not chat.get("is_forum"):
            raise bad_request("message thread not found")
        return int(topic_id)

    def _replied_message(self, chat: dict, params: dict) -> dict | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        if message_id is None:
            return None
        found = self._state.messages.get((chat["id"], int(message_id)))
        if found is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return found

    def _message_to_edit(self, params: dict) -> dict:
        chat = self._known_chat(params)
        message = self._state.messages.get((chat["id"], params.get("message_id")))
        if message is None:
            raise bad_request("message to edit not found")
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: dict) -> dict | bool:
        text, entities = self._message_text(params)
        markup = validate_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True  # inline messages are not tracked
        message = self._message_to_edit(params)
        return self._apply_edit(message, text, entities, markup)

    def _edit_message_reply_markup(self, params: dict) -> dict | bool:
        markup = validate_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._message_to_edit(params)
        return self._apply_edit(message, message["text"], message.get("entities", []), markup)

    def _apply_edit(self, message: dict, text: str, entities: list, markup: dict | None) -> dict:
        # Omitting reply_markup in an edit removes the keyboard, as on Telegram.
        unchanged = (text == message["text"] and entities == message.get("entities", [])
                     and markup == message.get("reply_markup"))
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        edited = {k: v for k, v in message.items() if k not in ("entities", "reply_markup")}
        edited.update(text=text, edit_date=int(time.time()))
        if entities:
            edited["entities"] = entities
        if markup:
            edited["reply_markup"] = markup
        self._state.messages[(message["chat"]["id"], message["message_id"])] = edited
        return edited

    def _delete_message(self, params: dict) -> bool:
        chat = self._known_chat(params)
        if self._state.messages.pop((chat["id"], params.get("message_id")), None) is None:
            raise bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: dict) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._state.open_callback_queries:
            raise bad_request(QUERY_TOO_OLD)
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self._state.open_callback_queries.discard(query_id)
        return True

    def _answer_inline_query(self, params: dict) -> bool:
        query_id = params.get("inline_query_id")
        if query_id not in self._state.open_inline_queries:
            raise bad_request(QUERY_TOO_OLD)
        _validate_inline_results(params.get("results"), self.strict_html)
        _validate_inline_button(params.get("button"))
        if len(str(params.get("next_offset") or "").encode()) > 64:
            raise bad_request("NEXT_OFFSET_INVALID")  # stand-in wording
        self._state.open_inline_queries.discard(query_id)
        return True

    def _set_my_commands(self, params: dict) -> bool:
        commands = params.get("commands")
        _validate_commands(commands)
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        self._state.commands[key] = commands
        return True

    def _get_my_commands(self, params: dict) -> list[dict]:
        return self.commands(params.get("scope"), params.get("language_code") or "")

    def _delete_my_commands(self, params: dict) -> bool:
        key = _commands_key(params.get("scope"), params.get("language_code") or "")
        self._state.commands.pop(key, None)
        return True

    def _set_description(self, params: dict, name: str, limit: int) -> bool:
        text = _validate_description(params.get(name), limit)
        self._state.descriptions[(name, params.get("language_code") or "")] = text
        return True

    def _get_description(self, name: str) -> dict:
        return {name: self._state.descriptions.get((name, ""), "")}

    def _get_chat_member(self, params: dict) -> dict:
        chat = self._known_chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("invalid user_id specified")
        user = (self.bot_user if user_id == self.bot_user["id"]
                else self._state.users.get(user_id)
                or {"id": user_id, "is_bot": False, "first_name": f"Tester{user_id}"})
        status = self._state.members.get((chat["id"], user_id), "member")
        return {"status": status, "user": user, **_MEMBER_FIELDS[status]}

    def _get_chat(self, params: dict) -> dict:
        chat = self._known_chat(params)
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                               "premium_subscription", "gifts_from_channels"), False)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": gifts}

    def _send_chat_action(self, params: dict) -> bool:
        self._writable_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True


_ADMIN_RIGHTS = dict.fromkeys(
    ("can_manage_chat", "can_delete_messages", "can_manage_video_chats",
     "can_restrict_members", "can_change_info", "can_invite_users", "can_post_stories",
     "can_edit_stories", "can_delete_stories", "can_pin_messages"), True)
_RESTRICTIONS = dict.fromkeys(
    ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
     "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
     "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
     "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag", "can_react_to_messages"), False)
# Extra fields each ChatMember status carries (PTB requires all of them).
_MEMBER_FIELDS: dict[str, dict] = {
    "creator": {"is_anonymous": False},
    "administrator": {"can_be_edited": False, "is_anonymous": False,
                      "can_promote_members": False, **_ADMIN_RIGHTS},
    "member": {},
    "restricted": {"is_member": True, "until_date": 0, **_RESTRICTIONS},
    "left": {},
    "kicked": {"until_date": 0},
}


def _update_type(update: dict) -> str:
    return next((key for key in update if key != "update_id"), "")


def _command_entities(text: str) -> dict:
    """Telegram marks a leading /command (up to the first whitespace) as bot_command."""
    if not text.startswith("/"):
        return {}
    command = re.match(r"/\S*", text).group(0)
    if len(command) < 2:
        return {}
    return {"entities": [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]}


def _callback_data_of(message: dict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def _chat_instance(chat_id: int) -> str:
    # Stable per chat like Telegram's opaque value; the exact number is arbitrary.
    return str(-(abs(chat_id) * 7919 % 9_000_000_000_000_000_000) - 1)


def _commands_key(scope: Any, language_code: str) -> tuple[str, str]:
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code
