"""Catalogs: the same keys and placeholders in every language, escaped parameters."""

import re

from bot.i18n import catalog, t
from bot.language import LANGUAGES


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


def test_every_language_has_every_key():
    for language in LANGUAGES:
        assert catalog(language).keys() == catalog("en").keys()
