"""Which group messages address the bot by name, and the words they ask it (bot/addressing.py)."""

import pytest

from bot.addressing import addressed_words


@pytest.mark.parametrize(("text", "words"), [
    ("@QuoteBot scaling", "scaling"), ("scaling laws @quotebot", "scaling laws"), ("@QuoteBot, 幻觉", "幻觉"),
    ("hey @QuoteBot: hallucinations", "hallucinations"), ("请问@QuoteBot 缩放定律", "缩放定律"),
    ("@QuoteBot缩放定律", "缩放定律"), ("@QuoteBot", ""), ("hi @QuoteBot!", ""),
])
def test_a_message_that_opens_or_closes_with_the_name_asks_the_other_words(text, words):
    assert addressed_words(text, "QuoteBot") == words


@pytest.mark.parametrize("text", [
    "guys try @QuoteBot, it finds what Ilya said in the interview", "I tried @QuoteBot yesterday and it was slow",
    "@QuoteBotter scaling", "@alice scaling", "mail me at x@QuoteBot.com", "@@QuoteBot scaling",
])
def test_a_name_in_passing_or_someone_elses_addresses_nothing(text):
    assert addressed_words(text, "QuoteBot") is None
    assert addressed_words("@QuoteBot scaling", None) is None  # the bot's name not known yet
