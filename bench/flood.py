"""Flood benchmark: one user sends many searches at once, then another user asks once.

    python bench/flood.py [--floods 40] [--flood-limit 3] [--bot-repo PATH]

The real bot (`python -m bot run`) against the Bot API stand-in enforcing Telegram's per-chat
flood limit: a message that would be the chat's (--flood-limit + 1)-th within a second is
refused with 429 (retry_after 1 s), and so is every message to that chat for that second.
Prints how long the other user waited for their reply, the 429s the stand-in answered, the
tracebacks in the bot's log, and what the flooding user received: answers, slow-down notices,
apologies, and whether their last query got the final answer.

`--bot-repo` runs another checkout's bot for a before/after comparison, e.g.
`mkdir /tmp/before && git archive HEAD | tar -x -C /tmp/before`, then `--bot-repo /tmp/before`.
tests/e2e/test_flood.py runs `measure_flood` and checks the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.i18n import t  # noqa: E402
from tests.e2e.dialog import plain  # noqa: E402
from tests.e2e.standin import BotApiStandIn, RecordedCall  # noqa: E402

FLOODER, OTHER = 710_001, 710_002
# What the flooding user types; the last query appears nowhere before, so its answer is recognisable.
FLOOD_QUERIES = ("scaling", "hallucinations", "neural networks", "幻觉", "democracy", "GPU hardware cost",
                 "transformer attention", "意识", "learn from less data", "reinforcment learning")
LAST_QUERY = "bitter lesson"


@dataclass
class FloodResult:
    floods: int
    other_wait: float  # seconds from the other user's message to the bot's reply reaching Telegram
    too_many_requests: int
    tracebacks: int
    answers: int  # replies to the flooding user other than notices and apologies
    notices: int
    apologies: int
    last_answered: bool  # the flooding user's final reply answers their last query
    seconds: float  # from the flood to the bot's last call


async def measure_flood(workdir: Path, *, floods: int = 40, flood_limit: int = 3, bot_repo: Path = REPO,
                        other_after: float = 0.1) -> FloodResult:
    async with BotApiStandIn(flood_limit=flood_limit) as api:
        process, log_path = await _start(api, workdir, bot_repo)
        try:
            flooded = time.monotonic()
            for i in range(floods):
                query = LAST_QUERY if i == floods - 1 else FLOOD_QUERIES[i % len(FLOOD_QUERIES)]
                api.send_message(f"/search {query}", chat_id=FLOODER, user_id=FLOODER)
            await asyncio.sleep(other_after)
            asked = time.monotonic()
            api.send_message("/search scaling", chat_id=OTHER, user_id=OTHER)
            reply = await api.replies_to(OTHER, timeout=60)
            await api.wait_quiet(3.0, timeout=120)
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 15)
        return _result(api, floods, reply.at - asked, flooded, log_path.read_text(errors="replace"))


def _result(api: BotApiStandIn, floods: int, other_wait: float, flooded: float, log: str) -> FloodResult:
    replies = [c for c in api.calls if c.ok and c.is_to("sendMessage") and c.params.get("chat_id") == FLOODER]
    notice, apology = plain_text("misc.slow_down"), plain_text("misc.error")
    answers = [c for c in replies if plain(c) not in (notice, apology)]
    last_call = max(c.at for c in api.calls if not c.is_to("getUpdates"))
    return FloodResult(
        floods=floods, other_wait=other_wait, too_many_requests=len(api.too_many_requests()),
        tracebacks=log.count("Traceback (most recent call last)"), answers=len(answers),
        notices=sum(plain(c) == notice for c in replies), apologies=sum(plain(c) == apology for c in replies),
        last_answered=bool(answers) and _answers(answers[-1], LAST_QUERY), seconds=last_call - flooded)


def plain_text(key: str) -> str:
    return plain(RecordedCall("sendMessage", {"text": t("en", key), "parse_mode": "HTML"}, 200, True, None, 0.0))


def _answers(reply: RecordedCall, query: str) -> bool:
    return f"“{query}”" in plain(reply)  # a results heading, or "nothing matches", quotes the query


async def _start(api: BotApiStandIn, workdir: Path, bot_repo: Path) -> tuple[asyncio.subprocess.Process, Path]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "RATE_LIMITER"))},
        "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_PATH": str(workdir / "quotebot.sqlite3"), "HEARTBEAT_FILE": str(workdir / "heartbeat"),
        "SEEDS_DIR": str(bot_repo / "seeds"), "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1",
    }
    log_path = workdir / "bot.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=bot_repo, env=env,
                                                       stdout=log, stderr=asyncio.subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not api.is_polling:
        if process.returncode is not None or time.monotonic() > deadline:
            if process.returncode is None:
                process.kill()
            raise AssertionError(f"the bot did not start:\n{log_path.read_text(errors='replace')}")
        await asyncio.sleep(0.05)
    return process, log_path


def report(result: FloodResult, flood_limit: int) -> str:
    rows = [
        ("the other user's wait for their reply", f"{1000 * result.other_wait:.0f} ms"),
        ("429s answered by the stand-in", str(result.too_many_requests)),
        ("tracebacks in the bot's log", str(result.tracebacks)),
        ("the flooding user received", f"{_count(result.answers, 'answer')}, "
                                       f"{_count(result.notices, 'slow-down notice')}, "
                                       f"{_count(result.apologies, 'apology', 'apologies')}"),
        ("their last query answered by the last reply", "yes" if result.last_answered else "no"),
        ("from the flood to the bot's last call", f"{result.seconds:.1f} s"),
    ]
    head = (f"{result.floods} /search from one user at once, then another user asks once "
            f"(stand-in: more than {flood_limit} messages a second to a chat → 429, retry after 1 s)")
    return "\n".join([head, *(f"  {name:<46} {value}" for name, value in rows)])


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floods", type=int, default=40)
    parser.add_argument("--flood-limit", type=int, default=3)
    parser.add_argument("--bot-repo", type=Path, default=REPO, help="the checkout whose bot runs (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flood-bench-") as workdir:
        result = asyncio.run(measure_flood(Path(workdir), floods=args.floods, flood_limit=args.flood_limit,
                                           bot_repo=args.bot_repo.resolve()))
    print(report(result, args.flood_limit))


if __name__ == "__main__":
    main()
