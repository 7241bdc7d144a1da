"""Ingestion: built from seeds when missing or changed, idempotent, and never at the cost of preferences."""

import shutil
import sqlite3

import pytest

from bot.corpus.errors import SeedError
from bot.storage.export import export_turns
from bot.search.index import build_index
from bot.storage.ingest import ingest
from bot.storage.schema import connect
from tests.e2e.botprocess import REPO


@pytest.fixture
def seeds(tmp_path):
    return shutil.copytree(REPO / "seeds", tmp_path / "seeds")


def test_second_ingest_of_unchanged_seeds_changes_nothing(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    first = ingest(db, seeds, build_index=build_index)
    before = export_turns(db)
    second = ingest(db, seeds, build_index=build_index)
    assert first.changed and not second.changed
    assert export_turns(db) == before and second.turns == first.turns == len(before)
    rebuilt = ingest(db, seeds, build_index=build_index, force=True)
    assert rebuilt.changed and export_turns(db) == before  # a rebuild is identical


def test_changed_seeds_rebuild_and_keep_preferences(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    with connect(db) as conn:
        conn.execute("INSERT INTO user_prefs (user_id, language) VALUES (1, 'zh-hant')")
    glossary = seeds / "glossary.toml"
    glossary.write_text(glossary.read_text() + "\n# reviewed again\n")
    assert ingest(db, seeds, build_index=build_index).changed
    assert sqlite3.connect(db).execute("SELECT language FROM user_prefs WHERE user_id = 1").fetchone() == ("zh-hant",)


def test_export_has_every_field_and_both_speakers(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    turns = export_turns(db)
    assert {"id", "speaker", "en", "zh", "topic", "source"} <= turns[0].keys()
    assert [t["id"] for t in turns] == list(range(1, len(turns) + 1))
    assert {t["speaker"] for t in turns} == {"Ilya Sutskever", "Craig Smith"}


def test_export_gives_the_readable_edition_and_keeps_the_transcript_as_it_is(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    turns = export_turns(db)
    (hire,) = [t for t in turns if "higher people" in t["en_verbatim"]]
    assert hire["en"].startswith("The way we do things today is that it would be... hire people to teach")
    assert hire["en_verbatim"].startswith("The way we do things today is that it would be higher people")
    (pulitzer,) = [t for t in turns if "普利策" in t["zh"]]
    assert pulitzer["zh_source"] == "machine" and "普利策" not in pulitzer["zh_machine"]


def test_editing_a_reviewed_layer_rebuilds_the_corpus(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    edition = seeds / "eye-on-ai-118" / "edition.toml"
    edition.write_text(edition.read_text().replace("it infers: oh, that's", "it infers: oh! That's"))
    featured = seeds / "eye-on-ai-118" / "featured.toml"  # which quotes that sentence: the reviewer updates it too
    featured.write_text(featured.read_text().replace("it infers: oh, that's", "it infers: oh! That's"))
    assert ingest(db, seeds, build_index=build_index).changed
    assert any("it infers: oh! That's not what you wanted." in t["en"] for t in export_turns(db))


def test_a_corrupted_seed_names_the_file_and_keeps_the_old_corpus(tmp_path, seeds):
    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    before = export_turns(db)
    transcript = seeds / "eye-on-ai-118" / "transcript.txt"
    transcript.write_text(transcript.read_text()[:20000])
    with pytest.raises(SeedError, match="transcript.txt"):
        ingest(db, seeds, build_index=build_index)
    assert export_turns(db) == before


def test_importing_an_interview_never_renumbers_the_seed_interviews_turns(tmp_path, seeds):
    """Deep links name turns by id: those of the hand-written interview stay valid after an import."""
    from bot.corpus.importer import ImportOptions, commit, plan_import, stage
    from tests.transcripts.helpers import EXAMPLES, shared

    db = tmp_path / "q.sqlite3"
    ingest(db, seeds, build_index=build_index)
    before = [(t["id"], t["en"]) for t in export_turns(db)]
    plan = plan_import(shared(EXAMPLES / "example.srt"), ImportOptions(slug="aaa-sorts-first"))
    commit(stage([plan], seeds)[0], seeds)
    assert ingest(db, seeds, build_index=build_index).changed
    after = export_turns(db)
    assert [(t["id"], t["en"]) for t in after if t["interview"] == "eye-on-ai-118"] == before
    imported = [t["id"] for t in after if t["interview"] == "aaa-sorts-first"]
    assert imported == list(range(imported[0], imported[0] + len(imported))) and imported[0] > len(before)


def test_an_imported_interviews_turn_ids_stay_when_others_are_imported_or_removed(tmp_path, seeds):
    """Links to an imported interview's turns keep naming them: its ids depend on its slug alone."""
    from bot.corpus.importer import ImportOptions, commit, plan_import, stage
    from tests.transcripts.helpers import EXAMPLES, shared

    db = tmp_path / "q.sqlite3"

    def ids_of(slug: str) -> list[tuple[int, str]]:
        """The interview's id (which /interviews, topic and narrowing buttons carry), then its turns'."""
        ingest(db, seeds, build_index=build_index)
        with sqlite3.connect(db) as conn:
            (interview_id,) = conn.execute("SELECT id FROM interviews WHERE slug = ?", (slug,)).fetchone()
        return [(interview_id, "")] + [(t["id"], t["en"]) for t in export_turns(db) if t["interview"] == slug]

    for slug in ("mmm-kept", "zzz-other"):
        commit(stage([plan_import(shared(EXAMPLES / "example.srt"), ImportOptions(slug=slug))], seeds)[0], seeds)
    kept = ids_of("mmm-kept")
    commit(stage([plan_import(shared(EXAMPLES / "example.vtt"), ImportOptions(slug="aaa-new"))], seeds)[0], seeds)
    assert ids_of("mmm-kept") == kept
    shutil.rmtree(seeds / "zzz-other")
    assert ids_of("mmm-kept") == kept and max(i for i, _ in kept) < 10**9
    assert ids_of("eye-on-ai-118")[0] == (1, "")  # the hand-written interview's, as before any import


def test_turn_id_blocks_never_overlap(tmp_path):
    """Two slugs hashing to one block: the second takes the next free block."""
    from dataclasses import replace

    from bot.corpus.model import Interview
    from bot.storage.ingest import TURNS_PER_BLOCK, turn_id_bases

    base = Interview("x", "X", "", "", "", (), (), imported=True)
    interviews = [replace(base, slug="same"), replace(base, slug="same"), replace(base, slug="other"),
                  replace(base, slug="hand", imported=False)]
    bases = turn_id_bases(interviews)
    assert len(set(bases)) == 4 and bases[3] == 0
    assert abs(bases[1] - bases[0]) == TURNS_PER_BLOCK
