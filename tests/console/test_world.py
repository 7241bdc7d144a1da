"""The console's chat: the updates your input becomes."""

from __future__ import annotations

from bot.config import TOKEN_PATTERN
from bot.console.world import PLACEHOLDER_TOKEN, TELEGRAM_CODES, USER_ID, World


def test_the_placeholder_token_has_the_shape_settings_accept():
    assert TOKEN_PATTERN.match(PLACEHOLDER_TOKEN)


def test_traditional_chinese_is_a_taiwanese_telegram_app():
    assert TELEGRAM_CODES["zh-hant"] == "zh-TW"
    assert World(TELEGRAM_CODES["zh-hant"]).message_update("hi")["message"]["from"]["language_code"] == "zh-TW"


def test_a_command_gets_its_entity_and_messages_share_one_id_sequence():
    world = World("en")
    first = world.message_update("/search@QuoteConsoleBot bitter lesson")["message"]
    assert first["entities"] == [{"type": "bot_command", "offset": 0, "length": len("/search@QuoteConsoleBot")}]
    assert "entities" not in world.message_update("plain words")["message"]
    assert world.new_message(world.bot_sender(), "reply", [])["message_id"] == first["message_id"] + 2


def test_a_press_carries_the_message_as_it_is_now():
    world = World("en")
    sent = world.new_message(world.bot_sender(), "old", [])
    world.messages[(USER_ID, sent["message_id"])] = {**sent, "text": "new"}
    query = world.callback_update((USER_ID, sent["message_id"]), "data")["callback_query"]
    assert query["message"]["text"] == "new" and query["id"] in world.open_callback_queries


def test_a_group_is_a_supergroup_and_inline_queries_say_so():
    world = World("en", in_group=True)
    assert world.chat["type"] == "supergroup"
    assert world.inline_update("words")["inline_query"]["chat_type"] == "supergroup"
