"""A message's text and entities as terminal lines, as a Telegram client would lay them out.

Block quotes get a "┃ " bar on every line, links show their address, and lines wrap to the
terminal's width (CJK characters take two columns). Bold, italic and the rest become ANSI
styles on a colour terminal and are dropped otherwise, so piped output stays plain text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

QUOTE_BAR = "┃ "
_QUOTES = frozenset({"blockquote", "expandable_blockquote"})
_NO_LINE_START = frozenset("，。、：；！？）」』》”’…,.;:!?)")
_NO_LINE_END = frozenset("（「『《“‘(")
_ANSI = {"bold": "1", "italic": "3", "underline": "4", "strikethrough": "9", "spoiler": "7", "text_link": "4",
         "code": "2", "pre": "2"}


@dataclass(frozen=True, slots=True)
class Char:
    """One character and the entity types covering it."""

    char: str
    styles: frozenset[str] = frozenset()


def terminal_lines(text: str, entities: list[dict], width: int, ansi: bool) -> list[str]:
    """The message as lines of at most `width` columns."""
    lines: list[str] = []
    for line, quoted in _split_lines(_styled(text, entities)):
        prefix = QUOTE_BAR if quoted else ""
        for piece in wrap(line, max(width - len(prefix), 10)):
            lines.append(prefix + _render(piece, ansi))
    return lines


def _styled(text: str, entities: list[dict]) -> list[Char]:
    """Each character with its styles; a link's address follows its text."""
    chars: list[Char] = []
    position = 0  # UTF-16 offset, the unit of entity offsets
    for char in text:
        covering = [e for e in entities if e["offset"] <= position < e["offset"] + e["length"]]
        chars.append(Char(char, frozenset(e["type"] for e in covering)))
        position += 2 if ord(char) > 0xFFFF else 1
        chars.extend(_link_suffix(text, covering, position))
    return chars


def _link_suffix(text: str, covering: list[dict], position: int) -> list[Char]:
    """" (address)" after a link's last character, unless the text already is the address."""
    suffix: list[Char] = []
    for entity in covering:
        if entity["type"] == "text_link" and entity["offset"] + entity["length"] == position:
            linked = _utf16_slice(text, entity["offset"], position)
            # Telegram normalises the address (https://a.b → https://a.b/): that is still the text.
            if linked not in (entity["url"], entity["url"].removesuffix("/")):
                quoted = frozenset(e["type"] for e in covering if e["type"] in _QUOTES)
                suffix += [Char(c, quoted) for c in f" ({entity['url']})"]
    return suffix


def _utf16_slice(text: str, start: int, end: int) -> str:
    """The text between two UTF-16 offsets."""
    encoded = text.encode("utf-16-le", "surrogatepass")
    return encoded[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


def _split_lines(chars: list[Char]) -> list[tuple[list[Char], bool]]:
    """Lines and whether each is quoted; an empty line inside a quote (a paragraph break) is too."""
    lines: list[tuple[list[Char], bool]] = []
    current: list[Char] = []
    for char in chars:
        if char.char == "\n":
            lines.append((current, _is_quoted(current, char)))
            current = []
        else:
            current.append(char)
    lines.append((current, _is_quoted(current, None)))
    return lines


def _is_quoted(line: list[Char], newline: Char | None) -> bool:
    """Whether a line belongs to a block quote."""
    if line:
        return any(char.styles & _QUOTES for char in line)
    return newline is not None and bool(newline.styles & _QUOTES)


def char_width(char: str) -> int:
    """Terminal columns: two for wide (CJK, most emoji), none for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal columns of a plain string."""
    return sum(char_width(char) for char in text)


def wrap(line: list[Char], width: int) -> list[list[Char]]:
    """Break at the last space when there is one; CJK text, which has none, breaks anywhere."""
    pieces: list[list[Char]] = []
    current: list[Char] = []
    used = 0
    for char in line:
        columns = char_width(char.char)
        if used + columns > width and current:
            if char.char == " ":  # the break itself: the space is not shown
                pieces.append(current)
                current, used = [], 0
                continue
            head, current = _break(current, char.char)
            pieces.append(head)
            used = sum(char_width(c.char) for c in current)
        current.append(char)
        used += columns
    pieces.append(current)
    return pieces


def _break(chars: list[Char], incoming: str) -> tuple[list[Char], list[Char]]:
    """Split a full line into what is shown and what moves on with `incoming`, the next character.

    The break goes at the last opportunity: a space (dropped), or beside a wide character, since
    CJK text has no spaces, though never before closing or after opening punctuation. A word
    longer than the line is cut where it is.
    """
    sequence = [c.char for c in chars] + [incoming]
    for i in range(len(chars), 0, -1):
        before, after = sequence[i - 1], sequence[i]
        if before == " " and i > 1:
            return chars[:i - 1], chars[i:]
        wide = char_width(before) == 2 or char_width(after) == 2
        if wide and after not in _NO_LINE_START and before not in _NO_LINE_END:
            return chars[:i], chars[i:]
    return chars, []


def _render(chars: list[Char], ansi: bool) -> str:
    """The characters, with an ANSI escape wherever the style changes."""
    if not ansi:
        return "".join(char.char for char in chars)
    out, current = [], frozenset()
    for char in chars:
        styles = char.styles & _ANSI.keys()
        if styles != current:
            codes = ";".join(sorted({_ANSI[s] for s in styles}))
            out.append("\x1b[0m" + (f"\x1b[{codes}m" if codes else ""))
            current = styles
        out.append(char.char)
    if current:
        out.append("\x1b[0m")
    return "".join(out)
