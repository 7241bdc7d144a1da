"""Sponsor reads inside a host's turn, found so that search never answers with an advertisement.

Imported podcasts carry the host's ad reads in the host's own turns ("This episode is brought to
you by Sprig. … go to sprig.com/templates"): a query about product teams or growth would find
ad copy before the conversation. A read starts at a sentence with an opener phrase ("brought to
you by") and runs through its paragraph; the turn's next paragraphs go on with it while they name
the sponsor or carry an address or an offer. It ends early where the host talks again: two
sentences after its last such mention. A paragraph with a sponsor's address and an offer is a
read without any opener (a call to action). The phrases are data (`sponsor_reads.toml`).

The text shown to readers is untouched: only what the index and the passage vectors are built
from leaves the reads out (`without_sponsor_reads`). Measured on the real transcripts by
tests/search/measure_left_out.py.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from importlib import resources

# A read found by its address alone reaches back this far: an ad's few sentences, not a
# caption file's paragraph-long turn.
CALL_TO_ACTION_SENTENCES = 6
RESUMED_AFTER = 2  # sentences after a read's last mention of its sponsor: the host talking again
BETWEEN_READS_CHARS = 1_200  # what two reads can have between them and still be one break
# Where a sentence ends: an end mark followed by a space (not the dot of "vanta.com/lenny"),
# or a Chinese one. Sentences are the text between two ends (`_sentences`): one linear scan.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'’”)]*(?=\s|$)\s*|[。！？]+\s*")
# The sponsor's name: the capitalized words right after "by" or "sponsor," ("WorkOS", "Mercury").
_NAMED = re.compile(r"(?:\bby|\bsponsors?,?)\s+([A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*){0,2})")


class _Sentence(NamedTuple):
    start: int
    end: int
    text: str


def _sentences(paragraph: str, since: int = 0) -> list[_Sentence]:
    """The paragraph's sentences from `since` on (each with the space after it), blank ones left out."""
    found, at = [], since
    for end in _SENTENCE_END.finditer(paragraph, since):
        found.append(_Sentence(at, end.end(), paragraph[at:end.end()]))
        at = end.end()
    if at < len(paragraph):
        found.append(_Sentence(at, len(paragraph), paragraph[at:]))
    return [sentence for sentence in found if sentence.text.strip()]


@dataclass(frozen=True)
class SponsorReads:
    openers: re.Pattern
    continued_by: re.Pattern
    address: re.Pattern
    offers: re.Pattern
    hints: tuple[str, ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each sponsor read in `text`, paragraphs being its lines."""
        lowered = text.lower()
        if self.hints and not any(hint in lowered for hint in self.hints):
            return []  # most turns: a few substring tests, no regular expression
        if not (self.openers.search(text) or self.address.search(text)):
            return []
        spans: list[tuple[int, int]] = []
        names: set[str] = set()
        at = 0
        for paragraph in text.split("\n"):
            start, end = at, at + len(paragraph)
            at = end + 1
            if names and (through := self._last_mention(paragraph, 0, names)) is not None:
                through, resumed = self._read_end(paragraph, through)
                spans.append((start, start + through))
                if not resumed:
                    continue
                start, paragraph = start + through, paragraph[through:]  # the next sponsor's read, if one follows
            opening = self._opening(paragraph)
            if opening is None:
                names = set()  # a paragraph without the sponsor: the break is over
            else:
                named = self._names_in(paragraph[opening:])
                last = self._last_mention(paragraph, opening, named)
                if not named and last is None:  # "brought to you by the network": that sentence, no more
                    spans.append((start + opening, start + _sentences(paragraph, opening)[0].end))
                    names = set()
                    continue
                through, resumed = self._read_end(paragraph, last)
                spans.append((start + opening, start + through))
                # Kept past the paragraph even where its last sentences do not name the sponsor:
                # the next paragraph may, and what lies between is then the same read (`_joined`).
                names = named or {"\0"}  # no name: only an address or a code goes on with it
            if opening is None and (read := self._call_to_action(paragraph)) is not None:
                spans.append((start + read[0], start + read[1]))
        return _joined(text, spans)

    @staticmethod
    def _names_in(text: str) -> set[str]:
        """The sponsor an opener names: the first capitalized words after its "by" or "sponsor,"
        ("I" or "A" is a sentence going on, not a name)."""
        found = _NAMED.search(text)
        return {found.group(1)} if found and len(found.group(1)) > 1 else set()

    @staticmethod
    def _read_end(paragraph: str, through: int | None) -> tuple[int, bool]:
        """Where a read ends in its paragraph, and whether the conversation resumed there: a
        read's last sentences need not name the sponsor ("Get started today."), but two or more
        after its last mention, or a question, are the host talking again."""
        tail = _sentences(paragraph, through) if through else []
        asks = any("?" in sentence.text or "？" in sentence.text for sentence in tail)
        if through is None or (len(tail) < RESUMED_AFTER and not asks):
            return len(paragraph), False
        return through, True

    def _last_mention(self, paragraph: str, since: int, names: set[str]) -> int | None:
        """The end of the paragraph's last sentence after `since` that names the sponsor or has
        an address or an offer; None if none does."""
        ends = [m.end for m in _sentences(paragraph) if m.end > since
                and (self.continued_by.search(m.text) or any(_names(name).search(m.text) for name in names))]
        return ends[-1] if ends else None

    def _call_to_action(self, paragraph: str) -> tuple[int, int] | None:
        """The paragraph's sentences up to its last with a sponsor's address, at most
        CALL_TO_ACTION_SENTENCES of them, if they read as an ad."""
        found = list(self.address.finditer(paragraph))
        domains = [match.group(1).lower() for match in found]
        if not found or not (self.offers.search(paragraph) or len(domains) > len(set(domains))):
            return None
        sentences = _sentences(paragraph)
        last = next((i for i, m in enumerate(sentences) if m.end >= found[-1].end()), len(sentences) - 1)
        first = max(last - CALL_TO_ACTION_SENTENCES + 1, 0)
        # ... and on through sentences still naming the sponsor ("By the way, CommandBar just …").
        while last + 1 < len(sentences) and any(d in sentences[last + 1].text.lower() for d in domains):
            last += 1
        return sentences[first].start, sentences[last].end

    def _opening(self, paragraph: str) -> int | None:
        """Where the paragraph's first sentence with an opener starts, if one has."""
        for sentence in _sentences(paragraph):
            if self.openers.search(sentence.text):
                return sentence.start
        return None


@lru_cache(maxsize=4096)
def _names(name: str) -> re.Pattern:
    """`name` as a whole word ("Notion" is not in "notions")."""
    return re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Reads one after another as one: what lies between two of them (the next sponsor's
    lead-in, "You fell in love with building products for a reason…", its questions to the
    listener included) is part of the break, unless it runs longer than an ad does (the host
    talking between two breaks)."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            between = text[joined[-1][1]:start]
            if len(between) <= BETWEEN_READS_CHARS:
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


def sponsor_free_parts(text: str, reads: SponsorReads | None = None) -> list[str]:
    """The stretches of `text` around its sponsor reads ([text] when it has none; [] when empty)."""
    spans = (reads or default_sponsor_reads()).spans(text) if text else []
    if not spans:
        return [text] if text else []
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return [part.strip() for part in kept if part.strip()]


def without_sponsor_reads(text: str, reads: SponsorReads | None = None) -> str:
    """`text` with its sponsor reads cut out (a paragraph break in place of each)."""
    parts = sponsor_free_parts(text, reads)
    return text if parts == [text] else "\n".join(parts)


def masked_sponsor_reads(text: str, reads: SponsorReads | None = None) -> str:
    """`text` with its sponsor reads blanked, offsets kept: spans found in it index the text shown."""
    masked = text
    for start, end in (reads or default_sponsor_reads()).spans(text) if text else []:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    return masked


def parse_sponsor_reads(text: str) -> SponsorReads:
    data = tomllib.loads(text)

    def any_of(key: str) -> re.Pattern:
        return re.compile("|".join(data[key]), re.IGNORECASE)

    return SponsorReads(any_of("openers"), any_of("continued_by"), re.compile(data["address"], re.IGNORECASE),
                        any_of("offers"), tuple(data.get("hints", ())))


@lru_cache(maxsize=1)
def default_sponsor_reads() -> SponsorReads:
    return parse_sponsor_reads(resources.files("bot.search").joinpath("sponsor_reads.toml").read_text(encoding="utf-8"))
