"""Settings: clear one-line errors for the token and webhook secret; env names as documented."""

import pytest

from bot.config import ConfigError, Settings, load_settings

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


def test_proxy_url_empty_means_direct_and_only_http_proxies_are_accepted(monkeypatch, tmp_path):
    assert settings(telegram_proxy_url="").proxy_url() is None
    assert settings(telegram_proxy_url="http://u:p@127.0.0.1:7890").proxy_url() == "http://u:p@127.0.0.1:7890"
    monkeypatch.setenv("TELEGRAM_PROXY_URL", "socks5://u:hunter2@127.0.0.1:1080")
    monkeypatch.chdir(tmp_path)  # no .env here
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "TELEGRAM_PROXY_URL" in message and "http://" in message and "hunter2" not in message
    assert "\n" not in message
