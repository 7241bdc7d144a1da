"""The displayed machine Chinese differs from the machine translation exactly at the reviewed
corrections (seeds/eye-on-ai-118/zh_corrections.toml), each with its reason.

The expected side is rebuilt here from the TOML with plain string handling, independently of
the loader.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

from bot.search import SearchService
from bot.search.index import build_index
from bot.storage.corpus import CorpusStore
from bot.storage.ingest import ingest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CORRECTIONS = tomllib.loads((SEEDS / "eye-on-ai-118" / "zh_corrections.toml").read_text(encoding="utf-8"))["correction"]


def by_turn() -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for correction in CORRECTIONS:
        found.setdefault(correction["turn"], []).append(correction)
    return found


def test_displayed_chinese_differs_from_the_machine_chinese_exactly_at_the_corrections(interview):
    corrected = by_turn()
    for turn in interview.turns:
        if turn.order not in corrected:
            assert turn.zh_source == "article" or turn.zh == turn.zh_machine, turn.order
            continue
        assert turn.zh_source == "machine", turn.order
        expected = turn.zh_machine
        for correction in corrected[turn.order]:
            assert turn.zh_machine.count(correction["machine"]) == 1, correction
            expected = expected.replace(correction["machine"], correction["fixed"])
        assert turn.zh == expected, turn.order
        # And nothing else moved: every changed span lies inside a correction.
        spans = [(turn.zh_machine.index(c["machine"]), len(c["machine"])) for c in corrected[turn.order]]
        matcher = difflib.SequenceMatcher(None, turn.zh_machine, turn.zh, autojunk=False)
        for op, i1, i2, _, _ in matcher.get_opcodes():
            if op != "equal":
                assert any(start <= i1 and i2 <= start + length for start, length in spans), (turn.order, op)


def test_every_correction_says_what_went_wrong():
    assert CORRECTIONS
    for correction in CORRECTIONS:
        assert set(correction) == {"turn", "machine", "fixed", "reason"}
        assert correction["machine"] != correction["fixed"]
        assert re.match(r"(dropped|name|meaning): \S", correction["reason"]), correction


def test_the_known_machine_translation_errors_are_corrected(interview):
    turns = {t.order: t for t in interview.turns}

    def shown_and_machine(order: int) -> tuple[str, str]:
        return turns[order].zh, turns[order].zh_machine

    zh, machine = shown_and_machine(18)
    assert "普利策" in zh and "普利策" not in machine  # the Pulitzer anecdote, dropped by the machine
    zh, machine = shown_and_machine(19)
    assert "雇人" in zh and "更高级的人" not in zh and "更高级的人" in machine  # "hire people"
    zh, machine = shown_and_machine(15)
    assert "像ChatGPT这样的系统" in zh and "聊天系统" not in zh and "聊天系统" in machine
    assert turns[14].en_verbatim == "Sure." and shown_and_machine(14) == ("当然。", "确实。")


def test_search_finds_the_restored_pulitzer_anecdote(tmp_path):
    db = tmp_path / "q.sqlite3"
    ingest(db, SEEDS, build_index=build_index)
    corpus = CorpusStore(db)
    corpus.initialize()
    search = SearchService(db, corpus)
    search.open()
    try:
        (pulitzer,) = [t for t in corpus.turns(list(range(1, 41))) if "普利策" in t.zh]
        assert pulitzer.id in [hit.turn_id for hit in search.search("普利策").hits]
        # The machine translation's own words stay searchable, as the search's labels expect.
        assert 19 in [hit.turn_id for hit in search.search("更高级的人教导").hits]
    finally:
        search.close()
        corpus.shutdown()
