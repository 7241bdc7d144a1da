"""The interview corpus, built from `seeds/` in pure Python.

`load_seeds(seeds_dir)` is the one entry point: it finds every `seeds/<slug>/annotations.toml`,
reads that interview's transcript and article, applies the shared `seeds/glossary.toml` and the
interview's reviewed layers (`edition.toml`: readable English; `zh_corrections.toml`: fixes of
the machine Chinese; both optional), and returns the interviews with their topics and turns. Any problem with a seed file
raises `SeedError` naming the file (and line).
"""

from __future__ import annotations

from pathlib import Path

from bot.corpus.annotations import Annotations, load_annotations
from bot.corpus.article import Article, read_article
from bot.corpus.edition import load_edition
from bot.corpus.errors import SeedError
from bot.corpus.glossary import Glossary, load_glossary
from bot.corpus.model import Interview, SourceRef, Topic, Turn
from bot.corpus.transcript import read_transcript
from bot.corpus.turns import build_turns
from bot.corpus.zh_review import load_zh_corrections

__all__ = ["Interview", "SeedError", "SourceRef", "Topic", "Turn", "load_interview", "load_seeds"]

GLOSSARY_FILE = "glossary.toml"
ANNOTATIONS_FILE = "annotations.toml"
EDITION_FILE = "edition.toml"
ZH_CORRECTIONS_FILE = "zh_corrections.toml"


def load_seeds(seeds_dir: Path) -> list[Interview]:
    """Every interview under `seeds_dir`, sorted by slug (directory name)."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise SeedError(seeds_dir, "seeds directory is missing")
    glossary = load_glossary(seeds_dir / GLOSSARY_FILE)
    # Data-driven: a directory is an interview exactly when it has an annotation file.
    found = sorted(seeds_dir.glob(f"*/{ANNOTATIONS_FILE}"))
    if not found:
        raise SeedError(seeds_dir, f"no <slug>/{ANNOTATIONS_FILE} found")
    return [load_interview(path.parent, glossary) for path in found]


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

