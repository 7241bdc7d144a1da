"""Words in a group addressed to this bot by its @username: "@QuoteBot scaling", "scaling
@QuoteBot", "hey @QuoteBot, scaling", "请问@QuoteBot 缩放定律" are a search for the other words.
A message that names the bot in passing ("guys, try @QuoteBot: it finds anything Ilya said") is
the group's own talk and gets nothing: the name must open the message (after a greeting or a
"please" at most, bot/small_talk.py) or close it."""

from __future__ import annotations

import re

from bot.small_talk import only_chatter

# Telegram usernames are 5–32 Latin letters, digits and underscores; the name ends where they do,
# so Chinese written against it ("@QuoteBot缩放定律") still names it; an e-mail address does not.
_MENTION = re.compile(r"(?<![A-Za-z0-9_@.])@([A-Za-z0-9_]{1,32})(?![A-Za-z0-9_])")
_SEPARATORS = " \t\n,:;，：；、"  # between the name and the words: "@QuoteBot, scaling"


def addressed_words(text: str, username: str | None) -> str | None:
    """The words `text` addresses to `username` ("" when it is only the name); None when it
    does not address it: no mention of it, or one in passing."""
    if not username:
        return None
    for mention in _MENTION.finditer(text):
        if mention.group(1).lower() != username.lower():
            continue
        before, after = (_words(part) for part in (text[:mention.start()], text[mention.end():]))
        if only_chatter(before):
            return after
        if not after:
            return before
    return None


def _words(part: str) -> str:
    """`part` without the separators at its edges; "" when it has no letter or digit ("!")."""
    part = part.strip(_SEPARATORS)
    return part if any(ch.isalnum() for ch in part) else ""
