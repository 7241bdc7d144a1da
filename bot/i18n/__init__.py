"""User-facing text in per-language catalogs, and the one function that picks the reply language.

Catalogs hold Telegram HTML. Parameters are HTML-escaped when filled in unless they are
`Html` (text the renderer already escaped), so no user or corpus fragment slips through raw.
"""

from __future__ import annotations

import html
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from bot.chinese import to_traditional_phrases

Language = Literal["en", "zh-hans", "zh-hant"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
CATALOG_DIR = Path(__file__).parent


class Html(str):
    """A string that is already valid Telegram HTML (escaped by its maker)."""


class MissingTextError(KeyError):
    """A catalog lacks a key; a test walks every key so this never reaches users."""


@lru_cache(maxsize=None)
def catalog(language: Language) -> dict[str, str]:
    """The language's catalog. Traditional is converted from Simplified, so they never drift."""
    if language == "zh-hant":
        return {key: to_traditional_phrases(text) for key, text in catalog("zh-hans").items()}
    with (CATALOG_DIR / f"{language}.toml").open("rb") as file:
        return _flatten(tomllib.load(file))


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        flat.update(_flatten(value, f"{name}.") if isinstance(value, dict) else {name: value})
    return flat


def t(language: Language, key: str, **params: object) -> Html:
    """The catalog text for `key`, with `params` escaped and filled in."""
    try:
        template = catalog(language)[key]
    except KeyError:
        raise MissingTextError(f"{language}:{key}") from None
    escaped = {k: v if isinstance(v, Html) else html.escape(str(v), quote=False) for k, v in params.items()}
    return Html(template.format(**escaped))


def language_from_telegram_code(code: str | None) -> Language | None:
    """Telegram's `language_code` (an IETF tag) → our language, or None if we don't speak it."""
    if not code:
        return None
    tag = code.strip().lower().replace("_", "-")
    if tag.startswith("zh"):
        traditional = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
        return "zh-hant" if tag.startswith(traditional) else "zh-hans"
    return "en" if tag.split("-")[0] == "en" else None


def resolve_language(
    user_choice: str | None, chat_choice: str | None, telegram_code: str | None, default: Language
) -> Language:
    """Saved user choice → saved chat choice → Telegram's language_code → DEFAULT_LANGUAGE."""
    for candidate in (user_choice, chat_choice):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    return language_from_telegram_code(telegram_code) or default


_ALIASES: dict[str, Language] = {
    alias: language
    for language, aliases in {
        "en": ("en", "eng", "english", "英文", "英语", "英語", "en-us", "en-gb"),
        "zh-hans": ("zh", "zh-hans", "zh-cn", "zh-sg", "cn", "chinese", "simplified", "中文", "简体",
                    "简体中文", "簡體", "簡體中文", "汉语", "普通话"),
        "zh-hant": ("zh-hant", "zh-tw", "zh-hk", "zh-mo", "tw", "hk", "traditional", "繁體", "繁体",
                    "繁體中文", "繁体中文", "正體", "正體中文"),
    }.items()
    for alias in aliases
}


def parse_language_argument(text: str) -> Language | None:
    """`/language` argument → language; accepts codes, names and common aliases in any case."""
    return _ALIASES.get(text.strip().lower().replace("_", "-"))


# Each language's own name, never converted: "简体中文" must not become "簡體中文".
LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "zh-hans": "简体中文", "zh-hant": "繁體中文"}
