"""The dictionary layer (bot.search.translations): CC-CEDICT senses as the index's terms, kept
only for what interviews held in one language can match."""

from __future__ import annotations

import sqlite3

import pytest

from bot.search.normalize import chinese_term_set, english_terms, fold
from bot.search.translations import TRANSLATIONS_TABLE, Translations, build_translations, dictionary_entries, sense_terms


def stems(text: str) -> set[str]:
    return set(english_terms(fold(text)))


@pytest.fixture(scope="module")
def translations():
    """A table for an English-only interview about coaching and hallucinations, and a
    Chinese-only one about privacy."""
    conn = sqlite3.connect(":memory:")
    english = stems("my coach said models hallucinate and hallucination is a trap; a terrible trap")
    rows = build_translations(conn, english, chinese_term_set("资料隐私是每个使用者的权利"))
    assert rows > 0
    yield Translations(conn)
    conn.close()


@pytest.mark.parametrize("sense, words", [
    ("to recruit", "recruit"),
    ("(computer) software", "software"),
    ("sports coach", "sports coach"),
])
def test_a_short_sense_becomes_the_index_stems(sense, words):
    assert sense_terms(sense) == tuple(english_terms(fold(words)))


@pytest.mark.parametrize("sense", ["CL:個|个[ge4]", "variant of 逾[yu2]", "surname Li", "see 陷阱[xian4 jing3]",
                                   "to invite applications for a job", "of"])
def test_classifiers_references_definitions_and_function_words_are_no_translation(sense):
    assert sense_terms(sense) == ()


def test_the_dictionary_ships_inside_its_package():
    senses = dict(entry for entry in dictionary_entries() if entry[0] == "幻觉")["幻觉"]
    assert "hallucination" in senses


def test_a_chinese_word_gets_the_senses_the_interview_can_match(translations):
    assert ("trap",) in translations.english("陷阱")
    assert sense_terms("terrible") in translations.english("可怕")  # a later sense ("awful" comes first)
    assert translations.english("天气") == ()  # "weather": this interview never says it


def test_an_english_word_gets_the_chinese_words_the_interview_has(translations):
    assert "隐私" in translations.chinese(sense_terms("privacy")[0])
    assert translations.chinese(sense_terms("weather")[0]) == ()


def test_the_dictionary_tells_where_the_words_of_a_query_begin(translations):
    query = "可怕的陷阱"
    assert [query[start:end] for start, end in translations.words_in(query)] == ["可怕", "陷阱"]


def test_a_library_held_in_both_languages_gets_no_table_rows():
    conn = sqlite3.connect(":memory:")
    assert build_translations(conn, set(), set()) == 0
    assert conn.execute(f"SELECT count(*) FROM {TRANSLATIONS_TABLE}").fetchone() == (0,)
    assert Translations(conn).english("陷阱") == () and Translations(conn).words_in("可怕的陷阱") == []


def test_a_database_without_the_table_translates_nothing():
    assert Translations(sqlite3.connect(":memory:")).english("陷阱") == ()
    assert Translations(None).chinese("trap") == ()
