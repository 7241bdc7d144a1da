"""Shared fixtures for the corpus tests: the real seeds, loaded once, and tmp copies to break."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from bot.corpus import load_seeds
from bot.corpus.model import Interview

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SLUG = "eye-on-ai-118"
INTERVIEW_DIR = SEEDS / SLUG


@pytest.fixture(scope="session")
def interview() -> Interview:
    (found,) = [i for i in load_seeds(SEEDS) if i.slug == SLUG]
    return found


@pytest.fixture(scope="session")
def annotation() -> dict:
    """The raw annotation, read with tomllib, independently of the loader."""
    return tomllib.loads((INTERVIEW_DIR / "annotations.toml").read_text(encoding="utf-8"))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ (glossary + this interview) that a test may damage."""
    root = tmp_path / "seeds"
    root.mkdir()
    shutil.copy(SEEDS / "glossary.toml", root / "glossary.toml")
    shutil.copytree(INTERVIEW_DIR, root / SLUG)
    return root
