"""The quote check (bot.search.quote_check): when words read as a quotation, and whether the interview says it.

A small corpus written here holds the automatic transcript's garbles the check must see
through; the real interview checks the calibration on the TUNE split of eval_users.toml
(the holdout is only measured, by tests/search/measure_quote_check.py, never asserted on).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.chinese import to_traditional
from bot.search.alignment import normalize
from bot.search.quote_check import (
    QuoteChecker, another_speaker_named, attribution_in, is_chinese, quotation_in, said_threshold, says_otherwise,
    what_differs, with_quote_hit,
)
from bot.search.results import Hit, SearchOutcome
from bot.storage.corpus import CorpusStore

from .corpus_db import TopicSpec, TurnSpec, real_corpus_db, write_corpus
from .measure_quote_check import measure

TOPICS = [TopicSpec("scaling", "Scaling", "扩展"), TopicSpec("teaching", "Teaching", "教学")]
TURNS = [
    TurnSpec(  # 1: "overstated", as the recognizer heard it
        en="No I would say that when he posted his article we were very pleased. I actually think that's the "
           "bitter lesson as articulated over a state's case or at least I think the takeaway that people have "
           "taken from it over state's case.",
        zh="我实际上认为“苦涩的教训”所表达的内容被过度强调了，至少人们从中得出的结论被过度强调了。",
        topic="scaling"),
    TurnSpec(  # 2: "hire people"
        en="The way we do things today is that it would be higher people to teach our neural net to behave, to "
           "teach our GPT to behave.",
        zh="我们现在做事的方式是让更高级的人教导我们的神经网络和GPT如何行为。",
        topic="teaching"),
    TurnSpec(  # 3: a name the glossary fixed in the displayed text only
        en="So I reviewed Yann LeCun's proposal and there are a number of ideas there.",
        en_verbatim="So I reviewed Yanla Kun's proposal and there are a number of ideas there.",
        zh="我看过Yann LeCun的提案，里面有很多想法。", role="host", topic="scaling"),
    TurnSpec(  # 4: the article's Chinese shown, the machine translation says it otherwise
        en="I think Yann is right and his world model ideas are among the important ideas for moving forward.",
        zh="我认为Yann是对的，他关于世界模型的想法是我们如何前进的重要想法之一。",
        zh_machine="我同意扬是正确的，世界模型这个想法非常重要，是推动我们向前发展的关键想法之一。",
        topic="scaling"),
]


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    corpus = CorpusStore(write_corpus(tmp_path_factory.mktemp("quotes") / "quotes.db", TURNS, TOPICS))
    corpus.initialize()
    yield QuoteChecker(corpus)
    corpus.shutdown()


def shown(checker, check) -> str:
    """The displayed words the check's span marks (what the reply shows in bold)."""
    turn = checker.corpus.turn(check.turn_id)
    text = turn.en if check.field == "en" else turn.zh
    return text[check.span[0]:check.span[1]]


# ----------------------------------------------------------------- reading as a quotation


@pytest.mark.parametrize("typed, words", [
    ('"I actually think the bitter lesson is overstated"', "I actually think the bitter lesson is overstated"),
    ("“Scaling sucked out all the air in the room.”", "Scaling sucked out all the air in the room."),
    ("“We have to deal with the data that we have.” — Ilya Sutskever", "We have to deal with the data that we have."),
    ("「我們只有一個互聯網」", "我們只有一個互聯網"),  # 9 characters: about six words
    ("『预训练无疑将会终结』。", "预训练无疑将会终结"),
    ("the way we do things today is that we hire people to teach our neural net",
     "the way we do things today is that we hire people to teach our neural net"),
    ("我们现在做事的方式是让更高级的人教导我们的神经网络", "我们现在做事的方式是让更高级的人教导我们的神经网络"),
    ("Scaling sucked out all the air in the room.", "Scaling sucked out all the air in the room."),  # a sentence
    ("When I was 17, we moved to Canada and I went to the University of Toronto",  # "when" opens a clause
     "When I was 17, we moved to Canada and I went to the University of Toronto"),
    ("这就是为什么我认为学习统计规律比表面上看起来要重要得多", "这就是为什么我认为学习统计规律比表面上看起来要重要得多"),
    ("政府将如何利用这种技术作为获得各种建议的来源是不可预测的。", "政府将如何利用这种技术作为获得各种建议的来源是不可预测的。"),
    # An attribution before the marks is no part of the quotation.
    ("Ilya said: “Scaling sucked out all the air in the room.”", "Scaling sucked out all the air in the room."),
    ("didn't he say 'we have to deal with the data that we have'", "we have to deal with the data that we have"),
    # A sentence that ends quoting a phrase is no attribution: the whole sentence is checked.
    ('Now we say, anytime the output is inappropriate, "don\'t do this again."',
     'Now we say, anytime the output is inappropriate, "don\'t do this again."'),
    ('He said this in the interview: "we have to deal with the data that we have"', "we have to deal with the data that we have"),
    ('did he really say "we have to deal with the data that we have"', "we have to deal with the data that we have"),
    ("他说过：「我們只有一個互聯網」", "我們只有一個互聯網"),
    ("Ilya說過「我們所有的硬體都來自Azure」", "我們所有的硬體都來自Azure"),  # Traditional lead-ins too
    ("Ilya說「我們所有的硬體都來自Azure」", "我們所有的硬體都來自Azure"),
    ('Ilya said: "I am writing an essay. Can you find it for me today, please?"',
     "I am writing an essay. Can you find it for me today, please?"),  # in marks, a request is quoted
])
def test_quotation_marks_or_a_long_sentence_read_as_a_quotation(typed, words):
    assert quotation_in(typed) == words


@pytest.mark.parametrize("typed", [
    '"the bitter lesson"',  # a phrase search, not a quotation
    "“prediction is compression”",
    "the bitter lesson overstated",  # keywords
    "please show me what ilya said about the bitter lesson",  # a request, however long
    "what did people use big computer clusters for before deep learning",  # a question to the bot
    "can u find what ilya said about the army of teachers, thx",
    "i'm looking for the quote about purple and blue please",
    "I would like to read the part where they talk about hardware and GPUs",  # long requests
    "I am writing an essay. Can you find where Ilya talks about hallucinations and world models?",  # asked later
    "We read the transcript in class today. Could you show me the part on democracy and regulation",
    "the part where he talks about rlhf and teaching the model not to hallucinate",
    "I want to know what Ilya thinks about scaling and hallucinations",
    "He talks about how language models learn about the world from text",  # describing, not quoting
    "谢谢，我想看他说苦涩的教训那段",
    "请给我看关于他讲预训练模型已经知道基础现实的那段话",
    "scaling sucked out all the air in the room",  # eight words, typed as a search
    "How does the model know that it made a mistake?",  # a question to the bot
    "人工智能会如何影响民主制度的未来发展？",
    "怎样判断该离开现在的工作？",  # a question, whatever its question word
    "訓練一個大型語言模型到底要花幾年的時間？",
    "他为什么从小就对人工智能感兴趣",  # a question without its question mark
    "聊天機器人以後還會不會亂編東西",
    "when did he move to canada to study with geoff hinton at the university",
    "when you were at google brain, what did you actually work on there",  # the question after the clause
    "我不知道这是不是一个好主意，但是我们可以试试",
    "he said \"scaling matters a great deal\" somewhere",  # marks not around the whole message
    "scaling " * 700,  # one word over and over: no sentence
    "预测就是压缩" * 800,
    "",
    None,
])
def test_keywords_requests_and_short_phrases_are_searched(typed):
    assert quotation_in(typed) is None


def test_chinese_is_told_by_its_characters():
    assert is_chinese("我们只有一个互联网") and is_chinese("Geoff Hinton曾经说过Ilya是AlexNet的主要推动者")
    assert not is_chinese("we have but one internet (互)")


def test_a_longer_quotation_needs_less_similarity():
    assert said_threshold(5, chinese=False) > said_threshold(8, chinese=False) > said_threshold(20, chinese=False)
    assert said_threshold(20, chinese=False) == said_threshold(40, chinese=False)  # a floor


# ----------------------------------------------------------------- said here, despite the transcript


@pytest.mark.parametrize("quotation, turn_id, bold", [
    ("I actually think that the bitter lesson, as articulated, is overstated, or at least the takeaway that "
     "people have taken from it is overstated.", 1, "I actually think that's the bitter lesson as articulated"),
    ("The way we do things today is that we hire people to teach our neural net to behave.", 2,
     "The way we do things today is that it would be higher people to teach our neural net to behave"),
    ("So I reviewed Yann LeCun's proposal, and there are a number of ideas there.", 3,
     "So I reviewed Yann LeCun's proposal and there are a number of ideas there"),
])
def test_clean_wording_of_the_transcript_is_said_here(checker, quotation, turn_id, bold):
    check = checker.check(quotation)
    assert check.said and check.turn_id == turn_id and check.field == "en"
    assert shown(checker, check).startswith(bold)


def test_a_name_quoted_as_the_transcript_misheard_it_is_shown_as_displayed(checker):
    check = checker.check("So I reviewed Yanla Kun's proposal and there are a number of ideas there")
    assert check.said and check.turn_id == 3 and "Yann LeCun's" in shown(checker, check)
    assert check.similarity == 100 and not check.word_for_word  # the bold words are not the quotation's


def test_the_exact_words_are_fully_similar(checker):
    check = checker.check("to teach our neural net to behave, to teach our GPT to behave")
    assert check.said and check.similarity == 100 and check.word_for_word
    assert shown(checker, check) == "to teach our neural net to behave, to teach our GPT to behave"


@pytest.mark.parametrize("quotation", [
    "Pre-training as we know it will unquestionably end.",
    "We have to deal with the data that we have. There's only one internet.",
    "It may be that today's large neural networks are slightly conscious.",
    "I deeply regret my participation in the board's actions.",
    "The way we do things today is that we let the model teach itself with no people at all.",
])
def test_quotations_from_elsewhere_are_not_found(checker, quotation):
    check = checker.check(quotation)
    assert not check.said and check.verdict == "not_found"


def test_a_near_miss_names_the_closest_passage_but_is_not_said(checker):
    check = checker.check("today we hire robots to teach our neural net to behave well")
    assert not check.said and check.turn_id == 2 and "to teach our neural net to behave" in shown(checker, check)


@pytest.mark.parametrize("quotation, passage", [
    ("the human brain is just a neural network with fast neurons", "the human brain is just a neural network with slow neurons"),
    ("so we know that no neural network can do it really well", "so we know that some neural network can do it really well"),
    ("will still be with us two years from now i am very confident", "will still be with us two years from now i am not that confident"),
    ("所以我们知道没有神经网络可以很好地完成这些任务", "所以我们知道有神经网络可以很好地完成这些任务"),
    ("这些限制还会持续两年。我非常有信心", "这些限制还会持续两年。我并不是很有信心"),  # 非常 negates nothing
    # A negation that runs on into a word that holds none still negates: 是非法, 并非常规, 从未来过, 不过分.
    ("这是合法的", "这是非法的"), ("这是常规做法", "这并非常规做法"), ("他曾来过", "他从未来过"), ("这很过分", "这不过分"),
    ("很少有人知道", "不少人知道"), ("很久以后", "不久以后"),
    # A question made a statement.
    ("i am very confident that these limitations will still be with us", "how confident are we that these limitations will still be with us"),
    # Another fact: a name, a place, a number, the opposite degree.
    ("started working with yann lecun very early", "started working with jeff hinton very early"),
    ("my family immigrated to the united states", "my family immigrated to canada"),
    ("when i was 15 we moved to canada", "when i was 17 we moved to canada"),
    ("there is a quite low chance that this approach", "there is a quite a high chance that this approach"),
    ("the statistical regularities is a much smaller deal", "the statistical regularities is a far bigger deal"),
    ("我在15岁时就开始与Jeff Hinton一起工作", "我在17岁时就开始与Jeff Hinton一起工作"),
    ("我在十五岁时就开始与Jeff Hinton一起工作", "我在17岁时就开始与Jeff Hinton一起工作"),  # in numerals
    ("我们拥有来自1700个国家和地区的听众", "我们拥有来自170个国家和地区的听众"),  # not one digit against another
    ("我在五岁时就开始与Jeff Hinton一起工作", "我在十五岁时就开始与Jeff Hinton一起工作"),  # 5 is no part of 15
    # A counting word for another ("only" for "first-ever"), and Chinese opposites in the same place.
    ("it provides us with the only way of productively using scale",
     "it provides us with the first-ever way of productively using scale"),
    ("它为我们提供了最后一个可以有效利用规模的方式", "它为我们提供了第一个可以有效利用规模的方式"),
    ("今天做软件非常容易", "今天做软件非常困难"), ("这是一个更小的模型", "这是一个更大的模型"),
    ("我们用了大量的数据", "我们用了少量的数据"),
    # A direction, a word that all but negates, an opposite sharing most letters.
    ("generally speaking the cost is going down and", "generally speaking the cost is going up and"),
    ("these neural networks rarely have a tendency to hallucinate", "these neural networks do have a tendency to hallucinate"),
    ("impossible to understand anything in some sense", "impossible to understand everything in some sense"),
])
def test_a_quotation_that_turns_the_passage_around_says_otherwise(quotation, passage):
    chinese = is_chinese(quotation)
    assert says_otherwise(normalize(quotation, spaced=not chinese).text, normalize(passage, spaced=not chinese).text,
                          chinese=chinese)


@pytest.mark.parametrize("quotation, passage", [
    ("diffusion models produce them in parallel", "diffusion modes produce them in parallel"),  # misheard
    ("you made a comment that we need faster processors", "purdue make a comment that that we need faster processors"),
    ("i'm gonna say it is overstated", "i am going to say it is over a state's case"),
    ("we hire people to teach our neural net", "it would be higher people to teach our neural net"),
    ("we need faster processors to be able to scale further", "we need faster processors to build to scale further"),
    ("i'm gonna say it is overstated", "i am going to say it is overstated"),
    ("diffusion models produce them in parallel", "diffusion model produces them in parallel"),
    ("a language nodel is great", "a language model is great"),  # a typo: a shared ending leaves too little
    ("jeff hinton said", "geoff hinton said"),
    ("over 10,000 gpus", "over 10000 gpus"),  # digits cut apart by normalizing
    ("and now we can see that it works", "and how we can see that it works"),  # misheard, not asked
    # Words that join clauses, not ask.
    ("the model that we trained", "the model which we trained"), ("people that know", "people who know"),
    ("the day that it came", "the day when it came"), ("unclear if it works", "unclear whether it works"),
])
def test_transcription_errors_and_clean_wording_do_not(quotation, passage):
    assert not says_otherwise(normalize(quotation, spaced=True).text, normalize(passage, spaced=True).text, chinese=False)


@pytest.mark.parametrize("quotation, passage", [
    ("我在十七岁时就开始与Jeff Hinton一起工作", "我在17岁时就开始与Jeff Hinton一起工作"),  # the same number
    ("我们拥有来自一百七十个国家和地区的听众", "我们拥有来自170个国家和地区的听众"),
    ("我们一起工作了很多年", "我们两个人合作了很多年"),  # 一 of a word is no number (against the passage's 2)
    ("我们用了3亿张图片", "我们用了三亿张图片"),  # digits with a unit, numerals
    ("我们用一亿五张图片训练了它", "我们用一亿五张图片训练了它"),  # numerals cn2an cannot read are no number
])
def test_chinese_numbers_in_either_notation_and_words_with_one_do_not(quotation, passage):
    assert not says_otherwise(normalize(quotation, spaced=False).text, normalize(passage, spaced=False).text, chinese=True)


@pytest.mark.parametrize("quotation, passage", [
    ("我对未来非常有信心", "我对将来很有信心"),  # 未 of 未来 and 非 of 非常 negate nothing
    ("特别是在这个领域", "尤其是在这个领域"),
    ("无论你做什么，只需扩展", "不管你做什么，只需扩展"),  # one word each for "whatever"
    # A character of an opposite pair inside another word is no opposite: 大家, 假设.
    ("大家都知道这件事很重要", "小伙伴都知道这件事很重要"), ("如果假设是这样的话我们会做", "如果真的是这样的话我们会做"),
])
def test_chinese_words_with_a_negating_character_that_negate_nothing_do_not(quotation, passage):
    assert not says_otherwise(normalize(quotation, spaced=False).text, normalize(passage, spaced=False).text, chinese=True)


@pytest.mark.parametrize("quotation, passage", [
    ("我们搬到了美国，我立即加入了多伦多大学", "我们搬到了加拿大，我立即加入了多伦多大学"),
    ("我们搬到了加拿大，我立即加入了斯坦福大学", "我们搬到了加拿大，我立即加入了多伦多大学"),  # the name is around the replaced characters
])
def test_a_chinese_quotation_naming_another_place_says_otherwise(quotation, passage):
    names = {"美国", "加拿大", "斯坦福", "多伦多"}.__contains__
    def kind(word): return "name" if names(word) else None
    ours, theirs = (normalize(text, spaced=False).text for text in (quotation, passage))
    assert says_otherwise(ours, theirs, chinese=True, chinese_word=kind)
    assert not says_otherwise(ours, theirs, chinese=True)  # without the dictionary, names are unknown
    # Other words of a translation are no other name: 合作 for 一起工作, 移民 for 搬.
    assert not says_otherwise(normalize("我们移民到了加拿大，我马上加入了多伦多大学", spaced=False).text, theirs,
                              chinese=True, chinese_word=kind)


@pytest.mark.parametrize("quotation, passage, differs", [
    ("when i was 15 we moved to canada", "when i was 17 we moved to canada", ("15", "17")),
    ("there is a quite a low chance", "there is a quite a high chance", ("low", "high")),
    # A word only one side has, with its neighbours: no side is shown empty.
    ("there is not a quite a high chance", "there is a quite a high chance", ("is not a", "is a")),
    # A number as each writes it.
    ("我在十五岁时就开始与Jeff Hinton一起工作", "我在17岁时就开始与Jeff Hinton一起工作", ("十五", "17")),
    ("我们用了3亿张图片", "我们用了两亿张图片", ("3亿", "两亿")),
    # A statement for a question: from the question's word, with the word after it.
    ("i am very confident that these limitations", "in mind how confident are we that these limitations",
     ("i am very confident", "how confident")),
    ("when i was 17 we moved to canada", "when i was 17 we moved to canada", None),
])
def test_what_differs_names_the_words_that_turn_the_passage_around(quotation, passage, differs):
    chinese = is_chinese(quotation)
    ours, theirs = (normalize(text, spaced=not chinese).text for text in (quotation, passage))
    assert what_differs(ours, theirs, chinese=chinese) == differs


@pytest.mark.parametrize("quotation, passage, differs", [
    ("学习统计规律比我们想象的更不重要", "学习统计规律比我们想象的更重要", ("更不重要", "更重要")),
    ("因此它们真正知道世界的本质", "因此它们并不真正知道世界的本质", ("它们真正", "它们并不真正")),
])
def test_chinese_words_that_differ_are_named_whole(quotation, passage, differs):
    """Not 更不重 for 更重: the compared characters grow over a dictionary word at each edge."""
    words = {"重要", "它们", "真正", "知道"}
    def kind(word): return "everyday" if word in words else None
    ours, theirs = (normalize(text, spaced=False).text for text in (quotation, passage))
    assert what_differs(ours, theirs, chinese=True, chinese_word=kind) == differs


def test_another_name_is_told_as_the_passage_shown_writes_it_not_as_the_transcript_misheard_it(checker):
    check = checker.check("So I reviewed Geoff Hinton's proposal and there are a number of ideas there.")
    assert check.said is False and check.turn_id == 3
    assert check.differs == ("Geoff Hinton's", "Yann LeCun's")


def test_another_acronym_is_not_said_though_one_letter_passes_for_a_mishearing(checker):
    check = checker.check("The way we do things today is that it would be higher people to teach our neural net to behave, "
                          "to teach our GPU to behave.")
    assert check.said is False and check.differs == ("GPU", "GPT")
    assert checker.check("The way we do things today is that it would be higher people to teach our neural net to "
                         "behave, to teach our GPT to behave.").said
    # Another acronym only: not one written otherwise (GPT4, GPT-4), a longer form (GPTs), a word in capitals.
    for quotation in ("to teach our GPT4 to behave", "to teach our GPTs to behave", "to TEACH our GPT to behave"):
        assert checker.check("The way we do things today is that it would be higher people to teach our neural net "
                             f"to behave, {quotation}.").said, quotation
    # Typed in capitals, every word would be an acronym: compared as words.
    assert checker.check("THE WAY WE DO THINGS TODAY IS THAT IT WOULD BE HIGHER PEOPLE TO TEACH OUR NEURAL NET TO "
                         "BEHAVE, TO TEACH OUR GPT TO BEHAVE.").said


@contextmanager
def checker_over(db_path, turns: list[TurnSpec]) -> Iterator[QuoteChecker]:
    """A QuoteChecker over a corpus of `turns` alone."""
    corpus = CorpusStore(write_corpus(db_path, turns, TOPICS))
    corpus.initialize()
    try:
        yield QuoteChecker(corpus)
    finally:
        corpus.shutdown()


def test_another_last_word_is_not_said_though_the_alignment_stops_before_it(tmp_path):
    """"…is very easy" for "…is very difficult.": the best alignment leaves the quotation's last
    word out, so the passage's next words are compared all the same."""
    with checker_over(tmp_path / "edge.db", [TurnSpec(
            en="The idea behind Replit is that making software today is very difficult. We want to make it easier.",
            topic="scaling")]) as checker:
        check = checker.check("The idea behind Replit is that making software today is very easy")
        assert check.said is False and check.differs == ("easy", "difficult")
        assert checker.check("The idea behind Replit is that making software today is very difficult").said
        # A word the passage has a little on, one doubled, one misheard at the edge: still said.
        for near in ("The idea behind Replit is that making software today is very very difficult",
                     "The idea behind Replit is that making software today is difficult",
                     "Idea behind Replit is that making software today is very difficult. We want to make it easier"):
            assert checker.check(near).said, near


def test_a_chinese_quotation_that_drops_the_negation_before_it_is_not_said(tmp_path):
    """是的 quoted from 不是的: the alignment starts after 不, which turns the passage around."""
    with checker_over(tmp_path / "negation.db", [TurnSpec(
            en="No, all our hardware comes from Azure and the GPUs they provide you.",
            zh="不是的，我们的硬件全部来自Azure以及他们提供的GPU。", topic="scaling")]) as checker:
        check = checker.check("是的，我们的硬件全部来自Azure以及他们提供的GPU。")
        assert check.said is False and check.differs == ("是的", "不是的")
        assert checker.check("不是的，我们的硬件全部来自Azure以及他们提供的GPU。").said
        assert checker.check("我们的硬件全部来自Azure以及他们提供的GPU。").said  # a part of it, as it says


def test_a_quotation_copied_from_the_traditional_display_is_word_for_word(tmp_path):
    """The Traditional display writes 计算机 as 電腦, which converts back to 电脑: compared with what
    the reader was shown, it is the passage's own wording, not "your wording differs a little"."""
    zh = "今天我们理所当然地认为计算机可以学习，但在2003年我们理所当然地认为计算机无法学习。"
    with checker_over(tmp_path / "taiwan.db", [TurnSpec(en="Today we take it for granted that computers can learn.",
                                                        zh=zh, topic="scaling")]) as checker:
        copied = to_traditional(zh)
        assert "電腦" in copied
        check = checker.check(copied)
        assert check.said and check.word_for_word and check.similarity == 100
        other_year = checker.check(copied.replace("2003", "2005"))
        assert not other_year.said and other_year.differs == ("2005", "2003")


def test_an_edge_word_the_passage_has_a_little_on_or_misheard_is_still_said(tmp_path):
    with checker_over(tmp_path / "near.db", [
            TurnSpec(en="Every neural network represents words, sentences, concepts through representations, "
                        "embeddings, high-dimensional vectors.", topic="scaling"),
            TurnSpec(en="It put it all... red beautifully, but none of it connected to the underlying reality.",
                     topic="scaling")]) as checker:
        assert checker.check("Every neural network represents words, sentences, concepts through representations, "
                             "embeddings, vectors").said
        assert checker.check("read but none of it connected to the underlying reality").said


def test_a_reversed_quotation_is_not_said_but_names_the_passage_it_turns_around(checker):
    check = checker.check("The way we do things today is that it would be higher people to teach our neural net to misbehave")
    assert check.said is False and check.turn_id == 2
    assert checker.check("The way we do things today is that it would be higher people to teach our neural net to behave").said


# ----------------------------------------------------------------- Chinese


def test_chinese_in_either_script_and_any_punctuation_is_said_here(checker):
    for quotation in ("我们现在做事的方式是让更高级的人教导我们的神经网络和GPT如何行为",
                      "我們現在做事的方式，是讓更高級的人教導我們的神經網路和GPT如何行為。"):
        check = checker.check(quotation)
        assert check.said and check.turn_id == 2 and check.field == "zh", quotation
        assert shown(checker, check) == "我们现在做事的方式是让更高级的人教导我们的神经网络和GPT如何行为"


def test_chinese_matched_in_the_machine_translation_is_said_but_not_marked_in_the_article(checker):
    check = checker.check("世界模型这个想法非常重要，是推动我们向前发展的关键想法之一")
    assert check.said and check.turn_id == 4 and check.field == "zh"
    assert check.span is None and not check.word_for_word  # the article shown words it otherwise


@pytest.mark.parametrize("quotation", [
    "我们所知的预训练无疑将会终结。",
    "虽然算力在增长，但数据并没有增长，因为我们只有一个互联网。",
    "我们将以一个焦点、一个目标和一个产品，直接追求安全的超级智能。",
    "也许今天的大型神经网络已经有了一点意识。",
])
def test_chinese_quotations_from_elsewhere_are_not_found(checker, quotation):
    assert not checker.check(quotation).said


# ----------------------------------------------------------------- the search command's "quote" hit


def test_a_said_quotation_is_the_first_hit_matched_by_quote(checker):
    found = SearchOutcome("q", [Hit(1, 50.0, "en"), Hit(2, 40.0, "en")], total=2)
    quotation = '"we hire people to teach our neural net to behave"'
    quoted = with_quote_hit(checker, quotation, found, speaker="any", limit=5)
    assert [(h.turn_id, h.match) for h in quoted.hits] == [(2, "quote"), (1, "words")] and quoted.total == 2
    assert with_quote_hit(checker, quotation, found, speaker="host", limit=5) == found  # the guest said it
    assert with_quote_hit(checker, "teach our neural net", found, speaker="any", limit=5) == found  # keywords


# ----------------------------------------------------------------- the real interview, tune split


def test_on_the_real_interview_the_tune_split_comes_out_right(tmp_path):
    """Every tune clean-transcript sentence (and Chinese copied from the bot) is said, in its
    labelled turn; of the tune quotations from other interviews (also in Chinese) at least 90%
    are not found. The thresholds were set on this split; the holdout rows are not looked at."""
    db_path, is_real = real_corpus_db(tmp_path / "real.db")
    if not is_real:
        pytest.skip("the real corpus is not available")
    rows = {tuple(cells[1:3]): cells[4] for line in measure(db_path, show=False).splitlines()
            if len(cells := [c.strip() for c in line.split("|")]) > 4}
    for kind, share in (("clean_transcript", 1.0), ("zh_copied", 1.0), ("quotation_elsewhere", 0.9),
                        ("zh_elsewhere", 0.9)):
        right, n = map(int, rows[(kind, "tune")].split()[0].split("/"))
        assert n and right >= share * n, (kind, rows[(kind, "tune")])


@pytest.mark.parametrize(("typed", "named"), [
    ('Ilya said "we switched to transformers right away"', "Ilya Sutskever"),
    ("Ilya's words: “we switched”", "Ilya Sutskever"),
    ('did sutskever ever say "we switched to transformers"', "Ilya Sutskever"),
    ('Craig said "we switched"', None),  # the words' own speaker
    ('he said "we switched"', None),
    ('When Ilya asked about Sutton, he said: "we switched"', None),  # the attribution says more than a name
    ("Ilya's guest said: “we switched”", None),
    ('"we switched to transformers right away"', None),
])
def test_an_attribution_names_another_speaker_only_by_a_name_of_his(typed, named):
    speakers = ("Craig Smith", "Ilya Sutskever")
    assert another_speaker_named(attribution_in(typed), "Craig Smith", speakers) == named


def test_a_name_among_several_hosts_and_an_everyday_word_as_a_name_are_read_as_typed():
    hosts = ("Lenny Rachitsky & Jane Doe", "Will MacAskill")
    assert another_speaker_named(attribution_in('Lenny said "x"'), "Jane Doe", hosts) == "Lenny Rachitsky"
    assert another_speaker_named(attribution_in('what will he say, "x"'), "Jane Doe", hosts) is None
    assert another_speaker_named(attribution_in('Will said: "x"'), "Jane Doe", hosts) == "Will MacAskill"
