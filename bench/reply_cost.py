"""Where the bot's CPU per /search goes beyond the echo bot's: our code vs. the library's.

    python bench/reply_cost.py [--repeat N]
    python bench/reply_cost.py --distinct

`--distinct`: each of the 372 queries of bench/bot_load.py's "distinct" run once, answered as
the bot answers a message (`replies.search_or_check`: the search or the quote check, the search
cache off, the three languages in turn), CPU ms per reply and how much of it is the query
embedding: what a stream of new questions costs without the library, HTTP or the event loop.

Times, in one process with no network (python-telegram-bot against a canned Bot API answer),
for the bot's real first page of `/search scaling` and for the echo bot's reply to the command:
- our part: `replies.start_search` (search from the cache, render, page buttons), and the same
  with the search cache off, averaged over the queries of bench/bot_load.py;
- the send as the bot does it: `handlers.common.send`, a raw `sendMessage` of plain JSON;
- the send as the typed API does it, `Bot.send_message` (what the echo bot uses, and what the
  bot used before): it builds the keyboard objects and parses Telegram's answer back into a
  `Message`; of that, `Message.de_json` alone.
The stand-in answers once first, so the canned answer has the entities Telegram would return.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from telegram import Bot, Message, Update  # noqa: E402

from bench.bot_load import EMBEDDING_CACHE, QUERIES, _distinct_queries  # noqa: E402
from bot import replies  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.render import Reply  # noqa: E402
from bot.search.service import DEFAULT_CACHE_SIZE  # noqa: E402
from bot.services import Services  # noqa: E402
from handlers.common import send  # noqa: E402
from tests.handlers.test_common import NO_PREVIEW, markup  # noqa: E402  (the typed twins of our JSON)
from tests.e2e.standin import BotApiStandIn  # noqa: E402
from tests.offline_request import OfflineRequest  # noqa: E402

_COMMAND = {"message_id": 1, "date": 1_700_000_000, "chat": {"id": 7, "type": "private", "first_name": "T"},
            "from": {"id": 7, "is_bot": False, "first_name": "T"}, "text": "/search scaling"}


def _ms_per_call(function, repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        function()
    return 1000 * (time.process_time() - started) / repeat


async def _ms_per_await(make_call, repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        await make_call()
    return 1000 * (time.process_time() - started) / repeat


def _search_each(services: Services, queries: tuple[str, ...]) -> None:
    for query in queries:
        replies.start_search(services, query, language="en", owner=7)


async def _our_part(repeat: int) -> tuple[Reply, float, float]:
    """The `/search scaling` reply; ms per start_search from the cache, and without it (bench queries)."""
    with tempfile.TemporaryDirectory() as tmp:
        timings = []
        for cache_size in (DEFAULT_CACHE_SIZE, 0):
            settings = Settings(_env_file=None, database_path=Path(tmp) / "q.sqlite3", seeds_dir=REPO / "seeds",
                                search_cache_size=cache_size)
            services = Services.from_settings(settings)
            await services.initialize()
            try:
                reply = replies.start_search(services, "scaling", language="en", owner=7)
                queries = QUERIES if cache_size == 0 else ("scaling",)
                timings.append(_ms_per_call(lambda: _search_each(services, queries), max(1, repeat // len(queries)))
                               / len(queries))
            finally:
                await services.shutdown()
    return reply, *timings


async def distinct(limit: int | None = None) -> None:
    """CPU ms per reply to each distinct query (the first `limit`), and of it the query embedding's."""
    from bot.search.embeddings import default_embedder

    embedder, spent, embedded = default_embedder(), [0.0], [0]
    embed = embedder.query

    def timed(text: str):
        started = time.process_time()
        try:
            return embed(text)
        finally:
            spent[0] += time.process_time() - started
            embedded[0] += 1

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, database_path=Path(tmp) / "q.sqlite3", seeds_dir=REPO / "seeds",
                            embedding_cache_path=os.environ.get("EMBEDDING_CACHE_PATH") or EMBEDDING_CACHE,
                            search_cache_size=0)
        services = Services.from_settings(settings)
        await services.initialize()
        try:
            replies.search_or_check(services, "warm up", language="en", owner=7)  # the model loaded
            embedder.query, spent[0], embedded[0] = timed, 0.0, 0
            queries = _distinct_queries()[:limit]
            started = time.process_time()
            for number, query in enumerate(queries):
                replies.search_or_check(services, query, language=("en", "zh-hans", "zh-hant")[number % 3], owner=7)
            total = time.process_time() - started
        finally:
            embedder.query = embed
            await services.shutdown()
    print(f"{len(queries)} distinct queries: {1000 * total / len(queries):.2f} ms CPU a reply, of which the query "
          f"embedding {1000 * spent[0] / len(queries):.2f} ms ({embedded[0]} embedded, "
          f"{1000 * spent[0] / max(embedded[0], 1):.1f} ms each)")


async def main(repeat: int) -> None:
    reply, ours, ours_uncached = await _our_part(repeat)
    bot_kwargs = {"text": reply.text, "reply_markup": markup(reply.buttons), "link_preview_options": NO_PREVIEW}
    echo_kwargs = {"text": "/search scaling"}
    answers = {}
    async with BotApiStandIn() as api:  # what Telegram sends back for each: text, entities, keyboard
        api.add_chat(7)
        async with Bot(api.token, base_url=api.base_url) as real:
            for name, kwargs in (("bot", bot_kwargs), ("echo", echo_kwargs)):
                answers[name] = (await real.send_message(7, parse_mode="HTML", **kwargs)).to_dict()
    canned = OfflineRequest()
    bot = Bot("1:bench", request=canned, get_updates_request=OfflineRequest())
    await bot.initialize()
    print(f"per call, {repeat} calls, CPU ms")
    print(f"{'':34} {'bot /search':>12} {'echo':>8}")
    print(f"{'our start_search':34} {ours:12.3f} {'-':>8}")
    print(f"{'our start_search, cache off':34} {ours_uncached:12.3f} {'-':>8}")
    update = Update.de_json({"update_id": 1, "message": _COMMAND}, bot)
    raw, typed, parses = {}, {}, {}
    for name, content in (("bot", reply), ("echo", Reply(echo_kwargs["text"]))):  # the echo's text, sent raw
        canned.result = answers[name]
        raw[name] = await _ms_per_await(lambda c=content: send(update, c), repeat)
    print(f"{'our send(): raw sendMessage':34} {raw['bot']:12.3f} {raw['echo']:8.3f}")
    for name, kwargs in (("bot", bot_kwargs), ("echo", echo_kwargs)):
        canned.result = answers[name]
        typed[name] = await _ms_per_await(lambda kw=kwargs: bot.send_message(7, parse_mode="HTML", **kw), repeat)
        parses[name] = _ms_per_call(lambda a=answers[name]: Message.de_json(a, bot), repeat)
    print(f"{'library: Bot.send_message':34} {typed['bot']:12.3f} {typed['echo']:8.3f}")
    print(f"{'  of which Message.de_json':34} {parses['bot']:12.3f} {parses['echo']:8.3f}")
    entities = len(answers["bot"].get("entities", []))
    print(f"reply: {len(reply.text)} characters, {entities} entities, {sum(map(len, reply.buttons))} buttons")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3000)
    parser.add_argument("--distinct", action="store_true", help="the distinct queries' cost per reply instead")
    options = parser.parse_args()
    asyncio.run(distinct() if options.distinct else main(options.repeat))
