"""Interviews are found from the data: a new `<slug>/annotations.toml` needs no code change."""

from __future__ import annotations

import shutil

from bot.corpus import load_seeds
from bot.storage.ingest import seeds_digest

SLUG = "eye-on-ai-118"


def test_a_copied_interview_directory_is_a_second_interview(seeds_copy):
    shutil.copytree(seeds_copy / SLUG, seeds_copy / "another-interview")
    (seeds_copy / "drafts").mkdir()  # no annotations.toml: not an interview
    (seeds_copy / "drafts" / "transcript.txt").write_text("not yet\n", encoding="utf-8")
    first, second = load_seeds(seeds_copy)
    assert (first.slug, second.slug) == ("another-interview", SLUG)
    assert first.turns == second.turns and first.topics == second.topics


def test_the_seeds_digest_follows_every_interview_file_and_the_glossary(seeds_copy):
    """The one digest ingest reads to decide a rebuild (meta.seeds_digest)."""
    shutil.copytree(seeds_copy / SLUG, seeds_copy / "another-interview")
    before = seeds_digest(seeds_copy)
    assert seeds_digest(seeds_copy) == before  # unchanged files, same digest
    article = seeds_copy / "another-interview" / "article.md"
    article.write_bytes(article.read_bytes() + b"\n")
    after = seeds_digest(seeds_copy)
    assert after != before
    glossary = seeds_copy / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    assert seeds_digest(seeds_copy) not in (before, after)
