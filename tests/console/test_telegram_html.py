"""Telegram HTML → text and entities, and the refusals Telegram words."""

from __future__ import annotations

import pytest

from bot.console.errors import ApiError
from bot.console.telegram_html import parse_html
from bot.console.validation import strip_text


def test_tags_become_entities_with_utf16_offsets():
    text, entities = parse_html("🔀 <b>bold</b> <i>it</i>")
    assert text == "🔀 bold it"
    assert entities == [{"type": "bold", "offset": 3, "length": 4}, {"type": "italic", "offset": 8, "length": 2}]


def test_entities_are_decoded_and_like_telegram_a_bare_ampersand_stays_unless_strict():
    source = "a &lt;b&gt; &amp; &quot;c&quot; &#8212; AT&T &nbsp;"
    assert parse_html(source, strict=False)[0] == 'a <b> & "c" — AT&T &nbsp;'
    with pytest.raises(ApiError, match='Character "&" must be escaped'):
        parse_html(source)


def test_blockquote_link_and_spoiler():
    _, entities = parse_html('<blockquote expandable>q</blockquote><a href="https://x.org">l</a>'
                             '<span class="tg-spoiler">s</span>')
    assert [e["type"] for e in entities] == ["expandable_blockquote", "text_link", "spoiler"]
    assert entities[1]["url"] == "https://x.org/"  # Telegram normalises the address


@pytest.mark.parametrize(("source", "wording"), [
    ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("1 <b", "Unclosed start tag at byte offset 2"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
])
def test_what_telegram_refuses(source, wording):
    with pytest.raises(ApiError) as refused:
        parse_html(source)
    assert refused.value.status == 400
    assert refused.value.description.startswith("Bad Request: can't parse entities: ")
    assert wording in refused.value.description


def test_surrounding_whitespace_is_stripped_and_entities_follow():
    assert strip_text("  <x>  ", [{"type": "bold", "offset": 1, "length": 4}]) == (
        "<x>", [{"type": "bold", "offset": 0, "length": 3}])
