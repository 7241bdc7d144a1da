"""The bot's real services over a given database, opened and closed as the bot does, for
tests of bot.replies without Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.config import Settings
from bot.search import SearchService
from bot.services import Services
from bot.sessions import SearchSessions
from bot.storage.corpus import CorpusStore
from bot.storage.preferences import PreferenceStore
from bot.storage.search_sessions import SessionStore


@asynccontextmanager
async def opened_services(path: Path, settings: Settings | None = None, **search_options) -> AsyncIterator[Services]:
    """Services over the corpus at `path` (already built); `search_options` go to SearchService."""
    corpus = CorpusStore(path)
    found = Services(settings or Settings(database_path=path), corpus, SearchService(path, corpus, **search_options),
                     PreferenceStore(path), SearchSessions(SessionStore(path)))
    corpus.initialize()
    await found.search.initialize()
    await found.sessions.initialize()
    try:
        yield found
    finally:
        await found.sessions.shutdown()
        await found.search.shutdown()
        corpus.shutdown()
