"""The flood policy (bot/flood_control.py): pacing, 429s, coalescing, with small numbers."""

import asyncio
import datetime as dtm
import logging
import time

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import RetryAfter

from bot import flood_control
from bot.flood_control import FloodControl, Origin, OriginTracking, Superseded, answering, notice

# RetryAfter's own constructor reads its deprecated int-or-timedelta property; nothing of ours.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def retry_after(seconds: float) -> RetryAfter:
    return RetryAfter(dtm.timedelta(seconds=seconds))


class FakeTelegram:
    """The limiter's callback: records when each call went out; answers 429s queued per chat."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.sent: list[tuple[str, float]] = []
        self.refusals: dict[object, list[RetryAfter]] = {}

    async def request(self, limiter: FloodControl, chat: int | None, label: str, *, endpoint: str = "sendMessage",
                      origin: Origin | None = None) -> bool:
        async def callback(*args, **kwargs) -> bool:
            if self.refusals.get(chat):
                raise self.refusals[chat].pop(0)
            self.sent.append((label, time.monotonic() - self.started))
            return True

        data = {} if chat is None else {"chat_id": chat}
        with answering(origin):
            return await limiter.process_request(callback, (), {}, endpoint, data, None)

    def at(self, label: str) -> float:
        return dict(self.sent)[label]

    def order(self) -> list[str]:
        return [label for label, _ in self.sent]


@pytest.fixture
def telegram():
    return FakeTelegram()


@pytest.fixture(autouse=True)
def flood_warnings(caplog):
    caplog.set_level(logging.INFO, logger="bot.flood_control")
    yield caplog
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], "no tracebacks, no errors"


async def test_private_chat_gets_a_burst_then_one_message_per_interval(telegram):
    limiter = FloodControl(private=(20.0, 2))  # a token every 50 ms, two at once
    await asyncio.gather(*(telegram.request(limiter, 1, f"m{i}") for i in range(5)))
    times = [telegram.at(f"m{i}") for i in range(5)]
    assert times[1] < 0.02  # the burst
    assert 0.04 <= times[2] and 0.09 <= times[3] and 0.14 <= times[4] < 0.3
    assert telegram.order() == [f"m{i}" for i in range(5)]


async def test_group_also_has_its_per_minute_limit(telegram):
    limiter = FloodControl(private=(100.0, 5), group=(10.0, 2))
    await asyncio.gather(*(telegram.request(limiter, -100, f"g{i}") for i in range(4)),
                         *(telegram.request(limiter, 1, f"p{i}") for i in range(4)))
    assert telegram.at("g1") < 0.02 and telegram.at("g2") >= 0.09 and telegram.at("g3") >= 0.19
    assert max(telegram.at(f"p{i}") for i in range(4)) < 0.05  # a private chat has no group limit


async def test_the_whole_bot_is_limited_too(telegram):
    limiter = FloodControl(overall=(20.0, 3))
    await asyncio.gather(*(telegram.request(limiter, chat, f"c{chat}") for chat in range(1, 6)))
    times = sorted(at for _, at in telegram.sent)  # which chat gets the next token is not promised
    assert times[2] < 0.02 and times[3] >= 0.04 and times[4] >= 0.09


async def test_calls_that_post_nothing_are_not_paced(telegram):
    limiter = FloodControl(private=(2.0, 1))
    queued = [asyncio.create_task(telegram.request(limiter, 1, f"m{i}")) for i in range(3)]
    await telegram.request(limiter, None, "answer", endpoint="answerCallbackQuery")
    await telegram.request(limiter, 1, "member", endpoint="getChatMember")
    assert telegram.at("answer") < 0.05 and telegram.at("member") < 0.05
    for task in queued:
        task.cancel()


async def test_a_429_for_one_chat_delays_only_that_chat(telegram, flood_warnings):
    limiter = FloodControl()
    telegram.refusals[1] = [retry_after(0.3)]
    flooded = asyncio.create_task(telegram.request(limiter, 1, "a"))
    await asyncio.sleep(0.01)
    await asyncio.gather(*(telegram.request(limiter, 2, f"b{i}") for i in range(3)))
    assert max(telegram.at(f"b{i}") for i in range(3)) < 0.1  # chat 2 kept flowing
    await flooded
    assert telegram.at("a") >= 0.3
    warnings = [r for r in flood_warnings.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "chat 1" in warnings[0].getMessage()


async def test_a_429_without_a_chat_pauses_everything(telegram):
    limiter = FloodControl()
    telegram.refusals[None] = [retry_after(0.3)]
    answer = asyncio.create_task(telegram.request(limiter, None, "answer", endpoint="answerInlineQuery"))
    await asyncio.sleep(0.01)
    await telegram.request(limiter, 2, "b")
    await answer
    assert telegram.at("b") >= 0.3 and telegram.at("answer") >= 0.3


async def test_429s_for_several_chats_at_once_pause_everything(telegram, flood_warnings):
    limiter = FloodControl()
    for chat in (1, 2, 3):
        telegram.refusals[chat] = [retry_after(0.3)]
    flooded = [asyncio.create_task(telegram.request(limiter, chat, f"c{chat}")) for chat in (1, 2, 3)]
    await asyncio.sleep(0.01)
    await telegram.request(limiter, 4, "c4")
    await asyncio.gather(*flooded)
    assert telegram.at("c4") >= 0.3  # the third chat's 429 showed it is the bot's limit
    assert "whole bot" in flood_warnings.records[-1].getMessage()


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_gives_up_after_the_last_retry_with_warnings_only(telegram, flood_warnings):
    limiter = FloodControl()
    telegram.refusals[1] = [retry_after(0.01) for _ in range(flood_control.MAX_RETRIES + 1)]
    with pytest.raises(RetryAfter):
        await telegram.request(limiter, 1, "a")
    assert len(flood_warnings.records) == flood_control.MAX_RETRIES + 1
    assert "giving up" in flood_warnings.records[-1].getMessage()


async def test_without_pacing_429s_are_still_honoured(telegram):
    limiter = FloodControl(pacing=False)
    await asyncio.gather(*(telegram.request(limiter, 1, f"m{i}") for i in range(10)))
    assert max(telegram.at(f"m{i}") for i in range(10)) < 0.05
    telegram.refusals[2] = [retry_after(0.2)]
    await telegram.request(limiter, 2, "late")
    assert telegram.at("late") >= 0.2


async def flood(telegram: FakeTelegram, limiter: FloodControl, chat: int, user: int, update_ids) -> list:
    """One user's sends to `chat`, arriving in the order given; each outcome (True or Superseded)."""
    tasks = []
    for update_id in update_ids:
        tasks.append(asyncio.create_task(
            telegram.request(limiter, chat, f"u{update_id}", origin=Origin(user, update_id))))
        await asyncio.sleep(0)  # each reaches the limiter before the next
    return await asyncio.gather(*tasks, return_exceptions=True)


async def test_a_pile_up_from_one_user_is_answered_with_their_latest(telegram):
    limiter = FloodControl(private=(10.0, 1))
    outcomes = await flood(telegram, limiter, 1, 7, range(1, 7))
    assert telegram.order() == ["u1", "u6"]  # the first at once, then only the newest
    dropped = outcomes[1:5]
    assert all(isinstance(o, Superseded) for o in dropped)
    assert [o.notify for o in dropped] == [True, False, False, False]  # one slow-down notice
    assert telegram.at("u6") >= 0.09


async def test_an_older_reply_arriving_after_a_newer_one_is_dropped(telegram):
    limiter = FloodControl(private=(10.0, 1))
    outcomes = await flood(telegram, limiter, 1, 7, [5, 4])
    assert outcomes[0] is True and isinstance(outcomes[1], Superseded)
    assert telegram.order() == ["u5"]


async def test_the_notice_goes_ahead_of_the_answer_and_is_never_coalesced(telegram):
    limiter = FloodControl(private=(10.0, 1))
    pending = [asyncio.create_task(telegram.request(limiter, 1, f"u{i}", origin=Origin(7, i))) for i in (1, 2, 3)]
    await asyncio.sleep(0)
    with pytest.raises(Superseded):
        await pending[1]
    with notice(), answering(Origin(7, 2)):
        await telegram.request(limiter, 1, "notice")
    await asyncio.gather(*pending[::2])
    assert telegram.order() == ["u1", "notice", "u3"]


async def test_group_members_are_not_coalesced_and_go_in_update_order(telegram):
    limiter = FloodControl(private=(20.0, 1))
    tasks = []
    for user, update_id in [(1, 10), (2, 13), (3, 12), (4, 11)]:  # arriving out of order
        tasks.append(asyncio.create_task(
            telegram.request(limiter, -100, f"u{update_id}", origin=Origin(user, update_id))))
        await asyncio.sleep(0)
    assert all(o is True for o in await asyncio.gather(*tasks))
    assert telegram.order() == ["u10", "u11", "u12", "u13"]


async def test_edits_are_paced_but_never_coalesced(telegram):
    limiter = FloodControl(private=(20.0, 1))
    await asyncio.gather(*(telegram.request(limiter, 1, f"e{i}", endpoint="editMessageText", origin=Origin(7, i))
                           for i in range(3)))
    assert telegram.order() == ["e0", "e1", "e2"] and telegram.at("e2") >= 0.09


async def test_each_update_is_handled_with_its_origin():
    seen = []

    async def handler():
        seen.append(flood_control._origin.get())

    user = User(7, "Ann", is_bot=False)
    message = Message(1, dtm.datetime.now(dtm.timezone.utc), Chat(7, Chat.PRIVATE), from_user=user)
    tracking = OriginTracking(4)
    await tracking.process_update(Update(41, message=message), handler())
    await tracking.process_update(object(), handler())
    assert seen == [Origin(7, 41), None] and flood_control._origin.get() is None
