"""Broken seeds raise `SeedError` with a one-line message naming the file (and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import load_seeds
from bot.corpus.errors import SeedError

SLUG = "eye-on-ai-118"


def load_error(seeds: Path) -> str:
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds)
    message = str(caught.value)
    assert "\n" not in message
    return message


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_untouched_copy_loads(seeds_copy):
    assert [i.slug for i in load_seeds(seeds_copy)] == [SLUG]


def test_missing_transcript(seeds_copy):
    (seeds_copy / SLUG / "transcript.txt").unlink()
    assert load_error(seeds_copy) == f"{seeds_copy / SLUG / 'transcript.txt'}: file is missing"


def test_missing_article(seeds_copy):
    (seeds_copy / SLUG / "article.md").unlink()
    assert "article.md: file is missing" in load_error(seeds_copy)


def test_missing_glossary(seeds_copy):
    (seeds_copy / "glossary.toml").unlink()
    assert "glossary.toml: file is missing" in load_error(seeds_copy)


def test_truncated_transcript_has_an_odd_line_count(seeds_copy):
    path = seeds_copy / SLUG / "transcript.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # the last Chinese line is gone
    message = load_error(seeds_copy)
    assert "transcript.txt:" in message and "expected English/Chinese pairs" in message


def test_transcript_with_lines_lost_in_the_middle_is_misaligned(seeds_copy):
    path = seeds_copy / SLUG / "transcript.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    del lines[40]  # line 41 (a Chinese line) ...
    del lines[20]  # ... and line 21: the count stays even, but line 20 is now followed by English
    path.write_text("\n".join(lines), encoding="utf-8")
    message = load_error(seeds_copy)
    assert message == f"{path}:21: expected the machine Chinese of line 20 here"


def test_corrupted_transcript_bytes(seeds_copy):
    path = seeds_copy / SLUG / "transcript.txt"
    path.write_bytes(path.read_bytes()[:5000] + b"\xff\xfe" + path.read_bytes()[5000:])
    assert "transcript.txt: not valid UTF-8" in load_error(seeds_copy)


def test_english_anchor_not_found_names_the_transcript_line(seeds_copy):
    edit(seeds_copy / SLUG / "transcript.txt", "So for context at OpenAI", "So for the context at OpenAI")
    message = load_error(seeds_copy)
    assert message.startswith(f"{seeds_copy / SLUG / 'transcript.txt'}:32: ")
    assert "'So for context at OpenAI' not found" in message


def test_chinese_anchor_not_found_names_the_chinese_line(seeds_copy):
    edit(seeds_copy / SLUG / "annotations.toml", 'zh = "所以,在OpenAI"', 'zh = "所以，在OpenAI"')
    assert "transcript.txt:33: " in load_error(seeds_copy)


def test_ambiguous_anchor(seeds_copy):
    edit(seeds_copy / SLUG / "annotations.toml", 'en = "yeah yeah"', 'en = "yeah"')
    message = load_error(seeds_copy)
    assert "transcript.txt:115: " in message and "give more words" in message


def test_anchor_on_a_skipped_line(seeds_copy):
    edit(seeds_copy / SLUG / "annotations.toml", "line = 104\nen = \"on this idea", "line = 106\nen = \"on this idea")
    message = load_error(seeds_copy)
    assert "transcript.txt:106: " in message and "not an English paragraph line" in message


def test_article_anchor_not_found_names_the_article_line(seeds_copy):
    edit(seeds_copy / SLUG / "article.md", "作为背景，在OpenAI", "作为背景,在OpenAI")
    assert "article.md:57: " in load_error(seeds_copy)


def test_article_label_disagreeing_with_the_annotation(seeds_copy):
    path = seeds_copy / SLUG / "annotations.toml"
    edit(path, "mislabelled = [\n  { line = 51,", "unused = [\n  { line = 51,")
    assert "annotations.toml: [article]: unknown keys ['unused']" in load_error(seeds_copy)
    edit(path, "unused = [\n  { line = 51,", "mislabelled = [\n  { line = 52,")
    assert "annotations.toml: [article] mislabelled lists line 52, which starts no labelled" in load_error(seeds_copy)
    edit(path, "mislabelled = [\n  { line = 52,", "mislabelled = [\n  { line = 47,")
    assert "annotations.toml: [article] mislabelled lists line 47, but its label agrees" in load_error(seeds_copy)
    edit(path, "mislabelled = [\n  { line = 47,", "mislabelled = [\n  # { line = 47,")
    message = load_error(seeds_copy)
    assert "article.md:51: labelled 'Ilya' (guest) but falls in turn 8 (host, line 30)" in message


def test_malformed_annotations_toml(seeds_copy):
    path = seeds_copy / SLUG / "annotations.toml"
    edit(path, '[[turn]]\nspeaker = "host"\ntopic = "intro"', '[[turn]\nspeaker = "host"\ntopic = "intro"')
    message = load_error(seeds_copy)
    assert message.startswith(f"{path}: invalid TOML")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('speaker = "guest"\ntopic = "background"', 'topic = "background"', "turn 3: missing key 'speaker'"),
        ('speaker = "host"\ntopic = "intro"', 'speaker = "Craig"\ntopic = "intro"', "speaker 'Craig' is not one of"),
        ('topic = "outro"\nline', 'topic = "ending"\nline', "unknown topic 'ending'"),
        ("line = 12\n", "line = \"12\"\n", "'line' must be int"),
        ('date = "2023-03-14"', 'date = "14.03.2023"', "is not an ISO date"),
        ("interview = [28, 85]", "interview = [28, 78]", "article.md:80: speaker label '主持人' outside"),
        ('line = 24\nen = "That\'s 2003 almost exactly"\nzh = "大概是在2003年"', 'line = 20\nen = "AI is so big"\nzh = "AI非常大"',
         "turn 6 (host, line 20): English start is not after the previous turn's start"),
        ('{ line = 37, text = "对大脑与机器学习的探索" }', '{ line = 37, text = "大脑" }', "expected heading '大脑'"),
    ],
)
def test_annotation_mistakes(seeds_copy, old, new, expected):
    edit(seeds_copy / SLUG / "annotations.toml", old, new)
    message = load_error(seeds_copy)
    assert expected in message
    assert "annotations.toml" in message or "article.md" in message or "transcript.txt" in message


def test_first_turn_must_start_at_the_first_word(seeds_copy):
    edit(seeds_copy / SLUG / "annotations.toml", 'line = 4\nen = "I\'m Craig Smith and this is"\nzh = "我是克雷格·史密斯"',
         'line = 4\nen = "This week I talk"\nzh = "本周我与"')
    assert "transcript.txt:4: " in load_error(seeds_copy)
