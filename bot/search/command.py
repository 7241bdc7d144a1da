"""`quotebot search QUERY …`: ranked results as text or JSON (the CLI prints what this returns)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.chinese import to_traditional
from bot.search.results import Hit, SearchOutcome, Suggestion
from bot.search.service import SearchService
from bot.storage.corpus import CorpusStore, TurnRecord

SNIPPET_CONTEXT = {"en": (80, 160), "zh": (30, 70)}  # characters before / after the matched span
_SPEAKERS = {"ilya": "guest", "guest": "guest", "host": "host", "any": "any"}


def run_search_command(db_path: Path, query: str, lang: str, limit: int, speaker: str, as_json: bool) -> str:
    """Search and format; `lang` is en | zh | zh-hans | zh-hant, `speaker` ilya | guest | host | any."""
    service, store = SearchService(db_path), CorpusStore(db_path)
    service.open()
    store.initialize()
    try:
        outcome = service.search(query, speaker=_SPEAKERS.get(speaker, "any"), limit=max(limit, 0))
        records = {r.id: r for r in store.turns([h.turn_id for h in outcome.hits])}
    finally:
        service.close()
        store.shutdown()
    results = [_result(hit, records[hit.turn_id], lang) for hit in outcome.hits if hit.turn_id in records]
    if as_json:
        return json.dumps(
            {"query": query, "results": results, "suggestions": [_suggestion(s, lang) for s in outcome.suggestions]},
            ensure_ascii=False,
            indent=1,
        )
    return _as_text(outcome, results, lang)


def _result(hit: Hit, turn: TurnRecord, lang: str) -> dict:
    return {
        "id": turn.id,
        "speaker": turn.speaker,
        "topic": turn.topic_en if lang == "en" else _in_script(turn.topic_zh, lang),
        "en": turn.en,
        "zh": turn.zh,
        "text": _text(turn, lang),
        "score": hit.score,
        "snippet": snippet(hit, turn, lang),
    }


def _text(turn: TurnRecord, lang: str) -> str:
    if lang == "en" and turn.en:
        return turn.en
    return _in_script(turn.zh, lang)  # article-only turns have no English


def _in_script(zh: str, lang: str) -> str:
    return to_traditional(zh) if lang == "zh-hant" else zh


def snippet(hit: Hit, turn: TurnRecord, lang: str) -> str:
    """The matched span with some context, in the chosen language; else the text's start."""
    field = "en" if lang == "en" and turn.en else "zh"
    text = turn.en if field == "en" else turn.zh
    before, after = SNIPPET_CONTEXT[field]
    start, end = hit.spans.get(field, (0, 0))
    left, right = max(start - before, 0), min(end + after, len(text))
    left, right = _word_boundary(text, left, -1), _word_boundary(text, right, 1)
    piece = text[left:right].replace("\n", " ").strip()
    piece = ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")
    # Slice in Simplified (the spans index it), then convert: conversion may change lengths.
    return piece if field == "en" else _in_script(piece, lang)


_MAX_WORD = 30  # a cut inside a longer "word" (a URL) is moved back inside the snippet instead


def _is_latin_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'-’") or ch.isalpha() and ord(ch) < 0x2E80


def _word_boundary(text: str, cut: int, direction: int) -> int:
    """`cut` moved off the middle of a Latin word: outward to the word's edge (so "ChatGPT"
    stays whole), or inward past it when the word is very long. Chinese cuts stay."""
    if cut <= 0 or cut >= len(text) or not (_is_latin_word_char(text[cut - 1]) and _is_latin_word_char(text[cut])):
        return cut
    outward = cut
    while 0 < outward < len(text) and _is_latin_word_char(text[outward - 1]) and _is_latin_word_char(text[outward]):
        outward += direction
        if abs(outward - cut) > _MAX_WORD:
            break
    else:
        return outward
    inward = cut
    while 0 < inward < len(text) and _is_latin_word_char(text[inward - 1]) and _is_latin_word_char(text[inward]):
        inward -= direction
    return inward


def _suggestion(suggestion: Suggestion, lang: str) -> dict:
    label = suggestion.label_en if lang == "en" else _in_script(suggestion.label_zh, lang)
    return {"label": label, "query": suggestion.query, "kind": suggestion.kind}


def _as_text(outcome: SearchOutcome, results: list[dict], lang: str) -> str:
    if not results:
        lines = [f"No match for {outcome.query!r}."]
        if outcome.suggestions:
            lines.append("Did you mean: " + "; ".join(_suggestion(s, lang)["label"] for s in outcome.suggestions))
        return "\n".join(lines)
    lines = [f"{len(results)} of {outcome.total} results for {outcome.query!r}:"]
    for number, result in enumerate(results, start=1):
        lines.append(f"{number}. #{result['id']} {result['speaker']} · {result['topic']} ({result['score']:.0f})")
        lines.append(f"   {result['snippet']}")
    return "\n".join(lines)
