"""Settings from the environment (and `.env` if present), validated once at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.language import Language

# Telegram tokens look like "123456789:AA...": a numeric bot id, a colon, ~35 url-safe chars.
TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line saying what to set."""


class Settings(BaseSettings):
    """Every setting the bot reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_proxy_url: SecretStr | None = None  # may carry a password: never printed
    database_path: Path = Path("data/quotebot.sqlite3")
    seeds_dir: Path = Path("seeds")
    default_language: Language = "en"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    rate_limiter: bool = True
    concurrent_updates: int = Field(default=32, ge=1, le=1024)
    search_cache_size: int = Field(default=1024, ge=0, le=1_000_000)
    heartbeat_file: Path | None = Path("data/heartbeat")
    semantic_search: bool = True
    embedding_cache_path: Path | None = None  # None: embeddings.sqlite3 next to the database

    @field_validator("default_language", mode="before")
    @classmethod
    def _normalise_language(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("webhook_url", "webhook_secret", "telegram_bot_token", "heartbeat_file", "telegram_proxy_url",
                     "embedding_cache_path", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_proxy_url")
    @classmethod
    def _http_proxy_only(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().lower().startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// proxy URL (SOCKS is not supported)")
        return value

    def embedding_cache(self) -> Path:
        """Where passage vectors are cached across rebuilds (bot.search.embeddings)."""
        return self.embedding_cache_path or self.database_path.with_name("embeddings.sqlite3")

    def proxy_url(self) -> str | None:
        return self.telegram_proxy_url.get_secret_value() if self.telegram_proxy_url else None

    def bot_token(self) -> str:
        """The token, or a one-line ConfigError saying what to set."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
                "(see .env.example) or the environment."
            )
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is malformed: expected the form 123456789:ABC... as given by @BotFather."
            )
        return token

    def webhook_secret_token(self) -> str | None:
        """Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and - in the secret header."""
        if self.webhook_secret is None:
            if self.webhook_url:
                raise ConfigError("WEBHOOK_SECRET is not set: webhook mode needs it so only Telegram can post updates.")
            return None
        secret = self.webhook_secret.get_secret_value()
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -.")
        return secret


def load_settings() -> Settings:
    """Read settings, turning pydantic's multi-line report into one line per problem."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid setting: {problems}") from None
