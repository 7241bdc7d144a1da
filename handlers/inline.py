"""Inline mode: `@bot words` anywhere returns shareable quotes."""

from __future__ import annotations

from telegram import Update

from bot import replies
from bot.i18n import t
from bot.text import clean_query
from handlers.common import answer_inline
from handlers.context import BotContext


async def on_inline_query(update: Update, context: BotContext) -> None:
    """Answer with up to 20 quotes in the asker's language (featured ones for an empty query);
    above a quotation's, whether the interview says it."""
    both = await context.services.preferences.side_by_side(context.owner)  # "EN + 中文"
    query = clean_query(update.inline_query.query, keep_marks=True)
    articles, notice = replies.inline_answer(context.services, query, language=context.language,
                                             bot_username=context.bot.username, both=both)
    await answer_inline(update, articles, nothing_found=t(context.language, "inline.nothing_found"), notice=notice)
