"""What the bot answers to each request: search, look up, render. No Telegram here.

Handlers parse an update into these calls' arguments and send the `Reply` they return;
a `None` means the request refers to something that no longer exists (stale button).
"""

from __future__ import annotations

import random

from bot.article_credit import article_credit
from bot.bilingual import passage_pairs
from bot.chinese import to_traditional
from bot.featured import featured_anchor, indices_in_turn
from bot.i18n import Html, t
from bot.keyboards import Action, Button, Kind, action_button, paging_buttons, topics_button
from bot.language import Language
from bot.links import SharedPassage, shared_passage
from bot.render import (
    InlineArticle, Reply, TurnContext, displayed_field, render_excerpt, render_inline_article, render_no_results,
    render_quote_not_found, render_quote_said, render_result_list, render_topic_list, render_turn,
    search_header, topic_header,
)
from bot.search.quote_check import quotation_in
from bot.search.results import Hit, Suggestion
from bot.search.service import MAX_TOTAL
from bot.services import Services
from bot.sessions import SearchSession
from bot.storage.corpus import TurnRecord
from bot.text import Anchor, clean_query, shorten

PAGE_SIZE = 5
INLINE_RESULTS = 20  # of Telegram's 50: more is a wall of look-alike quotes
FEATURED_RESULTS = 25  # featured excerpts the empty inline query shows (of Telegram's 50): a reviewed list has 15–25
SUGGESTION_BUTTONS = 3
QUOTE_CANDIDATES = 5  # guest turns /quote looks through for one an English reader can read
QUERY_IN_MESSAGE_CHARS = 80  # a query quoted back in a "no results" message
QUOTATION_IN_MESSAGE_CHARS = 120  # a quotation quoted back in "not found in this interview"
# A host's turn this short without a question mark ("Sure.") asks nothing: the question behind
# the answer after it is further back, at most QUESTION_LOOKBACK turns.
INTERJECTION_CHARS = 30
QUESTION_LOOKBACK = 3


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
          owner: int, rng: random.Random | None = None, not_turn: int | None = None, both: bool = False) -> Reply:
    """The sentences of the guest turn that best match `words`; without words, the reader's next
    featured excerpt (or a random quote where there is no featured list), not from `not_turn`
    (the one on screen) when a round starts. `both`: with the Chinese of the passage under the English."""
    if not words:
        reply = featured_quote(services, text_language=text_language, ui_language=ui_language, owner=owner,
                               not_turn=not_turn, both=both)
        if reply is not None:
            return reply
        record = services.corpus.random_quote(rng, not_turn)
        if record is None:
            return Reply(t(ui_language, "quote.empty"))
        return show_excerpt(services, record.id, None, text_language=text_language, ui_language=ui_language,
                            owner=owner, both=both) or Reply(t(ui_language, "quote.empty"))
    outcome = services.search.search(words, speaker="guest", limit=QUOTE_CANDIDATES)
    found = next(iter(_readable(services, outcome.hits, text_language)), None)
    if found is None:
        interviews = services.corpus.interviews()
        guest = interviews[0].guest if interviews else ""
        message = t(ui_language, "quote.no_match", guest=guest, query=shorten(words, QUERY_IN_MESSAGE_CHARS))
        return _no_results(services, message, outcome.suggestions, ui_language, owner)
    hit, record = found
    field = displayed_field(record, text_language)
    return render_excerpt(record, Anchor(field, hit.spans.get(field)), text_language=text_language,
                          ui_language=ui_language, owner=owner, context=turn_context(services, record, text_language),
                          both=both)


def featured_quote(services: Services, *, text_language: Language, ui_language: Language, owner: int,
                   not_turn: int | None = None, both: bool = False) -> Reply | None:
    """The reader's next featured excerpt (bot.featured: each once before any again, across
    their chats), in bold among the sentences around it; None without a featured list."""
    excerpts = services.corpus.featured_excerpts()
    if not excerpts:
        return None
    index = services.featured.next(owner, len(excerpts), avoid=indices_in_turn(excerpts, not_turn))
    excerpt = excerpts[index]
    return show_excerpt(services, excerpt.turn_id, featured_anchor(excerpt, text_language, both=both),
                        text_language=text_language, ui_language=ui_language, owner=owner, both=both)


def show_excerpt(services: Services, turn_id: int, anchor: Anchor | None, *, text_language: Language,
                 ui_language: Language, owner: int, both: bool = False) -> Reply | None:
    """A few sentences of a turn around `anchor` (its opening without one), or None if the id does not exist."""
    record = services.corpus.turn(turn_id)
    if record is None:
        return None
    return render_excerpt(record, anchor, text_language=text_language, ui_language=ui_language, owner=owner,
                          context=turn_context(services, record, text_language), both=both)


def show_turn(services: Services, turn_id: int, *, text_language: Language, ui_language: Language,
              owner: int, part: int = 0) -> Reply | None:
    """One whole turn with its context buttons, or None if the id does not exist."""
    record = services.corpus.turn(turn_id)
    if record is None:
        return None
    return render_turn(record, text_language=text_language, ui_language=ui_language, owner=owner, part=part,
                       context=turn_context(services, record, text_language))


def turn_context(services: Services, record: TurnRecord, text_language: Language) -> TurnContext:
    """What a view of `record` shows around it for a reader of `text_language`."""
    previous, skipped_before = _reading_neighbour(services, record, -1, text_language)
    following, skipped_after = _reading_neighbour(services, record, +1, text_language)
    return TurnContext(previous, following, skipped_before, skipped_after, question_of(services, record),
                       _article_credit(services, record), passage_pairs(services.corpus, record))


def _reading_neighbour(services: Services, record: TurnRecord, step: int, text_language: Language) -> tuple[int | None, bool]:
    """The turn ◀ Before (step −1) or After ▶ (+1) shows, and whether passages were skipped to reach
    it: an English reader's order leaves out those only the Chinese article has."""
    neighbour, skipped = services.corpus.neighbour(record, step), False
    while text_language == "en" and neighbour is not None and not neighbour.en:
        neighbour, skipped = services.corpus.neighbour(neighbour, step), True
    return (neighbour.id if neighbour else None), skipped


def question_of(services: Services, answer: TurnRecord) -> TurnRecord | None:
    """The host's turn a guest's turn answers: the nearest one before it that is more than an interjection."""
    if answer.role != "guest":
        return None
    earlier: TurnRecord | None = answer
    for _ in range(QUESTION_LOOKBACK):
        earlier = services.corpus.neighbour(earlier, -1)
        if earlier is None:
            return None
        words = earlier.en or earlier.zh
        if earlier.role == "host" and (len(words) > INTERJECTION_CHARS or "?" in words or "？" in words):
            return earlier
    return None


def _article_credit(services: Services, record: TurnRecord) -> str | None:
    """Who translated the article `record`'s interview has (from its seeds), if anyone."""
    slug = next((i.slug for i in services.corpus.interviews() if i.id == record.interview_id), None)
    return article_credit(services.settings.seeds_dir, slug) if slug else None


def _article_credits(services: Services, records: list[TurnRecord]) -> dict[int, str | None]:
    """Who translated the article of each of `records`' interviews, by interview id."""
    return {record.interview_id: _article_credit(services, record) for record in records}


def _readable(services: Services, hits: list[Hit], language: Language) -> list[tuple[Hit, TurnRecord]]:
    """The hits with their turns, without those an English reader cannot read (only in the Chinese article)."""
    records = {record.id: record for record in services.corpus.turns([hit.turn_id for hit in hits])}
    return [(hit, records[hit.turn_id]) for hit in hits
            if hit.turn_id in records and (language != "en" or records[hit.turn_id].en)]


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
    hits, total, left_out, suggestions = _page_of_hits(services, session, page, language)
    footer = t(language, "search.chinese_only", count=left_out) if left_out else None
    if not hits:
        if page > 0:
            return None
        message = t(language, "search.no_results", query=shorten(session.query, QUERY_IN_MESSAGE_CHARS))
        return _no_results(services, Html(f"{message}\n{footer}") if footer else message, suggestions, language,
                           session.owner)
    records = [record for _, record in hits]
    spans = [hit.spans.get(displayed_field(record, language)) for hit, record in hits]
    first = page * PAGE_SIZE + 1
    header = search_header(language, session.query, first, first + len(records) - 1, total)
    paging = paging_buttons(language, page, _pages(total),
                            lambda p: Action(Kind.SEARCH_PAGE, session.owner, (session.id, str(p))))
    return render_result_list(header, records, spans, language=language, owner=session.owner,
                              first_number=first, paging=paging, footer=footer,
                              article_credits=_article_credits(services, records))


def _page_of_hits(services: Services, session: SearchSession, page: int,
                  language: Language) -> tuple[list[tuple[Hit, TurnRecord]], int, int, list[Suggestion]]:
    """A page of hits with their turns, how many hits there are, how many an English reader's
    list leaves out (only in the Chinese article), and the suggestions.

    An English reader's pages are cut from all the hits, so leaving some out moves no page."""
    if language != "en":
        outcome = services.search.search(session.query, speaker=session.speaker, limit=PAGE_SIZE,
                                         offset=page * PAGE_SIZE)
        return _readable(services, outcome.hits, language), outcome.total, 0, outcome.suggestions
    outcome = services.search.search(session.query, speaker=session.speaker, limit=MAX_TOTAL)
    readable = _readable(services, outcome.hits, language)
    page_hits = readable[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    return page_hits, len(readable), len(outcome.hits) - len(readable), outcome.suggestions


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


def quote_or_check(services: Services, text: str, *, language: Language, owner: int, both: bool = False) -> Reply:
    """/quote words: the quote check for a quotation, else the guest turn that best matches
    (`both`: the reader's "EN + 中文" setting)."""
    quotation = quotation_in(text)
    if quotation is not None:
        return quote_check(services, quotation, language=language, owner=owner)
    return quote(services, clean_query(text), text_language=language, ui_language=language, owner=owner, both=both)


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
    records, total, left_out = _topic_turns(services, key, page, language)
    if not records:
        return None
    first = page * PAGE_SIZE + 1
    paging = paging_buttons(language, page, _pages(total), lambda p: Action(Kind.TOPIC_PAGE, owner, (key, str(p))))
    footer = t(language, "topic.chinese_only", count=left_out) if left_out else None
    return render_result_list(topic_header(topic, language, first, first + len(records) - 1, total), records,
                              [None] * len(records), language=language, owner=owner, first_number=first,
                              paging=paging, extra_rows=((topics_button(language, owner),),), footer=footer,
                              article_credits=_article_credits(services, records))


def _topic_turns(services: Services, key: str, page: int, language: Language) -> tuple[list[TurnRecord], int, int]:
    """A page of the topic's turns, how many there are, how many an English reader's pages leave out."""
    if language != "en":
        records, total = services.corpus.topic_turns(key, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
        return records, total, 0
    everything, total = services.corpus.topic_turns(key, offset=0, limit=-1)
    english = [record for record in everything if record.en]
    return english[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], len(english), total - len(english)


# ----------------------------------------------------------------- inline mode


def inline_results(services: Services, query: str, *, language: Language, bot_username: str | None,
                   both: bool = False) -> list[InlineArticle]:
    """Up to 20 quotes for `@bot words`, each the sentences that matched; featured quotes for an
    empty query; for a Share button's `turn_<id>[_…]`, the passage it shares. `both`: the
    asker's "EN + 中文" setting."""
    shared = shared_passage(query)
    if shared is not None:
        return _shared(services, shared, language, bot_username, both)
    if not query:
        return featured_inline(services, language=language, bot_username=bot_username)
    outcome = services.search.search(query, limit=INLINE_RESULTS)
    articles = []
    for hit, record in _readable(services, outcome.hits, language):  # a shared quote must be readable
        field = displayed_field(record, language)
        articles.append(_inline_article(services, record, language, bot_username, Anchor(field, hit.spans.get(field)),
                                        both=both))
    return articles


def featured_inline(services: Services, *, language: Language, bot_username: str | None) -> list[InlineArticle]:
    """The empty query's quotes: the reviewed featured excerpts in interview order (without a
    featured list, the opening of the first quotable turn of each topic)."""
    excerpts = services.corpus.featured_excerpts()[:FEATURED_RESULTS]
    if not excerpts:
        records = services.corpus.featured(FEATURED_RESULTS)
        return [_inline_article(services, record, language, bot_username) for record in records
                if language != "en" or record.en]
    records = {record.id: record for record in services.corpus.turns([excerpt.turn_id for excerpt in excerpts])}
    return [_inline_article(services, records[excerpt.turn_id], language, bot_username,
                            featured_anchor(excerpt, language))
            for excerpt in excerpts if excerpt.turn_id in records]


def _shared(services: Services, shared: SharedPassage, language: Language, bot_username: str | None,
            both: bool) -> list[InlineArticle]:
    """The one passage a Share button names, in the language it was read in."""
    record = services.corpus.turn(shared.turn_id)
    text_language = shared.text_language or language
    if record is None or (text_language == "en" and not record.en):
        return []
    return [_inline_article(services, record, text_language, bot_username, shared.anchor, both=both)]


def _inline_article(services: Services, record: TurnRecord, language: Language, bot_username: str | None,
                    anchor: Anchor | None = None, *, both: bool = False) -> InlineArticle:
    return render_inline_article(record, language, bot_username, anchor,
                                 article_credit=_article_credit(services, record),
                                 pairs=passage_pairs(services.corpus, record), both=both)
