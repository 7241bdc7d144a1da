"""Small talk (bot.small_talk): a message that is only a greeting, thanks, goodbye or reaction is told
apart from a search; anything with a word of its own still searches."""

from __future__ import annotations

import tomllib

import pytest

from bot.small_talk import DATA, KINDS, small_talk_kind, tokens

GREETINGS = ["hi", "Hi!", "hello", "Hello!!", "hey 👋", "Hiii", "heyyy there", "Good morning, bot", "what's up?",
             "ｈｉ", "Hi there!", "你好", "您好！", "嗨～", "哈喽", "大家好", "你好吗？", "在吗",
             "who are you?", "What can you do?", "你是谁？", "你能做什麼"]
THANKS = ["thanks", "Thanks!", "thank you", "Thank you so much 🙏", "thanks a lot", "thx", "ty!", "cheers",
          "谢谢", "謝謝", "谢谢！", "谢谢啦", "多谢", "非常感谢", "谢谢你", "hi, thanks", "你好，谢谢"]
FAREWELLS = ["bye", "Bye bye!", "good night", "再见", "拜拜"]
THANKS += ["thanks for the help!", "谢谢你的帮助", "謝謝你的幫助", "ok thanks", "lol thanks"]
REACTIONS = ["ok", "okay", "OK!", "lol", "good bot", "哈哈", "哈哈哈", "好的", "cool 👍", "got it",
             "👍", "❤️", "🙏🙏", "👋", " 😂 "]
SEARCHES = ["thanks for the scaling quote", "hallucinations thanks", "hi scaling", "hello world", "hey jude",
            "thank you for the bitter lesson", "你好 规模", "谢谢 幻觉", "ok scaling", "a lot",
            "", "   ", "?!", "...", "hi " * 40, "thanks2", "say hi to Ilya", "good model", "bye bye neural nets"]


@pytest.mark.parametrize("text", GREETINGS)
def test_greetings(text):
    assert small_talk_kind(text) == "greeting"


@pytest.mark.parametrize("text", THANKS)
def test_thanks_even_with_a_greeting(text):
    assert small_talk_kind(text) == "thanks"


@pytest.mark.parametrize("text", FAREWELLS)
def test_goodbyes(text):
    assert small_talk_kind(text) == "farewell"


@pytest.mark.parametrize("text", REACTIONS)
def test_a_reaction_alone(text):
    assert small_talk_kind(text) == "reaction"


@pytest.mark.parametrize("text", SEARCHES)
def test_anything_with_words_of_its_own_is_a_search(text):
    assert small_talk_kind(text) is None


def test_the_phrases_are_data():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    assert set(data) == {*KINDS, "filler"}
    for kind in KINDS:
        for phrase in data[kind]["phrases"]:
            assert tokens(phrase), phrase
            assert small_talk_kind(phrase) == kind or kind != "thanks" and small_talk_kind(phrase) == "thanks", phrase
            assert sum(tokens(phrase) in map(tokens, data[other]["phrases"]) for other in KINDS) == 1, phrase
    for word in data["filler"]["words"]:
        assert small_talk_kind(word) is None, word  # a filler alone is no small talk


def test_words_are_compared_whole_and_chinese_by_character():
    assert tokens("Thank-you, Bot!!") == ("thank", "you", "bot")
    assert tokens("谢谢Ilya") == ("谢", "谢", "ilya")
    assert tokens("Héllooo") == ("hello",)
