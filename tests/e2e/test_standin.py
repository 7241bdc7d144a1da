"""Tests of the fake Bot API, driven by the real python-telegram-bot client.

If these pass, a behaviour the bot shows against the stand-in is one it
would show against api.telegram.org (for the parts the stand-in models).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import time

import httpx
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, CommandHandler
from telegram.request import HTTPXRequest

from tests.e2e.standin import DEFAULT_USER_ID, ApiError, BotApiStandIn, Fault, parse_html, utf16_len

USER = DEFAULT_USER_ID


@pytest.fixture
async def standin():
    async with BotApiStandIn() as api:
        yield api


@pytest.fixture
async def bot(standin):
    async with Bot(standin.token, base_url=standin.base_url) as client:
        yield client


@pytest.fixture
def chat(standin):
    """A private chat the user opened by writing to the bot."""
    standin.send_message("hello", user_id=USER)
    return USER


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def raw_post(standin, method: str, **kwargs) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{standin.base_url}{standin.token}/{method}", **kwargs)


# --- identity and basic calls ----------------------------------------------

async def test_get_me_reports_the_configured_bot(bot):
    me = await bot.get_me()
    assert (me.username, me.is_bot, me.supports_inline_queries) == ("QuoteTestBot", True, True)
    assert me.can_join_groups is True


async def test_sent_message_is_realistic_and_recorded_decoded(standin, bot, chat):
    first = await bot.send_message(chat, "one", reply_markup=keyboard("a"))
    second = await bot.send_message(chat, "two")
    assert second.message_id == first.message_id + 1  # ids are per chat, after the user's
    assert first.from_user.username == "QuoteTestBot" and first.chat.id == chat
    assert first.reply_markup == keyboard("a")
    call = standin.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == chat  # JSON-decoded from the form field "424242"
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}


async def test_method_names_are_case_insensitive_and_unknown_ones_404(standin):
    assert (await raw_post(standin, "getme")).json()["result"]["username"] == "QuoteTestBot"
    response = await raw_post(standin, "sendQuote")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_json_bodies_are_accepted_like_form_bodies(standin, chat):
    response = await raw_post(standin, "sendMessage", json={"chat_id": chat, "text": "<b>x</b>",
                                                            "parse_mode": "HTML"})
    assert response.json()["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 1}]


async def test_unknown_chat_and_blocked_user_are_refused(standin, bot, chat):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")
    standin.block_bot(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(chat, "hi")


async def test_wrong_token_is_unauthorized_and_counts_as_rejected(standin):
    with pytest.raises(InvalidToken):
        async with Bot("123:wrong-token", base_url=standin.base_url):
            pass
    assert [c.status for c in standin.rejected()] == [401]


# --- message text and HTML -------------------------------------------------

async def test_text_limit_is_4096_characters_after_entity_parsing(bot, chat):
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat, "x" * 4097)
    await bot.send_message(chat, "x" * 4096)
    await bot.send_message(chat, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat, " \n ")


@pytest.mark.parametrize(("text", "error"), [
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ("<tg-emoji emoji-id=\"abc\">x</tg-emoji>", "Invalid custom emoji identifier"),
    ("a &nbsp; b", 'Unsupported HTML entity "&nbsp;"'),
    ("AT&T", 'Character "&" must be escaped'),
    ("2 > 1", 'Character ">" is reserved'),
])
async def test_malformed_html_is_rejected_with_telegrams_reason(standin, bot, chat, text, error):
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(chat, text, parse_mode="HTML")
    # PTB lower-cases descriptions (str.capitalize); the record keeps Telegram's text.
    [rejected] = standin.rejected()
    assert rejected.error.startswith("Bad Request: can't parse entities: ")
    assert error in rejected.error


def entity(kind: str, offset: int, length: int, **extra: str) -> dict:
    return {"type": kind, "offset": offset, "length": length, **extra}


# What Telegram's HTML parser (tdlib's parse_html, td/telegram/MessageEntity.cpp) gives for each
# input: the expected values of tdlib's own tests (test/message_entities.cpp), written out here,
# and a few read off its source where the tests have no case (marked "tdlib's code").
# Offsets are UTF-16 units: "➡️" (U+27A1 U+FE0F) is 2, "🏟" (U+1F3DF) is 2. Parsed with
# strict=False, as Telegram does: the stand-in's strict mode also refuses the literal "&ge;".
A, S = "➡️ ➡️", "🏟 🏟"
TELEGRAM_HTML = [
    (A, A, []),
    ("&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;", '&ge;<>&"&laquo;&raquo;&#12345678;', []),
    ("&Or;", "&Or;", []),
    (f"{A}<i>{A}</i>", A + A, [entity("italic", 5, 5)]),
    (f"{A}<em>{A}</em>", A + A, [entity("italic", 5, 5)]),
    (f"{A}<b>{A}</b>", A + A, [entity("bold", 5, 5)]),
    (f"{A}<strong>{A}</strong>", A + A, [entity("bold", 5, 5)]),
    (f"{A}<u>{A}</u>", A + A, [entity("underline", 5, 5)]),
    (f"{A}<ins>{A}</ins>", A + A, [entity("underline", 5, 5)]),
    (f"{A}<s>{A}</s>", A + A, [entity("strikethrough", 5, 5)]),
    (f"{A}<strike>{A}</strike>", A + A, [entity("strikethrough", 5, 5)]),
    (f"{A}<del>{A}</del>", A + A, [entity("strikethrough", 5, 5)]),
    (f"{A}<blockquote>{A}</blockquote>", A + A, [entity("blockquote", 5, 5)]),
    (f"{A}<i>{A}</i><b>{A}</b>", A * 3, [entity("italic", 5, 5), entity("bold", 10, 5)]),
    (f"{S}<i>🏟 &lt🏟</i>", f"{S}🏟 <🏟", [entity("italic", 5, 6)]),  # "&lt" without ";" still counts
    (f"{S}<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>", f"{S}🏟 ><🏟", [entity("italic", 5, 7), entity("bold", 9, 3)]),
    (f"{S}&lt;<i    aba  =  190azAz-.   >a</i>", f"{S}<a", [entity("italic", 6, 1)]),
    (f"{S}&lt;<i    aba  =  190azAz-.>a</i>", f"{S}<a", [entity("italic", 6, 1)]),
    (f'{S}&lt;<i    aba  =  "&lt;&gt;&quot;">a</i>', f"{S}<a", [entity("italic", 6, 1)]),
    (f"{S}&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>", f"{S}<a", [entity("italic", 6, 1)]),  # "</>" ends any tag
    (f"{S}&lt;<i>{S}&lt;</>", f"{S}<{S}<", [entity("italic", 6, 6)]),
    (f"{S}&lt;<i>a</    >", f"{S}<a", [entity("italic", 6, 1)]),
    (f"{S}&lt;<i>a</i   >", f"{S}<a", [entity("italic", 6, 1)]),
    (f"{S}&lt;<b></b>", f"{S}<", []),  # an empty tag makes no entity
    ("<i>\t</i>", "\t", [entity("italic", 0, 1)]),
    (f'{A}<span class = "tg-spoiler">{A}</span><b>{A}</b>', A * 3, [entity("spoiler", 5, 5), entity("bold", 10, 5)]),
    (f"{A}<tg-spoiler>{A}</tg-spoiler><b>{A}</b>", A * 3, [entity("spoiler", 5, 5), entity("bold", 10, 5)]),
    ("<i><b> </b> <code> </code></i>", "   ", [entity("italic", 0, 3), entity("bold", 0, 1), entity("code", 2, 1)]),
    # Same offset and length: tdlib orders by type (code, then bold, then italic), not by closing order.
    ("<code><i><b> </b></i></code><i><b><code> </code></b></i>", "  ",
     [entity("code", 0, 1), entity("bold", 0, 1), entity("italic", 0, 1),
      entity("code", 1, 1), entity("bold", 1, 1), entity("italic", 1, 1)]),
    # A link's URL is normalised the way Telegram stores it; one it refuses makes no entity.
    ("<a href=telegram.org> </a>", " ", [entity("text_link", 0, 1, url="http://telegram.org/")]),
    ("<a href=telegram.org>\n</a>", "\n", [entity("text_link", 0, 1, url="http://telegram.org/")]),
    ('<a href  ="telegram.org"   > </a>', " ", [entity("text_link", 0, 1, url="http://telegram.org/")]),
    ("<a   href=  'telegram.org?&lt;'   > </a>", " ", [entity("text_link", 0, 1, url="http://telegram.org/?<")]),
    ('<a href="HTTPS://X.org:0443/a b">x</a>', "x", [entity("text_link", 0, 1, url="https://x.org:443/a%20b")]),  # tdlib's code
    ("<a href='javascript:alert(1)'>x</a>", "x", []),  # tdlib's code: the "port" is no number
    ("<a>telegram.org</a>", "telegram.org", [entity("text_link", 0, 12, url="http://telegram.org/")]),
    ("<a> </a>", " ", []),
    ("<a>telegram.org </a>", "telegram.org ", []),
    ("<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>", "https://telegram.org/asdsa?asdasdwe#12e3we",
     [entity("text_link", 0, 42, url="https://telegram.org/asdsa?asdasdwe#12e3we")]),
    (f"{S}&lt;<pre  >{S}&lt;</>", f"{S}<{S}<", [entity("pre", 6, 6)]),
    (f"{S}&lt;<code >{S}&lt;</>", f"{S}<{S}<", [entity("code", 6, 6)]),
    # <pre><code> without a language is two entities, the pre first (tdlib's type order).
    (f"{S}&lt;<pre><code>{S}&lt;</code></>", f"{S}<{S}<", [entity("pre", 6, 6), entity("code", 6, 6)]),
    (f'{S}&lt;<pre><code class="language-">{S}&lt;</code></>', f"{S}<{S}<", [entity("pre", 6, 6), entity("code", 6, 6)]),
    (f'{S}&lt;<pre><code class="language-fift">{S}&lt;</></>', f"{S}<{S}<", [entity("pre", 6, 6, language="fift")]),
    (f'{S}&lt;<code class="language-fift"><pre>{S}&lt;</></>', f"{S}<{S}<", [entity("pre", 6, 6, language="fift")]),
    (f'{S}&lt;<pre><code class="language-fift">{S}&lt;</> </>', f"{S}<{S}< ",
     [entity("pre", 6, 7), entity("code", 6, 6)]),
    (f'{S}&lt;<pre> <code class="language-fift">{S}&lt;</></>', f"{S}< {S}<",
     [entity("pre", 6, 7), entity("code", 7, 6)]),
    (f'{A}<tg-emoji emoji-id = "12345">{A}</tg-emoji><b>{A}</b>', A * 3,
     [entity("custom_emoji", 5, 5, custom_emoji_id="12345"), entity("bold", 10, 5)]),
    (f'{S}<b aba   =   caba><tg-emoji emoji-id="1">🏟</tg-emoji>1</b>', f"{S}🏟1",
     [entity("bold", 5, 3), entity("custom_emoji", 5, 2, custom_emoji_id="1")]),
    # An attribute without a value is ignored; any `expandable` attribute, whatever its value
    # ("false" too), makes the blockquote expandable.
    ('<blockquote   cite="" askdlbas nasjdbaj nj12b3>a&lt;<pre  >b;</></>', "a<b;",
     [entity("blockquote", 0, 4), entity("pre", 2, 2)]),
    ("<blockquote   expandable>a&lt;<pre  >b;</></>", "a<b;", [entity("expandable_blockquote", 0, 4), entity("pre", 2, 2)]),
    ("<blockquote   expandable   asd>a&lt;<pre  >b;</></>", "a<b;",
     [entity("expandable_blockquote", 0, 4), entity("pre", 2, 2)]),
    ("<blockquote   expandable=false>a&lt;<pre  >b;</></>", "a<b;",
     [entity("expandable_blockquote", 0, 4), entity("pre", 2, 2)]),
    # tdlib's code: attribute names are case-sensitive, and a bare `href` keeps the earlier value.
    ("<blockquote EXPANDABLE>a</blockquote>", "a", [entity("blockquote", 0, 1)]),
    ("<a href=x.org href>x</a>", "x", [entity("text_link", 0, 1, url="http://x.org/")]),
]
TELEGRAM_HTML_ERRORS = [
    ("&#57311;", "Text contains invalid Unicode characters after decoding HTML entities, "
                 "check for unmatched surrogate code units"),
    ("&#xDFDF;", "Text contains invalid Unicode characters after decoding HTML entities, "
                 "check for unmatched surrogate code units"),
    (f"{S}&lt;<abacaba", "Unclosed start tag at byte offset 13"),  # byte offsets: "🏟" is 4 bytes of UTF-8
    (f"{S}&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
    (f"{S}&lt;<abac>", 'Unsupported start tag "abac" at byte offset 13'),
    (f"{S}&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
    (f"{S}&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),  # tdlib's code
    ("<i aba", 'Unclosed start tag "i" at byte offset 0'),  # tdlib's code
    (f"{S}&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
    (f"{S}&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
    (f'{S}&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
    (f"{S}&lt;<i    aba  =  '&lt;&gt;&quot;>", "Unclosed start tag at byte offset 13"),
    (f"{S}&lt;</", "Unexpected end tag at byte offset 13"),
    (f"{S}&lt;<b></b></", "Unexpected end tag at byte offset 20"),
    (f"{S}&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
    (f"{S}&lt;<i>a</em   >", 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'),
]


@pytest.mark.parametrize(("source", "text", "entities"), TELEGRAM_HTML)
def test_html_gives_the_text_and_entities_telegram_gives(source, text, entities):
    assert parse_html(source, strict=False) == (text, entities)


@pytest.mark.parametrize(("source", "error"), TELEGRAM_HTML_ERRORS)
def test_html_errors_are_telegrams(source, error):
    with pytest.raises(ApiError) as raised:
        parse_html(source, strict=False)
    assert (raised.value.status, raised.value.description) == (400, f"Bad Request: can't parse entities: {error}")


ATTRIBUTION_LINE = "— Ilya Sutskever · Eye on AI · 2023-03-14"


@pytest.mark.parametrize(("source", "text", "entities"), [
    # The shapes the bot sends: a bold heading, a quote with the matched words bold, an italic line.
    ("<b>Ilya Sutskever</b> · Scaling\n<blockquote>we were <b>very</b> pleased &amp; “happy”</blockquote>\n"
     f"<i>{ATTRIBUTION_LINE}</i>",
     f"Ilya Sutskever · Scaling\nwe were very pleased & “happy”\n{ATTRIBUTION_LINE}",
     [entity("bold", 0, 14), entity("blockquote", 25, 30), entity("bold", 33, 4), entity("italic", 56, 41)]),
    ("<b>幻觉</b>与知识：<i>“预测就是压缩”</i>", "幻觉与知识：“预测就是压缩”", [entity("bold", 0, 2), entity("italic", 6, 8)]),
    ("Try <code>/search scaling laws</code> or <code>/search 幻觉</code>.", "Try /search scaling laws or /search 幻觉.",
     [entity("code", 4, 20), entity("code", 28, 10)]),
    ("&lt;b&gt;not bold&lt;/b&gt; &#39;quoted&#39; &#x1F600;", "<b>not bold</b> 'quoted' 😀", []),
    # Telegram trims the text, and the entities with it.
    ("\n  <b> padded </b>\n\n", "padded", [entity("bold", 0, 6)]),
    ("<b>a</b>\n\n<i>b</i> \n", "a\n\nb", [entity("bold", 0, 1), entity("italic", 3, 1)]),
])
async def test_sent_html_comes_back_as_telegram_shows_it(bot, chat, source, text, entities):
    sent = await bot.send_message(chat, source, parse_mode="HTML")
    assert sent.text == text
    assert [e.to_dict() for e in sent.entities] == entities


async def test_html_entities_have_utf16_offsets_and_text_is_plain(bot, chat):
    sent = await bot.send_message(chat, "😀 <b>bold</b> &amp; <a href='https://x.org'>x</a>",
                                  parse_mode="HTML")
    assert sent.text == "😀 bold & x"
    assert sent.entities == (
        MessageEntity("bold", offset=3, length=4),  # the emoji is 2 UTF-16 units
        MessageEntity("text_link", offset=10, length=1, url="https://x.org"),
    )


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_escaped_text_is_accepted_verbatim(text):
    # What the bot does with interview quotes: html.escape, then wrap in tags.
    plain, entities = parse_html("<b>" + html.escape(text) + "</b>")
    assert plain == text
    assert entities == ([{"type": "bold", "offset": 0, "length": utf16_len(text)}] if text else [])


HTML_PIECES = st.sampled_from(["<b>", "</b>", "<i>", "</i>", "<a href='https://x.org'>", "</a>",
                               "<pre>", "<code class=\"language-py\">", "</code>", "</pre>",
                               "&amp;", "&#1", "&#x1F600;", "&", "<", ">", "/", "=", " ", "x", "😀"])


@settings(max_examples=500, deadline=None)
@given(st.lists(HTML_PIECES, max_size=12).map("".join))
def test_any_html_is_either_parsed_consistently_or_a_400(text):
    # Anything else would surface as a confusing 500 from the stand-in itself.
    try:
        plain, entities = parse_html(text)
    except ApiError as error:
        assert error.status == 400 and error.description.startswith("Bad Request: can't parse")
        return
    for entity in entities:
        assert 0 <= entity["offset"] < entity["offset"] + entity["length"] <= utf16_len(plain)


# --- keyboards and edits -----------------------------------------------------

async def test_callback_data_limit_is_64_bytes_not_characters(bot, chat):
    await bot.send_message(chat, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(chat, "no", reply_markup=keyboard("é" * 32 + "a"))


@pytest.mark.parametrize(("button", "error"), [
    ({"text": "no action"}, "Text buttons are unallowed"),
    ({"text": "two", "callback_data": "x", "url": "https://x.org"}, "exactly one"),
    ({"text": "", "callback_data": "x"}, "non-empty"),
    ({"text": "bad url", "url": "javascript:alert(1)"}, "Button_url_invalid"),
])
async def test_buttons_need_text_and_exactly_one_action(standin, chat, button, error):
    response = await raw_post(standin, "sendMessage", json={
        "chat_id": chat, "text": "x", "reply_markup": {"inline_keyboard": [[button]]}})
    assert response.status_code == 400
    assert error.lower() in response.json()["description"].lower()


async def test_edit_without_markup_drops_keyboard_and_same_content_is_not_modified(
        standin, bot, chat):
    sent = await bot.send_message(chat, "<b>q</b>", parse_mode="HTML", reply_markup=keyboard("n"))
    edited = await bot.edit_message_text("<b>q</b>", chat, sent.message_id, parse_mode="HTML")
    assert edited.reply_markup is None and edited.text == "q"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("q", chat, sent.message_id, entities=edited.entities)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat, 999)


async def test_press_button_delivers_the_current_message_and_one_answer(standin, bot, chat):
    sent = await bot.send_message(chat, "Next?", reply_markup=keyboard("next"))
    with pytest.raises(ValueError, match="no button"):
        standin.press_button(sent.to_dict(), "gone")
    update_id = standin.press_button(standin.calls_to("sendMessage")[-1], "next")
    [update] = await bot.get_updates(offset=update_id, timeout=0)
    query = update.callback_query
    assert (query.data, query.message.message_id, query.from_user.id) == ("next", sent.message_id, USER)
    with pytest.raises(BadRequest, match="Message_too_long"):
        await query.answer("x" * 201)
    assert await query.answer("ok")
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer("twice")


# --- inline mode ---------------------------------------------------------------

def article(result_id: str, text: str = "quote") -> InlineQueryResultArticle:
    return InlineQueryResultArticle(result_id, "title", InputTextMessageContent(text))


async def test_inline_answers_are_validated(standin, bot):
    def new_query() -> str:
        return standin.injected_update(standin.inline_query("ilya"))["inline_query"]["id"]

    with pytest.raises(BadRequest, match="Results_too_much"):
        await bot.answer_inline_query(new_query(), [article(str(i)) for i in range(51)])
    with pytest.raises(BadRequest, match="Result_id_duplicate"):
        await bot.answer_inline_query(new_query(), [article("1"), article("1")])
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.answer_inline_query(new_query(), [article("1", text=" ")])
    query_id = new_query()
    assert await bot.answer_inline_query(query_id, [article(str(i)) for i in range(50)])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_inline_query(query_id, [article("1")])


async def test_inline_query_update_parses_in_ptb(standin, bot):
    standin.inline_query("scaling", language_code="zh-hans", offset="10")
    [update] = await bot.get_updates(timeout=0)
    inline = update.inline_query
    assert (inline.query, inline.offset, inline.from_user.language_code) == ("scaling", "10", "zh-hans")


# --- commands, chat members, chats -----------------------------------------------

async def test_set_my_commands_validates_and_stores(standin, bot):
    await bot.set_my_commands([("quote", "A random quote"), ("help", "How to use")])
    assert [c.command for c in await bot.get_my_commands()] == ["quote", "help"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Quote", "upper case is invalid")])
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("x" * 33, "too long")])
    with pytest.raises(BadRequest, match="description must be non-empty"):
        await bot.set_my_commands([("quote", " ")])


@pytest.mark.parametrize("status", ["creator", "administrator", "member", "restricted", "left", "kicked"])
async def test_every_chat_member_status_parses_in_ptb(standin, bot, status):
    standin.send_message("/quote", chat_id=-100123, chat_type="supergroup", title="Readers")
    standin.set_chat_member(-100123, USER, status)
    member = await bot.get_chat_member(-100123, USER)
    assert isinstance(member, ChatMember) and member.status == status


async def test_get_chat_and_chat_action(bot, chat):
    info = await bot.get_chat(chat)
    assert (info.id, info.type) == (chat, "private")
    assert await bot.send_chat_action(chat, "typing")


# --- getUpdates ------------------------------------------------------------------

async def test_long_poll_returns_as_soon_as_an_update_is_queued(standin, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await standin.wait_until_polling()
    started = time.monotonic()
    update_id = standin.send_message("/quote@QuoteTestBot scaling", user_id=USER, username="ann")
    [update] = await poll
    assert time.monotonic() - started < 1
    assert update.update_id == update_id
    message = update.message
    assert message.text.startswith("/quote") and message.from_user.username == "ann"
    assert message.entities == (MessageEntity("bot_command", 0, len("/quote@QuoteTestBot")),)


async def test_offset_confirms_updates_and_unconfirmed_are_redelivered(standin, bot):
    first = standin.send_message("a")
    second = standin.send_message("b")
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [first, second]
    assert [u.update_id for u in await bot.get_updates(timeout=0, limit=1)] == [first]
    assert [u.update_id for u in await bot.get_updates(offset=second, timeout=0)] == [second]
    assert await bot.get_updates(offset=second + 1, timeout=0) == ()


async def test_allowed_updates_filters_and_sticks(standin, bot):
    standin.send_message("text")
    wanted = standin.inline_query("q")
    assert [u.update_id for u in await bot.get_updates(
        timeout=0, allowed_updates=["inline_query"])] == [wanted]
    standin.send_message("still filtered")
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [wanted]


async def test_injected_updates_parse_as_ptb_updates(standin, bot):
    sent = standin.send_message("hi all", chat_id=-42, chat_type="group", user_id=None)
    standin.edit_message(sent, "hi everyone")
    standin.channel_post("news", chat_id=-1009)
    updates = await bot.get_updates(timeout=0)
    anonymous, edited, post = (Update.de_json(u.to_dict(), bot) for u in updates)
    assert anonymous.message.from_user is None and anonymous.message.sender_chat.id == -42
    assert edited.edited_message.text == "hi everyone" and edited.edited_message.edit_date
    assert post.channel_post.chat.type == "channel"


async def test_a_second_bot_instance_terminates_the_waiting_poll(standin, bot):
    # One Bot serialises its own getUpdates (pool of 1), so the clash needs two
    # instances: exactly the "bot started twice" situation.
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await standin.wait_until_polling()
    async with Bot(standin.token, base_url=standin.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=5))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        update_id = standin.send_message("for the survivor")
        assert [u.update_id for u in await second] == [update_id]


async def test_get_updates_conflicts_with_an_active_webhook(bot):
    await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_deliver_webhook_posts_the_update_with_the_secret(standin, bot):
    received = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
        update_id = standin.send_message("/help", user_id=USER)
        assert await standin.deliver_webhook(update_id, url=f"http://127.0.0.1:{runner.addresses[0][1]}/hook") == 200
    finally:
        await runner.cleanup()
    [(secret, update)] = received
    assert secret == "s3cret" and update["message"]["text"] == "/help"
    assert (await bot.get_webhook_info()).pending_update_count == 0  # confirmed by the 200


# --- fault injection ---------------------------------------------------------------

async def test_429_raises_retry_after_and_is_not_a_bot_error(standin, bot, monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB 22 returns timedelta, no warning
    standin.inject("sendMessage", Fault.too_many_requests(retry_after=3))
    standin.send_message("hi")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "flood")
    assert raised.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(USER, "retried")  # times=1: the next call goes through
    assert [c.injected for c in standin.calls_to("sendMessage")] == [True, False]
    assert standin.rejected() == []


@pytest.mark.parametrize(("status", "reason"), [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_server_errors_raise_network_error(standin, bot, status, reason):
    standin.inject("*", Fault.server_error(status))
    with pytest.raises(NetworkError, match=reason):
        await bot.get_me()


async def test_dropped_connection_raises_network_error(standin, bot):
    standin.inject("getMe", Fault.drop_connection())
    with pytest.raises(NetworkError):
        await bot.get_me()
    assert (await bot.get_me()).username == "QuoteTestBot"


async def test_drop_after_processing_sends_the_message_but_no_answer(standin, bot, chat):
    standin.inject("sendMessage", Fault.drop_connection(after_processing=True))
    with pytest.raises(NetworkError):
        await bot.send_message(chat, "did it arrive?")
    [call] = standin.calls_to("sendMessage")
    assert (call.status, call.ok, call.injected) == (0, True, True)
    assert standin.message(chat, call.result["message_id"])["text"] == "did it arrive?"


@pytest.mark.slow  # waits on real time (a lock, a timeout) for about a second
async def test_slow_answer_arrives_late_or_times_out(standin):
    request = HTTPXRequest(read_timeout=1.0)
    async with Bot(standin.token, base_url=standin.base_url, request=request) as slow_bot:
        standin.inject("getMe", Fault.slow(2.5))
        with pytest.raises(TimedOut):
            await slow_bot.get_me()
        standin.inject("getMe", Fault.slow(0.1))
        started = time.monotonic()
        await slow_bot.get_me()
        assert time.monotonic() - started >= 0.1


# --- waiting helpers ------------------------------------------------------------------

async def test_wait_for_returns_each_call_once_in_order(standin, bot, chat):
    await bot.send_message(chat, "first")
    await bot.send_message(chat, "second")
    assert (await standin.wait_for("sendMessage")).params["text"] == "first"
    assert (await standin.wait_for("sendmessage")).params["text"] == "second"
    with pytest.raises(AssertionError, match="no sendMessage call within"):
        await standin.wait_for("sendMessage", timeout=0.1)


async def test_wait_quiet_waits_out_a_burst(standin, bot, chat):
    async def burst():
        for n in range(3):
            await bot.send_message(chat, str(n))
            await asyncio.sleep(0.05)

    task = asyncio.create_task(burst())
    await standin.wait_quiet(0.5)
    assert task.done() and len(standin.calls_to("sendMessage")) == 3


async def test_a_real_polling_application_converses_without_rejections(standin):
    async def quote(update, context):
        await update.message.reply_html("<b>Ilya</b>: scaling &amp; more")

    app = ApplicationBuilder().token(standin.token).base_url(standin.base_url).build()
    app.add_handler(CommandHandler("quote", quote))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await standin.wait_until_polling()
        standin.send_message("/quote", user_id=USER)
        reply = await standin.replies_to(USER)
        assert reply.result["text"] == "Ilya: scaling & more"
        await app.updater.stop()
        await app.stop()
    # The poll PTB abandoned at stop() ends in a 409 nobody reads: not a bot error.
    assert standin.rejected() == []
    assert any(c.ok and c.params.get("timeout") == 0 for c in standin.calls_to("getUpdates"))
