"""Everything a handler needs, created once at start-up and kept in `application.bot_data`."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.answered import AnsweredQueries
from bot.config import Settings
from bot.featured import FeaturedCycles
from bot.search import SearchService
from bot.search.index import SearchTables
from bot.search.quote_check import QuoteChecker
from bot.sessions import SearchSessions
from bot.storage.corpus import CorpusStore
from bot.storage.preferences import PreferenceStore
from bot.storage.search_sessions import SessionStore
from bot.storage.startup import StorageLayout, prepare_storage

log = logging.getLogger(__name__)
BACKFILL_STOP_SECONDS = 15.0  # a batch takes about 3.5 s of one core


def _log_backfill_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("passage vectors: the background build stopped (the next start goes on): %r", task.exception())


@dataclass
class Services:
    settings: Settings
    corpus: CorpusStore
    search: SearchService
    preferences: PreferenceStore
    sessions: SearchSessions
    # Built from `corpus` (it reads the turns on its first check), so callers need not make one.
    quotes: QuoteChecker = None  # type: ignore[assignment]
    # Embeds the passages ingest left without a vector (a large library), while the bot answers.
    backfill: asyncio.Task | None = field(default=None, repr=False)
    _backfill_job: object = field(default=None, repr=False)
    # In memory only: which reply answered which query (for edits), where each reader is in the
    # featured excerpts (bot.answered, bot.featured).
    answered: AnsweredQueries = field(default_factory=AnsweredQueries)
    featured: FeaturedCycles = field(default_factory=FeaturedCycles)

    def __post_init__(self) -> None:
        if self.quotes is None:
            self.quotes = QuoteChecker(self.corpus, self.search.chinese_word)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        return cls.placed(settings, StorageLayout.at(settings.database_path))

    @classmethod
    def placed(cls, settings: Settings, layout: StorageLayout) -> "Services":
        """The stores opened where `layout` says (bot.storage.startup: elsewhere when the disk is in trouble)."""
        corpus = CorpusStore(layout.corpus)
        state = SessionStore(layout.state, writable=layout.writable) if layout.state is not None else None
        return cls(settings, corpus, SearchService(layout.corpus, corpus, cache_size=settings.search_cache_size),
                   PreferenceStore(layout.state, writable=layout.writable),
                   SearchSessions(state, saving=layout.writable))

    async def initialize(self) -> None:
        """Build the database from seeds if missing or stale, then open every store.

        A damaged, read-only or full database does not stop the start (bot.storage.startup).
        """
        tables = SearchTables(self.settings.semantic_search, self.settings.embedding_cache())
        layout = prepare_storage(self.settings.database_path, self.settings.seeds_dir, build_index=tables)
        if layout.rebuilt:
            log.info("built the corpus from %s: %d turns", self.settings.seeds_dir, layout.turns)
        if layout.placement != StorageLayout.at(self.settings.database_path).placement:
            vars(self).update(vars(Services.placed(self.settings, layout)))  # nothing is open yet
        self.corpus.initialize()
        await self.search.initialize()
        await self.preferences.initialize()
        await self.sessions.initialize()
        self._start_backfill(layout)

    def _start_backfill(self, layout: StorageLayout) -> None:
        if not self.search.has_semantic_index or not layout.writable or layout.corpus != self.settings.database_path:
            return  # lexical, or a stand-in database elsewhere (bot.storage.startup): nothing to add to
        from bot.search.backfill import VectorBackfill

        self._backfill_job = job = VectorBackfill(layout.corpus, cache_path=self.settings.embedding_cache(), index=self.search)
        self.backfill = asyncio.get_running_loop().create_task(job.run(), name="vector backfill")
        self.backfill.add_done_callback(_log_backfill_failure)

    async def shutdown(self) -> None:
        if self.backfill is not None:
            # Let the batch in progress finish and commit (its thread cannot be cancelled), so no
            # write outlives the stores closed below.
            self._backfill_job.stop()  # type: ignore[attr-defined]
            await asyncio.wait({self.backfill}, timeout=BACKFILL_STOP_SECONDS)
            self.backfill.cancel()
        # The read-only connections first: the last to close, a writer, checkpoints the WAL into
        # the database file and removes it, so a clean stop leaves one file (to copy, to back up).
        await self.search.shutdown()
        self.corpus.shutdown()
        await self.sessions.shutdown()
        await self.preferences.shutdown()
