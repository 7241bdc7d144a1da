"""Reply builders: corpus records and search results as Telegram HTML with their keyboards.

Pure functions: no Telegram imports, so every reply can be checked without a bot.
All corpus and user text is escaped here; catalog text comes from `bot.i18n`; buttons
come from `bot.keyboards`; plain-text cutting from `bot.text`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Mapping, Sequence

from functools import lru_cache

from bot.bilingual import PassagePairs
from bot.chinese import to_simplified_chars, to_traditional, to_traditional_chars, to_traditional_excerpt
from bot.i18n import Html, t
from bot.keyboards import (
    Button, Keyboard, action_button, excerpt_keyboard, interview_action, language_row, open_at_action, topic_button, turn_action,
    turn_keyboard,
)
from bot.language import LANGUAGE_NAMES, Language
from bot.links import share_query, turn_deep_link
from bot.moments import clock, moment_url
from bot.search.sponsor_reads import without_sponsor_reads
from bot.storage.corpus import InterviewRecord, TopicRecord, TurnRecord
from bot.text import (
    Anchor, Excerpt, asked_sentence, chinese_punctuation, part_holding, part_spans, reads_as_question,
    sentence_excerpt, shorten, telling_sentence, unquoted,
)

# Telegram's limit is 4096 characters (bot.limits) after entity parsing; leave room for the
# header, the question, attribution and part counter around a turn's body.
# With "EN + 中文", the Chinese that says what a part's English says goes under it: about a
# third of its characters (0.25-0.30 in the seed interview), cut at TURN_CHINESE_CHARS. The
# English is cut alike in both views, so for an English reader a part number means one place in
# either (a Chinese reader's Chinese, a third as long, has fewer parts: `_toggled_part`).
TURN_PART_CHARS = 2600
TURN_CHINESE_CHARS = 900
# An excerpt: one to three sentences around the match, at most this many characters ("en",
# "zh"; Chinese says as much in about a third of the characters). A quote, a shared quote and
# the other language under it get the longer; each hit of a result list the shorter, so five
# of them make a page to scan. In both languages, a reply stays far below 4096 characters.
QUOTE_EXCERPT_CHARS = {"en": 500, "zh": 200}
LIST_EXCERPT_CHARS = {"en": 300, "zh": 110}
# A quote check shows the sentences around the matched words, the quotation (at most
# bot.text.MAX_QUERY_CHARS) whole among them.
QUOTE_CHECK_CHARS = {"en": 700, "zh": 260}
QUESTION_CHARS = {"en": 110, "zh": 45}  # the question behind an answer, on one short line
INLINE_DESCRIPTION_CHARS = 160
QUERY_ECHO_CHARS = 80  # a query quoted back in a header
LIST_TITLE_CHARS = 60  # an interview's title beside each result of a list


@dataclass(frozen=True, slots=True)
class Reply:
    text: Html
    buttons: Keyboard = ()


@dataclass(frozen=True, slots=True)
class TurnContext:
    """What a view of one turn shows around it; the defaults: nothing.

    `previous`/`next`: the turns ◀ Before and After ▶ show, in the reader's order (an English
    reader's skips the passages only the Chinese article has: `skipped_*` says where it did).
    `question`: the host's turn an answer answers. `article_credit`: who translated the article
    (the interview's translation credit, from its article's byline). `pairs`: the turn's English and Chinese aligned, for the other
    language's passage (None: the turn has one language)."""

    previous: int | None = None
    next: int | None = None
    skipped_before: bool = False
    skipped_after: bool = False
    question: TurnRecord | None = None
    article_credit: str | None = None
    pairs: PassagePairs | None = None


@dataclass(frozen=True, slots=True)
class InlineArticle:
    """One inline-mode result."""

    id: str
    title: str
    description: str
    text: Html
    buttons: Keyboard = ()


# ----------------------------------------------------------------- text of a turn


def displayed_field(turn: TurnRecord, language: Language) -> str:
    """Which stored field a reader of `language` sees: "en", or "zh" (also for Chinese-only
    turns); a turn without Chinese shows everyone its English."""
    return "en" if (language == "en" and turn.en) or not turn.zh else "zh"


def turn_text(turn: TurnRecord, language: Language) -> str:
    """The turn's words in `language` (article-only turns have Chinese only)."""
    if displayed_field(turn, language) == "en":
        return turn.en
    if (held := _as_held(turn, language)) is not None:
        return held
    chinese = chinese_punctuation(turn.zh) if turn.zh else turn.en
    return to_traditional(chinese) if reads_traditional(turn, language) else chinese


def _as_held(turn: TurnRecord, language: Language) -> str | None:
    """The Chinese as the interview holds it (Traditional), for a reader of Traditional: offsets
    in the displayed Simplified index it too (one for one). None where it is converted instead."""
    return chinese_punctuation(turn.zh_held) if turn.zh_held and reads_traditional(turn, language) else None


def reads_traditional(turn: TurnRecord, language: Language) -> bool:
    """Whether the Chinese shown to a reader of `language` is Traditional: theirs, or, for an
    English reader of an interview held in Traditional Chinese, the interview's own script."""
    return language == "zh-hant" or (language == "en" and turn.interview_language == "zh-hant")


def in_script(simplified: str, language: Language) -> str:
    """Stored (Simplified) Chinese in the reader's script."""
    return to_traditional(simplified) if language == "zh-hant" else simplified


def topic_name(turn_or_topic: TurnRecord | TopicRecord, language: Language) -> str:
    if isinstance(turn_or_topic, TurnRecord):
        en, zh = turn_or_topic.topic_en, turn_or_topic.topic_zh
    else:
        en, zh = turn_or_topic.name_en, turn_or_topic.name_zh
    held_in = turn_or_topic.interview_language if isinstance(turn_or_topic, TurnRecord) else ""
    return en if language == "en" else in_reader_script(zh, language, held_in=held_in)


def in_reader_script(name: str, language: Language, *, held_in: str = "") -> str:
    """A title, topic or speaker's name in a Chinese reader's script, as the turns' text is (an
    interview imported in Traditional is read in Simplified by its Simplified readers), by
    characters only; as written for an English reader. A Traditional reader reads a name of an
    interview held in Traditional (`held_in`), or one with Traditional characters, as written
    (范先生 stays 范先生, 保存 stays 保存); ours (the seed's Simplified topics) in Taiwan's words."""
    if language == "zh-hans":
        return to_simplified_chars(name)
    if language != "zh-hant" or held_in == "zh-hant" or to_simplified_chars(name) != name:
        return name
    return to_traditional(name)


def echo_in_script(typed: str, language: Language) -> str:
    """What a user typed, echoed in their script by characters only, never reworded (the
    message puts it in quotation marks: its own go)."""
    typed = unquoted(typed)
    if language == "zh-hans":
        return to_simplified_chars(typed)
    return to_traditional_chars(typed) if language == "zh-hant" else typed


def _title(turn: TurnRecord, language: Language) -> str:
    return in_reader_script(turn.interview_title, language, held_in=turn.interview_language)


def _speaker(turn: TurnRecord, language: Language) -> str:
    return in_reader_script(turn.speaker, language, held_in=turn.interview_language)


def open_match(owner: int, turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> Action:
    """A list's button opening the whole turn at the match (its start without one)."""
    return open_at_action(owner, turn.id, language, span[0] if span else 0)


def displayed_text(turn: TurnRecord, field: str) -> str:
    """The stored text of `field` ("en", "zh") as shown, before any Traditional conversion:
    spans and anchors index it."""
    return turn.en if field == "en" else chinese_punctuation(turn.zh)


def passage(turn: TurnRecord, language: Language, anchor: Anchor | None, *,
            chars: dict[str, int] = QUOTE_EXCERPT_CHARS, pairs: PassagePairs | None = None,
            joiner: str | None = None) -> Excerpt:
    """The sentences of the turn's text in `language` around `anchor`, in the reader's script:
    the matched words themselves where the anchor is in that text, else the sentences that
    translate the anchored ones (through `pairs`), else the turn's opening."""
    field = displayed_field(turn, language)
    held = _as_held(turn, language) if field == "zh" else None
    text = held if held is not None else displayed_text(turn, field)
    if anchor is not None and anchor.field == field:
        window = sentence_excerpt(text, anchor.span, max_chars=chars[field], joiner=joiner)
    elif anchor is not None and pairs is not None and held is None:  # pairs: only turns in both languages
        read = sentence_excerpt(displayed_text(turn, anchor.field), anchor.span, max_chars=chars[anchor.field])
        translate = pairs.chinese_of if field == "zh" else pairs.english_of
        window = translate((read.start, read.end), max_chars=chars[field], joiner=joiner, keep=anchor.span)
    else:
        window = sentence_excerpt(text, None, max_chars=chars[field], joiner=joiner)
    # Cut in Simplified (the spans index it), then convert: conversion may change lengths.
    if field == "zh" and held is None and reads_traditional(turn, language):  # converted as one text: no word halved at the match
        return Excerpt(*to_traditional_excerpt(window.before, window.match, window.after), window.start, window.end)
    return window


def snippet_text(turn: TurnRecord, language: Language, span: tuple[int, int] | None,
                 chars: dict[str, int] = LIST_EXCERPT_CHARS) -> Excerpt:
    """A result's excerpt around `span` (in the text `language` shows), lines joined: the
    sentences a result list (and `quotebot search`) shows."""
    field = displayed_field(turn, language)
    return passage(turn, language, Anchor(field, span), chars=chars, joiner=" " if field == "en" else "")


@lru_cache(maxsize=4096)  # a popular search shows the same snippets to everyone
def snippet(turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> Html:
    """A short window of the turn around the matched span, the match in bold."""
    return _marked(snippet_text(turn, language, span))


@lru_cache(maxsize=4096)
def near_snippet(turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> Html:
    """`snippet` around a passage near in meaning, nothing in bold: it shares no words to mark,
    and a whole passage in bold is a wall of it."""
    window = snippet_text(turn, language, span)
    return Html(_esc(f"{window.before}{window.match}{window.after}"))


def _marked(window: Excerpt, anchor: Anchor | None = None) -> Html:
    """An excerpt as HTML, its match in bold (none where `anchor` holds none of the query's words)."""
    if anchor is not None and not anchor.marked:
        return Html(_esc(window.plain()))
    matched = f"<b>{_esc(window.match)}</b>" if window.match else ""
    return Html(f"{_esc(window.before)}{matched}{_esc(window.after)}")


def part_of_window(turn: TurnRecord, language: Language, offset: int) -> int:
    """The part of a long turn (paged view) that holds character `offset` of its text in `language`."""
    return part_holding(turn_text(turn, language), offset, TURN_PART_CHARS) if offset else 0


# ----------------------------------------------------------------- a single turn


def render_turn(turn: TurnRecord, *, text_language: Language, ui_language: Language, owner: int,
                part: int = 0, context: TurnContext = TurnContext(), both: bool = False, at: int | None = None) -> Reply:
    """A whole turn as a quote with attribution, context/flip/another/share buttons, paged if long.

    `both` ("EN + 中文"): each part's English, and under it the Chinese that says the same.
    `at`: the part holding that character of the turn's text in `text_language`, not `part`."""
    both = both and context.pairs is not None
    first = "en" if both else text_language
    text = turn_text(turn, first)
    parts = part_spans(text, TURN_PART_CHARS)
    if at is not None:
        part = _part_at(turn, text_language, at, context.pairs if both else None)
    part = min(max(part, 0), len(parts) - 1)
    window = parts[part]
    chinese = _chinese_script(text_language, ui_language)
    lines = _heading(turn, first, ui_language, context, asked_in=_asked_in(both, chinese, ui_language))
    lines.append(f"<blockquote>{_esc(text[window[0]:window[1]])}</blockquote>")
    if both:
        lines.append(f"<blockquote>{_esc(_chinese_saying(turn, chinese, window, context.pairs))}</blockquote>")
    if len(parts) > 1:
        lines.append(f"<i>{t(ui_language, 'quote.part', part=part + 1, parts=len(parts))}</i>")
    lines += _notes(turn, first, ui_language, context, window, both=both)
    credited = chinese if both else text_language
    lines.append(_attribution(turn, ui_language, _credit(turn, credited, ui_language, context.article_credit)))
    keyboard = turn_keyboard(turn.id, text_language=text_language, ui_language=ui_language, owner=owner,
                             part=part, parts=len(parts), previous=context.previous, next=context.next,
                             question=_question_id(context, first), asks=_asks(context, first),
                             flip=_can_flip(turn, text_language) and not both,
                             both=None if context.pairs is None else both,
                             toggled_part=_toggled_part(turn, text_language, part, window, both, context.pairs))
    return Reply(Html("\n".join(lines)), keyboard)


def _part_at(turn: TurnRecord, language: Language, offset: int, pairs: PassagePairs | None) -> int:
    """The part holding character `offset` of the turn's text in `language`: in that text's own
    parts, or (`pairs`: "EN + 中文", parts cut on the English) in the English that says it."""
    if pairs is None or displayed_field(turn, language) == "en":
        return part_of_window(turn, language, offset)
    return _english_part(turn, pairs, (offset, offset + 1))


def _english_part(turn: TurnRecord, pairs: PassagePairs, chinese: tuple[int, int]) -> int:
    """The part of the turn's English that holds what its Chinese `chinese` says."""
    return part_holding(turn.en, pairs.english_of(chinese, max_chars=TURN_PART_CHARS).start, TURN_PART_CHARS)


def _toggled_part(turn: TurnRecord, language: Language, part: int, window: tuple[int, int], both: bool,
                  pairs: PassagePairs | None) -> int:
    """The part "EN + 中文" pressed shows: for an English reader the same one (both views cut
    the English alike); for a Chinese one, the part that holds the other text's translation of
    where this one starts (the Chinese, a third as long, has fewer parts)."""
    if pairs is None or displayed_field(turn, language) == "en":
        return part
    if both:  # shown: the English; asked: the reader's Chinese alone
        return part_holding(turn_text(turn, language), pairs.chinese_of(window, max_chars=TURN_PART_CHARS).start,
                            TURN_PART_CHARS)
    return _english_part(turn, pairs, window)


def _chinese_saying(turn: TurnRecord, language: Language, window: tuple[int, int], pairs: PassagePairs) -> str:
    """The Chinese, in `language`'s script, that says what English `window` of the turn says."""
    found = pairs.chinese_of(window, max_chars=TURN_CHINESE_CHARS)
    chinese = found.before + found.match + found.after
    return to_traditional(chinese) if reads_traditional(turn, language) else chinese


def render_excerpt(turn: TurnRecord, anchor: Anchor | None, *, text_language: Language, ui_language: Language,
                   owner: int, context: TurnContext = TurnContext(), both: bool = False) -> Reply:
    """A few sentences of a turn around `anchor`, the matched words in bold, with buttons for
    the whole passage, the question, context, another quote, the other language or both, share.

    `both` ("EN + 中文"): the English, and under it the Chinese of the same passage."""
    anchor = anchor or Anchor(displayed_field(turn, text_language))
    both = both and context.pairs is not None
    first = "en" if both else text_language
    shown = passage(turn, first, anchor, pairs=context.pairs)
    chinese = _chinese_script(text_language, ui_language)
    lines = _heading(turn, first, ui_language, context, asked_in=_asked_in(both, chinese, ui_language))
    lines.append(f"<blockquote>{_marked(shown, anchor)}</blockquote>")
    if both:
        lines.append(f"<blockquote>{_marked(passage(turn, chinese, anchor, pairs=context.pairs), anchor)}</blockquote>")
    lines += _notes(turn, first, ui_language, context, (shown.start, shown.end), both=both)
    credited = chinese if both else text_language
    lines.append(_attribution(turn, ui_language, _credit(turn, credited, ui_language, context.article_credit)))
    whole_part = None if _is_whole(turn, first, shown) else part_of_window(turn, first, _offset_in(turn, first, shown))
    keyboard = excerpt_keyboard(turn.id, anchor, text_language=text_language, ui_language=ui_language, owner=owner,
                                whole_part=whole_part, previous=context.previous, next=context.next,
                                question=_question_id(context, first), asks=_asks(context, first),
                                both=both if context.pairs is not None else None,
                                flip=_can_flip(turn, text_language))
    return Reply(Html("\n".join(lines)), keyboard)


def _can_flip(turn: TurnRecord, text_language: Language) -> bool:
    """A flip to the other language, but none from the Chinese of a passage only the Chinese
    article has: its English would only say there is none (an English reader still gets 中文)."""
    return has_other_language(turn) and (text_language == "en" or bool(turn.en))


def has_other_language(turn: TurnRecord) -> bool:
    """Whether the turn's interview has a translation to flip to: imported interviews have
    only the language they were held in."""
    return turn.zh_source not in ("none", "transcript")


def _chinese_script(text_language: Language, ui_language: Language) -> Language:
    """The Chinese a reader of `text_language` with a `ui_language` interface reads."""
    if text_language != "en":
        return text_language
    return ui_language if ui_language != "en" else "zh-hans"


def _is_whole(turn: TurnRecord, language: Language, window: Excerpt) -> bool:
    """Whether `window` is all of the turn's text (a short answer): no whole passage to open."""
    text = displayed_text(turn, displayed_field(turn, language))
    return window.start == 0 and window.end >= len(text.rstrip())


def _offset_in(turn: TurnRecord, language: Language, window: Excerpt) -> int:
    """Where `window` (cut from the Simplified text) starts in the text `language` shows: the
    same offset but in Traditional, whose conversion may change lengths."""
    if displayed_field(turn, language) == "zh" and reads_traditional(turn, language) and not turn.zh_held:
        return len(to_traditional(chinese_punctuation(turn.zh)[:window.start]))
    return window.start


def _asked_in(both: bool, chinese: Language, ui_language: Language) -> Language | None:
    """The question line's language beside both texts: a Chinese reader's Chinese."""
    return chinese if both and ui_language != "en" else None


def _heading(turn: TurnRecord, text_language: Language, ui_language: Language, context: TurnContext,
             asked_in: Language | None = None) -> list[str]:
    """Speaker and topic; for an answer, the question behind it on one short line (in `asked_in`,
    else the text's language: "EN + 中文" shows a Chinese reader the English, and asks in Chinese)."""
    lines = [_speaker_line(turn, ui_language)]
    if text_language == "en" and turn.article_only:
        lines.append(f"<i>{t(ui_language, 'quote.article_only')}</i>")
    elif (note := _language_note(turn, text_language, ui_language)) is not None:
        lines.append(f"<i>{note}</i>")
    asked = ((asked_in and _question_line(context.question, asked_in, ui_language))
             or _question_line(context.question, text_language, ui_language))
    return [*lines, asked] if asked else lines


def _speaker_line(turn: TurnRecord, ui_language: Language) -> str:
    """"Speaker · topic"; a topic named as its interview (an interview without chapters) is not repeated."""
    topic, speaker = topic_name(turn, ui_language), _speaker(turn, ui_language)
    if topic == _title(turn, ui_language):
        return f"<b>{_esc(speaker)}</b>"
    return f"<b>{_esc(speaker)}</b> · <i>{_esc(topic)}</i>"


def _language_note(turn: TurnRecord, text_language: Language, ui_language: Language, *,
                   many: bool = False) -> Html | None:
    """One short note where the text shown is not in the reader's language: an interview held in
    one language, without a translation (the interface stays in the reader's language).
    `many`: under results from several interviews, it names the kind of interview."""
    field = displayed_field(turn, text_language)
    suffix = "_many" if many else ""
    if text_language == "en" and field == "zh":
        return t(ui_language, f"quote.held_in_chinese{suffix}")
    if text_language != "en" and field == "en":
        return t(ui_language, f"quote.held_in_english{suffix}")
    return None


def _question_line(question: TurnRecord | None, text_language: Language, ui_language: Language) -> Html | None:
    """"Craig Smith asked: “…?”" ("had said" when it asks nothing): the sentence the host's turn
    asks, shortened; none where the question is only in the Chinese article (an English reader
    never gets Chinese unasked)."""
    asked = _asked(question, text_language)
    if question is None or asked is None:
        return None
    # "asked" only above a question: a host's remark before an answer is what they had said.
    key = "quote.asked" if reads_as_question(asked) else "quote.said_before"
    field = displayed_field(question, text_language)
    return t(ui_language, key, speaker=_speaker(question, ui_language), question=shorten(asked, QUESTION_CHARS[field]))


def _asked(question: TurnRecord | None, text_language: Language) -> str | None:
    """The sentence of the host's turn that asks (or, asking nothing, ends it), in `text_language`."""
    if question is None or not question.readable_in(text_language):
        return None
    field = displayed_field(question, text_language)
    # What the host asks, never the sponsor read their turn may also hold.
    words = _host_words(question, text_language).replace("\n", " " if field == "en" else "")
    if not words.strip():
        return None
    return asked_sentence(words, QUESTION_CHARS[field], chinese=field == "zh")


def _asks(context: TurnContext, text_language: Language) -> bool:
    """Whether the turn before the answer asks something: its button says "question", else "remark"."""
    asked = _asked(context.question, text_language)
    return asked is not None and reads_as_question(asked)


def _question_id(context: TurnContext, text_language: Language) -> int | None:
    question = context.question
    if question is None or not question.readable_in(text_language):
        return None
    # A host's turn that is a sponsor read and nothing else asks nothing: no ❓ to open it.
    return question.id if _host_words(question, text_language).strip() else None


@lru_cache(maxsize=256)
def _host_words(question: TurnRecord, text_language: Language) -> str:
    """What a host's turn says in `text_language`, less its sponsor reads (once for a reply's
    question line and its ❓ button)."""
    return without_sponsor_reads(turn_text(question, text_language))


def _notes(turn: TurnRecord, text_language: Language, ui_language: Language, context: TurnContext,
           window: tuple[int, int] | None = None, *, both: bool = False) -> list[str]:
    """Where an English reader's reading order skipped passages only the Chinese article has:
    "just before/after this" only where what is shown (`window`, an excerpt or a part; None: the
    whole turn) reaches that end of its turn, not from the middle of it. `both`: "EN + 中文" is
    on, and its keyboard has no 中文 button to point to."""
    if text_language != "en":
        return []
    text = displayed_text(turn, displayed_field(turn, text_language))
    starts = window is None or window[0] == 0
    ends = window is None or window[1] >= len(text.rstrip())
    keys = [key for key, skipped in (("quote.chinese_only_before", context.skipped_before and starts),
                                     ("quote.chinese_only_after", context.skipped_after and ends)) if skipped]
    return [f"<i>{t(ui_language, key + '_both' if both else key)}</i>" for key in keys]


def _credit(turn: TurnRecord, text_language: Language, ui_language: Language, article_credit: str | None) -> Html | None:
    """What the Chinese shown is: machine translation, or the article's translation and whose."""
    if displayed_field(turn, text_language) != "zh" or not turn.zh:
        return None
    if turn.zh_source == "machine":
        return t(ui_language, "text.machine")
    if turn.zh_source != "article" or not article_credit:  # e.g. an interview held in Chinese: its own words
        return None
    return t(ui_language, "text.article", source=in_script(article_credit, ui_language))


def _attribution(turn: TurnRecord, language: Language, credit: Html | None = None) -> Html:
    """"— Speaker · Interview · date" (no date where the interview has none), what the Chinese
    is, and "▶ 12:34", a link to the moment the turn starts where the recording is known."""
    speaker, title = _speaker(turn, language), _title(turn, language)
    if turn.interview_date:
        line = t(language, "quote.attribution", speaker=speaker, title=title, date=turn.interview_date)
    else:
        line = t(language, "quote.attribution_undated", speaker=speaker, title=title)
    parts = [line, *((f"<i>{credit}</i>",) if credit else ()), *((moment,) if (moment := moment_link(turn)) else ())]
    return Html(" · ".join(parts))


def moment_link(turn: TurnRecord) -> Html | None:
    """"▶ 12:34" linking to where the turn starts in the recording (None without a start or a web URL)."""
    url = moment_url(turn.interview_url, turn.start)
    if url is None or turn.start is None:
        return None
    return Html(f'<a href="{html.escape(url, quote=True)}">▶ {clock(turn.start)}</a>')


# ----------------------------------------------------------------- result lists


def render_result_list(header: Html, turns: Sequence[TurnRecord], spans: Sequence[tuple[int, int] | None], *,
                       language: Language, owner: int, first_number: int, paging: tuple[Button, ...],
                       extra_rows: Keyboard = (), article_credits: Mapping[int, str | None] | None = None,
                       footer: Html | None = None, name_interviews: bool = False,
                       near_only: Sequence[bool] | None = None, unmarked: Sequence[bool] | None = None) -> Reply:
    """A numbered page of turns (speaker, its interview where `name_interviews`, topic, what the
    Chinese is, "close in meaning" where `near_only` says the query's words did not find it,
    excerpt; nothing in bold where `unmarked` says its span holds none of the query's words) with
    one open-button per turn; `footer` after them (e.g. what an English
    reader's list left out), and once, where some turn is shown in its interview's language
    rather than the reader's, a note saying so. `article_credits`: who translated each
    interview's article, by interview id."""
    lines = [header, ""]
    open_buttons = []
    notes: dict[str, None] = {}
    meaning = f" · <i>{t(language, 'search.by_meaning')}</i>"
    nears = near_only if near_only is not None else [False] * len(turns)
    plain = unmarked if unmarked is not None else [False] * len(turns)
    for number, (turn, span, near, bare) in enumerate(zip(turns, spans, nears, plain), start=first_number):
        note = f" <i>{t(language, 'quote.article_only_short')}</i>" if language == "en" and turn.article_only else ""
        if near:
            note += meaning
        if (held := _language_note(turn, language, language, many=name_interviews)) is not None:
            notes[held] = None
        credit = _credit(turn, language, language, (article_credits or {}).get(turn.interview_id))
        credited = f" · <i>{credit}</i>" if credit else ""
        # Number and speaker in one bold run: they read as one heading.
        speaker = _speaker(turn, language)
        lines += [f"<b>{number}. {_esc(speaker)}</b>{_where(turn, language, name_interviews)}{credited}{note}",
                  (near_snippet if near or bare else snippet)(turn, language, span), ""]
        action = open_match(owner, turn, language, span)
        open_buttons.append(action_button(str(number), action))
    for line in (*notes, *((footer,) if footer else ())):
        lines.append(f"<i>{line}</i>")
    rows = tuple(row for row in (tuple(open_buttons), paging) if row)
    return Reply(Html("\n".join(lines).rstrip()), (*rows, *extra_rows))


def _where(turn: TurnRecord, language: Language, name_interview: bool) -> str:
    """" · Interview · <i>topic</i>" after a result's speaker: the interview where the library has
    several (shortened), the topic unless it is named as the interview."""
    topic, own_title = topic_name(turn, language), _title(turn, language)
    title = own_title if name_interview else ""
    parts = [_esc(shorten(title, LIST_TITLE_CHARS))] if title else []
    if topic != own_title:
        parts.append(f"<i>{_esc(topic)}</i>")
    return "".join(f" · {part}" for part in parts)


def number_range(first: int, last: int) -> str:
    """"3–7", or just "3" for a single item."""
    return str(first) if first == last else f"{first}–{last}"


def search_header(language: Language, query: str, first: int, last: int, total: int, *,
                  interview: str | None = None) -> Html:
    """"Results for …", and where the search is narrowed to one interview, its title."""
    query, numbers = shorten(echo_in_script(query, language), QUERY_ECHO_CHARS), number_range(first, last)
    if interview is not None:
        title = shorten(in_reader_script(interview, language), LIST_TITLE_CHARS)
        return t(language, "search.header_in", query=query, title=title,
                 range=numbers, total=total)
    return t(language, "search.header", query=query, range=numbers, total=total)


def topic_header(topic: TopicRecord, language: Language, first: int, last: int, total: int, *,
                 interview: str | None = None) -> Html:
    """The topic and which of its turns these are; with several interviews, the topic's interview above."""
    name = topic_name(topic, language)
    line = t(language, "topic.header", topic=name, range=number_range(first, last), total=total)
    title = in_reader_script(interview, language) if interview else ""
    if not title or title == name:  # one topic named as its interview: not twice
        return line
    return Html(f"<i>{_esc(shorten(title, LIST_TITLE_CHARS))}</i>\n{line}")


def render_no_results(language: Language, message: Html, suggestion_buttons: Sequence[Button],
                      topics_button: Button, *, try_key: str = "search.try_topics",
                      near: Sequence[tuple[TurnRecord, tuple[int, int] | None]] = (), owner: int | None = None,
                      name_interviews: bool = False, search_button: Button | None = None) -> Reply:
    """Nothing relevant: say so; `near`: the passages nearest in meaning, labelled as other
    words; then did-you-mean buttons rather than an unrelated quote (`search_button`: the same
    words searched more widely, above the browsing button)."""
    follow_up = t(language, "search.did_you_mean") if suggestion_buttons else t(language, try_key)
    wider = ((search_button,),) if search_button is not None else ()
    rows = tuple((b,) for b in suggestion_buttons) + wider + ((topics_button,),)
    if not near:
        return Reply(Html(f"{message}\n{follow_up}"), rows)
    if owner is None:
        raise ValueError("passages offered need the owner their buttons are for")
    lines, opens = _near_list(near, language, language, owner, name_interviews)
    text = "\n".join([message, "", t(language, "search.near_in_meaning"), *lines, "", follow_up])
    return Reply(Html(text), (*rows[:-1], opens, rows[-1]))  # the suggestions under "Did you mean"


# ----------------------------------------------------------------- the quote check


def render_quote_said(turn: TurnRecord, span: tuple[int, int] | None, *, text_language: Language,
                      ui_language: Language, owner: int, reworded: bool, article_credit: str | None = None,
                      not_by: str | None = None) -> Reply:
    """"Said in this interview": the passage, its matched words in bold, and buttons to open or
    share it; a translation credited as in any quote (`article_credit`). `not_by`: the speaker
    the user named, when the words are another's."""
    lines = [t(ui_language, "quote_check.said")]
    if not_by:
        lines.append(t(ui_language, "quote_check.said_by", speaker=_speaker(turn, ui_language),
                       named=in_reader_script(not_by, ui_language, held_in=turn.interview_language)))
    lines += _quoted_passage(turn, span, text_language, ui_language, article_credit)
    if reworded:  # the bold words are the transcript's, so say why they differ from the user's
        lines.append(t(ui_language, "quote_check.reworded"))
    share = Button(t(ui_language, "button.share"), switch_inline=share_query(turn.id))
    return Reply(Html("\n".join(lines)), ((_open_passage(turn, span, text_language, ui_language, owner), share),))


def render_quote_not_found(message: Html, closest: TurnRecord, span: tuple[int, int] | None, *,
                           text_language: Language, ui_language: Language, owner: int,
                           search: Button | None, article_credit: str | None = None,
                           also: Sequence[tuple[TurnRecord, tuple[int, int] | None]] = (),
                           name_interviews: bool = False, differs: tuple[str, str] | None = None,
                           marked: bool = True) -> Reply:
    """`message` ("not found in this interview"), then the closest passage labelled as
    different words, or where it is close in wording, with what it says otherwise (`differs`:
    the quotation's words, the passage's); buttons to open it and to search the words instead;
    `also`: more passages near in meaning (`_near_list`). `marked`: `span` holds words of the
    quotation (in bold), not only where the passage is."""
    # The words as written, in the reader's script (a Simplified quotation for a Traditional reader).
    quoted, said = (shorten(echo_in_script(words, ui_language), QUERY_ECHO_CHARS) for words in differs or ("", ""))
    label = (t(ui_language, "quote_check.closest_otherwise", quoted=quoted, said=said) if differs
             else t(ui_language, "quote_check.closest"))
    lines = [message, "", label,
             *_quoted_passage(closest, span, text_language, ui_language, article_credit, marked)]
    row = (_open_passage(closest, span, text_language, ui_language, owner), *((search,) if search else ()))
    if not also:
        return Reply(Html("\n".join(lines)), (row,))
    near, opens = _near_list(also, text_language, ui_language, owner, name_interviews)
    return Reply(Html("\n".join([*lines, "", t(ui_language, "quote_check.also_near"), *near])), (row, opens))


def _near_list(passages: Sequence[tuple[TurnRecord, tuple[int, int] | None]], text_language: Language,
               ui_language: Language, owner: int, name_interviews: bool) -> tuple[list[str], tuple[Button, ...]]:
    """Passages near in meaning, numbered (speaker, where, excerpt), and a button opening each."""
    lines, opens = [], []
    for number, (turn, span) in enumerate(passages, start=1):
        lines += [f"<b>{number}. {_esc(_speaker(turn, ui_language))}</b>{_where(turn, ui_language, name_interviews)}",
                  near_snippet(turn, text_language, span), ""]
        action = open_match(owner, turn, text_language, span)
        opens.append(action_button(str(number), action))
    return lines[:-1], tuple(opens)


def _quoted_passage(turn: TurnRecord, span: tuple[int, int] | None, text_language: Language,
                    ui_language: Language, article_credit: str | None = None, marked: bool = True) -> list[str]:
    """Speaker and topic, the words around the match (a long turn is excerpted; `marked`: in
    bold), attribution (with the translator's credit where the words are the article's translation)."""
    anchor = Anchor(displayed_field(turn, text_language), span, marked)
    window = passage(turn, text_language, anchor, chars=QUOTE_CHECK_CHARS)
    credit = _credit(turn, text_language, ui_language, article_credit)
    return [f"<b>{_esc(_speaker(turn, ui_language))}</b> · <i>{_esc(topic_name(turn, ui_language))}</i>",
            f"<blockquote>{_marked(window, anchor)}</blockquote>", _attribution(turn, ui_language, credit)]


def _open_passage(turn: TurnRecord, span: tuple[int, int] | None, text_language: Language,
                  ui_language: Language, owner: int) -> Button:
    return action_button(t(ui_language, "quote_check.open"), open_match(owner, turn, text_language, span))


# ----------------------------------------------------------------- topics, language


def render_topic_list(topics: Sequence[TopicRecord], language: Language, owner: int,
                      header: Html | None = None, *, extra_rows: Keyboard = (), counted: bool = True) -> Reply:
    """Every topic as a button, one to a row so names are not cut; `counted`: after `header`,
    the line saying how many (a header that says so itself: False)."""
    rows = tuple((topic_button(topic_name(topic, language), topic.key, topic.interview_id, owner),)
                 for topic in topics)
    lines = [header] if header else []
    if counted:
        lines.append(t(language, "topic.list", count=len(topics)))
    return Reply(Html("\n".join(lines)), (*rows, *extra_rows))


def interview_topics_header(interview: InterviewRecord, topic_count: int, language: Language) -> Html:
    """An interview's title, guest and date over its topic buttons."""
    key = "interviews.topics_one" if topic_count == 1 else "interviews.topics"
    return t(language, key, title=in_reader_script(interview.title, language, held_in=interview.language),
             people=in_reader_script(interview.guest, language, held_in=interview.language),
             date=f" · {interview.date}" if interview.date else "", count=topic_count)


LIST_TITLE_CHARS = 150  # a title or guest in the interview list: eight of them fit one message


def render_interview_list(interviews: Sequence[InterviewRecord], language: Language, owner: int, *,
                          first_number: int, total: int, paging: tuple[Button, ...],
                          header: Html | None = None) -> Reply:
    """A page of the interviews: each one's title, guest and date, and a button (one to a row)
    that opens it."""
    last = first_number + len(interviews) - 1
    lines = [header] if header else []
    key = "interviews.header_one" if total == 1 else "interviews.header"
    lines += [t(language, key, count=total, range=number_range(first_number, last)), ""]
    rows = []
    for number, interview in enumerate(interviews, start=first_number):
        key = "interviews.item_dated" if interview.date else "interviews.item"
        title = in_reader_script(interview.title, language, held_in=interview.language)
        guest = in_reader_script(interview.guest, language, held_in=interview.language)
        lines.append(t(language, key, number=number, title=shorten(title, LIST_TITLE_CHARS),
                       guest=shorten(guest, LIST_TITLE_CHARS), date=interview.date))
        rows.append((action_button(f"{number}. {title}", interview_action(owner, interview.id)),))
    return Reply(Html("\n".join(lines)), (*rows, *((paging,) if paging else ())))


def render_language_prompt(ui_language: Language, owner: int, unknown_value: str | None = None) -> Reply:
    """The three language buttons, after a note if the typed value was not a language."""
    text = (t(ui_language, "language.unknown", value=shorten(unknown_value, 40)) if unknown_value
            else t(ui_language, "language.prompt"))
    return Reply(text, (language_row(owner, ui_language),))


def render_language_saved(language: Language, *, for_chat: bool) -> Reply:
    key = "language.set_chat" if for_chat else "language.set_user"
    return Reply(t(language, key, name=LANGUAGE_NAMES[language]))


# ----------------------------------------------------------------- inline mode


def render_inline_article(turn: TurnRecord, language: Language, bot_username: str | None,
                          anchor: Anchor | None = None, *, article_credit: str | None = None,
                          pairs: PassagePairs | None = None, both: bool = False,
                          name_interview: bool = False, ui_language: Language | None = None) -> InlineArticle:
    """A shareable quote: the sentences around `anchor` (the turn's opening without one), the
    matched words in bold (`both`: the English, the Chinese under it), the attribution, and a
    link to the whole turn in the bot when known. Its description is the matched sentence.
    `language` is the text's; `ui_language` the labels' (default: the text's), e.g. a Chinese
    reader sharing an English excerpt."""
    ui = ui_language or language
    both = both and pairs is not None
    shown = passage(turn, "en" if both else language, anchor, pairs=pairs)
    quotes = [f"<blockquote>{_marked(shown, anchor)}</blockquote>"]
    chinese = _chinese_script(language, ui)
    if both:
        quotes.append(f"<blockquote>{_marked(passage(turn, chinese, anchor, pairs=pairs), anchor)}</blockquote>")
    credit = _credit(turn, chinese if both else language, ui, article_credit)
    text = Html("\n".join([*quotes, _attribution(turn, ui, credit)]))
    buttons: Keyboard = ()
    if bot_username:
        buttons = ((Button(t(ui, "inline.open_in_bot"), url=turn_deep_link(bot_username, turn.id)),),)
    topic, own_title = topic_name(turn, ui), _title(turn, ui)
    names = [_speaker(turn, ui), *((own_title,) if name_interview else ()),
             *((topic,) if topic != own_title else ())]
    title = " · ".join(names)
    return InlineArticle(id=_inline_id(turn, anchor), title=title, description=_matched_sentence(shown),
                         text=text, buttons=buttons)


def _inline_id(turn: TurnRecord, anchor: Anchor | None) -> str:
    """Unique per excerpt (at most 64 bytes): one turn may be shared from two places."""
    if anchor is None or anchor.span is None:
        return str(turn.id)
    return f"{turn.id}-{anchor.field}{anchor.span[0]}-{anchor.span[1]}"


def _matched_sentence(window: Excerpt) -> str:
    """The excerpt's sentence that holds the match (its first without one), on one line; one
    that says nothing alone ("Yeah.") with the sentences after it."""
    text = window.plain()
    sentence = telling_sentence(text, len(window.before) if window.match else 0)
    found = text[sentence[0]:sentence[1]] if sentence else text
    return shorten(found.replace("\n", " "), INLINE_DESCRIPTION_CHARS)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
