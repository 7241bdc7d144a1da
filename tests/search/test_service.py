"""Search behaviour on the small corpus of conftest.py (turn ids are its list positions)."""

import pytest

from bot.search import SearchService
from bot.storage.corpus import CorpusStore

from .conftest import TOPICS
from .corpus_db import TurnSpec, opened_search, write_corpus


def ids(outcome):
    return [hit.turn_id for hit in outcome.hits]


def test_exact_phrase_ranks_before_the_same_words_elsewhere(service):
    outcome = service.search("prediction is compression")
    assert ids(outcome)[:2] == [4, 7]


def test_query_in_either_language_or_script_finds_the_turn(service):
    for query in ("tendency to hallucinate", "产生幻觉的倾向", "產生幻覺的傾向"):
        assert ids(service.search(query))[0] == 3, query


def test_typos_and_word_order(service):
    assert ids(service.search("halucinations tendancy"))[0] == 3
    assert ids(service.search("compression prediction data process"))[0] == 4


def test_misheard_and_proper_names_both_find_the_turn(service):
    assert ids(service.search("Yann LeCun joint embedding"))[0] == 5
    assert ids(service.search("Yanla Kun"))[0] == 5  # the transcript's spelling


@pytest.mark.parametrize("query", ["yan lekun", "lekun", "yann lekun joint embeding"])
def test_a_name_spelled_as_it_sounds_finds_the_turn(service, query):
    """One letter of a short word ("lekun") is too far for the spelling ratio, not for its sound."""
    assert ids(service.search(query))[0] == 5


@pytest.mark.parametrize("query", ["aaaaaaaa", "sssss", "kkkkkk"])
def test_a_run_of_one_letter_sounds_like_no_word(service, query):
    assert not service.search(query).hits


def test_acronym_finds_spelled_out_form(service):
    assert ids(service.search("RLHF"))[0] == 3


def test_article_only_turn_is_found_by_chinese(service):
    assert 6 in ids(service.search("世界模型的想法"))


@pytest.mark.parametrize("query", ["chocolate chip cookie recipe", "Manchester United 3-1", "xqzvbn wrtpl", "红烧肉的做法"])
def test_off_topic_queries_return_nothing(service, query):
    outcome = service.search(query)
    assert outcome.hits == [] and outcome.total == 0


@pytest.mark.parametrize("query", ["", "   ", "😀🎉", "?!", "\u200b"])
def test_empty_queries_return_nothing(service, query):
    assert service.search(query).hits == []


def test_speaker_filter(service):
    assert ids(service.search("scaling", speaker="host")) == [2]
    assert 2 not in ids(service.search("scaling", speaker="guest"))


def test_topic_filter(service):
    hits = ids(service.search("prediction", topic_key="hallucination"))
    assert hits and set(hits) <= {3, 4}
    assert service.search("prediction", topic_key="no-such-topic").hits == []


def test_paging_reports_total(service):
    first = service.search("prediction compression", limit=1)
    second = service.search("prediction compression", limit=1, offset=1)
    assert first.total == second.total >= 2
    assert ids(first) != ids(second)
    assert service.search("prediction compression", offset=50).hits == []


def test_spans_point_at_the_matched_words(service, small_db):
    from .conftest import TURNS

    hit = service.search("tendency to hallucinate").hits[0]
    en = TURNS[hit.turn_id - 1].en
    start, end = hit.spans["en"]
    assert en[start:end] == "tendency to hallucinate"
    hit = service.search("预测就是压缩").hits[0]
    start, end = hit.spans["zh"]
    assert TURNS[hit.turn_id - 1].zh[start:end] == "预测就是压缩"
    assert hit.field == "zh"


def test_of_two_forms_of_the_typed_word_the_first_one_is_bolded(tmp_path):
    """"scale" is shorter than the "scaling" before it; both weigh alike, so the reader's eye goes first."""
    text = "I was writing about scaling in those days, and later I saw we just need to scale."
    db = write_corpus(tmp_path / "forms.db", [TurnSpec(text, topic="scaling")], TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as search:
        start, end = search.search("scaling").hits[0].spans["en"]
    assert text[start:end] == "scaling"


def test_misspelled_query_gets_a_did_you_mean(service):
    outcome = service.search("halucinations")
    assert ids(outcome)[0] == 3
    assert any(s.kind == "phrase" and "hallucinat" in s.query for s in outcome.suggestions)


def test_a_search_asked_for_no_suggestions_finds_the_same_and_suggests_nothing(service):
    """The quote check's own search shows no buttons but where no passage is found."""
    asked = service.search("halucinations", suggest=False)
    assert ids(asked) == ids(service.search("halucinations"))
    assert asked.suggestions == []


@pytest.mark.parametrize("query", ["compresion giraffe elephant", "ilia sutskevar", "halucinate zebra", "yann lecnu"])
def test_every_suggested_phrase_finds_something(service, query):
    """A did-you-mean is a button: the corrected "compression giraffe elephant" found nothing."""
    for suggestion in service.search(query).suggestions:
        assert suggestion.kind == "topic" or service.search(suggestion.query).hits, suggestion


def test_find_topic_in_any_language_or_script(service):
    assert service.find_topic("hallucinations").key == "hallucination"
    assert service.find_topic("幻覺").key == "hallucination"
    assert service.find_topic("world model").key == "world-models"
    assert service.find_topic("zzzz") is None


def test_a_near_miss_offers_its_topic_by_key(service):
    outcome = service.search("world models theory")  # near the host's world-model turn, not enough
    assert not outcome.hits
    assert any(s.kind == "topic" and s.label_en == "World models" and s.topic_key == "world-models"
               for s in outcome.suggestions)


async def test_async_lifecycle(small_db):
    corpus = CorpusStore(small_db)
    corpus.initialize()
    search = SearchService(small_db, corpus)
    await search.initialize()
    assert search.search("bitter lesson").hits
    await search.shutdown()
    corpus.shutdown()


def test_cached_outcomes_are_the_ones_a_fresh_search_gives(small_db):
    with opened_search(small_db, cache_size=64) as cached, opened_search(small_db, cache_size=0) as uncached:
        _same_outcomes(cached, uncached)


def _same_outcomes(cached: SearchService, uncached: SearchService) -> None:
    requests = [("hallucinations", "any", 0), ("幻觉", "guest", 0), ("scaling", "any", 1), ("xqzvbn", "any", 0)]
    for _ in range(2):  # the second round is answered from the cache
        for query, speaker, page in requests:
            assert cached.search(query, speaker=speaker, limit=2, offset=2 * page) == uncached.search(
                query, speaker=speaker, limit=2, offset=2 * page)
    for _ in range(2):
        assert cached.find_topic("scaling") == uncached.find_topic("scaling") is not None
        assert cached.find_topic("xqzvbn") is None


def test_the_cache_keeps_only_the_most_recently_used_searches(small_db):
    with opened_search(small_db, cache_size=2) as search:
        search.search("hallucinations")
        search.search("scaling")
        search.search("hallucinations")  # used again: "scaling" is now the least recently used
        search.search("compression")  # one too many: "scaling" goes
    # From here on (closed), only what the cache holds can be answered.
    assert ids(search.search("hallucinations")) and ids(search.search("compression"))
    with pytest.raises(RuntimeError):
        search.search("scaling")


def test_a_word_of_a_long_topic_name_finds_that_topic():
    from bot.search.topics import TopicMatcher
    from bot.storage.corpus import TopicRecord

    crisis = TopicRecord("a-founders-guide", "A founder’s guide to crisis management | Uri Levine (Waze co-founder)",
                         "", 40, interview_id=2)
    stuck = TopicRecord("feeling-stuck", "Feeling stuck? Here's how to know when it's time to leave your job", "", 80,
                        interview_id=3)
    matcher = TopicMatcher([crisis, stuck])
    assert matcher.find("crisis").key == "a-founders-guide"
    assert matcher.find("crisis management").key == "a-founders-guide"
    assert matcher.find("leave your job").key == "feeling-stuck"
    assert matcher.find("volcano") is None


def test_of_turns_matching_alike_the_one_that_says_something_comes_first(tmp_path):
    from .corpus_db import TopicSpec, TurnSpec, opened_search, write_corpus

    turns = [TurnSpec("Yeah."), TurnSpec("Thank you so much for having me."),
             TurnSpec("The first thing I learned about research is that the best ideas look obvious afterwards.")]
    db = write_corpus(tmp_path / "alike.db", turns, [TopicSpec("general", "General", "综合")])
    with opened_search(db, semantic=False, cache_size=0) as service:
        hits = service.search("ilya sutskever").hits  # his name: every turn of his matches alike
    assert [hit.turn_id for hit in hits][:1] == [3]


SIZES = [
    TurnSpec(en="We needed to keep making the networks bigger, and we did.", zh="我们需要不断扩大规模，我们做到了。",
             topic="scaling"),
    TurnSpec(en="It matters what you scale.", zh="重要的是你扩展什么。", topic="scaling"),
    TurnSpec(en="No one understands even a midsize company.", zh="没有人能理解一个中等规模的公司。", topic="scaling"),
]


def test_an_english_word_finds_its_chinese_synonym_but_not_a_word_that_holds_it(tmp_path):
    """"scaling" is 扩大规模 in Chinese; 规模 alone is any size: 中等规模的公司 is a midsize company."""
    with opened_search(write_corpus(tmp_path / "sizes.db", SIZES, TOPICS)) as search:
        assert ids(search.search("scaling")) == [2, 1]
        # Turn 1 says it only in Chinese: an English query's words are not the ones it matched.
        assert {t.turn_id: t.typed_script for t in search.ranked("scaling")} == {2: True, 1: False}
        assert {t.turn_id: t.typed_script for t in search.ranked("扩大规模")}[1] is True


@pytest.mark.parametrize("query", ['"the scaling of hallucinations"', "“the compression of hallucinations”"])
def test_a_phrase_in_quotation_marks_finds_only_a_turn_that_has_every_word(service, query):
    """Each word is in some turn, so without the marks the search shows those turns."""
    assert ids(service.search(query.strip('"“”'))) and ids(service.search(query)) == []


@pytest.mark.parametrize("query", ['"joint embedding 世界模型"', "“scaling hallucinations”"])
def test_keywords_in_quotation_marks_find_what_they_find_without(service, query):
    """No function word: keywords, which may meet over a question and its answer."""
    assert ids(service.search(query)) == ids(service.search(query.strip('"“”')))


@pytest.mark.parametrize(("query", "turn"), [('"bitter lesson"', 2), ("“bitter leson”", 2), ("「幻觉」", 3)])
def test_words_in_quotation_marks_find_the_turn_that_has_them_typos_and_all(service, query, turn):
    assert ids(service.search(query))[:1] == [turn]


@pytest.mark.parametrize(("text", "query"), [
    ("The question is open. It could be a source of getting advice from every citizen.", "what is his view on open source"),
    ("Learning goes from one sequence to the next sequence of words, as the paper says.",
     "sequence to sequence"),
    ("Driving the car himself, the self-taught engineer tested every neural network.", "self-driving"),
    ("Experts agree that a mixture of data helps this architecture.", "mixture of experts"),
])
def test_an_idea_of_several_words_is_not_found_in_its_words_apart(tmp_path, text, query):
    """"open source" asks about open-source models, which a turn with "a source of advice" does not discuss."""
    db = write_corpus(tmp_path / "ideas.db", [TurnSpec(text, topic="scaling")], TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as search:
        assert search.search(query).hits == []


def test_of_two_runs_of_the_same_words_the_one_in_the_querys_order_is_bolded(tmp_path):
    """"…is about compression. Prediction is compression": the phrase typed, not the run that
    crosses the sentence end in the other order."""
    text = "It is about compression. Prediction is compression, and that is all."
    db = write_corpus(tmp_path / "order.db", [TurnSpec(text, topic="scaling")], TOPICS)
    with opened_search(db, semantic=False, cache_size=0) as search:
        start, end = search.search("prediction is compression").hits[0].spans["en"]
    assert text[start:end] == "Prediction is compression"
