"""A short run of bench/bot_load.py: under a burst, every update gets exactly one reply."""

from bench.bot_load import measure_load


async def test_burst_of_updates_none_dropped_none_duplicated(tmp_path):
    result = await measure_load("bot", 150, tmp_path, warmup=5)
    assert result.replies == 150, f"{150 - result.replies} updates got no reply"
    assert result.duplicates == 0
