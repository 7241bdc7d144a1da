"""Fixtures: one stand-in and one bot process shared by a test module; fresh ones on request."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.botprocess import STARTED, BotProcess
from tests.e2e.standin import BotApiStandIn

_ids = itertools.count(1)
E2E = Path(__file__).parent
NO_BOT_PROCESS = {"test_standin.py"}  # the stand-in's own tests talk to it in-process


def pytest_collection_modifyitems(items):
    """Every test here starts a bot process (or several): `slow`, left out of `pytest -m "not slow"`."""
    for item in items:
        if item.path.parent == E2E and item.path.name not in NO_BOT_PROCESS:
            item.add_marker(pytest.mark.slow)


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
async def shared_bot(request, tmp_path_factory):
    """A running bot and its stand-in, for the conversations of one test module.

    A module's `BOT_ENV` dict adds settings, e.g. CONCURRENT_UPDATES=1 where tests need to
    know the bot has finished with an update (dialog.answered_after).
    """
    async with BotApiStandIn() as standin:
        bot = BotProcess(standin, tmp_path_factory.mktemp("bot"), **getattr(request.module, "BOT_ENV", {}))
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
