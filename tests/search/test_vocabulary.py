"""Spelling corrections of the vocabulary (bot.search.vocabulary)."""

from bot.search.vocabulary import Vocabulary

EVERYDAY = {"kite", "sky", "feel"}


def _vocabulary() -> Vocabulary:
    rows = [(word, 1, word, 0) for word in ("lecun", "yann", "laws", "cite", "ski", "fell", "a")]
    return Vocabulary.build(rows, turn_count=10, ordinary=lambda word, _known: word in EVERYDAY)


def test_a_name_or_term_misspelled_as_it_sounds_is_corrected_by_its_sound():
    vocabulary = _vocabulary()
    assert [word for word, _ in vocabulary.corrections("lekun")] == ["lecun"]
    assert [word for word, _ in vocabulary.corrections("lawz")] == ["laws"]


def test_an_everyday_word_or_a_run_of_one_letter_is_no_misspelling_by_sound():
    vocabulary = _vocabulary()
    for word in ("kite", "sky", "feel", "aaaaaaa"):  # cite, ski, fell, a sound alike
        assert vocabulary.corrections(word) == [], word


def test_two_neighbouring_letters_swapped_are_corrected_but_not_in_an_everyday_word():
    rows = [(word, 1, word, 0) for word in ("word", "gpt", "calm", "lesson")]
    vocabulary = Vocabulary.build(rows, turn_count=10, ordinary=lambda word, _known: word in {"clam"})
    for typed, meant in (("wrod", "word"), ("gtp", "gpt"), ("lesosn", "lesson")):
        assert [word for word, _ in vocabulary.corrections(typed)] == [meant], typed
    assert vocabulary.corrections("clam") == []  # a word of its own, not "calm" mistyped
