"""Cold opens: an episode's opening clips, heard again later in the conversation.

Many podcasts open with a few seconds of the guest from later on ("It's a terrible outcome to
wake up one day…"), before the host's introduction; a search would show that passage twice,
the clip and the conversation it came from. A turn among an interview's first few is a repeat
when most of its word runs (SHINGLE words long) occur again in one later turn of the same
speaker; the search indexes the later one only. The clip stays in the transcript as read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

OPENING_TURNS = 10  # where a cold open can be: the first turns of an interview
SHINGLE = 6  # words per run: a run of six repeated by chance is rare in one conversation
REPEATED_SHARE = 0.6  # of a turn's runs found in one later turn: transcribers differ in a word or two
MIN_RUNS = 3  # a turn shorter than this has too few runs to tell (about eight words)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def repeated_openings(turns: Sequence[tuple[int, str, str]]) -> set[int]:
    """Ids of the opening turns (id, speaker, text) of ONE interview, in order, that a later
    turn of the same speaker says again."""
    runs = [_runs(text) for _, _, text in turns]
    repeats = set()
    for at, (turn_id, speaker, _) in enumerate(turns[:OPENING_TURNS]):
        own = runs[at]
        if len(own) < MIN_RUNS:
            continue
        later = (runs[i] for i in range(at + 1, len(turns)) if turns[i][1] == speaker)
        if any(len(own & other) >= REPEATED_SHARE * len(own) for other in later):
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


def _runs(text: str) -> set[tuple[str, ...]]:
    words = [word.lower() for word in _WORD.findall(text)]
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
