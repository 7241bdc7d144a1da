"""Greetings, thanks, goodbyes and reactions ("ok", "lol", an emoji alone): told apart from a search, so "hi" gets a pointer, not "nothing matches".

A message is small talk only when all of it is: every word one of the phrases (or fillers) of
bot/small_talk.toml, with at least one phrase, and nothing else but punctuation, emoji and
spaces. So "thanks!", "Hi there 👋" and "谢谢啦" are small talk, while "thanks for the scaling
quote" and "hallucinations thanks" are searches. The reply itself is a catalog text
(`small_talk.<kind>`, bot/i18n) naming the interview.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot.i18n import t, when
from bot.language import Language
from bot.render import Reply
from bot.services import Services

Kind = Literal["greeting", "thanks", "farewell", "reaction"]
KINDS: tuple[Kind, ...] = ("thanks", "greeting", "farewell", "reaction")  # a message with several kinds is the first
DATA = Path(__file__).with_name("small_talk.toml")
MAX_CHARS = 80  # longer than any run of small talk: a search (and no work spent on it)

_REPEATED_LETTER = re.compile(r"([^\W\d_])\1{2,}")  # "hiii" → "hi": three or more of a letter count once


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[tuple[str, ...], Kind | None], int]:
    """Every phrase and filler as its tokens → its kind (None: a filler), and the longest in tokens."""
    with DATA.open("rb") as file:
        data = tomllib.load(file)
    found: dict[tuple[str, ...], Kind | None] = {}
    for kind in KINDS:
        for phrase in data[kind]["phrases"]:
            found[tokens(phrase)] = kind
    for word in data["filler"]["words"]:
        found.setdefault(tokens(word), None)
    found.pop((), None)
    return found, max(len(key) for key in found)


def tokens(text: str) -> tuple[str, ...]:
    """Words of Latin letters or digits (case, accents and long letter runs aside) and single
    Chinese characters; everything else (punctuation, emoji, spaces) only separates them."""
    folded = _REPEATED_LETTER.sub(r"\1", unicodedata.normalize("NFKC", text).casefold())
    folded = "".join(ch for ch in unicodedata.normalize("NFD", folded) if unicodedata.category(ch) != "Mn")
    found: list[str] = []
    word: list[str] = []
    for ch in folded:
        if _is_han(ch):
            found += ["".join(word)] if word else []
            word = []
            found.append(ch)
        elif ch.isalnum():
            word.append(ch)
        else:
            found += ["".join(word)] if word else []
            word = []
    found += ["".join(word)] if word else []
    return tuple(found)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def small_talk_kind(text: str) -> Kind | None:
    """What `text` is when it is nothing but small talk, else None (a search)."""
    if not text or len(text) > MAX_CHARS:
        return None
    words = tokens(text)
    if not words:
        # Emoji alone ("👍", "❤️", "🙏") react as "ok" does; blank text or punctuation alone asks nothing.
        return "reaction" if any(unicodedata.category(ch) == "So" for ch in text) else None
    met = _reading(words)
    return next((kind for kind in KINDS if met and kind in met), None)


def only_chatter(text: str) -> bool:
    """Whether `text` holds no word but small talk and fillers ("hey", "请问", "hi guys"), perhaps
    none at all: the words before a name that addresses someone ("hey @QuoteBot, …")."""
    words = tokens(text)
    return len(text) <= MAX_CHARS and (not words or _reading(words) is not None)


def _reading(words: tuple[str, ...]) -> frozenset[Kind] | None:
    """The kinds met in some way of reading all of `words` as phrases and fillers (None: no way)."""
    phrases, longest = _phrases()
    # kinds[i]: the kinds met in some way of reading words[:i] as phrases and fillers (None: no way).
    kinds: list[frozenset[Kind] | None] = [frozenset()] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - longest), end):
            before = kinds[start]
            piece = tuple(words[start:end])
            if before is None or piece not in phrases:
                continue
            kind = phrases[piece]
            reading = before | {kind} if kind else before
            kinds[end] = reading if kinds[end] is None else kinds[end] | reading
    return kinds[len(words)]


def small_talk_reply(services: Services, text: str, language: Language) -> Reply | None:
    """The short answer to a message that is only small talk, naming the interview; else None."""
    kind = small_talk_kind(text)
    if kind is None:
        return None
    interviews = services.corpus.interviews()
    if not interviews:
        return Reply(t(language, "quote.empty"))
    if len(interviews) > 1:
        return Reply(t(language, f"small_talk.{kind}_many", count=len(interviews)))
    first = interviews[0]
    return Reply(t(language, f"small_talk.{kind}", title=first.title, when=when(language, first.date),
                   host=first.host, guest=first.guest))
