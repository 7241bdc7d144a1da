"""The reply-language decision and the names people give languages."""

import pytest

from bot.language import parse_language_argument, resolve_language


@pytest.mark.parametrize(
    ("user", "chat", "code", "expected"),
    [
        ("zh-hant", "en", "en", "zh-hant"),  # the user's own choice wins
        (None, "zh-hans", "en-US", "zh-hans"),  # then the group's
        (None, None, "zh-TW", "zh-hant"),
        (None, None, "zh-hk", "zh-hant"),
        (None, None, "zh-Hant", "zh-hant"),
        (None, None, "zh", "zh-hans"),
        (None, None, "zh-CN", "zh-hans"),
        (None, None, "en-GB", "en"),
        (None, None, "de", "zh-hans"),  # a language we don't speak → DEFAULT_LANGUAGE
        (None, None, None, "zh-hans"),
        ("klingon", None, "en", "en"),  # a corrupt saved value is skipped, not trusted
    ],
)
def test_resolve_language_fallback_chain(user, chat, code, expected):
    assert resolve_language(user, chat, code, "zh-hans") == expected


@pytest.mark.parametrize(
    ("argument", "expected"),
    [("en", "en"), ("English", "en"), ("zh", "zh-hans"), ("zh-CN", "zh-hans"), ("中文", "zh-hans"),
     ("zh_TW", "zh-hant"), ("繁體", "zh-hant"), (" ZH-HANT ", "zh-hant"), ("fr", None), ("", None)],
)
def test_language_aliases(argument, expected):
    assert parse_language_argument(argument) == expected
