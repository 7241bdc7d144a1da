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


# An interview held in English, one held in Chinese, and one in both (as the seed is).
HELD_IN_ONE_LANGUAGE = [
    TurnSpec("Did a coach help you when you felt trapped in your career?", role="host", interview="career"),
    TurnSpec("Yes. Feeling trapped in a job you hate is a terrible trap; my coach got me out.", interview="career"),
    TurnSpec("", zh="资料隐私是每个使用者的权利，设计产品时必须先想到隐私。", interview="keji"),
    TurnSpec("That gym is a terrible trap for beginners.", zh="那家健身房对新手很不友好。", interview="both"),
    TurnSpec("Privacy matters to every user.", zh="每个用户都在乎这件事。", interview="both"),
    TurnSpec("A trap, said the gym owner.", zh="老板说这是个陷阱。", interview="both"),
]


@pytest.fixture(scope="module")
def held_service(tmp_path_factory):
    db = write_corpus(tmp_path_factory.mktemp("held") / "held.db", HELD_IN_ONE_LANGUAGE, TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as opened:
        yield opened


@pytest.mark.parametrize("query", ["可怕的陷阱", "可怕的陷阱是什么？", "工作 可怕陷阱"])
def test_a_chinese_query_finds_an_interview_held_in_english(held_service, query):
    outcome = held_service.search(query, limit=5)
    assert [hit.turn_id for hit in outcome.hits][:1] == [2]
    assert 2 in {hit.turn_id for hit in outcome.hits} and outcome.hits[0].field == "en"
    # the English words the dictionary found are the ones shown in bold
    start, end = outcome.hits[0].spans["en"]
    assert "trap" in HELD_IN_ONE_LANGUAGE[1].en[start:end]


@pytest.mark.parametrize("query", ["data privacy", "privacy of users"])
def test_an_english_query_finds_an_interview_held_in_chinese(held_service, query):
    hits = held_service.search(query, limit=5).hits
    assert 3 in [hit.turn_id for hit in hits]
    start, end = next(hit for hit in hits if hit.turn_id == 3).spans["zh"]
    assert "隐私" in HELD_IN_ONE_LANGUAGE[2].zh[start:end]


def test_a_translation_never_counts_where_the_interview_has_the_query_language(held_service):
    # "both" says "terrible trap" in its English but not 可怕的陷阱 in its Chinese: a Chinese query
    # is judged on that interview's Chinese, as before the dictionary.
    assert [hit.turn_id for hit in held_service.search("可怕的陷阱", limit=10).hits] == [2]
    # and the reverse: "both" says privacy in English, its Chinese lacks 隐私
    assert [hit.turn_id for hit in held_service.search("隐私", limit=10).hits] == [3]
    # nor is a sense shown in bold where it could not count: 陷阱 is in "both"'s Chinese, and
    # its English "trap" stays plain there, while the English-held interview's is bold
    hits = {hit.turn_id: hit for hit in held_service.search("陷阱", limit=10).hits}
    assert set(hits) >= {2, 6} and "en" not in hits[6].spans and "zh" in hits[6].spans
    assert "en" in hits[2].spans


def test_an_off_topic_chinese_query_finds_nothing_in_an_english_interview(held_service):
    assert held_service.search("明天上海会下雨吗").hits == []
    assert held_service.search("感冒了喝什么汤好").hits == []
