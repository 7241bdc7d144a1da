"""The caches are bounded in bytes: filled with ten times their budget, they hold no more than it.

Each test gives a cache a small budget, fills it with entries that are as large as they get
(long queries in 4-byte characters, long turns), and measures with tracemalloc what stays
allocated once the cache is full: the cache's own structures and every entry it kept.
"""

import gc
import random
import tracemalloc

import pytest
from cachetools import LRUCache

from bot import memory
from bot.search.results import Hit, SearchOutcome, Suggestion
from bot.sessions import SearchSessions
from bot.storage.corpus import CorpusStore, TurnRecord
from bot.storage.preferences import PreferenceStore
from bot.text import MAX_QUERY_CHARS

BUDGET = 512 * 1024
_rng = random.Random(7)


_CHINESE = "".join(_rng.choice("的是不了人我在有他这为之大来以个中上们") for _ in range(10_000))
_ENGLISH = "".join(_rng.choice("abcdefgh ") for _ in range(10_000))
_EMOJI = "".join(_rng.choice("\U0001F600\U0001F601\U0001F602") for _ in range(10_000))


def _text(chars: int, alphabet: str = _CHINESE) -> str:
    """A new string object (a slice) of `chars` characters."""
    start = _rng.randint(0, len(alphabet) - chars)
    return alphabet[start:start + chars]


def _turn(turn_id: int) -> TurnRecord:
    return TurnRecord(turn_id, turn_id, "guest", "Ilya Sutskever", _text(_rng.randint(200, 3000), _ENGLISH),
                      _text(_rng.randint(100, 1500)), "article", "scaling", "Scaling", "规模", 1, "Eye on AI", "2023")


def _outcome(query: str) -> SearchOutcome:
    hits = [Hit(_rng.randint(1, 10**6), 50.0 + i, "en", {"en": (i, i + 9), "zh": (i, i + 4)}) for i in range(5)]
    suggestions = [Suggestion(_text(20), _text(10), _text(30), "topic", "scaling") for _ in range(3)]
    return SearchOutcome(query, hits, 50, suggestions)


def retained(fill) -> int:
    """Bytes still allocated after `fill()` built and filled a cache (which it returns, so it stays alive)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cache = fill()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert cache is not None
    return after - before


def _check(cache, measured: int) -> None:
    assert cache.currsize <= cache.maxsize
    assert cache.currsize >= 0.9 * cache.maxsize  # full: the bound was what stopped it
    assert measured <= cache.maxsize, f"{measured} bytes held against a budget of {cache.maxsize}"
    print(f"{len(cache)} entries, {measured} bytes held, budget {cache.maxsize} ({measured / cache.maxsize:.0%})")


def test_turn_records(monkeypatch, tmp_path):
    monkeypatch.setattr(memory, "TURN_RECORDS_BYTES", BUDGET)
    store = CorpusStore(tmp_path / "unused.sqlite3")

    def fill():
        for turn_id in range(1, 2000):
            memory.keep(store._records, turn_id, _turn(turn_id))
        return store._records

    _check(store._records, retained(fill))


def test_search_sessions():
    sessions = SearchSessions(None, memory_bytes=BUDGET)

    def fill():
        for owner in range(5000):
            sessions.create(owner, _text(MAX_QUERY_CHARS, _EMOJI), "guest")
        return sessions._sessions

    _check(sessions._sessions, retained(fill))


async def test_language_choices():
    store = PreferenceStore(None, user_bytes=BUDGET)
    await store.initialize()
    # set_user_language also queues a write (none here: no database); memory is what is measured.
    users = iter(range(10**9, 10**9 + 20_000))

    def fill():
        for user in users:
            store._remember(store._users, user, "zh-hant")
        return store._users

    _check(store._users, retained(fill))


@pytest.mark.parametrize("kind", ["search", "topic"])
def test_search_results(kind):
    cache = memory.search_cache(BUDGET // memory.SEARCH_ENTRY_BYTES)

    def fill():
        for i in range(1000):
            query = _text(MAX_QUERY_CHARS - 6, _EMOJI) + str(i)
            if kind == "search":
                cache[("search", query, "any", None, 5, 0)] = _outcome(query)
            else:  # a long name whose match is small: the key is most of the entry
                cache[("topic", query)] = None
        return cache

    _check(cache, retained(fill))


def test_a_value_larger_than_the_whole_budget_is_not_kept_and_raises_nothing():
    cache = LRUCache(maxsize=64 * 1024, getsizeof=memory.entry_size())  # as the corpus store's, smaller
    memory.keep(cache, "huge", [str(i) * 10 for i in range(30_000)])  # about 2 MiB
    memory.keep(cache, "small", "x")
    assert list(cache) == ["small"]


def test_the_search_cache_holds_at_most_search_cache_size_entries():
    cache = memory.search_cache(3)
    for i in range(10):
        cache[("topic", str(i))] = None  # tiny entries: each is still charged a full slot
    assert len(cache) == 3


def test_a_search_larger_than_the_whole_cache_is_kept_alone_rather_than_refused():
    cache = memory.search_cache(1)
    cache["small"] = None
    cache["huge"] = [str(i) * 10 for i in range(1000)]  # the search service stores without asking
    assert list(cache) == ["huge"]
