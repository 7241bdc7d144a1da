"""The pure reply logic's input cleaning: what users type becomes a query fit to search and echo."""

import pytest

from bot.replies import clean_query


@pytest.mark.parametrize(("typed", "query"), [
    ('"the bitter lesson"', "the bitter lesson"),
    ("“幻觉”", "幻觉"),
    ("「預測就是壓縮」", "預測就是壓縮"),
    ('"scaling" and "data"', '"scaling" and "data"'),  # two quoted phrases: not one pair
    ('""', '""'),
    ("scal\u202eing\u200b  laws\n", "scaling laws"),  # RTL override, zero-width space, newline
])
def test_clean_query(typed, query):
    assert clean_query(typed) == query
