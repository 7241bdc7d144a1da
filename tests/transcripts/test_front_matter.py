"""The minimal YAML front-matter reader."""

from __future__ import annotations

import pytest

from bot.transcripts.front_matter import split_front_matter
from bot.transcripts.model import TranscriptError

FRONT = '''\
---
guest: Ada Chen Rekhi
title: Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen
  Rekhi
# a comment
publish_date: 2023-04-21
description: 'It''s time to leave your job and what to
  consider before doing so.

  Find the full episode here.

  '
quoted: "The \\u201CLocal CEO\\u201D model, raw intellect & building\\
  \\ wow products"
empty_list: []
keywords:
- growth
- 'user research'
---
# Title
'''


def read(text: str) -> dict:
    metadata, body_start = split_front_matter(text.split("\n"), "ep.md")
    return metadata


def test_the_subset_transcripts_use():
    metadata, body_start = split_front_matter(FRONT.split("\n"), "ep.md")
    assert metadata == {
        "guest": "Ada Chen Rekhi",
        "title": "Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen Rekhi",
        "publish_date": "2023-04-21",
        "description": "It's time to leave your job and what to consider before doing so.\nFind the full episode here.\n",
        "quoted": "The “Local CEO” model, raw intellect & building wow products",
        "empty_list": [],
        "keywords": ["growth", "user research"],
    }
    assert FRONT.split("\n")[body_start] == "# Title"


def test_no_front_matter():
    assert split_front_matter(["Ada (00:00:01):", "Hi."], "ep.md") == ({}, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "ep.md:1: front matter opened with `---` is never closed"),
        ("---\ntitle: x\njust words\n---\n", "ep.md:3: front matter: expected `key: value`"),
        ("---\nnotes: |\n  a block\n---\n", "ep.md:2: front matter: '|' values are not supported here"),
        ("---\ntitle: 'open\n---\n", "ep.md:2: front matter: unclosed single quote"),
        ('---\ntitle: "open\n---\n', "ep.md:2: front matter: unclosed double quote"),
    ],
)
def test_what_it_does_not_read_is_an_error_at_its_line(text, message):
    with pytest.raises(TranscriptError) as caught:
        read(text)
    assert str(caught.value) == message
