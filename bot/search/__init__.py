"""Search over the interview corpus: one core for the bot's commands, inline mode and the CLI."""

from bot.search.results import Hit, SearchOutcome, Suggestion, TopicMatch
from bot.search.service import SearchService

__all__ = ["Hit", "SearchOutcome", "SearchService", "Suggestion", "TopicMatch"]
