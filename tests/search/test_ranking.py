"""The order of scored turns (bot.search.ranking.ScoredTurn.sort_key)."""

from bot.search.ranking import ScoredTurn


def test_of_turns_that_score_alike_the_one_matched_in_the_readers_script_comes_first():
    """In the interview, a misspelled "scalling" scores "scaling" and the Chinese synonym 扩大规模 alike."""
    by_synonym = ScoredTurn(9, 95.0, 0.8, False, "zh", typed_script=False)
    by_word = ScoredTurn(10, 95.0, 0.8, False, "en")
    assert sorted([by_synonym, by_word], key=lambda s: s.sort_key, reverse=True) == [by_word, by_synonym]
    # A higher score still wins.
    better = ScoredTurn(9, 96.0, 0.8, False, "zh", typed_script=False)
    assert sorted([better, by_word], key=lambda s: s.sort_key, reverse=True) == [better, by_word]
