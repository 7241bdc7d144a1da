"""User-facing text in per-language catalogs (the languages themselves: `bot.language`).

Catalogs hold Telegram HTML. Parameters are HTML-escaped when filled in unless they are
`Html` (text the renderer already escaped), so no user or corpus fragment slips through raw.
"""

from __future__ import annotations

import html
import tomllib
from functools import lru_cache
from pathlib import Path

from bot.chinese import to_traditional_phrases
from bot.language import Language

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


def when(language: Language, date: str) -> Html:
    """" (2023-03-14)" after an interview's title, or nothing when it has no date."""
    return t(language, "text.when", date=date) if date else Html("")
