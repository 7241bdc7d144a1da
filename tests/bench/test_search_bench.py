"""bench/search_bench.py builds its synthetic corpus through the real schema and reports a row
(it broke once, unseen, when the interviews table gained columns)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a 300-turn corpus built, indexed and searched: a few seconds


def test_it_builds_a_synthetic_corpus_and_reports_its_speed():
    # A process of its own: the bench pins itself to one core.
    done = subprocess.run([sys.executable, "-m", "bench.search_bench", "--sizes", "300", "--passes", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    row = re.search(r"^\| 300 \| [\d.]+ s \(\d+ MB\) \| \d+ MB \| \d+ MB \| ([\d.]+) ms \| ([\d.]+) ms \|", done.stdout, re.M)
    assert row, done.stdout
    assert 0 < float(row.group(1)) <= float(row.group(2))
