"""Telegram's HTML parse_mode: markup → (plain text, MessageEntity dicts), or Telegram's refusal.

A port of tdlib's parse_html (td/telegram/MessageEntity.cpp), so what is checked here is what
api.telegram.org does with `parse_mode=HTML`: the supported tags become entities with UTF-16
offsets (`<pre><code class="language-x">` one pre entity with its language), the four named
entities and numeric ones are decoded, and anything Telegram refuses is an ApiError with
tdlib's wording. Like Telegram, `strict=False` keeps a bare `&` or `>` and an unknown `&name;`
as literal text; `strict=True` (the default) refuses them too, because a bot sending them
unescaped shows users garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.console.errors import ApiError, bad_request


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
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_END = "\0"  # tdlib walks a NUL-terminated string; we mimic that sentinel
_HTML_SPACE = " \t\r\n\v" + _END  # tdlib's is_space() also counts NUL


def _decode_html_entity(src: str, pos: int) -> tuple[str | None, int]:
    """Decode the entity at src[pos] == '&' like tdlib: (char, end) or (None, pos)."""

    def at(k: int) -> str:
        return src[k] if k < len(src) else _END

    end = pos + 1
    if at(end) == "#":
        end += 1
        digits, base = "0123456789", 10
        if at(end) == "x":
            end, digits, base = end + 1, "0123456789abcdefABCDEF", 16
        start = end
        while at(end) != _END and at(end) in digits:
            end += 1
        code = int(src[start:end], base) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None, pos
        char = chr(code)
    else:
        while at(end).isascii() and at(end).isalpha():
            end += 1
        char = _NAMED_HTML_ENTITIES.get(src[pos + 1:end])
        if char is None:
            return None, pos
    if at(end) == ";":
        end += 1
    return char, end


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
                f"Can't find end tag corresponding to start tag {self.stack[-1].name}")
        text = "".join(self.out)
        if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            raise self._error(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units")
        for entity in self.entities:
            entity.pop("_language", None)
        return text, sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))

    # -- scanning helpers ---------------------------------------------------
    def _at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else _END

    def _byte(self, i: int) -> int:
        return len(self.src[:i].encode("utf-8", "surrogatepass"))

    def _error(self, message: str) -> ApiError:
        return bad_request(f"can't parse entities: {message}")

    def _skip_spaces(self, j: int) -> int:
        while self._at(j) != _END and self._at(j) in _HTML_SPACE:
            j += 1
        return j

    def _skip_name(self, j: int, stop: str = ">") -> int:
        while self._at(j) not in _HTML_SPACE and self._at(j) not in stop:
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
        char, end = _decode_html_entity(self.src, i)
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
        if self._at(j) == _END:
            raise self._error(f"Unclosed start tag at byte offset {self._byte(begin)}")
        name = self.src[begin + 1:j].lower()
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
        where = f'the tag "{tag.name}" at byte offset {self._byte(begin)}'
        while self._at(j) != ">":
            j = self._skip_spaces(j)
            if self._at(j) == ">":
                break
            name_start = j
            j = self._skip_name(j, stop="=>")
            attribute = self.src[name_start:j]
            if not attribute:
                raise self._error(f"Empty attribute name in {where}")
            j = self._skip_spaces(j)
            if self._at(j) != "=":
                if tag.name == "blockquote" and attribute.lower() == "expandable":
                    tag.expandable = True
                    continue
                raise self._error(
                    f"Expected equal sign in declaration of an attribute of {where}")
            j = self._skip_spaces(j + 1)
            if self._at(j) == _END:
                raise self._error(f"Unclosed start tag \"{tag.name}\" at byte offset {self._byte(begin)}")
            value, j = self._attribute_value(j)
            if self._at(j) == _END:
                raise self._error(f"Unclosed start tag at byte offset {self._byte(begin)}")
            self._apply_attribute(tag, attribute, value)
        return j

    def _attribute_value(self, j: int) -> tuple[str, int]:
        quote = self._at(j)
        if quote not in ("'", '"'):
            start = j  # an unquoted HTML "name token"
            while self._at(j).isascii() and (self._at(j).isalnum() or self._at(j) in ".-"):
                j += 1
            if self._at(j) not in _HTML_SPACE and self._at(j) != ">":
                raise self._error(f"Unexpected end of name token at byte offset {self._byte(start)}")
            return self.src[start:j].lower(), j
        j += 1
        chars: list[str] = []
        while self._at(j) not in (quote, _END):
            if self._at(j) == "&":
                char, end = _decode_html_entity(self.src, j)
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

    def _end_tag(self, begin: int) -> int:
        if not self.stack:
            raise self._error(f"Unexpected end tag at byte offset {self._byte(begin)}")
        j = self._skip_name(begin + 2)
        name = self.src[begin + 2:j].lower()
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
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise self._error("Invalid custom emoji identifier specified")
            self.entities.append({"type": "custom_emoji", **span, "custom_emoji_id": tag.argument})
        elif tag.name == "a":
            url = tag.argument or "".join(self.out[tag.out_start:])
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


def parse_html(source: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into (plain text, MessageEntity dicts); raise ApiError."""
    return _HtmlParser(source, strict).parse()
