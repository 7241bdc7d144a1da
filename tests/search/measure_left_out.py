"""What search leaves out of the real published transcripts, measured: sponsor reads
(bot.search.sponsor_reads) and cold opens (bot.search.repeats).

    .venv/bin/python -m tests.search.measure_left_out

- Lenny's Podcast (303 episodes, ads read by the host): how many vanity addresses of the
  show's sponsors ("vanta.com/lenny", the call to action every read ends with) lie inside a
  read found, i.e. how much of the advertising search now leaves out;
- Virtual Coffee (70 episodes, no ads but a sponsor's spot and casual "sponsored by" talk): the
  reads found there, each listed, as the check on what is cut that should not be;
- everywhere: the share of the transcripts' text left out of search (counted over every turn;
  the index reads hosts' turns only, so it leaves out at most this);
- cold opens: how many episodes open with a clip said again later, and how many turns those are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.search.repeats import repeated_openings
from bot.search.sponsor_reads import default_sponsor_reads
from bot.transcripts.reader import read_transcript
from tests.transcripts.helpers import LENNY, VIRTUAL_COFFEE, shared

VANITY_ADDRESS = re.compile(r"\b[\w-]+\.(?:com|co|ai|io|art|trade|dev)/lenny\b", re.IGNORECASE)


@dataclass
class Found:
    addresses: int = 0
    addresses_in_reads: int = 0
    characters: int = 0
    characters_in_reads: int = 0
    reads: list[tuple[str, str, str]] = field(default_factory=list)  # (file, speaker, read)
    episodes: int = 0
    with_cold_open: int = 0
    cold_open_turns: int = 0


def measure(paths: list[Path]) -> Found:
    reads = default_sponsor_reads()
    found = Found()
    for path in paths:
        transcript = read_transcript(path)
        repeats = repeated_openings([(i, turn.speaker, turn.text) for i, turn in enumerate(transcript.turns)])
        found.episodes += 1
        found.with_cold_open += bool(repeats)
        found.cold_open_turns += len(repeats)
        for turn in transcript.turns:
            spans = reads.spans(turn.text)
            found.characters += len(turn.text)
            found.characters_in_reads += sum(end - start for start, end in spans)
            found.reads += [(path.parent.name if path.name == "transcript.md" else path.name, turn.speaker,
                             turn.text[start:end]) for start, end in spans]
            for address in VANITY_ADDRESS.finditer(turn.text):
                found.addresses += 1
                found.addresses_in_reads += any(start <= address.start() < end for start, end in spans)
    return found


def lenny() -> Found:
    return measure(sorted(shared(LENNY).glob("*/transcript.md")))


def virtual_coffee() -> Found:
    return measure(sorted(shared(VIRTUAL_COFFEE).glob("*.srt")))


def main() -> None:
    podcast, coffee = lenny(), virtual_coffee()
    print(f"Lenny's Podcast: {len(podcast.reads)} reads; {podcast.addresses_in_reads} of {podcast.addresses} "
          f"sponsor addresses inside one ({100 * podcast.addresses_in_reads / podcast.addresses:.1f}%); "
          f"{100 * podcast.characters_in_reads / podcast.characters:.1f}% of the text left out of search")
    print(f"Virtual Coffee: {len(coffee.reads)} reads, "
          f"{100 * coffee.characters_in_reads / coffee.characters:.2f}% of the text")
    for source, speaker, read in coffee.reads:
        print(f"  {source} [{speaker}]: {read[:160]!r}")
    for name, found in (("Lenny's Podcast", podcast), ("Virtual Coffee", coffee)):
        print(f"{name}: {found.with_cold_open} of {found.episodes} episodes open with a clip said again later "
              f"({found.cold_open_turns} turns, searched once, where they were said)")


if __name__ == "__main__":
    main()
