"""Reading seed files as text or TOML, turning every failure into a `SeedError`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError


def read_seed_text(path: Path) -> str:
    """The file's UTF-8 text; missing, unreadable or non-UTF-8 files raise `SeedError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SeedError(path, "file is missing") from None
    except OSError as error:
        raise SeedError(path, f"cannot read file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError(path, f"not valid UTF-8 at byte {error.start}") from None


def read_seed_lines(path: Path) -> list[str]:
    """The file's lines without line endings; line N of the file is item N-1."""
    text = read_seed_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":  # a final newline does not start another line
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_seed_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML document; syntax errors raise `SeedError` with tomllib's position."""
    text = read_seed_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SeedError(path, f"invalid TOML: {error}") from None
