"""Cold opens: an episode's opening clips, heard again later in the conversation.

Many podcasts open with a few seconds of the guest from later on ("It's a terrible outcome to
wake up one day…"), before the host's introduction; a search would show that passage twice,
the clip and the conversation it came from. A turn among an interview's first few is a repeat
when most of its word runs (SHINGLE words long; SAMPLES of them, spread over it) occur again in
the same speaker's later turns (one, or several: a clip may splice two moments); the search
indexes those later turns only. The clip stays in the transcript as read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

OPENING_TURNS = 10  # where a cold open can be: the first turns of an interview
SHINGLE = 6  # words per run: a run of six repeated by chance is rare in one conversation
REPEATED_SHARE = 0.6  # of a turn's runs found in one later turn: transcribers differ in a word or two
MIN_RUNS = 3  # a turn shorter than this has too few runs to tell (about eight words)
SAMPLES = 8  # runs of a turn looked for, spread over it: enough to tell, few enough for a library
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def repeated_openings(turns: Sequence[tuple[int, str, str]]) -> set[int]:
    """Ids of the opening turns (id, speaker, text) of ONE interview, in order, that a later
    turn of the same speaker says again."""
    opening = [(at, turn_id, speaker, _samples(text)) for at, (turn_id, speaker, text) in enumerate(turns[:OPENING_TURNS])]
    opening = [entry for entry in opening if entry[3]]
    if not opening:
        return set()
    speakers = {speaker for _, _, speaker, _ in opening}
    # Each later turn of those speakers as one string of its words: a run is a substring test.
    spoken = {i: _words(text) for i, (_, speaker, text) in enumerate(turns) if speaker in speakers}
    repeats = set()
    for at, turn_id, speaker, samples in opening:
        later = [spoken[i] for i in range(at + 1, len(turns)) if i in spoken and turns[i][1] == speaker]
        # A clip may splice two moments ("A lot of people assume…" + "the product managers that do
        # best…"): its runs are looked for in all the speaker's later turns, not in one.
        if sum(any(sample in text for text in later) for sample in samples) >= REPEATED_SHARE * len(samples):
            repeats.add(turn_id)
    return repeats


def by_interview(rows: Iterable[tuple[int, int, str, str]]) -> set[int]:
    """`repeated_openings` of every interview in (id, interview id, speaker, text) rows in id order."""
    repeats: set[int] = set()
    current: list[tuple[int, str, str]] = []
    interview = None
    for turn_id, interview_id, speaker, text in rows:
        if interview_id != interview and current:
            repeats |= repeated_openings(current)
            current = []
        interview = interview_id
        current.append((turn_id, speaker, text))
    return repeats | (repeated_openings(current) if current else set())


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _samples(text: str) -> list[str]:
    """Up to SAMPLES of the text's runs of SHINGLE words, spread over it, each " a b c " so that
    a substring test matches whole words; none for a text of fewer than MIN_RUNS runs."""
    words = _WORD.findall(text.lower())
    runs = len(words) - SHINGLE + 1
    if runs < MIN_RUNS:
        return []
    starts = sorted({round(i * (runs - 1) / max(SAMPLES - 1, 1)) for i in range(min(SAMPLES, runs))})
    return [" " + " ".join(words[start:start + SHINGLE]) + " " for start in starts]
