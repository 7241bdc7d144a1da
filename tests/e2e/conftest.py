"""Fixtures: one stand-in and one bot process shared by a test module; fresh ones on request."""

from __future__ import annotations

import itertools

import pytest
import pytest_asyncio

from tests.e2e.botprocess import STARTED, BotProcess
from tests.e2e.standin import BotApiStandIn

_ids = itertools.count(1)


@pytest.fixture
def new_id():
    """Unique user/chat ids, so tests sharing a bot never see each other's state."""
    return lambda: 100_000 + next(_ids)


@pytest.fixture(autouse=True)
def no_bot_left_running(tmp_path):
    """A test that fails before stopping its own bot (one started in its tmp_path) kills it here."""
    yield
    for bot in [b for b in STARTED if b.workdir.is_relative_to(tmp_path)]:
        bot.kill_if_running()
        STARTED.remove(bot)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def shared_bot(tmp_path_factory):
    """A running bot and its stand-in, for the conversations of one test module."""
    async with BotApiStandIn() as standin:
        bot = BotProcess(standin, tmp_path_factory.mktemp("bot"))
        await bot.start()
        yield bot
        status = await bot.stop()
        assert status == 0, bot.log()
        assert standin.token not in bot.logs(), "the token leaked into the logs"


@pytest_asyncio.fixture(loop_scope="session")
async def standin():
    async with BotApiStandIn() as server:
        yield server


@pytest.fixture
def api(shared_bot):
    return shared_bot.standin
