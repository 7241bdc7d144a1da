"""Keywords framed the way people ask a bot ("info on X", "X in the interview", 关于X的名言…):
how often the framed query's first result is one of the bare keyword's first three.

Run: `python -m tests.search.measure_framings` (real corpus with passage vectors, as the bot
builds it). The framings were written while fixing them (2026-12-03), so this is a regression
check of that work, not a blind measure.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .corpus_db import opened_search, real_corpus_db

KEYWORDS_EN = ("hallucinations", "alexnet imagenet", "democracy", "azure", "scaling laws", "rlhf", "cerebras",
               "jepa", "compression", "consciousness")
KEYWORDS_ZH = ("幻觉", "民主", "硬件", "人类反馈", "压缩", "多伦多", "颜色", "无监督学习", "意识", "苦涩的教训")
FRAMINGS_EN = (
    "info on {}", "{} in the interview", "explain {} to me", "describe {}", "the {} clip", "{} discussion",
    "what's his take on {}", "timestamp for {}", "wrt {}", "abt {}", "yo {}", "{} <3", "1. {}",
    "check this https://eye-on.ai {}", "{} pls", "tell me about {}", "what about {}", "anything on {}",
    "{} quote", "ilya's view on {}", "did they talk about {}", "when does he talk about {}", "more on {}",
    "{} in this podcast", "{} episode", "{} stuff", "#{}", "{}?!", "search {}", "summarize {}",
    "the {} part of the convo", "lemme see {}", "need the {} quote asap",
)
FRAMINGS_ZH = (
    "关于{}的名言", "{}金句", "聊到{}的地方", "采访中提到的{}", "搜一下{}", "{}相关", "这期节目里的{}",
    "给我一句关于{}的话", "{}相关的内容", "关于{}的讨论", "有没有提到{}", "我想看{}", "帮我找{}", "{}的看法",
    "讲讲{}", "他怎么看{}", "{}怎么说", "请问{}", "{}，谢谢", "关于{}的片段",
)


def consistency(db_path: Path) -> dict[str, tuple[int, int]]:
    """Per language: (framed queries whose first result is among the bare keyword's first
    three, framed queries)."""
    found: dict[str, tuple[int, int]] = {}
    with opened_search(db_path) as search:
        for language, keywords, framings in (("en", KEYWORDS_EN, FRAMINGS_EN), ("zh", KEYWORDS_ZH, FRAMINGS_ZH)):
            same = total = 0
            for keyword in keywords:
                bare = {hit.turn_id for hit in search.search(keyword).hits[:3]}
                for framing in framings:
                    hits = search.search(framing.format(keyword)).hits
                    same += bool(hits) and hits[0].turn_id in bare
                    total += 1
            found[language] = (same, total)
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path, _ = real_corpus_db(Path(tmp) / "framings.db", semantic=True)
        for language, (same, total) in consistency(db_path).items():
            print(f"{language}: {same}/{total} framed keywords find what the keyword finds ({100 * same / total:.1f}%)")


if __name__ == "__main__":
    main()
