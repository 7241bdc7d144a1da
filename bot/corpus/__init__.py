"""The interview corpus, built from `seeds/` in pure Python.

`load_seeds(seeds_dir)` is the one entry point: it finds every `seeds/<slug>/annotations.toml`
(and every `seeds/<slug>/interview.toml`, an interview added by `quotebot import`: see
bot.corpus.imported), reads that interview's transcript and article, applies the shared `seeds/glossary.toml` and the
interview's reviewed layers (`edition.toml`: readable English; `zh_corrections.toml`: fixes of
the machine Chinese; `featured.toml`: memorable excerpts; all optional), and returns the interviews with their topics and turns. Any problem with a seed file
raises `SeedError` naming the file (and line).
"""

from __future__ import annotations

from pathlib import Path

from bot.corpus.annotations import Annotations, load_annotations
from bot.corpus.article import Article, read_article
from bot.corpus.edition import load_edition
from bot.corpus.errors import SeedError
from bot.corpus.featured import load_featured
from bot.corpus.glossary import Glossary, load_glossary
from bot.corpus.imported import INTERVIEW_FILE, load_imported
from bot.corpus.model import FeaturedExcerpt, Interview, SourceRef, Topic, Turn
from bot.corpus.transcript import read_transcript
from bot.corpus.turns import build_turns
from bot.corpus.zh_review import load_zh_corrections

__all__ = ["Interview", "SeedError", "SourceRef", "Topic", "Turn", "load_interview", "load_seeds"]

GLOSSARY_FILE = "glossary.toml"
ANNOTATIONS_FILE = "annotations.toml"
EDITION_FILE = "edition.toml"
ZH_CORRECTIONS_FILE = "zh_corrections.toml"
FEATURED_FILE = "featured.toml"


def load_seeds(seeds_dir: Path) -> list[Interview]:
    """Every interview under `seeds_dir`: the hand-written ones, then the imported ones, each
    sorted by slug (directory name). Ingest numbers turns in this order, so importing an
    interview never renumbers the turns of a hand-written one (old links to them keep working)."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise SeedError(seeds_dir, "seeds directory is missing")
    glossary = load_glossary(seeds_dir / GLOSSARY_FILE)
    found = interview_directories(seeds_dir)
    if not found:
        raise SeedError(seeds_dir, f"no <slug>/{ANNOTATIONS_FILE} or <slug>/{INTERVIEW_FILE} found")
    imported = [directory for directory in found if (directory / INTERVIEW_FILE).exists()]
    return [load_interview(directory, glossary) for directory in found if directory not in imported] + [
        load_imported(directory) for directory in imported
    ]


def interview_directories(seeds_dir: Path) -> list[Path]:
    """Data-driven: a directory is an interview exactly when it has an annotation file, either
    kind: `annotations.toml` (written by hand) or `interview.toml` (made by `quotebot import`).
    Dot directories are an import in progress or one replaced (bot.corpus.importer): never read."""
    found = []
    for directory in sorted(p for p in Path(seeds_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
        kinds = [name for name in (ANNOTATIONS_FILE, INTERVIEW_FILE) if (directory / name).is_file()]
        if len(kinds) == 2:
            raise SeedError(directory, f"has both {ANNOTATIONS_FILE} and {INTERVIEW_FILE}; an interview has one")
        if kinds:
            found.append(directory)
    return found


def load_interview(directory: Path, glossary: Glossary) -> Interview:
    """One interview from `directory` (its name is the slug)."""
    ann = load_annotations(directory / ANNOTATIONS_FILE)
    transcript_path = _source_path(ann, directory, ann.transcript_file)
    article_path = _source_path(ann, directory, ann.article_file)
    excluded = {line for part in ann.transcript_excluded for line in part.lines}
    transcript = read_transcript(transcript_path, excluded)
    article = read_article(article_path, *ann.article_interview, ann.labels)
    _check_article_layout(ann, article)
    _check_headings(ann, article)
    turns = _reviewed(directory, build_turns(ann, transcript, article, glossary))
    topics = tuple(
        Topic(key=t.key, order=i, name_en=t.name_en, name_zh=t.name_zh, aliases=t.aliases)
        for i, t in enumerate(ann.topics, start=1)
    )
    return Interview(
        slug=directory.name,
        title=ann.title,
        date=ann.date,
        host=ann.host,
        guest=ann.guest,
        topics=topics,
        turns=turns,
        featured=_featured(directory, turns),
        translation_credit=article.byline,
    )


def _reviewed(directory: Path, turns: tuple[Turn, ...]) -> tuple[Turn, ...]:
    """The turns as reviewers edited them: readable English first, then machine Chinese fixes.

    Both layers are optional (an interview can be added before anyone edits it); each checks
    its entries against the turns and refuses one that does not fit.
    """
    if (directory / EDITION_FILE).exists():
        turns = load_edition(directory / EDITION_FILE).apply(turns)
    if (directory / ZH_CORRECTIONS_FILE).exists():
        turns = load_zh_corrections(directory / ZH_CORRECTIONS_FILE).apply(turns)
    return turns


def _featured(directory: Path, turns: tuple[Turn, ...]) -> tuple[FeaturedExcerpt, ...]:
    """The reviewed featured excerpts (optional `featured.toml`), checked against the displayed turns."""
    if not (directory / FEATURED_FILE).exists():
        return ()
    return load_featured(directory / FEATURED_FILE).excerpts(turns)


def _source_path(ann: Annotations, directory: Path, name: str) -> Path:
    """Source files live next to the annotation; a path elsewhere is a mistake."""
    if Path(name).name != name:
        raise SeedError(ann.path, f"source file {name!r} must be a plain file name in {directory}")
    return directory / name


def _check_article_layout(ann: Annotations, article: Article) -> None:
    """Front matter, interview text and back matter must tile the article with no gap or overlap."""
    front, back = ann.article_excluded
    first, last = ann.article_interview
    if front.first != 1 or front.last + 1 != first or last + 1 != back.first or back.last != article.line_count:
        raise SeedError(
            article.path,
            f"front matter {front.first}-{front.last}, interview {first}-{last} and back matter "
            f"{back.first}-{back.last} must cover lines 1-{article.line_count} exactly",
        )


def _check_headings(ann: Annotations, article: Article) -> None:
    """The article's section headings are exactly the topics' `article_heading`s, in order."""
    expected = [(t.article_heading.line, t.article_heading.text) for t in ann.topics if t.article_heading]
    found = list(article.headings)
    for (want_line, want), (got_line, got) in zip(expected, found):
        if (want_line, want) != (got_line, got):
            raise SeedError(article.path, f"expected heading {want!r} on line {want_line}, found {got!r}", got_line)
    if len(expected) != len(found):
        extra = found[len(expected):] or expected[len(found):]
        raise SeedError(article.path, f"heading {extra[0][1]!r} is not matched between article and topics",
                        extra[0][0])

