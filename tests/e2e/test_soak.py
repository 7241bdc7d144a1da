"""The soak bench (bench/soak.py) in one minute: mixed traffic, Telegram faults, a database lock; the same checks."""

import pytest

from bench.soak import measure_soak, report


@pytest.mark.slow
@pytest.mark.timeout(300)
async def test_a_minute_of_mixed_traffic_with_faults_and_a_lock(tmp_path):
    # Semantic search is left out (SEMANTIC_SEARCH=false): it adds a minute of embedding to a fresh
    # database and has nothing to do with what this run checks.
    result = await measure_soak(tmp_path, minutes=1, rate=8, users=60, fault_every=4, lock_every=25,
                                lock_seconds=4, env={"SEMANTIC_SEARCH": "false"})
    print("\n" + report(result))
    assert result.failures() == [], report(result)
    assert result.locks >= 2 and result.faults >= 10
    assert result.coalesced > 0 and result.languages_confirmed > 0  # bursts and choices happened
