"""Interviews are found from the data: a new `<slug>/annotations.toml` needs no code change."""

from __future__ import annotations

import shutil

from bot.corpus import load_seeds

SLUG = "eye-on-ai-118"


def test_a_copied_interview_directory_is_a_second_interview(seeds_copy):
    shutil.copytree(seeds_copy / SLUG, seeds_copy / "another-interview")
    (seeds_copy / "drafts").mkdir()  # no annotations.toml: not an interview
    (seeds_copy / "drafts" / "transcript.txt").write_text("not yet\n", encoding="utf-8")
    first, second = load_seeds(seeds_copy)
    assert (first.slug, second.slug) == ("another-interview", SLUG)
    assert first.turns == second.turns and first.topics == second.topics
    assert first.seed_digest == second.seed_digest  # same bytes, same digest


def test_seed_digest_follows_the_interview_files_and_the_glossary(seeds_copy):
    shutil.copytree(seeds_copy / SLUG, seeds_copy / "another-interview")
    before = {i.slug: i.seed_digest for i in load_seeds(seeds_copy)}
    article = seeds_copy / "another-interview" / "article.md"
    article.write_bytes(article.read_bytes() + b"\n")  # back matter grows by one line ...
    annotations = seeds_copy / "another-interview" / "annotations.toml"
    text = annotations.read_text(encoding="utf-8").replace("lines = [86, 106]", "lines = [86, 107]")
    annotations.write_text(text, encoding="utf-8")  # ... and the annotation says so
    after = {i.slug: i.seed_digest for i in load_seeds(seeds_copy)}
    assert after[SLUG] == before[SLUG] and after["another-interview"] != before["another-interview"]
    glossary = seeds_copy / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    again = {i.slug: i.seed_digest for i in load_seeds(seeds_copy)}
    assert again[SLUG] != after[SLUG]
