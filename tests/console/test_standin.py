"""The console's Bot API, driven by python-telegram-bot's own Bot: Telegram's answers and refusals."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.console.events import Answered, Edited, Refused, Sent
from bot.console.standin import ConsoleBotApi
from bot.console.world import BOT_USERNAME, PLACEHOLDER_TOKEN, USER_ID, World

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("After ▶", callback_data="next")]])


@pytest.fixture
async def api_and_bot():
    api = ConsoleBotApi(World("en"))
    bot = Bot(PLACEHOLDER_TOKEN, request=api, get_updates_request=api)
    await bot.initialize()
    yield api, bot
    await bot.shutdown()


async def test_get_me_names_the_console_bot(api_and_bot):
    _, bot = api_and_bot
    assert bot.username == BOT_USERNAME
    assert bot.id == int(PLACEHOLDER_TOKEN.split(":")[0])


async def test_a_sent_message_is_parsed_like_telegram(api_and_bot):
    api, bot = api_and_bot
    sent = await bot.send_message(USER_ID, "<b>Hi</b> &amp; bye", parse_mode="HTML", reply_markup=KEYBOARD)
    assert sent.text == "Hi & bye" and sent.entities[0].type == "bold"
    [event] = api.take_events()
    assert isinstance(event, Sent) and event.message["reply_markup"]["inline_keyboard"][0][0]["text"] == "After ▶"


async def test_an_unchanged_edit_is_refused_and_a_changed_one_applied(api_and_bot):
    api, bot = api_and_bot
    sent = await bot.send_message(USER_ID, "one", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("one", USER_ID, sent.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_text("two", USER_ID, sent.message_id)
    events = api.take_events()
    assert isinstance(events[1], Refused) and "message is not modified" in events[1].description
    assert isinstance(events[2], Edited) and events[2].message["text"] == "two"
    assert "reply_markup" not in events[2].message  # an edit without a keyboard removes it


@pytest.mark.parametrize(("call", "wording"), [
    (lambda bot: bot.send_message(USER_ID, "<p>x</p>", parse_mode="HTML"), '(?i)unsupported start tag "p"'),
    (lambda bot: bot.send_message(USER_ID, "x" * 4097), "Message is too long"),
    (lambda bot: bot.send_message(USER_ID, "   "), "Message text is empty"),
    (lambda bot: bot.send_message(42, "x"), "Chat not found"),
    (lambda bot: bot.edit_message_text("x", USER_ID, 999), "Message to edit not found"),
    (lambda bot: bot.answer_callback_query("nope"), "Query is too old"),
    (lambda bot: bot.send_message(USER_ID, "x", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("b", callback_data="x" * 65)]])), "Button_data_invalid"),
])
async def test_what_telegram_refuses(api_and_bot, call, wording):
    api, bot = api_and_bot
    with pytest.raises(BadRequest, match=wording):
        await call(bot)
    assert isinstance(api.take_events()[-1], Refused)


async def test_a_pressed_button_is_answered_once(api_and_bot):
    api, bot = api_and_bot
    sent = await bot.send_message(USER_ID, "x", reply_markup=KEYBOARD)
    query_id = api.world.callback_update((USER_ID, sent.message_id), "next")["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, "Only the person who asked…", show_alert=True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    assert Answered("Only the person who asked…", True) in api.take_events()


async def test_other_methods_answer_true(api_and_bot):
    _, bot = api_and_bot
    assert await bot.delete_webhook() is True
    assert await bot.send_chat_action(USER_ID, "typing") is True
