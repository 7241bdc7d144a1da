"""The conversation's layout: labels, indented lines, numbered buttons."""

from __future__ import annotations

import io

from bot.console.display import Screen, buttons_of, keyboard_lines


def test_buttons_are_numbered_across_rows():
    rows = [[{"text": "◀ Before", "callback_data": "a"}, {"text": "After ▶", "callback_data": "b"}],
            [{"text": "↗ Share", "switch_inline_query": "turn_1"}]]
    assert keyboard_lines(rows, 80) == ["[1] ◀ Before  [2] After ▶", "[3] ↗ Share"]
    assert [b["text"] for b in buttons_of({"reply_markup": {"inline_keyboard": rows}})] == [
        "◀ Before", "After ▶", "↗ Share"]


def test_a_message_is_printed_under_its_label():
    out = io.StringIO()
    keyboard = {"inline_keyboard": [[{"text": "1", "callback_data": "x"}]]}
    Screen(out, width=60).message("bot:", {"text": "Hello\nthere", "entities": [], "reply_markup": keyboard})
    assert out.getvalue() == "bot: Hello\n     there\n     [1] 1\n"


def test_a_long_label_stands_on_its_own_line():
    out = io.StringIO()
    Screen(out).message("bot (edited):", {"text": "New text"})
    assert out.getvalue() == "bot (edited):\n     New text\n"
