"""Text utilities: what users type becomes a query fit to search and echo; excerpts cut at word ends."""

import pytest

from bot.text import clean_query, excerpt, in_marks, sentence_excerpt, shorten, unquoted


@pytest.mark.parametrize(("typed", "query"), [
    ('"the bitter lesson"', "the bitter lesson"),
    ("“幻觉”", "幻觉"),
    ("「預測就是壓縮」", "預測就是壓縮"),
    ('"scaling" and "data"', '"scaling" and "data"'),  # two quoted phrases: not one pair
    ('""', '""'),
    ("scal\u202eing\u200b  laws\n", "scaling laws"),  # RTL override, zero-width space, newline
    ("\x1b[31mscaling\x1b[0m", "scaling"),  # colour codes pasted from a terminal
    ("👨\u200d👩\u200d👧 family", "👨\u200d👩\u200d👧 family"),  # the joiner keeps the emoji one family
    ("scal\u200ding\u200d", "scaling"),  # …and is dropped between letters
    ("hallu\x07cin\x1bations", "hallucinations"),  # a bell, a lone escape: gone, not a space
    ("scal\x00ing\tlaws\x0bnow\u2028then", "scaling laws now then"),  # whitespace controls stay spaces
])
def test_clean_query(typed, query):
    assert clean_query(typed) == query
    # For the search the marks stay: they ask for every word (SearchService.search).
    assert unquoted(clean_query(typed, keep_marks=True)) == query
    assert in_marks(clean_query(typed, keep_marks=True)) == (query != clean_query(typed, keep_marks=True))


def test_excerpt_keeps_the_match_and_whole_words_around_it():
    text = "Before it all, ChatGPT was a research preview that nobody expected to matter."
    start = text.index("research")
    window = excerpt(text, (start, start + len("research")), (12, 12))
    assert window.match == "research"
    assert window.before == "…ChatGPT was a " and window.after.startswith(" preview that") and window.after.endswith("…")


def test_excerpt_without_a_span_is_the_start_and_lines_join():
    window = excerpt("第一行\n第二行很长很长", None, (5, 4), joiner="")
    assert window.plain() == "第一行…"  # four characters: the line and its break, joined without a space


def test_shorten_cuts_at_a_word_end():
    assert shorten("the bitter lesson of seventy years", 20) == "the bitter lesson…"
    assert shorten("short", 20) == "short"



# ----------------------------------------------------------------- sentence excerpts

from hypothesis import assume, given, settings, strategies as st  # noqa: E402

from bot.text import asked_sentence, passage_excerpt, reads_as_question, sentence_excerpt, sentences  # noqa: E402

SPEECH = ("Yeah, I can talk about that. So, you are... indeed, I was born in Russia. I grew up in Israel! "
          "And then? As a teenager, my family immigrated to Canada.\nMy parents say I was interested in AI.")


def test_sentences_end_at_a_full_stop_before_a_new_sentence_not_at_a_restart():
    found = [SPEECH[a:b] for a, b in sentences(SPEECH, False)]
    assert found[1] == "So, you are... indeed, I was born in Russia."  # "... indeed" goes on: a restart
    assert found[2:4] == ["I grew up in Israel!", "And then?"] and len(found) == 6
    assert [("是的。", "确实？")] == [tuple("是的。确实？"[a:b] for a, b in sentences("是的。确实？", True))]


def test_an_excerpt_is_whole_sentences_around_the_match_at_most_three():
    start = SPEECH.index("Israel")
    window = sentence_excerpt(SPEECH, (start, start + 6), max_chars=500)
    assert window.match == "Israel"
    assert window.plain() == "So, you are... indeed, I was born in Russia. I grew up in Israel! And then?"
    short = sentence_excerpt(SPEECH, (start, start + 6), max_chars=30)
    assert short.plain() == "I grew up in Israel! And then?"  # what fits: the sentence after first


def test_a_match_in_a_sentence_too_long_gets_its_clauses_then_its_words():
    long = "First, " + "we trained bigger networks, " * 8 + "and the scaling worked, and then " + "it grew, " * 8 + "end."
    start = long.index("scaling")
    clauses = sentence_excerpt(long, (start, start + 7), max_chars=80)
    assert clauses.match == "scaling" and len(clauses.plain()) <= 82
    assert clauses.plain().startswith("…") and clauses.plain().endswith("…")  # cut inside the sentence
    words = sentence_excerpt("x" * 10 + " word " * 60 + "scaling" + " word" * 60, (370, 377), max_chars=40)
    assert words.match == "scaling" and len(words.plain()) < 60


def test_without_a_match_the_excerpt_is_the_opening():
    window = sentence_excerpt(SPEECH, None, max_chars=60)
    assert window.match == "" and window.plain() == "Yeah, I can talk about that."
    assert sentence_excerpt("", None, max_chars=60).plain() == ""


def test_chinese_excerpts_cut_at_chinese_sentence_ends():
    text = "是的，我可以谈谈这个问题。确实，我出生在俄罗斯，在以色列长大。我的父母说我从很小的时候就对AI感兴趣。"
    start = text.index("以色列")
    window = sentence_excerpt(text, (start, start + 3), max_chars=30, chinese=True)
    assert window.plain() == "确实，我出生在俄罗斯，在以色列长大。"


def test_a_passage_is_the_sentences_mostly_inside_a_window():
    text = "一二三四五。六七八九十。甲乙丙丁戊。"
    assert passage_excerpt(text, (5, 12), max_chars=100, chinese=True).plain() == "六七八九十。"
    assert passage_excerpt(text, (4, 9), max_chars=100, chinese=True).plain() == "六七八九十。"  # half of it
    assert passage_excerpt(text, (5, 7), max_chars=100, chinese=True).plain() == "六七八九十。"  # its middle


def test_the_question_asked_is_the_last_sentence_with_a_question_mark():
    host = "I asked GPT about myself. Is there something being done to address that? And then I'll listen."
    assert asked_sentence(host, 30) == "Is there something being done to address that?"
    # A short question takes the sentence before it along, where both fit.
    assert asked_sentence("他对你有影响吗？还是这是一个平行的思考轨道？", 30) == "他对你有影响吗？还是这是一个平行的思考轨道？"
    # …and of a sentence too long to take whole, its last clauses.
    host = "Rich Sutton写过关于扩展的文章，说我们只需要扩展，不需要新的算法，他对你有影响吗？还是这是一个平行的思考轨道？"
    assert asked_sentence(host, 30) == "…不需要新的算法，他对你有影响吗？还是这是一个平行的思考轨道？"
    # A question too long for the line ends with what it asks.
    assert asked_sentence("So, given all of that history, and the papers, and the compute, was it luck?", 30) == \
        "…and the compute, was it luck?"


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .?!\n,，。是的")), max_size=400), data=st.data())
def test_an_excerpt_always_holds_the_whole_match_inside_the_text(text, data):
    start = data.draw(st.integers(0, max(len(text) - 1, 0)))
    end = data.draw(st.integers(start + 1, max(len(text), start + 1)))
    assume(text[start:end].strip())  # search spans are words
    window = sentence_excerpt(text, (start, end) if text else None, max_chars=data.draw(st.integers(10, 300)))
    if text:
        assert window.match == text[start:end]
    assert 0 <= window.start <= window.end <= len(text)
    assert window.plain().strip("…") in text or "\n" in text


# A passage another language's excerpt maps to: an article turn cut off mid-sentence (turn 5 of
# the interview ends "这是我早期的动机，"), and sentences the translation joined into one.
CUT_OFF = "我只觉得AI是一个无望的领域。所以动机是我能否理解智能，并且也为它做出贡献。这是我早期的动机，"
JOINED = "公民告诉神经网络他们希望它如何行动以及他们想要什么样的世界，我能够想象这种情况发生，这可能是一种民主形式。这就开启了一系列问题。"


def test_an_excerpt_does_not_grow_onto_a_sentence_the_text_leaves_unfinished():
    span = (0, CUT_OFF.index("这是我"))  # the reviewed featured excerpt: two whole sentences
    assert sentence_excerpt(CUT_OFF, span, max_chars=200).plain() == CUT_OFF[slice(*span)]
    last = CUT_OFF.index("动机，")
    assert sentence_excerpt(CUT_OFF, (last, last + 2), max_chars=200).plain().endswith("这是我早期的动机…")


def test_a_passage_takes_the_clauses_of_a_sentence_partly_inside_the_window():
    start = JOINED.index("我能够")  # the other excerpt starts inside the translation's first sentence
    assert passage_excerpt(JOINED, (start, len(JOINED)), max_chars=100, chinese=True).plain() == \
        "…我能够想象这种情况发生，这可能是一种民主形式。这就开启了一系列问题。"
    assert passage_excerpt(JOINED, (0, start), max_chars=100, chinese=True).plain() == "公民告诉神经网络他们希望它如何行动以及他们想要什么样的世界…"


def test_a_passage_too_long_keeps_the_part_that_matched():
    text = " ".join(f"Sentence {n} is about the weather." for n in range(10)) + " Then we scaled it. The end."
    scaled = text.index("we scaled")
    kept = passage_excerpt(text, (0, len(text)), max_chars=100, keep=(scaled, scaled + 9))
    assert "Then we scaled it." in kept.plain() and len(kept.plain()) <= 101
    assert kept.plain().endswith("The end.")  # whole sentences around it: none cut
    assert passage_excerpt(text, (0, len(text)), max_chars=100).plain().startswith("Sentence 0 is")  # no match: the start


def test_an_excerpt_without_a_match_opens_on_a_sentence_that_says_something():
    text = "Right. Right. Yes. I think the first talk with a founder is the hardest part. Then it gets easier."
    shown = sentence_excerpt(text, None, max_chars=300)
    assert shown.after.startswith("I think the first talk") and "Right." not in shown.before + shown.after
    assert sentence_excerpt("Right. Yes.", None, max_chars=300).after == "Right. Yes."  # nothing better: as it is


@pytest.mark.parametrize(("sentence", "question"), [
    ("向量就像是一串文本，对吧。", True), ("你有没有探讨过吗。", True), ("那是一种什么样的序列呢", True),
    ("Is it a string of text?", True), ("我们就这么做吧。", False), ("向量就像是一串文本。", False),
    ("I wanted to hear what you thought of that.", True), ("Tell me about your childhood.", True),
    ("I wanted to build a company.", False), ("He told me that it works.", False),
    ("但我想听听你对此的看法，是否有探讨过。", True),
])
def test_a_chinese_question_particle_asks_as_a_question_mark_does(sentence, question):
    assert reads_as_question(sentence) is question


def test_the_question_asked_may_end_with_a_particle_instead_of_a_question_mark():
    text = "另外，你提到将像素转换为向量。向量就像是一串文本，对吧。谢谢。"
    assert asked_sentence(text, 200, chinese=True).endswith("对吧。")


def test_a_sentence_that_says_nothing_alone_is_told_with_the_ones_after_it():
    from bot.text import telling_sentence
    text = "Yeah. And so what you're saying is that the model will become more accurate. Right."
    start, end = telling_sentence(text, 0)
    assert text[start:end] == "Yeah. And so what you're saying is that the model will become more accurate."
    start, end = telling_sentence(text, text.index("the model"))
    assert text[start:end] == "And so what you're saying is that the model will become more accurate."
    assert telling_sentence(text, len(text) + 5) is None
