"""Profile the real bot (or the echo bot) under the load of bench/bot_load.py with py-spy.

    .venv/bin/pip install py-spy          # not a dependency of the bot: only this script needs it
    python bench/profile_bot.py [--bot bot|echo] [--command /search] [--updates N]

Prints where the process's CPU samples fall: by the package of the innermost frame (our code
in bot/ and handlers/, python-telegram-bot, aiohttp, the rest), then the functions holding the
largest shares of samples anywhere on the stack.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
import signal
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bot_load import _collect, _send_burst, _spawn, _stop  # noqa: E402
from tests.e2e.standin import BotApiStandIn  # noqa: E402

# py-spy names a frame "function (package/module.py:line)".
PACKAGES = (("our code", ("(bot/", "(handlers/")), ("python-telegram-bot", ("(telegram/",)),
            ("aiohttp, yarl, multidict", ("(aiohttp/", "(yarl/", "(multidict/")))


def _py_spy() -> str:
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    return found


async def record(bot: str, command: str, updates: int, output: Path) -> None:
    """Start the process, warm it up, then sample it while it answers `updates` commands."""
    with tempfile.TemporaryDirectory() as tmp:
        async with BotApiStandIn() as api:
            process, _ = await _spawn(api, bot, Path(tmp))
            try:
                await _collect(api, await _send_burst(api, 30, 1, command), timeout=60)
                spy = await asyncio.create_subprocess_exec(
                    _py_spy(), "record", "--pid", str(process.pid), "--format", "raw", "--output", str(output),
                    "--rate", "500", "--nonblocking", stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL)
                await asyncio.sleep(1.5)  # py-spy attaches
                await _collect(api, await _send_burst(api, updates, 1_000_000, command), timeout=max(60, updates / 20))
                spy.send_signal(signal.SIGINT)
                await spy.wait()
            finally:
                await _stop(process)


def _package(frame: str) -> str:
    return next((name for name, marks in PACKAGES if any(mark in frame for mark in marks)), "the rest")


def summarize(raw: Path, top: int = 25) -> str:
    """Self samples by package, and inclusive samples by function, as shares of all samples."""
    by_package: collections.Counter[str] = collections.Counter()
    by_function: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, samples = stack.split(";"), int(count)
        total += samples
        by_package[_package(frames[-1])] += samples
        for function in {frame.split(" (")[0] for frame in frames}:
            by_function[function] += samples
    if not total:
        return "no samples (could py-spy attach? it needs ptrace permission)"
    lines = [f"{total} samples; innermost frame by package:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_package.most_common()]
    lines.append("functions by share of samples on the stack:")
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in by_function.most_common(top)]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bot", choices=("bot", "echo"), default="bot")
    parser.add_argument("--command", default="/search")
    parser.add_argument("--updates", type=int, default=3000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        samples = Path(out) / "samples.txt"
        asyncio.run(record(options.bot, options.command, options.updates, samples))
        print(summarize(samples))
