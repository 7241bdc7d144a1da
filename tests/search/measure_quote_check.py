"""Measure the quote check on the user-query set (`eval_users.toml`), per kind and split.

    .venv/bin/python -m tests.search.measure_quote_check [--show]

A clean_transcript query is right when it comes out "said" (in the turn its label names);
a quotation_elsewhere query when it comes out "not found". Every query is checked as if it
had been typed in quotation marks; "read as a quotation" says how many would be checked
without them. Other kinds are listed for context: how many would be read as a quotation.
Chinese has no such kinds in the set, so two rows stand in: the tune quotations from other
interviews in Chinese translation (`ZH_ELSEWHERE`, translated for this), and sentences of the
corpus's Chinese in Traditional script with other punctuation (as copied from the bot).
`--show` prints each TUNE query's verdict and similarity; holdout queries are only counted,
never printed: the thresholds were set on the tune split and the holdout informs nothing.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from bot.chinese import to_traditional
from bot.search import SearchService
from bot.search.quote_check import QuoteChecker, quotation_in
from bot.storage.corpus import CorpusStore
from bot.storage.schema import connect

from .corpus_db import real_corpus_db
from .evaluation import load_queries, resolve_labels

EVAL_USERS = Path(__file__).with_name("eval_users.toml")
CHECKED = {"clean_transcript": "said", "quotation_elsewhere": "not_found", "zh_elsewhere": "not_found",
           "zh_copied": "said"}
# The tune split's quotation_elsewhere, in the order of eval_users.toml, translated into Chinese.
ZH_ELSEWHERE = (
    "我们所知的预训练无疑将会终结。", "我们必须处理我们拥有的数据。互联网只有一个。",
    "虽然算力在增长，但数据并没有增长，因为我们只有一个互联网。", "它推理得越多，就变得越不可预测。",
    "一旦你克服了失控人工智能的挑战，然后呢？在一个拥有更聪明的人工智能的世界里，人类还有容身之地吗？",
    "一种可能性是，许多人会选择成为部分人工智能，这在今天的标准看来也许很疯狂，但按照未来的标准就不会那么疯狂。",
    "也许今天的大型神经网络已经有了一点意识。", "我对自己参与董事会的行动深感后悔。我从未想过要伤害OpenAI。",
    "我热爱我们共同建立的一切，我会尽我所能让公司重新团结起来。",
    "再见了，感谢一切。我对接下来的事情感到兴奋，这是一个对我个人意义重大的项目。",
    "我们将以一个焦点、一个目标和一个产品，直接追求安全的超级智能。",
    "我们所说的安全，是像核安全那样的安全，而不是信任与安全意义上的安全。",
    "这些模型的泛化能力不知为何比人类差得多。这是非常明显的。这似乎是一个非常根本的问题。",
    "规模化吸走了房间里所有的空气。", "我们非常在意被社会正面看待。",
    "现在我们只专注于研究，然后这个问题的答案就会自己显现出来。", "我质疑下一个词元预测无法超越人类表现的说法。",
    "如果你的基础神经网络足够聪明，你只需要问它：一个拥有伟大洞察力、智慧和能力的人会怎么做？",
    "也许这样的人并不存在，但神经网络很有可能能够推断出这样的人会如何行事。",
    "将不会有就业。那将毫无意义。计算机将完成所有工作。", "世界将以一种难以想象的方式变得非常不同。",
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def measure(db_path: Path, show: bool) -> str:
    """The table (and with `show`, the tune queries' verdicts) for the corpus at `db_path`."""
    queries = load_queries(EVAL_USERS)
    conn = connect(db_path)
    try:
        turn_of, _ = resolve_labels(conn, queries)
    finally:
        conn.close()
    corpus = CorpusStore(db_path)
    corpus.initialize()
    words = SearchService(db_path, corpus, semantic=False)  # the dictionary's Chinese names, as the bot's checker has them
    words.open()
    try:
        checker = QuoteChecker(corpus, words.chinese_word)
        cases = [(q.q, q.kind, q.split, {turn_of[p] for p in q.expect if p in turn_of}) for q in queries]
        cases += [(q, "zh_elsewhere", "tune", set()) for q in ZH_ELSEWHERE]
        cases += [(text, "zh_copied", "tune", {turn}) for text, turn in copied_chinese(corpus)]
        counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # n, right, read as a quotation
        lines = []
        for text, kind, split, turns in cases:
            cell = counts[(kind, split)]
            cell[0] += 1
            cell[2] += quotation_in(text) is not None
            if kind not in CHECKED:
                continue
            result = checker.check(text)
            right = result.verdict == CHECKED[kind] and (not result.said or result.turn_id in turns)
            cell[1] += right
            if show and split == "tune":
                lines.append(f"{'✓' if right else '✗'} {result.verdict:9} {result.similarity:5.1f} "
                             f"#{result.turn_id} {kind[:9]:9} {text[:80]}")
    finally:
        words.close()
        corpus.shutdown()
    return "\n".join([*lines, "", _table(counts)])


def copied_chinese(corpus: CorpusStore, every: int = 7) -> list[tuple[str, int]]:
    """Every `every`-th sentence of 12+ characters of the displayed Chinese, in Traditional
    script with its commas dropped: what a reader copies from the bot, lightly retouched."""
    sentences = [(s.strip(), turn.id) for turn in corpus.all_texts() for s in _SENTENCE_END.split(turn.zh)
                 if len(s.strip()) >= 12]
    return [(to_traditional(s).replace("，", "").replace(",", ""), turn) for s, turn in sentences[::every]]


def _table(counts: dict[tuple[str, str], list[int]]) -> str:
    rows = ["| kind | split | n | verdict right | read as a quotation |", "|---|---|---:|---:|---:|"]
    for (kind, split), (n, right, read) in sorted(counts.items(), key=lambda item: (item[0][0] not in CHECKED,
                                                                                    item[0])):
        verdict = f"{right}/{n} ({100 * right / n:.0f}%)" if kind in CHECKED else ""
        rows.append(f"| {kind} | {split} | {n} | {verdict} | {read}/{n} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="each tune query's verdict")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path, _ = real_corpus_db(Path(tmp) / "corpus.db")
        print(measure(db_path, args.show))


if __name__ == "__main__":
    main()
