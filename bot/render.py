"""Reply builders: corpus records and search results as Telegram HTML with their keyboards.

Pure functions: no Telegram imports, so every reply can be checked without a bot.
All corpus and user text is escaped here; catalog text comes from `bot.i18n`; buttons
come from `bot.keyboards`; plain-text cutting from `bot.text`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence

from functools import lru_cache

from bot.chinese import to_traditional, to_traditional_excerpt
from bot.i18n import Html, t
from bot.keyboards import (
    Button, Keyboard, action_button, language_row, topic_button, turn_action, turn_keyboard,
)
from bot.language import LANGUAGE_NAMES, Language
from bot.links import share_query, turn_deep_link
from bot.storage.corpus import TopicRecord, TurnRecord
from bot.text import Excerpt, chinese_punctuation, excerpt, part_holding, shorten, split_text

# Telegram's limit is 4096 characters (bot.limits) after entity parsing; leave room for the
# header, attribution and part counter around a turn's body.
TURN_PART_CHARS = 3300
SNIPPET_CONTEXT = {"en": (90, 200), "zh": (30, 90)}  # characters before / after the matched span
INLINE_DESCRIPTION_CHARS = 160
QUERY_ECHO_CHARS = 80  # a query quoted back in a header
# A quote check shows the sentences around the matched words; the whole reply stays far
# below Telegram's 4096 characters even for the longest quotation (bot.text.MAX_QUERY_CHARS).
QUOTE_CONTEXT = {"en": (300, 300), "zh": (100, 100)}


@dataclass(frozen=True, slots=True)
class Reply:
    text: Html
    buttons: Keyboard = ()


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
    """Which stored field a reader of `language` sees: "en", or "zh" (also for Chinese-only turns)."""
    return "en" if language == "en" and turn.en else "zh"


def turn_text(turn: TurnRecord, language: Language) -> str:
    """The turn's words in `language` (article-only turns have Chinese only)."""
    if displayed_field(turn, language) == "en":
        return turn.en
    chinese = chinese_punctuation(turn.zh) if turn.zh else turn.en
    return to_traditional(chinese) if language == "zh-hant" else chinese


def in_script(simplified: str, language: Language) -> str:
    """Stored (Simplified) Chinese in the reader's script."""
    return to_traditional(simplified) if language == "zh-hant" else simplified


def topic_name(turn_or_topic: TurnRecord | TopicRecord, language: Language) -> str:
    if isinstance(turn_or_topic, TurnRecord):
        en, zh = turn_or_topic.topic_en, turn_or_topic.topic_zh
    else:
        en, zh = turn_or_topic.name_en, turn_or_topic.name_zh
    return en if language == "en" else in_script(zh, language)


def part_of_match(turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> int:
    """The part of a long turn that holds the match (the first part without one)."""
    return part_holding(turn_text(turn, language), span[0], TURN_PART_CHARS) if span else 0


def snippet_text(turn: TurnRecord, language: Language, span: tuple[int, int] | None,
                 context: dict[str, tuple[int, int]] = SNIPPET_CONTEXT) -> Excerpt:
    """The window of the displayed text around `span`, in the reader's script (an `Excerpt`)."""
    field = displayed_field(turn, language)
    text = turn.en if field == "en" else chinese_punctuation(turn.zh)
    window = excerpt(text, span, context[field], joiner=" " if field == "en" else "")
    # Slice in Simplified (the spans index it), then convert: conversion may change lengths.
    if field == "zh" and language == "zh-hant":  # converted as one text: no word halved at the match
        return Excerpt(*to_traditional_excerpt(window.before, window.match, window.after))
    return window


@lru_cache(maxsize=4096)  # a popular search shows the same snippets to everyone
def snippet(turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> Html:
    """A short window of the turn around the matched span, the match in bold."""
    window = snippet_text(turn, language, span)
    matched = f"<b>{_esc(window.match)}</b>" if window.match else ""
    return Html(f"{_esc(window.before)}{matched}{_esc(window.after)}")


# ----------------------------------------------------------------- a single turn


def render_turn(turn: TurnRecord, *, text_language: Language, ui_language: Language, owner: int,
                part: int = 0, has_previous: bool = True, has_next: bool = True) -> Reply:
    """A turn as a quote with attribution, context/flip/another/share buttons, paged if long."""
    parts = split_text(turn_text(turn, text_language), TURN_PART_CHARS)
    part = min(max(part, 0), len(parts) - 1)
    lines = [f"<b>{_esc(turn.speaker)}</b> · <i>{_esc(topic_name(turn, ui_language))}</i>"]
    if text_language == "en" and not turn.en:
        lines.append(f"<i>{t(ui_language, 'quote.article_only')}</i>")
    lines.append(f"<blockquote>{_esc(parts[part])}</blockquote>")
    if len(parts) > 1:
        lines.append(f"<i>{t(ui_language, 'quote.part', part=part + 1, parts=len(parts))}</i>")
    lines.append(_attribution(turn, ui_language))
    keyboard = turn_keyboard(turn.id, text_language=text_language, ui_language=ui_language, owner=owner,
                             part=part, parts=len(parts), has_previous=has_previous, has_next=has_next)
    return Reply(Html("\n".join(lines)), keyboard)


def _attribution(turn: TurnRecord, language: Language) -> Html:
    return t(language, "quote.attribution", speaker=turn.speaker, title=turn.interview_title,
             date=turn.interview_date)


# ----------------------------------------------------------------- result lists


def render_result_list(header: Html, turns: Sequence[TurnRecord], spans: Sequence[tuple[int, int] | None], *,
                       language: Language, owner: int, first_number: int, paging: tuple[Button, ...],
                       extra_rows: Keyboard = ()) -> Reply:
    """A numbered page of turns (speaker, topic, snippet) with one open-button per turn."""
    lines = [header, ""]
    open_buttons = []
    for number, (turn, span) in enumerate(zip(turns, spans), start=first_number):
        note = f" <i>{t(language, 'quote.article_only_short')}</i>" if language == "en" and not turn.en else ""
        # Number and speaker in one bold run: they read as one heading.
        lines += [f"<b>{number}. {_esc(turn.speaker)}</b> · <i>{_esc(topic_name(turn, language))}</i>{note}",
                  snippet(turn, language, span), ""]
        action = turn_action(owner, turn.id, language, part_of_match(turn, language, span), new_message=True)
        open_buttons.append(action_button(str(number), action))
    rows = tuple(row for row in (tuple(open_buttons), paging) if row)
    return Reply(Html("\n".join(lines).rstrip()), (*rows, *extra_rows))


def number_range(first: int, last: int) -> str:
    """"3–7", or just "3" for a single item."""
    return str(first) if first == last else f"{first}–{last}"


def search_header(language: Language, query: str, first: int, last: int, total: int) -> Html:
    return t(language, "search.header", query=shorten(query, QUERY_ECHO_CHARS), range=number_range(first, last),
             total=total)


def topic_header(topic: TopicRecord, language: Language, first: int, last: int, total: int) -> Html:
    return t(language, "topic.header", topic=topic_name(topic, language), range=number_range(first, last),
             total=total)


def render_no_results(language: Language, message: Html, suggestion_buttons: Sequence[Button],
                      topics_button: Button) -> Reply:
    """Nothing relevant: say so, and offer did-you-mean buttons rather than an unrelated quote."""
    follow_up = t(language, "search.did_you_mean") if suggestion_buttons else t(language, "search.try_topics")
    rows = tuple((b,) for b in suggestion_buttons) + ((topics_button,),)
    return Reply(Html(f"{message}\n{follow_up}"), rows)


# ----------------------------------------------------------------- the quote check


def render_quote_said(turn: TurnRecord, span: tuple[int, int] | None, *, text_language: Language,
                      ui_language: Language, owner: int, reworded: bool) -> Reply:
    """"Said in this interview": the passage, its matched words in bold, and buttons to open or share it."""
    lines = [t(ui_language, "quote_check.said"), *_quoted_passage(turn, span, text_language, ui_language)]
    if reworded:  # the bold words are the transcript's, so say why they differ from the user's
        lines.append(t(ui_language, "quote_check.reworded"))
    share = Button(t(ui_language, "button.share"), switch_inline=share_query(turn.id))
    return Reply(Html("\n".join(lines)), ((_open_passage(turn, span, text_language, ui_language, owner), share),))


def render_quote_not_found(message: Html, closest: TurnRecord, span: tuple[int, int] | None, *,
                           text_language: Language, ui_language: Language, owner: int,
                           search: Button | None) -> Reply:
    """`message` ("not found in this interview"), then the closest passage labelled as
    different words, with buttons to open it and to search the words instead."""
    lines = [message, "", t(ui_language, "quote_check.closest"),
             *_quoted_passage(closest, span, text_language, ui_language)]
    row = (_open_passage(closest, span, text_language, ui_language, owner), *((search,) if search else ()))
    return Reply(Html("\n".join(lines)), (row,))


def _quoted_passage(turn: TurnRecord, span: tuple[int, int] | None, text_language: Language,
                    ui_language: Language) -> list[str]:
    """Speaker and topic, the words around the match (a long turn is excerpted), attribution."""
    window = snippet_text(turn, text_language, span, QUOTE_CONTEXT)
    matched = f"<b>{_esc(window.match)}</b>" if window.match else ""
    return [f"<b>{_esc(turn.speaker)}</b> · <i>{_esc(topic_name(turn, ui_language))}</i>",
            f"<blockquote>{_esc(window.before)}{matched}{_esc(window.after)}</blockquote>",
            _attribution(turn, ui_language)]


def _open_passage(turn: TurnRecord, span: tuple[int, int] | None, text_language: Language,
                  ui_language: Language, owner: int) -> Button:
    action = turn_action(owner, turn.id, text_language, part_of_match(turn, text_language, span), new_message=True)
    return action_button(t(ui_language, "quote_check.open"), action)


# ----------------------------------------------------------------- topics, language


def render_topic_list(topics: Sequence[TopicRecord], language: Language, owner: int,
                      header: Html | None = None) -> Reply:
    """Every topic as a button, one to a row so names are not cut."""
    rows = tuple((topic_button(topic_name(topic, language), topic.key, owner),) for topic in topics)
    lines = [header] if header else []
    lines.append(t(language, "topic.list", count=len(topics)))
    return Reply(Html("\n".join(lines)), rows)


def render_language_prompt(ui_language: Language, owner: int, unknown_value: str | None = None) -> Reply:
    """The three language buttons, after a note if the typed value was not a language."""
    text = (t(ui_language, "language.unknown", value=shorten(unknown_value, 40)) if unknown_value
            else t(ui_language, "language.prompt"))
    return Reply(text, (language_row(owner),))


def render_language_saved(language: Language, *, for_chat: bool) -> Reply:
    key = "language.set_chat" if for_chat else "language.set_user"
    return Reply(t(language, key, name=LANGUAGE_NAMES[language]))


# ----------------------------------------------------------------- inline mode


def render_inline_article(turn: TurnRecord, language: Language, bot_username: str | None) -> InlineArticle:
    """A shareable quote: the words, then the attribution; a link back to the bot when known."""
    words = turn_text(turn, language)
    body = split_text(words, TURN_PART_CHARS)[0]
    if len(body) < len(words):
        body = body.rstrip() + ("" if body.rstrip().endswith("…") else " …")
    text = Html(f"<blockquote>{_esc(body)}</blockquote>\n{_attribution(turn, language)}")
    buttons: Keyboard = ()
    if bot_username:
        buttons = ((Button(t(language, "inline.open_in_bot"), url=turn_deep_link(bot_username, turn.id)),),)
    title = f"{turn.speaker} · {topic_name(turn, language)}"
    description = shorten(words.replace("\n", " "), INLINE_DESCRIPTION_CHARS)
    return InlineArticle(id=str(turn.id), title=title, description=description, text=text, buttons=buttons)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
