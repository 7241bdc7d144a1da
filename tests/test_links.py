"""The bot's link formats: what a Share button and a deep link carry, read back."""

from bot.links import share_query, turn_deep_link, turn_id_from_query


def test_a_share_query_reads_back_as_its_turn():
    assert turn_id_from_query(share_query(42)) == 42
    assert turn_deep_link("q_bot", 42) == "https://t.me/q_bot?start=turn_42"


def test_a_turn_link_with_an_impossible_number_names_no_turn():
    assert turn_id_from_query("turn_99999999999999999999") == 0  # "no longer exists", not the welcome
    assert turn_id_from_query("turns_42") is None and turn_id_from_query("turn_") is None
