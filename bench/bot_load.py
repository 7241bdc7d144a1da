"""Load benchmark: the real bot vs. a bare echo bot, both against the local Bot API stand-in.

    python bench/bot_load.py [--updates N] [--rounds R] [--quick]

Sends N `/search` updates, then N `/quote` updates, from N different users and chats at once and
reports replies per second, reply latency (update queued → reply received by the
stand-in), CPU seconds of the bot process per update and its peak RSS, each also as a
ratio to the echo bot (bench/echo_bot.py) on the bot's own aiohttp transport — the floor the
library and the HTTP set. The echo bot on python-telegram-bot's default httpx transport is
measured too, for what a bot gets out of the box. The bot
runs pinned to one core with RATE_LIMITER=false (Telegram's limits would otherwise be
what we measure); the stand-in and load generator run on the other core. Also times
start-up (process start → first getUpdates), cold (database built from seeds) and warm.

The queries cycle through 15 that people type, so with the search cache on (the default,
SEARCH_CACHE_SIZE) almost every /search is answered from it, as popular queries and page
buttons are in use. The "cache off" run (SEARCH_CACHE_SIZE=0) searches every time: nearly
the cost of a query nobody asked before (turns and snippets kept in memory stay warm).
The "distinct" run sends each of the 372 queries of tests/search/eval_users.toml once (no
repeats, so no cache answers, and the semantic part runs whenever it can change the answer):
what a stream of new questions costs. Every bot runs with SEMANTIC_SEARCH on (the default),
its passage vectors from one embedding cache kept in data/ (`EMBEDDING_CACHE_PATH`), so a
cold start does not re-embed the interview each round.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.standin import BotApiStandIn  # noqa: E402

# What people type: a mix of English and Chinese words, typos and names; not eval answers.
QUERIES = ("scaling", "hallucinations", "bitter lesson", "neural networks", "幻觉", "预测 压缩",
           "Yann LeCun world model", "reinforcment learning", "democracy", "GPU hardware cost",
           "transformer attention", "ImageNet AlexNet", "learn from less data", "意识", "大语言模型")
BOT_CORE, LOAD_CORE = 0, 1
EVAL_USERS = REPO / "tests" / "search" / "eval_users.toml"
EMBEDDING_CACHE = REPO / "data" / "bench-embeddings.sqlite3"


def _distinct_queries() -> tuple[str, ...]:
    """The user-query set's queries, each once (all different)."""
    import tomllib

    queries = tomllib.loads(EVAL_USERS.read_text(encoding="utf-8"))["query"]
    return tuple(dict.fromkeys(q["q"] for q in queries))


@dataclass
class LoadResult:
    name: str
    updates: int
    replies: int
    duplicates: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float
    peak_rss_mb: float

    @property
    def per_second(self) -> float:
        return self.replies / self.seconds

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu_seconds / self.updates

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


ECHO_BOTS = {"echo": "aiohttp", "echo-httpx": "httpx"}  # name → ECHO_TRANSPORT
UNCACHED = "bot-uncached"  # the bot with SEARCH_CACHE_SIZE=0
DISTINCT = "bot-distinct"  # the bot asked queries that never repeat


def _command(name: str) -> list[str]:
    if name in ECHO_BOTS:
        return [sys.executable, str(REPO / "bench" / "echo_bot.py")]
    return [sys.executable, "-m", "bot", "run"]


def _environment(api: BotApiStandIn, workdir: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_PATH": str(workdir / "quotebot.sqlite3"), "HEARTBEAT_FILE": str(workdir / "heartbeat"),
        "SEEDS_DIR": str(REPO / "seeds"), "RATE_LIMITER": "false", "LOG_LEVEL": "WARNING",
        "ECHO_TRANSPORT": ECHO_BOTS.get(name, ""), "EMBEDDING_CACHE_PATH": str(EMBEDDING_CACHE),
        **({"SEARCH_CACHE_SIZE": "0"} if name == UNCACHED else {}),
    }


async def _spawn(api: BotApiStandIn, name: str, workdir: Path) -> tuple[asyncio.subprocess.Process, float]:
    """Start the process pinned to one core; return it and its start-up time in seconds."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *_command(name), cwd=REPO, env=_environment(api, workdir, name),
        stdout=asyncio.subprocess.DEVNULL, stderr=(workdir / f"{name}.log").open("ab"))
    _pin(process.pid, BOT_CORE)
    await api.wait_for("getUpdates", timeout=60)
    first_poll = next(c.at for c in api.calls if c.is_to("getUpdates"))
    await api.wait_until_polling(timeout=60)
    return process, first_poll - started


def _pin(pid: int, core: int) -> None:
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > core:
        os.sched_setaffinity(pid, {core})


def _peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's high-water mark of resident memory."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return psutil.Process(pid).memory_info().rss / 2**20


async def _stop(process: asyncio.subprocess.Process) -> None:
    process.terminate()
    await asyncio.wait_for(process.wait(), 15)


async def _send_burst(api: BotApiStandIn, count: int, first_chat: int, command: str,
                      queries: tuple[str, ...] = QUERIES) -> dict[int, float]:
    """Queue `count` commands from distinct users/chats; return chat → time queued."""
    queued: dict[int, float] = {}
    for i in range(count):
        chat = first_chat + i
        api.send_message(f"{command} {queries[i % len(queries)]}", chat_id=chat, user_id=chat,
                         language_code=("en", "zh-hans", "zh-TW")[i % 3])
        queued[chat] = time.monotonic()
    return queued


async def _collect(api: BotApiStandIn, queued: dict[int, float], timeout: float) -> tuple[dict[int, float], int]:
    """Wait for one reply per chat; return chat → reply time, and how many chats got extra replies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = [c for c in api.calls if c.is_to("sendMessage") and c.params.get("chat_id") in queued]
        if len({c.params["chat_id"] for c in replies}) >= len(queued):
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)  # let any duplicate show up
    first: dict[int, float] = {}
    duplicates = 0
    for call in api.calls:
        chat = call.params.get("chat_id")
        if call.is_to("sendMessage") and chat in queued:
            duplicates += chat in first
            first.setdefault(chat, call.at)
    return first, duplicates


async def measure_load(name: str, updates: int, workdir: Path, warmup: int = 30,
                       command: str = "/search") -> LoadResult:
    """One process (`bot` or `echo`) under a burst of `updates` `command` messages."""
    async with BotApiStandIn() as api:
        process, _ = await _spawn(api, name, workdir)
        try:
            warm = await _send_burst(api, warmup, first_chat=1, command=command)
            await _collect(api, warm, timeout=60)
            usage = psutil.Process(process.pid)
            cpu_before = sum(usage.cpu_times()[:2])
            started = time.monotonic()
            if name == DISTINCT:  # each query once: none was asked in the warm-up either
                distinct = _distinct_queries()
                updates = min(updates, len(distinct))
                queued = await _send_burst(api, updates, first_chat=1_000_000, command=command, queries=distinct)
            else:
                queued = await _send_burst(api, updates, first_chat=1_000_000, command=command)
            replied, duplicates = await _collect(api, queued, timeout=max(60, updates / 20))
            cpu = sum(usage.cpu_times()[:2]) - cpu_before
            rss = _peak_rss_mb(process.pid)
            rejected = api.rejected()
        finally:
            await _stop(process)
    if rejected:
        raise RuntimeError(f"the stand-in rejected {len(rejected)} requests: {rejected[0].error}")
    seconds = max(replied.values(), default=started) - started
    latencies = [replied[chat] - queued[chat] for chat in replied]
    label = {UNCACHED: f"bot {command}, cache off", DISTINCT: f"bot {command}, distinct queries"}.get(name, f"{name} {command}")
    return LoadResult(label, updates, len(replied), duplicates, seconds, latencies, cpu, rss)


async def measure_startup(workdir: Path) -> tuple[float, float]:
    """(cold, warm) seconds from process start to the first getUpdates."""
    times = []
    for _ in ("cold", "warm"):
        async with BotApiStandIn() as api:
            process, seconds = await _spawn(api, "bot", workdir)
            await _stop(process)
            times.append(seconds)
    return times[0], times[1]


def report(results: list[LoadResult], echo: LoadResult, stock_echo: LoadResult, cold: float, warm: float,
           rounds: int = 1) -> str:
    """A markdown table: each figure of each bot run, its ratio to the echo bot's, and both echo bots."""
    measures = [
        ("updates answered", lambda r: f"{r.replies}/{r.updates}", None),
        ("duplicate replies", lambda r: str(r.duplicates), None),
        ("replies per second (measured)", lambda r: f"{r.per_second:.0f}", lambda r: r.per_second),
        ("latency p50 (ms)", lambda r: f"{r.percentile(.5):.0f}", lambda r: r.percentile(.5)),
        ("latency p95 (ms)", lambda r: f"{r.percentile(.95):.0f}", lambda r: r.percentile(.95)),
        ("latency p99 (ms)", lambda r: f"{r.percentile(.99):.0f}", lambda r: r.percentile(.99)),
        ("CPU per update (ms)", lambda r: f"{r.cpu_ms_per_update:.2f}", lambda r: r.cpu_ms_per_update),
        ("updates/s one core can do (1000 / CPU ms)", lambda r: f"{1000 / r.cpu_ms_per_update:.0f}",
         lambda r: 1 / r.cpu_ms_per_update),
        ("peak RSS (MB)", lambda r: f"{r.peak_rss_mb:.0f}", lambda r: r.peak_rss_mb),
    ]
    header = "| measure | " + " | ".join(r.name for r in results) + " | echo bot (aiohttp) | echo bot (PTB default httpx) |"
    lines = [f"Bot load, {time.strftime('%Y-%m-%d')}, {platform.machine()} {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; bot pinned to one core, rate limiter off; "
             f"{echo.updates} updates sent at once from as many users; median of {rounds} interleaved rounds; "
             "ratio to the echo bot on the same aiohttp transport in brackets.",
             "", header, "|---" * (len(results) + 3) + "|"]
    for label, show, value in measures:
        cells = [show(r) + (f" ({value(r) / value(echo):.2f}×)" if value else "") for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {show(echo)} | {show(stock_echo)} |")
    lines.append(f"| start-up to first getUpdates, cold / warm (s) | {cold:.2f} / {warm:.2f} |"
                 + " |" * (len(results) + 1))
    return "\n".join(lines)


CONFIGS = (("bot", "/search"), (UNCACHED, "/search"), (DISTINCT, "/search"), ("bot", "/quote"),
           *((name, "/search") for name in ECHO_BOTS))
BOT_CONFIGS = len(CONFIGS) - len(ECHO_BOTS)


async def main(updates: int, rounds: int) -> None:
    """`rounds` interleaved rounds of every configuration; each one's median round is reported.

    This machine's speed drifts by a third between minutes, so a single run of each bot, one
    after the other, would compare them at different speeds.
    """
    _pin(os.getpid(), LOAD_CORE)
    runs: dict[tuple[str, str], list[LoadResult]] = {config: [] for config in CONFIGS}
    starts: list[tuple[float, float]] = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            starts.append(await measure_startup(Path(tmp)))
        for name, command in CONFIGS:
            with tempfile.TemporaryDirectory() as tmp:
                runs[(name, command)].append(await measure_load(name, updates, Path(tmp), command=command))
    median = [sorted(r, key=lambda run: run.cpu_ms_per_update)[len(r) // 2] for r in runs.values()]
    cold, warm = (sorted(times)[len(times) // 2] for times in zip(*starts))
    print(report(median[:BOT_CONFIGS], *median[BOT_CONFIGS:], cold, warm, rounds))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    parser.add_argument("--quick", action="store_true", help="200 updates, one round")
    options = parser.parse_args()
    asyncio.run(main(200 if options.quick else options.updates, 1 if options.quick else options.rounds))
