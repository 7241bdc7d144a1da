"""Script conversion: queries to Simplified; display in Traditional as read in Taiwan (its
vocabulary, with the reviewed exceptions of bot/chinese_exceptions.toml, and 「」 quotes)."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

import opencc
import pytest
from hypothesis import given, strategies as st

from bot.chinese import (
    _DISPLAY_FIXES, _QUOTE_MARK, _TAIWAN_QUOTES, EXCEPTIONS_FILE, load_exceptions, to_simplified, to_traditional,
    to_traditional_excerpt, to_traditional_phrases,
)
from bot.corpus import load_seeds
from bot.search import SearchService
from bot.storage.corpus import CorpusStore
from bot.text import chinese_punctuation

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXCEPTIONS = load_exceptions()
KEPT: dict[str, str] = tomllib.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))["kept"]
# Mainland words that Taiwan says otherwise (搜尋 網路 資訊 影片 資料 軟體 硬體 晶片 電腦 人工智慧),
# and the mainland quotation marks.
MAINLAND = ("搜索", "網絡", "信息", "視頻", "數據", "軟件", "硬件", "芯片", "計算機", "人工智能", "“", "”", "‘", "’")
_S2TWP = opencc.OpenCC("s2twp")
_S2TW = opencc.OpenCC("s2tw")  # characters only: what is left when no vocabulary changes


def test_traditional_query_meets_the_simplified_corpus():
    assert to_simplified("幻覺與網路") == "幻觉与网络"
    assert to_simplified("幻覺與網絡") == "幻觉与网络"  # the mainland word in Traditional characters too
    assert to_simplified("scaling laws") == "scaling laws"


# ----------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(("simplified", "taiwan"), [
    ("神经网络", "神經網路"), ("数据集", "資料集"), ("人工智能", "人工智慧"), ("晶圆级芯片", "晶圓級晶片"),
    ("生成错误信息", "生成錯誤資訊"), ("从视频中理解世界", "從影片中理解世界"), ("大型计算机集群", "大型電腦叢集"),
    ("硬件与成本", "硬體與成本"), ("软件", "軟體"), ("计算机科学", "電腦科學"),
])
def test_display_uses_taiwan_vocabulary(simplified, taiwan):
    assert to_traditional(simplified) == taiwan


def test_scaling_is_not_a_software_extension():
    assert to_traditional("扩展神经网络") == "擴展神經網路"  # not 擴充套件
    assert to_traditional("可扩展性") == "可擴展性"


@pytest.mark.parametrize("exception", EXCEPTIONS, ids=[e.simplified for e in EXCEPTIONS])
def test_each_listed_exception_holds_and_is_still_needed(exception):
    assert _S2TWP.convert(exception.example) == exception.s2twp  # else OpenCC changed: review the entry again
    assert exception.traditional in to_traditional(exception.example)
    assert exception.traditional not in exception.s2twp
    assert exception.reason.strip()


@pytest.mark.parametrize(("simplified", "taiwan"), sorted(KEPT.items()))
def test_each_reviewed_change_of_opencc_is_what_is_shown(simplified, taiwan):
    assert to_traditional(simplified) == taiwan


def test_an_exception_without_a_reason_is_refused(tmp_path):
    broken = tmp_path / "exceptions.toml"
    broken.write_text('[[phrase]]\nsimplified = "扩展"\ntraditional = "擴展"\ns2twp = "擴充套件"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="lacks reason"):
        load_exceptions(broken)


def test_a_measure_word_before_zhong_stays_a_measure_word():
    assert to_traditional("即使是一个中等规模的公司") == "即使是一個中等規模的公司"
    assert to_traditional("个中滋味") == "箇中滋味"  # "therein" is still converted as OpenCC reads it


def test_system_after_therefore_is_not_this_is():
    assert to_traditional("因此系统就能更好地理解") == "因此系統就能更好地理解"


def test_interface_text_takes_the_same_vocabulary():
    assert to_traditional_phrases("搜索") == "搜尋"
    assert to_traditional_phrases("我会帮你搜索") == "我會幫你搜尋"  # s2twp alone: 幫你搜索
    assert to_traditional_phrases("请重新发送命令") == "請重新傳送命令"


# ----------------------------------------------------------------- quotation marks


def test_traditional_quotes_are_corner_brackets():
    assert to_traditional("“幻觉”的结果") == "「幻覺」的結果"
    assert to_traditional("他说：“我们会说‘不要再这么做’。”") == "他說：「我們會說『不要再這麼做』。」"
    assert to_traditional("LeCun’s “world model”") == "LeCun’s 「world model」"  # an apostrophe stays


def test_simplified_keeps_its_quotes():
    assert to_simplified("“幻覺”") == "“幻觉”"


# ----------------------------------------------------------------- excerpts


def test_a_match_inside_a_word_takes_the_whole_word():
    assert to_traditional_excerpt("让计", "算", "机变得") == ("讓", "電腦", "變得")
    assert to_traditional_excerpt("神经网", "络", "") == ("神經", "網路", "")
    assert to_traditional_excerpt("", "", "“幻觉”") == ("", "", "「幻覺」")


@given(st.text(alphabet="扩展网络计算机数据的是“”集群参数人工智能反馈", max_size=30), st.data())
def test_excerpt_pieces_join_to_the_whole_conversion(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    before, match, after = to_traditional_excerpt(text[:start], text[start:end], text[end:])
    assert before + match + after == to_traditional(text)


def test_conversions_are_cached():  # to_traditional runs for every rendered snippet
    assert to_traditional.cache_info().maxsize and to_traditional_excerpt.cache_info().maxsize


# ----------------------------------------------------------------- the whole corpus


def _corpus_texts() -> list[tuple[str, str]]:
    """Every Chinese text a Traditional reader can be shown: (where, Simplified text)."""
    texts = []
    for interview in load_seeds(SEEDS):
        texts += [(f"{interview.slug} topic {t.key}", t.name_zh) for t in interview.topics]
        for number, turn in enumerate(interview.turns, start=1):
            for field in ("zh", "zh_machine", "zh_article"):
                if text := getattr(turn, field):
                    texts.append((f"{interview.slug} turn {number} {field}", chinese_punctuation(text)))
    return texts


CORPUS = _corpus_texts()
ALLOWED = tuple(e.traditional for e in EXCEPTIONS)


def test_no_displayed_turn_or_topic_name_has_a_mainland_word():
    found = []
    for where, text in CORPUS:
        shown = to_traditional(text)
        for word in MAINLAND:
            for hit in re.finditer(re.escape(word), shown):
                if not any(word in allowed and allowed in shown for allowed in ALLOWED):
                    found.append(f"{where}: …{shown[max(0, hit.start() - 8) : hit.end() + 8]}…")
    assert not found


def _characters_only(text: str) -> str:
    """The display without vocabulary: OpenCC's character table, the same fixes and quotes."""
    converted = _S2TW.convert(text)
    for pattern, replacement in _DISPLAY_FIXES:
        converted = pattern.sub(replacement, converted)
    return _QUOTE_MARK.sub(lambda mark: _TAIWAN_QUOTES[mark.group()], converted)


def test_every_change_of_vocabulary_in_the_corpus_was_reviewed():
    """Each phrase s2twp rewrites is a [[phrase]] or in [kept] of chinese_exceptions.toml."""
    reviewed = [e.simplified for e in EXCEPTIONS] + list(KEPT)
    unreviewed = set()
    for where, text in CORPUS:
        plain, shown = _S2TW.convert(text), to_traditional(text)
        assert len(plain) == len(text), where  # characters only: the same positions as the source
        covered = [False] * (len(text) + 1)
        for word in reviewed:
            for hit in re.finditer(re.escape(word), text):
                covered[hit.start() : hit.end()] = [True] * (hit.end() - hit.start())
        baseline = _characters_only(text)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, baseline, shown, autojunk=False).get_opcodes():
            positions = range(i1, i2) if i2 > i1 else range(max(i1 - 1, 0), i1 + 1)
            if tag != "equal" and not any(covered[i] for i in positions):
                unreviewed.add(f"{text[max(i1 - 4, 0) : i2 + 4]}: {baseline[i1:i2]} → {shown[j1:j2]} ({where})")
    assert not unreviewed, "review these and add each to chinese_exceptions.toml"


def test_a_match_in_any_turn_never_halves_a_word():
    """Snippets cut the text at the match: cut inside each changed word, the pieces still join."""
    words = [e.simplified for e in EXCEPTIONS] + list(KEPT)
    for where, text in CORPUS:
        for word in words:
            for hit in re.finditer(re.escape(word), text):
                middle = hit.start() + len(word) // 2
                for start, end in ((middle, hit.end()), (hit.start(), middle)):
                    pieces = to_traditional_excerpt(text[:start], text[start:end], text[end:])
                    assert "".join(pieces) == to_traditional(text), where
                    assert not [w for w in MAINLAND for piece in pieces if w in piece], where


# ----------------------------------------------------------------- search finds what is shown

# Displayed words search does not find yet (bot/search owns the fix): each is a strict xfail,
# which fails as soon as the fix lands, so the entry is removed then. None is left.
_SEARCH_GAPS: dict[str, str] = {}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    from tests.search.corpus_db import real_corpus_db

    path, _ = real_corpus_db(tmp_path_factory.mktemp("chinese") / "corpus.db")
    corpus = CorpusStore(path)
    corpus.initialize()
    service = SearchService(path, corpus)
    service.open()
    yield service, corpus
    service.close()
    corpus.shutdown()


def _shown_words() -> list[tuple[str, str]]:
    """(Simplified, shown) for each vocabulary change in a displayed text (a turn's zh, a topic name)."""
    shown = [text for where, text in CORPUS if where.endswith(" zh") or " topic " in where]
    pairs = [(e.simplified, e.traditional) for e in EXCEPTIONS] + list(KEPT.items())
    return [(s, t) for s, t in pairs
            if t != _S2TW.convert(s) and re.search(r"[\u4e00-\u9fff]", t) and any(s in text for text in shown)]


@pytest.mark.parametrize(("simplified", "shown"), [
    pytest.param(s, t, marks=pytest.mark.xfail(reason=_SEARCH_GAPS[s], strict=True)) if s in _SEARCH_GAPS else (s, t)
    for s, t in _shown_words()
])
def test_a_word_as_shown_in_traditional_finds_its_turns(corpus_db, simplified, shown):
    """A Taiwan reader who searches a word they were shown finds the passages it came from."""
    search, corpus = corpus_db
    outcome = search.search(shown, limit=20)
    turns = corpus.turns([hit.turn_id for hit in outcome.hits])
    assert any(simplified in (turn.zh or "") or simplified in turn.topic_zh for turn in turns), shown


@pytest.mark.parametrize("simplified", [s for s, _ in _shown_words()])
def test_the_mainland_word_in_traditional_characters_finds_them_too(corpus_db, simplified):
    """網絡 as well as 網路: a reader may type the word they know, in Traditional characters,
    and finds what the Simplified word finds."""
    search, _ = corpus_db
    typed = _S2TW.convert(simplified)
    found = {hit.turn_id for hit in search.search(typed, limit=20).hits}
    assert found >= {hit.turn_id for hit in search.search(simplified, limit=20).hits}, typed


def test_a_topic_name_as_shown_in_traditional_finds_its_topic(corpus_db):
    search, corpus = corpus_db
    for topic in corpus.topics():
        found = search.find_topic(to_traditional(topic.name_zh))
        assert found and found.key == topic.key, to_traditional(topic.name_zh)
