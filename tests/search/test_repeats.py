"""Cold opens (bot.search.repeats): an opening clip said again later is searched once, later."""

from __future__ import annotations

from bot.search.repeats import OPENING_TURNS, repeated_openings
from bot.transcripts.reader import read_transcript
from tests.transcripts.helpers import LENNY, shared

from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus

CLIP = "I think that's a terrible trap. It's a terrible outcome to wake up one day and realize you never chose."
ANSWER = f"Well, people drift for years. {CLIP.replace('. It', ', it')} So I ask them to write it down."
INTRO = "Today my guest is Ada. She coaches founders. Let's get into it, welcome to the podcast."


def test_an_opening_clip_the_same_speaker_says_again_later_is_a_repeat():
    turns = [(1, "Ada", CLIP), (2, "Lenny", INTRO), (3, "Lenny", "How do people drift?"), (4, "Ada", ANSWER)]
    assert repeated_openings(turns) == {1}


def test_no_repeat_by_another_speaker_too_short_or_past_the_opening():
    assert repeated_openings([(1, "Lenny", CLIP), (2, "Ada", ANSWER)]) == set()  # the host quoting her
    assert repeated_openings([(1, "Ada", "A terrible trap."), (2, "Ada", ANSWER)]) == set()  # too few words to tell
    late = [(i, "Lenny", f"Question number {i} about something else entirely today.") for i in range(OPENING_TURNS)]
    assert repeated_openings([*late, (99, "Ada", CLIP), (100, "Ada", ANSWER)]) == set()


def test_a_real_episode_s_cold_open_is_found():
    transcript = read_transcript(shared(LENNY / "ada-chen-rekhi" / "transcript.md"))
    turns = [(i, turn.speaker, turn.text) for i, turn in enumerate(transcript.turns)]
    repeats = repeated_openings(turns)
    assert repeats and all(i < OPENING_TURNS for i in repeats)
    assert any("terrible" in transcript.turns[i].text for i in repeats)


def test_search_shows_the_conversation_not_its_cold_open(tmp_path):
    turns = [TurnSpec(CLIP), TurnSpec(INTRO, role="host"), TurnSpec("How do people drift?", role="host"),
             TurnSpec(ANSWER)]
    db = write_corpus(tmp_path / "cold.db", turns, [TopicSpec("general", "General", "综合")])
    with opened_search(db, semantic=False, cache_size=0) as service:
        assert [hit.turn_id for hit in service.search("terrible trap wake up one day").hits] == [4]
