"""The glue every handler shares: services, reply language, owner, and sending a Reply."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.i18n import Language, resolve_language
from bot.render import Keyboard, Reply
from bot.services import Services

SERVICES_KEY = "services"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.callback, url=b.url,
                               switch_inline_query=b.switch_inline) for b in row] for row in keyboard]
    )


async def send(update: Update, reply: Reply) -> None:
    """Answer in the same chat (and thread), as a reply to the command in groups."""
    message = update.effective_message
    await message.reply_html(
        reply.text, reply_markup=markup(reply.buttons), link_preview_options=NO_PREVIEW,
        do_quote=message.chat.type != message.chat.PRIVATE,
    )


async def edit(update: Update, reply: Reply) -> None:
    """Replace the pressed message's text; pressing the same button twice is not an error."""
    try:
        await update.callback_query.edit_message_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=markup(reply.buttons),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as error:
        if "message is not modified" not in str(error).lower():
            raise
