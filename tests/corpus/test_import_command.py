"""`quotebot import`: what a user types and sees, through the CLI itself (bot.cli.main).

Each import goes into a private copy of seeds/ (the `quotebot` fixture); the real transcripts
are read from ../shared/transcripts and never copied into the project.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.corpus.import_helpers import EXAMPLES, FIXTURES, LENNY, VIRTUAL_COFFEE, quotebot, shared, snapshot

__all__ = ["quotebot"]  # the fixture, imported so that pytest finds it

EPISODE = VIRTUAL_COFFEE / "1_4.srt"
JOINS = ["--speaker", "Bekah=Bekah Hawrot Weigel", "--speaker", "Dan=Dan Ott", "--speaker", "Vic=Vic Vijayakumar"]


def test_an_episode_imported_is_built_by_ingest_and_found_by_search(quotebot, seeds_copy):
    ran = quotebot("import", shared(EPISODE), "--slug", "vc-1-4", "--title", "Virtual Coffee 1.4",
                   "--host", "Bekah Hawrot Weigel", "--host", "Dan Ott", *JOINS)
    assert ran.status == 0, ran.err
    first, *speakers = ran.out.splitlines()[:4]
    assert first.startswith("added vc-1-4: 165 turns from ") and "(srt)" in first
    assert [line.split()[0] for line in speakers] == ["guest", "host", "host"]
    assert "Vic Vijayakumar" in speakers[0] and "72 turns" in speakers[0]
    folder = seeds_copy / "vc-1-4"
    assert sorted(p.name for p in folder.iterdir()) == ["1_4.srt", "interview.toml"]
    assert (folder / "1_4.srt").read_bytes() == EPISODE.read_bytes()  # copied unchanged

    assert quotebot("ingest").out.endswith("built — 2 interview(s), 205 turns\n")
    found = json.loads(quotebot("search", "--json", "--limit", "20", "indie maker superpower").out)["results"]
    episode_hits = [hit for hit in found if hit["interview"] == "vc-1-4"]
    assert episode_hits and all(isinstance(hit["start"], float) for hit in episode_hits)
    exported = json.loads(quotebot("export", "--json").out)
    assert {turn["interview"] for turn in exported} == {"eye-on-ai-118", "vc-1-4"}
    episode = [turn for turn in exported if turn["interview"] == "vc-1-4"]
    assert episode[0]["start"] == 13.98 and episode[0]["speaker"] == "Bekah Hawrot Weigel"
    assert all(turn["zh"] == "" and turn["zh_source"] == "none" for turn in episode)  # English only
    assert all(turn["start"] is None for turn in exported if turn["interview"] == "eye-on-ai-118")


@pytest.mark.parametrize("name, turns, first_speaker", [
    ("example.json", 2, "Darth Vader"),
    ("example.vtt", 2, "Sarah"),
    ("example.srt", 10, "Travis"),
    ("example.html", 10, "Travis"),
])
def test_each_podcasting_2_0_format_imports(quotebot, seeds_copy, name, turns, first_speaker):
    ran = quotebot("import", shared(EXAMPLES / name), "--slug", "example")
    assert ran.status == 0, ran.err
    assert f"added example: {turns} turns" in ran.out and first_speaker in ran.out
    annotation = tomllib.loads((seeds_copy / "example" / "interview.toml").read_text("utf-8"))
    assert annotation["source"]["file"] == name and len(annotation["turn"]) == turns
    assert annotation["turn"][0]["start"] == pytest.approx({"example.json": 0.5}.get(name, 0.179 if "srt" in name else 0.0))


def test_front_matter_gives_title_date_url_and_the_guest(quotebot, seeds_copy):
    ran = quotebot("import", shared(LENNY / "ada-chen-rekhi" / "transcript.md"), "--speaker", "Lenny=Lenny Rachitsky")
    assert ran.status == 0, ran.err
    slug = "feeling-stuck-heres-how-to-know-when-its-time-to"
    assert ran.out.startswith(f"added {slug}: 162 turns")
    assert "guest  Ada Chen Rekhi" in ran.out and "host   Lenny Rachitsky" in ran.out
    assert "the file's guest field" in ran.out  # says how it told them apart
    interview = tomllib.loads((seeds_copy / slug / "interview.toml").read_text("utf-8"))["interview"]
    assert interview == {"title": "Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen Rekhi",
                         "date": "2023-04-21", "url": "https://www.youtube.com/watch?v=l-T8sNRcWQk", "language": "en"}


def test_diarised_speakers_are_named_with_speaker(quotebot, seeds_copy):
    source = FIXTURES / "whisperx.json"
    refused = quotebot("import", source)
    assert refused.status == 1 and "--speaker" in refused.err and "SPEAKER_00" in refused.err
    ran = quotebot("import", source, "--speaker", "SPEAKER_00=Mara Quinn", "--speaker", "SPEAKER_01=Tomas Reyes",
                   "--host", "Mara Quinn")
    assert ran.status == 0, ran.err
    assert "guest  Tomas Reyes  2 turns" in ran.out and "host   Mara Quinn   2 turns" in ran.out
    assert "told apart" not in ran.out  # --host said it


def test_otter_text_imports(quotebot):
    ran = quotebot("import", FIXTURES / "otter.txt", "--host", "Mara Quinn")
    assert ran.status == 0, ran.err
    assert "(otter)" in ran.out and "Tomas Reyes" in ran.out


def test_chapters_become_the_topics(quotebot, seeds_copy, tmp_path):
    chapters = tmp_path / "chapters.txt"
    chapters.write_text("0:00 Getting started\n4:00 Finding guests\n9:00 Publishing\n", encoding="utf-8")
    ran = quotebot("import", shared(EXAMPLES / "example.srt"), "--chapters", chapters)
    assert ran.status == 0, ran.err
    folder = seeds_copy / "example"
    assert (folder / "chapters.txt").read_bytes() == chapters.read_bytes()
    annotation = tomllib.loads((folder / "interview.toml").read_text("utf-8"))
    assert [t["en"] for t in annotation["topic"]] == ["Getting started", "Finding guests", "Publishing"]
    quotebot("ingest")
    topics = [turn["topic"] for turn in json.loads(quotebot("export", "--json").out) if turn["interview"] == "example"]
    # Turns start at 0:00, 0:53, 1:42, 3:39 | 4:23, 5:22, 6:16 | 9:22, 10:17, 11:31.
    assert topics == ["getting-started"] * 4 + ["finding-guests"] * 3 + ["publishing"] * 3


def test_importing_twice_is_refused_and_with_replace_changes_nothing(quotebot, seeds_copy):
    source = shared(EXAMPLES / "example.vtt")
    assert quotebot("import", source).status == 0
    before = snapshot(seeds_copy)
    mtime = (seeds_copy / "example" / "interview.toml").stat().st_mtime_ns
    again = quotebot("import", source)
    assert again.status == 1 and again.out == ""
    assert again.err == (f"{source}: interview 'example' already exists in {seeds_copy}; pass --replace to import "
                         "it again, or --slug to choose another slug\n")
    replaced = quotebot("import", source, "--replace")
    assert replaced.status == 0 and replaced.out.startswith("unchanged example: 2 turns")
    assert snapshot(seeds_copy) == before  # byte-identical, and nothing left beside it
    assert (seeds_copy / "example" / "interview.toml").stat().st_mtime_ns == mtime


def test_replace_writes_the_new_import_in_place_of_the_old(quotebot, seeds_copy):
    source = shared(EXAMPLES / "example.vtt")
    quotebot("import", source)
    ran = quotebot("import", source, "--replace", "--slug", "example", "--title", "Buzzsprout tips")
    assert ran.status == 0 and ran.out.startswith("replaced example")
    assert 'title = "Buzzsprout tips"' in (seeds_copy / "example" / "interview.toml").read_text("utf-8")
    assert sorted(p.name for p in seeds_copy.iterdir() if p.name.startswith(".")) == []


def test_a_hand_written_interview_is_never_replaced(quotebot, seeds_copy):
    before = snapshot(seeds_copy)
    ran = quotebot("import", shared(EXAMPLES / "example.vtt"), "--slug", "eye-on-ai-118", "--replace")
    assert ran.status == 1 and "not an imported interview" in ran.err
    assert snapshot(seeds_copy) == before


def _write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


BAD_FILES = {
    "missing": (None, "cannot read the file"),
    "empty.srt": (b"", "empty file"),
    "broken.json": ('{"segments": [{"speaker": "A",', "malformed JSON"),
    "prose.txt": ("Just some notes about an episode.\nNo speakers, no times.\n", "unknown transcript format"),
    "nameless.srt": ("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:02,000 --> 00:00:03,000\nHi.\n",
                     "no speaker labels found"),
    "latin1.vtt": ("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Zoë>Olá\n".encode("latin-1"), "not UTF-8"),
    "timing.vtt": ("WEBVTT\n\n00:00.000 --> 00:01\n<v Ann>Hi\n", "broken WebVTT cue timing"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_input_is_one_line_naming_the_file_and_writes_nothing(quotebot, seeds_copy, tmp_path, name):
    data, reason = BAD_FILES[name]
    path = tmp_path / name if data is None else _write(tmp_path, name, data)
    before = snapshot(seeds_copy)
    ran = quotebot("import", path)
    assert ran.status == 1 and ran.out == ""
    assert ran.err.startswith(f"{path}") and ran.err.count("\n") == 1 and reason in ran.err, ran.err
    assert snapshot(seeds_copy) == before


def test_a_broken_line_is_named(quotebot, tmp_path):
    path = _write(tmp_path, "t.json", '{"segments": [\n{"speaker": "A", "startTime": 0, "body": "x"},\n]}\n')
    assert quotebot("import", path).err.startswith(f"{path}:3: malformed JSON")


def test_one_bad_file_among_many_writes_none_of_them(quotebot, seeds_copy, tmp_path):
    bad = _write(tmp_path, "empty.vtt", "")
    before = snapshot(seeds_copy)
    ran = quotebot("import", shared(EXAMPLES / "example.vtt"), shared(EXAMPLES / "example.srt"), bad)
    assert ran.status == 1 and ran.err == f"{bad}: empty file\n"
    assert snapshot(seeds_copy) == before


def test_several_files_are_several_interviews(quotebot, seeds_copy):
    ran = quotebot("import", shared(VIRTUAL_COFFEE / "1_1.srt"), shared(VIRTUAL_COFFEE / "1_2.srt"),
                   "--host", "Bekah", "--host", "Dan")
    assert ran.status == 0, ran.err
    assert {"1-1", "1-2"} <= {p.name for p in seeds_copy.iterdir()}
    assert "guest  Kirk" in ran.out and "guest  Marie" in ran.out  # both of 1_2's guests


def test_the_same_title_twice_in_a_batch_gets_two_slugs(quotebot, seeds_copy):
    ran = quotebot("import", shared(EXAMPLES / "example.srt"), shared(EXAMPLES / "example.html"))
    assert ran.status == 0, ran.err
    assert "added example:" in ran.out and "added example-2:" in ran.out


def test_options_for_one_file_are_refused_with_several(quotebot):
    ran = quotebot("import", EXAMPLES / "example.srt", EXAMPLES / "example.html", "--slug", "x")
    assert ran.status == 2 and "--slug: for one FILE only" in ran.err


@pytest.mark.parametrize("args, reason", [
    (["--speaker", "Bekah"], "expected LABEL=NAME"),
    (["--slug", "Not A Slug"], "cannot use 'Not A Slug' as a slug"),
    (["--date", "2023-13-01"], "is not a date"),
    (["--host", "Nobody"], "no such speaker here; the speakers are Sarah, Gillian"),
])
def test_bad_options_are_one_line(quotebot, seeds_copy, args, reason):
    before = snapshot(seeds_copy)
    ran = quotebot("import", shared(EXAMPLES / "example.vtt"), *args)
    assert ran.status in (1, 2) and reason in ran.err and ran.err.strip().count("\n") <= 1, ran.err
    assert snapshot(seeds_copy) == before


def test_a_label_spelled_two_ways_is_noted_with_the_join_to_confirm(quotebot):
    ran = quotebot("import", shared(EPISODE))
    assert "note: 'Bekah' may be 'Bekah Hawrot Weigel': to join them, --speaker 'Bekah=Bekah Hawrot Weigel'" in ran.out


def test_a_host_named_two_ways_across_the_library_is_noted(quotebot):
    ada = shared(LENNY / "ada-chen-rekhi" / "transcript.md")
    first = quotebot("import", ada, "--slug", "ada", "--speaker", "Lenny=Lenny Rachitsky")
    assert first.status == 0 and "may be" not in first.out  # nothing else in the library yet
    andy = quotebot("import", shared(LENNY / "andy-johns" / "transcript.md"), "--slug", "andy")  # labels: "Lenny"
    assert "note: 'Lenny' may be 'Lenny Rachitsky' of ada: to name them alike, --speaker 'Lenny=Lenny Rachitsky'" \
        in andy.out
    named = quotebot("import", ada, "--slug", "ada-again", "--speaker", "Lenny=Lenny Rachitsky")
    assert "note: 'Lenny Rachitsky' may be 'Lenny' of andy: to name them alike, rename 'Lenny' in " \
           "their interview.toml" in named.out


def test_a_file_without_a_title_is_noted_with_the_option_to_give_one(quotebot):
    ran = quotebot("import", shared(EPISODE))
    assert f"note: no title in the file: its name {EPISODE.stem!r} is the interview's title; give --title" in ran.out
    titled = quotebot("import", shared(LENNY / "ada-chen-rekhi" / "transcript.md"))
    assert "no title in the file" not in titled.out  # its front matter has one


def test_search_can_be_narrowed_to_one_interview(quotebot):
    assert quotebot("import", shared(LENNY / "ada-chen-rekhi" / "transcript.md"), "--slug", "ada").status == 0
    assert quotebot("ingest").status == 0
    everywhere = json.loads(quotebot("search", "--json", "--limit", "10", "scale").out)["results"]
    assert {hit["interview"] for hit in everywhere} == {"ada", "eye-on-ai-118"}
    narrowed = json.loads(quotebot("search", "--json", "--limit", "10", "--interview", "ada", "scale").out)["results"]
    assert narrowed and {hit["interview"] for hit in narrowed} == {"ada"}
    unknown = quotebot("search", "--interview", "nope", "scale")
    assert unknown.status == 2 and "no interview 'nope': the slugs are" in unknown.err
