"""Inline-keyboard presses: decode, check who pressed, answer with an edit or a new message."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import replies
from bot.callbacks import Action, Kind, decode
from bot.i18n import t
from bot.render import Reply
from handlers.commands import save_language
from handlers.common import edit, language_of, owner_of, send, services_of


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every button press lands here; forged, stale or foreign presses get a short alert."""
    query = update.callback_query
    language = await language_of(update, context)
    action = decode(query.data)
    if action is None:
        await query.answer(t(language, "callback.expired"), show_alert=True)
        return
    if not action.may_be_used_by(owner_of(update)):
        await query.answer(t(language, "callback.not_yours"), show_alert=True)
        return
    if action.kind is Kind.LANGUAGE:
        await save_language(update, context, action.args[0])
        return
    if action.kind is Kind.SEARCH_PAGE:  # after a restart the search is only in the database
        await services_of(context).sessions.recall(action.args[0])
    reply = _reply_for(update, context, action, language)
    if reply is None:
        await query.answer(t(language, "callback.expired"), show_alert=True)
        return
    await query.answer()
    if action.kind in (Kind.OPEN, Kind.ANOTHER):
        await send(update, reply)  # keep the list (or quote) the user came from
    else:
        await edit(update, reply)


def _reply_for(update: Update, context: ContextTypes.DEFAULT_TYPE, action: Action, language) -> Reply | None:
    services, owner, args = services_of(context), owner_of(update), action.args
    match action.kind:
        case Kind.TURN:
            return replies.show_turn(services, int(args[0]), text_language=args[1], ui_language=language,
                                     owner=owner, part=int(args[2]))
        case Kind.OPEN:
            return replies.show_turn(services, int(args[0]), text_language=args[1], ui_language=language,
                                     owner=owner, part=int(args[2]))
        case Kind.ANOTHER:
            return replies.quote(services, "", text_language=args[0], ui_language=language, owner=owner,
                                 not_turn=int(args[1]))
        case Kind.SEARCH_PAGE:
            return replies.search_page(services, args[0], int(args[1]), language=language, owner=owner)
        case Kind.TOPIC_PAGE:
            return replies.topic_page(services, args[0], int(args[1]), language=language, owner=owner)
        case Kind.TOPICS:
            return replies.topic_list(services, language=language, owner=owner)
    return None
