"""Which reply answered which query, so that editing the query edits its reply.

A query (a /search, /quote or /topic message, or words sent in a private chat) is known by its
chat and message id; its reply by its message id in that chat. Kept in memory only, in an LRU
bounded in bytes (bot.memory): after a restart, or for a query older than the most recent ones
kept, an edit gets a new reply instead.
"""

from __future__ import annotations

from cachetools import LRUCache

from bot import memory

# The key: (chat id, message id). Chat ids reach −10¹³ (supergroups); charge the largest.
KEY_ALLOWANCE = memory.approximate_size((-(2**62), 2**62))


class AnsweredQueries:
    """(chat id, query message id) → the id of the bot's message that answers it."""

    def __init__(self, memory_bytes: int = memory.ANSWERED_BYTES) -> None:
        self._replies: LRUCache[tuple[int, int], int] = LRUCache(
            maxsize=memory_bytes, getsizeof=memory.entry_size(KEY_ALLOWANCE))

    def remember(self, chat_id: int, query_id: int, reply_id: int) -> None:
        memory.keep(self._replies, (chat_id, query_id), reply_id)

    def reply_to(self, chat_id: int, query_id: int) -> int | None:
        """The reply to that query, if it is still remembered."""
        return self._replies.get((chat_id, query_id))

    def forget(self, chat_id: int, query_id: int) -> None:
        self._replies.pop((chat_id, query_id), None)
