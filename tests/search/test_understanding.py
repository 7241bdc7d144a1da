"""What a query means, whatever its framing: request words, questions, neighbouring turns,
Taiwan vocabulary, sentences said elsewhere, and meaning fused with words (small corpus of
conftest.py; turn ids are its list positions)."""

from __future__ import annotations


import pytest

from bot.search.fusion import Fusion
from bot.search.index import IndexRow
from bot.search.proximity import is_long, window_coverage
from bot.search.query import plan_query
from bot.search.normalize import english_terms
from bot.search.query_text import fold_query, without_filler
from bot.search.synonyms import default_synonyms
from bot.search.vocabulary import Vocabulary

from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus
from .fake_semantic import FakeSemantic


def ids(outcome):
    return [hit.turn_id for hit in outcome.hits]


@pytest.mark.parametrize("query", [
    "please show me the quote about hallucinations, thanks",
    "can u find the part about hallucinations pls",
    "请给我看关于幻觉的话，谢谢",
    "能不能给我看看他讲幻觉的段落",
    "could you pull up where he talks about hallucinations please",
    "can you dig up the bit on hallucinations",
    "bring up hallucinations for me",
    "search for hallucinations",
    "i want the quote where he discusses hallucinations",
    "gimme the hallucinations part",
    "帮我调出他讲幻觉的部分",
    "给我一句关于幻觉的话",
    "来一句幻觉的",
    "聊到幻觉的地方",
    "采访中提到的幻觉",
    "关于幻觉的名言",
    "关于幻觉的讨论",
    "幻觉相关的内容",
    "搜一下幻觉",
    "我想要他講幻覺的原文",
    "lemme see the hallucinations part of the convo",
    "need the hallucinations quote asap",
])
def test_request_words_never_decide(service, query):
    assert ids(service.search(query))[:1] == [3]


@pytest.mark.parametrize("query", [
    "info on hallucinations",
    "hallucinations in the interview",
    "explain hallucinations to me",
    "describe hallucinations",
    "the hallucinations clip",
    "hallucinations discussion",
    "what's his take on hallucinations",
    "timestamp for hallucinations",
    "wrt hallucinations",
    "abt hallucinations",
    "yo hallucinations",
    "hallucinations <3",
    "1. hallucinations",
    "幻觉相关",
    "这期节目里讲幻觉的内容",
    "check this https://eye-on.ai/podcast-118 hallucinations",
    "hallucinations www.example.com/page?id=3",
    "recap of the convo about hallucinations",
    "tldr hallucinations",
    "the ep on hallucinations",
])
def test_words_that_say_where_to_look_never_decide(service, query):
    """"info on", "in the interview", "the clip", a heart or a list's number say where or how to
    look, not what for: a keyword framed by them finds what it finds alone."""
    assert ids(service.search(query))[:1] == [3]


def test_words_that_say_where_to_look_are_what_a_query_of_nothing_else_asks(tmp_path):
    """Alone, "clip" or "podcast" is what is asked (CLIP is a model); beside other words it
    weighs as a function word, so a passage that lacks it is still found."""
    db = write_corpus(tmp_path / "framing.db", [
        TurnSpec(en="We trained CLIP, a model that reads images and their captions together."),
        TurnSpec(en="Thanks for listening to this podcast; the next episode is about robots."),
        TurnSpec(en="Robots that learn from video will come sooner than people expect."),
    ], [TopicSpec("general", "General", "综合")])
    with opened_search(db) as search:
        assert ids(search.search("clip"))[:1] == [1]
        assert ids(search.search("podcast"))[:1] == [2]
        assert ids(search.search("robots learn clip"))[:1] == [3]
        # A turn holding them with the other words: they are what is asked, not where to look.
        assert ids(search.search("clip model")) == [1]
        assert ids(search.search("learn from video")) == [3]


def test_a_word_that_says_where_to_look_is_never_weighed_as_a_name_the_library_lacks():
    """"info" is in no turn; were it a name, it would outweigh what the query asks for."""
    vocabulary = Vocabulary({"hallucinat": 1}, {}, 10, ordinary=lambda _word, _known: False)  # every unseen word a name
    units = {unit.label: unit for unit in plan_query("info on hallucinations", vocabulary, default_synonyms()).units}
    assert units["info"].is_stopword and not units["info"].is_name
    assert units["info"].weight < units["hallucinat"].weight / 2


def test_a_chinese_request_word_inside_a_longer_word_is_that_word():
    """部分 of 大部分, 方面 of 多方面, 一句 of 一句句: words of the dictionary, kept whole."""
    words = {"大部分", "多方面", "一句句"}
    def kept(run):
        return without_filler([], [run], words.__contains__)[1]
    assert kept("大部分") == ["大部分"] and kept("多方面的影响") == ["多方面的影响"] and kept("一句句地读") == ["一句句地读"]
    assert kept("搜一下幻觉") == ["幻觉"] and kept("幻觉方面的内容") == ["幻觉"] and kept("来一句幻觉的") == ["幻觉的"]


def test_a_request_of_several_words_goes_only_as_a_whole():
    """"pull up" asks to be shown something; "pull" alone, or "a little bit", is content."""
    def kept(query):
        return without_filler(english_terms(query, with_joined=False), [])[0]

    assert kept("could you pull up azure") == kept("azure")
    for content in ("the pull of gravity", "a little bit less great", "bring the cost up"):
        assert kept(content) == english_terms(content, with_joined=False)


def test_a_lone_letter_decides_no_match(tmp_path):
    """Letters alone ("a b c", the "b" of a pasted <b> tag) find no turn that spells a name out;
    beside words, they weigh as little as a function word."""
    db = write_corpus(tmp_path / "letters.db", [
        TurnSpec(en="Email me at Craig, C-R-A-I-G, at eye-on dot ai. We have listeners everywhere."),
        TurnSpec(en="If scaling stops working we need a plan B, and compression may be it."),
    ], [TopicSpec("general", "General", "综合")])
    with opened_search(db, cache_size=0) as search:
        for letters in ("a b c", "c", "vitamin c"):
            assert ids(search.search(letters)) == [], letters
        assert ids(search.search("<b>scaling</b>"))[:1] == [2]
        assert ids(search.search("plan b"))[:1] == [2]


def test_a_query_of_request_words_only_finds_nothing_and_offers_nothing(service):
    for query in ("please thanks", "请 谢谢"):
        outcome = service.search(query)
        assert outcome.hits == [] and outcome.suggestions == []


def test_a_correction_offers_the_words_not_the_request(service):
    suggestions = [s.query for s in service.search("quote about hallucinatoins please").suggestions]
    assert suggestions and all("please" not in s and "quote" not in s for s in suggestions)


@pytest.mark.parametrize("query", ["why do language models hallucinate?", "语言模型为什么会产生幻觉呢", "语言模型会产生幻觉吗",
                                   "语言模型为啥会产生幻觉", "他咋看语言模型的幻觉"])
def test_question_words_never_block_a_match(service, query):
    assert ids(service.search(query))[:1] == [3]


def test_words_in_neighbouring_turns_find_both(service):
    # "joint embedding" is in the host's question (5), 世界模型 in the answer (6): one exchange.
    assert set(ids(service.search("joint embedding 世界模型"))[:2]) == {5, 6}


def test_taiwan_vocabulary_meets_the_corpus_in_its_own_form():
    vocabulary = Vocabulary({"软件": 1, "向量": 2}, {}, 10)
    assert fold_query("軟體", vocabulary) == "软件"  # OpenCC's Taiwan phrases
    assert fold_query("向量", vocabulary) == "向量"  # its phrase table says 矢量; the corpus says 向量
    assert fold_query("嵌入向量", vocabulary) == "嵌入向量"


def test_a_taiwan_word_is_converted_whole_not_spliced_around_a_shared_character():
    # 使用者 → 用户 agree on 用: the conversion is one word, never 使用户.
    vocabulary = Vocabulary({"用户": 3}, {}, 10)
    assert fold_query("觀察使用者", vocabulary) == "观察用户"
    assert fold_query("使用者心理", Vocabulary({}, {}, 10)) in ("用户心理", "使用者心理")
    # two words converted apart are judged apart: the corpus says 资料 and 软件
    assert fold_query("資料軟體", Vocabulary({"资料": 1, "软件": 1}, {}, 10)) == "资料软件"


def test_a_chinese_word_the_interview_lacks_weighs_as_an_everyday_word_and_a_seam_is_dropped():
    """生气 ("angry") is no word of the interview's Chinese but an everyday one: it weighs as
    an English everyday word does, not as the name 伦敦 (London); 敦生, across the two, is no word."""
    def weights(words: dict[str, str]) -> dict[str, float]:
        vocabulary = Vocabulary({"伦敦": 1}, {}, 10, chinese_word=words.get)
        return {unit.label: unit.weight for unit in plan_query("伦敦生气了", vocabulary, default_synonyms()).units}

    known = weights({"伦敦": "name", "生气": "everyday"})
    before = weights({})  # without the dictionary's words: every bigram, as before
    assert list(known) == ["伦敦", "生气"] and list(before) == ["伦敦", "敦生", "生气"]
    assert known["生气"] < before["生气"] and known["伦敦"] == before["伦敦"]
    assert weights({"伦敦": "name", "生气": "name"})["生气"] == before["生气"]  # a name the interview lacks weighs fully
    # A name the dictionary lacks is no seam: its bigrams stay, and weigh.
    lacking = Vocabulary({}, {}, 10, chinese_word={"生气": "everyday"}.get)
    assert "黄仁" in {unit.label for unit in plan_query("黄仁勋生气了", lacking, default_synonyms()).units}


def test_a_lone_character_before_a_word_makes_no_word_with_it():
    """用算法取代: 用算, in no turn and across the edge of 算法, would weigh as the rarest word."""
    vocabulary = Vocabulary({"算法": 2, "取代": 1}, {}, 10, chinese_word={"算法": "everyday", "取代": "everyday"}.get)
    assert {unit.label for unit in plan_query("用算法取代", vocabulary, default_synonyms()).units} == {"算法", "取代"}


def test_a_sentence_scattered_over_a_long_turn_covers_little_of_it():
    vocabulary = Vocabulary({"deal": 1, "data": 1, "internet": 1}, {}, 10)
    plan = plan_query("We have to deal with the data that we have, there is only one internet", vocabulary,
                      default_synonyms())
    assert is_long(plan)
    filler = " ".join(["word"] * 60)
    scattered = IndexRow(1, f"a big deal {filler} the data {filler} on the internet", "", "", "")
    together = IndexRow(2, "we have to deal with the data that we have there is only one internet", "", "", "")
    assert window_coverage(plan, scattered) < 0.6 < window_coverage(plan, together)


def _with_meaning(small_db, nearest):
    semantic = FakeSemantic(nearest)
    return semantic, opened_search(small_db, cache_size=0, semantic=semantic)


def test_meaning_lifts_a_turn_the_words_alone_do_not_show(small_db):
    query = "prediction and data compression tricks"
    with opened_search(small_db, cache_size=0, semantic=False) as lexical:
        assert 7 not in ids(lexical.search(query))  # its words alone: short of the threshold
    # Turn 7 is the query's nearest in meaning, far above the rest.
    semantic, opened = _with_meaning(small_db, [(7, 0.95)] + [(t, 0.80) for t in range(1, 7)])
    with opened as search:
        hits = {hit.turn_id: hit for hit in search.search(query).hits}
    assert semantic.calls == 1
    assert hits[7].match == "meaning"


def test_a_search_whose_words_find_few_passages_is_filled_by_the_nearest_in_meaning(small_db):
    """A paraphrase shares few words with the passage it means: once its words found the
    interview, the passages nearest in meaning follow theirs, marked as found by meaning."""
    query = "prediction and data compression tricks"
    nearest = [(7, 0.95), (2, 0.93), (1, 0.92)] + [(t, 0.80) for t in (3, 4, 5, 6)]
    with _with_meaning(small_db, nearest)[1] as search:
        outcome = search.search(query, fill=True)
        guests = search.search(query, speaker="guest", fill=True)
        unlabelled = search.search(query)  # /quote and inline mode, which do not say "close in meaning"
    # 7 and 4 pass the threshold (7 lifted by meaning); 2, the host's question nearest after
    # them in meaning, fills the third place, below them and marked; then no more.
    assert [(hit.turn_id, hit.match) for hit in outcome.hits] == [(7, "meaning"), (4, "words"), (2, "meaning")]
    assert outcome.total == 3 and outcome.hits[2].score < outcome.hits[1].score
    assert [hit.near_only for hit in outcome.hits] == [False, False, True]  # 7 has words of the query
    assert ids(guests) == [7, 4, 1]  # only the guest's turns asked for: not the host's question
    assert ids(unlabelled) == [7, 4]


def test_two_words_are_not_filled_by_meaning(small_db):
    """Keywords name what they want: the words decide, and two words carry too little meaning
    for the passages nearest it to be about the same thing."""
    nearest = [(7, 0.95), (2, 0.93), (1, 0.92)] + [(t, 0.80) for t in (3, 4, 5, 6)]
    with _with_meaning(small_db, nearest)[1] as search:
        hits = search.search("compression tricks", fill=True).hits
    assert hits and not any(hit.near_only for hit in hits)


def test_a_search_whose_words_find_three_passages_is_not_filled(small_db):
    nearest = [(6, 0.95), (5, 0.93), (2, 0.92)] + [(t, 0.80) for t in (1, 3, 4, 7)]
    semantic, opened = _with_meaning(small_db, nearest)
    with opened as search:
        outcome = search.search("learning scale prediction", fill=True)
    assert semantic.calls == 1  # meaning was measured: the fill could have run
    assert len(outcome.hits) == 3 and 6 not in ids(outcome)  # ... but the words found three


def test_a_search_its_words_answer_is_not_filled(small_db):
    semantic, opened = _with_meaning(small_db, [(7, 0.99)] + [(t, 0.70) for t in range(1, 7)])
    with opened as search:
        hits = search.search("tendency to hallucinate", fill=True).hits
        nothing = search.search("chocolate chip cookie recipe", fill=True).hits
    assert semantic.calls == 0 and nothing == []  # a phrase needs no meaning; no words, no fill
    assert all(hit.match != "meaning" for hit in hits)


def test_a_turn_holding_every_word_is_not_held_back_by_what_meaning_adds(small_db):
    """A question around one keyword ("what about compression") embeds mostly its framing: its
    nearest in meaning are elsewhere. The turns that hold every word of it that is
    no function word pass the words' own threshold, not the higher one a fusion asks."""
    nearest = [(t, 0.90) for t in (1, 2, 3, 5, 6)] + [(4, 0.70), (7, 0.70)]
    with _with_meaning(small_db, nearest)[1] as search:
        assert set(ids(search.search("what about compression"))) == {4, 7}
        # A word no turn holds leaves the higher threshold in place.
        assert search.search("what about compression of chocolate").hits == []


def test_meaning_alone_never_decides(small_db):
    semantic, opened = _with_meaning(small_db, [(3, 0.99)] + [(t, 0.70) for t in (1, 2, 4, 5, 6, 7)])
    with opened as search:
        assert search.search("chocolate chip cookie recipe").hits == []
    assert semantic.calls == 0  # no word of it in the interview: not even embedded


def test_a_phrase_match_is_not_embedded(small_db):
    semantic, opened = _with_meaning(small_db, [(7, 0.99)] + [(t, 0.70) for t in range(1, 7)])
    with opened as search:
        hits = search.search("tendency to hallucinate").hits
    assert semantic.calls == 0
    assert hits[0].turn_id == 3 and hits[0].match == "phrase"


def test_every_hit_says_how_it_matched(service):
    assert {hit.match for hit in service.search("prediction is compression").hits} <= {"phrase", "words"}
    assert service.search("prediction is compression").hits[0].match == "phrase"
    assert service.search("compression prediction data process").hits[0].match == "words"


def test_a_name_the_library_lacks_decides_against_the_words_around_it(service):
    """A word in no turn and no everyday word either ("anthropic") is what the query is about;
    an everyday word the interview lacks ("sluggish") is a paraphrase's, and weighs little."""
    assert ids(service.search("deep learning scale productively"))[:1] == [1]
    assert ids(service.search("sluggish deep learning scale productively"))[:1] == [1]
    assert service.search("anthropic deep learning scale productively").hits == []


@pytest.mark.parametrize("query", ["btw why do language models hallucinate", "gonna language models hallucinate",
                                   "the behaviour of language models that hallucinate"])
def test_chat_words_and_british_spellings_are_no_names(service, query):
    assert ids(service.search(query))[:1] == [3]


def test_a_link_or_a_heart_alone_is_what_is_asked():
    """Beside words they say nothing; alone they are all the query has (the site a podcast names)."""
    vocabulary = Vocabulary({"eye": 1, "ai": 2}, {}, 10)
    assert {"eye", "ai"} <= set(plan_query("https://eye-on.ai", vocabulary, default_synonyms()).en_terms)
    assert plan_query("scaling https://eye-on.ai", vocabulary, default_synonyms()).en_terms == ("scal",)  # stemmed
    assert plan_query("scaling <3", vocabulary, default_synonyms()).text.strip() == "scaling"


COSTS = [
    TurnSpec(en="Training these models takes a lot of data, and training them well takes patience.",
             zh="训练这些模型需要大量数据，而训练好它们需要耐心。", topic="scaling"),
    TurnSpec(en="Generally speaking, the cost of training is going up, and the question is whether it is worth it.",
             zh="总的来说，训练的成本在上升，问题是是否值得。", topic="scaling"),
]


@pytest.mark.parametrize("query", ["how expensive is training", "is training costly", "訓練很昂貴"])
def test_asking_how_expensive_finds_what_it_costs(tmp_path, query):
    with opened_search(write_corpus(tmp_path / "costs.db", COSTS, [TopicSpec("scaling", "Scaling", "规模")])) as search:
        assert ids(search.search(query))[:1] == [2]


@pytest.mark.parametrize(("query", "said"), [("prizes", "awards"), ("a medium-sized company", "midsize company"),
                                             ("人工介入", "人为干预"), ("researching nowadays", "researching right now"),
                                             ("目前的研究", "如今的研究"), ("雪梨", "悉尼")])
def test_everyday_words_find_the_word_the_interview_uses(tmp_path, query, said):
    turns = [TurnSpec(en="Nothing here is about it.", zh="这里什么都没有。", topic="scaling"),
             TurnSpec(en=f"He spoke of the {said} at length." if said.isascii() else "He spoke of it.",
                      zh=f"他谈到了{said}。", topic="scaling")]
    with opened_search(write_corpus(tmp_path / "words.db", turns, [TopicSpec("scaling", "Scaling", "规模")])) as search:
        assert ids(search.search(query))[:1] == [2]


@pytest.mark.parametrize("query", [
    "I am writing an essay for school. Can you find where he talks about hallucinations and the bitter lesson?",
    "我最近在写一篇关于人工智能的文章，想请你帮我找一下他谈到幻觉、苦涩的教训的部分，可以吗？",
])
def test_a_long_request_listing_topics_finds_each_of_them(service, query):
    """As a whole no passage holds it; the parts of its list each find theirs."""
    assert {2, 3} <= set(ids(service.search(query, limit=5)))


@pytest.mark.parametrize("query", [
    "I was cooking dinner yesterday and my cat jumped on the table, can you tell me a good recipe for pasta",
    # one part finds something, the story around it nothing: no list of what is asked
    "my boss says robots will take my job and I feel worried, can you tell me what to do about it and about scale",
])
def test_a_story_is_not_answered_by_the_one_part_that_finds(service, query):
    assert service.search(query, limit=5).hits == []
