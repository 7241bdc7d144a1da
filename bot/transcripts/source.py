"""Getting text out of a file: UTF-8 only, not empty, one kind of line ending; JSON decoding."""

from __future__ import annotations

import json
from pathlib import Path

from bot.transcripts.model import TranscriptError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_bytes(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise TranscriptError(path, f"cannot read the file: {error.strerror or error}") from None


def decode(data: bytes | str, source: str) -> str:
    """The file's text with `\\n` line endings and no BOM; raises for non-UTF-8 or empty input."""
    if isinstance(data, bytes):
        if data.startswith(_UTF16_BOMS):
            raise TranscriptError(source, "UTF-16 text, not UTF-8; save the file as UTF-8")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            byte = data[error.start]
            raise TranscriptError(
                source, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    # Line numbers in messages count `\n`; CRLF (the example WebVTT) and old-Mac CR both map to it.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptError(source, "empty file")
    return text


def load_json(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise TranscriptError(
            source, f"malformed JSON: {error.msg} (column {error.colno})", error.lineno
        ) from None
