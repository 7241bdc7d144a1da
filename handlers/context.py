"""The typed context every handler gets: services, the asker and the reply language, resolved once.

`prepare` runs in handler group −1 for every update (python-telegram-bot builds one context
per update and hands it to each group in turn), so no handler looks these up again.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.language import Language, resolve_language
from bot.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """`CallbackContext` plus what this bot's handlers need about the update at hand."""

    language: Language = "en"  # the reply language (bot.language.resolve_language)
    owner: int = 0  # who may press the reply's buttons: the asker; 0 = anyone

    @property
    def services(self) -> Services:
        return services_of(self.application)


CONTEXT_TYPES = ContextTypes(context=BotContext)


def install_services(application: Application, services: Services) -> None:
    application.bot_data[SERVICES_KEY] = services


def services_of(application: Application) -> Services:
    return application.bot_data[SERVICES_KEY]


async def prepare(update: Update, context: BotContext) -> None:
    """Group −1: resolve the asker and the reply language once for every later handler."""
    context.owner = update.effective_user.id if update.effective_user else 0
    context.language = await language_of(update, context.services)


async def language_of(update: Update, services: Services) -> Language:
    """The reply language for this update: see `bot.language.resolve_language` for the order."""
    user, chat = update.effective_user, update.effective_chat
    group_id = chat.id if chat is not None and chat.type != chat.PRIVATE else None
    user_choice, chat_choice = await services.preferences.languages(user.id if user else None, group_id)
    code = user.language_code if user else None
    return resolve_language(user_choice, chat_choice, code, services.settings.default_language)
