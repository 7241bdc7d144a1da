"""The reply languages: their codes and names, and the one function that picks a reply's language."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["en", "zh-hans", "zh-hant"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


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
