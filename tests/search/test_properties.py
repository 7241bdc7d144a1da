"""Property tests: no input breaks search, and results respect their limits."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import TURNS

CORPUS_WORDS = st.sampled_from(
    "prediction compression 预测 壓縮 hallucinate RLHF scale 幻覺 Yann LeCun GPT-3 the of".split()
)
QUERIES = st.one_of(st.text(max_size=80), st.lists(CORPUS_WORDS, max_size=6).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, limit=st.integers(-2, 8), offset=st.integers(-2, 10))
def test_any_query_is_safe_and_bounded(service, query, limit, offset):
    outcome = service.search(query, limit=limit, offset=offset)
    assert len(outcome.hits) <= max(limit, 0)
    assert outcome.total <= 50 and len(outcome.hits) <= outcome.total
    for hit in outcome.hits:
        assert 0 <= hit.score <= 100
        assert hit.field in {"en", "zh", "zh_machine"}
        turn = TURNS[hit.turn_id - 1]
        for field, (start, end) in hit.spans.items():
            assert 0 <= start < end <= len(getattr(turn, field))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40))
def test_topic_lookup_and_suggestions_never_raise(service, name):
    service.find_topic(name)
    assert len(service.search(name).suggestions) <= 3
