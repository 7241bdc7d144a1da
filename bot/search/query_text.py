"""A query's text before it becomes units: its one Simplified form, and its words less the
request and politeness words around them."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from bot.chinese import to_simplified, to_simplified_chars
from bot.search.normalize import (
    CJK_FILLER, CJK_FRAMING, CJK_STOP_CHARS, FILLER_PHRASES, FILLER_WORDS, FRAMING_WORDS, STOPWORDS, cjk_grams,
    fold_stored, has_cjk,
)
from bot.search.vocabulary import Vocabulary

# A question: an English question word or auxiliary first, or a question mark or Chinese
# question particle last, or a Chinese question word anywhere.
_QUESTION = re.compile(
    r"^\W*(how|why|what|whats|who|whom|whose|when|where|which|is|are|was|were|do|does|did|will|would|can|could"
    r"|should|has|have|had)\b|[?？吗呢]\W*$|为什么|为何|怎么|如何|什么|是否|是不是|有没有|会不会|能不能|哪"
    # ... or asks for what the guest said, in the third person: "show me what he said about X".
    r"|\b(he|she)\s+(said|says|say|thinks?|thought|believes?|meant|means|talks?|talked|feels?|felt)\b"
    r"|\b(his|her)\s+(views?|opinions?|take|thoughts)\b|(?<![其吉])(?:他|她)(?:说|认为|觉得|的看法|的观点)",
    re.IGNORECASE)


LONGER_WORD_CHARS = 2  # characters each side of a Chinese request word checked for a longer word holding it

# Decoration around the words, never what is asked: a link (the page it names is not the
# interview's words), a heart ("<3") and a list's number ("1. ").
_DECORATION = re.compile(r"\b(?:https?://|www\.)\S+|</?3+(?!\d)|^\s*\d{1,2}[.)]\s+(?=\D)", re.IGNORECASE)


def without_decoration(text: str) -> str:
    return _DECORATION.sub(" ", text)


def fold_query(text: str, vocabulary: Vocabulary) -> str:
    """`fold`, where OpenCC's Taiwan phrase table and its plain character table disagree
    taking whichever form the corpus has: 軟體 → 软件 (phrase), but 向量 stays 向量 where the
    phrase table says 矢量. Each differing stretch is judged by the corpus bigrams it makes
    with one character of context on each side; on a tie the phrase form wins."""
    base = fold_stored(text)
    if not has_cjk(base):
        return base
    phrases, chars = to_simplified(base), to_simplified_chars(base)
    if phrases == chars:
        return phrases
    parts = []
    for tag, i1, i2, j1, j2 in _stretches(chars, phrases):
        if tag == "equal":
            parts.append(chars[i1:i2])
            continue
        left, right = chars[max(i1 - 1, 0) : i1], chars[i2 : i2 + 1]
        known = [sum(vocabulary.df(g) > 0 for g in cjk_grams(left + form + right)) for form in (chars[i1:i2], phrases[j1:j2])]
        parts.append(chars[i1:i2] if known[0] > known[1] else phrases[j1:j2])
    return "".join(parts)


def _stretches(chars: str, phrases: str) -> list[tuple[str, int, int, int, int]]:
    """The two conversions' equal and differing stretches. A one-character agreement inside a
    phrase the two convert to different lengths belongs to it: 使用者 → 用户 agree on 用, and
    splicing around it gave 使用户. Two words converted apart (資料軟體: 资料/数据, 软体/软件)
    stay two stretches, each judged on its own."""
    ops = SequenceMatcher(None, chars, phrases, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        resized = 0 < k < len(ops) - 1 and any(ops[n][0] in ("insert", "delete") for n in (k - 1, k + 1))
        inside = tag == "equal" and i2 - i1 == 1 and resized
        kind = "differ" if tag != "equal" or inside else "equal"
        if merged and merged[-1][0] == kind == "differ":
            merged[-1] = ("differ", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((kind, i1, i2, j1, j2))
    return merged


IsWord = Callable[[str], bool]


def without_filler(terms: list[str], runs: list[str], is_word: IsWord = lambda _text: False) -> tuple[list[str], list[str]]:
    """The query's terms and Chinese runs less request and politeness words.

    They never decide a result (a turn that says "please" is no better a match for "quote
    about X please") nor a did-you-mean; a query of nothing else has nothing to look for.
    A Chinese one inside a longer word of the dictionary (`is_word`: 搜索 of 搜索引擎) is that word.
    """
    content = [t for t in _without_phrases(terms) if t not in FILLER_WORDS]
    pieces = [piece for run in runs for piece in _without(run, CJK_FILLER, is_word).split()]
    return _without_framing(content, pieces, is_word)


def _without_framing(terms: list[str], pieces: list[str], is_word: IsWord) -> tuple[list[str], list[str]]:
    """Chinese less the words that say where to look (CJK_FRAMING: 幻觉相关, 这期节目里的民主)
    when the query asks for something else too; alone they are what it asks for. English ones
    stay, weighed as function words (`asks_for_more`): "CLIP" is a model, "video" may be meant."""
    kept = [piece for run in pieces for piece in _without(run, CJK_FRAMING, is_word).split()]
    return (terms, kept) if asks_for_more(terms, kept) else (terms, pieces)


def asks_for_more(terms: list[str], pieces: list[str]) -> bool:
    """Whether the query asks for more than where to look: a word that is no function word and
    no FRAMING_WORDS, or Chinese that is not all function characters."""
    return (any(t not in STOPWORDS and t not in FRAMING_WORDS for t in terms)
            or any(ch not in CJK_STOP_CHARS for piece in pieces for ch in _without(piece, CJK_FRAMING)))


def _without(run: str, phrases: tuple[str, ...], is_word: IsWord = lambda _text: False) -> str:
    """`run` with each of `phrases` (longest first) replaced by a space, unless it is part of a
    longer dictionary word there (大部分, 多方面, 搜索引擎 keep their 部分, 方面, 搜索)."""
    for phrase in phrases:
        start = run.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if _inside_a_word(run, start, end, is_word):
                start = run.find(phrase, end)
                continue
            run = run[:start] + " " + run[end:]
            start = run.find(phrase, start + 1)
    return run


def _inside_a_word(run: str, start: int, end: int, is_word: IsWord) -> bool:
    return any(is_word(run[start - before:end + after])
               for before in range(0, LONGER_WORD_CHARS + 1) for after in range(0, LONGER_WORD_CHARS + 1)
               if (before or after) and start - before >= 0 and end + after <= len(run))


def _without_phrases(terms: list[str]) -> list[str]:
    """`terms` less every run that is one of FILLER_PHRASES ("pull up", "tell me"), longest first."""
    kept, at = [], 0
    while at < len(terms):
        phrase = next((p for p in FILLER_PHRASES if tuple(terms[at:at + len(p)]) == p), None)
        if phrase is None:
            kept.append(terms[at])
        at += len(phrase) if phrase else 1
    return kept


def is_question(text: str) -> bool:
    return _QUESTION.search(text) is not None
