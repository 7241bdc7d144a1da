"""Keyboards: callback data within 64 bytes that round-trips and rejects what the bot did not make; Bot API JSON."""

import pytest
from hypothesis import given, strategies as st

from bot.i18n import t
from bot.keyboards import Action, Button, Kind, action_button, decode, markup_json, open_at_action
from bot.limits import CALLBACK_DATA_BYTES as MAX_CALLBACK_BYTES


def test_largest_action_fits_in_64_bytes():
    action = Action(Kind.TURN, 9_999_999_999_999, ("999999999", "zh-hant", "999"))
    assert len(action.encode().encode()) <= MAX_CALLBACK_BYTES
    assert decode(action.encode()) == action


def test_opening_at_a_match_deep_in_the_longest_turn_fits_and_round_trips():
    action = open_at_action(9_999_999_999_999, 999_999_999, "zh-hant", 250_000)  # an offset past 5 digits is capped
    assert len(action.encode().encode()) <= MAX_CALLBACK_BYTES
    assert decode(action.encode()) == action and action.args[2] == "99999"
    assert decode("a:1:42:en:123456") is None


@pytest.mark.parametrize(
    "forged",
    ["", "t", "t:1", "t:1:42:xx:0", "t:abc:42:en:0", "z:1:42", "s:1:UPPER:0", "p:1:../x:0",
     "t:1:42:en:0:extra", "q:1:en;DROP TABLE", "l:1:fr", "x" * 65],
)
def test_forged_data_is_rejected(forged):
    assert decode(forged) is None


def test_owner_check():
    action = Action(Kind.TOPICS, 42)
    assert action.may_be_used_by(42) and not action.may_be_used_by(43)
    assert Action(Kind.TOPICS, 0).may_be_used_by(7)


def test_encode_refuses_what_decode_would_reject():
    with pytest.raises(ValueError):
        Action(Kind.TOPIC_PAGE, 1, ("Not A Key!", "0")).encode()


@pytest.mark.parametrize("data", ["T:0:", "T:00", "l:\u0663:en", "t:1:\u0662:en:0", "q:7:en:"])
def test_decode_accepts_only_the_bots_own_spelling(data):
    assert decode(data) is None


@given(st.text(max_size=80))
def test_decode_never_raises(data):
    decoded = decode(data)
    assert decoded is None or decoded.encode() == data


def test_keyboard_json_is_what_the_bot_api_expects():
    keyboard = ((Button("1", callback="o:7:10:en:0"), Button("Share", switch_inline="turn_42")),
                (Button("Source", url="https://example.org/?a=1&b=<2>"),))
    assert markup_json(keyboard) == {"inline_keyboard": [
        [{"text": "1", "callback_data": "o:7:10:en:0"}, {"text": "Share", "switch_inline_query": "turn_42"}],
        [{"text": "Source", "url": "https://example.org/?a=1&b=<2>"}],
    ]}
    assert markup_json(()) is None


def test_the_largest_excerpt_actions_fit_and_round_trip():
    for action in (Action(Kind.EXCERPT, 9_999_999_999_999_999_999, ("999999999", "zh-hant", "z", "99999", "99999")),
                   Action(Kind.BOTH, 9_999_999_999_999_999_999, ("999999999", "zh-hant", "e", "99999", "99999", "1")),
                   Action(Kind.TURN_BOTH, 9_999_999_999_999_999_999, ("999999999", "zh-hant", "999", "0"))):
        assert len(action.encode().encode()) <= MAX_CALLBACK_BYTES and decode(action.encode()) == action


@pytest.mark.parametrize("forged", ["x:1:42:en:q:0:5", "x:1:42:en:e:0", "b:1:42:en:e:0:5:2", "x:1:42:en:e:123456:1"])
def test_forged_excerpt_data_is_rejected(forged):
    assert decode(forged) is None


def test_interview_and_topic_buttons_fit_with_the_largest_owner_and_ids():
    owner = 2**52  # Telegram user ids have at most 52 significant bits
    from bot.keyboards import interview_action, topic_action

    for action in (topic_action(owner, 999_999, "k" * 32, 999), interview_action(owner, 999_999),
                   Action(Kind.NARROW, owner, ("a" * 12, "999999")), Action(Kind.INTERVIEWS, owner, ("9999",))):
        data = action.encode()
        assert len(data.encode()) <= MAX_CALLBACK_BYTES and decode(data) == action
    assert decode(f"P:{owner}:x:intro:0") is None  # an interview is named by its number
    assert decode("p:7:scaling:0") == Action(Kind.OLD_TOPIC_PAGE, 7, ("scaling", "0"))  # buttons sent before


def test_an_excerpt_deep_in_a_long_turn_still_gets_working_buttons():
    """A transcript without speaker changes makes turns of 100,000+ characters: an excerpt there
    is shared and flipped by its turn (its opening), not by offsets too long to write."""
    from bot.keyboards import excerpt_action
    from bot.links import share_query, shared_passage
    from bot.text import Anchor

    deep = Anchor("en", (131_109, 131_119))
    assert shared_passage(share_query(356_070_002, "en", deep)).turn_id == 356_070_002
    action = excerpt_action(9_999_999_999, 356_070_002, "en", deep)
    assert decode(action.encode()) == action and len(action.encode().encode()) <= 64


def test_a_button_reads_a_title_with_an_ampersand_as_written():
    label = t("en", "button.only", title="ChatGPT, Claude & Gemini: how they train")
    button = action_button(label, Action(Kind.NARROW, 7, ("s1", "2")))
    assert button.text == "🎯 Only ChatGPT, Claude & Gemini: how they train"
    long = action_button(t("en", "button.only", title="Claude & Gemini " * 10), Action(Kind.NARROW, 7, ("s1", "2")))
    assert "&amp" not in long.text and long.text.startswith("🎯 Only Claude & Gemini")
