"""Issue 15's "done when": a new user takes files from ../shared/transcripts, runs `quotebot
import`, restarts the bot, and finds, quotes and browses those interviews in Telegram, in
English, 简体中文 and 繁體中文."""

from __future__ import annotations

import asyncio
import shutil
import sys

import pytest
import pytest_asyncio

from tests.e2e.botprocess import REPO, BotProcess
from tests.e2e.dialog import ask, button, buttons, plain, press
from tests.e2e.standin import BotApiStandIn, RecordedCall, parse_message_text
from tests.transcripts.helpers import LENNY, VIRTUAL_COFFEE, shared

ADA = "Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen Rekhi"
VC = "Virtual Coffee S1E4"
READERS = [("en", "en"), ("zh-hans", "zh-CN"), ("zh-hant", "zh-TW")]
NOTE = {"en": None, "zh-hans": "英文访谈的语录没有中文翻译。", "zh-hant": "英文訪談的語錄沒有中文翻譯。"}  # under results
ONLY = {"en": "🎯 Only", "zh-hans": "🎯 只看", "zh-hant": "🎯 只看"}
ALL = {"en": "All interviews", "zh-hans": "所有访谈", "zh-hant": "所有訪談"}


async def quotebot(*args: str, seeds) -> tuple[int, str]:
    """`python -m bot ARGS…` as a user runs it, with SEEDS_DIR = `seeds`."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=REPO, env={"PATH": "/usr/bin:/bin", "SEEDS_DIR": str(seeds)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode()


def links(call: RecordedCall) -> list[tuple[str, str]]:
    text, entities = parse_message_text(call.params["text"], call.params.get("parse_mode"))
    encoded = text.encode("utf-16-le")
    return [(encoded[e["offset"] * 2:(e["offset"] + e["length"]) * 2].decode("utf-16-le"), e["url"])
            for e in entities if e["type"] == "text_link"]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def library_bot(tmp_path_factory):
    """The bot on a copy of seeds/; then two interviews imported and the bot restarted."""
    root = tmp_path_factory.mktemp("library")
    seeds = shutil.copytree(REPO / "seeds", root / "seeds")
    chapters = root / "chapters.txt"
    chapters.write_text("00:00 Introductions\n05:00 Getting into tech\n", encoding="utf-8")
    async with BotApiStandIn() as standin:
        bot = BotProcess(standin, root, SEEDS_DIR=str(seeds), SEMANTIC_SEARCH="false")
        await bot.start()
        before = plain(await ask(standin, "/start", chat_id=1))
        assert "Quotes from Eye on AI #118 (2023-03-14)" in before  # one interview: as it always was
        assert await bot.stop() == 0
        status, out = await quotebot("import", str(shared(LENNY / "ada-chen-rekhi" / "transcript.md")),
                                     "--slug", "ada", "--speaker", "Lenny=Lenny Rachitsky", "--host", "Lenny Rachitsky",
                                     seeds=seeds)
        assert status == 0 and out.startswith("added ada: 162 turns"), out
        status, out = await quotebot("import", str(shared(VIRTUAL_COFFEE / "1_4.srt")), "--slug", "vc", "--title", VC,
                                     "--host", "Bekah", "--host", "Dan", "--speaker", "Vic=Vic Vijayakumar",
                                     "--speaker", "Bekah=Bekah Hawrot Weigel", "--speaker", "Dan=Dan Ott",
                                     "--chapters", str(chapters), seeds=seeds)
        assert status == 0 and out.startswith("added vc:"), out
        await bot.start()  # the restart builds the new interviews
        yield bot
        assert await bot.stop() == 0
        assert standin.token not in bot.logs()


@pytest.mark.parametrize("language, code", READERS)
async def test_a_new_user_finds_quotes_and_browses_imported_interviews(library_bot, new_id, language, code):
    api, chat = library_bot.standin, new_id()
    welcome = plain(await ask(api, "/start", chat_id=chat, language_code=code))
    assert "3" in welcome.split("\n")[1] and "/interviews" in welcome

    # finds: /search spans every interview, each hit names its interview, a button narrows them
    results = await ask(api, "/search career advice", chat_id=chat, language_code=code)
    text = plain(results)
    assert f" · {ADA[:40]}" in text
    if NOTE[language]:
        assert text.count(NOTE[language]) == 1  # held in English: one note, the interface stays theirs
    only = [b for b in buttons(results) if b["text"].startswith(ONLY[language])]
    assert len(only) >= 2, [b["text"] for b in buttons(results)]
    ada_only = next(b for b in only if "Feeling stuck" in b["text"])
    _, narrowed = await press(api, results, ada_only["callback_data"], user_id=chat, language_code=code)
    assert narrowed.method == "editMessageText" and "Feeling stuck" in plain(narrowed).split("\n")[0]
    assert not any(b["text"].startswith(ONLY[language]) for b in buttons(narrowed))
    assert any(b["text"] == ALL[language] for b in buttons(narrowed))
    _, opened = await press(api, narrowed, button(narrowed, "1"), user_id=chat, language_code=code)
    assert f"— Ada Chen Rekhi · {ADA} · 2023-04-21" in plain(opened) or "— Lenny Rachitsky" in plain(opened)

    # finds in Chinese too: the interview is held in English, the dictionary meets it there
    chinese = plain(await ask(api, "/search 可怕的陷阱", chat_id=chat, language_code=code))
    assert f" · {ADA[:40]}" in chinese and "terrible trap" in chinese, chinese

    # quotes: the guest of that interview, attributed to it, with a link to the moment
    quote = await ask(api, "/quote terrible trap", chat_id=chat, language_code=code)
    shown = plain(quote)
    assert shown.startswith("Ada Chen Rekhi\n") and f"— Ada Chen Rekhi · {ADA} · 2023-04-21" in shown
    [(label, url)] = links(quote)
    assert label.startswith("▶ ") and url.startswith("https://www.youtube.com/watch?v=l-T8sNRcWQk&t=")
    labels = [b["text"] for b in buttons(quote)]
    assert "中文" not in labels and "EN" not in labels and not any("EN + 中文" in b for b in labels)

    # browses: /interviews → the interview → its topics → a topic's passages; one topic → its first passage
    listing = await ask(api, "/interviews", chat_id=chat, language_code=code)
    assert f"1. {ADA} — Ada Chen Rekhi · 2023-04-21" in plain(listing)  # newest first
    assert "2. Eye on AI #118 — Ilya Sutskever · 2023-03-14" in plain(listing)
    assert f"3. {VC} — Vic Vijayakumar" in plain(listing)
    _, topics = await press(api, listing, button(listing, f"3. {VC}"), user_id=chat, language_code=code)
    assert plain(topics).startswith(f"{VC} — Vic Vijayakumar")
    _, topic = await press(api, topics, button(topics, "Getting into tech"), user_id=chat, language_code=code)
    assert plain(topic).startswith(f"{VC}\nGetting into tech — ")
    listing = await ask(api, "/interviews", chat_id=chat, language_code=code)
    _, first = await press(api, listing, button(listing, "1. Feeling stuck"), user_id=chat, language_code=code)
    assert "It's a terrible outcome to wake up one day" in plain(first)
    assert links(first) == [("▶ 0:00", "https://www.youtube.com/watch?v=l-T8sNRcWQk&t=0s")]


async def test_old_links_to_the_seed_interview_keep_working(library_bot, new_id):
    api, chat = library_bot.standin, new_id()
    reply = await ask(api, "/start turn_12", chat_id=chat)
    assert "— " in plain(reply) and "Eye on AI #118 · 2023-03-14" in plain(reply)
    quote = await ask(api, "/quote bitter lesson", chat_id=chat)
    assert "— Ilya Sutskever · Eye on AI #118 · 2023-03-14" in plain(quote) and links(quote) == []
