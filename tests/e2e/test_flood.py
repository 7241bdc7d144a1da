"""Telegram's flood limits with the real bot: a stand-in that answers 429 like Telegram does."""

import pytest

from bench.flood import measure_flood
from tests.e2e.botprocess import BotProcess
from tests.e2e.standin import BotApiStandIn


@pytest.mark.slow
async def test_one_user_flooding_holds_up_no_one_else(tmp_path):
    result = await measure_flood(tmp_path, floods=40, flood_limit=3)
    assert result.other_wait <= 0.5, result  # another chat is not paced by this one
    assert result.too_many_requests <= 5, result  # the bot paces itself; 429s stay rare
    assert result.tracebacks == 0, result
    assert result.last_answered, result  # the pile-up is coalesced into an answer to the latest
    assert result.notices <= 1 and result.apologies == 0, result


@pytest.mark.slow
async def test_group_members_are_all_answered_in_order_within_the_limit(tmp_path):
    async with BotApiStandIn(flood_limit=3) as api:
        bot = BotProcess(api, tmp_path)
        await bot.start()
        group = -100_720_001
        updates = [api.send_message("/quote", chat_id=group, user_id=720_010 + i, chat_type="supergroup")
                   for i in range(6)]
        replies = [await api.replies_to(group, timeout=20) for _ in updates]
        asked = [api.injected_update(u)["message"]["message_id"] for u in updates]
        assert [r.params["reply_parameters"]["message_id"] for r in replies] == asked  # one each, in order
        assert api.too_many_requests() == []
        assert replies[-1].at - replies[0].at >= 2.5  # a burst of 3, then one a second
        assert await bot.stop() == 0
        assert "Traceback" not in bot.logs()
