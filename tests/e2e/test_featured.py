"""Featured quotes (issue 13, point 9): /quote without words and 🔀 Another walk the reviewed
list (seeds/eye-on-ai-118/featured.toml), none twice to a reader before all were shown, across
their chats; the empty inline query offers the list. In English, Simplified and Traditional."""

import re
import tomllib

import pytest

from bot.chinese import to_traditional
from bot.limits import MESSAGE_CHARS
from bot.text import chinese_punctuation
from tests.e2e.botprocess import REPO
from tests.e2e.dialog import ATTRIBUTION, ask, bold, button, plain, press

FEATURED = tomllib.loads((REPO / "seeds" / "eye-on-ai-118" / "featured.toml").read_text(encoding="utf-8"))["excerpt"]
LANGUAGES = {"en": "en", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}
ANOTHER = {"en": "Another", "zh-hans": "换一段", "zh-hant": "換一段"}


def _as_shown(text: str, language: str) -> str:
    """A featured excerpt as a reader of `language` sees it (line breaks aside)."""
    shown = text if language == "en" else chinese_punctuation(text)
    return (to_traditional(shown) if language == "zh-hant" else shown).replace("\n", "")


def _expected(language: str) -> set[str]:
    return {_as_shown(entry["en" if language == "en" else "zh"], language) for entry in FEATURED}


# Turn 9's first two English excerpts lie in one long sentence of the Chinese article: a Chinese
# reader is shown that passage once (bot.replies._featured_as_read), so a round is one shorter.
def _round(language: str) -> int:
    return len(FEATURED) - (language != "en")


def _featured_in(call, language: str) -> str:
    """The featured excerpt a quote shows: its words in bold."""
    (excerpt,) = bold(call)[1:] or bold(call)  # the speaker's name is bold too
    return excerpt.replace("\n", "")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_another_shows_every_featured_excerpt_once_across_the_readers_chats(api, new_id, language):
    code, reader = LANGUAGES[language], new_id()
    chats = [reader, -new_id(), -new_id()]  # a private chat and two groups: one reader, one round
    shown, last = [], {}
    for number in range(_round(language)):
        chat = chats[number % len(chats)]
        if chat not in last:
            command = "/quote" if chat > 0 else "/quote@QuoteTestBot"
            reply = await ask(api, command, chat_id=chat, user_id=reader, language_code=code,
                              chat_type="private" if chat > 0 else "supergroup")
        else:
            _, reply = await press(api, last[chat], button(last[chat], ANOTHER[language]), user_id=reader,
                                   language_code=code)
        assert reply.method == "sendMessage" and ATTRIBUTION in plain(reply)
        assert len(plain(reply)) <= MESSAGE_CHARS
        last[chat] = reply
        shown.append(_featured_in(reply, language))
    assert len(set(shown)) == _round(language), "an excerpt came twice before all were shown"
    assert set(shown) <= _expected(language)
    # The next round starts, and not with the excerpt just shown.
    _, again = await press(api, last[chats[0]], button(last[chats[0]], ANOTHER[language]), user_id=reader,
                           language_code=code)
    assert _featured_in(again, language) in _expected(language) and _featured_in(again, language) != shown[-1]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_featured_quote_reads_in_the_readers_language_with_its_buttons(api, new_id, language):
    reply = await ask(api, "/quote", chat_id=new_id(), language_code=LANGUAGES[language])
    text = plain(reply)
    han = re.search(r"[\u4e00-\u9fff]", _featured_in(reply, language))
    assert bool(han) == (language != "en")
    assert {"📖", "🔀", "↗"} <= {b["text"][0] for row in reply.params["reply_markup"]["inline_keyboard"] for b in row}
    if language == "zh-hant":
        assert "机器" not in text and "访谈" not in text  # Traditional throughout


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_empty_inline_query_offers_the_featured_list(api, new_id, language):
    api.inline_query("", user_id=new_id(), language_code=LANGUAGES[language])
    answer = await api.wait_for("answerInlineQuery")
    results = answer.params["results"]
    assert answer.ok and len(results) == _round(language)
    assert len({r["id"] for r in results}) == len(results)  # two excerpts of one turn are two results
    expected = _expected(language)
    for result in results:
        message = result["input_message_content"]["message_text"]
        assert len(message) <= MESSAGE_CHARS and ATTRIBUTION in message
        bolded = re.findall(r"<b>(.*?)</b>", message, re.DOTALL)
        assert bolded and bolded[0].replace("\n", "").replace("&#x27;", "'").replace("&quot;", '"') in expected
        assert result["description"] and len(result["description"]) <= 160
