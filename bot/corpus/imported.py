"""Interviews added by `quotebot import`: a published transcript and the `interview.toml` beside it.

The transcript is copied unchanged and read again at every load (bot.transcripts); the
annotation says what a person decides about it: the metadata, who each speaker is (name, host
or guest, the labels the file writes for them), the topics, and for every turn who speaks, its
start time and topic. Its `line` and `words` say which of the source's turns an entry is; they
are checked against the source, so a changed source or a list edited out of step is refused
(`SeedError`, `file:line: …`) instead of shifting every turn. Format: seeds/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus.errors import SeedError
from bot.corpus.files import TomlTables, read_seed_toml_tables
from bot.corpus.model import Interview, SourceRef, Topic, Turn
from bot.corpus.tables import Getter
from bot.transcripts import ParsedTranscript, ParsedTurn, SpeakerMap, TranscriptError, read_transcript

INTERVIEW_FILE = "interview.toml"
LANGUAGES = ("en", "zh-hans", "zh-hant")
ROLES = ("host", "guest")
# Topic keys travel in button data (bot.keyboards: `[a-z0-9_-]{1,32}`).
TOPIC_KEY = re.compile(r"[a-z0-9_-]{1,32}")
_WORDS = 8  # how many first words identify a turn: enough to be unique, short enough to read
_WORDS_CHARS = 60  # and at most this many characters (Chinese has no spaces between words)
_TOP_KEYS = {"interview", "source", "speaker", "topic", "turn"}


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    id: str  # what turns name the speaker by
    name: str  # as shown
    role: str  # "host" or "guest"
    labels: tuple[str, ...]  # the labels the source writes for this speaker


@dataclass(frozen=True, slots=True)
class TopicEntry:
    key: str
    en: str
    zh: str = ""  # "" shows the English name to Chinese readers too
    start: float | None = None  # where its chapter starts, for the reader of the file


@dataclass(frozen=True, slots=True)
class TurnEntry:
    speaker: str  # a SpeakerEntry id
    topic: str
    start: float | None
    line: int | None  # where the turn starts in the source, for formats with lines
    words: str  # the turn's first words in the source


@dataclass(frozen=True, slots=True)
class ImportedAnnotation:
    title: str
    date: str  # ISO date, or "" if unknown
    url: str
    language: str
    source_file: str
    source_format: str
    chapters_file: str  # "" when the topics did not come from a chapters file
    speakers: tuple[SpeakerEntry, ...]
    topics: tuple[TopicEntry, ...]
    turns: tuple[TurnEntry, ...]

    def speaker_map(self) -> SpeakerMap:
        """Every label to its speaker id: the source then splits into exactly the listed turns."""
        return SpeakerMap({label: speaker.id for speaker in self.speakers for label in speaker.labels})


def first_words(text: str) -> str:
    words = " ".join(text.split()[:_WORDS])
    return words[:_WORDS_CHARS].rstrip()


def load_imported(directory: Path) -> Interview:
    """The interview in `directory` (its name is the slug), checked against its source."""
    path = directory / INTERVIEW_FILE
    tables = read_seed_toml_tables(path, "turn")
    annotation = read_annotation(path, tables)
    source = _source_path(path, directory, annotation.source_file)
    try:
        parsed = read_transcript(source, annotation.speaker_map())
    except TranscriptError as error:
        raise SeedError(source, error.reason, error.line) from None
    _check_turns(path, tables, annotation, parsed)
    return _interview(directory.name, annotation, parsed)


def read_annotation(path: Path, tables: TomlTables) -> ImportedAnnotation:
    """Shape-check `interview.toml` (keys, types, known speakers and topics)."""
    data, get = tables.data, Getter(path)
    get.only(data, _TOP_KEYS, "top level")
    interview = get.table(data, "interview", "top level")
    source = get.table(data, "source", "top level")
    get.only(interview, {"title", "date", "url", "language"}, "[interview]")
    get.only(source, {"file", "format", "chapters"}, "[source]")
    speakers = tuple(_speaker(get, n, raw) for n, raw in enumerate(get.tables(data, "speaker"), 1))
    topics = tuple(_topic(get, n, raw) for n, raw in enumerate(get.tables(data, "topic"), 1))
    _check_unique(path, "speaker id", [s.id for s in speakers])
    # A label is one speaker's (its spellings differ only in case or spacing: "LENNY", "Lenny").
    _check_unique(path, "speaker label", [key for s in speakers for key in {_label_key(x) for x in s.labels}])
    _check_unique(path, "topic key", [t.key for t in topics])
    if not topics:
        raise SeedError(path, "no [[topic]] tables: an interview has at least one topic")
    turns: list[TurnEntry] = []
    for index, raw in enumerate(get.tables(data, "turn")):
        previous = turns[-1].topic if turns else topics[0].key
        turns.append(_turn(get.at(tables.line_of(index)), index + 1, raw, {s.id for s in speakers},
                           [t.key for t in topics], previous))
    if not turns:
        raise SeedError(path, "no [[turn]] tables")
    _check_topic_order(path, tables, topics, turns)
    language = get.value(interview, "language", str, "[interview]", default="en")
    if language not in LANGUAGES:
        raise SeedError(path, f"[interview] language {language!r} is not one of {LANGUAGES}")
    return ImportedAnnotation(
        title=get.text(interview, "title", "[interview]"),
        date=_date(get, interview),
        url=get.value(interview, "url", str, "[interview]", default=""),
        language=language,
        source_file=get.text(source, "file", "[source]"),
        source_format=get.value(source, "format", str, "[source]", default=""),
        chapters_file=get.value(source, "chapters", str, "[source]", default=""),
        speakers=speakers,
        topics=topics,
        turns=tuple(turns),
    )


def _speaker(get: Getter, number: int, raw: dict[str, Any]) -> SpeakerEntry:
    where = f"speaker {number}"
    get.only(raw, {"id", "name", "role", "labels"}, where)
    role = get.text(raw, "role", where)
    if role not in ROLES:
        raise get.fail(f"{where}: role {role!r} is not one of {ROLES}")
    labels = get.value(raw, "labels", list, where)
    if not labels or not all(isinstance(label, str) and label.strip() for label in labels):
        raise get.fail(f"{where}: labels must be the non-empty labels the source writes for this speaker")
    return SpeakerEntry(get.text(raw, "id", where), get.text(raw, "name", where), role, tuple(labels))


def _topic(get: Getter, number: int, raw: dict[str, Any]) -> TopicEntry:
    where = f"topic {number}"
    get.only(raw, {"key", "en", "zh", "start"}, where)
    key = get.text(raw, "key", where)
    if not TOPIC_KEY.fullmatch(key):
        raise get.fail(f"{where}: key {key!r} must be 1-32 of a-z, 0-9, '_' and '-'")
    return TopicEntry(key, get.text(raw, "en", where), get.value(raw, "zh", str, where, default=""),
                      _seconds(get, raw, where))


def _turn(get: Getter, number: int, raw: dict[str, Any], speakers: set[str], topics: list[str],
          previous: str) -> TurnEntry:
    """A turn without `topic` is in the topic of the turn before (the first one in the first topic)."""
    where = f"turn {number}"
    get.only(raw, {"speaker", "topic", "start", "line", "words"}, where)
    speaker = get.text(raw, "speaker", where)
    if speaker not in speakers:
        raise get.fail(f"{where}: speaker {speaker!r} is not the id of a [[speaker]]")
    topic = get.value(raw, "topic", str, where, default=previous)
    if topic not in topics:
        raise get.fail(f"{where}: unknown topic {topic!r}")
    line = get.positive(raw, "line", where) if "line" in raw else None
    return TurnEntry(speaker, topic, _seconds(get, raw, where), line, get.text(raw, "words", where))


def _seconds(get: Getter, raw: dict[str, Any], where: str) -> float | None:
    if "start" not in raw:
        return None
    value = raw["start"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise get.fail(f"{where}: 'start' must be seconds >= 0")
    return float(value)


def _date(get: Getter, interview: dict[str, Any]) -> str:
    value = interview.get("date", "")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = get.value(interview, "date", str, "[interview]", default="")
    try:
        return dt.date.fromisoformat(text).isoformat() if text else ""
    except ValueError:
        raise get.fail(f"[interview] date {text!r} is not an ISO date (YYYY-MM-DD) or \"\"") from None


def _label_key(label: str) -> str:
    return " ".join(label.casefold().split())


def _check_unique(path: Path, what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise SeedError(path, f"{what} {value!r} is listed twice")
        seen.add(value)


def _check_topic_order(path: Path, tables: TomlTables, topics: tuple[TopicEntry, ...],
                       turns: tuple[TurnEntry, ...]) -> None:
    """Turns visit the topics in their listed order, and every topic has a turn."""
    order = {topic.key: index for index, topic in enumerate(topics)}
    current = 0
    for index, turn in enumerate(turns):
        if order[turn.topic] < current:
            raise SeedError(path, f"turn {index + 1}: topic {turn.topic!r} comes before the previous turn's",
                            tables.line_of(index))
        current = order[turn.topic]
    unused = [topic.key for topic in topics if topic.key not in {turn.topic for turn in turns}]
    if unused:
        raise SeedError(path, f"topic {unused[0]!r} has no turn")


def _source_path(path: Path, directory: Path, name: str) -> Path:
    if Path(name).name != name or name == INTERVIEW_FILE:
        raise SeedError(path, f"[source] file {name!r} must be a plain file name in {directory}")
    return directory / name


def _check_turns(path: Path, tables: TomlTables, annotation: ImportedAnnotation, parsed: ParsedTranscript) -> None:
    """Entry i is the source's turn i: same line, same first words."""
    redo = f"re-run `quotebot import {annotation.source_file} --replace` if the source was meant to change"
    known = {_label_key(label) for speaker in annotation.speakers for label in speaker.labels}
    unknown = [label for label in parsed.labels if _label_key(label) not in known]
    if unknown:
        raise SeedError(path, f"the source's speaker label {unknown[0]!r} is in no [[speaker]]'s labels "
                              f"(list it there, or {redo})")
    for index, (entry, turn) in enumerate(zip(annotation.turns, parsed.turns)):
        found = first_words(turn.text)
        if entry.words != found or (entry.line is not None and entry.line != turn.line):
            at = f"{annotation.source_file}:{turn.line}" if turn.line else annotation.source_file
            raise SeedError(path, f"turn {index + 1}: the source's turn {index + 1} ({at}) starts {found!r}, "
                                  f"not {entry.words!r}; {redo}", tables.line_of(index))
    if len(annotation.turns) != len(parsed.turns):
        raise SeedError(path, f"{len(annotation.turns)} [[turn]] tables, but the source has {len(parsed.turns)} "
                              f"turns; {redo}")


def _interview(slug: str, annotation: ImportedAnnotation, parsed: ParsedTranscript) -> Interview:
    speakers = {speaker.id: speaker for speaker in annotation.speakers}
    turns = tuple(
        _turn_of(order, entry, turn, speakers[entry.speaker], annotation.language)
        for order, (entry, turn) in enumerate(zip(annotation.turns, parsed.turns), start=1)
    )
    topics = tuple(Topic(key=t.key, order=i, name_en=t.en, name_zh=t.zh or t.en)
                   for i, t in enumerate(annotation.topics, start=1))
    return Interview(
        slug=slug,
        title=annotation.title,
        date=annotation.date,
        host=_names(annotation, "host"),
        guest=_names(annotation, "guest"),
        topics=topics,
        turns=turns,
        url=annotation.url,
        language=annotation.language,  # type: ignore[arg-type]
        imported=True,
    )


def _names(annotation: ImportedAnnotation, role: str) -> str:
    return " & ".join(speaker.name for speaker in annotation.speakers if speaker.role == role)


def _turn_of(order: int, entry: TurnEntry, turn: ParsedTurn, speaker: SpeakerEntry, language: str) -> Turn:
    """English is shown as written and has no Chinese; Chinese is stored Simplified (as all `zh` is),
    and Traditional also as written (`zh_held`)."""
    lines = SourceRef(transcript_lines=(turn.line,) if turn.line else ())
    zh_held = ""
    if language == "en":
        en, zh, zh_source = turn.text, "", "none"
    elif language == "zh-hant":
        en, zh_source = "", "transcript"
        zh, zh_held = _simplified(turn.text)
    else:
        en, zh, zh_source = "", turn.text, "transcript"
    return Turn(order=order, role=speaker.role, speaker=speaker.name, topic_key=entry.topic,  # type: ignore[arg-type]
                en=en, en_verbatim=en, zh=zh, zh_source=zh_source, zh_machine="",  # type: ignore[arg-type]
                zh_machine_verbatim="", zh_article=None, source=lines, start=entry.start, zh_held=zh_held)


def _simplified(text: str) -> tuple[str, str]:
    """(Simplified, as held): characters only (資料 → 资料, not 数据: a Simplified reader reads the
    speaker's words), one for one, so that the text as held is kept beside it; where the
    conversion would change the length (offsets would not carry over), no text as held."""
    from bot.chinese import to_simplified_chars  # OpenCC only for interviews held in Traditional

    simplified = to_simplified_chars(text)
    return simplified, (text if len(simplified) == len(text) else "")
