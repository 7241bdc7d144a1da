"""Speaker labels: what looks like a name, anonymous placeholders, the speaker map."""

from __future__ import annotations

import pytest

from bot.transcripts import SpeakerMap, is_anonymous, suggest_speaker_map
from bot.transcripts.speakers import looks_like_name


@pytest.mark.parametrize(
    "text", ["Bekah", "Dan Ott", "Eeke de Milliano", "Ramón", "Debra-Kaye", "Jiaona Zhang (JZ)", "SPEAKER_00", "Speaker 3", "张三", "Dr. Smith",
     "Andrew ‘Boz’ Bosworth", "Mike Maples, Jr."]
)
def test_names(text):
    assert looks_like_name(text)


@pytest.mark.parametrize(
    "text", ["start off with asking a question", "Two is", "The solution", "10", "Yeah, so", "Okay, Dan", "", "A B C D E F", "x" * 41]
)
def test_not_names(text):
    assert not looks_like_name(text)


@pytest.mark.parametrize("label", ["SPEAKER_00", "Speaker 1", "speaker 12", "spk_0", "Channel 1", "A", "0"])
def test_anonymous(label):
    assert is_anonymous(label)


@pytest.mark.parametrize("label", ["Ada", "Unknown", "Lenny Rachitsky", "AB"])
def test_not_anonymous(label):
    assert not is_anonymous(label)


def test_keys_and_values_match_ignoring_case_and_spaces():
    speakers = SpeakerMap({"Lenny": "Lenny Rachitsky", "SPEAKER_00": "Ada Lovelace"})
    assert speakers.resolve(["LENNY", "lenny  rachitsky", "speaker_00", "Bob"]) == {
        "LENNY": "Lenny Rachitsky",
        "lenny  rachitsky": "Lenny Rachitsky",
        "speaker_00": "Ada Lovelace",
        "Bob": "Bob",
    }


def test_exact_matching_when_asked():
    speakers = SpeakerMap({"Lenny": "Lenny Rachitsky"}, ignore_case=False)
    assert speakers.resolve(["LENNY", "Lenny"]) == {"LENNY": "LENNY", "Lenny": "Lenny Rachitsky"}


def test_case_variants_in_one_file_are_one_speaker_in_a_readable_spelling():
    assert SpeakerMap().resolve(["KUNAL SHAH", "Kunal Shah", "kunal shah"]) == dict.fromkeys(
        ["KUNAL SHAH", "Kunal Shah", "kunal shah"], "Kunal Shah"
    )


def test_a_key_wins_over_a_value_spelled_the_same():
    speakers = SpeakerMap({"Dan": "Dan Ott", "Dan Ott": "Daniel Ott"})
    assert speakers.lookup("dan ott") == "Daniel Ott"


def test_empty_entries_are_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        SpeakerMap({"SPEAKER_00": " "})


def test_suggestions_join_only_unambiguous_short_names():
    labels = ["Bekah Hawrot Weigel", "Dan Ott", "Bekah", "Dan", "Kirk", "Kirk Shillingford", "Sam", "Sam Lee", "Sam Roe"]
    assert suggest_speaker_map(labels) == {"Bekah": "Bekah Hawrot Weigel", "Dan": "Dan Ott", "Kirk": "Kirk Shillingford"}
    assert suggest_speaker_map(["lenny", "Lenny Rachitsky"]) == {"lenny": "Lenny Rachitsky"}
