"""Settings: clear one-line errors for the token and webhook secret; env names as documented."""

import pytest

from bot.config import ConfigError, Settings

VALID = "123456789:AAExampleExampleExampleExample_-xyz12"


def settings(**env) -> Settings:
    return Settings(_env_file=None, **env)


def test_missing_token_is_a_one_line_error():
    with pytest.raises(ConfigError) as caught:
        settings().bot_token()
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("token", ["abc", "123:short", "123456789 AAExampleExampleExampleExample", " "])
def test_malformed_token_is_rejected_without_echoing_it(token):
    with pytest.raises(ConfigError) as caught:
        settings(telegram_bot_token=token).bot_token()
    assert "malformed" in str(caught.value) or "not set" in str(caught.value)
    assert token.strip() == "" or token not in str(caught.value)


def test_valid_token_and_defaults():
    config = settings(telegram_bot_token=VALID)
    assert config.bot_token() == VALID
    assert config.telegram_api_base_url == "https://api.telegram.org/bot"
    assert config.default_language == "en" and config.webhook_url is None


def test_environment_names(monkeypatch):
    monkeypatch.setenv("DEFAULT_LANGUAGE", "ZH-HANT")
    monkeypatch.setenv("DATABASE_PATH", "/tmp/x.sqlite3")
    monkeypatch.setenv("RATE_LIMITER", "false")
    config = settings()
    assert config.default_language == "zh-hant" and str(config.database_path) == "/tmp/x.sqlite3"
    assert config.rate_limiter is False


def test_webhook_needs_a_valid_secret():
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        settings(webhook_url="https://example.org/hook").webhook_secret_token()
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        settings(webhook_url="https://example.org/hook", webhook_secret="has spaces").webhook_secret_token()
    assert settings(webhook_url="https://e.org/h", webhook_secret="s3cret_-").webhook_secret_token() == "s3cret_-"
