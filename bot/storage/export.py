"""`quotebot export --json`: every turn with its speaker, texts, topic and source lines.

Shown and source text side by side, so a reader can check a quote: `en` is the English the bot
shows (the reviewed edition) and `en_verbatim` the automatic transcript as it is; `zh` is the
Chinese shown (the article's, or the machine Chinese with reviewed fixes) and `zh_machine` the
machine translation before those fixes (glossary applied). `interview` is the interview's slug
and `start` the turn's start in seconds from the beginning of the recording (null if unknown).
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.storage.schema import connect


def export_turns(db_path: Path) -> list[dict]:
    conn = connect(db_path, readonly=True)
    try:
        rows = conn.execute(
            "SELECT t.id, i.slug AS interview, t.speaker, t.role, tp.key AS topic, t.en, t.zh, t.zh_source,"
            " t.zh_machine, t.zh_article, t.en_verbatim, t.source, t.start FROM turns t"
            " JOIN topics tp ON tp.id = t.topic_id JOIN interviews i ON i.id = t.interview_id ORDER BY t.id"
        ).fetchall()
    finally:
        conn.close()
    return [{**dict(row), "source": json.loads(row["source"])} for row in rows]
