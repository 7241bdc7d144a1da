"""Inline-keyboard presses: decode, check who pressed, answer with an edit or a new message."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError

from bot import flood_control, replies
from bot.i18n import t
from bot.keyboards import Action, Kind, anchor_of, decode
from bot.limits import CALLBACK_ANSWER_CHARS
from bot.render import Reply
from bot.storage.write_behind import Saved
from handlers.commands import may_set_language, save_language
from handlers.common import edit, send
from handlers.context import BotContext

log = logging.getLogger(__name__)

# Presses that open a new message, keeping the list (or quote) the user came from.
_NEW_MESSAGE = (Kind.OPEN, Kind.OPEN_AT, Kind.ANOTHER)


async def on_button(update: Update, context: BotContext) -> None:
    """Every button press lands here; forged, stale or foreign presses get a short alert."""
    query = update.callback_query
    action = decode(query.data)
    refusal = _refusal(action, context)
    if refusal is None and action.kind is Kind.LANGUAGE and not await may_set_language(update, context):
        refusal = "language.admins_only"  # an admin's menu stays for the admins; tell only this user
    notice: str | None = None
    if refusal is None and action.kind in (Kind.BOTH, Kind.TURN_BOTH):
        notice = await _save_side_by_side(update, context, action.args[-1] == "1")
    reply = None if refusal else await _reply_for(update, context, action)
    if reply is None:
        await query.answer(t(context.language, refusal or "callback.expired")[:CALLBACK_ANSWER_CHARS], show_alert=True)
        return
    await (query.answer(notice[:CALLBACK_ANSWER_CHARS], show_alert=True) if notice else query.answer())
    await (send if action.kind in _NEW_MESSAGE else edit)(update, reply)


def _refusal(action: Action | None, context: BotContext) -> str | None:
    """The catalog key of why this press does nothing, or None if it may go ahead."""
    if action is None:
        return "callback.expired"
    return None if action.may_be_used_by(context.owner) else "callback.not_yours"


async def _reply_for(update: Update, context: BotContext, action: Action) -> Reply | None:
    """What the pressed button shows; None when what it names no longer exists."""
    services, language, owner, args = context.services, context.language, context.owner, action.args
    match action.kind:
        case Kind.TURN | Kind.OPEN | Kind.TURN_BOTH | Kind.OPEN_AT:
            at = action.kind is Kind.OPEN_AT  # its third argument is a character of the turn, not a part
            return replies.show_turn(services, int(args[0]), text_language=args[1], ui_language=language,
                                     owner=owner, part=0 if at else int(args[2]), at=int(args[2]) if at else None,
                                     both=await services.preferences.side_by_side(owner))
        case Kind.EXCERPT | Kind.BOTH:
            return replies.show_excerpt(services, int(args[0]), anchor_of(args), text_language=args[1],
                                        ui_language=language, owner=owner,
                                        both=await services.preferences.side_by_side(owner))
        case Kind.ANOTHER:
            return replies.quote(services, "", text_language=args[0], ui_language=language, owner=owner,
                                 not_turn=int(args[1]), both=await services.preferences.side_by_side(owner))
        case Kind.SEARCH_PAGE:
            return await replies.stored_search_page(services, args[0], int(args[1]), language=language)
        case Kind.NARROW:
            return await replies.narrowed_search(services, args[0], int(args[1]), language=language)
        case Kind.TOPIC_PAGE:
            return replies.topic_page(services, args[1], int(args[2]), interview_id=int(args[0]), language=language,
                                      owner=owner)
        case Kind.OLD_TOPIC_PAGE:
            return replies.topic_page(services, args[0], int(args[1]), interview_id=None, language=language,
                                      owner=owner)
        case Kind.TOPICS:
            return replies.topic_list(services, language=language, owner=owner)
        case Kind.INTERVIEWS:
            return replies.interview_list(services, int(args[0]), language=language, owner=owner)
        case Kind.INTERVIEW:
            return replies.open_interview(services, int(args[0]), language=language, owner=owner,
                                          both=await services.preferences.side_by_side(owner))
        case Kind.LANGUAGE:
            return await save_language(update, context, args[0])
    return None


async def _save_side_by_side(update: Update, context: BotContext, on: bool) -> str | None:
    """Switch "EN + 中文" for the presser: it applies at once; saving it is told as for a
    language choice (handlers/saving.py): failed now, an alert; given up later, one message."""
    saving = await context.services.preferences.set_side_by_side(context.owner, on)
    if saving.state is Saved.FAILED:
        return t(context.language, "side_by_side.not_saved")
    if saving.state is Saved.PENDING:
        context.application.create_task(_tell_if_lost(update, context.language, saving.settled),
                                        name="side-by-side-save-notice")
    return None


async def _tell_if_lost(update: Update, language: str, settled: asyncio.Future[bool]) -> None:
    if await settled:
        return
    try:
        with flood_control.answering(None):  # answers no newer message: never dropped as stale
            await send(update, Reply(t(language, "side_by_side.not_saved_later")))
    except TelegramError as error:
        log.warning("could not tell chat %s its EN + 中文 setting was not saved: %s", update.effective_chat.id, error)
