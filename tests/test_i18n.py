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
    assert t("zh-hant", "search.no_results", query="x") == "訪談中沒有與「x」匹配的內容。"


# Mainland words with a different Taiwan word (搜尋, 網路, 資訊, 影片, 資料, 軟體, 硬體, 晶片,
# 電腦, 人工智慧), and the mainland quotation marks (Taiwan writes 「」 and 『』).
MAINLAND = ("搜索", "網絡", "信息", "視頻", "數據", "軟件", "硬件", "芯片", "計算機", "人工智能", "“", "”", "‘", "’")


def test_the_traditional_catalog_uses_taiwan_words_and_quotation_marks():
    found = {key: [w for w in MAINLAND if w in text] for key, text in catalog("zh-hant").items()}
    assert not {key: words for key, words in found.items() if words}


def test_the_interface_uses_one_word_per_concept():
    """Where one thing had two names in a catalog (搜尋/搜索, 條/段 for a passage, chat/group)."""
    traditional, simplified, english = (" ".join(catalog(lang).values()) for lang in ("zh-hant", "zh-hans", "en"))
    assert "搜尋" in traditional and "搜索" not in traditional
    assert "發送" not in traditional and "傳送" in traditional
    assert "字稿" not in simplified.replace("转写稿", "")  # the transcript is 转写稿
    assert "段落" not in simplified  # a passage is 段: 一段语录, 上一段, 第 1–5 段
    assert "第 {range} 条" not in simplified and "换一条" not in simplified
    assert "this chat's" not in english  # set in a group, and called a group everywhere else


def test_language_names_are_not_converted():
    assert "繁體中文" in t("zh-hant", "language.set_user", name="繁體中文")
    assert "簡體中文" not in t("zh-hant", "language.set_user", name="繁體中文")


def test_parameters_are_html_escaped():
    text = t("en", "search.no_results", query="<script>&")
    assert "&lt;script&gt;&amp;" in text and "<script>" not in text


def test_every_language_has_every_key():
    for language in LANGUAGES:
        assert catalog(language).keys() == catalog("en").keys()
