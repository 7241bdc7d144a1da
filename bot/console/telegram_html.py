"""Telegram's HTML parse_mode: markup → (plain text, MessageEntity dicts), or Telegram's refusal.

A port of tdlib's parse_html (td/telegram/MessageEntity.cpp), so what is checked here is what
api.telegram.org does with `parse_mode=HTML`: the supported tags become entities with UTF-16
offsets (`<pre><code class="language-x">` one pre entity with its language), the four named
entities and numeric ones are decoded, and anything Telegram refuses is an ApiError with
tdlib's wording. An <a> tag's URL is what Telegram keeps of it (telegram_html_links:
"telegram.org" becomes "http://telegram.org/", an invalid URL makes no entity), except that a
tg://user?id= link stays a text_link where Telegram makes a text_mention. Entities come out in
tdlib's order. Like Telegram, `strict=False` keeps a bare `&` or `>` and an unknown `&name;` as
literal text; `strict=True` (the default) refuses them too, because a bot sending them unescaped
shows users garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.console.errors import ApiError, bad_request
from bot.console.telegram_html_chars import END, HTML_SPACE, ascii_lower, decode_html_entity, to_integer_safe
from bot.console.telegram_html_links import checked_link


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit of every Telegram entity offset."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_HTML_TAGS = frozenset({
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
    "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
})
_SIMPLE_TAG_ENTITIES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough",
    "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler",
}
# tdlib's MessageEntity::get_type_priority: entities sharing offset and length sort by it.
_TYPE_PRIORITY = {
    "blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20, "text_link": 49,
    "bold": 90, "italic": 91, "underline": 92, "strikethrough": 93, "spoiler": 94, "custom_emoji": 99,
}
_PRE_CODE_PRIORITY = 10  # a pre with a language is tdlib's PreCode


@dataclass
class _OpenTag:
    name: str
    utf16_start: int
    out_start: int
    argument: str = ""
    expandable: bool = False


class _HtmlParser:
    """Turns Telegram HTML into (plain text, entities) or raises ApiError.

    Error texts are tdlib's. ``strict`` additionally rejects what Telegram
    silently shows as literal text (a bare ``&`` or ``>``, ``&nbsp;``): the
    docs require escaping them and a bot doing otherwise shows users garbage.
    """

    def __init__(self, source: str, strict: bool):
        self.src = source
        self.strict = strict
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict] = []

    def parse(self) -> tuple[str, list[dict]]:
        i = 0
        while i < len(self.src):
            i = self._step(i)
        if self.stack:
            raise self._error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        text = "".join(self.out)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            raise self._error(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units")
        for entity in self.entities:
            entity.pop("_language", None)
        return text, sorted(self.entities, key=_entity_order)

    # -- scanning helpers ---------------------------------------------------
    def _at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else END

    def _byte(self, i: int) -> int:
        return len(self.src[:i].encode("utf-8", "surrogatepass"))

    def _error(self, message: str) -> ApiError:
        return bad_request(f"can't parse entities: {message}")

    def _skip_spaces(self, j: int) -> int:
        while self._at(j) != END and self._at(j) in HTML_SPACE:
            j += 1
        return j

    def _skip_name(self, j: int, stop: str = ">") -> int:
        while self._at(j) not in HTML_SPACE and self._at(j) not in stop:
            j += 1
        return j

    def _emit(self, char: str) -> None:
        self.out.append(char)
        self.utf16 += 2 if ord(char) > 0xFFFF else 1

    # -- text ----------------------------------------------------------------
    def _step(self, i: int) -> int:
        char = self.src[i]
        if char == "&":
            return self._ampersand(i)
        if char == "<":
            return self._end_tag(i) if self._at(i + 1) == "/" else self._start_tag(i)
        if char == ">" and self.strict:
            # stand-in wording: Telegram shows a bare '>' literally
            raise self._error(
                f'Character ">" is reserved and must be escaped as "&gt;" '
                f"at byte offset {self._byte(i)}")
        self._emit(char)
        return i + 1

    def _ampersand(self, i: int) -> int:
        char, end = decode_html_entity(self.src, i)
        if char is not None:
            self._emit(char)
            return end
        if self.strict:
            raise self._error(self._bad_ampersand(i))
        self._emit("&")
        return i + 1

    def _bad_ampersand(self, i: int) -> str:
        # stand-in wording: Telegram keeps "&nbsp;" / "AT&T" as literal text
        named = re.match(r"&#?[A-Za-z0-9]+;", self.src[i:])
        if named:
            return (f'Unsupported HTML entity "{named.group(0)}" at byte offset '
                    f"{self._byte(i)}; only &lt; &gt; &amp; &quot; and numeric ones are supported")
        return f'Character "&" must be escaped as "&amp;" at byte offset {self._byte(i)}'

    # -- tags ----------------------------------------------------------------
    def _start_tag(self, begin: int) -> int:
        j = self._skip_name(begin + 1)
        if self._at(j) == END:
            raise self._error(f"Unclosed start tag at byte offset {self._byte(begin)}")
        name = ascii_lower(self.src[begin + 1:j])
        if name not in _HTML_TAGS:
            raise self._error(
                f'Unsupported start tag "{name}" at byte offset {self._byte(begin)}')
        tag = _OpenTag(name, self.utf16, len(self.out))
        j = self._attributes(tag, begin, j)
        if name == "span" and tag.argument != "spoiler":
            raise self._error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte(begin)}')
        self.stack.append(tag)
        return j + 1

    def _attributes(self, tag: _OpenTag, begin: int, j: int) -> int:
        """Parse attributes up to the closing '>' and return its index."""
        named = f'"{tag.name}" at byte offset {self._byte(begin)}'
        while self._at(j) != ">":
            j = self._skip_spaces(j)
            if self._at(j) == ">":
                break
            name_start = j
            j = self._skip_name(j, stop="=>/\"'")
            attribute = self.src[name_start:j]
            if not attribute:
                raise self._error(f"Empty attribute name in the tag {named}")
            j = self._skip_spaces(j)
            if self._at(j) != "=":  # an attribute without a value: ignored, like Telegram
                if self._at(j) == END:
                    raise self._error(f"Unclosed start tag {named}")
                tag.expandable |= tag.name == "blockquote" and attribute == "expandable"
                continue
            j = self._skip_spaces(j + 1)
            if self._at(j) == END:
                raise self._error(f"Unclosed start tag {named}")
            value, j = self._attribute_value(j)
            if self._at(j) == END:
                raise self._error(f"Unclosed start tag at byte offset {self._byte(begin)}")
            self._apply_attribute(tag, attribute, value)
        return j

    def _attribute_value(self, j: int) -> tuple[str, int]:
        quote = self._at(j)
        if quote not in ("'", '"'):
            start = j  # an unquoted HTML "name token"
            while self._at(j).isascii() and (self._at(j).isalnum() or self._at(j) in ".-"):
                j += 1
            if self._at(j) not in HTML_SPACE and self._at(j) != ">":
                raise self._error(f"Unexpected end of name token at byte offset {self._byte(start)}")
            return ascii_lower(self.src[start:j]), j
        j += 1
        chars: list[str] = []
        while self._at(j) not in (quote, END):
            if self._at(j) == "&":
                char, end = decode_html_entity(self.src, j)
                if char is not None:
                    chars.append(char)
                    j = end
                    continue
            chars.append(self.src[j])
            j += 1
        if self._at(j) == quote:
            j += 1
        return "".join(chars), j

    @staticmethod
    def _apply_attribute(tag: _OpenTag, attribute: str, value: str) -> None:
        # Unknown attributes are ignored, exactly like Telegram does.
        if tag.name == "a" and attribute == "href":
            tag.argument = value
        elif tag.name == "code" and attribute == "class" and value.startswith("language-"):
            tag.argument = value[len("language-"):]
        elif tag.name == "span" and attribute == "class" and value.startswith("tg-"):
            tag.argument = value[len("tg-"):]
        elif tag.name == "tg-emoji" and attribute == "emoji-id":
            tag.argument = value
        elif tag.name == "blockquote" and attribute == "expandable":
            tag.expandable = True  # whatever the value, even "false"

    def _end_tag(self, begin: int) -> int:
        if not self.stack:
            raise self._error(f"Unexpected end tag at byte offset {self._byte(begin)}")
        j = self._skip_name(begin + 2)
        name = ascii_lower(self.src[begin + 2:j])
        j = self._skip_spaces(j)
        if self._at(j) != ">":
            raise self._error(f"Unclosed end tag at byte offset {self._byte(begin)}")
        tag = self.stack[-1]
        if name and name != tag.name:
            raise self._error(
                f'Unmatched end tag at byte offset {self._byte(begin)}, '
                f'expected "</{tag.name}>", found "</{name}>"')
        if self.utf16 > tag.utf16_start:
            self._close(tag)
        self.stack.pop()
        return j + 1

    def _close(self, tag: _OpenTag) -> None:
        span = {"offset": tag.utf16_start, "length": self.utf16 - tag.utf16_start}
        if tag.name in _SIMPLE_TAG_ENTITIES:
            self.entities.append({"type": _SIMPLE_TAG_ENTITIES[tag.name], **span})
        elif tag.name == "tg-emoji":
            if not to_integer_safe(tag.argument, 64):
                raise self._error("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": tag.argument})
        elif tag.name == "a":
            url = checked_link(tag.argument or "".join(self.out[tag.out_start:]))
            if url:  # Telegram drops a link whose URL it refuses
                self.entities.append({"type": "text_link", **span, "url": url})
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.expandable else "blockquote"
            self.entities.append({"type": kind, **span})
        else:
            self._close_code_or_pre(tag, span)

    def _close_code_or_pre(self, tag: _OpenTag, span: dict) -> None:
        # <pre><code class="language-x"> (either nesting order) is one pre entity.
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and all(last[k] == span[k] for k in span)
        if tag.name == "pre":
            if same_span and last["type"] == "code" and last.get("_language"):
                last.update(type="pre", language=last.pop("_language"))
            else:
                self.entities.append({"type": "pre", **span})
        elif same_span and last["type"] == "pre" and tag.argument:
            last["language"] = tag.argument
        else:
            self.entities.append({"type": "code", **span, "_language": tag.argument})


def _entity_order(entity: dict) -> tuple[int, int, int]:
    """tdlib's MessageEntity::operator<: by offset, longer first, then by type priority."""
    priority = _PRE_CODE_PRIORITY if "language" in entity else _TYPE_PRIORITY[entity["type"]]
    return entity["offset"], -entity["length"], priority


def parse_html(source: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into (plain text, MessageEntity dicts); raise ApiError."""
    return _HtmlParser(source, strict).parse()
