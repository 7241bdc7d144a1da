"""The real bot, as a child process (`python -m bot run`), pointed at the stand-in."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from tests.e2e.standin import BotApiStandIn

REPO = Path(__file__).resolve().parents[2]
STARTED: list[BotProcess] = []  # every process started, so a failed test cannot leave one running


class BotProcess:
    """Starts, stops and reads the logs of one bot process; its database lives in `workdir`."""

    def __init__(self, standin: BotApiStandIn, workdir: Path, **env: str) -> None:
        self.standin = standin
        self.workdir = workdir
        self.log_path = workdir / f"bot-{int(time.time() * 1000)}.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))},
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_API_BASE_URL": standin.base_url,
            "DATABASE_PATH": str(workdir / "quotebot.sqlite3"),
            "HEARTBEAT_FILE": str(workdir / "heartbeat"),
            "SEEDS_DIR": str(REPO / "seeds"),
            "LOG_LEVEL": "DEBUG",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.process: asyncio.subprocess.Process | None = None
        self.started_at = 0.0
        # A command the bot runs under, which must end by exec-ing its arguments (so signals and
        # the pid are the bot's), e.g. a private mount namespace (tests/e2e/test_reliability.py).
        self.wrapper: tuple[str, ...] = ()

    async def start(self, *args: str, wait_polling: bool = True, timeout: float = 30.0) -> None:
        self.log_path = self.workdir / f"bot-{int(time.time() * 1000)}.log"
        log_file = self.log_path.open("wb")
        self.started_at = time.monotonic()
        self.process = await asyncio.create_subprocess_exec(
            *self.wrapper, sys.executable, "-m", "bot", *(args or ("run",)), cwd=REPO, env=self.env,
            stdout=log_file, stderr=asyncio.subprocess.STDOUT,
        )
        log_file.close()
        STARTED.append(self)
        if wait_polling:
            await self.wait_polling(timeout)

    async def wait_polling(self, timeout: float = 30.0) -> None:
        """Until the bot's getUpdates long poll is waiting (start-up done)."""
        deadline = time.monotonic() + timeout
        while not self.standin.is_polling:
            if self.process.returncode is not None:
                raise AssertionError(f"bot exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"bot did not start polling in {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        """Send `sig` and wait; returns the exit status (kills and fails after `timeout`)."""
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(sig)
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        except asyncio.TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError(f"bot did not stop within {timeout}s:\n{self.log()}") from None

    def kill_if_running(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()

    async def wait_exit(self, timeout: float = 15.0) -> int:
        return await asyncio.wait_for(self.process.wait(), timeout)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def logs(self) -> str:
        """Every log file this harness wrote in its workdir (all starts)."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("bot-*.log")))
