"""What the bot answers to each request: search, look up, render. No Telegram here.

Handlers parse an update into these calls' arguments and send the `Reply` they return;
a `None` means the request refers to something that no longer exists (stale button).
"""

from __future__ import annotations

import random

from bot.chinese import to_traditional
from bot.i18n import Html, t
from bot.keyboards import Action, Button, Kind, action_button, paging_buttons, topics_button
from bot.language import Language
from bot.links import turn_id_from_query
from bot.render import (
    InlineArticle, Reply, displayed_field, part_of_match, render_inline_article, render_no_results,
    render_quote_not_found, render_quote_said, render_result_list, render_topic_list, render_turn,
    search_header, topic_header,
)
from bot.search.quote_check import quotation_in
from bot.search.results import Suggestion
from bot.services import Services
from bot.sessions import SearchSession
from bot.storage.corpus import TurnRecord
from bot.text import clean_query, shorten

PAGE_SIZE = 5
INLINE_RESULTS = 20  # of Telegram's 50: more is a wall of look-alike quotes
FEATURED_RESULTS = 8
SUGGESTION_BUTTONS = 3
QUERY_IN_MESSAGE_CHARS = 80  # a query quoted back in a "no results" message
QUOTATION_IN_MESSAGE_CHARS = 120  # a quotation quoted back in "not found in this interview"


def _pages(total: int) -> int:
    return -(-total // PAGE_SIZE)


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
        message = t(ui_language, "quote.no_match", guest=guest, query=shorten(words, QUERY_IN_MESSAGE_CHARS))
        return _no_results(services, message, outcome.suggestions, ui_language, owner)
    hit = outcome.hits[0]
    record = services.corpus.turn(hit.turn_id)
    part = part_of_match(record, text_language, hit.spans.get(displayed_field(record, text_language))) if record else 0
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
    session = services.sessions.create(owner, words)
    return search_page(services, session, 0, language=language) or Reply(t(language, "search.usage"))


async def stored_search_page(services: Services, session_id: str, page: int, *, language: Language) -> Reply | None:
    """A page button's page: the search it names (in memory or saved), or None if forgotten."""
    session = await services.sessions.get(session_id)
    return search_page(services, session, page, language=language) if session else None


def search_page(services: Services, session: SearchSession, page: int, *, language: Language) -> Reply | None:
    outcome = services.search.search(session.query, speaker=session.speaker, limit=PAGE_SIZE,
                                     offset=page * PAGE_SIZE)
    if not outcome.hits:
        if page > 0:
            return None
        message = t(language, "search.no_results", query=shorten(session.query, QUERY_IN_MESSAGE_CHARS))
        return _no_results(services, message, outcome.suggestions, language, session.owner)
    records = services.corpus.turns([hit.turn_id for hit in outcome.hits])
    spans = [hit.spans.get(displayed_field(record, language)) for hit, record in zip(outcome.hits, records)]
    first = page * PAGE_SIZE + 1
    header = search_header(language, session.query, first, first + len(records) - 1, outcome.total)
    paging = paging_buttons(language, page, _pages(outcome.total),
                            lambda p: Action(Kind.SEARCH_PAGE, session.owner, (session.id, str(p))))
    return render_result_list(header, records, spans, language=language, owner=session.owner,
                              first_number=first, paging=paging)


def _no_results(services: Services, message: Html, suggestions: list[Suggestion], language: Language,
                owner: int) -> Reply:
    """`message`, then did-you-mean buttons (a topic opens it; a phrase searches it)."""
    buttons: list[Button] = []
    for suggestion in suggestions[:SUGGESTION_BUTTONS]:
        label = suggestion.label_en if language == "en" else suggestion.label_zh
        if language == "zh-hant":
            label = to_traditional(label)
        if suggestion.topic_key is not None:
            action = Action(Kind.TOPIC_PAGE, owner, (suggestion.topic_key, "0"))
        else:
            action = Action(Kind.SEARCH_PAGE, owner, (services.sessions.create(owner, suggestion.query).id, "0"))
        buttons.append(action_button(shorten(label, 48), action))
    return render_no_results(language, message, buttons, topics_button(language, owner))


# ----------------------------------------------------------------- the quote check


def search_or_check(services: Services, text: str, *, language: Language, owner: int) -> Reply:
    """/search words, or words sent in a private chat: the quote check when they read as a
    quotation (in quotation marks, or a long sentence that asks nothing), else a search."""
    quotation = quotation_in(text)
    if quotation is not None:
        return quote_check(services, quotation, language=language, owner=owner)
    return start_search(services, clean_query(text), language=language, owner=owner)


def quote_or_check(services: Services, text: str, *, language: Language, owner: int) -> Reply:
    """/quote words: the quote check for a quotation, else the guest turn that best matches."""
    quotation = quotation_in(text)
    if quotation is not None:
        return quote_check(services, quotation, language=language, owner=owner)
    return quote(services, clean_query(text), text_language=language, ui_language=language, owner=owner)


def quote_check(services: Services, quotation: str, *, language: Language, owner: int) -> Reply:
    """Whether the interview says `quotation`: the passage that does, or "not found in this
    interview" and the closest passage."""
    check = services.quotes.check(quotation)
    # The passage is shown in the quotation's language (the bold words are in it), in the reader's script.
    text_language: Language = "en" if check.field == "en" else ("zh-hans" if language == "en" else language)
    record = services.corpus.turn(check.turn_id) if check.turn_id is not None else None
    if check.said and record is not None:
        return render_quote_said(record, check.span, text_language=text_language, ui_language=language,
                                 owner=owner, reworded=not check.word_for_word)
    return _not_said(services, quotation, record, check.span, text_language, language, owner)


def _not_said(services: Services, quotation: str, closest: TurnRecord | None, span: tuple[int, int] | None,
              text_language: Language, language: Language, owner: int) -> Reply:
    """"Not found", then the closest passage: the one sharing most of the words (`closest`),
    else the search's best match for them; with neither, did-you-mean buttons."""
    outcome = services.search.search(quotation, limit=1)
    if closest is None and outcome.hits:
        closest = services.corpus.turn(outcome.hits[0].turn_id)
        span = outcome.hits[0].spans.get(displayed_field(closest, text_language)) if closest else None
    interviews = services.corpus.interviews()
    message = t(language, "quote_check.not_found", quotation=shorten(quotation, QUOTATION_IN_MESSAGE_CHARS),
                title=interviews[0].title if interviews else "", date=interviews[0].date if interviews else "")
    if closest is None:
        return _no_results(services, message, outcome.suggestions, language, owner)
    search = None
    if outcome.hits:  # the words' search results, for a quotation that was meant as a search
        session = services.sessions.create(owner, quotation)
        search = action_button(t(language, "quote_check.search"), Action(Kind.SEARCH_PAGE, owner, (session.id, "0")))
    return render_quote_not_found(message, closest, span, text_language=text_language, ui_language=language,
                                  owner=owner, search=search)


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
    paging = paging_buttons(language, page, _pages(total), lambda p: Action(Kind.TOPIC_PAGE, owner, (key, str(p))))
    return render_result_list(topic_header(topic, language, first, first + len(records) - 1, total), records,
                              [None] * len(records), language=language, owner=owner, first_number=first,
                              paging=paging, extra_rows=((topics_button(language, owner),),))


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
