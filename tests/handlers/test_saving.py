"""The reply to a language choice says what became of saving it; a choice given up later gets one notice."""

import asyncio
from types import SimpleNamespace
from unittest.mock import AsyncMock

from bot.i18n import t
from bot.storage.write_behind import Saved, Saving
from handlers import saving


def _context(tasks: list):
    return SimpleNamespace(application=SimpleNamespace(create_task=lambda coroutine, name=None: tasks.append(
        asyncio.ensure_future(coroutine))))


def _saving(state: Saved, result: bool | None) -> Saving:
    future = asyncio.get_running_loop().create_future()
    if result is not None:
        future.set_result(result)
    return Saving(state, future)


async def test_saved_and_pending_choices_are_confirmed_and_a_failed_one_is_told_plainly():
    tasks: list = []
    update = SimpleNamespace(effective_chat=SimpleNamespace(id=5))
    done = saving.language_reply(update, _context(tasks), "zh-hant", _saving(Saved.SAVED, True), for_chat=False)
    assert done.text == t("zh-hant", "language.set_user", name="繁體中文") and not tasks
    failed = saving.language_reply(update, _context(tasks), "en", _saving(Saved.FAILED, False), for_chat=False)
    assert failed.text == t("en", "language.not_saved", name="English")


async def test_a_pending_choice_given_up_later_gets_one_notice_in_the_chosen_language(monkeypatch):
    sent = AsyncMock()
    monkeypatch.setattr(saving, "send", sent)
    tasks: list = []
    update = SimpleNamespace(effective_chat=SimpleNamespace(id=5))
    for outcome in (True, False):
        pending = _saving(Saved.PENDING, None)
        reply = saving.language_reply(update, _context(tasks), "zh-hans", pending, for_chat=False)
        assert reply.text == t("zh-hans", "language.set_user", name="简体中文")  # confirmed at once
        pending.settled.set_result(outcome)
        await tasks[-1]
    [(args, _)] = sent.call_args_list  # only for the one given up
    assert args[1].text == t("zh-hans", "language.not_saved_later", name="简体中文")
