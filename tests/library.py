"""A library of several interviews, built as a user builds one: the seed interview, then
`quotebot import` of real published transcripts (../shared/transcripts) and of a small
interview held in Chinese, then ingest (lexical: no vectors, so it takes a second or two).

- `ada`: Lenny's Podcast, Markdown with front matter: a date, a YouTube URL, start times, one topic;
- `vc`: Virtual Coffee, SRT: no date, no URL, start times, chapters given as `00:00 Title` lines;
- `keji`: held in Traditional Chinese, with a media URL (other than YouTube) and two chapters, the
  first with the key of `vc`'s first (topic keys are unique only within an interview).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.corpus.importer import ImportOptions, commit, plan_import, stage
from bot.search.index import build_index
from bot.storage.ingest import ingest
from tests.transcripts.helpers import LENNY, VIRTUAL_COFFEE, shared

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_SLUG = "eye-on-ai-118"
CHINESE_TRANSCRIPT = """---
title: 科技對談
publish_date: 2024-05-01
---

主持人 (00:00:01):
歡迎收聽本節目，今天我們聊聊網路與資料，還有開源軟體的未來。

來賓 (00:00:09):
謝謝邀請。我認為開源軟體的未來取決於社群，而不是取決於任何一家公司。社群願意維護程式碼，專案才會長久。我自己參與開源專案十幾年了，看過很多專案因為沒有人維護而消失，也看過很多專案因為社群而重生。

主持人 (00:01:30):
那麼資料隱私呢？

來賓 (00:01:35):
資料隱私是每個使用者的權利。我們在設計產品的時候，必須先想到隱私，再想到功能，這樣使用者才會信任我們。資料會被保存多久，還是只是權限設定的問題？
"""
CHINESE_CHAPTERS = "00:00 Introductions\n01:30 資料隱私\n"  # "introductions": a key `vc` has too
VC_CHAPTERS = "00:00 Introductions\n05:00 Getting into tech\n"


def build_library(root: Path) -> tuple[Path, Path]:
    """(seeds directory, database) of the library, under `root`."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy(SEEDS / "glossary.toml", seeds / "glossary.toml")
    shutil.copytree(SEEDS / SEED_SLUG, seeds / SEED_SLUG)
    sources = root / "sources"
    sources.mkdir()
    (sources / "keji.md").write_text(CHINESE_TRANSCRIPT, encoding="utf-8")
    (sources / "keji-chapters.txt").write_text(CHINESE_CHAPTERS, encoding="utf-8")
    (sources / "vc-chapters.txt").write_text(VC_CHAPTERS, encoding="utf-8")
    imports = [
        (shared(LENNY / "ada-chen-rekhi" / "transcript.md"),
         ImportOptions(slug="ada", speakers={"Lenny": "Lenny Rachitsky"}, hosts=("Lenny Rachitsky",))),
        (shared(VIRTUAL_COFFEE / "1_4.srt"),
         ImportOptions(slug="vc", title="Virtual Coffee S1E4", hosts=("Bekah", "Dan"),
                       speakers={"Vic": "Vic Vijayakumar", "Bekah": "Bekah Hawrot Weigel", "Dan": "Dan Ott"},
                       chapters=sources / "vc-chapters.txt")),
        (sources / "keji.md", ImportOptions(slug="keji", hosts=("主持人",), url="https://media.example.org/keji.mp3",
                                            chapters=sources / "keji-chapters.txt")),
    ]
    for path, options in imports:
        commit(stage([plan_import(path, options)], seeds)[0], seeds)
    database = root / "library.sqlite3"
    ingest(database, seeds, build_index=build_index)
    return seeds, database
