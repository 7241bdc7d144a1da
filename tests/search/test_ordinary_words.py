"""Everyday words and names (bot.search.ordinary_words): which query words no interview has are
ordinary English (a paraphrase's) and which are names or terms the library lacks."""

from __future__ import annotations

import sqlite3

import pytest

from bot.search.normalize import stem
from bot.search.ordinary_words import OrdinaryWords, build_ordinary_words


@pytest.fixture(scope="module")
def ordinary():
    conn = sqlite3.connect(":memory:")
    assert build_ordinary_words(conn) > 40_000
    yield OrdinaryWords(conn)
    conn.close()


@pytest.mark.parametrize("word", ["sluggish", "manners", "speedy", "doomed", "fabrication", "photo", "novel"])
def test_everyday_words_are_ordinary(ordinary, word):
    assert ordinary.is_ordinary(stem(word))


@pytest.mark.parametrize("word", [
    "labelers", "steerable",  # a dictionary word with an ending
    "bitstream", "deepfake",  # two joined
    "don't", "won't",  # contractions, as a query's stems have them
    "gpt4", "2023",  # numbers and versions are no names
    "btw", "gonna", "yep", "nope", "okay", "pls",  # how people write in chats
    "behaviour", "realised", "favourite", "centre",  # British spellings
    "vibes", "memes",  # plurals whose stem drops the e
])
def test_endings_joined_words_contractions_and_numbers_are_ordinary(ordinary, word):
    assert ordinary.is_ordinary(stem(word))


@pytest.mark.parametrize("word", ["anthropic", "sora", "devday", "pytorch", "dnnresearch", "kasparov"])
def test_names_and_terms_are_not(ordinary, word):
    assert not ordinary.is_ordinary(stem(word))


def test_a_library_word_with_an_ending_is_ordinary(ordinary):
    assert not ordinary.is_ordinary("rnns")
    assert ordinary.is_ordinary("rnns", known=lambda base: base == "rnn")


def test_without_the_table_every_word_is_ordinary():
    assert OrdinaryWords(sqlite3.connect(":memory:")).is_ordinary("anthropic")
    assert OrdinaryWords(None).is_ordinary("sora")


def test_chinese_words_are_everyday_words_or_names_and_a_seam_is_neither(ordinary):
    assert ordinary.chinese_word("生气") == "everyday" and ordinary.chinese_word("学生") == "everyday"
    assert ordinary.chinese_word("悉尼") == "name"  # Sydney: its senses are capitalized
    assert ordinary.chinese_word("尼生") is None  # the seam of 悉尼生气
    assert OrdinaryWords(None).chinese_word("生气") is None  # without the table: no word known

