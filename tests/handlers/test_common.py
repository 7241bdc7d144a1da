"""Our raw sends go where the library's typed calls would: same request, for every kind of chat."""

import pytest
from telegram import (
    InlineKeyboardMarkup, InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent,
    LinkPreviewOptions, Update,
)
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ExtBot

from bot.keyboards import Button, markup_json
from bot.links import HELP_PAYLOAD
from bot.render import InlineArticle, Reply
from handlers.common import INLINE_CACHE_SECONDS, answer_inline, edit, send
from tests.offline_request import OfflineRequest

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(keyboard) -> InlineKeyboardMarkup | None:
    """The typed twin of our keyboard JSON, for the library's own calls to compare with."""
    keyboard_json = markup_json(keyboard)
    return InlineKeyboardMarkup.de_json(keyboard_json, None) if keyboard_json else None

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


ARTICLE = InlineArticle("42", "Ilya Sutskever · Scaling", "It matters what you scale", "<blockquote>a &amp; b</blockquote>",
                        ((Button("Open in the bot", url="https://t.me/q_bot?start=turn_42"),),))


def _inline_update(bot) -> Update:
    return Update.de_json({"update_id": 1, "inline_query": {"id": "iq", "from": ASKER, "query": "x", "offset": ""}}, bot)


async def test_answer_inline_makes_the_request_the_typed_answer_makes(bot):
    update = _inline_update(bot)
    result = InlineQueryResultArticle(
        id=ARTICLE.id, title=ARTICLE.title, description=ARTICLE.description, reply_markup=markup(ARTICLE.buttons),
        input_message_content=InputTextMessageContent(ARTICLE.text, parse_mode=ParseMode.HTML,
                                                      link_preview_options=NO_PREVIEW))
    typed = await _sent(bot, update.inline_query.answer([result], cache_time=INLINE_CACHE_SECONDS, is_personal=True))
    assert await _sent(bot, answer_inline(update, [ARTICLE], nothing_found="Nothing")) == typed


async def test_answer_inline_with_nothing_offers_the_help_button(bot):
    update = _inline_update(bot)
    button = InlineQueryResultsButton(text="Nothing found", start_parameter=HELP_PAYLOAD)
    typed = await _sent(bot, update.inline_query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True,
                                                        button=button))
    assert await _sent(bot, answer_inline(update, [], nothing_found="Nothing found")) == typed
