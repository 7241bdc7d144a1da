"""A textbook BM25 baseline for the search evaluation (bm25s, one document per turn).

Tokens: English words lower-cased (letters and digits, bm25s's English stop words dropped, no
stemming); Chinese runs cut into words by jieba, after OpenCC Traditional→Simplified (the corpus
is in Simplified, so without it no Traditional query could match anything). A turn's document is
its displayed English and every Chinese text stored for it (displayed, machine, article). The
score threshold below which nothing is returned is chosen on the tuning split only.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Sequence

import bm25s
import jieba
import opencc
from bm25s.stopwords import STOPWORDS_EN

from .evaluation import TOP_K, Judged, Ranker, best_threshold

jieba.setLogLevel(logging.WARNING)
_T2S = opencc.OpenCC("t2s")
_RUNS = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)|([A-Za-z0-9]+)")
_STOP = frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for cjk, latin in _RUNS.findall(_T2S.convert(text)):
        if cjk:
            tokens.extend(word for word in jieba.lcut(cjk) if word.strip())
        else:
            word = latin.lower()
            if word not in _STOP:
                tokens.append(word)
    return tokens


def turn_documents(conn: sqlite3.Connection) -> tuple[list[int], list[str]]:
    ids, docs = [], []
    for turn_id, en, zh, zh_machine, zh_article in conn.execute(
        "SELECT id, en, zh, zh_machine, zh_article FROM turns ORDER BY id"
    ):
        texts = [en or ""]
        for chinese in (zh, zh_machine, zh_article):
            if chinese and chinese not in texts:
                texts.append(chinese)
        ids.append(turn_id)
        docs.append("\n".join(texts))
    return ids, docs


class BM25Baseline:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.turn_ids, documents = turn_documents(conn)
        self.retriever = bm25s.BM25()
        self.retriever.index([tokenize(doc) for doc in documents], show_progress=False)
        self.vocabulary = self.retriever.vocab_dict
        self.threshold = 0.0

    def rank_all(self, query: str, limit: int = TOP_K) -> list[tuple[float, list[int]]]:
        tokens = [t for t in tokenize(query) if t in self.vocabulary]
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:limit]
        return [(float(scores[i]), [self.turn_ids[i]]) for i in order if scores[i] > 0]

    def ranker(self) -> Ranker:
        return lambda query: [r for r in self.rank_all(query) if r[0] >= self.threshold]

    def calibrate(self, unthresholded_tune: Sequence[Judged]) -> float:
        """Pick the threshold on the tuning split: on-topic top-1 right and kept + negatives rejected."""
        tops = sorted({j.ranked[0][0] for j in unthresholded_tune if j.ranked})
        candidates = [0.0, *tops, (tops[-1] + 1.0) if tops else 1.0]
        self.threshold = best_threshold(unthresholded_tune, candidates)[0]
        return self.threshold
