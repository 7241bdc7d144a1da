"""The bookkeeping under bot.flood_control: token buckets, and one queue ("lane") per chat.

No policy here: which calls are paced, what the limits are and what a 429 means are decided in
bot.flood_control; this module only counts tokens and keeps waiting calls in order.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    """The update a handler answers: who sent it, and its place in Telegram's order."""

    user_id: int
    update_id: int


class Bucket:
    """A token bucket: `burst` calls at once, then `rate` a second.

    A call that has to wait goes when MARGIN more than a whole token is there: Telegram counts
    arrivals, which the time between this grant and the request's arrival moves (network
    jitter, and a busy process: a burst's first send can arrive late, the next one on time), so
    a send due exactly at the edge of Telegram's second could count into the one before.
    """

    # Of a token: 250 ms at one message a second. 50 ms let one send in four of a paced group
    # burst arrive within Telegram's second on a loaded two-core machine (tests/e2e/test_flood.py).
    MARGIN = 0.25

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), time.monotonic()

    def delay(self, now: float) -> float:
        """Seconds until a token is free (refilling first)."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 + self.MARGIN - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self.delay(now)
        self.tokens -= 1

    def full(self, now: float) -> bool:
        self.delay(now)
        return self.tokens >= self.burst


@dataclass(order=True)
class Ticket:
    """A call waiting in a lane; `turn` resolves when it may go, or fails when it is dropped."""

    rank: tuple[int, float, int]
    origin: Origin | None = field(compare=False)
    turn: asyncio.Future = field(compare=False, default_factory=lambda: asyncio.get_running_loop().create_future())


@dataclass
class Lane:
    """One chat: its buckets, the calls waiting for a slot (best rank first), and a 429's wait."""

    buckets: list[Bucket]
    waiting: list[Ticket] = field(default_factory=list)  # a heap
    dispatcher: asyncio.Task | None = None
    blocked_until: float = 0.0
    newest: dict[int, int] = field(default_factory=dict)  # user → newest update_id let through
    noticed: dict[int, float] = field(default_factory=dict)  # user → when a pile-up notice was last asked for

    def push(self, ticket: Ticket) -> None:
        heapq.heappush(self.waiting, ticket)

    def next_ticket(self) -> Ticket | None:
        """The best-ranked live ticket, still queued; dropped or abandoned ones are discarded."""
        while self.waiting and self.waiting[0].turn.done():
            heapq.heappop(self.waiting)
        return self.waiting[0] if self.waiting else None

    def pop(self) -> Ticket:
        return heapq.heappop(self.waiting)

    def let_through(self, origin: Origin | None) -> None:
        if origin is not None:
            self.newest[origin.user_id] = max(origin.update_id, self.newest.get(origin.user_id, -1))

    def older_of_same_user(self, origin: Origin) -> list[Ticket]:
        return [t for t in self.waiting if t.origin and not t.turn.done()
                and t.origin.user_id == origin.user_id and t.origin.update_id < origin.update_id]

    def idle(self, now: float) -> bool:
        """Nothing queued or blocked and the buckets full: forgetting the lane changes nothing."""
        return (not self.waiting and self.dispatcher is None and self.blocked_until <= now
                and all(bucket.full(now) for bucket in self.buckets))

    def close(self) -> None:
        for ticket in self.waiting:
            ticket.turn.cancel()
        if self.dispatcher is not None:
            self.dispatcher.cancel()
