""".env.example documents exactly the settings of bot.config.Settings, and loads as valid Settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / ".env.example"
DUMMY_TOKEN = "123456789:AAEdummy_dummy_dummy_dummy_dummy-xyz"
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def _entries() -> list[tuple[int, str, str]]:
    """(line index, NAME, value) of every assignment; fails on lines that are neither."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    entries = []
    for index, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        match = ASSIGNMENT.match(line)
        assert match, f".env.example line {index + 1} is neither a comment nor NAME=value: {line!r}"
        entries.append((index, match.group(1), match.group(2)))
    return entries


def _field_env_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


@pytest.fixture
def clean_env(monkeypatch):
    """No setting leaks in from the environment running the tests."""
    for name in _field_env_names():
        monkeypatch.delenv(name, raising=False)


def test_documents_exactly_the_settings_fields():
    names = [name for _, name, _ in _entries()]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"set more than once in .env.example: {duplicates}"
    assert set(names) == _field_env_names(), (
        f"missing from .env.example: {sorted(_field_env_names() - set(names))}; "
        f"not a setting: {sorted(set(names) - _field_env_names())}"
    )


def test_every_setting_has_a_comment_line_just_above():
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    undocumented = [name for index, name, _ in _entries()
                    if index == 0 or not re.match(r"^#\s*\S", lines[index - 1])]
    assert not undocumented, f"no comment line directly above: {undocumented}"


def test_values_are_plain_so_dotenv_and_compose_read_them_alike():
    # Quotes and inline comments are parsed differently by python-dotenv and docker compose.
    odd = [name for _, name, value in _entries() if value != value.strip() or re.search(r"[\"'#$\s]", value)]
    assert not odd, f"quote-free, comment-free, space-free values only: {odd}"


def test_token_is_left_empty():
    values = {name: value for _, name, value in _entries()}
    assert values["TELEGRAM_BOT_TOKEN"] == "", "never put a real token in .env.example"


def test_loading_it_with_a_dummy_token_gives_valid_settings(tmp_path, clean_env):
    text = EXAMPLE.read_text(encoding="utf-8")
    env_file = tmp_path / ".env"
    env_file.write_text(re.sub(r"(?m)^TELEGRAM_BOT_TOKEN=.*$", f"TELEGRAM_BOT_TOKEN={DUMMY_TOKEN}", text),
                        encoding="utf-8")

    settings = Settings(_env_file=env_file)

    assert settings.bot_token() == DUMMY_TOKEN
    assert settings.webhook_url is None and settings.webhook_secret_token() is None  # polling mode
    assert settings.rate_limiter is True
    assert settings.heartbeat_file is not None


def test_example_values_are_the_code_defaults(clean_env):
    """The documented values are what the bot does without a .env, so docs and code can't drift."""
    from_example = Settings(_env_file=EXAMPLE).model_dump()
    defaults = Settings(_env_file=None).model_dump()
    differing = {name.upper(): (from_example[name], defaults[name])
                 for name in defaults if from_example[name] != defaults[name]}
    assert not differing, f"(.env.example value, code default) differ: {differing}"
