"""Turn corpus records and search results into Telegram HTML replies with buttons.

Pure functions: no Telegram imports, so every reply can be checked without a bot.
All corpus and user text is escaped here; catalog text comes from `bot.i18n`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from bot.callbacks import Action, Kind
from bot.chinese import to_traditional
from bot.i18n import LANGUAGE_NAMES, LANGUAGES, Html, Language, t
from bot.storage.corpus import TopicRecord, TurnRecord

# Telegram's limit is 4096 characters after entity parsing; leave room for the header,
# attribution and part counter around a turn's body.
TURN_PART_CHARS = 3300
SNIPPET_BEFORE, SNIPPET_AFTER = 90, 200
SNIPPET_BEFORE_ZH, SNIPPET_AFTER_ZH = 30, 90
INLINE_DESCRIPTION_CHARS = 160


@dataclass(frozen=True, slots=True)
class Button:
    """One inline-keyboard button: exactly one of callback, url or switch_inline is set."""

    text: str
    callback: str | None = None
    url: str | None = None
    switch_inline: str | None = None


Keyboard = tuple[tuple[Button, ...], ...]


def reply_markup_json(keyboard: Keyboard) -> dict | None:
    """The Bot API `InlineKeyboardMarkup` for `keyboard`, as plain JSON (None: no keyboard)."""
    if not keyboard:
        return None
    return {"inline_keyboard": [[_button_json(button) for button in row] for row in keyboard]}


def _button_json(button: Button) -> dict:
    fields = {"callback_data": button.callback, "url": button.url, "switch_inline_query": button.switch_inline}
    return {"text": button.text, **{name: value for name, value in fields.items() if value is not None}}


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
    if language == "en" and turn.en:
        return turn.en
    chinese = chinese_punctuation(turn.zh) if turn.zh else turn.en
    return to_traditional(chinese) if language == "zh-hant" else chinese


_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"


_PUNCTUATION_BY_CJK = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})")


@lru_cache(maxsize=4096)
def chinese_punctuation(text: str) -> str:
    """ASCII , ; : ? ! next to Chinese characters → full width, as the edited article writes them.

    The machine translation mixes both; one character for one keeps search spans valid.
    Cached: the texts are the corpus's turns, rendered again for every result list."""
    return _PUNCTUATION_BY_CJK.sub(lambda m: m.group().translate(_HALF_TO_FULL), text)


def topic_name(turn_or_topic: TurnRecord | TopicRecord, language: Language) -> str:
    if isinstance(turn_or_topic, TurnRecord):
        en, zh = turn_or_topic.topic_en, turn_or_topic.topic_zh
    else:
        en, zh = turn_or_topic.name_en, turn_or_topic.name_zh
    if language == "en":
        return en
    return to_traditional(zh) if language == "zh-hant" else zh


def split_text(text: str, limit: int = TURN_PART_CHARS) -> list[str]:
    """Cut text into parts of at most `limit` characters, at paragraph, sentence or word ends."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = _last_break(window)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*parts, rest] if rest or not parts else parts


def _last_break(window: str) -> int:
    """Index just after the best place to cut `window`: paragraph, sentence, word, else hard."""
    for pattern in (r"\n", r"[.!?。！？；;](?=\s|$)|[。！？；]", r"[\s，、,]"):
        ends = [m.end() for m in re.finditer(pattern, window)]
        if ends and ends[-1] > len(window) // 2:
            return ends[-1]
    return len(window)


# ----------------------------------------------------------------- a single turn


def render_turn(
    turn: TurnRecord,
    *,
    text_language: Language,
    ui_language: Language,
    owner: int,
    part: int = 0,
    has_previous: bool = True,
    has_next: bool = True,
) -> Reply:
    """A turn as a quote with attribution, context/flip/another/share buttons, paged if long."""
    parts = split_text(turn_text(turn, text_language))
    part = min(max(part, 0), len(parts) - 1)
    lines = [f"<b>{_esc(turn.speaker)}</b> · <i>{_esc(topic_name(turn, ui_language))}</i>"]
    if text_language == "en" and not turn.en:
        lines.append(f"<i>{t(ui_language, 'quote.article_only')}</i>")
    lines.append(f"<blockquote>{_esc(parts[part])}</blockquote>")
    if len(parts) > 1:
        lines.append(f"<i>{t(ui_language, 'quote.part', part=part + 1, parts=len(parts))}</i>")
    lines.append(t(ui_language, "quote.attribution", speaker=turn.speaker,
                   title=turn.interview_title, date=turn.interview_date))
    keyboard = _turn_keyboard(turn, text_language, ui_language, owner, part, len(parts),
                              has_previous, has_next)
    return Reply(Html("\n".join(lines)), keyboard)


def _turn_keyboard(
    turn: TurnRecord, text_language: Language, ui_language: Language, owner: int,
    part: int, parts: int, has_previous: bool, has_next: bool,
) -> Keyboard:
    def show(turn_id: int, language: Language, to_part: int = 0) -> str:
        return Action(Kind.TURN, owner, (str(turn_id), language, str(to_part))).encode()

    rows: list[tuple[Button, ...]] = []
    if parts > 1:
        paging = []
        if part > 0:
            paging.append(Button(t(ui_language, "button.part_previous", part=part), show(turn.id, text_language, part - 1)))
        if part < parts - 1:
            paging.append(Button(t(ui_language, "button.part_next", part=part + 2), show(turn.id, text_language, part + 1)))
        rows.append(tuple(paging))
    context = []
    if has_previous:
        context.append(Button(t(ui_language, "button.previous"), show(turn.id - 1, text_language)))
    if has_next:
        context.append(Button(t(ui_language, "button.next"), show(turn.id + 1, text_language)))
    if context:
        rows.append(tuple(context))
    flip_to = flip_target(text_language, ui_language)
    flip_label = t(ui_language, "button.flip_to_en" if flip_to == "en" else "button.flip_to_zh")
    another = Action(Kind.ANOTHER, owner, (text_language, str(turn.id))).encode()
    rows.append((Button(t(ui_language, "button.another"), another), Button(flip_label, show(turn.id, flip_to))))
    rows.append((Button(t(ui_language, "button.share"), switch_inline=share_query(turn.id)),))
    return tuple(rows)


def flip_target(text_language: Language, ui_language: Language) -> Language:
    """EN ⇄ 中文: Chinese means the reader's own script when they read Chinese."""
    if text_language != "en":
        return "en"
    return ui_language if ui_language != "en" else "zh-hans"


def share_query(turn_id: int) -> str:
    """The inline query a share button pre-fills; `turn_id_from_query` reads it back."""
    return f"turn_{turn_id}"


HELP_PAYLOAD = "help"  # t.me/<bot>?start=help, from inline mode's "nothing found" button


def turn_id_from_query(query: str) -> int | None:
    """`turn_42` (from a share button or a deep link) → 42."""
    match = re.fullmatch(r"\s*turn_(\d{1,9})\s*", query)
    return int(match.group(1)) if match else None


# ----------------------------------------------------------------- result lists


@lru_cache(maxsize=4096)  # a popular search shows the same snippets to everyone
def snippet(turn: TurnRecord, language: Language, span: tuple[int, int] | None) -> Html:
    """A short window of the turn around the matched span, the match in bold."""
    field_text = turn.en if language == "en" and turn.en else chinese_punctuation(turn.zh)
    before_chars, after_chars = (SNIPPET_BEFORE, SNIPPET_AFTER) if field_text is turn.en else (
        SNIPPET_BEFORE_ZH, SNIPPET_AFTER_ZH)
    start, end = span if span and 0 <= span[0] < span[1] <= len(field_text) else (0, 0)
    left = max(0, start - before_chars)
    right = min(len(field_text), max(end, start) + after_chars)
    left, right = _widen_to_words(field_text, left, right)
    pieces = [field_text[left:start], field_text[start:end], field_text[end:right]]
    if language == "zh-hant" and field_text is not turn.en:
        # Convert each piece on its own so the highlight stays on the matched words.
        pieces = [to_traditional(p) for p in pieces]
    joiner = " " if field_text is turn.en else ""  # Chinese paragraphs join without a space
    pieces = [p.replace("\n", joiner) for p in pieces]
    if left > 0:
        pieces[0] = "…" + pieces[0].lstrip()
    if right < len(field_text):
        pieces[2] = pieces[2].rstrip() + "…"
    matched = f"<b>{_esc(pieces[1])}</b>" if pieces[1] else ""
    return Html(f"{_esc(pieces[0])}{matched}{_esc(pieces[2])}")


def _widen_to_words(text: str, left: int, right: int) -> tuple[int, int]:
    """Move the window edges out of the middle of a Latin word."""
    while 0 < left < len(text) and text[left - 1].isalnum() and text[left].isascii():
        left -= 1
    while right < len(text) and text[right - 1].isalnum() and text[right].isascii() and text[right].isalnum():
        right += 1
    return left, right


def render_result_list(
    header: Html,
    turns: Sequence[TurnRecord],
    spans: Sequence[tuple[int, int] | None],
    *,
    language: Language,
    owner: int,
    first_number: int,
    paging: tuple[Button, ...],
    extra_rows: Keyboard = (),
) -> Reply:
    """A numbered page of turns (speaker, topic, snippet) with one open-button per turn."""
    lines = [header, ""]
    open_buttons = []
    for number, (turn, span) in enumerate(zip(turns, spans), start=first_number):
        note = f" <i>{t(language, 'quote.article_only_short')}</i>" if language == "en" and not turn.en else ""
        # Number and speaker in one bold run: they read as one heading.
        lines.append(f"<b>{number}. {_esc(turn.speaker)}</b> · <i>{_esc(topic_name(turn, language))}</i>{note}")
        lines.append(snippet(turn, language, span))
        lines.append("")
        # Open the part of a long turn that holds the match, not always its first part.
        part = part_holding(turn_text(turn, language), span[0]) if span else 0
        open_action = Action(Kind.OPEN, owner, (str(turn.id), language, str(part))).encode()
        open_buttons.append(Button(str(number), open_action))
    rows: list[tuple[Button, ...]] = [tuple(open_buttons)] if open_buttons else []
    if paging:
        rows.append(paging)
    return Reply(Html("\n".join(lines).rstrip()), (*rows, *extra_rows))


def part_holding(text: str, offset: int) -> int:
    """Which part of `split_text(text)` contains character `offset`."""
    consumed = 0
    for index, part in enumerate(split_text(text)):
        consumed = text.find(part, consumed) + len(part)
        if offset < consumed:
            return index
    return 0


def number_range(first: int, last: int) -> str:
    """"3–7", or just "3" for a single item."""
    return str(first) if first == last else f"{first}–{last}"


def paging_buttons(
    language: Language, page: int, page_count: int, make_action: Callable[[int], Action]
) -> tuple[Button, ...]:
    """◀ Back / More ▶ for a paged list (only the directions that exist)."""
    buttons = []
    if page > 0:
        buttons.append(Button(t(language, "button.page_previous"), make_action(page - 1).encode()))
    if page < page_count - 1:
        buttons.append(Button(t(language, "button.page_next"), make_action(page + 1).encode()))
    return tuple(buttons)


def search_header(language: Language, query: str, first: int, last: int, total: int) -> Html:
    return t(language, "search.header", query=shorten(query, 80), range=number_range(first, last), total=total)


def render_no_results(
    language: Language, message: Html, suggestion_buttons: Sequence[Button], topics_button: Button
) -> Reply:
    """Nothing relevant: say so, and offer did-you-mean buttons rather than an unrelated quote."""
    follow_up = t(language, "search.did_you_mean") if suggestion_buttons else t(language, "search.try_topics")
    rows = tuple((b,) for b in suggestion_buttons) + ((topics_button,),)
    return Reply(Html(f"{message}\n{follow_up}"), rows)


# ----------------------------------------------------------------- topics, language, welcome


def render_topic_list(topics: Sequence[TopicRecord], language: Language, owner: int, header: Html | None = None) -> Reply:
    """Every topic as a button, one to a row so names are not cut."""
    rows = tuple(
        (Button(shorten(topic_name(topic, language), 64), Action(Kind.TOPIC_PAGE, owner, (topic.key, "0")).encode()),)
        for topic in topics
    )
    lines = [header] if header else []
    lines.append(t(language, "topic.list", count=len(topics)))
    return Reply(Html("\n".join(lines)), rows)


def topics_button(language: Language, owner: int) -> Button:
    return Button(t(language, "button.topics"), Action(Kind.TOPICS, owner).encode())


def render_language_prompt(ui_language: Language, owner: int, unknown_value: str | None = None) -> Reply:
    """Three buttons, each language named in itself."""
    text = (t(ui_language, "language.unknown", value=shorten(unknown_value, 40)) if unknown_value
            else t(ui_language, "language.prompt"))
    row = tuple(Button(LANGUAGE_NAMES[code], Action(Kind.LANGUAGE, owner, (code,)).encode()) for code in LANGUAGES)
    return Reply(text, (row,))


def render_language_saved(language: Language, *, for_chat: bool) -> Reply:
    key = "language.set_chat" if for_chat else "language.set_user"
    return Reply(t(language, key, name=LANGUAGE_NAMES[language]))


# ----------------------------------------------------------------- inline mode


def render_inline_article(turn: TurnRecord, language: Language, bot_username: str | None) -> InlineArticle:
    """A shareable quote: the words, then the attribution; a link back to the bot when known."""
    words = turn_text(turn, language)
    body = split_text(words)[0]
    if len(body) < len(words):
        body = body.rstrip() + ("" if body.rstrip().endswith("…") else " …")
    attribution = t(language, "quote.attribution", speaker=turn.speaker,
                    title=turn.interview_title, date=turn.interview_date)
    text = Html(f"<blockquote>{_esc(body)}</blockquote>\n{attribution}")
    buttons: Keyboard = ()
    if bot_username:
        url = f"https://t.me/{bot_username}?start={share_query(turn.id)}"
        buttons = ((Button(t(language, "inline.open_in_bot"), url=url),),)
    title = f"{turn.speaker} · {topic_name(turn, language)}"
    description = shorten(words.replace("\n", " "), INLINE_DESCRIPTION_CHARS)
    return InlineArticle(id=str(turn.id), title=title, description=description, text=text, buttons=buttons)


# ----------------------------------------------------------------- helpers


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut (at a word end where there is one)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    word_end = cut.rfind(" ")
    if word_end > limit // 2 and cut[word_end - 1].isascii():
        cut = cut[:word_end]
    return cut.rstrip(" ,;:") + "…"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
