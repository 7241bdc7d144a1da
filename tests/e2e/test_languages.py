"""Reply language: Telegram's language_code, /language with buttons and aliases, in all three languages."""

import re

from tests.e2e.dialog import ask, button, plain, press

HAN = re.compile(r"[\u4e00-\u9fff]")
# Common characters that exist only in Simplified script; every turn's Chinese holds some of them.
# (A single character like 簡 is no marker: Traditional text legitimately contains it.)
SIMPLIFIED_ONLY = set("这们个说对时为学习来会还没问题样国经发现实间动进过种长门开关东车书见觉认识让给应该网络数据语")


def is_traditional(text: str) -> bool:
    return bool(HAN.search(text)) and not SIMPLIFIED_ONLY & set(text)


async def test_language_code_picks_simplified_or_traditional(api, new_id):
    simplified = plain(await ask(api, "/help", chat_id=new_id(), language_code="zh-hans"))
    traditional = plain(await ask(api, "/help", chat_id=new_id(), language_code="zh-TW"))
    assert "使用方法" in simplified and "搜索双方发言" in simplified
    assert "使用方法" in traditional and "搜尋雙方發言" in traditional
    assert "双" not in traditional


async def test_unknown_telegram_language_falls_back_to_default(api, new_id):
    assert "How to use me" in plain(await ask(api, "/help", chat_id=new_id(), language_code="de"))


async def test_language_buttons_then_saved_choice(api, new_id):
    chat = new_id()
    prompt = await ask(api, "/language", chat_id=chat)
    assert "Choose the language" in plain(prompt)
    _, saved = await press(api, prompt, button(prompt, "繁體中文"), user_id=chat)
    assert "繁體中文" in plain(saved)
    quote = plain(await ask(api, "/quote", chat_id=chat))  # language_code is still "en"
    assert is_traditional(quote), quote


async def test_language_aliases_and_unknown_value(api, new_id):
    chat = new_id()
    assert "简体中文" in plain(await ask(api, "/language 中文", chat_id=chat))
    assert "搜索" in plain(await ask(api, "/help", chat_id=chat))
    assert "English" in plain(await ask(api, "/language english", chat_id=chat))
    unknown = await ask(api, "/language <b>klingon</b>", chat_id=chat)
    assert "“<b>klingon</b>”" in plain(unknown)


async def test_search_in_each_language(api, new_id):
    english = await ask(api, "/search hallucinations", chat_id=new_id())
    simplified = await ask(api, "/search 幻觉", chat_id=new_id(), language_code="zh-CN")
    traditional = await ask(api, "/search 幻覺", chat_id=new_id(), language_code="zh-HK")
    assert "Results for" in plain(english)
    assert "的结果" in plain(simplified) and "的結果" in plain(traditional)
