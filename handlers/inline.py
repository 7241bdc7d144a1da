"""Inline mode: `@bot words` anywhere returns shareable quotes."""

from __future__ import annotations

from telegram import (
    InlineKeyboardMarkup, InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent,
    LinkPreviewOptions, Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import replies
from bot.i18n import t
from bot.render import HELP_PAYLOAD, Keyboard, reply_markup_json
from handlers.common import language_of, services_of

CACHE_SECONDS = 300
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer with up to 20 quotes in the asker's language (featured ones for an empty query)."""
    language = await language_of(update, context)
    query = replies.clean_query(update.inline_query.query)
    articles = replies.inline_results(services_of(context), query, language=language,
                                      bot_username=context.bot.username)
    results = [
        InlineQueryResultArticle(
            id=article.id, title=article.title, description=article.description,
            input_message_content=InputTextMessageContent(
                article.text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
            reply_markup=markup(article.buttons),
        )
        for article in articles
    ]
    # Nothing found: a button above the (empty) list opens the bot's help instead of silence.
    button = None if results else InlineQueryResultsButton(text=t(language, "inline.nothing_found"),
                                                           start_parameter=HELP_PAYLOAD)
    await update.inline_query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    """The keyboard as the library's object, which inline results need (from the same JSON as replies)."""
    keyboard_json = reply_markup_json(keyboard)
    return InlineKeyboardMarkup.de_json(keyboard_json, None) if keyboard_json else None
