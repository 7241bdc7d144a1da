"""Answering a query so that editing it later edits the answer (bot.answered: which reply is whose)."""

from __future__ import annotations

from telegram import Update

from bot.render import Reply
from handlers.common import replace, send
from handlers.context import BotContext


async def answer(update: Update, context: BotContext, reply: Reply) -> None:
    """Send `reply`; for an edited query, edit the earlier reply instead, or send anew if it is gone or forgotten."""
    message, answered = update.effective_message, context.services.answered
    if update.edited_message is not None:
        earlier = answered.reply_to(message.chat_id, message.message_id)
        if earlier is not None and await replace(update, earlier, reply):
            return
    sent = await send(update, reply)
    if sent is not None:
        answered.remember(message.chat_id, message.message_id, sent)
