"""Hostile and odd input: each case gets the answer it should, and nothing breaks.

Every case states what the user sees: a reply of one kind (search results, "nothing
matches", the usage text, a quote…), quoting their words as they typed them where it quotes
them at all. And per case: the bot made no request Telegram would refuse, sent nothing
else to that chat, and logged no ERROR and no traceback while handling it. (That the token
appears in no log line is checked when the shared bot stops.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.e2e.dialog import ATTRIBUTION, LogWindow, answered_after, bold, buttons, calls_in, plain

# One update at a time, so that once a later message is answered, a case is finished: what it
# sent and logged is all there (dialog.answered_after).
BOT_ENV = {"CONCURRENT_UPDATES": "1"}
CJK_5000 = "预测就是压缩" * 834
RTL = "\u202e" + "gnilacs" + "\u202c"
LONG = object()  # the echo of a long query: its start, cut short with "…"

# What each kind of reply starts with; {q} is the query as the reply quotes it.
KINDS = {
    "results": r"Results for “{q}” — 1(–\d+)? of \d+\n",
    "no_results": r"Nothing in the interview matches “{q}”\.",
    "usage": r"Tell me what to look for, e\.g\. /search scaling laws or /search 幻觉\.$",
    "quote": r"Ilya Sutskever · .+\n",
    "quote_no_match": r"No passage of Ilya Sutskever's matches “{q}”\. /search looks in both speakers' words\.",
    "welcome": r"Interview Quote Bot\nQuotes from Eye on AI #118",
    "turn_not_found": r"I can't find that passage: the link may be mistyped, or the passage was removed\. Try /quote\.$",
    "unknown_command": r"I don't know that command\. Try /help\.$",
    "language_set": r"Done — I'll reply to you in English\.$",
    "language_unknown": r"I don't know the language “{q}”\. Choose one:$",
    "reaction": r"👍 Send me a few words and I'll find them in the interview",
    "topic_not_found": r"No topic matches “{q}”\. Here they all are:\nThe interview in \d+ topics — tap one:$",
}


@dataclass(frozen=True)
class Expect:
    """The reply a case must get. `shown`: the query as quoted back (None: not checked; LONG: cut)."""

    kinds: tuple[str, ...]
    shown: str | object | None = None

    def check(self, reply, sent: str) -> None:
        text = plain(reply)
        if self.shown is LONG:
            words = sent.split(maxsplit=1)[-1]
            quoted = re.search(r"“([^”]*)”", text)
            assert quoted, text[:200]
            echo = quoted.group(1)
            assert echo.endswith("…") and len(echo) <= 100 and words.startswith(echo[:-1]), echo
            query = re.escape(echo)
        else:
            query = ".+" if self.shown is None else re.escape(self.shown)
        patterns = [KINDS[kind].format(q=query) for kind in self.kinds]
        assert any(re.match(p, text) for p in patterns), f"expected {' or '.join(self.kinds)}, got {text[:300]!r}"
        if self.kinds == ("quote",):
            assert f"— Ilya Sutskever · {ATTRIBUTION}" in text
        if "results" in self.kinds and text.startswith("Results"):
            assert ATTRIBUTION not in text and any(b["text"] == "1" for b in buttons(reply))
        if self.kinds in (("topic_not_found",), ("language_unknown",)):
            assert len(buttons(reply)) >= 3  # the choices to tap instead


SEARCH = ("results", "no_results")  # either is a right answer; what matters is that it is a search
CASES = {
    "long_search": ("/search " + "scaling " * 700, Expect(("results",), LONG)),
    "long_quote": ("/quote " + "a" * 5000, Expect(("quote_no_match",), LONG)),
    "long_plain_text": ("x" * 5000, Expect(("no_results",), LONG)),
    "cjk_5000_search": ("/search " + CJK_5000, Expect(("results",), LONG)),
    "cjk_5000_quote": ("/quote " + CJK_5000, Expect(("quote",))),
    "control_chars": ("/search \x00\x01\x07\x1b[31mscaling\x7f", Expect(SEARCH)),
    "zero_width": ("/search sc\u200bal\u200cing\u200d\ufeff", Expect(("results",), "scaling")),
    "rtl_override": ("/search " + RTL, Expect(("no_results",), "gnilacs")),
    "rtl_in_language": ("/language \u202een", Expect(("language_set",))),
    "html_injection": ("/search <b>bold</b><script>alert(1)</script>",
                       Expect(("no_results",), "<b>bold</b><script>alert(1)</script>")),
    "html_entities": ("/search &amp; &lt;tag&gt; &#0; &nbsp;", Expect(("no_results",), "&amp; &lt;tag&gt; &#0; &nbsp;")),
    "unclosed_tag": ("/quote <i>unclosed", Expect(("quote_no_match",), "<i>unclosed")),
    "sql_injection": ("/search '; DROP TABLE turns; --", Expect(("no_results",), "'; DROP TABLE turns; --")),
    "sql_like": ("/search %_% OR 1=1", Expect(("no_results",), "%_% OR 1=1")),
    "fts_syntax": ('/search "unterminated AND OR NOT NEAR( *', Expect(SEARCH, '"unterminated AND OR NOT NEAR( *')),
    "fts_column": ("/search en:scaling zh:*", Expect(SEARCH, "en:scaling zh:*")),
    # Emoji alone react, as "ok" does: the small-talk pointer (bot.small_talk).
    "emoji_only": ("/search 🤖🧠🔥", Expect(("reaction",))),
    "emoji_quote": ("/quote 😀", Expect(("quote",))),  # a quote was asked for, and nothing to look up
    "flags_and_zwj": ("/search 👩‍👩‍👧‍👦🏳️‍🌈", Expect(("reaction",))),
    "only_spaces": ("/search      ", Expect(("usage",))),
    "only_punctuation": ("/search ?!.,;:…——", Expect(("no_results",), "?!.,;:…——")),
    "surrogate_like": ("/search \ud7ff\ue000\uf8ff", Expect(("no_results",))),
    "combining_marks": ("/search s\u0301c\u0301a\u0301l\u0301e\u0301", Expect(("no_results",))),
    "mixed_scripts": ("/search scaling 规模 スケーリング 스케일링 масштаб",
                      Expect(SEARCH, "scaling 规模 スケーリング 스케일링 масштаб")),
    "newlines": ("/search scaling\n\n\nlaws\r\nnow", Expect(("results",), "scaling laws now")),
    "tabs": ("/search\tscaling\tlaws", Expect(("results",), "scaling laws")),
    "topic_garbage": ("/topic ☃☃☃ <>&", Expect(("topic_not_found",), "☃☃☃ <>&")),
    "topic_long": ("/topic " + "z" * 4000, Expect(("topic_not_found",), LONG)),
    "language_sql": ("/language ' OR 1=1 --", Expect(("language_unknown",), "' OR 1=1 --")),
    "deep_link_forged": ("/start turn_-1", Expect(("welcome",))),
    "deep_link_huge": ("/start turn_99999999999999999999", Expect(("turn_not_found",))),
    "deep_link_junk": ("/start <script>", Expect(("welcome",))),
    "command_case": ("/QUOTE", Expect(("quote",))),
    "command_only_slash": ("/", Expect(("no_results",), "/")),  # no command entity: plain words, a search
    "unknown_command_long": ("/" + "x" * 100, Expect(("unknown_command",))),
    "bot_mention_only": ("@QuoteTestBot", Expect(("no_results",), "@QuoteTestBot")),
}
# Characters that must not reach the user: C0 controls (but newline), DEL, bidi overrides.
INVISIBLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def assert_no_trouble(api, chat: int, log: LogWindow) -> None:
    assert [c.error for c in calls_in(api, chat) if not c.ok] == []  # nothing Telegram would refuse
    assert log.problems() == []


@pytest.mark.parametrize(("text", "expect"), CASES.values(), ids=CASES.keys())
async def test_hostile_message_gets_its_answer(shared_bot, new_id, text, expect):
    api, chat, log = shared_bot.standin, new_id(), LogWindow(shared_bot)
    update_id = api.send_message(text, chat_id=chat, user_id=chat)
    reply = await api.replies_to(chat)
    expect.check(reply, text)
    assert len(plain(reply)) <= 4096 and not INVISIBLE.search(plain(reply))
    assert "bold" not in bold(reply)  # the user's <b> is shown as text, never applied
    marker = await answered_after(shared_bot, update_id, chat_id=chat, user_id=chat)
    assert calls_in(api, chat) == [reply, marker]  # one answer, and no second one (an apology)
    assert_no_trouble(api, chat, log)


async def test_the_interview_is_intact_after_an_injection_attempt(shared_bot, new_id):
    api, chat, log = shared_bot.standin, new_id(), LogWindow(shared_bot)
    api.send_message("/search '; DROP TABLE turns; --", chat_id=chat, user_id=chat)
    assert plain(await api.replies_to(chat)).startswith("Nothing in the interview matches “'; DROP TABLE turns; --”.")
    api.send_message("/search bitter lesson", chat_id=chat, user_id=chat)
    results = plain(await api.replies_to(chat))
    assert results.startswith("Results for “bitter lesson” — 1") and "bitter lesson" in results.lower()
    assert_no_trouble(api, chat, log)


async def test_message_from_an_anonymous_admin_is_answered_in_the_group(shared_bot, new_id):
    api, group, log = shared_bot.standin, -new_id(), LogWindow(shared_bot)
    update_id = api.send_message("/quote", chat_id=group, user_id=None, chat_type="supergroup")
    reply = await api.replies_to(group)
    text = plain(reply)
    assert text.startswith("Ilya Sutskever · ") and f"— Ilya Sutskever · {ATTRIBUTION}" in text
    asked = api.injected_update(update_id)["message"]["message_id"]
    assert reply.params["reply_parameters"] == {"message_id": asked}
    marker = await answered_after(shared_bot, update_id, chat_id=group, user_id=new_id(), chat_type="supergroup")
    assert calls_in(api, group) == [reply, marker]
    assert_no_trouble(api, group, log)


FORGED = ["", "garbage", "t:1:999999:en:0", "t:0:1:xx:0", "s:0:deadbeef:0", "p:0:no-such-topic:0",
          "q:0:en:extra", "l:0:fr", "T", "x" * 64, "t:1:1:en:0' OR 1=1"]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_or_stale_callback_gets_a_short_notice(shared_bot, new_id, data):
    api, chat = shared_bot.standin, new_id()
    api.send_message("/quote", chat_id=chat, user_id=chat)
    sent = await api.replies_to(chat)
    log = LogWindow(shared_bot)
    update_id = api.press_button(sent, data, user_id=chat, check=False)
    query_id = api.injected_update(update_id)["callback_query"]["id"]
    answer = await api.wait_for("answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query_id)
    assert answer.ok and answer.params.get("show_alert")
    assert answer.params["text"] in ("These buttons have expired. Send the command again.",
                                     "Only the person who asked can use these buttons.")
    marker = await answered_after(shared_bot, update_id, chat_id=chat, user_id=chat)
    assert calls_in(api, chat) == [sent, marker]  # the quote was not edited, nothing else was sent
    assert api.message(chat, sent.result["message_id"])["text"] == sent.result["text"]
    assert_no_trouble(api, chat, log)
