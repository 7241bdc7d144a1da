"""Character-level pieces of tdlib that the HTML parser and the link check share.

tdlib walks a NUL-terminated byte string with ASCII-only helpers (is_space, to_lower,
is_alnum); these mimic them on Python text, so non-ASCII letters never change case and a
number parses only when it is written exactly as tdlib would print it.
"""

from __future__ import annotations

import string

END = "\0"  # tdlib walks a NUL-terminated string; we mimic that sentinel
HTML_SPACE = " \t\r\n\v" + END  # tdlib's is_space() also counts NUL
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def ascii_lower(text: str) -> str:
    """tdlib's to_lower: only A-Z change."""
    return text.translate(_ASCII_LOWER)


def to_integer_safe(text: str, bits: int) -> int | None:
    """tdlib's to_integer_safe<intN>: the text must be exactly the number's decimal form."""
    try:
        value = int(text)
    except ValueError:
        return None
    in_range = -(1 << (bits - 1)) <= value < (1 << (bits - 1))
    return value if in_range and str(value) == text else None


def decode_html_entity(src: str, pos: int) -> tuple[str | None, int]:
    """Decode the entity at src[pos] == '&' like tdlib: (char, end) or (None, pos)."""

    def at(k: int) -> str:
        return src[k] if k < len(src) else END

    end = pos + 1
    if at(end) == "#":
        end += 1
        digits, base = "0123456789", 10
        if at(end) == "x":
            end, digits, base = end + 1, "0123456789abcdefABCDEF", 16
        start = end
        while at(end) != END and at(end) in digits:
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
