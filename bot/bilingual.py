"""The same passage in the other language: a turn's displayed English and Chinese, aligned.

The transcript pairs each English paragraph line with its machine Chinese line, so a turn
that shows the machine Chinese is aligned paragraph by paragraph. The displayed English is
the readable edition, whose paragraphs need not follow the transcript's lines, but it keeps
the transcript's words: a line ends after as many words as it holds. A turn that shows the
article is aligned as a whole (the annotation aligns the article turn by turn). Inside a
pair, the clauses are aligned by their lengths and how they end (machine and edited
translations keep the order of the speech); an excerpt maps to the clauses of the pairs it
covers, and the result is the whole sentences, or clauses of one, that they make up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.storage.corpus import CorpusStore, TurnRecord
from bot.text import Anchor, Excerpt, Span, chinese_punctuation, clauses, passage_excerpt

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # letters and digits, inner apostrophes: seeds/README.md


@dataclass(frozen=True, slots=True)
class PassagePairs:
    """A turn's displayed English and Chinese as stretches that translate each other, in order."""

    en: str
    zh: str  # Simplified, with the displayed (full-width) punctuation
    pairs: tuple[tuple[Span, Span], ...]  # (English stretch, Chinese stretch)

    def chinese_of(self, window: Span, *, max_chars: int, joiner: str | None = None,
                   keep: Span | None = None) -> Excerpt:
        """The Chinese that says what English `window` says; too long, what says `keep` (the
        English excerpt's match) and the sentences around it that fit."""
        return passage_excerpt(self.zh, self._mapped(window, english_to_chinese=True), max_chars=max_chars,
                               joiner=joiner, chinese=True, keep=self._kept(keep, english_to_chinese=True))

    def english_of(self, window: Span, *, max_chars: int, joiner: str | None = None,
                   keep: Span | None = None) -> Excerpt:
        """The English that says what Chinese `window` says; too long, what says `keep` (the
        Chinese excerpt's match) and the sentences around it that fit."""
        return passage_excerpt(self.en, self._mapped(window, english_to_chinese=False), max_chars=max_chars,
                               joiner=joiner, chinese=False, keep=self._kept(keep, english_to_chinese=False))

    def said_in_other(self, span: Span, *, in_english: bool) -> Span | None:
        """Where the other text says what `span` of one says (`in_english`: `span` indexes the
        English): the pairs of clauses it touches, whole. Clauses, not a share of one: a word's
        place inside a clause does not carry over to a translation ("扩大规模" is "making it bigger")."""
        side, other = (0, 1) if in_english else (1, 0)
        touched = [pair[other] for pair in self.pairs if pair[side][0] < span[1] and span[0] < pair[side][1]]
        return (touched[0][0], touched[-1][1]) if touched else None

    def _kept(self, keep: Span | None, *, english_to_chinese: bool) -> Span | None:
        return None if keep is None else self._mapped(keep, english_to_chinese=english_to_chinese)

    def _mapped(self, window: Span, *, english_to_chinese: bool) -> Span:
        """`window` mapped by its share of each pair, and out to the edges of the pairs it
        mostly covers: a pair says all of what it says ("Right? So…" is "因此，…")."""
        side, other = (0, 1) if english_to_chinese else (1, 0)
        start = self._position(window[0], side, other, at_end=False)
        end = self._position(window[1], side, other, at_end=True)
        covered = [pair[other] for pair in self.pairs if _mostly_covered(pair[side], window)]
        if covered:
            start, end = min(start, covered[0][0]), max(end, covered[-1][1])
        return start, max(end, start + 1)

    def _position(self, offset: int, side: int, other: int, *, at_end: bool) -> int:
        """Where `offset` of one text falls in the other, by its share of its pair."""
        for pair in self.pairs:
            first, last = pair[side]
            if offset < last or (at_end and offset == last) or pair is self.pairs[-1]:
                share = min(max((offset - first) / max(last - first, 1), 0.0), 1.0)
                start, end = pair[other]
                return start + round(share * (end - start))
        return 0


def _mostly_covered(stretch: Span, window: Span) -> bool:
    """At least half of `stretch` in `window` (an empty one: strictly inside it)."""
    if stretch[0] == stretch[1]:
        return window[0] < stretch[0] < window[1]
    return 2 * (min(stretch[1], window[1]) - max(stretch[0], window[0])) >= stretch[1] - stretch[0]


def pairs_of(turn: TurnRecord, verbatim_line_words: tuple[int, ...]) -> PassagePairs | None:
    """`turn`'s alignment; `verbatim_line_words`: how many words each transcript line of it holds.
    None for a turn with only one language."""
    zh = chinese_punctuation(turn.zh)  # one character for one: the displayed text's offsets
    if not turn.en.strip() or not zh.strip():
        return None
    lines = zh.split("\n")
    if turn.zh_source != "machine" or len(lines) != len(verbatim_line_words) or len(lines) < 2:
        return PassagePairs(turn.en, zh, aligned_clauses(turn.en, zh, (0, len(turn.en)), (0, len(zh))))
    english = _english_stretches(turn.en, verbatim_line_words)
    chinese, start = [], 0
    for line in lines:
        chinese.append((start, start + len(line)))
        start += len(line) + 1
    return PassagePairs(turn.en, zh, tuple(pair for en, zh_line in zip(english, chinese)
                                           for pair in aligned_clauses(turn.en, zh, en, zh_line)))


# Inside a pair of stretches, the clauses are aligned by their lengths (Gale & Church 1993): a
# translation says a clause in about `ratio` times its characters, the pair's own ratio, so a
# share of the whole drifts wherever the speech is wordier than its translation ("I think that,
# to the question of democracy, " is "我认为对于民主的问题，": 11 characters for 44, not a quarter of
# them). A bead: how many clauses of each side translate each other, and how often that happens.
_BEADS = {(1, 1): 0.5, (2, 1): 0.14, (1, 2): 0.14, (2, 2): 0.05, (3, 1): 0.05, (1, 3): 0.05,
          (3, 2): 0.025, (2, 3): 0.025, (1, 0): 0.01, (0, 1): 0.01}
_SPREAD = 6.8  # Gale & Church's variance of a translation's length, per character of the original
# Where beads meet, both sides mostly end alike (tuned on the featured excerpts): a sentence
# with a sentence, or with a clause (the machine Chinese joins sentences; splitting one is
# rarer), a question with a question or a statement ("could I…?" is "我能否…。").
# Cost by (English, Chinese) end: 0 a clause, 1 a sentence, 2 a question or exclamation.
_ENDS_APART = {(1, 0): 0.4, (0, 1): 1.2, (2, 0): 1.4, (2, 1): 0.3, (0, 2): 2.0, (1, 2): 1.0}


@lru_cache(maxsize=1024)  # a turn is aligned again for each of its excerpts shown
def aligned_clauses(en: str, zh: str, en_stretch: Span, zh_stretch: Span) -> tuple[tuple[Span, Span], ...]:
    """The stretches cut into the smallest pairs of clauses that translate each other, in order."""
    en_cuts, zh_cuts = _cuts(en, en_stretch, False), _cuts(zh, zh_stretch, True)
    ratio = (zh_stretch[1] - zh_stretch[0]) / max(en_stretch[1] - en_stretch[0], 1)
    if len(en_cuts) < 3 or len(zh_cuts) < 3 or ratio <= 0:
        return ((en_stretch, zh_stretch),)
    path = _cheapest_path((en, en_cuts), (zh, zh_cuts), ratio)
    return tuple(((en_cuts[i], en_cuts[k]), (zh_cuts[j], zh_cuts[m])) for (i, j), (k, m) in zip(path, path[1:]))


_SHORT_CLAUSE = {False: 12, True: 4}  # "like, ", "perhaps, ": said with the clause after them


def _cuts(text: str, stretch: Span, chinese: bool) -> list[int]:
    """The stretch's start, where each clause after its first starts (not after a filler too
    short to be translated on its own), and its end."""
    cuts = [stretch[0]]
    for clause in clauses(text, *stretch, chinese)[1:]:
        if clause[0] - cuts[-1] >= _SHORT_CLAUSE[chinese]:
            cuts.append(clause[0])
    return cuts + [stretch[1]] if stretch[1] > cuts[-1] else cuts


def _cheapest_path(english: tuple[str, list[int]], chinese: tuple[str, list[int]],
                   ratio: float) -> list[tuple[int, int]]:
    """The (English, Chinese) indices of the cuts where beads meet, from (0, 0) to the ends."""
    (en, en_cuts), (zh, zh_cuts) = english, chinese
    rows, cols = len(en_cuts), len(zh_cuts)
    en_ends, zh_ends = _end_kinds(en, en_cuts), _end_kinds(zh, zh_cuts)
    cost = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(rows):
        for j in range(cols):
            apart = 0.0 if (i, j) == (rows - 1, cols - 1) else _ENDS_APART.get((en_ends[i], zh_ends[j]), 0.0)
            for (di, dj), prior in _BEADS.items():
                before = cost.get((i - di, j - dj)) if i >= di and j >= dj else None
                if before is None or (i, j) == (0, 0):
                    continue
                total = before + apart + _bead_cost(en_cuts[i] - en_cuts[i - di], zh_cuts[j] - zh_cuts[j - dj],
                                                    ratio, prior)
                if total < cost.get((i, j), math.inf):
                    cost[(i, j)], back[(i, j)] = total, (i - di, j - dj)
    path = [(rows - 1, cols - 1)]
    while path[-1] != (0, 0):
        path.append(back[path[-1]])
    return path[::-1]


def _end_kinds(text: str, cuts: list[int]) -> list[int]:
    """How the text just before each cut ends: 0 a clause, 1 a sentence, 2 a question or exclamation."""
    kinds = []
    for cut in cuts:
        while cut > 0 and text[cut - 1] in " \n\"”’')]」』）":
            cut -= 1
        last = text[cut - 1] if cut else ""
        kinds.append(2 if last and last in "?!？！" else 1 if last and last in ".…。；" else 0)
    return kinds


def _bead_cost(en_chars: int, zh_chars: int, ratio: float, prior: float) -> float:
    """-log of how likely `zh_chars` translate `en_chars` (in English characters, a normal spread)."""
    said = zh_chars / ratio
    delta = abs(said - en_chars) / math.sqrt(max((en_chars + said) / 2, 1) * _SPREAD)
    return -math.log(prior) - math.log(max(math.erfc(delta / math.sqrt(2)), 1e-300))


def _english_stretches(en: str, line_words: tuple[int, ...]) -> list[Span]:
    """The displayed English cut after as many words as each transcript line holds."""
    word_starts = [m.start() for m in _WORD.finditer(en)]
    stretches, start, words = [], 0, 0
    for count in line_words[:-1]:
        words += count
        end = word_starts[words] if words < len(word_starts) else len(en)
        stretches.append((start, end))
        start = end
    stretches.append((start, len(en)))
    return stretches


def passage_pairs(corpus: CorpusStore, turn: TurnRecord) -> PassagePairs | None:
    """`turn`'s alignment, from the corpus's transcript lines."""
    return pairs_of(turn, _line_words(corpus).get(turn.id, ()))


@lru_cache(maxsize=4)  # one corpus store per process (tests open a few): a few numbers per turn
def _line_words(corpus: CorpusStore) -> dict[int, tuple[int, ...]]:
    """Per turn, the word count of each transcript line (`en_verbatim` holds one line a piece)."""
    return {texts.id: tuple(len(_WORD.findall(line)) for line in texts.en_verbatim.split("\n"))
            for texts in corpus.all_texts()}


def anchor_shown(corpus: CorpusStore, turn: TurnRecord, spans: dict[str, Span], field: str,
                 located: frozenset[str] = frozenset()) -> Anchor:
    """Where to anchor `turn`'s excerpt in its displayed `field` ("en" or "zh"): the words matched
    there (not in bold where the span is `located`: the passage nearest in meaning, none of the
    query's words), else the clauses that translate the words matched in its other text (an English
    "scaling" found only in the Chinese 扩大规模 shows "making it bigger", not the turn's first
    lines), not in bold: they are not the query's words; else the opening. Aligned here, for
    the few turns shown, not in the search: it costs milliseconds a turn."""
    if field in spans:
        return Anchor(field, spans[field], marked=field not in located)
    other = "zh" if field == "en" else "en"
    pairs = passage_pairs(corpus, turn) if other in spans else None
    said = pairs.said_in_other(spans[other], in_english=other == "en") if pairs is not None else None
    return Anchor(field, said, marked=False) if said is not None else Anchor(field)
