"""Builds the python-telegram-bot Application: every handler is registered in HANDLERS below."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler,
    InlineQueryHandler, MessageHandler, TypeHandler, filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.flood_control import FloodControl, OriginTracking
from bot.heartbeat import with_heartbeat
from bot.i18n import t
from bot.language import Language
from bot.replies import menu_texts
from bot.services import Services
from bot.transport import ResilientRequest
from handlers import buttons, commands, inline
from handlers.context import CONTEXT_TYPES, install_services, prepare, services_of
from handlers.errors import on_error

log = logging.getLogger(__name__)

# New messages only (channel posts have no asker): an edited /help or /language does nothing.
_FRESH = filters.UpdateType.MESSAGE
# Queries, new or edited: an edited query edits its answer (handlers.edits).
_QUERY = filters.UpdateType.MESSAGES

HANDLERS = {
    # Group −1 runs first for every update: the asker and reply language, once (handlers.context).
    -1: [TypeHandler(Update, prepare)],
    0: [
        CommandHandler("start", commands.start, filters=_FRESH),
        CommandHandler("help", commands.help_command, filters=_FRESH),
        CommandHandler("quote", commands.quote, filters=_QUERY),
        CommandHandler("search", commands.search, filters=_QUERY),
        CommandHandler("topic", commands.topic, filters=_QUERY),
        CommandHandler("interviews", commands.interviews, filters=_FRESH),
        CommandHandler("language", commands.language, filters=_FRESH),
        CallbackQueryHandler(buttons.on_button),
        InlineQueryHandler(inline.on_inline_query),
        # Words without a command in a private chat are a search (not quotes the user shared inline).
        MessageHandler(_QUERY & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT,
                       commands.plain_text),
        # In groups, only words addressed to this bot by @username (privacy mode delivers those);
        # not a forwarded message (its words were addressed to someone, somewhere else).
        MessageHandler(_QUERY & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT
                       & ~filters.FORWARDED & filters.Regex("@"), commands.addressed_in_group),
        # Last: a command none of the above took; in groups only when addressed to this bot by name.
        MessageHandler(_FRESH & filters.ChatType.PRIVATE & filters.COMMAND, commands.unknown),
        MessageHandler(_FRESH & filters.ChatType.GROUPS & filters.COMMAND, commands.unknown_in_group),
    ],
}

MENU_COMMANDS = ("quote", "search", "interviews", "topic", "language", "help")
# Telegram localises the menu by two-letter language_code; Traditional readers also send "zh".
MENU_LANGUAGES: dict[str | None, Language] = {None: "en", "en": "en", "zh": "zh-hans"}


def build_application(settings: Settings, services: Services, *, request: BaseRequest | None = None) -> Application:
    """The Application with our transport, rate limiter, services and handlers.

    `request` replaces the HTTP transport for every Bot API call (the console's in-process stand-in).
    """
    builder = (
        ApplicationBuilder()
        .token(settings.bot_token())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_base_url.replace("/bot", "/file/bot"))
        .request(request or ResilientRequest(connection_pool_size=32, read_timeout=10, proxy=settings.proxy_url()))
        .get_updates_request(request or with_heartbeat(ResilientRequest(read_timeout=10, proxy=settings.proxy_url()),
                                                       settings.heartbeat_file))
        .context_types(CONTEXT_TYPES)
        # OriginTracking: which update each send answers, for the limiter's coalescing (bot.flood_control).
        .concurrent_updates(OriginTracking(settings.concurrent_updates))
        # Always on: RATE_LIMITER=false turns off only the pacing; 429s are honoured either way.
        .rate_limiter(FloodControl(pacing=settings.rate_limiter))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    application = builder.build()
    install_services(application, services)
    application.add_handlers(HANDLERS)
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:
    await services_of(application).initialize()
    await _publish_menu(application)


async def _post_shutdown(application: Application) -> None:
    await services_of(application).shutdown()


async def _publish_menu(application: Application) -> None:
    """Command menu and descriptions per language; a failure here must not stop the bot.

    All at once: one after another, these calls would hold up the first poll by several
    round trips to Telegram.
    """
    bot = application.bot
    calls, codes = [], []
    for code, language in MENU_LANGUAGES.items():
        texts = menu_texts(services_of(application), language)
        menu = [BotCommand(name, texts["quote"] if name == "quote" else t(language, f"commands.{name}"))
                for name in MENU_COMMANDS]
        calls += [bot.set_my_commands(menu, language_code=code),
                  bot.set_my_description(texts["description"], language_code=code),
                  bot.set_my_short_description(texts["short_description"], language_code=code)]
        codes += [code] * 3
    for code, outcome in zip(codes, await asyncio.gather(*calls, return_exceptions=True)):
        if isinstance(outcome, TelegramError):
            log.warning("could not publish the command menu for %s: %s", code or "default", outcome)
        elif isinstance(outcome, BaseException):
            raise outcome


def run(settings: Settings) -> None:
    """Long polling, or a webhook when WEBHOOK_URL is set; returns after SIGINT/SIGTERM."""
    application = build_application(settings, Services.from_settings(settings))
    if settings.webhook_url:
        log.info("starting in webhook mode on %s:%d", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(
            listen=settings.webhook_listen, port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"), webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret_token(), allowed_updates=Update.ALL_TYPES,
        )
    else:
        log.info("starting in long-polling mode")
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=5)
    log.info("stopped")
