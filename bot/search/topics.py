"""Topics by name: `/topic scaling`, `/topic 幻覺`, and the topics did-you-mean may offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz, utils

from bot.search.normalize import fold
from bot.search.query import sanitize
from bot.search.results import TopicMatch
from bot.storage.corpus import TopicRecord

MATCH_CUTOFF = 75.0  # a name this close opens the topic
SUGGEST_CUTOFF = 60.0  # a name this close (strictly) is offered as did-you-mean


@dataclass(frozen=True, slots=True)
class _Labelled:
    topic: TopicRecord
    labels: tuple[str, ...]  # folded key, names and aliases, both languages


class TopicMatcher:
    """Scores every topic's key, names and aliases against what a user typed."""

    def __init__(self, topics: Sequence[TopicRecord]) -> None:
        self._topics = [_Labelled(topic, _labels(topic)) for topic in topics]

    def find(self, name: str) -> TopicMatch | None:
        """The topic whose key, name or alias (either language or script) best matches `name`."""
        scored = self.scored(name)
        if not scored or scored[0][0] < MATCH_CUTOFF:
            return None
        score, topic = scored[0]
        return TopicMatch(topic.key, topic.name_en, topic.name_zh, score, topic.interview_id)

    def close_to(self, text: str) -> list[TopicRecord]:
        """Topics close enough to offer for `text`, best first."""
        return [topic for score, topic in self.scored(text, strict=True) if score >= SUGGEST_CUTOFF]

    def scored(self, text: str, *, strict: bool = False) -> list[tuple[float, TopicRecord]]:
        """Topics by similarity of a name or alias to `text`: WRatio for a lookup by name;
        `strict` (suggestions): whole-string or shared-words similarity, no partial matches
        ("cerebras" is not close to "exploring the brain")."""
        query = utils.default_process(fold(sanitize(text)))
        if not query:
            return []
        if strict:
            scorer = _strict_similarity
        elif len(query) < 3 and query.isascii():
            scorer = fuzz.ratio  # WRatio's partial match finds "a" or "x" inside any topic name
        else:
            scorer = fuzz.WRatio
        # Whole words typed open a long name only when one topic has them ("crisis"); a word
        # many names share ("product") is left to the similarity.
        worded = [(item, {label for label in item.labels if _has_words(query, label)}) for item in self._topics]
        holders = [item for item, labels in worded if labels]
        unique = holders[0] if len(holders) == 1 and not strict else None
        scored = [(max((_with_words(scorer(query, label)) if item is unique and label in labels
                        else scorer(query, label) for label in item.labels), default=0.0), item.topic)
                  for item, labels in worded]
        return sorted(scored, key=lambda pair: pair[0], reverse=True)


WHOLE_WORDS = 90.0  # every word typed is a word of a long name ("crisis" in "A founder's guide to crisis management")
MIN_WORD_CHARS = 4


def _has_words(query: str, label: str) -> bool:
    """Whether the query's words, none shorter than MIN_WORD_CHARS ("ai"), are all words of the label."""
    words = query.split()
    return bool(words) and min(len(word) for word in words) >= MIN_WORD_CHARS and set(words) <= set(label.split())


def _with_words(score: float) -> float:
    """`score` raised to WHOLE_WORDS: WRatio marks a short query down against a long name it is part of."""
    return max(score, WHOLE_WORDS)


def _labels(topic: TopicRecord) -> tuple[str, ...]:
    names = [topic.key.replace("-", " ").replace("_", " "), topic.name_en, topic.name_zh, *topic.aliases]
    return tuple(dict.fromkeys(utils.default_process(fold(name)) for name in names if name))


def _strict_similarity(query: str, label: str) -> float:
    return max(fuzz.ratio(query, label), fuzz.token_set_ratio(query, label))
