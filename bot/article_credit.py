"""Who an interview's edited Chinese translation is by: the article's own byline.

The name comes from the seeds, never from code: the `文章作者: AI寒武纪` line of the article's
front matter (the lines `annotations.toml` marks as front matter). The corpus tables do not
hold it, so it is read here once per interview, from the seeds the corpus was built from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.corpus import SeedError
from bot.corpus.annotations import load_annotations
from bot.corpus.files import read_seed_lines

ANNOTATIONS_FILE = "annotations.toml"
# The bylines a Chinese article's front matter gives its author or source under.
_BYLINE = re.compile(r"\s*(?:文章作者|作者|来源|來源)\s*[:：]\s*(?P<name>\S(?:.*\S)?)\s*")


@lru_cache(maxsize=64)
def article_credit(seeds_dir: Path, slug: str) -> str | None:
    """The byline of interview `slug`'s article, or None (no article, no byline, no seeds)."""
    directory = Path(seeds_dir) / slug
    try:
        annotations = load_annotations(directory / ANNOTATIONS_FILE)
        lines = read_seed_lines(directory / annotations.article_file)
    except (SeedError, OSError):
        return None
    front = annotations.article_excluded[0]
    for line in lines[front.first - 1:front.last]:
        if byline := _BYLINE.fullmatch(line):
            return byline.group("name")
    return None
