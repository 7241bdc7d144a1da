"""What a search returns: plain frozen dataclasses the bot, inline mode and CLI render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


# How a hit matched: the query as a phrase in the turn; its words (anywhere in the turn or its
# exchange); its meaning (semantic similarity carried it over the threshold); "quote" is the
# quote checker's (a quotation found as said).
MatchKind = Literal["phrase", "words", "meaning", "quote"]


@dataclass(frozen=True)
class Hit:
    turn_id: int
    score: float  # 0–100 (fused: more); passed the relevance threshold, unless `near_only`
    field: str  # where the query matched best: "en" | "zh" | "zh_machine"
    # Best-matching span per displayed field ("en", "zh"): offsets into that field's text.
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    match: MatchKind = "words"
    # Shown for its meaning alone, after the hits the words found (SearchService.search's
    # `fill`): a list says so ("close in meaning").
    near_only: bool = False
    # The fields whose span only says where the passage nearest in meaning is: it holds none of
    # the query's words, so it is shown without bold.
    located: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    label_en: str
    label_zh: str
    query: str  # what to search (for a topic: its English name)
    kind: Literal["topic", "phrase"]
    topic_key: str | None = None  # the topic a "topic" suggestion opens
    interview_id: int | None = None  # the interview that topic is of


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    hits: list[Hit]
    total: int  # relevant hits in all pages (capped), for paging
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class TopicMatch:
    key: str
    name_en: str
    name_zh: str
    score: float
    interview_id: int | None = None  # the interview the topic is of (keys are unique only within one)
