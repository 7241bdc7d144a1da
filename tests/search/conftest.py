"""Fixtures: a small hand-written corpus that exercises each search feature."""

from __future__ import annotations

import pytest

from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus

TOPICS = [
    TopicSpec("scaling", "Scaling and deep learning", "扩展与深度学习", ("scale", "规模")),
    TopicSpec("hallucination", "Hallucinations", "幻觉", ("hallucination", "幻觉")),
    TopicSpec("world-models", "World models", "世界模型", ("LeCun", "世界模型")),
]

TURNS = [
    TurnSpec(  # 1
        en="It matters what you scale. Deep learning gave us the first way to use scale productively.",
        zh="重要的是你扩展什么。深度学习给了我们第一个有效利用规模的方法。",
        topic="scaling",
    ),
    TurnSpec(  # 2
        en="Rich Sutton wrote about scaling and the bitter lesson; did he influence you?",
        zh="Rich Sutton写过关于扩展和苦涩的教训的文章，他对你有影响吗？",
        role="host",
        topic="scaling",
    ),
    TurnSpec(  # 3
        en="Language models have a tendency to hallucinate, and reinforcement learning from human feedback "
        "can teach them not to.",
        zh="语言模型有产生幻觉的倾向，人类反馈强化学习可以教它们不这样做。",
        topic="hallucination",
    ),
    TurnSpec(  # 4
        en="Prediction is compression: to predict the data well you need to understand the process that produced it.",
        zh="预测就是压缩：要很好地预测数据，你需要理解产生数据的过程。",
        topic="hallucination",
    ),
    TurnSpec(  # 5
        en="I wanted to ask about Yann LeCun's joint embedding predictive architecture.",
        en_verbatim="I wanted to ask about Yanla Kun's joint embedding predictive architecture.",
        zh="我想问一下Yann LeCun的联合嵌入预测架构。",
        role="host",
        topic="world-models",
    ),
    TurnSpec(  # 6: article-only, no English
        en="",
        zh="我认为Yann是对的，他关于世界模型的想法是我们如何前进的重要想法之一。",
        topic="world-models",
    ),
    TurnSpec(  # 7: the words of turn 4, not its phrase
        en="Compression matters, but prediction is where it starts: the prediction of the next word.",
        zh="压缩很重要，但预测是起点：预测下一个词。",
        topic="scaling",
    ),
]


@pytest.fixture(scope="session")
def small_db(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("search") / "small.db", TURNS, TOPICS)


@pytest.fixture(scope="session")
def service(small_db):
    with opened_search(small_db) as search:
        yield search
