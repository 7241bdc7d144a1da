"""Search over several interviews: narrowing to one, and no exchange or evidence across two."""

from __future__ import annotations

import pytest

from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus

TOPICS = [TopicSpec("general", "General", "综合")]
TURNS = [
    TurnSpec("Which chips do you train on, the Cerebras wafer?", role="host", interview="alpha"),
    TurnSpec("All our hardware comes from Azure and the GPUs they provide.", interview="alpha"),
    # The next interview's first turn sits next to alpha's last one, in a topic of the same key.
    TurnSpec("Our vineyard grows grapes on volcanic soil near the coast.", role="host", interview="beta"),
    TurnSpec("We pick the grapes by hand in September, and Azure skies help.", interview="beta"),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    db = write_corpus(tmp_path_factory.mktemp("library") / "library.db", TURNS, TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as opened:
        yield opened


def test_a_search_can_be_narrowed_to_one_interview(service):
    everywhere = {hit.turn_id for hit in service.search("azure", limit=10).hits}
    assert everywhere == {2, 4}
    assert [hit.turn_id for hit in service.search("azure", interview="beta", limit=10).hits] == [4]
    assert service.search("cerebras", interview="beta", limit=10).hits == []


def test_an_exchange_never_spans_two_interviews(service):
    # Hardware is in alpha's last turn, the vineyard in beta's first, the next turn id, in a
    # topic with the same key: within one interview they would be one exchange.
    assert service.search("hardware vineyard", limit=10).hits == []
    # Within alpha the question's Cerebras and the answer's Azure are one exchange.
    assert {hit.turn_id for hit in service.search("cerebras azure", limit=10).hits} == {1, 2}
