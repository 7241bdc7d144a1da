"""Which reply answered which query (bot.answered), bounded in bytes."""

from __future__ import annotations

from bot.answered import AnsweredQueries
from tests.test_memory_bounds import BUDGET, _check, retained


def test_a_reply_is_found_by_its_chat_and_query():
    answered = AnsweredQueries()
    answered.remember(-1001234567890, 55, 56)
    answered.remember(42, 55, 57)
    assert answered.reply_to(-1001234567890, 55) == 56 and answered.reply_to(42, 55) == 57
    assert answered.reply_to(42, 54) is None
    answered.forget(42, 55)
    assert answered.reply_to(42, 55) is None


def test_the_oldest_are_forgotten_within_the_budget():
    answered = AnsweredQueries(memory_bytes=BUDGET)

    def fill():
        for message_id in range(20_000):
            answered.remember(-10**13 - message_id, 10**9 + message_id, 10**9 + message_id + 1)
        return answered._replies

    _check(answered._replies, retained(fill))
    assert answered.reply_to(-10**13, 10**9) is None  # the first, long evicted
    assert answered.reply_to(-10**13 - 19_999, 10**9 + 19_999) == 10**9 + 20_000
