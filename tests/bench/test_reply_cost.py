"""bench/reply_cost.py runs and reports the real reply it measures (so its README figures can be redone)."""

import re

import pytest

from bench.reply_cost import distinct, main

pytestmark = pytest.mark.slow  # it builds the bot's services and runs the bench: ~17 s


async def test_it_reports_our_part_and_the_library_part_for_the_real_reply(capsys):
    await main(repeat=3)
    report = capsys.readouterr().out
    for row in ("our start_search", "our start_search, cache off", "our send(): raw sendMessage", "library: Bot.send_message",
                "of which Message.de_json"):
        assert re.search(rf"{re.escape(row)}\s+\d+\.\d{{3}}", report), row
    entities = int(re.search(r"(\d+) entities", report).group(1))
    assert entities >= 5  # a result heading per turn is bold: the stand-in sent the entities back


async def test_it_reports_what_a_distinct_query_costs_and_the_embeddings_share(capsys):
    await distinct(limit=9)  # three in each language
    found = re.search(r"^9 distinct queries: ([\d.]+) ms CPU a reply, of which the query embedding ([\d.]+) ms "
                      r"\((\d+) embedded", capsys.readouterr().out, re.M)
    assert found
    total, embedding, embedded = float(found.group(1)), float(found.group(2)), int(found.group(3))
    assert 0 < total and 0 <= embedding < total and 0 < embedded <= 9 * 2  # a reply embeds its words, and a quotation its own
