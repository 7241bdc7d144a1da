"""Slash commands: parse the words, ask `bot.replies`, send the reply.

Queries (/quote, /search, /topic and words in a private chat) are answered through
`handlers.edits.answer`, so that editing one edits its answer; small talk ("hi", "谢谢") as a
whole query gets a pointer to what the bot does (bot.small_talk) instead of a search."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import CommandHandler

from bot import replies
from bot.addressing import addressed_words
from bot.i18n import t
from bot.language import Language, parse_language_argument
from bot.links import HELP_PAYLOAD, NOT_SAID_PAYLOAD, turn_id_from_query
from bot.render import Reply, render_language_prompt
from bot.small_talk import small_talk_kind, small_talk_reply
from bot.text import clean_query
from handlers.common import send
from handlers.context import BotContext
from handlers.edits import answer
from handlers.saving import language_reply

_ADMINS = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


def _words(context: BotContext) -> str:
    return clean_query(" ".join(context.args or ()))


async def start(update: Update, context: BotContext) -> None:
    """/start: a welcome, the turn named by a `turn_<id>` deep link, help for `help`, or what ❌ means for `not_said`."""
    payload = context.args[0] if context.args else ""
    if payload == HELP_PAYLOAD:
        await send(update, replies.help_text(context.services, context.language, context.bot.username))
        return
    if payload == NOT_SAID_PAYLOAD:
        await send(update, Reply(t(context.language, "start.not_said", bot=context.bot.username)))
        return
    turn_id = turn_id_from_query(payload)
    if turn_id is None:
        await send(update, replies.welcome(context.services, context.language))
        return
    reply = replies.show_turn(context.services, turn_id, text_language=context.language,
                              ui_language=context.language, owner=context.owner,
                              both=await context.services.preferences.side_by_side(context.owner))
    await send(update, reply or Reply(t(context.language, "start.turn_not_found")))


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what each command does, with examples (in a group, what is answered there)."""
    chat = update.effective_chat
    in_group = chat is not None and chat.type != chat.PRIVATE
    await send(update, replies.help_text(context.services, context.language, context.bot.username, in_group=in_group))


async def interviews(update: Update, context: BotContext) -> None:
    """/interviews: the interviews as buttons; a chosen one opens its topics."""
    reply = replies.interview_list(context.services, 0, language=context.language, owner=context.owner)
    await send(update, reply or Reply(t(context.language, "quote.empty")))


def _typed(context: BotContext) -> str:
    """The command's words as typed, quotation marks included (they make a quotation)."""
    return " ".join(context.args or ())


async def quote(update: Update, context: BotContext) -> None:
    """/quote [words]: the best-matching guest turn, a featured one, or the quote check of a quotation."""
    both = await context.services.preferences.side_by_side(context.owner)  # "EN + 中文"
    words = _typed(context)
    if small_talk_kind(words) == "reaction" or not any(ch.isalnum() for ch in words):
        words = ""  # "/quote 👍", "/quote ok", "/quote ?": nothing to look up, and a quote was asked for
    await answer(update, context, small_talk_reply(context.services, words, context.language)
                 or replies.quote_or_check(context.services, words, language=context.language, owner=context.owner,
                                           both=both))


async def search(update: Update, context: BotContext) -> None:
    """/search <words>: ranked turns from both speakers, five a page (a quotation: the quote check)."""
    await _search_for(update, context, _typed(context))


async def plain_text(update: Update, context: BotContext) -> None:
    """Words without a command, in a private chat: search for them (or check a quotation)."""
    await _search_for(update, context, update.effective_message.text or "")


async def addressed_in_group(update: Update, context: BotContext) -> None:
    """Words in a group addressed to this bot ("@QuoteBot scaling"): a search for them; the rest gets nothing."""
    words = addressed_words(update.effective_message.text or "", context.bot.username)
    if words is None:
        return
    if not clean_query(words):
        await answer(update, context, replies.welcome(context.services, context.language))
        return
    await _search_for(update, context, words)


async def _search_for(update: Update, context: BotContext, text: str) -> None:
    await answer(update, context, small_talk_reply(context.services, text, context.language)
                 or replies.search_or_check(context.services, text, language=context.language, owner=context.owner))


async def topic(update: Update, context: BotContext) -> None:
    """/topic [name]: the topic buttons, or the named topic's turns."""
    await answer(update, context, replies.topic_command(context.services, _words(context),
                                                        language=context.language, owner=context.owner))


async def language(update: Update, context: BotContext) -> None:
    """/language [code]: buttons, or save the choice (the chat's, in a group, for admins)."""
    if not await may_set_language(update, context):
        await send(update, Reply(t(context.language, "language.admins_only")))
        return
    words = _words(context)
    chosen = parse_language_argument(words) if words else None
    if chosen is None:
        await send(update, render_language_prompt(context.language, context.owner, unknown_value=words or None))
        return
    await send(update, await save_language(update, context, chosen))


async def save_language(update: Update, context: BotContext, chosen: Language) -> Reply:
    """Store `chosen` for the user (private chat) or the group; the caller checked who may.

    The choice applies at once; the reply says whether it could be saved (handlers.saving).
    """
    chat, preferences = update.effective_chat, context.services.preferences
    if chat.type == chat.PRIVATE:
        saving = await preferences.set_user_language(context.owner, chosen)
    else:
        saving = await preferences.set_chat_language(chat.id, chosen)
    return language_reply(update, context, chosen, saving, for_chat=chat.type != chat.PRIVATE)


async def may_set_language(update: Update, context: BotContext) -> bool:
    """Anyone in a private chat; in a group, its admins (an anonymous admin posts as the group)."""
    chat, message = update.effective_chat, update.effective_message
    if chat.type == chat.PRIVATE:
        return True
    if message and message.sender_chat and message.sender_chat.id == chat.id:
        return True
    if update.effective_user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, update.effective_user.id)
    return member.status in _ADMINS


def _addressee(update: Update) -> tuple[str, str]:
    """The command word and the bot it names ("" for a bare /command): /quote@OtherBot → quote, OtherBot."""
    first = (update.effective_message.text or "").split(maxsplit=1)[0] if update.effective_message.text else ""
    command, _, bot_name = first.lstrip("/").partition("@")
    # Telegram's commands and bot usernames are at most 32 characters: longer is no addressee.
    return (command, bot_name) if len(command) <= 32 and len(bot_name) <= 32 else (command, "")


def _is_ours(context: BotContext, command: str) -> bool:
    """Whether this bot answers /command (one of the CommandHandlers it registered)."""
    return any(isinstance(handler, CommandHandler) and command.lower() in handler.commands
               for group in context.application.handlers.values() for handler in group)


async def unknown(update: Update, context: BotContext) -> None:
    """An unknown /command in a private chat: point to /help, or say whom a /command@OtherBot names."""
    command, bot_name = _addressee(update)
    if bot_name and bot_name.lower() != (context.bot.username or "").lower():
        key = "misc.other_bots_command" if _is_ours(context, command) else "misc.other_bots_unknown"
        await send(update, Reply(t(context.language, key, bot=bot_name, command=command)))
        return
    await send(update, Reply(t(context.language, "misc.unknown_command")))


async def unknown_in_group(update: Update, context: BotContext) -> None:
    """An unknown /command@thisbot in a group: point to /help; a bare or another bot's: silence."""
    _, bot_name = _addressee(update)
    if bot_name.lower() == (context.bot.username or "").lower():
        await unknown(update, context)

