"""The user-query evaluation sets: their shape, their labels, and their frozen holdouts.

`eval_users.toml` (tune and holdout), `eval_users_holdout2.toml` (a second holdout, written
later by someone who saw neither the other sets nor any result), `eval_users_tune2.toml` and
`eval_users_tune3.toml` (more tune queries, written the same way), and `eval_users_set4.toml`
(written the same way, half of each kind a third holdout, "holdout3", half "tune4"), and
`eval_users_set5.toml` (the same again: "holdout4" and "tune5").

CHANGING A HOLDOUT IS FORBIDDEN. The holdout queries were written, and the split drawn, before
the search was run on any of them; they are the only honest measure of changes tuned on the rest.
If `HOLDOUT_SHA256`, `HOLDOUT2_SHA256`, `HOLDOUT3_SHA256` or `HOLDOUT4_SHA256` no longer matches, a holdout query (its q, kind, expect
or split) was edited, added, removed or moved between splits: undo that change. Do not update
the constants. New queries may be added to a tune split only.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from bot.storage.schema import connect

from .corpus_db import real_corpus_db
from .evaluation import EvalQuery, resolve_labels

EVAL_USERS = Path(__file__).with_name("eval_users.toml")
EVAL_USERS_HOLDOUT2 = Path(__file__).with_name("eval_users_holdout2.toml")
EVAL_USERS_TUNE2 = Path(__file__).with_name("eval_users_tune2.toml")
EVAL_USERS_TUNE3 = Path(__file__).with_name("eval_users_tune3.toml")
EVAL_USERS_SET4 = Path(__file__).with_name("eval_users_set4.toml")
EVAL_USERS_SET5 = Path(__file__).with_name("eval_users_set5.toml")

# sha256 of the holdout queries' {q, kind, expect, split}, canonical JSON (sorted keys, no spaces,
# UTF-8), the entries sorted by that JSON and joined into one JSON list. Frozen: never change it.
HOLDOUT_SHA256 = "d2c95bdb3b5428c3aa146eeca53da303f0e7fe73519e6ef5ed365040929dd5bc"
HOLDOUT2_SHA256 = "0a23c2bf100de4deda9cf133c4106249d4d288668c31b5825806373cae976608"  # frozen 2026-12-01
# eval_users_set4.toml's "holdout3" half, frozen 2026-12-03 before anything was run on the set.
HOLDOUT3_SHA256 = "0ebf7a568fe1005b6814fae2386610f5b4b6df512a13f418dc96ddabc5f87f90"
# eval_users_set5.toml's "holdout4" half, frozen 2026-12-04 before anything was run on the set.
HOLDOUT4_SHA256 = "40b0a99412897e064edb81de769c9b9cb3a35f90560fc94ad1a82f60110d1d1c"

ON_TOPIC = ("keywords", "neighbours", "filler", "question", "paraphrase", "clean_transcript", "typo",
            "simplified", "traditional_tw", "machine_part_zh", "mixed")
NEGATIVE = ("off_topic", "near_topic", "quotation_elsewhere")
KINDS = ON_TOPIC + NEGATIVE


def _rows(path: Path = EVAL_USERS) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["query"]


def holdout_digest(rows: list[dict], split: str = "holdout") -> str:
    entries = sorted(
        json.dumps({"q": r["q"], "kind": r["kind"], "expect": r["expect"], "split": r["split"]},
                   ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        for r in rows if r["split"] == split
    )
    return hashlib.sha256(("[" + ",".join(entries) + "]").encode("utf-8")).hexdigest()


@pytest.mark.parametrize(("path", "split", "digest"), [(EVAL_USERS, "holdout", HOLDOUT_SHA256),
                                                     (EVAL_USERS_HOLDOUT2, "holdout", HOLDOUT2_SHA256),
                                                     (EVAL_USERS_SET4, "holdout3", HOLDOUT3_SHA256),
                                                     (EVAL_USERS_SET5, "holdout4", HOLDOUT4_SHA256)])
def test_holdout_is_frozen(path, split, digest):
    assert holdout_digest(_rows(path), split) == digest, (
        f"the holdout of {path.name} changed; changing a holdout is forbidden (see module docstring)"
    )


@pytest.mark.parametrize(("path", "splits"), [(EVAL_USERS_HOLDOUT2, {"holdout"}), (EVAL_USERS_TUNE2, {"tune"}),
                                              (EVAL_USERS_TUNE3, {"tune"}), (EVAL_USERS_SET4, {"tune4", "holdout3"}),
                                              (EVAL_USERS_SET5, {"tune5", "holdout4"})])
def test_the_later_sets_are_labelled_as_the_first(path, splits):
    rows = _rows(path)
    assert {r["split"] for r in rows} == splits
    assert all(set(r) <= {"q", "kind", "expect", "split", "source", "note"} for r in rows)
    assert {r["kind"] for r in rows} <= set(KINDS)
    assert len({r["q"].casefold().strip() for r in rows}) == len(rows), "duplicate queries"
    assert all(bool(r["expect"]) == (r["kind"] not in NEGATIVE) for r in rows)
    # tune3 gives a quotation's source in its note
    assert all((r.get("source") or r.get("note", "")).strip() for r in rows if r["kind"] == "quotation_elsewhere")


def test_shape():
    rows = _rows()
    assert len(rows) >= 300
    assert all(set(r) <= {"q", "kind", "expect", "split", "source"} for r in rows)
    assert {r["kind"] for r in rows} == set(KINDS)
    assert {r["split"] for r in rows} == {"tune", "holdout"}
    assert sum(r["split"] == "holdout" for r in rows) / len(rows) >= 0.40
    by_kind_split = Counter((r["kind"], r["split"]) for r in rows)
    for kind in KINDS:
        assert by_kind_split[(kind, "tune")] and by_kind_split[(kind, "holdout")], kind
    assert len({r["q"].casefold().strip() for r in rows}) == len(rows), "duplicate queries"
    for r in rows:
        assert r["q"].strip()
        if r["kind"] in NEGATIVE:
            assert r["expect"] == [], r["q"]
        else:
            assert r["expect"], r["q"]


def test_quotations_from_elsewhere_have_sources():
    quotes = [r for r in _rows() if r["kind"] == "quotation_elsewhere"]
    assert len(quotes) >= 30
    assert all(r.get("source", "").strip() for r in quotes)
    assert not [r for r in _rows() if "source" in r and r["kind"] != "quotation_elsewhere"]


def test_every_expected_phrase_resolves_to_exactly_one_turn(tmp_path):
    db_path, is_real = real_corpus_db(tmp_path / "eval_users.db")
    assert is_real, "the real corpus could not be built"
    queries = [EvalQuery(r["q"], r["kind"], tuple(r["expect"]), r["split"])
               for path in (EVAL_USERS, EVAL_USERS_HOLDOUT2, EVAL_USERS_TUNE2, EVAL_USERS_TUNE3, EVAL_USERS_SET4,
                            EVAL_USERS_SET5)
               for r in _rows(path)]
    conn = connect(db_path, readonly=True)
    try:
        labels, problems = resolve_labels(conn, queries)
    finally:
        conn.close()
    assert problems == []
    assert len(labels) == len({p for q in queries for p in q.expect})
