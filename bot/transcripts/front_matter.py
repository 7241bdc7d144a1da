"""A minimal reader for the YAML front matter of Markdown transcripts.

Why not a YAML library: none is a dependency of the bot, and front matter here is metadata
only (title, publish_date, youtube_url, guest, keywords). This reads the subset that
transcript front matter uses, as Lenny's Podcast writes it:

- `key: value`, where the value may be plain, 'single-quoted' ('' is a quote) or
  "double-quoted" (backslash escapes, `\\` at a line end joins lines), and may go on over
  indented lines (folded with spaces; a blank line inside a value is a line break);
- `key:` followed by `- item` lines: a list of strings;
- `# comments` and blank lines between keys.

Values stay strings (`publish_date: 2023-04-21` is "2023-04-21"). Anything else (nested
maps, `|` blocks, anchors) raises `TranscriptError` at its line rather than being misread.
"""

from __future__ import annotations

import re

from bot.transcripts.model import TranscriptError

_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*):(?:\s+(?P<value>.*))?")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "0": "\0"}
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|(.))", re.S)


def split_front_matter(lines: list[str], source: str) -> tuple[dict[str, object], int]:
    """(metadata, index of the first line after the front matter); ({}, 0) if there is none."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):  # unindented: "  ..." is inside a value
            return _read(lines[1:end], source), end + 1
    raise TranscriptError(source, "front matter opened with `---` is never closed", 1)


def _read(lines: list[str], source: str) -> dict[str, object]:
    metadata: dict[str, object] = {}
    key, raw, first = None, [], 0
    for number, line in enumerate(lines, 2):  # line 1 is the opening `---`
        match = None if line[:1].isspace() or line[:1] == "-" else _KEY.fullmatch(line.rstrip())
        if match:
            if key:
                metadata[key] = _value(raw, source, first)
            key, raw, first = match["key"], [match["value"] or ""], number
        elif key and (line[:1].isspace() or line.startswith("- ") or not line.strip()):
            raw.append(line)
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        else:
            raise TranscriptError(source, "front matter: expected `key: value`", number)
    if key:
        metadata[key] = _value(raw, source, first)
    return metadata


def _value(raw: list[str], source: str, line: int) -> object:
    head, rest = raw[0].strip(), [r for r in raw[1:]]
    if not head and any(r.lstrip().startswith("- ") for r in rest):
        return _list(rest, source, line)
    if head[:1] in ("|", ">", "&", "*", "!", "{", "[") and head not in ("[]", "{}"):
        raise TranscriptError(source, f"front matter: {head[:1]!r} values are not supported here", line)
    if head in ("[]", "{}"):
        return [] if head == "[]" else {}
    text = _fold([head] + [r.strip() for r in rest])
    if text.startswith('"'):
        return _unquote_double(text, source, line)
    if text.startswith("'"):
        return _unquote_single(text, source, line)
    return text.split(" #", 1)[0].strip()


def _list(rest: list[str], source: str, line: int) -> list[str]:
    items = []
    for offset, item in enumerate(rest, 1):
        stripped = item.strip()
        if stripped.startswith("- "):
            items.append(_value([stripped[2:]], source, line + offset))
        elif stripped:
            raise TranscriptError(source, "front matter: expected `- item`", line + offset)
    return items


def _fold(parts: list[str]) -> str:
    """YAML line folding: a line break is a space, a blank line is a line break."""
    folded = ""
    for part in parts:
        if not part:
            folded += "\n"
        elif not folded or folded.endswith("\n"):
            folded += part
        elif folded.endswith("\\") and folded.startswith('"'):
            folded = folded[:-1] + part  # escaped line break: joined without a space
        else:
            folded += " " + part
    return folded.strip("\n")


def _unquote_double(text: str, source: str, line: int) -> str:
    if len(text) < 2 or not text.endswith('"'):
        raise TranscriptError(source, "front matter: unclosed double quote", line)
    return _ESCAPE.sub(_unescape, text[1:-1])


def _unescape(match: re.Match[str]) -> str:
    code = match[1] or match[2] or match[3]
    if code:
        return chr(int(code, 16))
    return _ESCAPES.get(match[4], match[0])


def _unquote_single(text: str, source: str, line: int) -> str:
    if len(text) < 2 or not text.endswith("'"):
        raise TranscriptError(source, "front matter: unclosed single quote", line)
    return text[1:-1].replace("''", "'")
