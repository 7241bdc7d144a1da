"""Inline keyboards: the buttons replies carry, and the callback-data wire format behind them.

Telegram gives a button 1-64 bytes of data and sends back whatever a client claims,
so every field is checked on the way in and anything odd decodes to None (forged/stale).
Keyboards are plain data here; `markup_json` gives the Bot API's JSON for any reply or
inline result, so no Telegram object is ever built from them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum
from typing import Callable

from bot.i18n import Html, t
from bot.language import LANGUAGE_NAMES, LANGUAGES, Language
from bot.limits import BUTTON_TEXT_CHARS, CALLBACK_DATA_BYTES
from bot.links import MAX_ANCHOR_OFFSET, share_query
from bot.text import Anchor, shorten


class Kind(str, Enum):
    """What a button does; the value is its one-letter wire code."""

    TURN = "t"  # show a whole turn in place of this message: args (turn_id, language, part)
    OPEN = "o"  # show a whole turn as a new message (from a result list): args (turn_id, language, part)
    # The same, at character `offset` of the turn's text in `language` (the match): the part
    # holding it is found in the view the reader has, alone or under "EN + 中文", whose parts
    # are cut on the English. args (turn_id, language, offset)
    OPEN_AT = "a"
    # A few sentences of a turn in place of this message: args (turn_id, language, anchor), the
    # anchor (bot.text.Anchor) as three: field "e" or "z", start, end ("0", "0": the opening).
    EXCERPT = "x"
    BOTH = "b"  # "EN + 中文" on or off, then the excerpt so: args (turn_id, language, anchor…, "1" | "0")
    TURN_BOTH = "B"  # "EN + 中文" on or off, then the whole turn so: args (turn_id, language, part, "1" | "0")
    ANOTHER = "q"  # another random quote: args (language, turn_id shown now, not to repeat)
    SEARCH_PAGE = "s"  # a page of a stored search: args (session_id, page)
    # A stored search narrowed to one interview (or, "0", widened to all again), its first page:
    # args (session_id, interview_id)
    NARROW = "n"
    # A page of a topic: args (interview_id, topic_key, page); keys are unique only within an interview.
    TOPIC_PAGE = "P"
    OLD_TOPIC_PAGE = "p"  # made before topics named their interview: args (topic_key, page), the first interview's
    TOPICS = "T"  # the topic list (with several interviews: the interview list): no args
    INTERVIEWS = "I"  # a page of the interview list: args (page,)
    INTERVIEW = "i"  # one interview: its topics (with one topic, its first passage): args (interview_id,)
    LANGUAGE = "l"  # save a reply language: args (language,)


# The shape of each kind's arguments; anything else is rejected.
_TURN_ARGS = (r"\d{1,9}", r"en|zh-hans|zh-hant", r"\d{1,3}")
_EXCERPT_ARGS = (r"\d{1,9}", r"en|zh-hans|zh-hant", r"[ez]", r"\d{1,5}", r"\d{1,5}")
_ARG_SHAPES: dict[Kind, tuple[str, ...]] = {
    Kind.TURN: _TURN_ARGS,
    Kind.OPEN: _TURN_ARGS,
    Kind.OPEN_AT: (*_TURN_ARGS[:2], r"\d{1,5}"),
    Kind.EXCERPT: _EXCERPT_ARGS,
    Kind.BOTH: (*_EXCERPT_ARGS, r"[01]"),
    Kind.TURN_BOTH: (*_TURN_ARGS, r"[01]"),
    Kind.ANOTHER: (r"en|zh-hans|zh-hant", r"\d{1,9}"),
    Kind.SEARCH_PAGE: (r"[0-9a-z]{1,12}", r"\d{1,3}"),
    Kind.NARROW: (r"[0-9a-z]{1,12}", r"\d{1,6}"),
    Kind.TOPIC_PAGE: (r"\d{1,6}", r"[a-z0-9_-]{1,32}", r"\d{1,3}"),
    Kind.OLD_TOPIC_PAGE: (r"[a-z0-9_-]{1,32}", r"\d{1,3}"),
    Kind.TOPICS: (),
    Kind.INTERVIEWS: (r"\d{1,4}",),
    Kind.INTERVIEW: (r"\d{1,6}",),
    Kind.LANGUAGE: (r"en|zh-hans|zh-hant",),
}
# Compiled once: every result list encodes (and so checks) a dozen buttons.
_ARG_PATTERNS = {kind: tuple(re.compile(shape, re.ASCII) for shape in shapes) for kind, shapes in _ARG_SHAPES.items()}
_OWNER = re.compile(r"\d{1,19}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Action:
    """A decoded button press. `owner` 0 means anyone in the chat may press it."""

    kind: Kind
    owner: int
    args: tuple[str, ...] = ()

    def encode(self) -> str:
        data = ":".join((self.kind.value, str(self.owner), *self.args))
        if len(data.encode()) > CALLBACK_DATA_BYTES or decode(data) != self:
            raise ValueError(f"cannot encode callback data {data!r}")
        return data

    def may_be_used_by(self, user_id: int | None) -> bool:
        return self.owner == 0 or self.owner == user_id


def decode(data: str | None) -> Action | None:
    """Parse callback data; None for anything this bot did not make."""
    if not data or len(data.encode()) > CALLBACK_DATA_BYTES:
        return None
    code, _, rest = data.partition(":")
    owner, _, arg_text = rest.partition(":")
    try:
        kind = Kind(code)
    except ValueError:
        return None
    args = tuple(arg_text.split(":")) if arg_text else ()
    patterns = _ARG_PATTERNS[kind]
    if not _OWNER.fullmatch(owner) or len(args) != len(patterns):
        return None
    if not all(p.fullmatch(a) for p, a in zip(patterns, args)):
        return None
    action = Action(kind, int(owner), args)
    # Only the exact text this bot writes: "T:00" or "T:0:" would name the same action.
    return action if ":".join((kind.value, str(action.owner), *args)) == data else None


# ----------------------------------------------------------------- buttons and keyboards


@dataclass(frozen=True, slots=True)
class Button:
    """One inline-keyboard button: exactly one of callback, url or switch_inline is set.

    `text` is shown as it is (Telegram reads no HTML in a button): catalog text (`Html`, its
    parameters escaped for a message) is unescaped, so a title with "&" reads "&", not "&amp;"."""

    text: str
    callback: str | None = None
    url: str | None = None
    switch_inline: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", plain(self.text))


def plain(text: str) -> str:
    """Button text from catalog text: its escaped parameters as they read."""
    return html.unescape(text) if isinstance(text, Html) else text


Keyboard = tuple[tuple[Button, ...], ...]


def markup_json(keyboard: Keyboard) -> dict | None:
    """The Bot API `InlineKeyboardMarkup` for `keyboard`, as plain JSON (None: no keyboard)."""
    if not keyboard:
        return None
    return {"inline_keyboard": [[_button_json(button) for button in row] for row in keyboard]}


def _button_json(button: Button) -> dict:
    fields = {"callback_data": button.callback, "url": button.url, "switch_inline_query": button.switch_inline}
    return {"text": button.text, **{name: value for name, value in fields.items() if value is not None}}


def action_button(text: str, action: Action) -> Button:
    return Button(shorten(plain(text), BUTTON_TEXT_CHARS), action.encode())


def turn_action(owner: int, turn_id: int, language: Language, part: int = 0, *, new_message: bool = False) -> Action:
    """Show a turn: in place of the pressed message, or (from a list) as a new one."""
    return Action(Kind.OPEN if new_message else Kind.TURN, owner, (str(turn_id), language, str(part)))


def open_at_action(owner: int, turn_id: int, language: Language, offset: int) -> Action:
    """Show a turn as a new message (from a list), at the part holding `offset` of its text."""
    return Action(Kind.OPEN_AT, owner, (str(turn_id), language, str(min(max(offset, 0), 99_999))))


def turn_keyboard(turn_id: int, *, text_language: Language, ui_language: Language, owner: int, part: int,
                  parts: int, previous: int | None, next: int | None, question: int | None = None,
                  asks: bool = True, flip: bool = True, both: bool | None = None, toggled_part: int = 0) -> Keyboard:
    """A whole turn's: part paging, context (before/after), another quote, EN ⇄ 中文 (unless
    `flip` is False: the turn has one language, or both are shown) and "EN + 中文" (`both`: on,
    off, or None where the turn has one language; it shows part `toggled_part`), the question
    (`asks` False: the host's remark before it), share."""
    def show(label_key: str, target: int, language: Language = text_language, to_part: int = 0, **params) -> Button:
        return action_button(t(ui_language, label_key, **params), turn_action(owner, target, language, to_part))

    paging = [show("button.part_previous", turn_id, to_part=part - 1, part=part)] if part > 0 else []
    if part < parts - 1:
        paging.append(show("button.part_next", turn_id, to_part=part + 1, part=part + 2))
    flip_to = flip_target(text_language, ui_language)
    flipped = (show("button.flip_to_en" if flip_to == "en" else "button.flip_to_zh", turn_id, flip_to),) if flip else ()
    if both is not None:
        toggle = Action(Kind.TURN_BOTH, owner, (str(turn_id), text_language, str(toggled_part), "0" if both else "1"))
        flipped += (action_button(t(ui_language, "button.both_on" if both else "button.both_off"), toggle),)
    last = (*_question_button(question, asks, text_language, ui_language, owner), _share(turn_id, ui_language))
    return _rows(tuple(paging), _context_row(previous, next, text_language, ui_language, owner),
                 (_another(turn_id, text_language, ui_language, owner), *flipped), last)


def excerpt_keyboard(turn_id: int, anchor: Anchor, *, text_language: Language, ui_language: Language, owner: int,
                     whole_part: int | None, previous: int | None, next: int | None, question: int | None,
                     both: bool | None, flip: bool = True, asks: bool = True) -> Keyboard:
    """An excerpt's: the whole passage (at the part holding the excerpt; None: the excerpt is
    all of it) and the question, context, another, EN ⇄ 中文 (unless `flip` is False: the
    turn has one language) and "EN + 中文" (`both`: on, off, or None where the turn has one
    language), share."""
    whole = () if whole_part is None else (
        action_button(t(ui_language, "button.whole"), turn_action(owner, turn_id, text_language, whole_part)),)
    reading = [_another(turn_id, text_language, ui_language, owner)]
    if flip and not both:  # both languages shown: nothing to flip to
        flip_to = flip_target(text_language, ui_language)
        label = t(ui_language, "button.flip_to_en" if flip_to == "en" else "button.flip_to_zh")
        reading.append(action_button(label, excerpt_action(owner, turn_id, flip_to, anchor)))
    if both is not None:
        label = t(ui_language, "button.both_on" if both else "button.both_off")
        reading.append(action_button(label, excerpt_action(owner, turn_id, text_language, anchor, both=not both)))
    return _rows((*whole, *_question_button(question, asks, text_language, ui_language, owner)),
                 _context_row(previous, next, text_language, ui_language, owner), tuple(reading),
                 (_share(turn_id, ui_language, text_language, anchor),))


def excerpt_action(owner: int, turn_id: int, language: Language, anchor: Anchor, *, both: bool | None = None) -> Action:
    """Show an excerpt in place (and, with `both`, switch "EN + 中文" first)."""
    start, end = anchor.span or (0, 0)
    if end > MAX_ANCHOR_OFFSET:  # too far in to write: the turn's opening excerpt instead
        start = end = 0
    args = (str(turn_id), language, "e" if anchor.field == "en" else "z", str(start), str(end))
    return Action(Kind.EXCERPT, owner, args) if both is None else Action(Kind.BOTH, owner, (*args, str(int(both))))


def anchor_of(args: tuple[str, ...]) -> Anchor:
    """The anchor an EXCERPT or BOTH action carries (its arguments 2–4)."""
    start, end = int(args[3]), int(args[4])
    return Anchor("en" if args[2] == "e" else "zh", (start, end) if end > start else None)


def _context_row(previous: int | None, next: int | None, text_language: Language, ui_language: Language,
                 owner: int) -> tuple[Button, ...]:
    """◀ Before / After ▶: the neighbouring whole turns in reading order, where there are any."""
    targets = (("button.previous", previous), ("button.next", next))
    return tuple(action_button(t(ui_language, key), turn_action(owner, target, text_language))
                 for key, target in targets if target is not None)


def _question_button(question: int | None, asks: bool, text_language: Language, ui_language: Language,
                     owner: int) -> tuple[Button, ...]:
    """The question behind an answer (`asks` False: the host's remark), in full as a new message
    (the answer stays)."""
    if question is None:
        return ()
    label = t(ui_language, "button.question" if asks else "button.remark")
    return (action_button(label, turn_action(owner, question, text_language, new_message=True)),)


def _another(turn_id: int, text_language: Language, ui_language: Language, owner: int) -> Button:
    return action_button(t(ui_language, "button.another"), Action(Kind.ANOTHER, owner, (text_language, str(turn_id))))


def _share(turn_id: int, ui_language: Language, text_language: Language | None = None,
           anchor: Anchor | None = None) -> Button:
    return Button(t(ui_language, "button.share"), switch_inline=share_query(turn_id, text_language, anchor))


def _rows(*rows: tuple[Button, ...]) -> Keyboard:
    return tuple(row for row in rows if row)


def flip_target(text_language: Language, ui_language: Language) -> Language:
    """EN ⇄ 中文: Chinese means the reader's own script when they read Chinese."""
    if text_language != "en":
        return "en"
    return ui_language if ui_language != "en" else "zh-hans"


def paging_buttons(language: Language, page: int, page_count: int,
                   make_action: Callable[[int], Action]) -> tuple[Button, ...]:
    """◀ Back / More ▶ for a paged list (only the directions that exist)."""
    buttons = []
    if page > 0:
        buttons.append(action_button(t(language, "button.page_previous"), make_action(page - 1)))
    if page < page_count - 1:
        buttons.append(action_button(t(language, "button.page_next"), make_action(page + 1)))
    return tuple(buttons)


def topics_button(language: Language, owner: int) -> Button:
    return action_button(t(language, "button.topics"), Action(Kind.TOPICS, owner))


def topic_action(owner: int, interview_id: int, key: str, page: int = 0) -> Action:
    return Action(Kind.TOPIC_PAGE, owner, (str(interview_id), key, str(page)))


def topic_button(label: str, key: str, interview_id: int, owner: int) -> Button:
    return action_button(label, topic_action(owner, interview_id, key))


def interview_action(owner: int, interview_id: int) -> Action:
    return Action(Kind.INTERVIEW, owner, (str(interview_id),))


def interviews_button(language: Language, owner: int, page: int = 0) -> Button:
    return action_button(t(language, "button.interviews"), Action(Kind.INTERVIEWS, owner, (str(page),)))


def language_row(owner: int, current: Language | None = None) -> tuple[Button, ...]:
    """Three buttons, each language named in itself, the one in use (`current`) ticked."""
    return tuple(action_button(("✓ " if code == current else "") + LANGUAGE_NAMES[code],
                               Action(Kind.LANGUAGE, owner, (code,))) for code in LANGUAGES)
