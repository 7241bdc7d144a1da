"""Text utilities: what users type becomes a query fit to search and echo; excerpts cut at word ends."""

import pytest

from bot.text import clean_query, excerpt, shorten


@pytest.mark.parametrize(("typed", "query"), [
    ('"the bitter lesson"', "the bitter lesson"),
    ("“幻觉”", "幻觉"),
    ("「預測就是壓縮」", "預測就是壓縮"),
    ('"scaling" and "data"', '"scaling" and "data"'),  # two quoted phrases: not one pair
    ('""', '""'),
    ("scal\u202eing\u200b  laws\n", "scaling laws"),  # RTL override, zero-width space, newline
    ("\x1b[31mscaling\x1b[0m", "scaling"),  # colour codes pasted from a terminal
    ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # the joiner keeps the emoji one family
    ("scal\u200ding\u200d", "scaling"),  # …and is dropped between letters
])
def test_clean_query(typed, query):
    assert clean_query(typed) == query


def test_excerpt_keeps_the_match_and_whole_words_around_it():
    text = "Before it all, ChatGPT was a research preview that nobody expected to matter."
    start = text.index("research")
    window = excerpt(text, (start, start + len("research")), (12, 12))
    assert window.match == "research"
    assert window.before == "…ChatGPT was a " and window.after.startswith(" preview that") and window.after.endswith("…")


def test_excerpt_without_a_span_is_the_start_and_lines_join():
    window = excerpt("第一行\n第二行很长很长", None, (5, 4), joiner="")
    assert window.plain() == "第一行…"  # four characters: the line and its break, joined without a space


def test_shorten_cuts_at_a_word_end():
    assert shorten("the bitter lesson of seventy years", 20) == "the bitter lesson…"
    assert shorten("short", 20) == "short"

