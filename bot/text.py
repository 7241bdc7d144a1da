"""Plain-text utilities shared by search, replies and the command line: no Telegram, no HTML.

User input is cleaned here (`clean_query`); corpus text is cut into parts (`split_text`),
shortened (`shorten`), cut into sentences (`sentences`) and excerpted around a match: a few
whole sentences (`sentence_excerpt`, what every reply and the command line show), or, inside
a sentence too long for that, a window of characters (`excerpt`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_CHARS = 300  # longer input is cut: nobody types more, and search cost grows with it
_QUOTE_PAIRS = {'""', "''", "“”", "‘’", "「」", "『』", "«»", "„“"}
_MAX_WORD = 30  # a cut inside a longer "word" (a URL) moves back inside the excerpt instead
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # pasted from a terminal: colour codes
_ZERO_WIDTH_JOINER = "\u200d"  # invisible, but it holds emoji sequences (👨‍👩‍👧) together
_STRAY_JOINER = re.compile(r"(?<![^\w\s])\u200d|\u200d(?![^\w\s])")  # one not between two symbols


def clean_query(text: str | None, *, keep_marks: bool = False) -> str:
    """User words fit to search and to echo: no control or invisible format characters
    (RTL overrides, zero-width), whitespace collapsed, length bounded; the quotation marks
    around all of them dropped unless `keep_marks` (for the search, they ask for every word)."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in _TERMINAL_ESCAPE.sub("", text or "")
        # Other control characters (a bell, a NUL) are invisible inside a word: they go, not split it.
        if ch == _ZERO_WIDTH_JOINER or ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs")
    )
    words = " ".join(_STRAY_JOINER.sub("", kept).split())[:MAX_QUERY_CHARS]
    bare = unquoted(words)
    # Marks around nothing (“ ”) are no words at all: the command without words.
    return words if keep_marks and bare else bare


def in_marks(words: str) -> bool:
    """Whether `words` (cleaned) are all inside one pair of quotation marks: “the bitter lesson”."""
    return len(words) > 2 and words[0] + words[-1] in _QUOTE_PAIRS and words[-1] not in words[1:-1]


def unquoted(words: str) -> str:
    """`words` without the quotation marks around all of them: echoing “"the bitter lesson"”
    would show two pairs."""
    return words[1:-1].strip() if in_marks(words) else words


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut (at a word end where there is one)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    word_end = cut.rfind(" ")
    if word_end > limit // 2 and cut[word_end - 1].isascii():
        cut = cut[:word_end]
    return cut.rstrip(" ,;:") + "…"


# ----------------------------------------------------------------- parts of a long text


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into parts of at most `limit` characters, at paragraph, sentence or word ends."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _last_break(rest[:limit])
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*parts, rest] if rest or not parts else parts


def _last_break(window: str) -> int:
    """Index just after the best place to cut `window`: paragraph, sentence, word, else hard."""
    for pattern in (r"\n", r"[.!?。！？；;](?=\s|$)|[。！？；]", r"[\s，、,]"):
        ends = [m.end() for m in re.finditer(pattern, window)]
        if ends and ends[-1] > len(window) // 2:
            return ends[-1]
    return len(window)


def part_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Where each part of `split_text(text, limit)` sits in `text` (start, end)."""
    spans, consumed = [], 0
    for part in split_text(text, limit):
        start = text.find(part, consumed)
        consumed = start + len(part)
        spans.append((start, consumed))
    return spans


def part_holding(text: str, offset: int, limit: int) -> int:
    """Which part of `split_text(text, limit)` contains character `offset`."""
    return next((index for index, (_, end) in enumerate(part_spans(text, limit)) if offset < end), 0)


# ----------------------------------------------------------------- Chinese punctuation


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
_PUNCTUATION_BY_CJK = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})")


@lru_cache(maxsize=4096)  # the texts are the corpus's turns, rendered again for every list
def chinese_punctuation(text: str) -> str:
    """ASCII , ; : ? ! next to Chinese characters → full width, as the edited article writes them.

    The machine translation mixes both; one character for one keeps search spans valid."""
    return _PUNCTUATION_BY_CJK.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)


# ----------------------------------------------------------------- excerpts around a match


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A window of a text: the words before the match, the match, the words after (with … where
    a sentence is cut). `start`/`end`: where the window lies in the text (before any …)."""

    before: str
    match: str
    after: str
    start: int = 0
    end: int = 0

    def plain(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def excerpt(text: str, span: tuple[int, int] | None, context: tuple[int, int], joiner: str = " ") -> Excerpt:
    """The `span` of `text` with `context` (characters before, after), cut off mid-word never.

    Without a valid span, the text's start. Line breaks become `joiner` (Chinese joins with "")."""
    start, end = span if span and 0 <= span[0] < span[1] <= len(text) else (0, 0)
    left = _word_boundary(text, max(0, start - context[0]), -1)
    right = _word_boundary(text, min(len(text), max(end, start) + context[1]), 1)
    before, match, after = (piece.replace("\n", joiner) for piece in (text[left:start], text[start:end], text[end:right]))
    if left > 0:
        before = "…" + before.lstrip()
    if right < len(text):
        after = after.rstrip() + "…"
    return Excerpt(before, match, after, left, right)


def _is_latin_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'-’") or ch.isalpha() and ord(ch) < 0x2E80


def _word_boundary(text: str, cut: int, direction: int) -> int:
    """`cut` moved off the middle of a Latin word: outward to the word's edge (so "ChatGPT"
    stays whole), or inward past it when the word is very long. Chinese cuts stay."""
    if cut <= 0 or cut >= len(text) or not (_is_latin_word_char(text[cut - 1]) and _is_latin_word_char(text[cut])):
        return cut
    outward = cut
    while 0 < outward < len(text) and _is_latin_word_char(text[outward - 1]) and _is_latin_word_char(text[outward]):
        outward += direction
        if abs(outward - cut) > _MAX_WORD:
            break
    else:
        return outward
    inward = cut
    while 0 < inward < len(text) and _is_latin_word_char(text[inward - 1]) and _is_latin_word_char(text[inward]):
        inward -= direction
    return inward


# ----------------------------------------------------------------- sentences and sentence excerpts


Span = tuple[int, int]
# A sentence ends at . ? ! (and closing quotes or brackets) before a space and a word that does
# not go on in lower case: the transcript's "you are... indeed" is one sentence, a restart.
_ENGLISH_END = re.compile(r"[.?!…]+[\"”’')\]]*(?=\s+[^\sa-z])|\n")
_CHINESE_END = re.compile(r"[。？！；?!…]+[”」’』）)]*|\n")
# …and before "and", "so" (not inside "And so": the clause starts before "And").
_ENGLISH_CLAUSE_END = re.compile(r"[,;:—]+(?=\s)|(?<!and|And|but|But)\s(?=(?:and|but|so|because|which)\s)")
_CHINESE_CLAUSE_END = re.compile(r"[，、：,:]")


def is_chinese_text(text: str) -> bool:
    """Whether `text` is written in Chinese (its sentences end in 。？！, not . ? !)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[:200])


@lru_cache(maxsize=4096)  # the corpus's turns, excerpted again for every reply
def sentences(text: str, chinese: bool) -> tuple[Span, ...]:
    """The (start, end) of each sentence of `text`, in order, without surrounding spaces."""
    return _pieces(text, 0, len(text), _CHINESE_END if chinese else _ENGLISH_END)


_ENGLISH_PIECE_END = re.compile(f"{_ENGLISH_END.pattern}|{_ENGLISH_CLAUSE_END.pattern}")
_CHINESE_PIECE_END = re.compile(f"{_CHINESE_END.pattern}|{_CHINESE_CLAUSE_END.pattern}")


def clauses(text: str, start: int, end: int, chinese: bool) -> tuple[Span, ...]:
    """The (start, end) of each clause of `text[start:end]`: cut at sentence and clause ends."""
    return _pieces(text, start, end, _CHINESE_PIECE_END if chinese else _ENGLISH_PIECE_END)


def _pieces(text: str, start: int, end: int, boundary: re.Pattern) -> tuple[Span, ...]:
    """`text[start:end]` cut after each `boundary` match, each piece stripped of spaces."""
    found, piece_start = [], start
    for mark in boundary.finditer(text, start, end):
        found.append((piece_start, mark.end()))
        piece_start = mark.end()
    found.append((piece_start, end))
    return tuple(stripped for a, b in found if (stripped := _strip(text, a, b)))


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_excerpt(text: str, span: Span | None, *, max_chars: int, max_sentences: int = 3,
                     joiner: str | None = None, chinese: bool | None = None) -> Excerpt:
    """One to `max_sentences` whole sentences of `text` around `span` (the match, kept whole), at
    most `max_chars` characters; without a span, the text's first sentences.

    A match in a sentence too long for `max_chars` gets the clauses around it instead, and in a
    clause too long for that, the words around it: cuts inside a sentence are marked with ….
    `joiner`: what line breaks become (None keeps them). `chinese`: None tells by the text."""
    chinese = is_chinese_text(text) if chinese is None else chinese
    units = sentences(text, chinese)
    if not units:
        return Excerpt("", "", "", 0, 0)
    if span is None or not 0 <= span[0] < span[1] <= len(text):
        # A turn's opening "Right. Right. Yes." says nothing: start at its first sentence that does.
        start = next((i for i, u in enumerate(units) if _says_something(text[u[0]:u[1]], chinese)), 0)
        window = _grown(units[start:], units[start], max_chars, max_sentences, _finished_ends(text, units))
        window = _first_fitting(text, window, max_chars)
        return _cut(text, window, (window[0], window[0]), joiner, chinese)
    window = _around(units, span)
    if window[1] - window[0] > max_chars:  # the match's own sentence is too long: its clauses
        units = _pieces(text, *window, _CHINESE_CLAUSE_END if chinese else _ENGLISH_CLAUSE_END)
        window = _around(units, span)
        if window[1] - window[0] > max_chars:  # and its clause too: the words around the match
            return excerpt(text, span, _context(max_chars - (span[1] - span[0])), joiner=joiner or "\n")
        return _cut(text, _grown(units, window, max_chars, len(units)), span, joiner, chinese)
    # Whole sentences: one the text leaves unfinished (an article cut on a comma) is not added.
    window = _grown(units, window, max_chars, max_sentences, _finished_ends(text, units))
    return _cut(text, window, span, joiner, chinese)


OPENING_WORDS = 5  # a sentence shorter than this ("Yeah.", "That's right.") opens no quote
OPENING_HAN = 8


def _says_something(sentence: str, chinese: bool) -> bool:
    if chinese:
        return len(re.findall(r"[\u3400-\u9fff]", sentence)) >= OPENING_HAN
    return len(sentence.split()) >= OPENING_WORDS


# A sentence that ends: . ? ! 。 ？ ！ ； … (and closing quotes or brackets) at its end.
_FINISHED = re.compile(r"[.?!…。？！；][\"”’')\]」』）]*$")


def _finished_ends(text: str, units: tuple[Span, ...]) -> frozenset[int]:
    """The ends of the `units` that finish a sentence: at a full stop, or at the text's end unless
    it stops on a comma (turn 5's article ends "这是我早期的动机，": the translation breaks off)."""
    end = len(text.rstrip())
    return frozenset(u[1] for u in units if _FINISHED.search(text, u[0], u[1])
                     or u[1] == end and text[end - 1] not in _CLAUSE_MARKS)


def _around(units: tuple[Span, ...], span: Span) -> Span:
    """From the unit holding the span's start to the one holding its end."""
    first = next((u for u in units if u[1] > span[0]), units[-1])
    last = next((u for u in reversed(units) if u[0] < span[1]), first)
    return min(first[0], span[0]), max(first[1], last[1], span[1])


def _grown(units: tuple[Span, ...], window: Span, max_chars: int, max_units: int,
           finished: frozenset[int] = frozenset()) -> Span:
    """`window` with the unit after it, then the one before it, in turn, while they fit. A unit
    after it must end at one of `finished` (if any given): an excerpt ends where a sentence does."""
    inside = [i for i, u in enumerate(units) if u[1] > window[0] and u[0] < window[1]]
    if not inside:
        return window
    first, last = inside[0], inside[-1]
    grew = True
    while grew:
        grew = False
        for candidate in (last + 1, first - 1):
            if last - first + 1 >= max_units or not 0 <= candidate < len(units):
                continue
            if candidate > last and finished and units[candidate][1] not in finished:
                continue
            wider = min(units[candidate][0], window[0]), max(units[candidate][1], window[1])
            if wider[1] - wider[0] <= max_chars:
                window, first, last, grew = wider, min(first, candidate), max(last, candidate), True
    return window


def _first_fitting(text: str, window: Span, max_chars: int) -> Span:
    """The opening sentence alone too long: cut at a word end."""
    if window[1] - window[0] <= max_chars:
        return window
    cut = _word_boundary(text, window[0] + max_chars, -1)
    return window[0], cut if cut > window[0] else window[0] + max_chars


def _cut(text: str, window: Span, match: Span, joiner: str | None, chinese: bool) -> Excerpt:
    """The pieces of `window` (before, match, after), with … where it starts or ends inside a sentence."""
    left, right = window
    pieces = [text[left:match[0]], text[match[0]:match[1]], text[match[1]:right]]
    if joiner is not None:
        pieces = [piece.replace("\n", joiner) for piece in pieces]
    edges = sentences(text, chinese)
    if left not in {u[0] for u in edges}:
        pieces[0] = "…" + pieces[0]
    if right not in _finished_ends(text, edges):  # cut inside a sentence, or the text stops mid-way
        pieces[2] = pieces[2].rstrip(_CLAUSE_MARKS) + "…"
    return Excerpt(*pieces, left, right)


_CLAUSE_MARKS = " \n,;:—，、：；"  # dropped before a …: "做出贡献，…" reads as "做出贡献…"


def _context(room: int) -> tuple[int, int]:
    """Characters of context before and after a match that leave `room`: a third before."""
    room = max(room, 0)
    return room // 3, room - room // 3


def telling_sentence(text: str, offset: int, chinese: bool | None = None) -> Span | None:
    """The sentence of `text` holding character `offset` (None past its end), joined with the
    sentences after it until it says something: "Yeah." alone tells a reader nothing, "Yeah. And
    so what you're saying is…" does. Not remembered: the texts asked about are excerpts, new
    each time, not the corpus's turns."""
    chinese = is_chinese_text(text) if chinese is None else chinese
    found = _pieces(text, 0, len(text), _CHINESE_END if chinese else _ENGLISH_END)
    first = next((i for i, u in enumerate(found) if u[0] <= offset < u[1]), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(found) and not _says_something(text[found[first][0]:found[last][1]], chinese):
        last += 1
    return found[first][0], found[last][1]


def passage_excerpt(text: str, window: Span, *, max_chars: int, joiner: str | None = None,
                    chinese: bool | None = None, keep: Span | None = None) -> Excerpt:
    """The clauses of `text` that mostly lie in `window` (another text's excerpt, mapped here):
    whole sentences, or part of one, as a translation may join two sentences of the original
    into one. Longer than `max_chars`: the sentences (else clauses) around `keep` (the other
    excerpt's match, mapped here; without one, from the first) that fit."""
    chinese = is_chinese_text(text) if chinese is None else chinese
    clause_end = _CHINESE_CLAUSE_END if chinese else _ENGLISH_CLAUSE_END
    chosen = _passage_units(text, window, chinese)
    if not chosen:
        return Excerpt("", "", "", 0, 0)
    start, end = chosen[0][0], chosen[-1][1]
    if end - start > max_chars:
        start, end = _fitting(text, chosen, keep, max_chars, clause_end)
    if end - start > max_chars:  # one clause too long: its words, from its start
        end = max(_word_boundary(text, start + max_chars, -1), start + 1)
    return _cut(text, (start, end), (start, start), joiner, chinese)


def _passage_units(text: str, window: Span, chinese: bool) -> tuple[Span, ...]:
    """The sentences inside `window`, and the clauses mostly inside it of those partly in it
    (a whole sentence where all of them are); none: the sentence its middle falls in."""
    clause_end = _CHINESE_CLAUSE_END if chinese else _ENGLISH_CLAUSE_END
    found: list[Span] = []
    for sentence in sentences(text, chinese):
        if sentence[0] < window[1] and sentence[1] > window[0]:
            clauses = [c for c in _pieces(text, *sentence, clause_end) if _mostly_in(c, window)]
            found += [(clauses[0][0], clauses[-1][1])] if clauses else []
    return tuple(found) or _mostly_inside(sentences(text, chinese), window)


def _mostly_in(unit: Span, window: Span) -> bool:
    return 2 * (min(unit[1], window[1]) - max(unit[0], window[0])) >= unit[1] - unit[0]


def _fitting(text: str, units: tuple[Span, ...], keep: Span | None, max_chars: int,
             clause_end: re.Pattern) -> Span:
    """Of the passage `units`, those around `keep` that fit (its clauses where the one holding
    `keep` alone is too long); without `keep`, those from the first."""
    start, end = units[0][0], units[-1][1]
    if keep is not None and min(keep[1], end) > max(keep[0], start):
        seed = max(keep[0], start), min(keep[1], end)
    else:
        seed = units[0]
    held = _around(units, seed)
    if held[1] - held[0] > max_chars:
        units = tuple(c for u in units for c in _pieces(text, *u, clause_end))
        held = _around(units, seed)
    if held[1] - held[0] > max_chars:
        return held
    return _grown(units, held, max_chars, len(units), _finished_ends(text, units))


def _mostly_inside(units: tuple[Span, ...], window: Span) -> tuple[Span, ...]:
    """The units at least half inside `window`; else the one its middle falls in (the nearest)."""
    inside = tuple(u for u in units if _mostly_in(u, window))
    if inside or not units:
        return inside
    middle = (window[0] + window[1]) // 2
    return (next((u for u in units if u[1] > middle), units[-1]),)


# A Chinese question the machine translation ended with a full stop ("…一串文本，对吧。"): its particle asks.
_CHINESE_ASKING_END = re.compile(r"(?:吗|嗎|呢|对吧|對吧|是吧|对不对|對不對|是不是)[。.…！!]*[”」’』）)]*$")


# A question asked as a wish ("…but I wanted to hear what you thought of that, and whether…", 我想听听…).
_WISH_TO_HEAR = re.compile(r"\bI(?: was|'m)? wonder(?:ing)?\b|\bI want(?:ed)? to (?:hear|ask|know)\b"
                             r"|\bI(?:'d| would) (?:like|love) to (?:hear|know|ask)\b|\btell (?:me|us)\b"
                             r"|想听听|想聽聽|想知道|想问问|想問問|请谈谈|請談談", re.IGNORECASE)


def reads_as_question(sentence: str) -> bool:
    """Whether `sentence` is a question: a question mark, a Chinese question particle at its end,
    or a wish to hear an answer ("I wanted to hear what you thought of that", 我想听听…)."""
    stripped = sentence.strip()
    return ("?" in stripped or "？" in stripped or bool(_CHINESE_ASKING_END.search(stripped))
            or bool(_WISH_TO_HEAR.search(stripped)))


def asked_sentence(text: str, max_chars: int, chinese: bool | None = None) -> str:
    """What a host's turn asks, in at most about `max_chars`: its last sentence with a question
    mark or particle (else its last sentence), after what fits of the words before it (whole sentences,
    then the last clauses of one, after a …). A host's turn leads up to its question: a short
    one ("还是这是一个平行的思考轨道？") needs what comes before, a long one ends with what it asks."""
    chinese = is_chinese_text(text) if chinese is None else chinese
    found = sentences(text, chinese)
    if not found:
        return ""
    asking = [i for i, u in enumerate(found) if reads_as_question(text[u[0]:u[1]])]
    last = asking[-1] if asking else len(found) - 1
    end = found[last][1]
    first = last
    while first > 0 and end - found[first - 1][0] <= max_chars:
        first -= 1
    if first == last and end - found[last][0] > max_chars:  # a long question: its last clauses
        return _last_clauses(text, found[last], end, max_chars, chinese) or text[found[last][0]:end]
    if first > 0:  # the sentence before does not fit whole: its last clauses that do
        return _last_clauses(text, found[first - 1], end, max_chars, chinese) or text[found[first][0]:end]
    return text[found[first][0]:end]


def _last_clauses(text: str, sentence: Span, end: int, max_chars: int, chinese: bool) -> str:
    """"…" and `text` from the earliest clause of `sentence` (not its first) that leaves at most
    `max_chars` up to `end`; "" if none does."""
    clauses = _pieces(text, *sentence, _CHINESE_CLAUSE_END if chinese else _ENGLISH_CLAUSE_END)
    fitting = [c[0] for c in clauses[1:] if end - c[0] <= max_chars]
    return "…" + text[fitting[0]:end] if fitting else ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage of a turn was found: the matched words in one of its displayed texts.

    `field` is "en" or "zh" (offsets into the Simplified text, whichever script is shown);
    `span` None: no words matched (a random quote), the passage is the turn's opening.
    `marked` False: the span says where the passage is but holds none of the query's words (it
    translates the words matched in the other text): shown, not in bold."""

    field: str
    span: Span | None = None
    marked: bool = True
