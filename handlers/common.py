"""The glue every handler shares: services, reply language, owner, and sending a Reply."""

from __future__ import annotations

import re
import warnings

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes
from telegram.warnings import PTBUserWarning

from bot.i18n import Language, resolve_language
from bot.render import Reply, reply_markup_json
from bot.services import Services

SERVICES_KEY = "services"


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[SERVICES_KEY]


def owner_of(update: Update) -> int:
    """Who may press this reply's buttons: the asker (0, anyone, when Telegram names no user)."""
    return update.effective_user.id if update.effective_user else 0


async def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Language:
    """The reply language for this update: see `bot.i18n.resolve_language` for the order."""
    services = services_of(context)
    user, chat = update.effective_user, update.effective_chat
    group_id = chat.id if chat is not None and chat.type != chat.PRIVATE else None
    user_choice, chat_choice = await services.preferences.languages(user.id if user else None, group_id)
    code = user.language_code if user else None
    return resolve_language(user_choice, chat_choice, code, services.settings.default_language)


# Replies go out as plain Bot API JSON through `Bot.do_api_request`, not `reply_html`: Telegram
# answers every send with the whole message, and the typed call turns that answer (and our
# keyboard) into objects nobody reads. For a /search page that cost more CPU than a bare echo
# bot spends on a whole update (bench/reply_cost.py). The library warns when a raw call has a
# typed twin; these two calls are that choice, made on purpose. Raw calls skip `Defaults` and
# `arbitrary_callback_data`: adding either to the Application means revisiting them.
_RAW_METHODS = ("sendMessage", "editMessageText")
warnings.filterwarnings("ignore", message=rf"Please use 'Bot\.({'|'.join(_RAW_METHODS)})'", category=PTBUserWarning,
                        module=re.escape(__name__))
_HTML_WITHOUT_PREVIEW = {"parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}


async def send(update: Update, reply: Reply) -> None:
    """Answer in the same chat (and forum topic), as a reply to the command in groups."""
    message = update.effective_message
    await message.get_bot().do_api_request("sendMessage", {**_answer_place(message), **_content(reply)})


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


def _content(reply: Reply) -> dict:
    content = {"text": reply.text, **_HTML_WITHOUT_PREVIEW}
    if keyboard := reply_markup_json(reply.buttons):
        content["reply_markup"] = keyboard
    return content
