"""A message's text and entities as terminal lines."""

from __future__ import annotations

from bot.console.telegram_html import parse_html
from bot.console.rich_text import terminal_lines, text_width


def lines(html: str, width: int = 40, ansi: bool = False) -> list[str]:
    return terminal_lines(*parse_html(html), width=width, ansi=ansi)


def test_styles_are_dropped_without_ansi_and_shown_with_it():
    assert lines("<b>Ilya</b> · <i>Scaling</i>") == ["Ilya · Scaling"]
    assert lines("<b>Ilya</b> x", ansi=True) == ["\x1b[0m\x1b[1mIlya\x1b[0m x"]


def test_every_line_of_a_quote_has_the_bar_even_wrapped_and_blank_ones():
    shown = lines("Header\n<blockquote>" + "word " * 12 + "\n\nsecond</blockquote>\n— who", width=30)
    assert shown[0] == "Header" and shown[-1] == "— who"
    quoted = shown[1:-1]
    assert len(quoted) >= 4 and all(line.startswith("┃ ") for line in quoted)
    assert "┃ " in quoted and quoted[-1] == "┃ second"
    assert all(text_width(line) <= 30 for line in shown)


def test_a_link_shows_its_address_unless_it_is_the_text():
    assert lines('<a href="https://t.me/x">open</a> <a href="https://a.b">https://a.b</a>') == [
        "open (https://t.me/x) https://a.b"]


def test_chinese_wraps_by_columns_and_never_starts_a_line_with_a_comma():
    shown = lines("我认为" * 6 + "，" + "这是对的" * 5, width=20)
    assert all(text_width(line) <= 20 for line in shown)
    assert not any(line.startswith("，") for line in shown)
    assert "".join(shown) == "我认为" * 6 + "，" + "这是对的" * 5


def test_english_wraps_at_spaces_and_a_word_beside_chinese_stays_whole():
    assert lines("aaa bbb ccc ddd", width=8) == ["aaa bbb", "ccc ddd"]
    assert lines("很大的神经网络（neural network），我们", width=20) == [
        "很大的神经网络", "（neural network），", "我们"]
