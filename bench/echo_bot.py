"""The floor for bench/bot_load.py: a minimal echo bot on the same python-telegram-bot stack.

Same Application and concurrency as the real bot; it only replies with the text it got, so
its cost per update is the price of the library and the HTTP. ECHO_TRANSPORT picks the HTTP
client: `aiohttp` (default) is the bot's own transport without its retry layer, the floor the
bot is compared with; `httpx` is python-telegram-bot's default, what a bot gets out of the box.
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import BaseRequest, HTTPXRequest

from bot.aiohttp_request import AiohttpRequest


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text."""
    await update.effective_message.reply_html(update.effective_message.text[:4000] or "-")


def transport(**options) -> BaseRequest:
    """The HTTP client ECHO_TRANSPORT names."""
    if os.environ.get("ECHO_TRANSPORT", "aiohttp") == "httpx":
        return HTTPXRequest(**options)
    return AiohttpRequest(**options)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .request(transport(connection_pool_size=32, read_timeout=10))
        .get_updates_request(transport(read_timeout=10))
        .concurrent_updates(int(os.environ.get("CONCURRENT_UPDATES", "32")))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
