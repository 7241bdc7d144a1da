"""Every real published transcript in ../shared/transcripts imports, loads and (slow) ingests.

303 Lenny's Podcast episodes (Markdown), 70 Virtual Coffee episodes (SRT) and the Podcast
Index examples in four formats, imported in one batch beside the seed interview, as
`quotebot import` does it (the CLI itself is exercised in test_import_command.py).
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from bot.corpus import load_seeds
from bot.corpus.importer import ImportOptions, commit, plan_import, stage, unique_slugs
from bot.search.index import build_index
from bot.storage.export import export_turns
from bot.storage.ingest import ingest
from tests.corpus.conftest import INTERVIEW_DIR, SEEDS, SLUG
from tests.corpus.import_helpers import EXAMPLES, LENNY, VIRTUAL_COFFEE, shared

EXAMPLE_FORMATS = ("example.json", "example.vtt", "example.srt", "example.html")


def real_files() -> list:
    lenny = sorted(shared(LENNY).glob("*/transcript.md"))
    coffee = sorted(shared(VIRTUAL_COFFEE).glob("*.srt"))
    assert (len(lenny), len(coffee)) == (303, 70)
    return lenny + coffee + [shared(EXAMPLES / name) for name in EXAMPLE_FORMATS]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """SEEDS_DIR with the seed interview and every real file imported: (seeds dir, plans)."""
    seeds = tmp_path_factory.mktemp("library") / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "glossary.toml", seeds / "glossary.toml")
    shutil.copytree(INTERVIEW_DIR, seeds / SLUG)
    plans = unique_slugs([plan_import(path, ImportOptions()) for path in real_files()])
    for staged in stage(plans, seeds):
        assert commit(staged, seeds) == "added"
    return seeds, plans


@pytest.fixture(scope="module")
def interviews(library):
    return {interview.slug: interview for interview in load_seeds(library[0])}


def test_every_real_file_is_an_interview_with_its_turns(library, interviews):
    seeds, plans = library
    assert len(interviews) == len(plans) + 1 == 378
    for plan in plans:
        interview = interviews[plan.slug]
        source = seeds / plan.slug / plan.source.name
        assert source.read_bytes() == plan.source.read_bytes(), plan.source  # copied unchanged
        assert len(interview.turns) == len(plan.annotation.turns) >= 2, plan.source
        assert interview.guest and all(t.en for t in interview.turns), plan.source
        assert [t.order for t in interview.turns] == list(range(1, len(interview.turns) + 1))
    formats = {plan.annotation.source_format for plan in plans}
    assert formats == {"markdown", "srt", "podcast-json", "webvtt", "html"}
    assert sum(len(i.turns) for i in interviews.values()) > 53_000


def test_every_turn_keeps_its_start_time(interviews, library):
    for plan in library[1]:
        starts = [turn.start for turn in interviews[plan.slug].turns]
        if plan.annotation.source_format == "markdown" and None in starts:
            continue  # two episodes mark some turns with `Name:` alone, without a time
        assert None not in starts, plan.source
        assert starts == [turn.start for turn in plan.annotation.turns]  # as the file says, read back
        # In the order spoken, but as published: 38 files have a time up to a minute before the last.
        assert all(later >= earlier - 60 for earlier, later in zip(starts, starts[1:])), plan.source


def test_front_matter_metadata_reaches_every_markdown_episode(library, interviews):
    episodes = [interviews[plan.slug] for plan in library[1] if plan.annotation.source_format == "markdown"]
    assert len(episodes) == 303
    # Three episodes have no publish_date, four no youtube_url (two write it empty); the rest have both.
    assert sum(bool(i.date) for i in episodes) == 300
    assert sum(i.url.startswith("https://www.youtube.com/watch?v=") for i in episodes) == 299
    assert all(i.title and not i.title.endswith(".md") for i in episodes)


@pytest.mark.slow
def test_the_whole_library_ingests_lexically_and_exports_slug_and_start(library, tmp_path):
    seeds, plans = library
    db = tmp_path / "library.sqlite3"
    report = ingest(db, seeds, build_index=build_index)
    assert report.interviews == 378 and report.turns > 53_000
    turns = export_turns(db)
    assert len(turns) == report.turns
    assert {turn["interview"] for turn in turns} == {SLUG} | {plan.slug for plan in plans}
    assert sum(turn["start"] is not None for turn in turns) > 53_000
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM interviews WHERE url != ''").fetchone()[0] == 299
