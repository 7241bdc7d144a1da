"""The caches' memory budgets, in bytes, and the estimate of an entry's size they are held to.

Every cache is a cachetools `LRUCache(maxsize=<budget in bytes>, getsizeof=<estimate>)`: a
bound in entries alone lets a cache of long queries grow many times past one of short ones.

| cache                                  | budget                      | holds, as estimated                  |
|----------------------------------------|-----------------------------|--------------------------------------|
| turns read (bot/storage/corpus.py)     | TURN_RECORDS_BYTES 16 MiB   | ~6,000 turns (one interview has 40)  |
| turn neighbours (same)                 | NEIGHBOURS_BYTES 1 MiB      | ~1,600 before/after links            |
| searches behind buttons (bot/sessions) | SESSIONS_BYTES 8 MiB        | ~10,000 searches (~4,500 of emoji)   |
| users' languages (storage/preferences) | USER_LANGUAGES_BYTES 32 MiB | ~55,000 users                        |
| groups' languages (same)               | CHAT_LANGUAGES_BYTES 4 MiB  | ~6,900 groups                        |
| replies, for edited queries (answered) | ANSWERED_BYTES 8 MiB        | ~12,000 recent queries               |
| readers' featured rounds (featured.py) | FEATURED_CYCLES_BYTES 4 MiB | ~6,000 readers                       |
| search results (bot/search/service.py) | SEARCH_CACHE_SIZE × 8 KiB   | ≤ 1,024 searches, ≤ 8 MiB by default |

So the caches together stay under 81 MiB with the defaults, whatever people send; with one
interview they hold a few MiB.

The estimate errs high: sys.getsizeof of the value and of everything it holds (followed
through containers, dataclass fields and slots; an object two entries share is counted in
both), plus ENTRY_OVERHEAD for the cache's own bookkeeping (cachetools keeps a dict entry
for the value, one for its size and an ordered-dict node per key) and, where keys are not
part of the value, the largest key the cache can be given. tests/test_memory_bounds.py
checks with tracemalloc that a full cache allocates no more than its budget.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from cachetools import LRUCache

from bot.text import MAX_QUERY_CHARS

MiB = 1024 * 1024
TURN_RECORDS_BYTES = 16 * MiB
NEIGHBOURS_BYTES = 1 * MiB
SESSIONS_BYTES = 8 * MiB  # an LRU over the saved searches: an evicted one is read back when pressed
USER_LANGUAGES_BYTES = 32 * MiB
CHAT_LANGUAGES_BYTES = 4 * MiB
ANSWERED_BYTES = 8 * MiB  # which reply answered which query: an edited query older than these gets a new reply
FEATURED_CYCLES_BYTES = 4 * MiB  # where each reader is in the featured excerpts: a forgotten one starts afresh
SEARCH_ENTRY_BYTES = 8 * 1024  # SEARCH_CACHE_SIZE counts typical searches: the budget is that many of these

# Per entry, cachetools' two dicts and ordered dict (and the int it stores the size in), measured
# with tracemalloc at up to 425 bytes once the cache is full and churning (dict tables half
# empty after a resize). Each cache's estimate adds the key's own size.
ENTRY_OVERHEAD = 512
_ATOMS = (int, float, bool, type(None), str, bytes)


def approximate_size(obj: Any) -> int:
    """Bytes `obj` holds: its own and those of every object reachable through containers and fields."""
    seen: set[int] = set()
    stack = [obj]
    total = 0
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, _ATOMS):
            continue
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        else:
            stack.extend(_fields(item))
    return total


def _fields(obj: Any) -> list[Any]:
    values = []
    if hasattr(obj, "__dict__"):
        values.append(vars(obj))
    for cls in type(obj).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if hasattr(obj, name):
                values.append(getattr(obj, name))
    return values


def entry_size(key_allowance: int = 0) -> Callable[[Any], int]:
    """A cache's `getsizeof`: the value's estimate, the bookkeeping, and `key_allowance` for a key not in it."""
    fixed = ENTRY_OVERHEAD + key_allowance

    def getsizeof(value: Any) -> int:
        return fixed + approximate_size(value)

    return getsizeof


# The largest key of the search cache: ("search", query, speaker, topic key, limit, offset), the
# query at its longest in 4-byte characters (emoji). A search's query is in its value too, a topic
# name is not: every entry is charged the worst.
SEARCH_KEY_ALLOWANCE = approximate_size(("search", "\U0001F600" * MAX_QUERY_CHARS, "guest", "k" * 64, 10**6, 10**6))
INT_KEY_ALLOWANCE = sys.getsizeof(2**62)


def search_cache(cache_size: int) -> LRUCache | None:
    """The search service's memo of outcomes and topic matches; None (off) for SEARCH_CACHE_SIZE=0.

    Its budget is SEARCH_CACHE_SIZE × SEARCH_ENTRY_BYTES and each entry is charged at least
    SEARCH_ENTRY_BYTES, so it holds at most SEARCH_CACHE_SIZE entries (the setting keeps its
    meaning) and at most its budget in bytes (a large outcome takes the room of several). An
    entry larger than the whole budget, possible only with a tiny SEARCH_CACHE_SIZE, is charged
    the whole budget and stays alone: cachetools would raise on it, and the search service
    stores without asking.
    """
    if cache_size <= 0:
        return None
    budget = cache_size * SEARCH_ENTRY_BYTES

    def charge(value: Any) -> int:
        return min(budget, max(SEARCH_ENTRY_BYTES, search_entry_size(value)))

    return LRUCache(maxsize=budget, getsizeof=charge)


def keep(cache: Any, key: Any, value: Any) -> None:
    """`cache[key] = value`, unless the value alone is larger than the cache's budget: then not kept."""
    try:
        cache[key] = value
    except ValueError:  # cachetools: "value too large", raised before the cache changes
        pass


search_entry_size = entry_size(SEARCH_KEY_ALLOWANCE)
