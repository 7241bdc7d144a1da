"""Imported interviews as their owner reviews them: `interview.toml` edits, refusals, stops halfway.

Library level (bot.corpus.importer and bot.corpus.imported); the command itself is in
test_import_command.py.
"""

from __future__ import annotations

import re
import shutil

import pytest

from bot.corpus import SeedError, load_seeds
from bot.corpus import importer
from bot.corpus.import_toml import render_annotation
from bot.corpus.imported import ImportedAnnotation, SpeakerEntry, TopicEntry, TurnEntry, read_annotation
from bot.corpus.files import read_seed_toml_tables
from bot.corpus.importer import ImportOptions, commit, plan_import, stage
from bot.storage.ingest import seeds_digest
from tests.corpus.import_helpers import EXAMPLES, LENNY, shared, snapshot


def _import(seeds_copy, path, **options) -> str:
    plan = plan_import(path, ImportOptions(**options))
    (staged,) = stage([plan], seeds_copy)
    commit(staged, seeds_copy)
    return plan.slug


def _interview(seeds_copy, slug):
    (found,) = [interview for interview in load_seeds(seeds_copy) if interview.slug == slug]
    return found


def _edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def example(seeds_copy):
    """The Podcast Index example SRT imported as `example`: its annotation's path."""
    _import(seeds_copy, shared(EXAMPLES / "example.srt"), slug="example", hosts=("Sarah", "Gilon"))
    return seeds_copy / "example" / "interview.toml"


def test_an_imported_interview_loads_beside_the_seed(seeds_copy, example):
    interview = _interview(seeds_copy, "example")
    assert (interview.title, interview.date, interview.url, interview.language) == ("example", "", "", "en")
    assert (interview.host, interview.guest) == ("Sarah & Gilon", "Travis")
    assert [(t.order, t.speaker, t.role, t.start) for t in interview.turns[:3]] == [
        (1, "Travis", "guest", 0.179), (2, "Sarah", "host", 53.03), (3, "Travis", "guest", 102.739)]
    first = interview.turns[0]
    assert first.en.startswith("When you first get started in podcasting") and first.en == first.en_verbatim
    assert (first.zh, first.zh_source, first.source.transcript_lines) == ("", "none", (3,))
    assert [topic.key for topic in interview.topics] == ["example"]
    assert [i.slug for i in load_seeds(seeds_copy)] == ["eye-on-ai-118", "example"]  # hand-written first


def test_a_reviewer_renames_a_speaker_and_changes_roles(seeds_copy, example):
    _edit(example, 'name = "Travis"\nrole = "guest"', 'name = "Travis Albritton"\nrole = "host"')
    _edit(example, 'name = "Sarah"\nrole = "host"', 'name = "Sarah"\nrole = "guest"')
    interview = _interview(seeds_copy, "example")
    assert (interview.host, interview.guest) == ("Travis Albritton & Gilon", "Sarah")
    assert interview.turns[0].speaker == "Travis Albritton" and interview.turns[0].role == "host"


def test_a_reviewer_moves_a_turn_to_another_speaker_and_starts_a_topic(seeds_copy, example):
    text = example.read_text("utf-8")
    text = text.replace('[[turn]]\nspeaker = "travis"\nstart = 102.739',
                        '[[turn]]\nspeaker = "gilon"\ntopic = "growing"\nstart = 100.0')
    text = text.replace('[[speaker]]', '[[topic]]\nkey = "growing"\nen = "Growing a show"\nzh = "节目的成长"\n\n'
                                       '[[speaker]]', 1)
    example.write_text(text, encoding="utf-8")
    with pytest.raises(SeedError, match="topic 'growing' comes before"):  # topics are listed in order
        load_seeds(seeds_copy)
    text = text.replace('[[topic]]\nkey = "growing"\nen = "Growing a show"\nzh = "节目的成长"\n\n', "")
    example.write_text(text.replace("[[turn]]", '[[topic]]\nkey = "growing"\nen = "Growing a show"\n'
                                                'zh = "节目的成长"\n\n[[turn]]', 1), encoding="utf-8")
    interview = _interview(seeds_copy, "example")
    third = interview.turns[2]
    assert (third.speaker, third.start, third.topic_key) == ("Gilon", 100.0, "growing")
    assert [t.topic_key for t in interview.turns] == ["example"] * 2 + ["growing"] * 8
    assert interview.topics[1].name_zh == "节目的成长"


def test_words_edited_out_of_step_are_refused_at_their_line(seeds_copy, example):
    _edit(example, 'words = "Now, when you\'re creating your', 'words = "Then, when you\'re creating your')
    with pytest.raises(SeedError) as caught:
        load_seeds(seeds_copy)
    message = str(caught.value)
    assert re.match(rf"{re.escape(str(example))}:\d+: turn 3: the source's turn 3 \(example.srt:152\) starts "
                    r"\"Now, when you're creating your", message), message
    assert "re-run `quotebot import example.srt --replace`" in message


def test_a_deleted_turn_is_refused(seeds_copy, example):
    text = example.read_text("utf-8")
    last = text.rindex("[[turn]]")
    example.write_text(text[:last], encoding="utf-8")
    with pytest.raises(SeedError, match="9 \\[\\[turn\\]\\] tables, but the source has 10 turns"):
        load_seeds(seeds_copy)


def test_a_changed_source_is_refused(seeds_copy, example):
    source = example.parent / "example.srt"
    source.write_text(source.read_text("utf-8").replace("Sarah:", "Sara:"), encoding="utf-8")
    with pytest.raises(SeedError, match="speaker label 'Sara' is in no \\[\\[speaker\\]\\]'s labels"):
        load_seeds(seeds_copy)


@pytest.mark.parametrize("old, new, reason", [
    ('role = "host"', 'role = "moderator"', "role 'moderator' is not one of"),
    ('speaker = "travis"', 'speaker = "trevor"', "speaker 'trevor' is not the id of a \\[\\[speaker\\]\\]"),
    ('language = "en"', 'language = "fr"', "language 'fr' is not one of"),
    ('date = ""', 'date = "14 March"', "is not an ISO date"),
    ('key = "example"', 'key = "Example Topic"', "must be 1-32 of a-z"),
    ('file = "example.srt"', 'file = "../example.srt"', "must be a plain file name"),
])
def test_shape_errors_name_the_file(seeds_copy, example, old, new, reason):
    _edit(example, old, new)
    with pytest.raises(SeedError, match=reason) as caught:
        load_seeds(seeds_copy)
    assert str(caught.value).startswith(str(example))


def test_an_import_stopped_halfway_leaves_nothing(seeds_copy, monkeypatch):
    before = snapshot(seeds_copy)

    def interrupted(directory):
        raise KeyboardInterrupt  # Ctrl-C after the files were copied, before the folder is in place

    monkeypatch.setattr(importer, "load_imported", interrupted)
    plan = plan_import(shared(EXAMPLES / "example.vtt"), ImportOptions())
    with pytest.raises(KeyboardInterrupt):
        stage([plan], seeds_copy)
    assert snapshot(seeds_copy) == before


def test_a_killed_import_leaves_only_a_dot_directory_nothing_reads(seeds_copy):
    digest = seeds_digest(seeds_copy)
    shutil.copytree(shared(EXAMPLES), seeds_copy / ".import-example-x1y2")  # what SIGKILL would leave
    (seeds_copy / ".import-example-x1y2" / "interview.toml").write_text("not even TOML [", encoding="utf-8")
    assert [i.slug for i in load_seeds(seeds_copy)] == ["eye-on-ai-118"]
    assert seeds_digest(seeds_copy) == digest


def test_the_digest_follows_an_imported_source_of_any_kind(seeds_copy, example):
    before = seeds_digest(seeds_copy)
    source = example.parent / "example.srt"
    source.write_bytes(source.read_bytes() + b"\n")
    assert seeds_digest(seeds_copy) != before


def test_a_folder_with_both_kinds_of_annotation_is_refused(seeds_copy, example):
    shutil.copy(example, seeds_copy / "eye-on-ai-118" / "interview.toml")
    with pytest.raises(SeedError, match="has both annotations.toml and interview.toml"):
        load_seeds(seeds_copy)


def test_the_annotation_reads_back_as_written(tmp_path):
    annotation = ImportedAnnotation(
        title='A "quoted" title \\ with 中文 and \x7f', date="2024-02-29", url="https://example.org/e?a=1&b=2",
        language="en", source_file="t.vtt", source_format="webvtt", chapters_file="chapters.json",
        speakers=(SpeakerEntry("ann", "Ann O'Neil", "host", ("Ann", "ANN")),
                  SpeakerEntry("bo", "Bo", "guest", ("SPEAKER_01",))),
        topics=(TopicEntry("intro", "Intro", "开场", 0.0), TopicEntry("end", "The end")),
        turns=(TurnEntry("ann", "intro", 0.5, 3, "Hello\tthere"), TurnEntry("bo", "intro", None, None, "Hi"),
               TurnEntry("ann", "end", 1e-7, 9, "Bye")),
    )
    path = tmp_path / "interview.toml"
    path.write_text(render_annotation(annotation), encoding="utf-8")
    assert read_annotation(path, read_seed_toml_tables(path, "turn")) == annotation
    assert path.read_text("utf-8").count("topic = ") == 2  # only where the topic changes


def test_an_interview_held_in_traditional_chinese_is_stored_simplified(seeds_copy, tmp_path):
    source = tmp_path / "podcast.md"
    source.write_text("---\ntitle: 科技對談\npublish_date: 2024-05-01\n---\n\n"
                      "主持人 (00:00:01):\n歡迎收聽本節目，今天我們聊聊網路與資料。\n\n"
                      "來賓 (00:00:09):\n謝謝邀請，這個問題很有意思。\n", encoding="utf-8")
    slug = _import(seeds_copy, source, slug="keji", hosts=("主持人",))
    interview = _interview(seeds_copy, slug)
    assert (interview.title, interview.date, interview.language) == ("科技對談", "2024-05-01", "zh-hant")
    host, guest = interview.turns
    assert host.en == "" and host.zh_source == "transcript"
    assert "欢迎收听本节目" in host.zh and "歡迎" not in host.zh  # Simplified, as every stored `zh`
    assert (guest.speaker, guest.role, guest.start) == ("來賓", "guest", 9.0)


def test_a_speaker_map_joins_two_spellings_of_one_person(seeds_copy):
    path = shared(LENNY / "ada-chen-rekhi" / "transcript.md")
    slug = _import(seeds_copy, path, speakers={"Lenny": "Lenny Rachitsky"})
    interview = _interview(seeds_copy, slug)
    assert {t.speaker for t in interview.turns} == {"Ada Chen Rekhi", "Lenny Rachitsky"}
    assert interview.turns[0].role == "guest"  # the cold open is the guest's, as the front matter says
