"""/quote without words, 🔀 Another and the empty inline query on the real interview's featured
list, and the small-talk pointer, tested without Telegram (bot.replies, bot.small_talk)."""

from __future__ import annotations

import re
import tomllib

import pytest
import pytest_asyncio

from bot import replies
from bot.config import Settings
from bot.keyboards import Kind, decode
from bot.limits import MESSAGE_CHARS
from bot.search.index import build_index
from bot.small_talk import small_talk_reply
from bot.storage.ingest import ingest
from bot.text import chinese_punctuation
from tests.e2e.botprocess import REPO
from tests.e2e.standin import parse_message_text
from tests.services import opened_services

FEATURED = tomllib.loads((REPO / "seeds" / "eye-on-ai-118" / "featured.toml").read_text(encoding="utf-8"))["excerpt"]


@pytest_asyncio.fixture(loop_scope="session")
async def services(tmp_path):
    path = tmp_path / "q.sqlite3"
    ingest(path, REPO / "seeds", build_index=build_index)
    async with opened_services(path, Settings(database_path=path, seeds_dir=REPO / "seeds")) as found:
        yield found


def bold_excerpt(reply) -> str:
    """The featured words, in bold (the first bold run after the speaker's name)."""
    return re.findall(r"<b>(.*?)</b>", reply.text, re.DOTALL)[1]


def test_quote_without_words_walks_the_featured_list_for_each_reader(services):
    seen = []
    for _ in range(len(FEATURED)):
        reply = replies.quote(services, "", text_language="en", ui_language="en", owner=5)
        assert len(parse_message_text(reply.text, "HTML")[0]) <= MESSAGE_CHARS
        seen.append(bold_excerpt(reply))
    assert sorted(seen) == sorted(e["en"] for e in FEATURED)  # each once (none holds & < >)
    chinese = bold_excerpt(replies.quote(services, "", text_language="zh-hans", ui_language="zh-hans", owner=6))
    assert chinese in {chinese_punctuation(e["zh"]) for e in FEATURED}


@pytest.mark.parametrize(("language", "again"), [("en", "You have seen all"), ("zh-hant", "精選語錄你都看過了")])
def test_a_new_round_says_the_quotes_come_again(services, language, again):
    owner = 40 + len(language)
    size = len(replies._featured_as_read(services, language))  # a Chinese round is a passage shorter
    texts = [replies.quote(services, "", text_language=language, ui_language=language, owner=owner).text
             for _ in range(2 * size)]
    assert [i for i, text in enumerate(texts) if again in text] == [size]  # the second round's first only
    assert f"{size} " in texts[size] and len(parse_message_text(texts[size], "HTML")[0]) <= MESSAGE_CHARS


def test_a_new_round_does_not_start_with_the_turn_on_screen(services):
    for owner in range(100, 130):
        on_screen = services.corpus.featured_excerpts()[owner % len(FEATURED)].turn_id
        reply = replies.quote(services, "", text_language="en", ui_language="en", owner=owner, not_turn=on_screen)
        (another,) = [a for a in map(decode, (b.callback for row in reply.buttons for b in row)) if a and
                      a.kind is Kind.ANOTHER]
        assert int(another.args[1]) != on_screen  # the quote shown now is from another turn


def quoted(reply) -> str:
    """The passage shown (the blockquote), bold or not."""
    return re.sub(r"</?b>", "", re.findall(r"<blockquote>(.*?)</blockquote>", reply.text, re.DOTALL)[0])


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_a_chinese_readers_round_shows_each_passage_once(services, language):
    """Two English excerpts (turn 9's first two sentences) lie in one long sentence of the
    article: to a Chinese reader they are one passage, shown once in a round."""
    passages = [quoted(replies.quote(services, "", text_language=language, ui_language=language, owner=8))
                for _ in range(len(FEATURED))]
    distinct = len(set(passages))
    assert distinct == len(FEATURED) - 1  # the round ends a quote early, and the next starts anew
    assert len(set(passages[:distinct])) == distinct


def test_the_empty_inline_query_lists_the_featured_excerpts(services):
    for language in ("en", "zh-hans", "zh-hant"):
        articles = replies.inline_results(services, "", language=language, bot_username="q_bot")
        # A Chinese reader gets each passage once (see above).
        assert len(articles) == len(FEATURED) - (language != "en") and len({a.id for a in articles}) == len(articles)
        assert len({a.text for a in articles}) == len(articles)
        assert all(len(a.text) <= MESSAGE_CHARS and a.description for a in articles)
    english = replies.inline_results(services, "", language="en", bot_username="q_bot")
    assert [re.findall(r"<b>(.*?)</b>", a.text, re.DOTALL)[0] for a in english] == [e["en"] for e in FEATURED]


@pytest.mark.parametrize(("text", "language", "opening"), [
    ("hi", "en", "Hi! 👋 I quote one interview: Craig Smith talks with Ilya Sutskever in <i>Eye on AI #118</i>"),
    ("谢谢", "zh-hans", "不客气！😊 /quote 再看一段 Ilya Sutskever 的语录"),
    ("謝謝！", "zh-hant", "不客氣！😊 /quote 再看一段 Ilya Sutskever 的語錄"),
    ("bye", "en", "Bye! 👋"),
])
def test_small_talk_gets_a_pointer_in_the_readers_language(services, text, language, opening):
    reply = small_talk_reply(services, text, language)
    assert reply is not None and reply.text.startswith(opening)
    parse_message_text(reply.text, "HTML")  # valid Telegram HTML


def test_a_search_is_no_small_talk(services):
    assert small_talk_reply(services, "thanks for the scaling quote", "en") is None
