"""Slash commands: parse the words, ask `bot.replies`, send the reply."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ContextTypes

from bot import replies
from bot.i18n import parse_language_argument, t
from bot.render import HELP_PAYLOAD, Reply, render_language_prompt, render_language_saved, turn_id_from_query
from handlers.common import edit, language_of, owner_of, send, services_of

_ADMINS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


def _words(context: ContextTypes.DEFAULT_TYPE) -> str:
    return replies.clean_query(" ".join(context.args or ()))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: a welcome, the turn named by a `turn_<id>` deep link, or help for `help`."""
    language = await language_of(update, context)
    if context.args and context.args[0] == HELP_PAYLOAD:
        await send(update, replies.help_text(language, context.bot.username))
        return
    turn_id = turn_id_from_query(context.args[0]) if context.args else None
    services = services_of(context)
    if turn_id is not None:
        reply = replies.show_turn(services, turn_id, text_language=language, ui_language=language,
                                  owner=owner_of(update))
        await send(update, reply or Reply(t(language, "start.turn_not_found")))
        return
    await send(update, replies.welcome(services, language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what each command does, with examples."""
    language = await language_of(update, context)
    await send(update, replies.help_text(language, context.bot.username))


async def quote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quote [words]: the best-matching guest turn, or a random one."""
    language = await language_of(update, context)
    reply = replies.quote(services_of(context), _words(context), text_language=language,
                          ui_language=language, owner=owner_of(update))
    await send(update, reply)


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/search <words>: ranked turns from both speakers, five a page."""
    await _search_for(update, context, _words(context))


async def plain_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Words without a command, in a private chat: search for them."""
    await _search_for(update, context, replies.clean_query(update.effective_message.text))


async def _search_for(update: Update, context: ContextTypes.DEFAULT_TYPE, words: str) -> None:
    language = await language_of(update, context)
    reply = replies.start_search(services_of(context), words, language=language, owner=owner_of(update))
    await send(update, reply)


async def topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/topic [name]: the topic buttons, or the named topic's turns."""
    language = await language_of(update, context)
    reply = replies.topic_command(services_of(context), _words(context), language=language, owner=owner_of(update))
    await send(update, reply)


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/language [code]: buttons, or save the choice (the chat's, in a group, for admins)."""
    current = await language_of(update, context)
    chat = update.effective_chat
    if chat.type != chat.PRIVATE and not await _is_admin(update, context):
        await send(update, Reply(t(current, "language.admins_only")))
        return
    words = _words(context)
    chosen = parse_language_argument(words) if words else None
    if chosen is None:
        await send(update, render_language_prompt(current, owner_of(update), unknown_value=words or None))
        return
    await save_language(update, context, chosen)


async def save_language(update: Update, context: ContextTypes.DEFAULT_TYPE, chosen: str) -> None:
    """Store `chosen` for the user (private chat) or the group (admins only) and confirm."""
    services = services_of(context)
    chat, user = update.effective_chat, update.effective_user
    if chat.type == chat.PRIVATE:
        await services.preferences.set_user_language(user.id, chosen)
        reply = render_language_saved(chosen, for_chat=False)
    elif await _is_admin(update, context):
        await services.preferences.set_chat_language(chat.id, chosen)
        reply = render_language_saved(chosen, for_chat=True)
    else:
        refusal = t(await language_of(update, context), "language.admins_only")
        if update.callback_query:  # an admin's menu stays for the admins; tell only this user
            await update.callback_query.answer(refusal[:200], show_alert=True)
            return
        reply = Reply(refusal)
    if update.callback_query:
        await update.callback_query.answer()
        await edit(update, reply)
    else:
        await send(update, reply)


async def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    message = update.effective_message
    if message and message.sender_chat and message.sender_chat.id == update.effective_chat.id:
        return True  # an anonymous admin posting as the group
    if update.effective_user is None:
        return False
    member = await context.bot.get_chat_member(update.effective_chat.id, update.effective_user.id)
    return member.status in _ADMINS


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown /command in a private chat: point to /help."""
    await send(update, Reply(t(await language_of(update, context), "misc.unknown_command")))


async def unknown_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown /command@thisbot in a group: point to /help; a bare or another bot's: silence."""
    command = (update.effective_message.text or "").split(maxsplit=1)[0] if update.effective_message.text else ""
    if command.lower().endswith(f"@{context.bot.username}".lower()):
        await unknown(update, context)
