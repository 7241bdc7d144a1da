"""Hostile and odd input: each case is answered cleanly or ignored; nothing breaks.

After all cases: the stand-in rejected no request, the bot logged no unhandled error,
and the token appears in no log line (checked when the shared bot stops).
"""

import pytest

from tests.e2e.dialog import plain

CJK_5000 = "预测就是压缩" * 834
RTL = "\u202e" + "gnilacs" + "\u202c"
CASES = {
    "long_search": "/search " + "scaling " * 700,
    "long_quote": "/quote " + "a" * 5000,
    "long_plain_text": "x" * 5000,
    "cjk_5000_search": "/search " + CJK_5000,
    "cjk_5000_quote": "/quote " + CJK_5000,
    "control_chars": "/search \x00\x01\x07\x1b[31mscaling\x7f",
    "zero_width": "/search sc\u200bal\u200cing\u200d\ufeff",
    "rtl_override": "/search " + RTL,
    "rtl_in_language": "/language \u202een",
    "html_injection": "/search <b>bold</b><script>alert(1)</script>",
    "html_entities": "/search &amp; &lt;tag&gt; &#0; &nbsp;",
    "unclosed_tag": "/quote <i>unclosed",
    "sql_injection": "/search '; DROP TABLE turns; --",
    "sql_like": "/search %_% OR 1=1",
    "fts_syntax": '/search "unterminated AND OR NOT NEAR( *',
    "fts_column": "/search en:scaling zh:*",
    "emoji_only": "/search 🤖🧠🔥",
    "emoji_quote": "/quote 😀",
    "flags_and_zwj": "/search 👩‍👩‍👧‍👦🏳️‍🌈",
    "only_spaces": "/search      ",
    "only_punctuation": "/search ?!.,;:…——",
    "surrogate_like": "/search \ud7ff\ue000\uf8ff",
    "combining_marks": "/search s\u0301c\u0301a\u0301l\u0301e\u0301",
    "mixed_scripts": "/search scaling 规模 スケーリング 스케일링 масштаб",
    "newlines": "/search scaling\n\n\nlaws\r\nnow",
    "tabs": "/search\tscaling\tlaws",
    "topic_garbage": "/topic ☃☃☃ <>&",
    "topic_long": "/topic " + "z" * 4000,
    "language_sql": "/language ' OR 1=1 --",
    "deep_link_forged": "/start turn_-1",
    "deep_link_huge": "/start turn_99999999999999999999",
    "deep_link_junk": "/start <script>",
    "command_case": "/QUOTE",
    "command_only_slash": "/",
    "unknown_command_long": "/" + "x" * 100,
    "bot_mention_only": "@QuoteTestBot",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
async def test_hostile_message_is_handled_cleanly(api, new_id, text):
    chat = new_id()
    api.send_message(text, chat_id=chat, user_id=chat)
    await api.wait_quiet(0.4)
    replies = [c for c in api.calls if c.params.get("chat_id") == chat]
    assert all(c.ok for c in replies), [c.error for c in replies]
    for reply in replies:
        assert len(plain(reply)) <= 4096


async def test_message_without_sender_is_ignored_or_answered(api, new_id):
    group = -new_id()
    api.send_message("/quote", chat_id=group, user_id=None, chat_type="supergroup")  # anonymous admin
    await api.wait_quiet(0.5)
    assert all(c.ok for c in api.calls if c.params.get("chat_id") == group)


FORGED = ["", "garbage", "t:1:999999:en:0", "t:0:1:xx:0", "s:0:deadbeef:0", "p:0:no-such-topic:0",
          "q:0:en:extra", "l:0:fr", "T", "x" * 64, "t:1:1:en:0' OR 1=1"]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_or_stale_callback_gets_a_short_notice(api, new_id, data):
    chat = new_id()
    api.send_message("/quote", chat_id=chat, user_id=chat)
    sent = await api.replies_to(chat)
    update_id = api.press_button(sent, data, user_id=chat, check=False)
    query_id = api.injected_update(update_id)["callback_query"]["id"]
    answer = await api.wait_for("answerCallbackQuery", lambda c: c.params.get("callback_query_id") == query_id)
    assert answer.ok
    assert answer.params.get("show_alert") and len(answer.params["text"]) <= 200


async def test_no_request_was_rejected_and_no_handler_crashed(shared_bot):
    await shared_bot.standin.wait_quiet(0.5)
    assert shared_bot.standin.rejected() == []
    log = shared_bot.log()
    assert "Traceback" not in log and "error while handling" not in log
