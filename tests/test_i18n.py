"""Catalogs and the reply-language decision."""

import re

import pytest

from bot.i18n import LANGUAGES, catalog, parse_language_argument, resolve_language, t


def test_catalogs_have_the_same_keys_and_placeholders():
    english, chinese = catalog("en"), catalog("zh-hans")
    assert english.keys() == chinese.keys()
    for key in english:
        fields = lambda text: sorted(re.findall(r"{(\w+)}", text))  # noqa: E731
        assert fields(english[key]) == fields(chinese[key]), key


def test_traditional_catalog_is_converted_from_simplified():
    assert t("zh-hans", "search.no_results", query="x") == "访谈中没有与“x”匹配的内容。"
    assert t("zh-hant", "search.no_results", query="x") == "訪談中沒有與“x”匹配的內容。"


def test_language_names_are_not_converted():
    assert "繁體中文" in t("zh-hant", "language.set_user", name="繁體中文")
    assert "簡體中文" not in t("zh-hant", "language.set_user", name="繁體中文")


def test_parameters_are_html_escaped():
    text = t("en", "search.no_results", query="<script>&")
    assert "&lt;script&gt;&amp;" in text and "<script>" not in text


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


def test_every_language_has_every_key():
    for language in LANGUAGES:
        assert catalog(language).keys() == catalog("en").keys()
