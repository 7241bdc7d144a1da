"""Our raw sends go where the library's typed calls would: same request, for every kind of chat."""

import pytest
from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ExtBot

from bot.render import Button, Reply
from handlers.common import edit, send
from handlers.inline import NO_PREVIEW, markup
from tests.offline_request import OfflineRequest

REPLY = Reply("<b>1.</b> a &amp; b", ((Button("1", callback="o:7:10:en:0"), Button("Share", switch_inline="turn_1")),
                                     (Button("Source", url="https://example.org/"),)))
ASKER = {"id": 7, "is_bot": False, "first_name": "T"}
PRIVATE = {"id": 7, "type": "private", "first_name": "T"}
GROUP = {"id": -5, "type": "group", "title": "g"}
FORUM = {"id": -1006, "type": "supergroup", "title": "f", "is_forum": True}


def _message(chat: dict, **extra) -> dict:
    return {"message_id": 5, "date": 1, "chat": chat, "from": ASKER, "text": "/search x", **extra}


COMMANDS = {
    "private chat": _message(PRIVATE),
    "group": _message(GROUP),
    "reply chain in a group (not a topic)": _message(GROUP, message_thread_id=2),
    "public supergroup": _message({"id": -1005, "type": "supergroup", "title": "g", "username": "pub"}),
    "forum topic": _message(FORUM, message_thread_id=77, is_topic_message=True),
    "forum's General topic": _message(FORUM),
    "topic in a private chat": _message(PRIVATE, message_thread_id=3, is_topic_message=True),
    "channel direct-messages topic": _message({"id": -1007, "type": "supergroup", "title": "dm",
                                               "is_direct_messages": True}, direct_messages_topic={"topic_id": 42}),
    "business chat": _message(PRIVATE, business_connection_id="bc1"),
}
PRESSES = {
    "message in a forum topic": {"message": _message(FORUM, message_thread_id=77, is_topic_message=True)},
    "inline message": {"inline_message_id": "IM1"},
    "business message": {"message": _message(PRIVATE, business_connection_id="bc1")},
}


@pytest.fixture
async def bot():
    sent = _message(PRIVATE) | {"from": {"id": 1, "is_bot": True, "first_name": "B"}}  # what Telegram answers
    request = OfflineRequest(sent, record=True)
    bot = ExtBot("1:test", request=request, get_updates_request=OfflineRequest(), rate_limiter=AIORateLimiter())
    async with bot:
        request.calls.clear()
        yield bot


async def _sent(bot, call) -> tuple[str, dict]:
    await call
    return bot.request.calls.pop()


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
async def test_send_makes_the_request_reply_html_makes(bot, command):
    update = Update.de_json({"update_id": 1, "message": command}, bot)
    message = update.effective_message
    typed = await _sent(bot, message.reply_html(REPLY.text, reply_markup=markup(REPLY.buttons),
                                                link_preview_options=NO_PREVIEW,
                                                do_quote=message.chat.type != message.chat.PRIVATE))
    assert await _sent(bot, send(update, REPLY)) == typed


@pytest.mark.parametrize("press", PRESSES.values(), ids=PRESSES.keys())
async def test_edit_makes_the_request_edit_message_text_makes(bot, press):
    update = Update.de_json({"update_id": 1, "callback_query": {"id": "q", "from": ASKER, "chat_instance": "c",
                                                                "data": "s:7:abc:1", **press}}, bot)
    query = update.callback_query
    typed = await _sent(bot, query.edit_message_text(REPLY.text, parse_mode=ParseMode.HTML,
                                                     reply_markup=markup(REPLY.buttons), link_preview_options=NO_PREVIEW))
    assert await _sent(bot, edit(update, REPLY)) == typed
