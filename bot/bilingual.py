"""The same passage in the other language: a turn's displayed English and Chinese, aligned.

The transcript pairs each English paragraph line with its machine Chinese line, so a turn
that shows the machine Chinese is aligned paragraph by paragraph. The displayed English is
the readable edition, whose paragraphs need not follow the transcript's lines, but it keeps
the transcript's words: a line ends after as many words as it holds. A turn that shows the
article is aligned as a whole (the annotation aligns the article turn by turn). Inside a
pair, a position maps by its share of the pair's text, and the result is widened to the
whole sentences around it: machine and edited translations keep the order of the speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.storage.corpus import CorpusStore, TurnRecord
from bot.text import Excerpt, Span, chinese_punctuation, passage_excerpt

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # letters and digits, inner apostrophes: seeds/README.md


@dataclass(frozen=True, slots=True)
class PassagePairs:
    """A turn's displayed English and Chinese as stretches that translate each other, in order."""

    en: str
    zh: str  # Simplified, with the displayed (full-width) punctuation
    pairs: tuple[tuple[Span, Span], ...]  # (English stretch, Chinese stretch)

    def chinese_of(self, window: Span, *, max_chars: int, joiner: str | None = None) -> Excerpt:
        """The whole Chinese sentences that say what English `window` says."""
        mapped = self._mapped(window, english_to_chinese=True)
        return passage_excerpt(self.zh, mapped, max_chars=max_chars, joiner=joiner, chinese=True)

    def english_of(self, window: Span, *, max_chars: int, joiner: str | None = None) -> Excerpt:
        """The whole English sentences that say what Chinese `window` says."""
        mapped = self._mapped(window, english_to_chinese=False)
        return passage_excerpt(self.en, mapped, max_chars=max_chars, joiner=joiner, chinese=False)

    def _mapped(self, window: Span, *, english_to_chinese: bool) -> Span:
        side, other = (0, 1) if english_to_chinese else (1, 0)
        start = self._position(window[0], side, other, at_end=False)
        end = self._position(window[1], side, other, at_end=True)
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


def pairs_of(turn: TurnRecord, verbatim_line_words: tuple[int, ...]) -> PassagePairs | None:
    """`turn`'s alignment; `verbatim_line_words`: how many words each transcript line of it holds.
    None for a turn with only one language."""
    zh = chinese_punctuation(turn.zh)  # one character for one: the displayed text's offsets
    if not turn.en.strip() or not zh.strip():
        return None
    lines = zh.split("\n")
    if turn.zh_source != "machine" or len(lines) != len(verbatim_line_words) or len(lines) < 2:
        return PassagePairs(turn.en, zh, (((0, len(turn.en)), (0, len(zh))),))
    english = _english_stretches(turn.en, verbatim_line_words)
    chinese, start = [], 0
    for line in lines:
        chinese.append((start, start + len(line)))
        start += len(line) + 1
    return PassagePairs(turn.en, zh, tuple(zip(english, chinese)))


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
