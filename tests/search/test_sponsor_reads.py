"""Sponsor reads inside a host's turn (bot.search.sponsor_reads): found, and never searched."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.search.index import VECTORS_TABLE
from bot.search.semantic import build_vectors
from bot.search.sponsor_reads import default_sponsor_reads, without_sponsor_reads
from bot.storage.schema import connect
from bot.transcripts.reader import read_transcript
from tests.transcripts.helpers import LENNY, VIRTUAL_COFFEE, shared

from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus
from .measure_left_out import lenny, virtual_coffee
from .test_semantic import CountingEmbedder

READ = ("This episode is brought to you by Sprig. Sprig lets product teams uncover blind spots fast. "
        "Just go to sprig.com/templates. That's sprig.com/templates.")
HOST_TURN = f"Thank you for sharing that.\n{READ}\nSo how did you pick your first manager?"


def reads_in(text: str) -> list[str]:
    return [text[start:end] for start, end in default_sponsor_reads().spans(text)]


def test_a_read_runs_from_its_opener_and_the_conversation_around_it_stays():
    assert reads_in(HOST_TURN) == [READ]
    assert without_sponsor_reads(HOST_TURN) == "Thank you for sharing that.\nSo how did you pick your first manager?"


def test_a_read_ends_where_the_host_talks_again_within_its_paragraph():
    turn = f"{READ} Now, back to careers. How did you pick your first manager? And why?"
    assert without_sponsor_reads(turn) == "Now, back to careers. How did you pick your first manager? And why?"


def test_the_next_paragraphs_naming_the_sponsor_go_on_with_the_read():
    turn = (f"{READ}\nI especially love that Sprig builds templates for product teams.\n"
            "Let's get into it. Ada, welcome to the podcast. It is great to have you.")
    assert without_sponsor_reads(turn) == "Let's get into it. Ada, welcome to the podcast. It is great to have you."


def test_one_break_of_several_ads_is_left_out_whole():
    turn = ("Today my guest is April.\n"
            "This episode is brought to you by Composer. Composer automates your trades. Head to composer.trade. "
            "That's composer.trade. This episode is brought to you by Eppo. Eppo is an AB testing platform. Companies "
            "rely on Eppo. Running experiments is essential. Internal tools waste time.\n"
            "When I was at Airbnb I loved our experimentation platform. Eppo does all that and more.\n"
            "You fell in love with building products for a reason. Sometimes the reality is different.\n"
            "Try Jira Product Discovery for free at atlassian.com/lenny. That's atlassian.com/lenny.\n"
            "April, welcome to the podcast.")
    assert without_sponsor_reads(turn) == "Today my guest is April.\nApril, welcome to the podcast."


def test_a_call_to_action_is_a_read_without_any_opener():
    turn = ("Great question.\nJoin thousands of leaders by visiting sidebar.com/lenny. That's sidebar.com/lenny.\n"
            "So where did you grow up?")
    assert reads_in(turn) == ["Join thousands of leaders by visiting sidebar.com/lenny. That's sidebar.com/lenny."]


@pytest.mark.parametrize("talk", [
    "Boston Ruby Women got sponsored by thoughtbot, so we would meet at their office.",
    "We are not sponsored by Audible. No, we won't be.",
    "You can find my book at aprildunford.com/books and my newsletter on Substack.",
    "This idea was brought up by my manager.",
])
def test_talk_about_sponsors_or_a_guest_s_own_page_is_not_a_read(talk):
    assert reads_in(talk) == []


def test_a_chinese_read_is_found_too():
    turn = "欢迎收听。\n本期节目由某某公司赞助。访问 example.com/podcast 了解更多。\n我们开始吧，你是怎么进入这个行业的？"
    assert without_sponsor_reads(turn) == "欢迎收听。\n我们开始吧，你是怎么进入这个行业的？"
    traditional = "歡迎收聽。本期節目由某某公司贊助。\n我們開始吧。"
    assert without_sponsor_reads(traditional) == "歡迎收聽。\n我們開始吧。"


@pytest.mark.parametrize(("turn", "kept"), [
    # an opener naming no sponsor is its own sentence only
    ("Well, the old show was brought to you by the network, so we had no say. We just did the work.",
     "We just did the work."),
    # a question right after the address is the host talking again
    (f"{READ} So, what made you start?", "So, what made you start?"),
    # "code" in a code base is no promo code, nor is a sponsor named inside another word
    (f"{READ}\nHow should people think about the kind of code base Sprigly tools plug into?",
     "How should people think about the kind of code base Sprigly tools plug into?"),
])
def test_a_read_stops_where_the_conversation_does(turn, kept):
    assert without_sponsor_reads(turn) == kept


def test_a_real_episode_loses_its_reads_and_none_of_the_guest_s_words():
    transcript = read_transcript(shared(LENNY / "ada-chen-rekhi" / "transcript.md"))
    by_speaker = {}
    for turn in transcript.turns:
        by_speaker.setdefault(turn.speaker, []).extend(reads_in(turn.text))
    host = by_speaker.pop("Lenny")
    assert any(read.startswith("This episode is brought to you by Sprig.") for read in host)
    assert all("sprig" not in without_sponsor_reads(turn.text).lower()
               for turn in transcript.turns if turn.speaker == "Lenny")
    assert not any(by_speaker.values())  # Ada's answers are untouched


@pytest.mark.slow
def test_most_of_a_podcast_s_advertising_is_found_and_almost_nothing_else():
    # tests/search/measure_left_out.py: 96.5% of the sponsors' addresses, 3.5% of the text.
    podcast = lenny()
    assert podcast.addresses_in_reads >= 0.95 * podcast.addresses
    assert podcast.characters_in_reads <= 0.05 * podcast.characters
    # Virtual Coffee has no host-read ads: only a sponsor's short spot may be cut.
    coffee = virtual_coffee()
    assert coffee.characters_in_reads <= 0.001 * coffee.characters
    assert all("codementor.io" in read for _, _, read in coffee.reads)


TOPICS = [TopicSpec("general", "General", "综合")]
TURNS = [TurnSpec(HOST_TURN, role="host"),
         TurnSpec("My first manager taught me to write everything down before a meeting.")]


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "ads.db", TURNS, TOPICS)


def test_search_never_answers_with_a_sponsor_read(corpus):
    with opened_search(corpus, semantic=False, cache_size=0) as service:
        assert service.search("uncover blind spots").hits == []
        assert service.search("sprig templates").hits == []
        assert 1 in {hit.turn_id for hit in service.search("pick your first manager").hits}


def test_no_passage_of_a_sponsor_read_is_embedded(corpus, tmp_path):
    db = shutil.copy(corpus, tmp_path / "vectors.db")
    with connect(db) as conn:
        build_vectors(conn, embedder=CountingEmbedder())
    with sqlite3.connect(db) as conn:
        embedded = " ".join(row[0] for row in conn.execute(f"SELECT passage FROM {VECTORS_TABLE}"))
    assert "first manager" in embedded and "Sprig" not in embedded


PIECES = [*"ab .?!\n。", "本期节目由", "赞助", "brought to you by ", "x.com/lenny ", "Sprig", "listeners ", "That's "]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_text_loses_only_whole_pieces_of_itself(text):
    kept = without_sponsor_reads(text)
    assert all(line in text for line in kept.split("\n"))
    assert len(kept) <= len(text)


def test_the_words_shown_in_bold_are_never_in_a_sponsor_read(tmp_path):
    turn = f"{READ}\nSo, which product teams did you coach first?"  # "product teams" in the ad, then asked
    db = write_corpus(tmp_path / "bold.db", [TurnSpec(turn, role="host"), TurnSpec("The first ones I coached.")], TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as service:
        hit = next(hit for hit in service.search("product teams").hits if hit.turn_id == 1)
    start, end = hit.spans["en"]
    assert start > turn.index("?") - 40 and turn[start:end].lower() == "product teams"
