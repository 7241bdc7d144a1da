"""What the bot answers to each request: search, look up, render. No Telegram here.

Handlers parse an update into these calls' arguments and send the `Reply` they return;
a `None` means the request refers to something that no longer exists (stale button).
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import lru_cache
from collections.abc import Sequence

from bot.bilingual import anchor_shown, passage_pairs
from bot.featured import distinct, featured_anchor, indices_in_turn
from bot.i18n import Html, t, when
from bot.keyboards import (
    Action, Button, Kind, action_button, interview_action, interviews_button, paging_buttons, topic_action,
    topics_button,
)
from bot.language import Language
from bot.links import HELP_PAYLOAD, NOT_SAID_PAYLOAD, SharedPassage, shared_passage
from bot.render import (
    InlineArticle, Reply, TurnContext, displayed_field, echo_in_script, interview_topics_header, in_reader_script, passage,
    render_excerpt,
    render_inline_article, render_interview_list, render_no_results, render_quote_not_found, render_quote_said,
    render_result_list, render_topic_list, render_turn, search_header, topic_header,
)
from bot.search.quote_check import (
    NEAR_IN_MEANING, QuoteCheck, another_speaker_named, attribution_in, closest_turns, quotation_in, with_quote_hit,
)
from bot.search.results import Hit, Suggestion
from bot.search.service import MAX_TOTAL, Speaker
from bot.services import Services
from bot.sessions import SearchSession
from bot.storage.corpus import CorpusStore, FeaturedRecord, InterviewRecord, TurnRecord
from bot.text import Anchor, clean_query, shorten

PAGE_SIZE = 5
INTERVIEWS_PAGE_SIZE = 8  # /interviews: buttons a page
NARROW_BUTTONS = 4  # "🎯 Only …" buttons on results from several interviews (the interviews first found)
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


def many_interviews(services: Services) -> bool:
    """Whether the library holds more than one interview: then every hit and quote names its own."""
    return len(services.corpus.interviews()) > 1


def welcome(services: Services, language: Language) -> Reply:
    interviews = services.corpus.interviews()
    if not interviews:
        return Reply(t(language, "quote.empty"))
    if len(interviews) > 1:
        return Reply(t(language, "start.welcome_many", count=len(interviews)))
    first = interviews[0]
    return Reply(t(language, "start.welcome", title=first.title, when=when(language, first.date), host=first.host,
                   guest=first.guest))


# Telegram's limits for the menu texts (setMyCommands, setMyDescription, setMyShortDescription).
MENU_TEXT_CHARS = {"quote": 256, "description": 512, "short_description": 120}


def menu_texts(services: Services, language: Language) -> dict[str, str]:
    """The command menu's /quote line and the bot's descriptions, plain text, from the interviews."""
    interviews = services.corpus.interviews()
    keys = {"quote": "commands.quote", "description": "about.description", "short_description": "about.short_description"}
    if len(interviews) != 1:
        keys = {name: f"{key}_many" for name, key in keys.items()}
    first = interviews[0] if len(interviews) == 1 else None
    # Html(): plain text, not escaped (Telegram shows these texts as they are).
    fields = {name: Html(getattr(first, name)) for name in ("title", "host", "guest")} if first else {}
    if first:
        fields["when"] = when(language, first.date)  # a date: nothing to escape
    return {name: shorten(t(language, key, count=len(interviews), **fields), MENU_TEXT_CHARS[name])
            for name, key in keys.items()}


def help_text(services: Services, language: Language, bot_username: str, *, in_group: bool = False) -> Reply:
    """What each command does; in a group, that only commands and messages naming the bot are answered there."""
    interviews = services.corpus.interviews()
    many = len(interviews) != 1
    words = t(language, "help.words_in_group" if in_group else ("help.words_many" if many else "help.words"),
              bot=bot_username)
    if many:
        return Reply(t(language, "help.text_many", bot=bot_username, words=words))
    return Reply(t(language, "help.text", bot=bot_username, guest=interviews[0].guest, words=words))


# ----------------------------------------------------------------- quotes and turns


def quote(services: Services, words: str, *, text_language: Language, ui_language: Language,
          owner: int, rng: random.Random | None = None, not_turn: int | None = None, both: bool = False) -> Reply:
    """The sentences of the guest turn that best match `words`; without words, the reader's next
    featured excerpt (or a random quote where there is no featured list), not from `not_turn`
    (the one on screen) when a round starts. `both`: with the Chinese of the passage under the English."""
    if not words:
        interview_id = _interview_to_quote(services, rng)
        if interview_id is None or services.corpus.has_featured(interview_id):
            reply = featured_quote(services, text_language=text_language, ui_language=ui_language, owner=owner,
                                   not_turn=not_turn, both=both)
            if reply is not None:
                return reply
        record = services.corpus.random_quote(rng, not_turn, interview_id=interview_id)
        if record is None:
            return Reply(t(ui_language, "quote.empty"))
        return show_excerpt(services, record.id, None, text_language=text_language, ui_language=ui_language,
                            owner=owner, both=both) or Reply(t(ui_language, "quote.empty"))
    outcome = services.search.search(words, speaker="guest", limit=QUOTE_CANDIDATES)
    found = next(iter(_readable(services, outcome.hits, text_language)), None)
    if found is None:
        interviews = services.corpus.interviews()
        query = shorten(echo_in_script(words, ui_language), QUERY_IN_MESSAGE_CHARS)
        message = (t(ui_language, "quote.no_match_many", query=query) if len(interviews) > 1 else
                   t(ui_language, "quote.no_match", guest=interviews[0].guest if interviews else "", query=query))
        # The guest's passages nearest in meaning, as /search offers them (a paraphrase's words find none).
        near = _offered(services, words, text_language, speaker="guest")
        return _no_results(services, message, outcome.suggestions, ui_language, owner, near=near,
                           search_words=words,
                           name_interviews=len(interviews) > 1)
    hit, record = found
    return render_excerpt(record, _anchor(services, hit.spans, record, text_language, hit.located),
                          text_language=text_language,
                          ui_language=ui_language, owner=owner, context=turn_context(services, record, text_language),
                          both=both)


def _interview_to_quote(services: Services, rng: random.Random | None) -> int | None:
    """The interview a quote without words comes from, each as likely (None: there is only one)."""
    candidates = services.corpus.quotable_interviews()
    return (rng or random).choice(candidates) if len(candidates) > 1 else None


def featured_quote(services: Services, *, text_language: Language, ui_language: Language, owner: int,
                   not_turn: int | None = None, both: bool = False) -> Reply | None:
    """The reader's next featured excerpt (bot.featured: each once before any again, across
    their chats), in bold among the sentences around it; None without a featured list."""
    excerpts = _featured_as_read(services, "en" if both else text_language)
    if not excerpts:
        return None
    again = services.featured.starts_again(owner, len(excerpts))
    index = services.featured.next(owner, len(excerpts), avoid=indices_in_turn(excerpts, not_turn))
    excerpt = excerpts[index]
    reply = show_excerpt(services, excerpt.turn_id, featured_anchor(excerpt, text_language, both=both),
                         text_language=text_language, ui_language=ui_language, owner=owner, both=both)
    if reply is None or not again:
        return reply
    return replace(reply, text=Html(f"{t(ui_language, 'quote.featured_again', count=len(excerpts))}\n\n{reply.text}"))


def _featured_as_read(services: Services, text_language: Language) -> tuple[FeaturedRecord, ...]:
    """The featured excerpts, less those whose passage a reader of `text_language` has seen in an
    earlier one (bot.featured.distinct): a Chinese reader's round holds each passage once."""
    return _distinct_featured(services.corpus, text_language)


@lru_cache(maxsize=8)  # per corpus store and language: the corpus is read-only while the bot runs
def _distinct_featured(corpus: CorpusStore, text_language: Language) -> tuple[FeaturedRecord, ...]:
    excerpts = corpus.featured_excerpts()
    if text_language == "en":
        return tuple(excerpts)
    records = {record.id: record for record in corpus.turns([excerpt.turn_id for excerpt in excerpts])}

    def shown(excerpt: FeaturedRecord) -> tuple[int, int, int]:
        record = records.get(excerpt.turn_id)
        if record is None:
            return excerpt.turn_id, *excerpt.zh
        window = passage(record, text_language, featured_anchor(excerpt, text_language))
        return excerpt.turn_id, window.start, window.end

    return tuple(distinct(excerpts, shown))


def show_excerpt(services: Services, turn_id: int, anchor: Anchor | None, *, text_language: Language,
                 ui_language: Language, owner: int, both: bool = False) -> Reply | None:
    """A few sentences of a turn around `anchor` (its opening without one), or None if the id does not exist."""
    record = services.corpus.turn(turn_id)
    if record is None:
        return None
    return render_excerpt(record, anchor, text_language=text_language, ui_language=ui_language, owner=owner,
                          context=turn_context(services, record, text_language), both=both)


def show_turn(services: Services, turn_id: int, *, text_language: Language, ui_language: Language,
              owner: int, part: int = 0, both: bool = False, at: int | None = None) -> Reply | None:
    """One whole turn with its context buttons, or None if the id does not exist (`both`: "EN + 中文";
    `at`: the part holding that character, bot.render.render_turn)."""
    record = services.corpus.turn(turn_id)
    if record is None:
        return None
    return render_turn(record, text_language=text_language, ui_language=ui_language, owner=owner, part=part,
                       context=turn_context(services, record, text_language), both=both, at=at)


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
    while neighbour is not None and not neighbour.readable_in(text_language):
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
    """Who translated the article `record`'s interview has (its byline, from the corpus), if anyone."""
    return record.translation_credit or None


def _article_credits(services: Services, records: list[TurnRecord]) -> dict[int, str | None]:
    """Who translated the article of each of `records`' interviews, by interview id."""
    return {record.interview_id: _article_credit(services, record) for record in records}


def _readable(services: Services, hits: list[Hit], language: Language) -> list[tuple[Hit, TurnRecord]]:
    """The hits with their turns, without those an English reader cannot read (only in the Chinese article)."""
    records = {record.id: record for record in services.corpus.turns([hit.turn_id for hit in hits])}
    return [(hit, records[hit.turn_id]) for hit in hits
            if hit.turn_id in records and records[hit.turn_id].readable_in(language)]


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
    """A page of a search's results; on results from several interviews, a button per interview
    narrows them to it (and on narrowed results, one widens them again)."""
    narrowed = services.corpus.interview_slugged(session.interview) if session.interview else None
    if session.interview and narrowed is None:  # the interview is gone (removed, the library rebuilt)
        return None
    readable, left_out, suggestions = _hits_of(services, session, language)
    page_hits = readable[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    total = len(readable)
    footer = t(language, "search.chinese_only", count=left_out) if left_out else None
    many = many_interviews(services)
    if not page_hits:
        if page > 0:
            return None
        key = "search.no_results_many" if many and narrowed is None else "search.no_results"
        message = t(language, key, query=shorten(echo_in_script(session.query, language), QUERY_IN_MESSAGE_CHARS))
        # Nothing at all matched: meaning may help.
        near = [] if left_out else _offered(services, session.query, language, speaker=session.speaker,
                                            interview=session.interview or None)
        return _no_results(services, Html(f"{message}\n{footer}") if footer else message, suggestions, language,
                           session.owner, near=near, name_interviews=many and narrowed is None)
    records = [record for _, record in page_hits]
    anchors = [_anchor(services, hit.spans, record, language, hit.located) for hit, record in page_hits]
    first = page * PAGE_SIZE + 1
    header = search_header(language, session.query, first, first + len(records) - 1, total,
                           interview=narrowed.title if narrowed and many else None)
    paging = paging_buttons(language, page, _pages(total),
                            lambda p: Action(Kind.SEARCH_PAGE, session.owner, (session.id, str(p))))
    narrowing = _narrowing_buttons(services, session, [record for _, record in readable], language) if many else ()
    return render_result_list(header, records, [a.span for a in anchors], language=language, owner=session.owner,
                              first_number=first, paging=paging, footer=footer,
                              extra_rows=tuple((button,) for button in narrowing),
                              article_credits=_article_credits(services, records),
                              name_interviews=many and narrowed is None,
                              near_only=[hit.near_only for hit, _ in page_hits],
                              unmarked=[not a.marked for a in anchors])


def _anchor(services: Services, spans: dict[str, tuple[int, int]], record: TurnRecord, language: Language,
            located: frozenset[str] = frozenset()) -> Anchor:
    """Where a result's excerpt sits in the text the reader is shown (bot.bilingual.anchor_shown)."""
    return anchor_shown(services.corpus, record, spans, displayed_field(record, language), located)


def _offered(services: Services, query: str, language: Language, *, speaker: Speaker = "any",
             interview: str | None = None) -> list[tuple[TurnRecord, tuple[int, int] | None]]:
    """The passages nearest the words in meaning that the reader can read, with their spans."""
    offered = services.search.offered_in_meaning(query, 2 * NEAR_IN_MEANING, interview=interview, speaker=speaker)
    return [(record, _anchor(services, hit.spans, record, language, hit.located).span)
            for hit, record in _readable(services, offered, language)][:NEAR_IN_MEANING]


def _hits_of(services: Services, session: SearchSession,
             language: Language) -> tuple[list[tuple[Hit, TurnRecord]], int, list[Suggestion]]:
    """Every relevant hit a reader of `language` is shown, with its turn; how many an English
    reader's list leaves out (only in the Chinese article); and the suggestions.

    Pages are cut from all the hits, so leaving some out moves no page, and the interviews of
    all of them are known for the narrowing buttons."""
    outcome = services.search.search(session.query, speaker=session.speaker, interview=session.interview or None,
                                     limit=MAX_TOTAL, fill=True)
    readable = _readable(services, outcome.hits, language)
    shown = {hit.turn_id for hit, _ in readable}
    # A passage only near in meaning, left out, matched nothing: it is not "also matching".
    left_out = sum(hit.turn_id not in shown and not hit.near_only for hit in outcome.hits)
    return readable, left_out, outcome.suggestions


def _narrowing_buttons(services: Services, session: SearchSession, records: list[TurnRecord],
                       language: Language) -> list[Button]:
    """"🎯 Only <interview>" for the first interviews among results from several; "All
    interviews" on results narrowed to one."""
    if session.interview:
        return [action_button(t(language, "button.all_interviews"),
                              Action(Kind.NARROW, session.owner, (session.id, "0")))]
    found: dict[int, str] = {}
    for record in records:
        found.setdefault(record.interview_id,
                         in_reader_script(record.interview_title, language, held_in=record.interview_language))
    if len(found) < 2:
        return []
    return [action_button(t(language, "button.only", title=title),
                          Action(Kind.NARROW, session.owner, (session.id, str(interview_id))))
            for interview_id, title in list(found.items())[:NARROW_BUTTONS]]


async def narrowed_search(services: Services, session_id: str, interview_id: int, *,
                          language: Language) -> Reply | None:
    """A stored search narrowed to one interview (0: widened to all again), from its first page;
    None if the search or the interview is forgotten."""
    session = await services.sessions.get(session_id)
    interview = services.corpus.interview(interview_id) if interview_id else None
    if session is None or (interview_id and interview is None):
        return None
    narrowed = services.sessions.create(session.owner, session.query, session.speaker,
                                        interview.slug if interview else "")
    return search_page(services, narrowed, 0, language=language)


def _no_results(services: Services, message: Html, suggestions: list[Suggestion], language: Language,
                owner: int, *, near: Sequence[tuple[TurnRecord, tuple[int, int] | None]] = (),
                name_interviews: bool = False, search_words: str | None = None) -> Reply:
    """`message`, the passages `near` in meaning (labelled as other words), then did-you-mean
    buttons (a topic opens it; a phrase searches it); `search_words` (a /quote's, which looks in
    the guest's words only): a button to /search them in everyone's, when that finds any."""
    buttons: list[Button] = []
    for suggestion in suggestions[:SUGGESTION_BUTTONS]:
        label = suggestion.label_en if language == "en" else suggestion.label_zh
        if language != "en":  # a topic's name, or words of a turn: in the reader's script, not reworded
            label = (in_reader_script(label, language) if suggestion.topic_key is not None
                     else echo_in_script(label, language))
        if suggestion.topic_key is not None and suggestion.interview_id is not None:
            action = topic_action(owner, suggestion.interview_id, suggestion.topic_key)
        elif suggestion.topic_key is not None:
            action = Action(Kind.OLD_TOPIC_PAGE, owner, (suggestion.topic_key, "0"))
        else:
            action = Action(Kind.SEARCH_PAGE, owner, (services.sessions.create(owner, suggestion.query).id, "0"))
        buttons.append(action_button(shorten(label, 48), action))
    if many_interviews(services):
        browse, try_key = interviews_button(language, owner), "search.try_interviews"
    else:
        browse, try_key = topics_button(language, owner), "search.try_topics"
    wider = None
    if search_words and (found := services.search.search(search_words, limit=1, suggest=False)).total:
        session = services.sessions.create(owner, search_words)
        wider = action_button(t(language, "quote.search_everyone", count=found.total),
                              Action(Kind.SEARCH_PAGE, owner, (session.id, "0")))
    return render_no_results(language, message, buttons, browse, try_key=try_key, near=near, owner=owner,
                             name_interviews=name_interviews, search_button=wider)


# ----------------------------------------------------------------- the quote check


def search_or_check(services: Services, text: str, *, language: Language, owner: int) -> Reply:
    """/search words, or words sent in a private chat: the quote check when they read as a
    quotation (in quotation marks, or a long sentence that asks nothing), else a search."""
    quotation = quotation_in(text)
    if quotation is not None:
        return quote_check(services, quotation, language=language, owner=owner, attribution=attribution_in(text))
    return start_search(services, clean_query(text, keep_marks=True), language=language, owner=owner)


def quote_or_check(services: Services, text: str, *, language: Language, owner: int, both: bool = False) -> Reply:
    """/quote words: the quote check for a quotation, else the guest turn that best matches
    (`both`: the reader's "EN + 中文" setting)."""
    quotation = quotation_in(text)
    if quotation is not None:
        return quote_check(services, quotation, language=language, owner=owner, attribution=attribution_in(text))
    return quote(services, clean_query(text, keep_marks=True), text_language=language, ui_language=language,
                 owner=owner, both=both)


def quote_check(services: Services, quotation: str, *, language: Language, owner: int, attribution: str = "") -> Reply:
    """Whether the interview says `quotation`: the passage that does (and whose words they are,
    when `attribution`, the words before the marks, names another speaker), or "not found in
    this interview" and the closest passages."""
    check = services.quotes.check(quotation)
    record = services.corpus.turn(check.turn_id) if check.turn_id is not None else None
    # The passage is shown in the quotation's language (the bold words are in it), in the reader's
    # script; an English reader reads an interview held in Chinese in its own (text_language "en").
    held_in_chinese = record is not None and not record.en
    text_language: Language = ("en" if check.field == "en" or (language == "en" and held_in_chinese)
                               else ("zh-hans" if language == "en" else language))
    if check.said and record is not None:
        interview = services.corpus.interview(record.interview_id)
        speakers = (interview.host, interview.guest) if interview else ()
        return render_quote_said(record, check.span, text_language=text_language, ui_language=language,
                                 owner=owner, reworded=not check.word_for_word,
                                 article_credit=_article_credit(services, record),
                                 not_by=another_speaker_named(attribution, record.speaker, speakers))
    return _not_said(services, quotation, check, text_language, language, owner)


def _not_said(services: Services, quotation: str, check: QuoteCheck, text_language: Language, language: Language,
              owner: int) -> Reply:
    """"Not found", then the closest passages (`closest_turns`); with none, did-you-mean buttons."""
    # Suggestions only where no passage is shown (they cost a search each).
    outcome = services.search.search(quotation, limit=1, suggest=False)
    passages = _closest_passages(services, quotation, check, outcome.hits, text_language)
    interviews = services.corpus.interviews()
    quoted = shorten(quotation, QUOTATION_IN_MESSAGE_CHARS)
    if len(interviews) > 1:
        message = t(language, "quote_check.not_found_many", quotation=quoted, count=len(interviews))
    else:
        message = t(language, "quote_check.not_found", quotation=quoted,
                    title=interviews[0].title if interviews else "",
                    when=when(language, interviews[0].date if interviews else ""))
    if not passages:
        suggestions = services.search.search(quotation, limit=1).suggestions
        return _no_results(services, message, suggestions, language, owner)
    search = None
    if outcome.hits:  # the words' search results, for a quotation that was meant as a search
        session = services.sessions.create(owner, quotation)
        search = action_button(t(language, "quote_check.search"), Action(Kind.SEARCH_PAGE, owner, (session.id, "0")))
    (first, first_anchor), *also = passages
    return render_quote_not_found(message, first, first_anchor.span, text_language=text_language, ui_language=language,
                                  owner=owner, search=search, article_credit=_article_credit(services, first),
                                  also=[(record, anchor.span) for record, anchor in also],
                                  name_interviews=len(interviews) > 1,
                                  differs=check.differs if first.id == check.turn_id else None,
                                  marked=first_anchor.marked)


def _closest_passages(services: Services, quotation: str, check: QuoteCheck, searched: list[Hit],
                      text_language: Language) -> list[tuple[TurnRecord, Anchor]]:
    """The passages `closest_turns` offers, each with its anchor in the text shown: the check's
    (the words it shares), the search's or the passage nearest in meaning."""
    found_in = services.search.interview_of(searched[0].turn_id) if searched else None
    meaning = services.search.offered_in_meaning(quotation, NEAR_IN_MEANING, found_in=found_in, quotation=True)
    found = {hit.turn_id: (hit.spans, hit.located) for hit in (*meaning, *searched)}
    if check.turn_id is not None and check.span:
        found[check.turn_id] = ({check.field: check.span}, frozenset())
    passages = []
    for turn_id in closest_turns(check, [hit.turn_id for hit in searched], [hit.turn_id for hit in meaning]):
        if (record := services.corpus.turn(turn_id)) is not None and record.readable_in(text_language):
            spans, located = found.get(turn_id, ({}, frozenset()))
            passages.append((record, _anchor(services, spans, record, text_language, located)))
    return passages


# ----------------------------------------------------------------- topics


def topic_list(services: Services, *, language: Language, owner: int, header: Html | None = None) -> Reply:
    """The topics as buttons; with several interviews (whose topics would be hundreds), the
    interviews to choose one from."""
    if many_interviews(services):
        return interview_list(services, 0, language=language, owner=owner, header=header) or Reply(
            t(language, "quote.empty"))
    return render_topic_list(services.corpus.topics(), language, owner, header)


def topic_command(services: Services, name: str, *, language: Language, owner: int) -> Reply:
    """No name: the topic buttons. A name: that topic's first page, or all topics if none is close."""
    if not name:
        return topic_list(services, language=language, owner=owner)
    match = services.search.find_topic(name)
    page = topic_page(services, match.key, 0, interview_id=match.interview_id, language=language,
                      owner=owner) if match else None
    if page is None:
        key = "topic.not_found_many" if many_interviews(services) else "topic.not_found"
        header = t(language, key, query=shorten(name, 60))
        return topic_list(services, language=language, owner=owner, header=header)
    return page


def topic_page(services: Services, key: str, page: int, *, interview_id: int | None, language: Language,
               owner: int) -> Reply | None:
    """A page of interview `interview_id`'s topic `key` (None: a button from before topics named
    their interview, the first interview's with that key)."""
    topic = services.corpus.topic(key, interview_id)
    if topic is None:
        return None
    records, total, left_out = _topic_turns(services, topic.key, topic.interview_id, page, language)
    if not records:
        return None
    first = page * PAGE_SIZE + 1
    paging = paging_buttons(language, page, _pages(total),
                            lambda p: topic_action(owner, topic.interview_id, topic.key, p))
    footer = t(language, "topic.chinese_only", count=left_out) if left_out else None
    many = many_interviews(services)
    back = (action_button(t(language, "button.topics"), interview_action(owner, topic.interview_id)),
            interviews_button(language, owner)) if many else (topics_button(language, owner),)
    header = topic_header(topic, language, first, first + len(records) - 1, total,
                          interview=records[0].interview_title if many else None)
    return render_result_list(header, records, [None] * len(records), language=language, owner=owner,
                              first_number=first, paging=paging, extra_rows=(back,), footer=footer,
                              article_credits=_article_credits(services, records))


def _topic_turns(services: Services, key: str, interview_id: int, page: int,
                 language: Language) -> tuple[list[TurnRecord], int, int]:
    """A page of the topic's turns, how many there are, how many an English reader's pages leave out."""
    if language != "en":
        records, total = services.corpus.topic_turns(key, interview_id=interview_id, offset=page * PAGE_SIZE,
                                                     limit=PAGE_SIZE)
        return records, total, 0
    everything, total = services.corpus.topic_turns(key, interview_id=interview_id, offset=0, limit=-1)
    english = [record for record in everything if record.readable_in(language)]
    return english[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], len(english), total - len(english)


# ----------------------------------------------------------------- interviews


def interview_list(services: Services, page: int, *, language: Language, owner: int,
                   header: Html | None = None) -> Reply | None:
    """/interviews: a page of the interviews (title, guest, date) as buttons, newest first as in a
    podcast app (undated ones last); None past the last page."""
    interviews = newest_first(services.corpus.interviews())
    pages = max(-(-len(interviews) // INTERVIEWS_PAGE_SIZE), 1)
    if not interviews or not 0 <= page < pages:
        return None
    shown = interviews[page * INTERVIEWS_PAGE_SIZE:(page + 1) * INTERVIEWS_PAGE_SIZE]
    paging = paging_buttons(language, page, pages, lambda p: Action(Kind.INTERVIEWS, owner, (str(p),)))
    return render_interview_list(shown, language, owner, first_number=page * INTERVIEWS_PAGE_SIZE + 1,
                                 total=len(interviews), paging=paging, header=header)


def newest_first(interviews: list[InterviewRecord]) -> list[InterviewRecord]:
    """By date, newest first; undated interviews after the dated ones, each group in library order."""
    dated = sorted((i for i in interviews if i.date), key=lambda i: i.date, reverse=True)
    return dated + [i for i in interviews if not i.date]


def open_interview(services: Services, interview_id: int, *, language: Language, owner: int,
                   both: bool = False) -> Reply | None:
    """A chosen interview: its topics as buttons, or, with one topic, its first passage (`both`: "EN + 中文")."""
    interview = services.corpus.interview(interview_id)
    if interview is None:
        return None
    topics = services.corpus.topics(interview_id)
    if len(topics) <= 1:
        first = services.corpus.first_turn(interview_id)
        while first is not None and not first.readable_in(language):
            first = services.corpus.neighbour(first, +1)
        return show_turn(services, first.id, text_language=language, ui_language=language,
                         owner=owner, both=both) if first else None
    return render_topic_list(topics, language, owner, interview_topics_header(interview, len(topics), language),
                             extra_rows=((interviews_button(language, owner),),), counted=False)


# ----------------------------------------------------------------- inline mode


def inline_results(services: Services, query: str, *, language: Language, bot_username: str | None,
                   both: bool = False) -> list[InlineArticle]:
    """`inline_answer`'s quotes alone."""
    return inline_answer(services, query, language=language, bot_username=bot_username, both=both)[0]


def inline_answer(services: Services, query: str, *, language: Language, bot_username: str | None,
                  both: bool = False) -> tuple[list[InlineArticle], tuple[str, str] | None]:
    """Up to 20 quotes for `@bot words`, each the sentences that matched; featured quotes for an
    empty query; for a Share button's `turn_<id>[_…]`, the passage it shares. `both`: the
    asker's "EN + 中文" setting. With them, the line shown above them and the /start payload
    it opens: for a quotation this interview does not say, so that no one shares the closest
    passage as the quotation; for words that find nothing, over the passages nearest in meaning."""
    shared = shared_passage(query)
    if shared is not None:
        return _shared(services, shared, language, bot_username, both), None
    if not query:
        return featured_inline(services, language=language, bot_username=bot_username), None
    quotation = quotation_in(query)
    check = services.quotes.check(quotation) if quotation is not None else None
    # A quotation said here: the passage that says it first. One not said: the closest passages,
    # so its words are searched without the marks (which would ask for every one of them).
    searched = services.search.search(quotation or query, limit=INLINE_RESULTS, suggest=False)
    outcome = with_quote_hit(services.quotes, query, searched, speaker="any", limit=INLINE_RESULTS, check=check)
    not_said = check is not None and not check.said
    hits = outcome.hits
    if not_said and not hits:  # its words find nothing: the passages nearest in meaning, as a chat reply offers
        hits = services.search.offered_in_meaning(quotation, NEAR_IN_MEANING, quotation=True)
    near_only = not hits and not not_said
    if near_only:  # a paraphrase: its words find nothing, as /search offers the passages nearest in meaning
        hits = services.search.offered_in_meaning(query, NEAR_IN_MEANING)
    articles = []
    for hit, record in _readable(services, hits, language):  # a shared quote must be readable
        anchor = _anchor(services, hit.spans, record, language, hit.located)
        articles.append(_inline_article(services, record, language, bot_username, anchor,
                                        both=both))
    many = "_many" if many_interviews(services) else ""
    if near_only:
        return articles, (t(language, f"inline.near_in_meaning{many}"), HELP_PAYLOAD) if articles else None
    if not not_said:
        return articles, None
    key = "inline.not_said" if articles else "inline.not_said_alone"
    return articles, (t(language, f"{key}{many}"), NOT_SAID_PAYLOAD)


def featured_inline(services: Services, *, language: Language, bot_username: str | None) -> list[InlineArticle]:
    """The empty query's quotes: the reviewed featured excerpts in interview order (without a
    featured list, the opening of the first quotable turn of each topic)."""
    excerpts = _featured_as_read(services, language)[:FEATURED_RESULTS]
    if not excerpts:
        records = services.corpus.featured(FEATURED_RESULTS)
        return [_inline_article(services, record, language, bot_username) for record in records
                if record.readable_in(language)]
    records = {record.id: record for record in services.corpus.turns([excerpt.turn_id for excerpt in excerpts])}
    return [_inline_article(services, records[excerpt.turn_id], language, bot_username,
                            featured_anchor(excerpt, language))
            for excerpt in excerpts if excerpt.turn_id in records]


def _shared(services: Services, shared: SharedPassage, language: Language, bot_username: str | None,
            both: bool) -> list[InlineArticle]:
    """The one passage a Share button names, in the language it was read in; a Chinese one with
    its labels in that Chinese too (a Traditional group's passage, shared by an English reader,
    reads "機器翻譯", not "machine translation")."""
    record = services.corpus.turn(shared.turn_id)
    text_language = shared.text_language or language
    if record is None or not record.readable_in(text_language):
        return []
    labels = text_language if text_language != "en" else language
    return [_inline_article(services, record, text_language, bot_username, shared.anchor, both=both,
                            ui_language=labels)]


def _inline_article(services: Services, record: TurnRecord, language: Language, bot_username: str | None,
                    anchor: Anchor | None = None, *, both: bool = False,
                    ui_language: Language | None = None) -> InlineArticle:
    return render_inline_article(record, language, bot_username, anchor,
                                 article_credit=_article_credit(services, record),
                                 pairs=passage_pairs(services.corpus, record), both=both,
                                 name_interview=many_interviews(services), ui_language=ui_language)
