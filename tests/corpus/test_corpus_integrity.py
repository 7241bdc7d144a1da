"""The turns reproduce the sources exactly: every speech line, every article paragraph.

The expected side is read straight from the files with plain string handling, not with the
corpus readers, so a reader bug cannot hide behind itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

INTERVIEW_DIR = Path(__file__).resolve().parents[2] / "seeds" / "eye-on-ai-118"

TRANSCRIPT = (INTERVIEW_DIR / "transcript.txt").read_text(encoding="utf-8").split("\n")
ARTICLE = (INTERVIEW_DIR / "article.md").read_text(encoding="utf-8").split("\n")
if ARTICLE[-1] == "":
    ARTICLE.pop()
LABEL = re.compile(r"^\*\*(Ilya|主持人)\*\*\s*")


def squash(text: str) -> str:
    """Compare text with whitespace aside (wrapping and joining may move spaces)."""
    return re.sub(r"\s+", "", text)


def per_line(turns, text_of, lines_of) -> dict[int, str]:
    """Source line -> the turns' pieces from that line, concatenated in turn order."""
    found: dict[int, str] = defaultdict(str)
    for turn in turns:
        text, lines = text_of(turn), lines_of(turn)
        pieces = text.split("\n") if text else []
        assert len(pieces) == len(lines), f"turn {turn.order}: {len(pieces)} pieces for lines {lines}"
        for line, piece in zip(lines, pieces):
            assert piece.strip(), f"turn {turn.order}: empty piece for line {line}"
            found[line] += piece
    return found


def transcript_layout(annotation):
    header = annotation["transcript"]["header"]["lines"]
    skipped = {s["line"] for s in annotation["transcript"]["skip"]}
    excluded = set(range(header[0], header[1] + 1)) | skipped
    speech = [n for n in range(1, len(TRANSCRIPT) + 1) if n not in excluded]
    return excluded, speech[0::2], speech[1::2]


def test_excluded_transcript_lines_are_exactly_the_header_and_the_translators_note(annotation):
    excluded, _, _ = transcript_layout(annotation)
    assert excluded == {1, 2, 3, 106}
    assert TRANSCRIPT[105].startswith("(注")
    assert all(s["reason"].strip() for s in annotation["transcript"]["skip"])


def test_every_english_paragraph_is_reproduced_exactly(interview, annotation):
    excluded, en_lines, _ = transcript_layout(annotation)
    found = per_line(interview.turns, lambda t: t.en_verbatim, lambda t: t.source.transcript_lines)
    assert sorted(found) == en_lines
    for line in en_lines:
        assert squash(found[line]) == squash(TRANSCRIPT[line - 1]), f"transcript line {line}"
    assert not excluded & set(found)


def test_every_machine_chinese_paragraph_is_reproduced_exactly(interview, annotation):
    excluded, _, zh_lines = transcript_layout(annotation)
    found = per_line(interview.turns, lambda t: t.zh_machine_verbatim, lambda t: t.source.machine_lines)
    assert sorted(found) == zh_lines
    for line in zh_lines:
        assert squash(found[line]) == squash(TRANSCRIPT[line - 1]), f"transcript line {line}"


def test_turns_walk_through_the_transcript_in_order(interview):
    lines = [line for turn in interview.turns for line in turn.source.transcript_lines]
    assert lines == sorted(lines)
    # A line shared by two turns is split between them; it is never revisited later.
    starts = [turn.source.transcript_lines[0] for turn in interview.turns if turn.source.transcript_lines]
    assert starts == sorted(starts)


def article_layout(annotation):
    """Headings, label-only lines and paragraphs (as line lists) of the interview part."""
    first, last = annotation["article"]["interview"]
    headings = {t["article_heading"]["line"] for t in annotation["topic"] if "article_heading" in t}
    labels_only, paragraphs, current = set(), [], []
    for n in range(first, last + 1):
        raw = ARTICLE[n - 1].strip()
        if not raw:
            if current:
                paragraphs.append(current)
            current = []
        elif n in headings:
            pass
        elif LABEL.sub("", raw) == "":
            labels_only.add(n)
        else:
            current.append(n)
    if current:
        paragraphs.append(current)
    return headings, labels_only, paragraphs


def paragraph_text(lines: list[int]) -> str:
    text = "".join(LABEL.sub("", ARTICLE[n - 1].strip()) for n in lines)
    return text.lstrip("：: ")


def test_article_parts_outside_the_interview_are_the_annotated_front_and_back_matter(annotation):
    article = annotation["article"]
    assert article["front_matter"]["lines"] == [1, 27]
    assert article["interview"] == [28, 85]
    assert article["back_matter"]["lines"] == [86, len(ARTICLE)]
    assert ARTICLE[27] == "**成长经历与早期兴趣**"
    assert ARTICLE[84].startswith("：我同意你所说的大部分内容")
    headings, labels_only, _ = article_layout(annotation)
    assert headings == {28, 37, 44, 49, 59, 71}
    assert labels_only == {30, 46, 56, 68, 73, 80, 84}


def test_every_article_paragraph_is_reproduced_exactly(interview, annotation):
    _, _, paragraphs = article_layout(annotation)
    paragraph_of = {line: index for index, lines in enumerate(paragraphs) for line in lines}
    found: dict[int, str] = defaultdict(str)
    for turn in interview.turns:
        if turn.zh_article is None:
            assert not turn.source.article_lines
            continue
        touched = list(dict.fromkeys(paragraph_of[line] for line in turn.source.article_lines))
        pieces = turn.zh_article.split("\n")
        assert len(pieces) == len(touched), f"turn {turn.order}"
        for index, piece in zip(touched, pieces):
            found[index] += piece
    assert sorted(found) == list(range(len(paragraphs)))
    for index, lines in enumerate(paragraphs):
        assert squash(found[index]) == squash(paragraph_text(lines)), f"article paragraph at line {lines[0]}"


def test_article_lines_used_are_exactly_the_interview_text_lines(interview, annotation):
    _, _, paragraphs = article_layout(annotation)
    used = [line for turn in interview.turns for line in turn.source.article_lines]
    assert used == sorted(used)
    assert set(used) == {line for lines in paragraphs for line in lines}


def test_wrapped_article_lines_are_joined_with_a_space_only_between_latin(interview):
    article_text = "\n".join(t.zh_article for t in interview.turns if t.zh_article)
    assert "Jeff Hinton合作" in article_text  # "Jeff\nHinton"
    assert "AI似乎" in article_text  # "AI\n似乎": no space next to Chinese
    assert "（neural network）" in article_text
    assert "（reinforcement learning from human feedback）" in article_text
    assert "**" not in article_text and "主持人" not in article_text


def test_zh_is_the_article_where_it_covers_the_turn_else_the_machine_chinese(interview):
    condensed = []
    for turn in interview.turns:
        if turn.zh_article is not None and turn.zh_source == "article":
            assert turn.zh == turn.zh_article
        else:
            # The machine Chinese, with zh_corrections.toml's fixes (tests/corpus/test_zh_corrections.py).
            assert turn.zh_source == "machine" and len(turn.zh) >= 0.8 * len(turn.zh_machine)
            if turn.zh_article is not None:
                condensed.append(turn)
    sources = [t.zh_source for t in interview.turns]
    assert sources.count("article") == 13
    # The one turn the article condenses to half (its Sydney/Bing example left out) shows the
    # complete machine Chinese; every other article turn is within 20% of the machine length.
    assert [(t.order, "悉尼" in t.zh, "悉尼" in t.zh_article) for t in condensed] == [(15, True, False)]
    for turn in interview.turns:
        if turn.zh_source == "article" and turn.en:
            assert 0.8 <= len(turn.zh_article) / len(turn.zh_machine) <= 1.2, turn.order



def test_the_translation_is_credited_to_the_articles_byline(interview):
    """The article's front matter names who made the edited translation: the label on its
    Chinese comes from there, not from code."""
    article = (INTERVIEW_DIR / "article.md").read_text(encoding="utf-8")
    assert interview.translation_credit and re.search(rf"作者\s*[:：]\s*{re.escape(interview.translation_credit)}", article)
