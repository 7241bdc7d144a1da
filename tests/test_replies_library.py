"""What the bot answers with several interviews (tests/library.py: the seed interview and three
imported ones), tested without Telegram: every hit and quote names its interview, "▶ 12:34"
links, /interviews, topics per interview, narrowing a search, and interviews held in one language."""

from __future__ import annotations

import random

import pytest
import pytest_asyncio

from bot import replies
from bot.keyboards import Kind, decode
from bot.limits import CALLBACK_DATA_BYTES, MESSAGE_CHARS
from bot.sessions import SearchSessions
from bot.storage.search_sessions import SessionStore
from tests.e2e.standin import parse_message_text, validate_reply_markup
from tests.library import build_library
from tests.services import opened_services

OWNER = 7
ADA_TITLE = "Feeling stuck? Here's how to know when it's time to leave your job | Ada Chen Rekhi"


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def library(tmp_path_factory):
    _, database = build_library(tmp_path_factory.mktemp("library"))
    async with opened_services(database, semantic=False) as found:
        yield found


def shown(reply) -> str:
    """The text a user sees; the reply must be valid Telegram HTML within Telegram's limits."""
    text, entities = parse_message_text(reply.text, "HTML")
    assert len(text) <= MESSAGE_CHARS and len(entities) <= 100
    for row in reply.buttons:
        for button in row:
            assert button.callback is None or len(button.callback.encode()) <= CALLBACK_DATA_BYTES
    return text


def links(reply) -> list[tuple[str, str]]:
    """Each link of the reply: (its text, its URL)."""
    text, entities = parse_message_text(reply.text, "HTML")
    encoded = text.encode("utf-16-le")
    return [(encoded[e["offset"] * 2:(e["offset"] + e["length"]) * 2].decode("utf-16-le"), e["url"])
            for e in entities if e["type"] == "text_link"]


def actions(reply, kind=None):
    found = [decode(button.callback) for row in reply.buttons for button in row if button.callback]
    return [a for a in found if kind is None or a.kind is kind]


def labelled(reply, label: str):
    (button,) = [b for row in reply.buttons for b in row if b.text.startswith(label)]
    return decode(button.callback)


def interview_id(services, slug: str) -> int:
    return services.corpus.interview_slugged(slug).id


# ----------------------------------------------------------------- every hit and quote names its interview


def test_search_results_from_several_interviews_each_name_their_interview(library):
    reply = replies.start_search(library, "learning", language="en", owner=OWNER)
    text = shown(reply)
    headings = [line for line in text.split("\n") if line[:2] in {f"{n}." for n in range(1, 6)}]
    assert len(headings) == 5
    titles = {"Eye on AI #118", "Feeling stuck? Here's how to know when it's time to leave…", "Virtual Coffee S1E4"}
    assert all(any(f" · {title}" in heading for title in titles) for heading in headings), headings
    narrowing = [b.text for row in reply.buttons for b in row if decode(b.callback).kind is Kind.NARROW]
    assert narrowing == ["🎯 Only Eye on AI #118", "🎯 Only Feeling stuck? Here's how to know when it's time to…",
                         "🎯 Only Virtual Coffee S1E4"]  # every interview the results come from, first found first


def test_a_quote_names_its_interview_and_an_undated_one_has_no_dangling_dot(library):
    quote = replies.quote(library, "indie maker", text_language="en", ui_language="en", owner=OWNER)
    attribution = next(line for line in shown(quote).split("\n") if line.startswith("— "))
    assert attribution == "— Vic Vijayakumar · Virtual Coffee S1E4" + attribution.split("S1E4", 1)[1]
    assert " ·  " not in attribution and not attribution.rstrip().endswith("·")
    dated = replies.quote(library, "terrible trap", text_language="en", ui_language="en", owner=OWNER)
    assert f"— Ada Chen Rekhi · {ADA_TITLE} · 2023-04-21" in shown(dated)


def test_a_quote_without_words_comes_from_any_interview_and_the_seed_keeps_its_featured_excerpts(library):
    slugs = set()
    for seed in range(40):
        reply = replies.quote(library, "", text_language="en", ui_language="en", owner=1000 + seed,
                              rng=random.Random(seed))
        another = actions(reply, Kind.ANOTHER)[0]
        slugs.add(library.corpus.turn(int(another.args[1])).interview_slug)
    assert {"eye-on-ai-118", "ada", "vc", "keji"} <= slugs
    featured = {excerpt.turn_id for excerpt in library.corpus.featured_excerpts()}
    for seed in range(40):  # whenever the seed interview is drawn, its quote is a featured excerpt
        reply = replies.quote(library, "", text_language="en", ui_language="en", owner=2000 + seed,
                              rng=random.Random(seed))
        turn = library.corpus.turn(int(actions(reply, Kind.ANOTHER)[0].args[1]))
        assert turn.interview_slug != "eye-on-ai-118" or turn.id in featured


def test_quote_means_a_guest_of_each_interview(library):
    for words, guest in (("terrible trap", "Ada Chen Rekhi"), ("indie maker", "Vic Vijayakumar"),
                         ("隱私", "來賓"), ("bitter lesson", "Ilya Sutskever")):
        reply = replies.quote(library, words, text_language="en", ui_language="en", owner=OWNER)
        assert shown(reply).startswith(guest), (words, shown(reply)[:80])
    nothing = replies.quote(library, "zebra giraffe", text_language="en", ui_language="en", owner=OWNER)
    assert shown(nothing).startswith("No guest's passage matches “zebra giraffe”")


def test_welcome_and_help_speak_of_many_interviews(library):
    assert shown(replies.welcome(library, "en")).startswith("Interview Quote Bot\nQuotes from 4 interviews.")
    assert "/interviews" in shown(replies.welcome(library, "zh-hant"))
    help_text = shown(replies.help_text(library, "en", "q_bot"))
    assert "/quote — a random quote from a guest of any interview" in help_text and "/interviews" in help_text
    assert "this interview" not in help_text and "EN + 中文" not in help_text  # nothing of one interview
    chinese = shown(replies.help_text(library, "zh-hans", "q_bot"))
    assert "随机一段任一场访谈嘉宾的语录" in chinese and "这次访谈" not in chinese


# ----------------------------------------------------------------- ▶ 12:34


def test_a_quote_links_to_the_moment_its_turn_starts(library):
    youtube = replies.quote(library, "terrible trap", text_language="en", ui_language="en", owner=OWNER)
    [(label, url)] = links(youtube)
    assert label.startswith("▶ ") and url.startswith("https://www.youtube.com/watch?v=l-T8sNRcWQk&t=")
    seconds = int(url.rsplit("t=", 1)[1].rstrip("s"))
    assert label == f"▶ {seconds // 60}:{seconds % 60:02d}"
    assert "&amp;t=" in youtube.text  # the URL is escaped in the HTML
    media = replies.quote(library, "隱私", text_language="zh-hant", ui_language="zh-hant", owner=OWNER)
    assert links(media) == [("▶ 1:35", "https://media.example.org/keji.mp3#t=95")]


def test_no_moment_link_without_a_recording_or_a_start_time(library):
    no_url = replies.quote(library, "indie maker", text_language="en", ui_language="en", owner=OWNER)
    assert links(no_url) == [] and "▶" not in shown(no_url)
    no_start = replies.quote(library, "bitter lesson", text_language="en", ui_language="en", owner=OWNER)
    assert links(no_start) == []


# ----------------------------------------------------------------- /interviews


def test_interviews_are_listed_with_title_guest_and_date_and_paged(library, monkeypatch):
    reply = replies.interview_list(library, 0, language="en", owner=OWNER)
    text = shown(reply)
    assert text.startswith("4 interviews — 1–4 — tap one to browse it:")
    # newest first, as in a podcast app; an undated interview last
    assert "1. 科技對談 — 來賓 · 2024-05-01" in text
    assert f"2. {ADA_TITLE} — Ada Chen Rekhi · 2023-04-21" in text
    assert "3. Eye on AI #118 — Ilya Sutskever · 2023-03-14" in text
    assert "4. Virtual Coffee S1E4 — Vic Vijayakumar\n" in text + "\n"  # no date: none shown
    opens = actions(reply, Kind.INTERVIEW)
    slugs = [library.corpus.interview(int(a.args[0])).slug for a in opens]
    assert slugs == ["keji", "ada", "eye-on-ai-118", slugs[3]] and slugs[3] not in slugs[:3]
    monkeypatch.setattr(replies, "INTERVIEWS_PAGE_SIZE", 3)
    first = replies.interview_list(library, 0, language="en", owner=OWNER)
    [more] = actions(first, Kind.INTERVIEWS)
    second = replies.interview_list(library, int(more.args[0]), language="en", owner=OWNER)
    assert shown(second).startswith("4 interviews — 4 — tap one") and len(actions(second, Kind.INTERVIEW)) == 1
    assert replies.interview_list(library, 2, language="en", owner=OWNER) is None


def test_a_chosen_interview_opens_its_topics_or_with_one_topic_its_first_passage(library):
    keji = replies.open_interview(library, interview_id(library, "keji"), language="en", owner=OWNER)
    assert shown(keji).startswith("科技對談 — 來賓 · 2024-05-01\n2 topics — tap one:")
    pages = actions(keji, Kind.TOPIC_PAGE)
    assert [a.args[:2] for a in pages] == [(str(interview_id(library, "keji")), "introductions"),
                                           (str(interview_id(library, "keji")), "chapter-2")]
    ada = replies.open_interview(library, interview_id(library, "ada"), language="en", owner=OWNER)
    assert shown(ada).startswith("Ada Chen Rekhi\n")
    assert "It's a terrible outcome to wake up one day" in shown(ada)
    assert replies.open_interview(library, 999, language="en", owner=OWNER) is None


# ----------------------------------------------------------------- topics per interview


def test_a_topic_key_two_interviews_share_opens_each_interviews_own_topic(library):
    keji, vc = interview_id(library, "keji"), interview_id(library, "vc")
    chinese = replies.topic_page(library, "introductions", 0, interview_id=keji, language="en", owner=OWNER)
    english = replies.topic_page(library, "introductions", 0, interview_id=vc, language="en", owner=OWNER)
    assert shown(chinese).startswith("科技對談\nIntroductions — 1–2 of 2") and "歡迎收聽本節目" in shown(chinese)
    assert shown(english).startswith("Virtual Coffee S1E4\nIntroductions — 1–5 of ")
    assert "歡迎" not in shown(english)
    more = actions(english, Kind.TOPIC_PAGE)[0]
    assert more.args[:2] == (str(vc), "introductions")
    back = labelled(english, "☰ Topics")
    assert back.kind is Kind.INTERVIEW and back.args == (str(vc),)


def test_topic_without_a_name_lists_the_interviews_and_a_name_opens_the_right_interviews_topic(library):
    assert shown(replies.topic_command(library, "", language="en", owner=OWNER)).startswith("4 interviews")
    found = replies.topic_command(library, "getting into tech", language="en", owner=OWNER)
    assert shown(found).startswith("Virtual Coffee S1E4\nGetting into tech — 1–5 of ")
    unknown = replies.topic_command(library, "cooking recipes", language="en", owner=OWNER)
    assert shown(unknown).startswith("No topic matches “cooking recipes”. Choose an interview")


def test_an_old_topic_button_without_its_interview_still_opens_the_seed_topic(library):
    old = decode(f"p:{OWNER}:scaling:0")
    assert old is not None and old.kind is Kind.OLD_TOPIC_PAGE
    reply = replies.topic_page(library, "scaling", 0, interview_id=None, language="en", owner=OWNER)
    assert shown(reply).startswith("Eye on AI #118\nScaling and the deep learning breakthrough")


# ----------------------------------------------------------------- narrowing


async def test_a_button_narrows_results_to_one_interview_and_another_widens_them_again(library):
    reply = replies.start_search(library, "learning", language="en", owner=OWNER)
    only_vc = labelled(reply, "🎯 Only Virtual Coffee S1E4")
    assert only_vc.kind is Kind.NARROW
    narrowed = await replies.narrowed_search(library, only_vc.args[0], int(only_vc.args[1]), language="en")
    text = shown(narrowed)
    assert text.startswith("Results for “learning” in Virtual Coffee S1E4 — 1")
    opened = [library.corpus.turn(int(a.args[0])) for a in actions(narrowed, Kind.OPEN_AT)]
    assert opened and {turn.interview_slug for turn in opened} == {"vc"}
    assert not actions(narrowed, Kind.NARROW)[1:]  # one button: back to all interviews
    widen = labelled(narrowed, "All interviews")
    wide = await replies.narrowed_search(library, widen.args[0], int(widen.args[1]), language="en")
    assert shown(wide) == shown(reply)


async def test_a_narrowed_search_keeps_its_interview_behind_its_page_buttons_after_a_restart(library):
    reply = replies.start_search(library, "people", language="zh-hans", owner=OWNER)
    only_ada = labelled(reply, "🎯 只看 Feeling stuck")
    narrowed = await replies.narrowed_search(library, only_ada.args[0], int(only_ada.args[1]), language="zh-hans")
    [more] = [a for a in actions(narrowed, Kind.SEARCH_PAGE)]
    await library.sessions.flush()
    restarted = SearchSessions(SessionStore(library.settings.database_path))
    await restarted.initialize()
    try:
        session = await restarted.get(more.args[0])
        assert session.interview == "ada"
        page = replies.search_page(library, session, int(more.args[1]), language="zh-hans")
        turns = [library.corpus.turn(int(a.args[0])) for a in actions(page, Kind.OPEN_AT)]
        assert turns and {turn.interview_slug for turn in turns} == {"ada"}
    finally:
        await restarted.shutdown()


def test_results_from_one_interview_offer_no_narrowing(library):
    reply = replies.start_search(library, "imagenet alexnet", language="en", owner=OWNER)
    assert shown(reply).startswith("Results for") and actions(reply, Kind.NARROW) == []


# ----------------------------------------------------------------- one language


@pytest.mark.parametrize("language, note, list_note", [
    ("zh-hans", "本访谈为英文，没有中文翻译。", "英文访谈的语录没有中文翻译。"),
    ("zh-hant", "本訪談為英文，沒有中文翻譯。", "英文訪談的語錄沒有中文翻譯。"),
])
def test_an_english_interview_is_shown_in_english_to_a_chinese_reader_with_one_note(library, language, note, list_note):
    quote = replies.quote(library, "terrible trap", text_language=language, ui_language=language, owner=OWNER)
    text = shown(quote)
    assert text.count(note) == 1 and "terrible trap" in text
    labels = [button.text for row in quote.buttons for button in row]
    assert "中文" not in labels and "EN" not in labels and not any("EN + 中文" in label for label in labels)
    assert "🔀 換一段" in labels or "🔀 换一段" in labels  # the interface stays Chinese
    # under results from several interviews the note names the kind of interview, once
    results = replies.start_search(library, "terrible trap", language=language, owner=OWNER)
    assert shown(results).count(list_note) == 1 and note not in shown(results)


def test_an_interview_held_in_chinese_is_shown_to_an_english_reader_in_its_own_script(library):
    quote = replies.quote(library, "隱私", text_language="en", ui_language="en", owner=OWNER)
    text = shown(quote)
    assert "This interview is in Chinese; there is no English translation." in text
    assert "資料隱私是每個使用者的權利" in text  # Traditional, as it was held
    assert "only in the Chinese article" not in text  # not the seed's article-only note
    assert "主持人 asked: “那麼資料隱私呢？”" in text  # its question, in its language
    labels = [button.text for row in quote.buttons for button in row]
    assert "EN" not in labels and "中文" not in labels and "◀ Before" in labels
    before = labelled(quote, "◀ Before")
    previous = replies.show_turn(library, int(before.args[0]), text_language="en", ui_language="en", owner=OWNER)
    assert "那麼資料隱私呢？" in shown(previous)  # an English reader's order keeps every turn of it


def test_every_reply_here_is_valid_for_telegram(library):
    for reply in (replies.interview_list(library, 0, language="zh-hant", owner=OWNER),
                  replies.open_interview(library, interview_id(library, "vc"), language="zh-hant", owner=OWNER),
                  replies.start_search(library, "coffee", language="zh-hant", owner=OWNER)):
        shown(reply)
        validate_reply_markup({"inline_keyboard": [[{"text": b.text, "callback_data": b.callback}
                                                    for b in row] for row in reply.buttons]})


def test_small_talk_speaks_of_the_library(library):
    from bot.small_talk import small_talk_reply

    assert shown(small_talk_reply(library, "hi", "en")).startswith("Hi! 👋 I quote 4 interviews.")
    assert "4 場訪談" in shown(small_talk_reply(library, "你好", "zh-hant"))


def test_inline_results_name_their_interview(library):
    articles = replies.inline_results(library, "terrible trap", language="en", bot_username="q_bot")
    assert articles[0].title == f"Ada Chen Rekhi · {ADA_TITLE}"
    assert f"— Ada Chen Rekhi · {ADA_TITLE} · 2023-04-21 · ▶ " in shown(articles[0])


def test_with_several_interviews_the_menu_and_descriptions_name_none(library):
    services = library
    for language in ("en", "zh-hans", "zh-hant"):
        texts = replies.menu_texts(services, language)
        count = str(len(services.corpus.interviews()))
        assert count in texts["description"] and count in texts["short_description"]
        assert not any(i.guest in text for i in services.corpus.interviews() for text in texts.values())


def test_a_chinese_reader_reads_an_interviews_names_in_their_own_script(library):
    """keji was imported in Traditional: its text, title, topic and speakers all follow the
    reader's script (characters only for Simplified: 資料 → 资料), as written for an English reader."""
    simplified = shown(replies.quote(library, "隱私", text_language="zh-hans", ui_language="zh-hans", owner=OWNER))
    assert "来宾" in simplified and "科技对谈" in simplified and "资料隐私" in simplified
    assert not {"來賓", "科技對談", "資料"} & set(simplified.split()) and "對談" not in simplified
    listing = replies.interview_list(library, 0, language="zh-hans", owner=OWNER)
    assert "科技对谈" in shown(listing) and any(b.text.endswith("科技对谈") for row in listing.buttons for b in row)
    traditional = shown(replies.quote(library, "隱私", text_language="zh-hant", ui_language="zh-hant", owner=OWNER))
    assert "來賓" in traditional and "科技對談" in traditional
    english = shown(replies.open_interview(library, interview_id(library, "keji"), language="en", owner=OWNER))
    assert english.startswith("科技對談 — 來賓")


def test_the_query_is_echoed_in_the_readers_script(library):
    # a did-you-mean button searches the corpus's (Simplified) form; a Traditional reader reads it in theirs
    traditional = shown(replies.start_search(library, "隐私", language="zh-hant", owner=OWNER))
    assert traditional.startswith("「隱私」") and "隐私" not in traditional.split("\n")[0]
    simplified = shown(replies.start_search(library, "隱私", language="zh-hans", owner=OWNER))
    assert simplified.startswith("“隐私”")


# Reconverting Simplified to Traditional gave 儲存 for 保存, 隻 for 只, 許可權 for 權限.
AS_HELD = "資料會被保存多久，還是只是權限設定的問題？"


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_an_interview_held_in_traditional_is_quoted_in_its_own_words(library, language):
    reply = replies.quote(library, "權限設定", text_language=language, ui_language=language, owner=OWNER)
    assert AS_HELD in shown(reply).replace("\n", "")
    results = replies.start_search(library, "保存多久", language=language, owner=OWNER)
    assert "保存多久" in shown(results) and "儲存" not in shown(results)


def test_a_simplified_reader_reads_its_characters_not_other_words(library):
    reply = shown(replies.quote(library, "權限設定", text_language="zh-hans", ui_language="zh-hans", owner=OWNER))
    assert "资料会被保存多久，还是只是权限设定的问题？" in reply.replace("\n", "")
    assert "每个使用者的权利" in reply.replace("\n", "")  # 使用者, as said; not the mainland 用户


def test_a_topic_named_as_its_interview_is_not_titled_twice(library):
    ada = interview_id(library, "ada")
    page = shown(replies.topic_page(library, "ada", 0, interview_id=ada, language="en", owner=OWNER))
    assert page.startswith(f"{ADA_TITLE} — 1–") and page.count(ADA_TITLE) == 1


def test_names_are_read_as_written_and_echoes_never_reworded():
    from bot.render import echo_in_script, in_reader_script

    assert in_reader_script("范先生", "zh-hant", held_in="zh-hant") == "范先生"  # s2tw would make it 範
    assert in_reader_script("台灣科技對談", "zh-hant", held_in="zh-hant") == "台灣科技對談"
    assert in_reader_script("数据与规模", "zh-hant") == "資料與規模"  # the seed's own names: Taiwan's words
    assert in_reader_script("台灣科技對談", "zh-hans") == "台湾科技对谈"
    assert echo_in_script("资料保存", "zh-hant") == "資料保存"  # typed: characters only, 保存 is no 儲存


def test_a_quotation_of_an_interview_held_in_traditional_is_shown_to_an_english_reader_as_written(library):
    reply = replies.quote_check(library, "資料隱私是每個使用者的權利。我們在設計產品的時候，必須先想到隱私", language="en",
                                owner=OWNER)
    text = shown(reply).replace("\n", "")
    assert "資料隱私是每個使用者的權利" in text and "资料" not in text
