"""Soak benchmark: the real bot for a long run of mixed traffic, with Telegram and the database failing.

    python bench/soak.py [--minutes 20] [--rate 20] [--users 300] [--env KEY=VALUE ...]

--users people (bench/soak_users.py) send commands and words, press buttons and make inline
queries at --rate updates a second in all, and now and then one sends a burst of messages at
once. Through the stand-in (tests/e2e/standin.py Fault), every --fault-every seconds one call
fails: a 429, a 500 or 502, a connection dropped after the message was delivered (not to be
sent twice), a poll that fails or drops, an edit whose connection drops (sent again); every
--lock-every seconds another connection holds the database's write lock for --lock-seconds.
The bot runs as deployed: rate limiter on, settings as in the environment (plus --env).

At the end it prints, and `measure_soak` returns, what the run must show: every update
answered or deliberately coalesced (a burst's earlier messages, answered by one reply to the
latest and at most one slow-down notice), none lost; no traceback and no ERROR line in the
bot's log; the bot's peak RSS within 10% of its RSS after the warm-up (the first minute, or
the first quarter of a shorter run); every language choice the bot confirmed saved in the
database. tests/e2e/test_soak.py runs a one-minute version of it in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.soak_users import BURST, KINDS, Answers, Tally, User  # noqa: E402
from tests.e2e.botprocess import BotProcess  # noqa: E402
from tests.e2e.standin import BotApiStandIn, Fault  # noqa: E402

FAULTS = (("sendMessage", Fault.too_many_requests(1)), ("sendMessage", Fault.server_error(500)),
          ("sendMessage", Fault.server_error(502)), ("sendMessage", Fault.drop_connection(after_processing=True)),
          ("getUpdates", Fault.server_error(502)), ("getUpdates", Fault.drop_connection()),
          ("editMessageText", Fault.drop_connection()), ("answerCallbackQuery", Fault.server_error(500)),
          ("answerInlineQuery", Fault.too_many_requests(1)))
RSS_SLACK = 1.10


@dataclass
class SoakResult:
    seconds: float  # of traffic (the answers to its last updates may come after)
    updates: int
    answered: int
    coalesced: int
    notices: int
    lost: list[str]
    tracebacks: int
    errors: int
    warnings: int
    rss_after_warmup_mb: float
    peak_rss_mb: float
    rss_timeline: list[tuple[float, float]]
    faults: int
    locks: int
    languages_confirmed: int
    languages_saved: int
    latency_p50: float
    latency_p95: float

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    @property
    def rss_ok(self) -> bool:
        return self.peak_rss_mb <= RSS_SLACK * self.rss_after_warmup_mb

    def failures(self) -> list[str]:
        """What the run must show, as a list of what it did not."""
        problems = []
        if self.lost:
            problems.append(f"{len(self.lost)} updates lost, e.g. {self.lost[:3]}")
        if self.answered + self.coalesced != self.updates:
            problems.append(f"{self.updates} updates, {self.answered} answered + {self.coalesced} coalesced")
        if self.tracebacks or self.errors:
            problems.append(f"{self.tracebacks} tracebacks, {self.errors} ERROR lines in the log")
        if not self.rss_ok:
            problems.append(f"peak RSS {self.peak_rss_mb:.1f} MB > {RSS_SLACK} × {self.rss_after_warmup_mb:.1f} MB")
        if self.languages_saved != self.languages_confirmed:
            problems.append(f"{self.languages_confirmed} language choices confirmed, {self.languages_saved} saved")
        return problems


async def measure_soak(workdir: Path, *, minutes: float = 20, rate: float = 20, users: int = 300,
                       fault_every: float = 10, lock_every: float = 240, lock_seconds: float = 5,
                       env: dict[str, str] | None = None, seed: int = 1, log_copy: Path | None = None) -> SoakResult:
    rng, answers, tally = random.Random(seed), Answers(), Tally()
    async with BotApiStandIn(on_call=answers, keep_calls=False) as api:
        bot = BotProcess(api, workdir, LOG_LEVEL="INFO", **(env or {}))
        await bot.start(timeout=300)  # a first start builds the database
        people = [User(900_000 + i, api, answers, tally, rng) for i in range(users)]
        seconds = minutes * 60
        rss = Rss(bot.process.pid, warmup=min(60.0, seconds / 4), every=seconds / 5)
        chaos = Chaos(api, Path(bot.env["DATABASE_PATH"]), rng, fault_every, lock_every, lock_seconds)
        started = time.monotonic()
        background = [asyncio.create_task(rss.sample()), asyncio.create_task(chaos.run())]
        actions = await _drive(people, rate, seconds, rng)
        elapsed = time.monotonic() - started
        await asyncio.gather(*actions)  # every answer in, or its wait timed out
        for task in background:
            task.cancel()
        await api.wait_quiet(2.0, timeout=60)
        assert await bot.stop(timeout=30) == 0, bot.log()[-3000:]
    saved = _saved_languages(Path(bot.env["DATABASE_PATH"]))
    log = bot.log()
    if log_copy is not None:
        log_copy.write_text(log)
    latencies = sorted(tally.latencies) or [0.0]
    return SoakResult(
        seconds=elapsed, updates=tally.total, answered=sum(tally.answered.values()), coalesced=tally.coalesced,
        notices=tally.notices, lost=tally.lost, tracebacks=log.count("Traceback (most recent call last)"),
        errors=len(re.findall(r"^\S+ \S+ (?:ERROR|CRITICAL) ", log, re.MULTILINE)),
        warnings=len(re.findall(r"^\S+ \S+ WARNING ", log, re.MULTILINE)),
        rss_after_warmup_mb=rss.after_warmup, peak_rss_mb=rss.peak, rss_timeline=rss.timeline,
        faults=chaos.faults, locks=chaos.locks,
        languages_confirmed=len(tally.languages),
        languages_saved=sum(saved.get(user) == code for user, code in tally.languages.items()),
        latency_p50=latencies[len(latencies) // 2], latency_p95=latencies[int(len(latencies) * 0.95)])


async def _drive(people: list[User], rate: float, seconds: float, rng: random.Random) -> list[asyncio.Task]:
    """Start idle users' next actions for `seconds`, at `rate` updates a second on average (a burst is BURST)."""
    actions: list[asyncio.Task] = []
    rate /= 1 + KINDS["burst"] / sum(KINDS.values()) * (BURST - 1)  # actions a second
    loop = asyncio.get_running_loop()
    start = loop.time()
    due = start
    while due - start < seconds:
        due += rng.expovariate(rate)
        await asyncio.sleep(max(0.0, due - loop.time()))
        idle = [person for person in rng.sample(people, min(20, len(people))) if not person.busy]
        if idle:
            actions.append(asyncio.create_task(idle[0].act()))
        actions = [a for a in actions if not a.done()] if len(actions) > 1000 else actions
    return actions


class Rss:
    """The bot's RSS once a second: the value after the warm-up, the peak, and one every `every` seconds."""

    def __init__(self, pid: int, warmup: float, every: float) -> None:
        self._process, self._warmup, self._every = psutil.Process(pid), warmup, every
        self.after_warmup = self.peak = 0.0
        self.timeline: list[tuple[float, float]] = []  # (minutes, MB): whether growth levels off

    async def sample(self) -> None:
        started = time.monotonic()
        while True:
            elapsed, mb = time.monotonic() - started, self._process.memory_info().rss / 2**20
            if elapsed <= self._warmup:
                self.after_warmup = mb  # the last sample of the warm-up
            if elapsed >= len(self.timeline) * self._every:
                self.timeline.append((elapsed / 60, mb))
            self.peak = max(self.peak, mb)
            await asyncio.sleep(1.0)


class Chaos:
    """Faults through the stand-in, and another connection holding the database's write lock."""

    def __init__(self, api: BotApiStandIn, db: Path, rng: random.Random, fault_every: float, lock_every: float,
                 lock_seconds: float) -> None:
        self._api, self._db, self._rng = api, db, rng
        self._fault_every, self._lock_every, self._lock_seconds = fault_every, lock_every, lock_seconds
        self.faults = self.locks = 0

    async def run(self) -> None:
        next_lock = time.monotonic() + min(self._lock_every, 20.0)
        while True:
            await asyncio.sleep(self._fault_every)
            method, fault = self._rng.choice(FAULTS)
            self._api.inject(method, fault)
            self.faults += 1
            if time.monotonic() >= next_lock:
                next_lock = time.monotonic() + self._lock_every
                threading.Thread(target=self._hold_lock, daemon=True).start()
                self.locks += 1

    def _hold_lock(self) -> None:
        conn = sqlite3.connect(self._db, timeout=10, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            time.sleep(self._lock_seconds)
            conn.execute("ROLLBACK")
        finally:
            conn.close()


def _saved_languages(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT user_id, language FROM user_prefs"))


def report(result: SoakResult) -> str:
    rows = [
        ("duration", f"{result.seconds / 60:.1f} min"),
        ("updates sent (per second)", f"{result.updates} ({result.rate:.1f}/s)"),
        ("answered / coalesced / lost", f"{result.answered} / {result.coalesced} / {len(result.lost)}"),
        ("slow-down notices", str(result.notices)),
        ("reply latency p50 / p95", f"{result.latency_p50 * 1000:.0f} / {result.latency_p95 * 1000:.0f} ms"),
        ("faults injected / database locks", f"{result.faults} / {result.locks}"),
        ("language choices confirmed / saved", f"{result.languages_confirmed} / {result.languages_saved}"),
        ("tracebacks / ERROR / WARNING lines", f"{result.tracebacks} / {result.errors} / {result.warnings}"),
        ("RSS after warm-up → peak", f"{result.rss_after_warmup_mb:.1f} → {result.peak_rss_mb:.1f} MB "
                                     f"({result.peak_rss_mb / result.rss_after_warmup_mb - 1:+.1%})"),
        ("RSS over the run", ", ".join(f"{mb:.1f} MB at {minute:.1f} min" for minute, mb in result.rss_timeline)),
    ]
    verdict = result.failures() or ["all checks passed"]
    return "\n".join([*(f"  {name:<38} {value}" for name, value in rows), *(f"  → {v}" for v in verdict)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--rate", type=float, default=20, help="updates a second, all users together")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--fault-every", type=float, default=10, help="seconds between injected faults")
    parser.add_argument("--lock-every", type=float, default=240, help="seconds between database locks")
    parser.add_argument("--lock-seconds", type=float, default=5)
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="a bot setting")
    parser.add_argument("--log", type=Path, help="keep the bot's log here")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory(prefix="soak-") as workdir:
        result = asyncio.run(measure_soak(Path(workdir), minutes=args.minutes, rate=args.rate, users=args.users,
                                          fault_every=args.fault_every, lock_every=args.lock_every,
                                          lock_seconds=args.lock_seconds, env=env, log_copy=args.log))
    print(report(result))
    sys.exit(1 if result.failures() else 0)


if __name__ == "__main__":
    main()
