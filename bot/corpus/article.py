"""Reading `article.md`: an edited Chinese translation in speaker turns under bold headings.

Only the annotated interview range is parsed. Inside it a block (lines between blank lines)
is one of: a section heading (`**标题**` alone), a speaker paragraph starting with a known
label (`**Ilya**` / `**主持人**`, the text after it on the same or the next line, led by
"："), or a continuation paragraph of the same speaker. Lines are hard-wrapped mid-sentence,
so they are joined back: with a space only between two Latin letters/digits
("Jeff\\nHinton" -> "Jeff Hinton"), with nothing otherwise ("AI\\n似乎" -> "AI似乎").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_lines

_BOLD_START = re.compile(r"^\*\*(?P<name>[^*]+)\*\*\s*(?P<rest>.*)$")
_LABEL_COLONS = "：:"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of joined text; `char_lines[i]` is the file line of `text[i]`."""

    label: str | None  # the speaker label it starts with, or None for a continuation
    text: str
    char_lines: tuple[int, ...]

    @property
    def first_line(self) -> int:
        return self.char_lines[0]

    def lines_of(self, start: int, end: int) -> tuple[int, ...]:
        """File lines holding the non-blank characters of `text[start:end]`, in order."""
        seen: dict[int, None] = {}
        for index in range(start, end):
            if not self.text[index].isspace():
                seen[self.char_lines[index]] = None
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Article:
    path: Path
    line_count: int
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[tuple[int, str], ...]  # (line, heading text) in order
    label_lines: tuple[int, ...]  # lines that hold a speaker label and no text
    byline: str = ""  # who the article is by (its front matter's 文章作者/作者/来源 line), "" if none


def read_article(path: Path, start: int, end: int, labels: Mapping[str, str]) -> Article:
    """Parse lines `start`..`end` (1-based, inclusive) of `path` into headings and paragraphs;
    its byline comes from the front matter before `start`."""
    lines = read_seed_lines(path)
    if not 1 <= start <= end <= len(lines):
        raise SeedError(path, f"annotated interview lines {start}-{end} are outside the file's {len(lines)} lines")
    _check_no_labels_outside(path, lines, start, end, labels)
    paragraphs: list[Paragraph] = []
    headings: list[tuple[int, str]] = []
    label_lines: list[int] = []
    for block in _blocks(lines, start, end):
        _parse_block(path, block, labels, paragraphs, headings, label_lines)
    if not paragraphs:
        raise SeedError(path, f"no interview text in lines {start}-{end}", start)
    return Article(path, len(lines), tuple(paragraphs), tuple(headings), tuple(label_lines), _byline(lines[:start - 1]))


# The bylines a Chinese article's front matter gives its author or source under.
_BYLINE = re.compile(r"\s*(?:文章作者|作者|来源|來源)\s*[:：]\s*(?P<name>\S(?:.*\S)?)\s*")


def _byline(front_matter: list[str]) -> str:
    return next((found["name"] for line in front_matter if (found := _BYLINE.fullmatch(line))), "")


def _check_no_labels_outside(path: Path, lines: list[str], start: int, end: int, labels: Mapping[str, str]) -> None:
    """A speaker label outside the interview lines means the annotated range cuts the interview."""
    for number, line in enumerate(lines, start=1):
        bold = _BOLD_START.match(line.strip())
        if not start <= number <= end and bold and bold["name"].strip() in labels:
            raise SeedError(path, f"speaker label {bold['name'].strip()!r} outside the annotated interview "
                            f"lines {start}-{end}", number)


def _blocks(lines: list[str], start: int, end: int) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines as (line number, stripped text); blank lines separate them."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number in range(start, end + 1):
        text = lines[number - 1].strip()
        if text:
            current.append((number, text))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _parse_block(path, block, labels, paragraphs, headings, label_lines) -> None:
    first_line, first_text = block[0]
    bold = _BOLD_START.match(first_text)
    if bold is None:  # no label: the previous speaker goes on
        paragraphs.append(_paragraph(path, None, block))
        return
    name, rest = bold["name"].strip(), bold["rest"]
    if name in labels:
        if not rest:
            label_lines.append(first_line)
        pieces = ([(first_line, rest)] if rest else []) + block[1:]
        if not pieces:
            raise SeedError(path, f"speaker label {name!r} has no text", first_line)
        paragraphs.append(_paragraph(path, name, pieces))
    elif len(block) == 1 and not rest:
        headings.append((first_line, name))
    else:
        raise SeedError(path, f"bold {name!r} is neither a known speaker label nor a heading on its own line", first_line)


def _paragraph(path: Path, label: str | None, pieces: list[tuple[int, str]]) -> Paragraph:
    """Join wrapped lines and drop the "：" that follows a speaker label."""
    chars: list[tuple[str, int]] = []
    for number, text in pieces:
        if chars and _latin(chars[-1][0]) and _latin(text[0]):
            chars.append((" ", chars[-1][1]))
        chars.extend((char, number) for char in text)
    if label is not None:
        while chars and (chars[0][0].isspace() or chars[0][0] in _LABEL_COLONS):
            chars.pop(0)
    if not chars:
        raise SeedError(path, "empty paragraph", pieces[0][0])
    return Paragraph(label, "".join(c for c, _ in chars), tuple(n for _, n in chars))


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
