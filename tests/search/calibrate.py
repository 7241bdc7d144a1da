"""Pick the relevance threshold from the *tuning* split of the evaluation set.

Run: `.venv/bin/python -m tests.search.calibrate`. It ranks every query with no threshold,
then prints, for each candidate threshold, recall@1 + off-topic rejection on the tuning
queries, and the best one; copy that into `bot/search/ranking.py:RELEVANCE_THRESHOLD`.
Held-out queries are never looked at here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.storage.schema import connect

from .corpus_db import opened_search, real_corpus_db
from .evaluation import best_threshold, judge, load_queries, ours, resolve_labels


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path, is_real = real_corpus_db(Path(tmp) / "eval.db")
        tune = [q for q in load_queries() if q.split == "tune"]
        with opened_search(db_path, relevance_threshold=0.0) as service:
            labels, problems = resolve_labels(connect(db_path, readonly=True), tune)
            judged = judge(tune, labels, ours(service, limit=3))
    print(f"corpus: {'real' if is_real else 'transcript paragraphs (fallback)'}; unresolved labels: {problems}")
    for j in judged:
        top = j.ranked[0][0] if j.ranked else 0.0
        mark = "OFF" if j.query.off_topic else ("ok " if j.hit_at(1) else "miss")
        print(f"{top:6.1f} {mark} {j.query.kind:11} {j.query.q}")
    threshold, objective = best_threshold(judged, [t / 2 for t in range(40, 181)])
    # Report the middle of the best plateau, not its edge: margin on both sides.
    plateau = [t / 2 for t in range(40, 181) if best_threshold(judged, [t / 2])[1] == objective]
    print(f"best objective {objective:.3f} on thresholds {plateau[0]}..{plateau[-1]}; "
          f"midpoint {(plateau[0] + plateau[-1]) / 2:.1f}")


if __name__ == "__main__":
    main()
