"""Searches remembered for their page buttons: a query never fits in 64 bytes of callback data."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SearchSession:
    owner: int
    query: str
    speaker: str  # "any", "guest" or "host"


class SearchSessions:
    """The most recent searches, in memory; an evicted or pre-restart one reads as expired."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._sessions: OrderedDict[str, SearchSession] = OrderedDict()

    def create(self, owner: int, query: str, speaker: str = "any") -> str:
        session_id = secrets.token_hex(5)
        self._sessions[session_id] = SearchSession(owner, query, speaker)
        if len(self._sessions) > self._capacity:
            self._sessions.popitem(last=False)
        return session_id

    def get(self, session_id: str) -> SearchSession | None:
        session = self._sessions.get(session_id)
        if session is not None:
            self._sessions.move_to_end(session_id)
        return session
