"""Running `quotebot import` as a user does (bot.cli.main) against a private copy of seeds/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from tests.transcripts.helpers import EXAMPLES, FIXTURES, LENNY, VIRTUAL_COFFEE, shared

__all__ = ["EXAMPLES", "FIXTURES", "LENNY", "VIRTUAL_COFFEE", "Ran", "shared", "snapshot"]


@dataclass(frozen=True)
class Ran:
    status: int
    out: str
    err: str


@pytest.fixture
def quotebot(seeds_copy, tmp_path, monkeypatch, capsys):
    """`quotebot ARGS…` with SEEDS_DIR = a copy of seeds/ and a private, lexical-only database."""
    monkeypatch.setenv("SEEDS_DIR", str(seeds_copy))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "quotebot.sqlite3"))
    monkeypatch.setenv("SEMANTIC_SEARCH", "false")

    def run(*args: str | Path) -> Ran:
        capsys.readouterr()
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as stop:  # argparse refusing the arguments
            status = int(stop.code or 0)
        printed = capsys.readouterr()
        return Ran(status, printed.out, printed.err)

    return run


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (dot directories too), by relative path, with its bytes."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
