"""The bot's link formats: what a Share button and a deep link carry, read back."""

from bot.links import share_query, turn_deep_link, turn_id_from_query


def test_a_share_query_reads_back_as_its_turn():
    assert turn_id_from_query(share_query(42)) == 42
    assert turn_deep_link("q_bot", 42) == "https://t.me/q_bot?start=turn_42"


def test_a_turn_link_with_an_impossible_number_names_no_turn():
    assert turn_id_from_query("turn_99999999999999999999") == 0  # "I can't find that passage", not the welcome
    assert turn_id_from_query("turns_42") is None and turn_id_from_query("turn_") is None


def test_a_shared_excerpt_reads_back_with_its_language_and_anchor():
    from bot.links import SharedPassage, shared_passage
    from bot.text import Anchor

    query = share_query(42, "zh-hant", Anchor("en", (812, 819)))
    assert query == "turn_42_zh-hant_e812_819"
    assert shared_passage(query) == SharedPassage(42, "zh-hant", Anchor("en", (812, 819)))
    assert shared_passage("turn_42") == SharedPassage(42)  # the whole turn's opening, as before
    assert share_query(42, "en", Anchor("en")) == "turn_42"  # no words matched: nothing to anchor
    assert turn_id_from_query(query) is None  # a /start payload names whole turns only
    assert shared_passage("turn_42_fr_e1_2") is None and shared_passage("scaling") is None
