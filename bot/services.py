"""Everything a handler needs, created once at start-up and kept in `application.bot_data`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import Settings
from bot.search import SearchService
from bot.search.index import build_index
from bot.sessions import SearchSessions
from bot.storage.corpus import CorpusStore
from bot.storage.ingest import ingest
from bot.storage.preferences import PreferenceStore
from bot.storage.search_sessions import SessionStore

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    corpus: CorpusStore
    search: SearchService
    preferences: PreferenceStore
    sessions: SearchSessions

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        path = settings.database_path
        corpus = CorpusStore(path)
        return cls(settings, corpus, SearchService(path, corpus, cache_size=settings.search_cache_size),
                   PreferenceStore(path), SearchSessions(SessionStore(path)))

    async def initialize(self) -> None:
        """Build the database from seeds if missing or stale, then open every store."""
        report = ingest(self.settings.database_path, self.settings.seeds_dir, build_index=build_index)
        if report.changed:
            log.info("built the corpus from %s: %d turns", self.settings.seeds_dir, report.turns)
        self.corpus.initialize()
        await self.search.initialize()
        await self.preferences.initialize()
        await self.sessions.initialize()

    async def shutdown(self) -> None:
        await self.sessions.shutdown()
        await self.preferences.shutdown()
        await self.search.shutdown()
        self.corpus.shutdown()
