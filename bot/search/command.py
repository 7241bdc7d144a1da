"""`quotebot search QUERY …`: ranked results as text or JSON (the CLI prints what this returns)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.bilingual import anchor_shown
from bot.language import Language
from bot.render import displayed_field, in_script, snippet_text, topic_name, turn_text
from bot.search.quote_check import NEAR_IN_MEANING, QuoteChecker, with_quote_hit
from bot.search.results import Hit, SearchOutcome, Suggestion
from bot.search.service import SearchService
from bot.storage.corpus import CorpusStore, TurnRecord


class UnknownSpeaker(ValueError):
    """`--speaker` names nobody in the corpus (or `--interview` no interview)."""


def run_search_command(db_path: Path, query: str, lang: Language, limit: int, speaker: str, as_json: bool,
                       interview: str | None = None) -> str:
    """Search and format; `speaker` is guest | host | any, or a speaker's name (or one word of it);
    `interview` (a slug) narrows the search to that interview."""
    corpus = CorpusStore(db_path)
    corpus.initialize()
    service = SearchService(db_path, corpus)
    service.open()
    try:
        role = speaker if speaker in ("guest", "host", "any") else corpus.role_named(speaker)
        if role is None:
            raise UnknownSpeaker(f"no speaker called {speaker!r}: use guest, host, any or a speaker's name")
        slugs = [record.slug for record in corpus.interviews()]
        if interview is not None and interview not in slugs:
            raise UnknownSpeaker(f"no interview {interview!r}: the slugs are {', '.join(slugs)}")
        outcome = service.search(query, speaker=role, interview=interview, limit=max(limit, 0), fill=True)
        # A quotation said in the interview comes first, matched by "quote" (bot.search.quote_check).
        outcome = with_quote_hit(QuoteChecker(corpus, service.chinese_word), query, outcome, speaker=role, limit=max(limit, 0))
        # Nothing found: the passages nearest in meaning, as the bot offers them (other words, no match).
        offered = [] if outcome.hits or limit <= 0 else service.offered_in_meaning(
            query, NEAR_IN_MEANING, interview=interview, speaker=role)
        records = {r.id: r for r in corpus.turns([h.turn_id for h in (*outcome.hits, *offered)])}
        # The quote check looks through every interview: its hit counts only inside the one asked for.
        listed = [hit for hit in outcome.hits
                  if hit.turn_id in records and interview in (None, records[hit.turn_id].interview_slug)]
        results = [_result(corpus, hit, records[hit.turn_id], lang) for hit in listed]
        nearest = [_result(corpus, hit, records[hit.turn_id], lang) for hit in offered if hit.turn_id in records]
    finally:
        service.close()
        corpus.shutdown()
    if as_json:
        return json.dumps(
            {"query": query, "results": results, "suggestions": [_suggestion(s, lang) for s in outcome.suggestions],
             "nearest_in_meaning": nearest},
            ensure_ascii=False,
            indent=1,
        )
    return _as_text(outcome, results, lang, nearest, [hit.near_only for hit in listed])


def _result(corpus: CorpusStore, hit: Hit, turn: TurnRecord, lang: Language) -> dict:
    return {
        "id": turn.id,
        "interview": turn.interview_slug,
        "start": turn.start,  # seconds from the beginning of the recording, or None
        "speaker": turn.speaker,
        "topic": topic_name(turn, lang),
        "en": turn.en,
        "zh": turn.zh,
        "text": turn_text(turn, lang),
        "score": hit.score,
        "match": hit.match,
        "snippet": snippet_text(turn, lang, anchor_shown(corpus, turn, hit.spans, displayed_field(turn, lang), hit.located).span).plain(),
    }


def _suggestion(suggestion: Suggestion, lang: Language) -> dict:
    label = suggestion.label_en if lang == "en" else in_script(suggestion.label_zh, lang)
    return {"label": label, "query": suggestion.query, "kind": suggestion.kind}


def _as_text(outcome: SearchOutcome, results: list[dict], lang: Language, nearest: list[dict],
             near_only: list[bool]) -> str:
    if not results:
        lines = [f"No match for {outcome.query!r}."]
        if nearest:
            lines += ["The passages closest in meaning, in different words:", *_listed(nearest)]
        if outcome.suggestions:
            lines.append("Did you mean: " + "; ".join(_suggestion(s, lang)["label"] for s in outcome.suggestions))
        return "\n".join(lines)
    return "\n".join([f"{len(results)} of {outcome.total} results for {outcome.query!r}:", *_listed(results, near_only)])


def _listed(results: list[dict], near_only: list[bool] | None = None) -> list[str]:
    """Numbered results; those `near_only` (shown for their meaning alone) say so."""
    lines = []
    for number, (result, marked) in enumerate(zip(results, near_only or [False] * len(results)), start=1):
        meaning = " · close in meaning" if marked else ""
        score = f" ({result['score']:.0f})" if result["score"] else ""  # a passage only near in meaning has none
        lines.append(f"{number}. #{result['id']} {result['speaker']} · {result['topic']}{score}{meaning}")
        lines.append(f"   {result['snippet']}")
    return lines
