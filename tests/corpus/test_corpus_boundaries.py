"""Speaker boundaries and topics of Eye on AI #118, as reviewed by reading the transcript.

`STARTS` pins every transcript turn: its first line, first words and speaker. Mid-line entries
are the speaker changes inside a paragraph; the test also fails on any start not listed here,
so a boundary cannot be added, dropped or moved without updating this reviewed list.
"""

from __future__ import annotations

import re

HOST, GUEST = "host", "guest"

STARTS = [
    (4, "I'm Craig Smith and this is", HOST),  # recorded intro
    (12, "Ilya, it's terrific to meet you", HOST),
    (14, "Yeah I can talk about that", GUEST),
    (20, "And was your impulse as it was for Jeff", HOST),
    (20, "AI is so big", GUEST),
    (24, "That's 2003 almost exactly 20 years ago.", HOST),
    (26, "So in a nutshell", GUEST),
    (30, "Yeah. That was supervised learning", HOST),  # then the 2017 question, line 32
    (32, "So for context at OpenAI", GUEST),
    (40, "Yeah and I just wanted to ask", HOST),
    (42, "No I would say", GUEST),
    (52, "The limitation of large language models", HOST),
    (56, "Yeah so before I comment", GUEST),
    (56, "Sure.", HOST),
    (56, "I think that it is very hard", GUEST),
    (78, "And that feedback loop", HOST),  # after Ilya's "My answer is let's find out."
    (80, "The way we do things today", GUEST),
    (84, "I wanted to talk to you about Yanla Kun's", HOST),
    (86, "So I reviewed Yanla Kun's proposal", GUEST),
    (102, "and then what you're talking about converting pixels", HOST),
    (102, "the fine language though", GUEST),
    (104, "on this idea of having an army of human trainers", HOST),
    (104, "yeah so I have two comments on that.", GUEST),
    (109, "yeah and so what you're saying", HOST),
    (111, "Yes and it's that's right", GUEST),
    (111, "pretty soon I'm sure that's one of the questions", HOST),
    (111, "I can't talk in detail", GUEST),
    (113, "You talk about the similarities", HOST),
    (113, "this comment which you made", GUEST),
    (115, "Purdue make a comment", HOST),
    (115, "so I just want to make one comment", GUEST),
    (115, "are you involved at all in hardware", HOST),
    (115, "no all our hardware comes from Azure", GUEST),
    (115, "yeah yeah", HOST),  # acknowledgement, then the democracy question on line 117
    (117, "yeah let's see it's such a big question", GUEST),
    (117, "yeah and I can see in the democracy", HOST),
    (119, "what does it mean to analyze all the variables", GUEST),
    (119, "that's it for this episode", HOST),  # outro
]


def test_every_turn_start_is_a_reviewed_one(interview):
    actual = [
        (t.source.transcript_lines[0], t.en_verbatim, t.role) for t in interview.turns if t.source.transcript_lines
    ]
    assert len(actual) == len(STARTS)
    for (line, text, role), (want_line, words, want_role) in zip(actual, STARTS):
        assert (line, role) == (want_line, want_role), words
        assert text.startswith(words), (line, words, text[:60])


def test_turns_end_where_the_next_speaker_starts(interview):
    endings = {t.en_verbatim.split("\n")[-1] for t in interview.turns if t.en_verbatim}
    for ending in (
        "So that was my initial early motivation.",
        "and it totally worked out.",
        "Now you could say is it really going to learn? My answer is let's find out.",
        "and we'll find out.",
        "faster processors yeah any day",
        "Azure to be used they provide you",
        "or a child with thing",
        "I think AI could be incredibly helpful in pretty much any situation",
        "so maybe this is another point I would make",
        "but conceptually I claim he doesn't matter",
    ):
        assert any(e.endswith(ending) for e in endings), ending


def test_both_speakers_and_the_right_names(interview):
    roles = [t.role for t in interview.turns]
    assert roles.count(HOST) == 21 and roles.count(GUEST) == 19
    assert {(t.role, t.speaker) for t in interview.turns} == {(HOST, "Craig Smith"), (GUEST, "Ilya Sutskever")}


def test_speakers_alternate_except_after_the_recorded_intro(interview):
    same = [(a.order, b.order) for a, b in zip(interview.turns, interview.turns[1:]) if a.role == b.role]
    assert same == [(1, 2)]
    assert interview.turns[0].topic_key == "intro" and interview.turns[-1].topic_key == "outro"


def test_no_turn_is_empty(interview):
    for turn in interview.turns:
        assert turn.en.strip() or turn.zh.strip(), turn.order
        assert turn.zh.strip(), turn.order  # every turn shows some Chinese
        if turn.source.transcript_lines:
            assert turn.en.strip() and turn.en_verbatim.strip(), turn.order


def test_interjections_are_turns_of_their_own(interview):
    (sure,) = [t for t in interview.turns if t.en_verbatim == "Sure."]
    assert (sure.role, sure.zh_machine_verbatim, sure.zh_source) == (HOST, "确实。", "machine")
    (yeah,) = [t for t in interview.turns if t.en_verbatim.startswith("yeah yeah\n")]
    assert yeah.role == HOST and yeah.source.transcript_lines == (115, 117)
    assert yeah.source.machine_lines == (118,)  # the machine translation dropped "yeah yeah"
    assert yeah.zh_machine_verbatim.startswith("你曾谈论过民主")


def test_article_only_turns(interview):
    only = [t for t in interview.turns if not t.source.transcript_lines]
    assert [(t.role, t.zh_source, t.en, t.en_verbatim, t.zh_machine) for t in only] == [
        (HOST, "article", "", "", ""),
        (GUEST, "article", "", "", ""),
    ]
    assert only[0].zh.startswith("你提到你有一个不同的解释") and "狗在草地上" in only[0].zh
    assert only[1].zh.startswith("我同意你所说的大部分内容")
    # Placed where the article has them: right after Ilya's hallucination answer.
    before = interview.turns[only[0].order - 2]
    assert before.role == GUEST and before.en_verbatim.endswith("My answer is let's find out.")


def test_article_speaker_mistakes_are_fixed_at_the_right_words(interview):
    def article_turn(prefix: str):
        (turn,) = [t for t in interview.turns if t.zh_article and t.zh_article.startswith(prefix)]
        return turn

    # Article line 42 runs the host's remark and question into Ilya's paragraph.
    assert article_turn("那是2003年，差不多正好是20年前。然后Alex").role == HOST
    assert article_turn("AI非常大").zh_article.endswith("这是我早期的动机，")
    # Article line 51 (labelled Ilya) is the host's bridge to the GPT question.
    bridge = article_turn("是的，那是监督学习和卷积神经网络。")
    assert bridge.role == HOST and bridge.zh_article.endswith("GPT项目是什么时候开始的？是否有关于Transformers的直觉？能谈谈这个吗？")
    # Article line 66 ends with the host's question on the limits of language models.
    assert article_turn("大语言模型的限制在于").role == HOST
    assert article_turn("不，我会说").zh_article.endswith("它给了我们回报。")
    # "Sure." is not in the article: Ilya's text resumes in the turn after it.
    assert article_turn("是的，在我评论").zh_article.endswith("我想评论一下问题中的一些早期部分。")
    assert article_turn("我认为即使是像语言模型").role == GUEST


def test_topics(interview, annotation):
    assert 8 <= len(interview.topics) <= 14
    assert [t.order for t in interview.topics] == list(range(1, len(interview.topics) + 1))
    headings = [t["article_heading"]["text"] for t in annotation["topic"] if "article_heading" in t]
    assert headings == ["成长经历与早期兴趣", "对大脑与机器学习的探索", "卷积神经网络与ImageNet的突破",
                        "从监督学习到Transformers的演变", "扩展与深度学习的突破", "幻觉与知识的局限性"]
    assert [t.name_zh for t in interview.topics[1:7]] == headings
    for topic in interview.topics:
        assert 3 <= len(topic.aliases) <= 6, topic.key
        assert any(re.search(r"[\u4e00-\u9fff]", a) for a in topic.aliases), topic.key
        assert any(re.search(r"[A-Za-z]", a) for a in topic.aliases), topic.key
    # Topics are visited in order, each as one contiguous run of turns.
    keys = [t.topic_key for t in interview.turns]
    runs = [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]
    assert runs == [t.key for t in interview.topics]


def test_topic_of_key_passages(interview):
    def topic_of(words: str) -> str:
        (turn,) = [t for t in interview.turns if t.en_verbatim.startswith(words)]
        return turn.topic_key

    assert topic_of("So in a nutshell") == "imagenet"
    assert topic_of("No I would say") == "scaling"
    assert topic_of("And that feedback loop") == "rlhf"
    assert topic_of("So I reviewed Yanla Kun's proposal") == "world-models"
    assert topic_of("this comment which you made") == "less-data"
    assert topic_of("no all our hardware") == "hardware"
    assert topic_of("yeah let's see") == "democracy"
