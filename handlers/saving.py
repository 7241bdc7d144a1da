"""What the reply to a language choice says about saving it, and the one late notice.

The storage layer saves and retries (bot.storage.write_behind); this only words the outcome.
SAVED: "Done". PENDING (the database is busy): "Done" now, since the choice applies at once
and saving goes on; only if saving is given up later does one more message say so. FAILED
(read-only or full storage): at once, plainly. Either notice is in the chosen language.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError

from bot import flood_control
from bot.i18n import t
from bot.language import LANGUAGE_NAMES, Language
from bot.render import Reply, render_language_saved
from bot.storage.write_behind import Saved, Saving
from handlers.common import send
from handlers.context import BotContext

log = logging.getLogger(__name__)


def language_reply(update: Update, context: BotContext, chosen: Language, saving: Saving, *, for_chat: bool) -> Reply:
    if saving.state is Saved.FAILED:
        return Reply(t(chosen, "language.not_saved", name=LANGUAGE_NAMES[chosen]))
    if saving.state is Saved.PENDING:
        context.application.create_task(_tell_if_lost(update, chosen, saving.settled), name="language-save-notice")
    return render_language_saved(chosen, for_chat=for_chat)


async def _tell_if_lost(update: Update, chosen: Language, settled: asyncio.Future[bool]) -> None:
    if await settled:
        return
    try:
        with flood_control.answering(None):  # answers no newer message: never dropped as stale
            await send(update, Reply(t(chosen, "language.not_saved_later", name=LANGUAGE_NAMES[chosen])))
    except TelegramError as error:
        log.warning("could not tell chat %s its language choice was not saved: %s", update.effective_chat.id, error)
