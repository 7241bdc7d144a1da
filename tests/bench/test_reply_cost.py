"""bench/reply_cost.py runs and reports the real reply it measures (so its README figures can be redone)."""

import re

import pytest

from bench.reply_cost import main

pytestmark = pytest.mark.slow  # it builds the bot's services and runs the bench: ~17 s


async def test_it_reports_our_part_and_the_library_part_for_the_real_reply(capsys):
    await main(repeat=3)
    report = capsys.readouterr().out
    for row in ("our start_search", "our start_search, cache off", "our send(): raw sendMessage", "library: Bot.send_message",
                "of which Message.de_json"):
        assert re.search(rf"{re.escape(row)}\s+\d+\.\d{{3}}", report), row
    entities = int(re.search(r"(\d+) entities", report).group(1))
    assert entities >= 5  # a result heading per turn is bold: the stand-in sent the entities back
