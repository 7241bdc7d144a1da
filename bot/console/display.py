"""Printing the conversation: who said what, the bot's buttons as numbered choices, notes.

Layout (each bot line indented under its label, so a transcript reads as a conversation)::

    you: /quote scaling
    bot: Ilya Sutskever · Scaling
         ┃ …
         [1] ◀ Before  [2] After ▶
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from typing import TextIO

from bot.console.rich_text import terminal_lines, text_width

INDENT = " " * 5
SHORT_LABEL = len("bot:")


def buttons_of(message: dict) -> list[dict]:
    """The message's inline buttons in reading order: the numbers the console shows."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def inline_choices(results: list[dict], button: dict | None) -> list[dict]:
    """An inline answer's choices in the order shown: the button above the results first."""
    return ([button] if button else []) + results


@dataclass
class Screen:
    """Where the conversation goes: stdout, with the terminal's width and (on a tty) colours."""

    out: TextIO
    width: int = 100
    ansi: bool = False

    @classmethod
    def for_stdout(cls) -> "Screen":
        """Colours only on a terminal and without NO_COLOR (https://no-color.org)."""
        ansi = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        return cls(sys.stdout, shutil.get_terminal_size((100, 24)).columns, ansi)

    def block(self, label: str, lines: list[str]) -> None:
        """`label` then the lines, indented; a short label ("bot:") shares the first line."""
        lines = lines or [""]
        if len(label) <= SHORT_LABEL:
            printed = [f"{label:<{len(INDENT) - 1}} {lines[0]}".rstrip()] + [INDENT + line for line in lines[1:]]
        else:
            printed = [label] + [INDENT + line for line in lines]
        self._print("\n".join(line.rstrip() for line in printed))

    def you(self, line: str) -> None:
        """Your input, echoed when it came from a pipe (a terminal already shows it)."""
        self._print(f"you: {line}")

    def note(self, text: str) -> None:
        """Something a Telegram client would show without words: a press, a link, silence."""
        self._print(f"{INDENT}({text})")

    def message(self, label: str, message: dict) -> None:
        """A message's text as a client shows it, then its buttons."""
        content_width = self.width - len(INDENT)
        lines = terminal_lines(message.get("text", ""), message.get("entities", []), content_width, self.ansi)
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        self.block(label, lines + keyboard_lines(rows, content_width))

    def inline_results(self, query: str, results: list[dict], button: dict | None) -> None:
        """Inline results as numbered choices: each title, and its description below it."""
        lines: list[str] = []
        for number, choice in enumerate(inline_choices(results, button), start=1):
            lines.append(f"[{number}] {choice.get('title') or choice.get('text', '')}")
            if choice.get("description"):
                lines += ["    " + line for line in _shortened(choice["description"], self.width - 9)]
        if not lines:
            lines = ["(no results)"]
        self.block(f"bot (inline results for “{query}”):", lines)

    def _print(self, text: str) -> None:
        """One block of output, flushed so a terminal shows it at once."""
        print(text, file=self.out, flush=True)


def keyboard_lines(rows: list[list[dict]], width: int) -> list[str]:
    """Rows of `[n] label` choices, numbered across the whole keyboard; long rows wrap."""
    lines: list[str] = []
    number = 0
    for row in rows:
        line = ""
        for button in row:
            number += 1
            choice = f"[{number}] {button['text']}"
            if line and text_width(line) + 2 + text_width(choice) > width:
                lines.append(line)
                line = ""
            line = f"{line}  {choice}" if line else choice
        lines.append(line)
    return lines


def _shortened(text: str, width: int) -> list[str]:
    """A description on at most two lines, as Telegram's result list shows it."""
    lines = terminal_lines(text, [], max(width, 20), ansi=False)
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1].rstrip() + " …"]
