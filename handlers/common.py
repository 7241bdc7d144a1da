"""Sending what the core built: a Reply as a message or an edit, inline articles as an answer.

Everything goes out as plain Bot API JSON, the keyboards included (`bot.keyboards.markup_json`).
"""

from __future__ import annotations

import re
import warnings

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from bot.keyboards import markup_json
from bot.links import HELP_PAYLOAD
from bot.render import InlineArticle, Reply

INLINE_CACHE_SECONDS = 300


# Replies go out as plain Bot API JSON through `Bot.do_api_request`, not `reply_html`: Telegram
# answers every send with the whole message, and the typed call turns that answer (and our
# keyboard) into objects nobody reads. For a /search page that cost more CPU than a bare echo
# bot spends on a whole update (bench/reply_cost.py). The library warns when a raw call has a
# typed twin; these calls are that choice, made on purpose. Raw calls skip `Defaults` and
# `arbitrary_callback_data`: adding either to the Application means revisiting them.
_RAW_METHODS = ("sendMessage", "editMessageText", "answerInlineQuery")
warnings.filterwarnings("ignore", message=rf"Please use 'Bot\.({'|'.join(_RAW_METHODS)})'", category=PTBUserWarning,
                        module=re.escape(__name__))
_HTML_WITHOUT_PREVIEW = {"parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}


async def send(update: Update, reply: Reply) -> int | None:
    """Answer in the same chat (and forum topic), as a reply to the command in groups; the sent message's id."""
    message = update.effective_message
    sent = await message.get_bot().do_api_request("sendMessage", {**_answer_place(message), **_content(reply)})
    return sent.get("message_id") if isinstance(sent, dict) else None


async def replace(update: Update, reply_id: int, reply: Reply) -> bool:
    """Edit the bot's message `reply_id` in the update's chat to `reply` (the answer to an edited
    query); False when it is gone or can no longer be edited. The same text again is not an error."""
    message = update.effective_message
    place: dict = {"chat_id": message.chat_id, "message_id": reply_id}
    if message.business_connection_id:
        place["business_connection_id"] = message.business_connection_id
    try:
        await message.get_bot().do_api_request("editMessageText", {**place, **_content(reply)})
    except BadRequest as error:
        # "message to edit not found" (deleted), "message can't be edited"…: answer anew instead.
        return "message is not modified" in str(error).lower()
    return True


async def edit(update: Update, reply: Reply) -> None:
    """Replace the pressed message's text; pressing the same button twice is not an error."""
    query = update.callback_query
    try:
        await query.get_bot().do_api_request("editMessageText", {**_pressed_message(query), **_content(reply)})
    except BadRequest as error:
        if "message is not modified" not in str(error).lower():
            raise


def _answer_place(message: Message) -> dict:
    """Where `message.reply_html(do_quote=<not a private chat>)` answers; tests/handlers check it."""
    place: dict = {"chat_id": message.chat_id}
    if message.is_topic_message and message.message_thread_id:
        place["message_thread_id"] = message.message_thread_id
    if message.direct_messages_topic:
        place["direct_messages_topic_id"] = message.direct_messages_topic.topic_id
    if message.business_connection_id:
        place["business_connection_id"] = message.business_connection_id
    if message.chat.type != message.chat.PRIVATE:
        place["reply_parameters"] = {"message_id": message.message_id}
    return place


def _pressed_message(query: CallbackQuery) -> dict:
    """The message `query.edit_message_text` edits: an inline one, or one in a chat."""
    if query.inline_message_id:
        return {"inline_message_id": query.inline_message_id}
    message = query.message
    place = {"chat_id": message.chat.id, "message_id": message.message_id}
    if getattr(message, "business_connection_id", None):  # an inaccessible message has none
        place["business_connection_id"] = message.business_connection_id
    return place


async def answer_inline(update: Update, articles: list[InlineArticle], *, nothing_found: str,
                        notice: tuple[str, str] | None = None) -> None:
    """Answer an inline query; with no articles, a button to the bot's help instead of silence
    (`notice`: the text of a button above the results whatever they are, and the /start payload
    it opens: what "not said" means, or the help)."""
    query = update.inline_query
    answer: dict = {"inline_query_id": query.id, "results": [_article(a) for a in articles],
                    "cache_time": INLINE_CACHE_SECONDS, "is_personal": True}
    if notice or not articles:
        text, payload = notice or (nothing_found, HELP_PAYLOAD)
        answer["button"] = {"text": text, "start_parameter": payload}
    await query.get_bot().do_api_request("answerInlineQuery", answer)


def _article(article: InlineArticle) -> dict:
    result = {"type": "article", "id": article.id, "title": article.title, "description": article.description,
              "input_message_content": {"message_text": article.text, **_HTML_WITHOUT_PREVIEW}}
    if keyboard := markup_json(article.buttons):
        result["reply_markup"] = keyboard
    return result


def _content(reply: Reply) -> dict:
    content = {"text": reply.text, **_HTML_WITHOUT_PREVIEW}
    if keyboard := markup_json(reply.buttons):
        content["reply_markup"] = keyboard
    return content
