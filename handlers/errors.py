"""The one error handler: log with context, tell the user briefly, never raise."""

from __future__ import annotations

import logging
import sqlite3

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError

from bot import flood_control
from bot.i18n import t
from bot.trouble import Trouble
from handlers.context import BotContext, language_of

log = logging.getLogger("quotebot.errors")
_storage = Trouble(log, "reading the database")


async def on_error(update: object, context: BotContext) -> None:
    """Log what failed and for whom; in a private chat, say sorry."""
    error = context.error
    if isinstance(error, Conflict):
        log.error("another instance is polling with this token (Conflict): stop the other one")
        return
    if isinstance(error, flood_control.Superseded):  # the user's newer message gets the answer
        if error.notify:
            await _slow_down(update, context)
        return
    where = _describe(update)
    if isinstance(error, RetryAfter):  # bot.flood_control logged each 429; an apology would add to the flood
        log.warning("no reply for %s: Telegram's flood limit held out (%s)", where, error)
        return
    if isinstance(error, NetworkError):
        log.warning("network error while handling %s: %s", where, error)
        return
    if isinstance(error, sqlite3.Error):  # a broken disk or file: one line per kind of failure, not per update
        _storage.failed(error, f"apologising to users (first: {where})")
        await _apologise(update, context)
        return
    log.error("error while handling %s", where, exc_info=error)
    await _apologise(update, context)


def _describe(update: object) -> str:
    if not isinstance(update, Update):
        return "no update"
    chat = update.effective_chat
    kind = next((name for name in ("message", "edited_message", "callback_query", "inline_query",
                                   "channel_post") if getattr(update, name, None)), "update")
    return f"update {update.update_id} ({kind}, chat {chat.id if chat else '-'})"


async def _apologise(update: object, context: BotContext) -> None:
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        language = await language_of(update, context.services)
        if update.callback_query:
            await update.callback_query.answer(t(language, "misc.error"), show_alert=True)
        elif update.effective_chat.type == update.effective_chat.PRIVATE and update.effective_message:
            await update.effective_message.reply_html(t(language, "misc.error"))
    except TelegramError as error:
        log.warning("could not tell the user about the error: %s", error)


async def _slow_down(update: object, context: BotContext) -> None:
    """One notice for a pile-up of one user's messages: only the latest is answered."""
    if not isinstance(update, Update) or update.effective_message is None:
        return
    try:
        language = await language_of(update, context.services)
        with flood_control.notice():
            await update.effective_message.reply_html(t(language, "misc.slow_down"))
    except TelegramError as error:
        log.warning("could not send the slow-down notice: %s", error)
