"""Featured excerpts, one reader at a time: 🔀 Another shows each once before any comes again.

Every reader (a Telegram user, whichever chat they ask in) walks the reviewed featured list
(seeds/<slug>/featured.toml, bot.corpus.featured) in an order shuffled for them. Where they
are is kept in memory only, as a seed and a position (the order is rebuilt from the seed), in
an LRU bounded in bytes (bot.memory): a reader forgotten (evicted, or after a restart) starts a
new shuffled round, and the first excerpt of any round is never the one on their screen.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from cachetools import LRUCache

from bot import memory
from bot.language import Language
from bot.storage.corpus import FeaturedRecord
from bot.text import Anchor

SEED_BITS = 32
_SEED_TRIES = 16  # a new round's seed is drawn again while its first excerpt is one to avoid


@dataclass(frozen=True, slots=True)
class _Round:
    seed: int  # the shuffle of this round
    position: int  # how many of its excerpts the reader has been shown
    count: int  # how many excerpts there were when it began (the list changed: a new round)


class FeaturedCycles:
    """Per reader, the index of the next featured excerpt to show in their shuffled round."""

    def __init__(self, memory_bytes: int = memory.FEATURED_CYCLES_BYTES, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self._rounds: LRUCache[int, _Round] = LRUCache(
            maxsize=memory_bytes, getsizeof=memory.entry_size(memory.INT_KEY_ALLOWANCE))

    def next(self, reader: int, count: int, *, avoid: frozenset[int] = frozenset()) -> int:
        """The next of `count` excerpts (0 ≤ index < count) for `reader`; once all were shown, a new
        round. `avoid`: indices a new round must not start with (those of the quote on screen)."""
        if count <= 0:
            raise ValueError("no featured excerpts")
        current = self._rounds.get(reader)
        if current is None or current.count != count or current.position >= count:
            last = _order(current.seed, current.count)[current.position - 1] if current and current.position else None
            current = _Round(self._new_seed(count, avoid | ({last} if last is not None else set())), 0, count)
        index = _order(current.seed, count)[current.position]
        memory.keep(self._rounds, reader, _Round(current.seed, current.position + 1, count))
        return index

    def starts_again(self, reader: int, count: int) -> bool:
        """Whether `reader`'s next excerpt begins a new round because they saw every one of the
        `count` (not because they are new, forgotten, or the list changed): worth telling them."""
        current = self._rounds.get(reader)
        return current is not None and current.count == count and current.position >= count

    def _new_seed(self, count: int, avoid: frozenset[int] | set[int]) -> int:
        """A round whose first excerpt is not in `avoid` (when `count` allows one)."""
        seed = self._rng.getrandbits(SEED_BITS)
        for _ in range(_SEED_TRIES):
            if _order(seed, count)[0] not in avoid:
                break
            seed = self._rng.getrandbits(SEED_BITS)
        return seed


def _order(seed: int, count: int) -> list[int]:
    """The round's order: 0..count-1 shuffled by `seed`, the same every time."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def featured_anchor(excerpt: FeaturedRecord, text_language: Language, *, both: bool = False) -> Anchor:
    """Where the excerpt sits in the text a reader sees: the reviewed English for an English
    reader (and for "EN + 中文", which shows the English first), else the reviewed Chinese."""
    if text_language == "en" or both:
        return Anchor("en", excerpt.en)
    return Anchor("zh", excerpt.zh)


def distinct(excerpts: Sequence[FeaturedRecord], shown: Callable[[FeaturedRecord], Hashable]) -> list[FeaturedRecord]:
    """The excerpts less those that show a reader what an earlier one shows (`shown`: what the
    reader sees of one): two English excerpts in one long sentence of the Chinese article are
    one passage to a Chinese reader."""
    seen: set[Hashable] = set()
    kept = []
    for excerpt in excerpts:
        key = shown(excerpt)
        if key not in seen:
            seen.add(key)
            kept.append(excerpt)
    return kept


def indices_in_turn(excerpts: Sequence[FeaturedRecord], turn_id: int | None) -> frozenset[int]:
    """The positions of the excerpts taken from `turn_id` (the quote on screen)."""
    return frozenset(i for i, excerpt in enumerate(excerpts) if excerpt.turn_id == turn_id)
