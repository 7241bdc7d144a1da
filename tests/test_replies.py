"""What the bot answers, tested without Telegram: `bot.replies` on the small corpus of tests/search.

Turn ids are positions in `tests.search.conftest.TURNS`: 1 scaling (guest), 2 bitter lesson
(host), 3 hallucinations, 4 prediction is compression, 5 LeCun (host), 6 article-only, 7 compression;
then two long guest turns (8, 9), the only ones long enough to be a random quote.
"""

from __future__ import annotations

import random
import re

import pytest
import pytest_asyncio

from bot import replies
from bot.i18n import t
from bot.keyboards import Kind, decode
from bot.limits import MESSAGE_CHARS
from bot.links import share_query
from bot.search.alignment import normalize
from bot.search.quote_check import says_otherwise
from bot.sessions import SearchSessions
from bot.text import Anchor
from bot.storage.search_sessions import SessionStore
from tests.e2e.standin import parse_message_text
from tests.search.conftest import TOPICS, TURNS
from tests.search.corpus_db import TurnSpec, write_corpus
from tests.search.fake_semantic import FakeSemantic
from tests.services import opened_services

OWNER = 7
QUOTABLE = [
    TurnSpec(en="Neural networks are parallel computers. " * 6, zh="神经网络是并行计算机。" * 6, topic="scaling"),
    TurnSpec(en="Reliability is the thing that matters most for usefulness. " * 4, zh="可靠性最重要。" * 6,
             topic="hallucination"),
]


@pytest_asyncio.fixture(loop_scope="session")
async def services(tmp_path):
    """The real services over a seven-turn corpus (no seeds ingest: the corpus is written directly)."""
    async with opened_services(write_corpus(tmp_path / "small.db", TURNS + QUOTABLE, TOPICS)) as found:
        yield found


def shown(reply) -> str:
    """The text a user sees (the reply must be valid Telegram HTML)."""
    return parse_message_text(reply.text, "HTML")[0]


def actions(reply):
    return [decode(button.callback) for row in reply.buttons for button in row if button.callback]


def test_a_quote_without_words_is_a_guest_turn_and_another_never_repeats_it(services):
    first = replies.quote(services, "", text_language="en", ui_language="en", owner=OWNER, rng=random.Random(1))
    another = next(a for a in actions(first) if a.kind is Kind.ANOTHER)
    shown_id = int(another.args[1])
    assert shown_id in (8, 9)  # long guest turns only
    for seed in range(10):
        again = replies.quote(services, "", text_language="en", ui_language="en", owner=OWNER,
                              rng=random.Random(seed), not_turn=shown_id)
        assert next(a for a in actions(again) if a.kind is Kind.ANOTHER).args[1] != str(shown_id)


def test_a_quote_with_words_is_the_guest_turn_that_says_them(services):
    reply = replies.quote(services, "hallucinate feedback", text_language="en", ui_language="en", owner=OWNER)
    assert "tendency to hallucinate" in shown(reply) and "— Ilya Sutskever · Test · 2023-03-14" in shown(reply)
    host_only = replies.quote(services, "bitter lesson", text_language="en", ui_language="en", owner=OWNER)
    assert "Rich Sutton" not in shown(host_only)  # a host's turn is never a quote of the guest


@pytest.mark.parametrize("words", ['"hallucinate the scale"', "“hallucinate the scale”"])
def test_words_in_quotation_marks_that_no_turn_has_together_match_nothing_echoed_once(services, words):
    for reply in (replies.search_or_check(services, words, language="en", owner=OWNER),
                  replies.quote_or_check(services, words, language="en", owner=OWNER)):
        assert "matches “hallucinate the scale”" in shown(reply)
    assert replies.inline_results(services, words, language="en", bot_username="bot") == []


def test_a_quote_that_matches_nothing_says_so_and_offers_topics(services):
    reply = replies.quote(services, "chocolate cake recipe", text_language="en", ui_language="en", owner=OWNER)
    assert "No passage of Ilya Sutskever's matches “chocolate cake recipe”" in shown(reply)
    assert [a.kind for a in actions(reply)][-1] is Kind.TOPICS


async def test_a_quote_of_words_only_the_host_said_offers_to_search_them(services):
    reply = replies.quote(services, "bitter lesson", text_language="en", ui_language="en", owner=OWNER)
    assert "No passage of Ilya Sutskever's matches “bitter lesson”" in shown(reply)
    labels = [button.text for row in reply.buttons for button in row]
    assert "🔍 Search everyone's words (1)" in labels
    search = next(a for a in actions(reply) if a.kind is Kind.SEARCH_PAGE)
    assert (await services.sessions.get(search.args[0])).query == "bitter lesson"
    cake = replies.quote(services, "chocolate cake recipe", text_language="en", ui_language="en", owner=OWNER)
    assert not [a for a in actions(cake) if a.kind is Kind.SEARCH_PAGE]  # nobody said it: no button


def test_search_without_words_explains_how(services):
    assert "Tell me what to look for" in shown(replies.start_search(services, "", language="en", owner=OWNER))


def test_search_lists_numbered_results_with_the_match_in_bold(services):
    reply = replies.start_search(services, "prediction compression", language="en", owner=OWNER)
    assert shown(reply).startswith("Results for “prediction compression” — 1–2 of 2")
    snippets = reply.text.split("\n\n")[1:]
    assert len(snippets) == 2 and all(re.search(r"<b>[^<]*(?i:compression|prediction)", s) for s in snippets)
    opens = [a for a in actions(reply) if a.kind is Kind.OPEN_AT]
    assert [a.args[0] for a in opens] == ["4", "7"] and all(a.owner == OWNER for a in opens)


@pytest.mark.parametrize(("language", "label"), [("en", "close in meaning"), ("zh-hans", "意思相近"), ("zh-hant", "意思相近")])
async def test_a_result_found_by_meaning_alone_says_so(tmp_path, language, label):
    """The words find 4 and (lifted by meaning) 7; the third, only nearest in meaning (the
    search's fill), follows, and it alone is labelled: 7 has the query's words in bold."""
    nearest = [(7, 0.95), (1, 0.93)] + [(t, 0.80) for t in (2, 3, 4, 5, 6)]
    db = write_corpus(tmp_path / "small.db", TURNS, TOPICS)
    async with opened_services(db, semantic=FakeSemantic(nearest)) as found:
        reply = replies.start_search(found, "prediction and data compression tricks", language=language, owner=OWNER)
    headings = [line for line in shown(reply).splitlines() if re.match(r"\d\. ", line)]
    assert [label in heading for heading in headings] == [False, False, True]
    assert [a.args[0] for a in actions(reply) if a.kind is Kind.OPEN_AT] == ["7", "4", "1"]


async def test_a_quote_whose_words_find_nothing_offers_the_guests_passages_nearest_in_meaning(tmp_path):
    nearest = [(2, 0.95), (7, 0.93), (5, 0.92), (1, 0.91)] + [(t, 0.80) for t in (3, 4, 6)]
    db = write_corpus(tmp_path / "small.db", TURNS, TOPICS)
    async with opened_services(db, semantic=FakeSemantic(nearest)) as found:
        reply = replies.quote(found, "squeezing what you read into fewer bits", text_language="en", ui_language="en",
                              owner=OWNER)
    assert "The passages closest in meaning, in different words:" in shown(reply)
    # The guest's three nearest (7, 1, then 3), not the host's (2, 5), each with its button.
    assert [a.args[0] for a in actions(reply) if a.kind is Kind.OPEN_AT] == ["7", "1", "3"]


async def test_search_pages_follow_their_buttons_and_end(services, monkeypatch):
    monkeypatch.setattr(replies, "PAGE_SIZE", 1)
    first = replies.start_search(services, "prediction compression", language="en", owner=OWNER)
    more = next(a for a in actions(first) if a.kind is Kind.SEARCH_PAGE)
    second = await replies.stored_search_page(services, more.args[0], int(more.args[1]), language="en")
    assert shown(second).startswith("Results for “prediction compression” — 2 of 2")
    assert await replies.stored_search_page(services, more.args[0], 5, language="en") is None
    assert await replies.stored_search_page(services, "ffffffffff", 0, language="en") is None  # forgotten


async def test_a_page_button_still_works_after_a_restart(services, monkeypatch):
    monkeypatch.setattr(replies, "PAGE_SIZE", 1)
    first = replies.start_search(services, "prediction compression", language="en", owner=OWNER)
    more = next(a for a in actions(first) if a.kind is Kind.SEARCH_PAGE)
    await services.sessions.shutdown()  # a restart: memory is gone, the store keeps the search
    services.sessions = SearchSessions(SessionStore(services.settings.database_path))
    await services.sessions.initialize()
    second = await replies.stored_search_page(services, more.args[0], int(more.args[1]), language="en")
    assert shown(second).startswith("Results for “prediction compression” — 2 of 2")


def test_traditional_readers_get_traditional_text_and_topic_names(services):
    reply = replies.start_search(services, "幻覺", language="zh-hant", owner=OWNER)
    text = shown(reply)
    assert "幻覺" in text and "語言模型" in text and "幻觉" not in text


def test_english_readers_are_told_a_passage_exists_only_in_chinese(services):
    reply = replies.show_turn(services, 6, text_language="en", ui_language="en", owner=OWNER)
    assert "only in the Chinese article" in shown(reply)


def test_a_turn_has_context_buttons_only_where_there_is_context(services):
    first = replies.show_turn(services, 1, text_language="en", ui_language="en", owner=OWNER)
    labels = [button.text for row in first.buttons for button in row]
    assert "After ▶" in labels and "◀ Before" not in labels and "中文" in labels
    last = replies.show_turn(services, len(TURNS) + len(QUOTABLE), text_language="zh-hans", ui_language="zh-hans", owner=OWNER)
    labels = [button.text for row in last.buttons for button in row]
    assert "◀ 上一段" in labels and "下一段 ▶" not in labels
    assert replies.show_turn(services, 999, text_language="en", ui_language="en", owner=OWNER) is None


def test_topic_by_name_in_either_language_opens_it(services):
    for name in ("world models", "世界模型", "世界模型"):
        reply = replies.topic_command(services, name, language="en", owner=OWNER)
        # Turn 6 is only in the Chinese article: an English reader's page leaves it out, and says so.
        assert shown(reply).startswith("World models — 1 of 1")
        assert shown(reply).endswith("Also in this topic: 1 more only in the Chinese article, which has no English transcript (/language zh shows them).")
        assert shown(replies.topic_command(services, name, language="zh-hans", owner=OWNER)).startswith("世界模型 — 第 1–2 段")
    unknown = replies.topic_command(services, "cooking", language="en", owner=OWNER)
    assert shown(unknown).startswith("No topic matches “cooking”")
    assert {a.args[:2] for a in actions(unknown) if a.kind is Kind.TOPIC_PAGE} == {("1", t.key) for t in TOPICS}
    assert replies.topic_page(services, "no-such-topic", 0, interview_id=1, language="en", owner=OWNER) is None
    assert replies.topic_page(services, "scaling", 0, interview_id=2, language="en", owner=OWNER) is None


def test_no_results_offer_the_near_topic_by_its_key(services):
    reply = replies.start_search(services, "world models theory", language="en", owner=OWNER)
    assert shown(reply).startswith("Nothing in the interview matches “world models theory”")
    topic_pages = [a for a in actions(reply) if a.kind is Kind.TOPIC_PAGE]
    assert topic_pages and topic_pages[0].args == ("1", "world-models", "0")  # interview 1's topic


def test_inline_results_share_a_named_turn_or_featured_quotes(services):
    assert [a.id for a in replies.inline_results(services, "turn_3", language="en", bot_username="q_bot")] == ["3"]
    assert replies.inline_results(services, "turn_6", language="en", bot_username="q_bot") == []  # no English
    assert replies.inline_results(services, "turn_6", language="zh-hans", bot_username="q_bot")
    found = replies.inline_results(services, "hallucinate", language="en", bot_username="q_bot")
    assert found and found[0].buttons[0][0].url == "https://t.me/q_bot?start=turn_3"


def test_a_shared_chinese_passage_has_its_labels_in_that_chinese_whoever_shares_it(services):
    """A Traditional group's passage, shared by an English reader, goes back to that group."""
    for sharer in ("en", "zh-hans", "zh-hant"):
        query = share_query(3, "zh-hant", Anchor("zh", (0, 4)))
        [article] = replies.inline_results(services, query, language=sharer, bot_username="q_bot")
        assert article.buttons[0][0].text == t("zh-hant", "inline.open_in_bot")
    [english] = replies.inline_results(services, "turn_3", language="zh-hant", bot_username="q_bot")
    assert english.buttons[0][0].text == t("zh-hant", "inline.open_in_bot")  # the sharer's, as before


# ----------------------------------------------------------------- the quote check

SAID = '"Language models have a tendency to hallucinate and reinforcement learning from human feedback can teach them"'
ELSEWHERE = "“Pre-training as we know it will unquestionably end.”"  # Ilya Sutskever, NeurIPS 2024


def bold_words(reply) -> list[str]:
    return re.findall(r"<b>([^<]*)</b>", reply.text)


def test_a_quotation_said_here_shows_the_passage_with_its_words_in_bold(services):
    reply = replies.search_or_check(services, SAID, language="en", owner=OWNER)
    text = shown(reply)
    assert text.startswith("✅ Said in this interview\nIlya Sutskever · Hallucinations")
    assert "Language models have a tendency to hallucinate, and reinforcement learning from human feedback can " \
           "teach them" in bold_words(reply)
    assert "— Ilya Sutskever · Test · 2023-03-14" in text
    assert "differ a little" not in text  # word for word (punctuation and case aside)
    opened = next(a for a in actions(reply) if a.kind is Kind.OPEN_AT)
    assert opened.args == ("3", "en", "0") and opened.owner == OWNER
    assert any(button.switch_inline == "turn_3" for row in reply.buttons for button in row)


@pytest.mark.parametrize(("lead_in", "note"), [("Craig said ", "These are Ilya Sutskever's words, not Craig Smith's."),
                                              ("did Craig Smith say ", "These are Ilya Sutskever's words, not Craig Smith's."),
                                              ("Ilya said: ", None), ("someone said ", None)])
def test_words_said_by_the_other_speaker_than_the_one_named_say_whose_they_are(services, lead_in, note):
    for reply in (replies.search_or_check(services, lead_in + SAID, language="en", owner=OWNER),
                  replies.quote_or_check(services, lead_in + SAID, language="en", owner=OWNER)):
        first_lines = shown(reply).split("\n")[:2]
        assert first_lines[0] == "✅ Said in this interview"
        assert (first_lines[1] == note) if note else first_lines[1].startswith("Ilya Sutskever · ")


@pytest.mark.parametrize("language, heading, note", [
    ("en", "✅ Said in this interview\nIlya Sutskever · Hallucinations", "The words in bold are the interview's"),
    ("zh-hans", "✅ 本次访谈中说过\nIlya Sutskever · 幻觉", "粗体是访谈的原文，与你的措辞略有不同。"),
    ("zh-hant", "✅ 本次訪談中說過\nIlya Sutskever · 幻覺", "粗體是訪談的原文，與你的措辭略有不同。"),
])
def test_other_wording_is_said_here_with_a_note_in_every_language(services, language, heading, note):
    reworded = "language models tend to hallucinate and reinforcement learning from human feedback can teach them"
    text = shown(replies.search_or_check(services, reworded, language=language, owner=OWNER))
    assert text.startswith(heading) and note in text
    assert "Language models have a tendency" in text  # the passage in the quotation's language


def test_a_chinese_quotation_is_checked_against_the_chinese_in_the_readers_script(services):
    reply = replies.search_or_check(services, "「語言模型有產生幻覺的傾向，人類反饋強化學習可以教它們不這樣做」",
                                    language="zh-hant", owner=OWNER)
    assert shown(reply).startswith("✅ 本次訪談中說過") and "幻覺" in shown(reply) and "幻觉" not in shown(reply)
    assert any(word.startswith("語言模型有產生幻覺的傾向") for word in bold_words(reply))
    assert next(a for a in actions(reply) if a.kind is Kind.OPEN_AT).args[:2] == ("3", "zh-hant")


@pytest.mark.parametrize("language, heading", [
    ("en", "❌ Not found in this interview: no passage of Test (2023-03-14) says “Pre-training as we know it will unquestionably end.”"),
    ("zh-hans", "❌ 本次访谈中没有找到：Test（2023-03-14）中没有“Pre-training as we know it will unquestionably end.”"),
    ("zh-hant", "❌ 本次訪談中沒有找到：Test（2023-03-14）中沒有「Pre-training as we know it will unquestionably end.」"),
])
def test_a_quotation_from_elsewhere_is_not_found_in_every_language(services, language, heading):
    reply = replies.search_or_check(services, ELSEWHERE, language=language, owner=OWNER)
    assert shown(reply).startswith(heading)
    assert "Ilya Sutskever ·" not in shown(reply)  # no passage shares its words or its meaning
    assert [a.kind for a in actions(reply)][-1] is Kind.TOPICS


def test_not_found_offers_the_closest_passage_as_different_words_and_a_search(services):
    reply = replies.search_or_check(services, '"deep learning gave us the first way to make money from data"',
                                    language="en", owner=OWNER)
    text = shown(reply)
    assert text.startswith("❌ Not found in this interview")
    assert "The closest passage, in different words:\nIlya Sutskever · Scaling and deep learning" in text
    assert "Deep learning gave us the first way to use scale productively" in bold_words(reply)
    kinds = [a.kind for a in actions(reply)]
    assert kinds == [Kind.OPEN_AT, Kind.SEARCH_PAGE]


MOVED = TurnSpec(en="When I was 17 we moved to Canada, and I joined the University of Toronto right away to do "
                       "machine learning.", zh="我十七岁时我们搬到了加拿大，我立即加入了多伦多大学，开始做机器学习。",
                 topic="scaling")


@pytest_asyncio.fixture(loop_scope="session")
async def moved(tmp_path):
    """The real services over one turn that names a place and an age (the dictionary's names with the index)."""
    async with opened_services(write_corpus(tmp_path / "moved.db", [MOVED], TOPICS)) as found:
        yield found


@pytest.mark.parametrize("quotation, said", [
    ("我十七岁时我们搬到了加拿大，我立即加入了多伦多大学，开始做机器学习。", True),
    ("我17岁时我们搬到了加拿大，我立即加入了多伦多大学，开始做机器学习。", True),  # the same age in digits
    ("我十五岁时我们搬到了加拿大，我立即加入了多伦多大学，开始做机器学习。", False),
    ("我十七岁时我们搬到了美国，我立即加入了多伦多大学，开始做机器学习。", False),
])
def test_a_chinese_quotation_with_another_age_or_place_is_not_said(moved, quotation, said):
    text = shown(replies.search_or_check(moved, quotation, language="zh-hans", owner=OWNER))
    assert text.startswith("✅ 本次访谈中说过" if said else "❌ 本次访谈中没有找到"), text
    assert "多伦多大学" in text  # a quotation not said is shown the passage it differs from


@pytest.mark.parametrize("quotation, language, label", [
    ("我十五岁时我们搬到了加拿大，我立即加入了多伦多大学，开始做机器学习。", "zh-hans", "最接近的一段说的是“十七”，而你写的是“十五”"),
    # The other name ends the quotation: the words aligned stop short of it.
    ("“我十七岁时我们搬到了美国”", "zh-hant", "最接近的一段說的是「加拿大」，而你寫的是「美國」"),
    ('"When I was 15 we moved to Canada, and I joined the University of Toronto"', "en",
     "The closest passage says “17” where you have “15”"),
    # As each writes it: the user's apostrophe and capitals, not the compared lower-case words.
    ("\"When I was 17 we didn't move to Canada, and I joined the University of Toronto\"", "en",
     "The closest passage says “moved” where you have “didn't move”"),
])
def test_a_quotation_not_said_by_one_word_is_told_which(moved, quotation, language, label):
    text = shown(replies.search_or_check(moved, quotation, language=language, owner=OWNER))
    assert text.startswith("❌") and label in text, text
    assert "in different words" not in text and "措辞不同" not in text and "措辭不同" not in text


@pytest.mark.parametrize("quotation, passage, otherwise", [
    ("我们搬到了美国", "我们搬到了加拿大", True),
    ("他周一用英文说", "他星期一用英语说", False),  # one thing, two names: they share a character
    ("他们用美金付钱", "他们用美元付钱", False),
])
def test_the_dictionary_tells_another_place_from_another_name_for_the_same(moved, quotation, passage, otherwise):
    ours, theirs = (normalize(text, spaced=False).text for text in (quotation, passage))
    assert says_otherwise(ours, theirs, chinese=True, chinese_word=moved.search.chinese_word) is otherwise


def test_only_words_that_read_as_a_quotation_are_checked(services):
    def heading(text, check=replies.search_or_check):
        return shown(check(services, text, language="en", owner=OWNER)).split("\n")[0]
    assert heading('"prediction is compression"').startswith("Results for “prediction is compression”")
    assert heading("please show me what he said about prediction and compression").startswith("Results for")
    assert heading("It matters what you scale, deep learning gave us the first way to use scale").startswith("✅")
    quoted = replies.quote_or_check(services, SAID, language="en", owner=OWNER)
    assert shown(quoted).startswith("✅ Said in this interview")
    assert shown(replies.quote_or_check(services, "", language="en", owner=OWNER)).startswith("Ilya Sutskever")


def test_quote_check_replies_escape_the_quotation_and_stay_within_telegram_limits(services):
    hostile = '"<b>scaling</b> & <a href=x>compression</a> are all we need, said nobody ' + "really " * 60 + '"'
    reply = replies.search_or_check(services, hostile, language="en", owner=OWNER)
    assert "&lt;b&gt;scaling&lt;/b&gt; &amp; &lt;a href=x&gt;" in reply.text and "<a href" not in reply.text
    longest = '"' + "Neural networks are parallel computers. " * 8 + '"'
    for language in ("en", "zh-hans", "zh-hant"):
        for text in (hostile, longest):
            assert len(shown(replies.search_or_check(services, text, language=language, owner=OWNER))) < MESSAGE_CHARS


# ----------------------------------------------------------------- reading quotes: excerpts, questions, order


def test_a_quote_is_an_excerpt_with_the_question_it_answers(services):
    reply = replies.quote(services, "hallucinate", text_language="en", ui_language="en", owner=OWNER)
    lines = shown(reply).split("\n")
    assert lines[1] == "Craig Smith asked: “Rich Sutton wrote about scaling and the bitter lesson; did he influence you?”"
    assert "<b>hallucinate</b>" in reply.text
    question = next(a for a in actions(reply) if a.kind is Kind.OPEN)
    assert question.args[:2] == ("2", "en")  # ❓ opens the host's turn, as a new message


def test_an_english_readers_order_skips_the_passage_only_in_the_chinese_article(services):
    english = replies.show_turn(services, 5, text_language="en", ui_language="en", owner=OWNER)
    after = next(decode(b.callback) for row in english.buttons for b in row if b.text == "After ▶")
    assert after.args[0] == "7" and "Just after this, the Chinese article has text" in shown(english)
    landed = replies.show_turn(services, 7, text_language="en", ui_language="en", owner=OWNER)
    assert "Just before this, the Chinese article has text" in shown(landed)
    chinese = replies.show_turn(services, 5, text_language="zh-hans", ui_language="zh-hans", owner=OWNER)
    assert [a.args[0] for a in actions(chinese) if a.kind is Kind.TURN and a.args[0] != "5"] == ["4", "6"]


def test_english_results_leave_out_the_passage_only_in_the_chinese_article_and_say_so(services):
    english = shown(replies.start_search(services, "Yann", language="en", owner=OWNER))
    assert english.startswith("Results for “Yann” — 1 of 1") and "我认为" not in english
    assert english.endswith("Also matching: 1 more only in the Chinese article, which has no English transcript (/language zh shows them).")
    chinese = shown(replies.start_search(services, "Yann", language="zh-hans", owner=OWNER))
    assert "第 1–2 段，共 2 段" in chinese and "我认为Yann是对的" in chinese
    assert replies.inline_results(services, "Yann", language="en", bot_username=None)[0].id.startswith("5")


def test_a_share_sends_the_excerpt_shown_and_links_the_whole_turn(services):
    quote = replies.quote(services, "hallucinate", text_language="en", ui_language="en", owner=OWNER)
    share = next(b.switch_inline for row in quote.buttons for b in row if b.switch_inline)
    [article] = replies.inline_results(services, share, language="zh-hant", bot_username="q_bot")
    assert quote.text.split("<blockquote>")[1].split("</blockquote>")[0] in article.text  # as read: English
    assert article.buttons[0][0].url == "https://t.me/q_bot?start=turn_3"


def test_an_inline_result_describes_itself_by_the_matched_sentence(services):
    [first, *_] = replies.inline_results(services, "bitter lesson", language="en", bot_username=None)
    assert first.description == "Rich Sutton wrote about scaling and the bitter lesson; did he influence you?"
    assert "bitter lesson</b>" in first.text


def test_both_languages_side_by_side(services):
    reply = replies.show_excerpt(services, 3, None, text_language="en", ui_language="en", owner=OWNER, both=True)
    english, chinese = (part.split("<blockquote>")[-1] for part in reply.text.split("</blockquote>")[:2])
    assert english.startswith("Language models have a tendency") and chinese.startswith("语言模型有产生幻觉的倾向")
    assert shown(reply).endswith("· Chinese: machine translation")


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_menu_and_descriptions_name_the_interview_from_its_data(services, language):
    """The one interview's title, host and guest, as plain text within Telegram's limits."""
    texts = replies.menu_texts(services, language)
    interview = services.corpus.interviews()[0]
    assert interview.guest in texts["quote"] and interview.title in texts["description"]
    assert interview.host in texts["description"] and interview.guest in texts["short_description"]
    assert all(len(texts[name]) <= limit for name, limit in replies.MENU_TEXT_CHARS.items())


def test_a_chinese_reader_sharing_an_english_excerpt_gets_chinese_labels(services):
    """The excerpt stays in the language it was read in; the button and attribution follow the reader."""
    (article,) = replies.inline_results(services, "turn_3_en_e0_5", language="zh-hans", bot_username="q_bot")
    assert "tendency to hallucinate" in article.text and "幻觉" in article.title
    assert article.buttons[0][0].text == t("zh-hans", "inline.open_in_bot")


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_an_undated_interview_is_named_without_empty_brackets(services, language):
    from dataclasses import replace

    services.corpus._interviews = [replace(i, date="") for i in services.corpus._interviews]  # noqa: SLF001
    texts = [replies.welcome(services, language).text, *replies.menu_texts(services, language).values()]
    assert not any(empty in text for text in texts for empty in ("()", "（）"))


def test_the_welcome_names_the_interview_with_its_date_in_brackets(services):
    interview = services.corpus.interviews()[0]
    assert f"<i>{interview.title}</i> ({interview.date}):" in replies.welcome(services, "en").text
