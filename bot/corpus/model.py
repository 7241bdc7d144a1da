"""Plain data types of the corpus: interviews, topics and speaker turns.

Nothing here knows about SQLite or Telegram; ingestion builds these from `seeds/`,
storage writes them, search and rendering read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SpeakerRole = Literal["host", "guest"]
# Where a turn's displayed Chinese comes from: the edited article, the machine translation, the
# transcript itself (an interview held in Chinese), or nowhere ("none": an English-only
# interview, whose `zh` is empty; readers show its English instead).
ZhSource = Literal["article", "machine", "transcript", "none"]
# The language an interview was held in (its transcript's language).
InterviewLanguage = Literal["en", "zh-hans", "zh-hant"]


@dataclass(frozen=True, slots=True)
class Topic:
    """One section of an interview, in order."""

    key: str  # stable slug, e.g. "scaling"
    order: int  # 1-based position within the interview
    name_en: str
    name_zh: str  # Simplified Chinese
    aliases: tuple[str, ...] = ()  # extra search words, either language


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a turn's text came from: 1-based line numbers in the seed files."""

    transcript_lines: tuple[int, ...] = ()  # English lines (machine Chinese is the line after each)
    article_lines: tuple[int, ...] = ()  # lines of the article, if it covers this turn
    # Machine-Chinese lines that gave this turn text. Usually each transcript line + 1, but the
    # machine translation sometimes drops a short interjection (e.g. a trailing "yeah yeah"),
    # so a turn can have English on a line and no Chinese from the line after it.
    machine_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's uninterrupted words."""

    order: int  # 1-based position within the interview
    role: SpeakerRole  # "host" or "guest"
    speaker: str  # display name, e.g. "Ilya Sutskever" or "Craig Smith"
    topic_key: str
    # Displayed English: the reviewed edition (seeds/<slug>/edition.toml: punctuated, the
    # transcript's words kept but for listed corrections), else the transcript with the glossary
    # applied. Paragraphs joined by "\n" (the edition's own paragraphs, not the transcript lines).
    en: str
    en_verbatim: str  # the transcript's words as they are; one piece per transcript line
    # Displayed Simplified Chinese: the article's where it covers the turn, else the machine
    # Chinese with the reviewed fixes of seeds/<slug>/zh_corrections.toml.
    zh: str
    zh_source: ZhSource
    zh_machine: str  # the transcript's machine Chinese (glossary applied, no per-turn fixes)
    zh_machine_verbatim: str
    zh_article: str | None  # the article's edited translation, if it covers this turn
    source: SourceRef = field(default_factory=SourceRef)
    start: float | None = None  # seconds from the start of the recording, where the source has times
    # An interview held in Traditional Chinese: its words as written, character for character
    # what `zh` holds in Simplified (so spans in `zh` index it too); "" otherwise.
    zh_held: str = ""


@dataclass(frozen=True, slots=True)
class FeaturedExcerpt:
    """A reviewed memorable excerpt of one turn (seeds/<slug>/featured.toml), in both languages."""

    turn: int  # the turn's order within the interview
    en: tuple[int, int]  # [start, end) of the excerpt in the turn's displayed English (`Turn.en`)
    zh: tuple[int, int]  # [start, end) in the turn's displayed Simplified Chinese (`Turn.zh`)


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview and everything derived from its seed files."""

    slug: str  # directory name under seeds/, e.g. "eye-on-ai-118"
    title: str  # e.g. "Eye on AI #118"
    date: str  # ISO date of publication, e.g. "2023-03-14"
    host: str
    guest: str
    topics: tuple[Topic, ...]
    turns: tuple[Turn, ...]
    url: str = ""  # where the recording is (e.g. a YouTube watch URL); "" if unknown
    language: InterviewLanguage = "en"
    featured: tuple[FeaturedExcerpt, ...] = ()
    imported: bool = False  # made by `quotebot import` (interview.toml), not written by hand
    # Who made the edited Chinese translation (the article's byline, e.g. its publisher), "" if none.
    translation_credit: str = ""  # in the reviewed list's order; none without featured.toml
