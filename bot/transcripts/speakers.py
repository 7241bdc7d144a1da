"""Speaker labels: what looks like a name, which labels are anonymous, and the speaker map.

How labels are matched (one rule for every format):

- Labels are compared after collapsing runs of spaces and, by default (`ignore_case=True`),
  ignoring case: "LENNY RACHITSKY" and "Lenny Rachitsky" are one label. Within one file, labels
  that differ only so are one speaker, shown in the first spelling that is not ALL CAPS (else
  the first spelling).
- A map key names the label it matches: `{"SPEAKER_00": "Ada Lovelace"}`.
- A label that matches a map *value* takes that value's spelling, so one show-wide map
  `{"Lenny": "Lenny Rachitsky"}` also turns "LENNY RACHITSKY" into "Lenny Rachitsky".
- Two labels mapped to one name are one speaker ("Bekah" and "Bekah Hawrot Weigel"), and
  their consecutive turns merge. Nothing is joined by guesswork: `suggest_speaker_map` only
  proposes such joins for a person (or a CLI) to confirm.
- With `ignore_case=False` keys and labels must match exactly (spaces still collapse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Placeholders a diariser or transcription service writes when it cannot name a speaker:
# WhisperX/pyannote "SPEAKER_00", Otter/Rev "Speaker 1", AssemblyAI "A", Deepgram's numbers
# (read as "Speaker 0"), one speaker per audio channel ("Channel 1").
_ANONYMOUS = re.compile(r"(?:(?:speaker|spk|channel)[ _-]?)?\d{1,3}|[a-z]", re.IGNORECASE)
# Lower-case words allowed inside a name ("Eeke de Milliano", "Ludwig van Beethoven").
_PARTICLES = frozenset("al bin da das de del della den der di dos du la le st. ten ter van von y zu".split())
_NAME_WORD = re.compile(r"[\w'’‘“”\".()-]+")
_SUFFIX = re.compile(r", (?:Jr|Sr|II|III|IV|PhD|MD)\.?$")  # "Mike Maples, Jr."
_MAX_NAME_WORDS = 5
_MAX_NAME_LENGTH = 40


def is_anonymous(label: str) -> bool:
    return _ANONYMOUS.fullmatch(label.strip()) is not None


def looks_like_name(text: str) -> bool:
    """Whether `text` (what stands before a `:`) can be a speaker label rather than a sentence.

    Used where only the text tells a label from speech (`Name:` in SRT cues, plain-text lines):
    "Bekah", "Dan Ott", "Eeke de Milliano", "Andrew ‘Boz’ Bosworth", "Mike Maples, Jr.",
    "SPEAKER_00" pass; "start off with asking a question", "Two is", "10" do not.
    """
    words = _SUFFIX.sub("", text).split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS or len(text) > _MAX_NAME_LENGTH:
        return False
    if not words[0][0].isalpha() or not _capitalised(words[0]):  # "10: 00 PM" is a time
        return False
    return all(
        _NAME_WORD.fullmatch(word) and (_capitalised(word) or word.lower() in _PARTICLES)
        for word in words
    )


def _capitalised(word: str) -> bool:
    first = word.lstrip("(‘“\"'")[:1]  # "(JZ)", "‘Boz’"
    # `not islower` rather than `isupper`, so scripts without case (Chinese names) pass.
    return first.isdigit() or (first.isalpha() and not first.islower())


class SpeakerMap:
    """Labels as written in a file -> the speakers' names (see the module docstring)."""

    def __init__(self, names: Mapping[str, str] | None = None, *, ignore_case: bool = True):
        self.ignore_case = ignore_case
        self.names = dict(names or {})
        self._by_key: dict[str, str] = {}
        for label, name in self.names.items():
            if not label.strip() or not name.strip():
                raise ValueError(f"speaker map entry {label!r}={name!r}: label and name must not be empty")
            # Values first, so that an explicit key wins over a value spelled the same way.
            self._by_key.setdefault(self.key(name), " ".join(name.split()))
        for label, name in self.names.items():
            self._by_key[self.key(label)] = " ".join(name.split())

    @classmethod
    def of(cls, speakers: SpeakerMap | Mapping[str, str] | None) -> SpeakerMap:
        return speakers if isinstance(speakers, SpeakerMap) else cls(speakers)

    def key(self, label: str) -> str:
        spaced = " ".join(label.split())
        return spaced.casefold() if self.ignore_case else spaced

    def lookup(self, label: str) -> str | None:
        return self._by_key.get(self.key(label))

    def resolve(self, labels: Iterable[str]) -> dict[str, str]:
        """Each label (as written) -> the speaker name it stands for in this file."""
        groups: dict[str, list[str]] = {}
        for label in labels:
            groups.setdefault(self.key(label), []).append(label)
        resolved: dict[str, str] = {}
        for spellings in groups.values():
            name = self.lookup(spellings[0]) or _display_spelling(spellings)
            resolved.update(dict.fromkeys(spellings, name))
        return resolved


def _display_spelling(spellings: list[str]) -> str:
    readable = [s for s in spellings if not s.isupper()]
    return " ".join((readable or spellings)[0].split())


def suggest_speaker_map(labels: Iterable[str]) -> dict[str, str]:
    """Short labels that are the first word(s) of exactly one longer label: a join to confirm.

    `["Bekah Hawrot Weigel", "Dan Ott", "Bekah", "Dan"]` -> `{"Bekah": "Bekah Hawrot Weigel",
    "Dan": "Dan Ott"}`. A short label that fits two long ones ("Dan" with "Dan Ott" and
    "Dan Abramov") is left out: only a person knows which one is meant.
    """
    unique = list(dict.fromkeys(" ".join(label.split()) for label in labels))
    suggestions: dict[str, str] = {}
    for short in unique:
        words = short.casefold().split()
        longer = [
            label for label in unique
            if len(label.split()) > len(words) and label.casefold().split()[: len(words)] == words
        ]
        if len(longer) == 1:
            suggestions[short] = longer[0]
    return suggestions
