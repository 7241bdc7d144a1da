"""What the bot answers to each request: search, look up, render. No Telegram here.

Handlers parse an update into these calls' arguments and send the `Reply` they return;
a `None` means the request refers to something that no longer exists (stale button).
"""

from __future__ import annotations

import random
import unicodedata

from bot.callbacks import Action, Kind
from bot.chinese import to_traditional
from bot.i18n import Html, Language, t
from bot.render import (
    Button, InlineArticle, Reply, displayed_field, number_range, paging_buttons, part_holding, render_inline_article,
    render_no_results, render_result_list, render_topic_list, render_turn, search_header, shorten,
    topic_name, topics_button, turn_id_from_query, turn_text,
)
from bot.services import Services

PAGE_SIZE = 5
MAX_QUERY_CHARS = 300
INLINE_RESULTS = 20
FEATURED_RESULTS = 8


_QUOTE_PAIRS = {'""', "''", "“”", "‘’", "「」", "『』", "«»", "„“"}


def clean_query(text: str | None) -> str:
    """User words fit to search and to echo: no control or invisible format characters
    (RTL overrides, zero-width), whitespace collapsed, length bounded."""
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in (text or "")
        if unicodedata.category(ch) not in ("Cf", "Co", "Cs")
    )
    words = " ".join(kept.split())[:MAX_QUERY_CHARS]
    # "the bitter lesson" in quotes is the same search, and echoing it gave “"the bitter lesson"”.
    if len(words) > 2 and words[0] + words[-1] in _QUOTE_PAIRS and words[-1] not in words[1:-1]:
        words = words[1:-1].strip()
    return words


# ----------------------------------------------------------------- welcome and help


def welcome(services: Services, language: Language) -> Reply:
    interviews = services.corpus.interviews()
    if not interviews:
        return Reply(t(language, "quote.empty"))
    first = interviews[0]
    return Reply(t(language, "start.welcome", title=first.title, date=first.date, host=first.host, guest=first.guest))


def help_text(language: Language, bot_username: str) -> Reply:
    return Reply(t(language, "help.text", bot=bot_username))


# ----------------------------------------------------------------- quotes and turns


def quote(services: Services, words: str, *, text_language: Language, ui_language: Language,
          owner: int, rng: random.Random | None = None, not_turn: int | None = None) -> Reply:
    """The best-matching guest turn for `words`, or a random one (not `not_turn`) when there are none."""
    if not words:
        record = services.corpus.random_quote(rng, not_turn)
        if record is None:
            return Reply(t(ui_language, "quote.empty"))
        return show_turn(services, record.id, text_language=text_language, ui_language=ui_language, owner=owner)
    outcome = services.search.search(words, speaker="guest", limit=1)
    if not outcome.hits:
        interviews = services.corpus.interviews()
        guest = interviews[0].guest if interviews else ""
        message = t(ui_language, "quote.no_match", guest=guest, query=shorten(words, 80))
        return _no_results(services, message, outcome.suggestions, ui_language, owner)
    hit = outcome.hits[0]
    record = services.corpus.turn(hit.turn_id)
    span = hit.spans.get(displayed_field(record, text_language)) if record else None
    part = part_holding(turn_text(record, text_language), span[0]) if span else 0
    return show_turn(services, hit.turn_id, text_language=text_language, ui_language=ui_language,
                     owner=owner, part=part)


def show_turn(services: Services, turn_id: int, *, text_language: Language, ui_language: Language,
              owner: int, part: int = 0) -> Reply | None:
    """One whole turn with its context buttons, or None if the id does not exist."""
    record = services.corpus.turn(turn_id)
    if record is None:
        return None
    return render_turn(
        record, text_language=text_language, ui_language=ui_language, owner=owner, part=part,
        has_previous=services.corpus.neighbour(record, -1) is not None,
        has_next=services.corpus.neighbour(record, +1) is not None,
    )


# ----------------------------------------------------------------- search


def start_search(services: Services, words: str, *, language: Language, owner: int) -> Reply:
    """Remember the query for its page buttons and show the first page."""
    if not words:
        return Reply(t(language, "search.usage"))
    session_id = services.sessions.create(owner, words)
    return search_page(services, session_id, 0, language=language, owner=owner) or Reply(t(language, "search.usage"))


def search_page(services: Services, session_id: str, page: int, *, language: Language, owner: int) -> Reply | None:
    session = services.sessions.get(session_id)
    if session is None:
        return None
    outcome = services.search.search(session.query, speaker=session.speaker, limit=PAGE_SIZE,
                                     offset=page * PAGE_SIZE)
    if not outcome.hits:
        if page > 0:
            return None
        message = t(language, "search.no_results", query=shorten(session.query, 80))
        return _no_results(services, message, outcome.suggestions, language, owner)
    records = services.corpus.turns([hit.turn_id for hit in outcome.hits])
    spans = [hit.spans.get(displayed_field(record, language)) for hit, record in zip(outcome.hits, records)]
    first = page * PAGE_SIZE + 1
    header = search_header(language, session.query, first, first + len(records) - 1, outcome.total)
    page_count = -(-outcome.total // PAGE_SIZE)
    paging = paging_buttons(language, page, page_count,
                            lambda p: Action(Kind.SEARCH_PAGE, owner, (session_id, str(p))))
    return render_result_list(header, records, spans, language=language, owner=owner,
                              first_number=first, paging=paging)


def _no_results(services: Services, message: Html, suggestions, language: Language, owner: int) -> Reply:
    """`message`, then did-you-mean buttons (a close topic opens it; a phrase searches it)."""
    buttons: list[Button] = []
    for suggestion in suggestions[:3]:
        label = suggestion.label_en if language == "en" else suggestion.label_zh
        if language == "zh-hant":
            label = to_traditional(label)
        topic = services.search.find_topic(suggestion.query) if suggestion.kind == "topic" else None
        if topic is not None:
            action = Action(Kind.TOPIC_PAGE, owner, (topic.key, "0"))
        else:
            action = Action(Kind.SEARCH_PAGE, owner, (services.sessions.create(owner, suggestion.query), "0"))
        buttons.append(Button(shorten(label, 48), action.encode()))
    return render_no_results(language, message, buttons, topics_button(language, owner))


# ----------------------------------------------------------------- topics


def topic_list(services: Services, *, language: Language, owner: int, header: Html | None = None) -> Reply:
    return render_topic_list(services.corpus.topics(), language, owner, header)


def topic_command(services: Services, name: str, *, language: Language, owner: int) -> Reply:
    """No name: the topic buttons. A name: that topic's first page, or all topics if none is close."""
    if not name:
        return topic_list(services, language=language, owner=owner)
    match = services.search.find_topic(name)
    page = topic_page(services, match.key, 0, language=language, owner=owner) if match else None
    if page is None:
        header = t(language, "topic.not_found", query=shorten(name, 60))
        return topic_list(services, language=language, owner=owner, header=header)
    return page


def topic_page(services: Services, key: str, page: int, *, language: Language, owner: int) -> Reply | None:
    topic = services.corpus.topic(key)
    if topic is None:
        return None
    records, total = services.corpus.topic_turns(key, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    if not records:
        return None
    first = page * PAGE_SIZE + 1
    header = t(language, "topic.header", topic=topic_name(topic, language),
               range=number_range(first, first + len(records) - 1), total=total)
    paging = paging_buttons(language, page, -(-total // PAGE_SIZE),
                            lambda p: Action(Kind.TOPIC_PAGE, owner, (key, str(p))))
    return render_result_list(header, records, [None] * len(records), language=language, owner=owner,
                              first_number=first, paging=paging,
                              extra_rows=((topics_button(language, owner),),))


# ----------------------------------------------------------------- inline mode


def inline_results(services: Services, query: str, *, language: Language, bot_username: str | None) -> list[InlineArticle]:
    """Up to 20 quotes for `@bot words`; featured quotes for an empty query; one turn for `turn_<id>`."""
    turn_id = turn_id_from_query(query)
    if turn_id is not None:
        records = services.corpus.turns([turn_id])
    elif not query:
        records = services.corpus.featured(FEATURED_RESULTS)
    else:
        outcome = services.search.search(query, limit=INLINE_RESULTS)
        records = services.corpus.turns([hit.turn_id for hit in outcome.hits])
    if language == "en":
        records = [record for record in records if record.en]  # a shared quote must be readable
    return [render_inline_article(record, language, bot_username) for record in records[:INLINE_RESULTS]]
