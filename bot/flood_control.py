"""Telegram's flood limits in one place: pacing each chat, and what a 429 asks for.

Pacing (RATE_LIMITER=true; false turns off this part only, for benchmarks). Telegram allows
about one message a second to a chat, with short bursts (we allow 3), 20 a minute to a group
(negative chat ids, and @usernames) and about 30 a second from the whole bot. Each chat is a
lane with token buckets; calls that post or change a message (send*, edit*, copy*, forward*)
take a token of their lane and one of the bot's, so a flood reaches Telegram as a handful of
429s at most. Other calls (answers to queries, reads, settings) are never held back by pacing.

429 (RetryAfter), always handled. For a call with a chat, that chat waits `retry_after` and the
call is sent again (at most MAX_RETRIES times) while other chats keep flowing. A 429 without a
chat, or 429s for GLOBAL_CHATS chats within a second (the bot-wide limit), pauses every call,
as Telegram asks. Each 429 is one WARNING line, never a traceback. bot/transport.py does not
retry 429s, so each one reaches this module exactly once.

Coalescing. `OriginTracking`, the Application's update processor, runs each update with its
user and update_id in a context variable, so the limiter knows which update a send answers,
and handlers need not. While a chat is paced, a user's waiting sendMessage is dropped when a
send for a newer update of the same user arrives in that chat, and a send older than one
already let through is dropped on arrival: the user gets the answer to their latest message,
not a queue of stale ones, each holding a handler slot for seconds. A dropped send raises
`Superseded` in its handler, which handlers/errors.py ignores, except that the first one of a
pile-up (per user and chat, once per NOTICE_EVERY_SECONDS) has it send one "slow down" notice
inside `notice()`: first in that chat's queue, never coalesced. Only one user's own sends are
coalesced: members of a group are answered in update order, within the group's limit.
The buckets and per-chat queues themselves are bookkeeping, in bot/flood_lanes.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Iterator
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, SimpleUpdateProcessor

from bot.flood_lanes import Bucket, Lane, Origin, Ticket

log = logging.getLogger(__name__)

PRIVATE = (1.0, 3)  # (tokens a second, burst) per chat: "about one message a second"
GROUP = (20 / 60, 20)  # per group, on top of PRIVATE: "20 messages a minute"
OVERALL = (30.0, 30)  # the whole bot: "about 30 messages a second"
MAX_RETRIES = 3
MAX_RETRY_AFTER_SECONDS = 60  # asked to wait longer, give up: the user has moved on
RETRY_SLACK_SECONDS = 0.1  # Telegram rounds retry_after to whole seconds
GLOBAL_CHATS = 3  # 429s for this many chats within a second: the limit is the bot's, not a chat's
NOTICE_EVERY_SECONDS = 30.0
_PACED_PREFIXES = ("send", "edit", "copy", "forward")
_NOTICE, _RETRY, _FRESH = 0, 1, 2  # order in a chat's queue; then update_id, then arrival

_origin: ContextVar[Origin | None] = ContextVar("flood_control_origin", default=None)
_notice: ContextVar[bool] = ContextVar("flood_control_notice", default=False)


@contextlib.contextmanager
def answering(origin: Origin | None) -> Iterator[None]:
    """Sends inside answer `origin` (OriginTracking sets it for every update)."""
    token = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(token)


@contextlib.contextmanager
def notice() -> Iterator[None]:
    """Sends inside are a "slow down" notice: first in their chat's queue, never coalesced."""
    token = _notice.set(True)
    try:
        yield
    finally:
        _notice.reset(token)


class OriginTracking(SimpleUpdateProcessor):
    """Runs each update's handlers (and error handler) with its Origin set."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        with answering(Origin(user.id, update.update_id) if user else None):
            await coroutine


class Superseded(Exception):
    """A queued reply was dropped: the same user sent something newer to that chat meanwhile."""

    def __init__(self, chat_id: int | str, *, notify: bool) -> None:
        super().__init__(f"reply to chat {chat_id} dropped for a newer one")
        self.chat_id = chat_id
        self.notify = notify  # first of a pile-up: the user should get one "slow down" notice


class FloodControl(BaseRateLimiter[None]):
    """The bot's one rate limiter (see the module docstring); `pacing=False` keeps only the 429 policy."""

    def __init__(self, *, pacing: bool = True, private: tuple[float, int] = PRIVATE,
                 group: tuple[float, int] = GROUP, overall: tuple[float, int] = OVERALL) -> None:
        self._pacing, self._private, self._group = pacing, private, group
        self._overall = [Bucket(*overall)] if pacing else []
        self._lanes: dict[int | str, Lane] = {}
        self._prune_at = 1024
        self._paused_until = 0.0
        self._recent_429s: deque[tuple[float, int | str]] = deque()
        self._arrivals = itertools.count()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        for lane in self._lanes.values():
            lane.close()

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        """One Bot API call (any but getUpdates): paced if it posts, retried after a 429."""
        chat_id = _chat_of(data)
        lane = None if chat_id is None else self._lane(chat_id)
        paced = lane is not None and endpoint.lower().startswith(_PACED_PREFIXES) and endpoint != "sendChatAction"
        origin = _origin.get() if paced and endpoint == "sendMessage" and not _notice.get() else None
        for attempt in range(MAX_RETRIES + 1):
            if paced:
                await self._slot(lane, chat_id, origin, retry=attempt > 0)
            else:
                await self._clear(lane)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = error._retry_after.total_seconds()  # the public property warns about its type
                if attempt == MAX_RETRIES or seconds > MAX_RETRY_AFTER_SECONDS:
                    log.warning("Telegram flood limit: giving up on %s to chat %s (asked to wait %.0fs)",
                                endpoint, "-" if chat_id is None else chat_id, seconds)
                    raise
                self._on_429(lane, chat_id, endpoint, seconds, attempt + 1)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _on_429(self, lane: Lane | None, chat_id: int | str | None, endpoint: str, seconds: float,
                attempt: int) -> None:
        now = time.monotonic()
        until = now + seconds + RETRY_SLACK_SECONDS
        if lane is None or self._bot_wide(chat_id, now):
            self._paused_until = max(self._paused_until, until)
            log.warning("Telegram flood limit for the whole bot (%s): every call waits %.0fs; retry %d of %d",
                        endpoint, seconds, attempt, MAX_RETRIES)
        else:
            lane.blocked_until = max(lane.blocked_until, until)
            log.warning("Telegram flood limit in chat %s (%s): that chat waits %.0fs; retry %d of %d",
                        chat_id, endpoint, seconds, attempt, MAX_RETRIES)

    def _bot_wide(self, chat_id: int | str, now: float) -> bool:
        self._recent_429s.append((now, chat_id))
        while self._recent_429s[0][0] < now - 1.0:
            self._recent_429s.popleft()
        return len({chat for _, chat in self._recent_429s}) >= GLOBAL_CHATS

    async def _clear(self, lane: Lane | None) -> None:
        """An unpaced call only waits out a 429: the bot's, or its chat's."""
        while (delay := self._blocked_for(lane, time.monotonic())) > 0:
            await asyncio.sleep(delay)

    def _blocked_for(self, lane: Lane | None, now: float) -> float:
        return max(self._paused_until - now, lane.blocked_until - now if lane else 0.0, 0.0)

    def _delay(self, lane: Lane, now: float) -> float:
        return max([self._blocked_for(lane, now), *(bucket.delay(now) for bucket in lane.buckets + self._overall)])

    def _take(self, lane: Lane, now: float, origin: Origin | None) -> None:
        for bucket in lane.buckets + self._overall:
            bucket.take(now)
        lane.let_through(origin)

    async def _slot(self, lane: Lane, chat_id: int | str, origin: Origin | None, *, retry: bool) -> None:
        """Wait for a slot in the chat's lane; Superseded if a newer send of the same user comes."""
        now = time.monotonic()
        if lane.next_ticket() is None and self._delay(lane, now) == 0:
            self._take(lane, now, origin)
            return
        kind = _NOTICE if _notice.get() else _RETRY if retry else _FRESH
        ticket = Ticket((kind, origin.update_id if origin else math.inf, next(self._arrivals)), origin)
        if origin is not None:
            self._coalesce(lane, chat_id, origin)
        lane.push(ticket)
        if lane.dispatcher is None:
            lane.dispatcher = asyncio.create_task(self._dispatch(lane))
        await ticket.turn

    def _coalesce(self, lane: Lane, chat_id: int | str, origin: Origin) -> None:
        """Only the newest of one user's queued sends may stay; an older newcomer goes at once."""
        if origin.update_id < lane.newest.get(origin.user_id, -1):
            raise self._superseded(lane, chat_id, origin.user_id)
        lane.newest[origin.user_id] = origin.update_id
        for stale in lane.older_of_same_user(origin):
            stale.turn.set_exception(self._superseded(lane, chat_id, origin.user_id))

    def _superseded(self, lane: Lane, chat_id: int | str, user_id: int) -> Superseded:
        now = time.monotonic()
        notify = now - lane.noticed.get(user_id, -math.inf) >= NOTICE_EVERY_SECONDS
        if notify:
            lane.noticed[user_id] = now
        return Superseded(chat_id, notify=notify)

    async def _dispatch(self, lane: Lane) -> None:
        """Hands out the lane's slots in rank order, as its buckets and any 429 wait allow."""
        try:
            while lane.next_ticket() is not None:
                now = time.monotonic()
                if (delay := self._delay(lane, now)) > 0:
                    await asyncio.sleep(delay)
                    continue
                ticket = lane.pop()
                self._take(lane, now, ticket.origin)
                ticket.turn.set_result(None)
        finally:
            lane.dispatcher = None

    def _lane(self, chat_id: int | str) -> Lane:
        lane = self._lanes.get(chat_id)
        if lane is None:
            if len(self._lanes) >= self._prune_at:
                self._prune()
            group = [Bucket(*self._group)] if isinstance(chat_id, str) or chat_id < 0 else []
            lane = self._lanes[chat_id] = Lane([Bucket(*self._private), *group] if self._pacing else [])
        return lane

    def _prune(self) -> None:
        """Forget idle chats: a new lane for them would be the same."""
        now = time.monotonic()
        self._lanes = {chat: lane for chat, lane in self._lanes.items() if not lane.idle(now)}
        self._prune_at = max(1024, 2 * len(self._lanes))


def _chat_of(data: dict[str, Any]) -> int | str | None:
    chat_id = data.get("chat_id")
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)  # @username of a channel or supergroup
