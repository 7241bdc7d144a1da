"""`quotebot import`: a published transcript -> a new interview folder under SEEDS_DIR.

`plan_import` reads the file (bot.transcripts) and decides everything a person would otherwise
write by hand: the slug, title, date, URL and language (options first, then the file's front
matter, then the file name), who is host and who guest, the topics (from chapters, else one
for the whole interview). `stage` writes each folder into a temporary directory inside SEEDS_DIR
and loads it back as ingest will; `commit` then renames it into place. So a refused or broken
import, or one stopped halfway, leaves no partial interview: at worst a `.import-*` directory,
which nothing reads. Every refusal is a `TranscriptError` (`file[:line]: what is wrong`).
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.errors import SeedError
from bot.corpus.import_toml import render_annotation
from bot.corpus.imported import (
    INTERVIEW_FILE,
    ImportedAnnotation,
    SpeakerEntry,
    TopicEntry,
    TurnEntry,
    first_words,
    load_imported,
)
from bot.transcripts import Chapter, ParsedTranscript, TranscriptError, read_chapters, read_transcript
from bot.transcripts.speakers import suggest_speaker_map

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_CHARS = 48  # a directory name one can type; titles are cut at a word
_TOPIC_KEY_CHARS = 32  # bot.keyboards carries topic keys in button data
_DATE_KEYS = ("publish_date", "date", "published")
_URL_KEYS = ("youtube_url", "url", "link")
_STAGING_PREFIX = ".import-"


@dataclass(frozen=True)
class ImportOptions:
    slug: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    hosts: tuple[str, ...] = ()
    speakers: Mapping[str, str] = field(default_factory=dict)  # label as written -> name
    language: str | None = None
    chapters: Path | None = None


@dataclass(frozen=True)
class PlannedImport:
    source: Path
    slug: str
    annotation: ImportedAnnotation
    files: tuple[tuple[str, Path], ...]  # (name in the folder, file copied there)
    slug_given: bool  # --slug: never renamed to avoid a clash in a batch
    roles_guessed: str  # how host and guest were told apart when --host did not say; "" if it did
    notes: tuple[str, ...] = ()

    def turn_counts(self) -> Counter[str]:
        return Counter(turn.speaker for turn in self.annotation.turns)


@dataclass(frozen=True)
class Staged:
    plan: PlannedImport
    directory: Path  # the temporary directory holding the finished folder


def plan_import(path: Path, options: ImportOptions) -> PlannedImport:
    parsed = read_transcript(path, options.speakers)
    source = str(path)
    title = _one_line(options.title) or _metadata_text(parsed, "title") or path.stem
    slug = options.slug if options.slug is not None else slugify(title) or slugify(path.stem)
    if not SLUG.fullmatch(slug or "") or len(slug) > 64:
        raise TranscriptError(source, f"cannot use {slug!r} as a slug: give --slug with a-z, 0-9 and '-'")
    chapters = read_chapters(options.chapters) if options.chapters else ()
    speakers, guessed = _speakers(parsed, options.hosts)
    topics, turn_topics = _topics(parsed, chapters, slug, title)
    ids = {speaker.name: speaker.id for speaker in speakers}
    annotation = ImportedAnnotation(
        title=title,
        date=_date(options.date, parsed),
        url=options.url or _metadata_url(parsed),
        language=options.language or _language(parsed),
        source_file=path.name,
        source_format=parsed.format,
        chapters_file=options.chapters.name if options.chapters else "",
        speakers=speakers,
        topics=topics,
        turns=tuple(TurnEntry(ids[t.speaker], topic, t.start_seconds, t.line, first_words(t.text))
                    for t, topic in zip(parsed.turns, turn_topics)),
    )
    notes = _notes(parsed, options.hosts, speakers)
    if title == path.stem and not _one_line(options.title):  # the file had no title of its own
        notes += (f"no title in the file: its name {title!r} is the interview's title; give --title",)
    return PlannedImport(path, slug, annotation, _files(path, options.chapters), options.slug is not None,
                         guessed, notes)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text)).strip("-")
    if len(slug) > _SLUG_CHARS:
        slug = slug[: _SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def unique_slugs(plans: Sequence[PlannedImport]) -> list[PlannedImport]:
    """Two files of one batch whose titles make one slug: the later ones get -2, -3, … (in order given)."""
    taken = Counter(plan.slug for plan in plans if plan.slug_given)
    result = []
    for plan in plans:
        slug, number = plan.slug, 1
        if not plan.slug_given:
            while taken[slug]:
                number += 1
                slug = f"{plan.slug}-{number}"
            taken[slug] += 1
        elif taken[slug] > 1:
            raise TranscriptError(plan.source, f"--slug {slug!r} is given to two files")
        result.append(plan if slug == plan.slug else _renamed(plan, slug))
    return result


def check_target(plan: PlannedImport, seeds_dir: Path, *, replace: bool) -> None:
    """Refuse to overwrite an interview unless asked to, and never a hand-written one."""
    target = seeds_dir / plan.slug
    if not target.exists():
        return
    if not replace:
        raise TranscriptError(plan.source, f"interview {plan.slug!r} already exists in {seeds_dir}; "
                                           "pass --replace to import it again, or --slug to choose another slug")
    if not (target / INTERVIEW_FILE).is_file():
        raise TranscriptError(plan.source, f"{target} is not an imported interview (it has no {INTERVIEW_FILE}); "
                                           "--replace only replaces those: choose another --slug")


def stage(plans: Sequence[PlannedImport], seeds_dir: Path) -> list[Staged]:
    """Every folder written and loaded back in a temporary directory; all removed if one fails."""
    staged: list[Staged] = []
    try:
        for plan in plans:
            staged.append(Staged(plan, _stage_one(plan, seeds_dir)))
    except BaseException:
        discard(staged)
        raise
    return staged


def commit(staged: Staged, seeds_dir: Path) -> str:
    """Rename the staged folder into place: "added", "replaced", or "unchanged" (same bytes)."""
    target = seeds_dir / staged.plan.slug
    if not target.exists():
        staged.directory.rename(target)
        return "added"
    if _same_files(staged.directory, target):
        shutil.rmtree(staged.directory)
        return "unchanged"
    # Two renames: between them the old folder is kept under a dot name, which nothing loads.
    old = staged.directory.with_name(staged.directory.name.replace(_STAGING_PREFIX, ".replaced-", 1))
    target.rename(old)
    staged.directory.rename(target)
    shutil.rmtree(old)
    return "replaced"


def discard(staged: Sequence[Staged]) -> None:
    for item in staged:
        shutil.rmtree(item.directory, ignore_errors=True)


def _stage_one(plan: PlannedImport, seeds_dir: Path) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{plan.slug}-", dir=seeds_dir))
    try:
        for name, original in plan.files:
            shutil.copyfile(original, directory / name)
        (directory / INTERVIEW_FILE).write_bytes(render_annotation(plan.annotation).encode("utf-8"))
        load_imported(directory)  # as ingest will read it: a folder that does not load is never added
    except OSError as error:
        shutil.rmtree(directory, ignore_errors=True)
        raise TranscriptError(plan.source, f"cannot write the interview: {error.strerror or error}") from None
    except SeedError as error:
        shutil.rmtree(directory, ignore_errors=True)
        raise TranscriptError(plan.source, f"the generated annotation does not load: {error}") from None
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def _same_files(staged: Path, target: Path) -> bool:
    names = sorted(p.name for p in staged.iterdir())
    if names != sorted(p.name for p in target.iterdir()):
        return False
    return all((staged / n).is_file() and (target / n).is_file() and
               (staged / n).read_bytes() == (target / n).read_bytes() for n in names)


def _renamed(plan: PlannedImport, slug: str) -> PlannedImport:
    return PlannedImport(plan.source, slug, plan.annotation, plan.files, plan.slug_given, plan.roles_guessed,
                         plan.notes)


def _files(path: Path, chapters: Path | None) -> tuple[tuple[str, Path], ...]:
    files = [(path.name, path)] + ([(chapters.name, chapters)] if chapters else [])
    names = [name for name, _ in files]
    if INTERVIEW_FILE in names or len(set(names)) != len(names):
        raise TranscriptError(path, f"the transcript and chapters files need distinct names other than {INTERVIEW_FILE}")
    return tuple(files)


# ----------------------------------------------------------------- speakers


def _speakers(parsed: ParsedTranscript, hosts: Sequence[str]) -> tuple[tuple[SpeakerEntry, ...], str]:
    roles, guessed = _roles(parsed, hosts)
    labels: dict[str, list[str]] = {}
    for label, name in parsed.labels.items():
        labels.setdefault(name, []).append(label)
    ids: dict[str, str] = {}
    for name in parsed.speakers:
        base = slugify(name) or "speaker"
        ids[name] = next(f"{base}-{n}" if n > 1 else base for n in range(1, 1000)
                         if (f"{base}-{n}" if n > 1 else base) not in ids.values())
    entries = tuple(SpeakerEntry(ids[name], name, roles[name], tuple(labels[name])) for name in parsed.speakers)
    return entries, guessed


def _roles(parsed: ParsedTranscript, hosts: Sequence[str]) -> tuple[dict[str, str], str]:
    names = parsed.speakers
    if hosts:
        wanted = {" ".join(h.casefold().split()) for h in hosts}
        spellings = {name: {name.casefold()} | {label.casefold() for label, n in parsed.labels.items() if n == name}
                     for name in names}
        chosen = {name for name in names if spellings[name] & wanted}
        if not chosen:
            raise TranscriptError(parsed.source, f"--host {', '.join(hosts)}: no such speaker here; "
                                                 f"the speakers are {', '.join(names)}")
        return {name: "host" if name in chosen else "guest" for name in names}, ""
    guest = _metadata_text(parsed, "guest").casefold()
    named = [name for name in names if guest and (name.casefold() in guest or guest in name.casefold())]
    if named and len(named) < len(names):
        return {name: "guest" if name in named else "host" for name in names}, "the file's guest field"
    words = Counter()
    for turn in parsed.turns:
        words[turn.speaker] += len(turn.text.split())
    most = max(names, key=lambda name: (words[name], -names.index(name)))
    how = "the only speaker" if len(names) == 1 else "most words"
    return {name: "guest" if name == most else "host" for name in names}, how


def _notes(parsed: ParsedTranscript, hosts: Sequence[str], speakers: Sequence[SpeakerEntry]) -> tuple[str, ...]:
    notes = [f"{short!r} may be {long!r}: to join them, --speaker {shlex.quote(f'{short}={long}')}"
             for short, long in suggest_speaker_map(parsed.speakers).items()]
    if parsed.unnamed:
        notes.append(f"kept as written, naming nobody: {', '.join(parsed.unnamed)}; name them with --speaker LABEL=NAME")
    spelled = {" ".join(s.casefold().split()) for sp in speakers for s in (sp.name, *sp.labels)}
    notes += [f"--host {host!r} is not a speaker here" for host in hosts
              if " ".join(host.casefold().split()) not in spelled]
    return tuple(notes)


# ----------------------------------------------------------------- topics


def _topics(parsed: ParsedTranscript, chapters: Sequence[Chapter], slug: str,
            title: str) -> tuple[tuple[TopicEntry, ...], list[str]]:
    """The chapters a turn starts in (one topic for all without chapters), and each turn's topic."""
    if not chapters:
        key = slug[:_TOPIC_KEY_CHARS].rstrip("-")
        return (TopicEntry(key, title),), [key] * len(parsed.turns)
    entries = _chapter_topics(chapters)
    index, per_turn = 0, []
    for turn in parsed.turns:  # a turn without a time stays in the topic of the turn before
        while (turn.start_seconds is not None and index + 1 < len(chapters)
               and chapters[index + 1].start_seconds <= turn.start_seconds):
            index += 1
        per_turn.append(entries[index].key)
    used = set(per_turn)  # a chapter in which no turn starts has nothing to show
    return tuple(entry for entry in entries if entry.key in used), per_turn


def _chapter_topics(chapters: Sequence[Chapter]) -> list[TopicEntry]:
    entries: list[TopicEntry] = []
    keys: set[str] = set()
    for number, chapter in enumerate(chapters, start=1):
        base = slugify(chapter.title)[:_TOPIC_KEY_CHARS - 3].rstrip("-") or f"chapter-{number}"
        key, n = base, 1
        while key in keys:
            n += 1
            key = f"{base}-{n}"
        keys.add(key)
        entries.append(TopicEntry(key, chapter.title, start=chapter.start_seconds))
    return entries


# ----------------------------------------------------------------- metadata


def _metadata_text(parsed: ParsedTranscript, key: str) -> str:
    value = parsed.metadata.get(key)
    return _one_line(value) if isinstance(value, str) else ""


def _one_line(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def _date(given: str | None, parsed: ParsedTranscript) -> str:
    if given is not None:
        try:
            return dt.date.fromisoformat(given).isoformat()
        except ValueError:
            raise TranscriptError(parsed.source, f"--date {given!r} is not a date (YYYY-MM-DD)") from None
    for key in _DATE_KEYS:
        text = _metadata_text(parsed, key)
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            continue
    return ""


def _metadata_url(parsed: ParsedTranscript) -> str:
    for key in _URL_KEYS:
        text = _metadata_text(parsed, key)
        if text.startswith(("https://", "http://")):
            return text
    return ""


def _language(parsed: ParsedTranscript) -> str:
    """Chinese where Chinese characters outnumber Latin letters; Traditional where they are."""
    text = "".join(turn.text for turn in parsed.turns)
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) <= sum(c.isascii() and c.isalpha() for c in text):
        return "en"
    from bot.chinese import to_simplified_chars

    sample = "".join(cjk[:20_000])
    changed = sum(a != b for a, b in zip(sample, to_simplified_chars(sample)))
    return "zh-hant" if changed > len(sample) * 0.02 else "zh-hans"
