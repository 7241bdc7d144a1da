"""Loading `annotations.toml`, the reviewed description of one interview.

It holds the metadata, which source lines are deliberately left out (and why), the topics,
and the turns. A turn is given only by where it starts; it runs until the next turn starts.
See `seeds/README.md` for the format. Everything is checked here for shape (keys, types,
known speakers and topics); whether anchors are really found in the sources is checked
when the turns are cut (`bot.corpus.turns`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError
from bot.corpus.files import read_seed_toml
from bot.corpus.tables import Getter

ROLES = ("host", "guest")
_TOP_KEYS = {"interview", "transcript", "article", "topic", "turn"}
_TURN_KEYS = {"speaker", "topic", "line", "en", "zh", "article_line", "article", "article_only", "zh_display", "note"}


@dataclass(frozen=True, slots=True)
class Excluded:
    """Lines `first`..`last` (inclusive) of a source left out on purpose, and why."""

    first: int
    last: int
    reason: str

    @property
    def lines(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The first words of a turn and the source line they must start on."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class TopicSpec:
    key: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]
    article_heading: Anchor | None  # the article's section heading naming this topic, if any


@dataclass(frozen=True, slots=True)
class TurnSpec:
    number: int  # 1-based position among the [[turn]] tables, for error messages
    role: str
    topic: str
    en: Anchor | None  # None: the turn exists only in the article
    zh: str | None  # first words in the machine Chinese; "" = the translation dropped the start
    article: Anchor | None  # where the article's text for this turn starts, if it covers it
    note: str
    # "machine": show the machine Chinese although the article covers the turn (the article
    # condenses it); the article text stays stored and searchable.
    zh_display: str = "article"

    def where(self) -> str:
        start = f"line {self.en.line}" if self.en else f"article line {self.article.line}"  # type: ignore[union-attr]
        return f"turn {self.number} ({self.role}, {start})"


@dataclass(frozen=True, slots=True)
class Annotations:
    path: Path
    title: str
    date: str
    host: str
    guest: str
    transcript_file: str
    transcript_excluded: tuple[Excluded, ...]  # header first, then skipped lines
    article_file: str
    article_excluded: tuple[Excluded, ...]  # front matter, back matter
    article_interview: tuple[int, int]  # first and last line of the interview text
    labels: dict[str, str]  # article speaker label -> role
    mislabelled: dict[int, str]  # article line -> why its label is overridden
    topics: tuple[TopicSpec, ...]
    turns: tuple[TurnSpec, ...]


def load_annotations(path: Path) -> Annotations:
    """Read and shape-check an interview's `annotations.toml`."""
    data = read_seed_toml(path)
    get = Getter(path)
    get.only(data, _TOP_KEYS, "top level")
    interview = get.table(data, "interview", "top level")
    transcript = get.table(data, "transcript", "top level")
    article = get.table(data, "article", "top level")
    get.only(interview, {"title", "date", "host", "guest"}, "[interview]")
    get.only(transcript, {"file", "header", "skip"}, "[transcript]")
    get.only(article, {"file", "front_matter", "interview", "back_matter", "labels", "mislabelled"}, "[article]")
    topics = tuple(_topic(get, i, raw) for i, raw in enumerate(get.tables(data, "topic"), start=1))
    keys = [t.key for t in topics]
    if len(set(keys)) != len(keys):
        raise SeedError(path, f"duplicate topic keys in {keys}")
    turns = tuple(_turn(get, i, raw, set(keys)) for i, raw in enumerate(get.tables(data, "turn"), start=1))
    if not turns:
        raise SeedError(path, "no [[turn]] tables")
    labels = get.value(article, "labels", dict, "[article]")
    for label, role in labels.items():
        if role not in ROLES:
            raise SeedError(path, f"[article] labels: {label!r} maps to {role!r}, expected one of {ROLES}")
    first, last = get.line_range(article, "interview", "[article]")
    return Annotations(
        path=path,
        title=get.text(interview, "title", "[interview]"),
        date=_date(get, interview),
        host=get.text(interview, "host", "[interview]"),
        guest=get.text(interview, "guest", "[interview]"),
        transcript_file=get.text(transcript, "file", "[transcript]"),
        transcript_excluded=(_excluded(get, transcript, "header", "[transcript]"),)
        + tuple(_skip(get, raw) for raw in get.value(transcript, "skip", list, "[transcript]", default=[])),
        article_file=get.text(article, "file", "[article]"),
        article_excluded=(
            _excluded(get, article, "front_matter", "[article]"),
            _excluded(get, article, "back_matter", "[article]"),
        ),
        article_interview=(first, last),
        labels=dict(labels),
        mislabelled={
            get.positive(raw, "line", "[article] mislabelled"): get.text(raw, "reason", "[article] mislabelled")
            for raw in get.value(article, "mislabelled", list, "[article]", default=[])
        },
        topics=topics,
        turns=turns,
    )


def _date(get: Getter, interview: dict[str, Any]) -> str:
    value = interview.get("date")
    if isinstance(value, dt.date):  # a bare TOML date is fine too
        return value.isoformat()
    text = get.text(interview, "date", "[interview]")
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise SeedError(get.path, f"[interview] date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def _excluded(get: Getter, table: dict[str, Any], key: str, where: str) -> Excluded:
    """`key = { lines = [first, last], reason = "..." }`: source lines left out on purpose."""
    item = get.value(table, key, dict, where)
    first, last = get.line_range(item, "lines", f"{where} {key}")
    return Excluded(first, last, get.text(item, "reason", f"{where} {key}"))


def _skip(get: Getter, raw: Any) -> Excluded:
    where = "[transcript] skip"
    if not isinstance(raw, dict):
        raise SeedError(get.path, f"{where} entries must be tables {{ line = N, reason = \"...\" }}")
    line = get.positive(raw, "line", where)
    return Excluded(line, line, get.text(raw, "reason", where))


def _topic(get: Getter, number: int, raw: dict[str, Any]) -> TopicSpec:
    where = f"topic {number}"
    get.only(raw, {"key", "en", "zh", "aliases", "article_heading"}, where)
    aliases = get.value(raw, "aliases", list, where, default=[])
    if not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SeedError(get.path, f"{where}: aliases must be non-empty strings")
    heading = None
    if "article_heading" in raw:
        table = get.value(raw, "article_heading", dict, where)
        heading = Anchor(get.positive(table, "line", where), get.text(table, "text", where))
    return TopicSpec(get.text(raw, "key", where), get.text(raw, "en", where), get.text(raw, "zh", where),
                     tuple(aliases), heading)


def _turn(get: Getter, number: int, raw: dict[str, Any], topics: set[str]) -> TurnSpec:
    where = f"turn {number}"
    get.only(raw, _TURN_KEYS, where)
    role = get.text(raw, "speaker", where)
    if role not in ROLES:
        raise SeedError(get.path, f"{where}: speaker {role!r} is not one of {ROLES}")
    topic = get.text(raw, "topic", where)
    if topic not in topics:
        raise SeedError(get.path, f"{where}: unknown topic {topic!r}")
    article = None
    if "article" in raw or "article_line" in raw:
        article = Anchor(get.positive(raw, "article_line", where), get.text(raw, "article", where))
    note = get.value(raw, "note", str, where, default="")
    if raw.get("article_only", False) is True:
        # Explicit, so a forgotten `line` is an error rather than a silent article-only turn.
        if {"line", "en", "zh"} & set(raw) or article is None:
            raise SeedError(get.path, f"{where}: article_only turns have article/article_line and no line/en/zh")
        return TurnSpec(number, role, topic, None, None, article, note)
    en = Anchor(get.positive(raw, "line", where), get.text(raw, "en", where))
    zh = get.value(raw, "zh", str, where)
    zh_display = get.value(raw, "zh_display", str, where, default="article")
    if zh_display not in ("article", "machine") or (zh_display == "machine" and article is None):
        raise SeedError(get.path, f"{where}: zh_display = \"machine\" is for turns with `article`; nothing else is allowed")
    return TurnSpec(number, role, topic, en, zh, article, note, zh_display)
