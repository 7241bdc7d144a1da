"""The "EN + 中文" button: it applies at once; a setting that cannot be saved is told like a language choice."""

import asyncio
from types import SimpleNamespace
from unittest.mock import AsyncMock

from bot.i18n import t
from bot.storage.write_behind import Saved, Saving
from handlers import buttons


def _context(state: Saved, settled: asyncio.Future, tasks: list):
    preferences = SimpleNamespace(set_side_by_side=AsyncMock(return_value=Saving(state, settled)))
    return SimpleNamespace(owner=5, language="zh-hant", services=SimpleNamespace(preferences=preferences),
                           application=SimpleNamespace(create_task=lambda coroutine, name=None: tasks.append(
                               asyncio.ensure_future(coroutine))))


async def test_a_saved_setting_needs_no_notice_and_a_failed_one_gets_an_alert():
    loop = asyncio.get_running_loop()
    saved, failed = loop.create_future(), loop.create_future()
    saved.set_result(True)
    failed.set_result(False)
    tasks: list = []
    assert await buttons._save_side_by_side(SimpleNamespace(), _context(Saved.SAVED, saved, tasks), True) is None
    notice = await buttons._save_side_by_side(SimpleNamespace(), _context(Saved.FAILED, failed, tasks), True)
    assert notice == t("zh-hant", "side_by_side.not_saved") and not tasks


async def test_a_setting_given_up_later_gets_one_message(monkeypatch):
    sent = AsyncMock()
    monkeypatch.setattr(buttons, "send", sent)
    tasks: list = []
    update = SimpleNamespace(effective_chat=SimpleNamespace(id=5))
    for outcome in (True, False):
        pending = asyncio.get_running_loop().create_future()
        assert await buttons._save_side_by_side(update, _context(Saved.PENDING, pending, tasks), True) is None
        pending.set_result(outcome)
        await tasks[-1]
    [(args, _)] = sent.call_args_list  # only for the one given up
    assert args[1].text == t("zh-hant", "side_by_side.not_saved_later")
