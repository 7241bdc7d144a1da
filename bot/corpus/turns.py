"""Cutting the sources into speaker turns at the annotated start anchors.

Each transcript turn starts at (English line, offset) and at an offset in that line's machine
Chinese; each article-covered turn also starts at an offset in an article paragraph. A turn
runs until the next turn's start in the same source, so the turns partition the speech lines
and the article's interview text exactly: nothing is dropped, invented or duplicated. That is
also why the first start of each source must be at its very beginning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.corpus.annotations import Annotations, TurnSpec
from bot.corpus.article import Article
from bot.corpus.errors import SeedError
from bot.corpus.glossary import Glossary
from bot.corpus.model import SourceRef, Turn
from bot.corpus.transcript import Transcript

# A Chinese or article turn may only start after one of these (or at a paragraph start): the
# split must fall on a sentence or clause boundary, never inside a phrase.
_ZH_BREAKS = set("。，,.？?！!；;：:、）)”’\"…") | {" "}


@dataclass(frozen=True, slots=True)
class _Pieces:
    """A turn's text per source line, before joining."""

    en: list[tuple[int, str]]  # (English line, verbatim text)
    zh: list[tuple[int, str]]  # (machine Chinese line, verbatim text)
    article: list[tuple[tuple[int, ...], str]]  # (article lines, text)


def build_turns(ann: Annotations, transcript: Transcript, article: Article, glossary: Glossary) -> tuple[Turn, ...]:
    """The interview's turns in order, checked against both sources."""
    _check_topic_order(ann)
    pieces = [_Pieces([], [], []) for _ in ann.turns]
    _cut_transcript(ann, transcript, pieces)
    _cut_article(ann, article, pieces)
    names = {"host": ann.host, "guest": ann.guest}
    turns = []
    for spec, piece in zip(ann.turns, pieces):
        turns.append(_turn(spec, piece, names[spec.role], glossary))
        if not turns[-1].en and not turns[-1].zh:
            raise SeedError(ann.path, f"{spec.where()}: empty in both languages")
    return tuple(turns)


def _turn(spec: TurnSpec, piece: _Pieces, speaker: str, glossary: Glossary) -> Turn:
    en_verbatim = "\n".join(text for _, text in piece.en)
    zh_machine_verbatim = "\n".join(text for _, text in piece.zh)
    zh_article = "\n".join(text for _, text in piece.article) or None
    zh_machine = "\n".join(glossary.apply(text, "zh") for _, text in piece.zh)
    shows_article = zh_article is not None and spec.zh_display == "article"
    return Turn(
        order=spec.number,
        role=spec.role,  # type: ignore[arg-type]
        speaker=speaker,
        topic_key=spec.topic,
        en="\n".join(glossary.apply(text, "en") for _, text in piece.en),
        en_verbatim=en_verbatim,
        zh=zh_article if shows_article else zh_machine,
        zh_source="article" if shows_article else "machine",
        zh_machine=zh_machine,
        zh_machine_verbatim=zh_machine_verbatim,
        zh_article=zh_article,
        source=SourceRef(
            transcript_lines=tuple(line for line, _ in piece.en),
            article_lines=tuple(line for lines, _ in piece.article for line in lines),
            machine_lines=tuple(line for line, _ in piece.zh),
        ),
    )


def _check_topic_order(ann: Annotations) -> None:
    """Turns go through the topics in their listed order, and every topic has a turn."""
    order = {topic.key: index for index, topic in enumerate(ann.topics)}
    current = 0
    for spec in ann.turns:
        if order[spec.topic] < current:
            raise SeedError(ann.path, f"{spec.where()}: topic {spec.topic!r} comes back after a later topic")
        current = order[spec.topic]
    unused = set(order) - {spec.topic for spec in ann.turns}
    if unused:
        raise SeedError(ann.path, f"topics without turns: {sorted(unused)}")


# --- transcript ---------------------------------------------------------------------------


def _cut_transcript(ann: Annotations, transcript: Transcript, pieces: list[_Pieces]) -> None:
    index = {pair.en_line: i for i, pair in enumerate(transcript.pairs)}
    starts: list[tuple[int, tuple[int, int], tuple[int, int]]] = []  # (turn, en pos, zh pos)
    for number, spec in enumerate(ann.turns):
        if spec.en is None:
            continue
        if spec.en.line not in index:
            raise SeedError(transcript.path, f"{spec.where()} starts here, but this is not an English paragraph "
                            "line (header, skipped, Chinese or past the end)", spec.en.line)
        p = index[spec.en.line]
        pair = transcript.pairs[p]
        en_at = _find(transcript.path, pair.en_line, pair.en, spec.en.text, spec, "English", _en_boundary)
        if spec.zh == "":  # the machine translation dropped this turn's start: it begins at line end
            if en_at == 0:
                raise SeedError(ann.path, f"{spec.where()}: zh = \"\" is only allowed for a turn starting mid-line")
            zh_at = len(pair.zh)
        else:
            zh_at = _find(transcript.path, pair.zh_line, pair.zh, spec.zh or "", spec, "Chinese", _zh_boundary)
        starts.append((number, (p, en_at), (p, zh_at)))
    if not starts:
        raise SeedError(ann.path, "no turn starts in the transcript")
    _check_starts(ann, transcript.path, transcript.pairs[0].en_line, starts)
    end = (len(transcript.pairs), 0)
    for (number, en_from, zh_from), following in zip(starts, starts[1:] + [(None, end, end)]):
        spec = ann.turns[number]
        pieces[number].en.extend(_slice(transcript, en_from, following[1], english=True))
        pieces[number].zh.extend(_slice(transcript, zh_from, following[2], english=False))
        if not pieces[number].en:
            raise SeedError(ann.path, f"{spec.where()}: no English text before the next turn starts")


def _check_starts(ann: Annotations, path: Path, first_line: int, starts) -> None:
    """Starts must move forward (English strictly, Chinese never back) from the very first word."""
    number, en_from, zh_from = starts[0]
    if en_from != (0, 0) or zh_from != (0, 0):
        raise SeedError(path, f"{ann.turns[number].where()}: the first turn must start at the beginning of "
                        "the first speech line, or text before it would be lost", first_line)
    for (_, en_a, zh_a), (later, en_b, zh_b) in zip(starts, starts[1:]):
        spec = ann.turns[later]
        if en_b <= en_a:
            raise SeedError(ann.path, f"{spec.where()}: English start is not after the previous turn's start")
        if zh_b < zh_a:
            raise SeedError(ann.path, f"{spec.where()}: Chinese start {spec.zh!r} is before the previous turn's start")


def _slice(transcript: Transcript, start: tuple[int, int], stop: tuple[int, int], *, english: bool):
    """(line, text) pieces from position `start` up to `stop`, skipping empty pieces."""
    out = []
    for p in range(start[0], min(stop[0], len(transcript.pairs) - 1) + 1):
        pair = transcript.pairs[p]
        text, line = (pair.en, pair.en_line) if english else (pair.zh, pair.zh_line)
        begin = start[1] if p == start[0] else 0
        finish = stop[1] if p == stop[0] else len(text)
        piece = text[begin:finish].strip()
        if piece:
            out.append((line, piece))
    return out


# --- article ------------------------------------------------------------------------------


def _cut_article(ann: Annotations, article: Article, pieces: list[_Pieces]) -> None:
    starts: list[tuple[int, tuple[int, int]]] = []  # (turn, (paragraph, offset))
    for number, spec in enumerate(ann.turns):
        if spec.article is not None:
            starts.append((number, _article_position(article, spec)))
    if not starts:
        return  # an interview may have no article coverage at all
    first_number, first = starts[0]
    if first != (0, 0):
        raise SeedError(article.path, f"{ann.turns[first_number].where()}: the first article turn must start at "
                        "the first interview paragraph, or text before it would be lost", article.paragraphs[0].first_line)
    for (_, a), (later, b) in zip(starts, starts[1:]):
        if b <= a:
            raise SeedError(ann.path, f"{ann.turns[later].where()}: article start is not after the previous one")
    end = (len(article.paragraphs), 0)
    for (number, begin), (_, stop) in zip(starts, starts[1:] + [(None, end)]):
        pieces[number].article.extend(_slice_article(article, begin, stop))
    _check_labels(ann, article, [(begin, number) for number, begin in starts])


def _slice_article(article: Article, start: tuple[int, int], stop: tuple[int, int]):
    """(file lines, text) per paragraph from position `start` up to `stop`, skipping empty pieces."""
    out = []
    for p in range(start[0], min(stop[0], len(article.paragraphs) - 1) + 1):
        paragraph = article.paragraphs[p]
        begin = start[1] if p == start[0] else 0
        finish = stop[1] if p == stop[0] else len(paragraph.text)
        text = paragraph.text[begin:finish]
        if text.strip():
            begin += len(text) - len(text.lstrip())
            text = text.strip()
            out.append((paragraph.lines_of(begin, begin + len(text)), text))
    return out


def _article_position(article: Article, spec: TurnSpec) -> tuple[int, int]:
    anchor = spec.article
    assert anchor is not None
    for p, paragraph in enumerate(article.paragraphs):
        if anchor.line in paragraph.char_lines:
            at = _find(article.path, anchor.line, paragraph.text, anchor.text, spec, "article", _zh_boundary,
                       same_line=lambda i: paragraph.char_lines[i] == anchor.line)
            return p, at
    raise SeedError(article.path, f"{spec.where()}: article start {anchor.text!r} expected here, but this line "
                    "holds no interview text (heading, label, blank or outside the interview lines)", anchor.line)


def _check_labels(ann: Annotations, article: Article, owners: list[tuple[tuple[int, int], int]]) -> None:
    """Each labelled paragraph must open text of a turn of the same role, unless listed as mislabelled.

    The article's labels are mostly right, so a disagreement is either an annotation mistake
    or a known article mistake that a reviewer wrote down in `[article] mislabelled`.
    """
    known = {paragraph.first_line for paragraph in article.paragraphs if paragraph.label is not None}
    for line in ann.mislabelled:
        if line not in known:
            raise SeedError(ann.path, f"[article] mislabelled lists line {line}, which starts no labelled paragraph")
    for p, paragraph in enumerate(article.paragraphs):
        if paragraph.label is None:
            continue
        owner = _owner(owners, (p, 0))
        if owner is None:
            continue
        spec = ann.turns[owner]
        labelled = ann.labels[paragraph.label]
        listed = paragraph.first_line in ann.mislabelled
        if labelled != spec.role and not listed:
            raise SeedError(article.path, f"labelled {paragraph.label!r} ({labelled}) but falls in {spec.where()}; "
                            "fix the annotation or list this line in [article] mislabelled", paragraph.first_line)
        if labelled == spec.role and listed:
            raise SeedError(ann.path, f"[article] mislabelled lists line {paragraph.first_line}, "
                            "but its label agrees with the annotation")


def _owner(owners: list[tuple[tuple[int, int], int]], position: tuple[int, int]) -> int | None:
    """The turn whose article text contains `position` (owners are in start order)."""
    found = None
    for start, number in owners:
        if start > position:
            break
        found = number
    return found


# --- anchors ------------------------------------------------------------------------------


def _en_boundary(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace()


def _zh_boundary(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in _ZH_BREAKS or text[at - 1].isspace()


def _find(path: Path, line: int, text: str, anchor: str, spec: TurnSpec, what: str, boundary,
          same_line=lambda i: True) -> int:
    """The one offset where `anchor` starts a turn in `text`; not found or ambiguous is an error."""
    if not anchor or anchor != anchor.lstrip():
        raise SeedError(path, f"{spec.where()}: {what} start {anchor!r} must be non-empty, without leading space", line)
    hits = []
    at = text.find(anchor)
    while at != -1:
        if same_line(at) and boundary(text, at):
            hits.append(at)
        at = text.find(anchor, at + 1)
    if not hits:
        raise SeedError(path, f"{spec.where()}: {what} start {anchor!r} not found at a word or sentence "
                        "boundary on this line", line)
    if len(hits) > 1:
        raise SeedError(path, f"{spec.where()}: {what} start {anchor!r} occurs {len(hits)} times on this line; "
                        "give more words", line)
    return hits[0]
