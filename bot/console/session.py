"""One conversation: each input line becomes an update for the real Application, then its answer is shown.

A line is a message to the bot, a number (press that button of the latest buttons shown, or
pick that inline result), or `@<bot> words` / `@ words` (an inline query). Each update is
handled completely before the next line is read, so a transcript is always the same.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import partial
from urllib.parse import parse_qs, urlsplit

from telegram import Update
from telegram.ext import Application

from bot.console import validation
from bot.console.display import Screen, buttons_of, inline_choices
from bot.console.errors import NOT_MODIFIED, ApiError
from bot.console.events import Answered, Edited, Event, InlineAnswered, Refused, Sent
from bot.console.standin import ConsoleBotApi
from bot.console.world import MessageKey

QUIT = "/quit"
_INLINE = re.compile(r"@(\w*)(?:\s+(.*))?$", re.DOTALL)
_NUMBER = re.compile(r"[0-9]{1,3}")

Choice = Callable[[], Awaitable[None]]


class Console:
    """You, typing to the bot through the console's Telegram."""

    def __init__(self, application: Application, api: ConsoleBotApi, screen: Screen) -> None:
        """A console on `application`, whose Bot API is `api`, printing to `screen`."""
        self.application = application
        self.api = api
        self.world = api.world
        self.screen = screen
        self._choices: list[Choice] = []  # what each number shown last does
        self._choices_of: MessageKey | None = None  # the message they are the buttons of

    async def handle(self, line: str) -> bool:
        """Act on one input line; False once you asked to quit."""
        text = line.strip()
        if text.lower() == QUIT:
            return False
        inline = _INLINE.match(text)
        if _NUMBER.fullmatch(text) and self._choices:
            await self._choose(int(text))
        elif inline and inline.group(1).lower() in ("", self.world.bot["username"].lower()):
            await self._inline_query(inline.group(2) or "")
        elif text:
            await self._say(text)
        return True

    def show_startup(self) -> None:
        """Start-up calls Telegram would refuse (the command menu, the descriptions) are bugs too."""
        self._show(self.api.take_events())

    # -- what you do ------------------------------------------------------------------------

    async def _say(self, text: str) -> None:
        """Send `text` to the chat as you."""
        await self._feed(self.world.message_update(text))

    async def _choose(self, number: int) -> None:
        """Run the numbered choice shown last, or say which numbers exist."""
        if not 1 <= number <= len(self._choices):
            self.screen.note(f"there is no choice {number}: the latest ones are 1–{len(self._choices)}")
            return
        await self._choices[number - 1]()

    async def _press(self, key: MessageKey, button: dict) -> None:
        """What pressing a button does in a Telegram app."""
        label = button["text"]
        if "callback_data" in button:
            self.screen.note(f"pressed “{label}”")
            await self._feed(self.world.callback_update(key, button["callback_data"]))
        elif "url" in button:
            self.screen.note(f"“{label}” opens {button['url']}")
            await self._follow_link(button["url"])
        elif "switch_inline_query" in button or "switch_inline_query_current_chat" in button:
            query = button.get("switch_inline_query", button.get("switch_inline_query_current_chat", ""))
            typed = f"@{self.world.bot['username']} {query}"
            self.screen.note(f"pressed “{label}”: the input field now reads “{typed}”")
            await self._inline_query(query)
        else:
            self.screen.note(f"“{label}” does nothing in the console")

    async def _follow_link(self, url: str) -> None:
        """A t.me link to this bot opens its chat and sends /start with the link's parameter."""
        parts = urlsplit(url)
        start = parse_qs(parts.query).get("start", [None])[0]
        is_this_bot = parts.netloc == "t.me" and parts.path.strip("/").lower() == self.world.bot["username"].lower()
        if is_this_bot and start:
            await self._start(start)

    async def _start(self, parameter: str) -> None:
        """Open the private chat with the bot through a start link: the app sends /start <parameter>."""
        if self.world.in_group:  # the console has only the one chat
            self.screen.note(f"in Telegram this opens your private chat with the bot: /start {parameter}")
            return
        self.screen.you(f"/start {parameter}")
        await self._say(f"/start {parameter}")

    async def _inline_query(self, query: str) -> None:
        """Ask the bot inline, as typing `@bot query` in the input field does."""
        await self._feed(self.world.inline_update(query))

    async def _pick(self, result: dict) -> None:
        """Send an inline result into the chat: it appears as your message, sent via the bot."""
        content = result.get("input_message_content", {})
        try:
            text, entities = validation.message_text(content.get("message_text"), content.get("parse_mode"),
                                                     content.get("entities"), strict_html=self.api.strict_html)
        except ApiError as error:  # Telegram would have refused the whole answer already
            self.screen.note(f"Telegram refused this result: {error.description}")
            return
        message, update = self.world.via_bot_update(text, entities, result.get("reply_markup"))
        self.screen.message(f"you (via @{self.world.bot['username']}):", message)
        self._offer_buttons(message)
        await self._feed(update, expect_reply=False)  # the bot ignores messages sent via itself

    # -- what the bot does ------------------------------------------------------------------

    async def _feed(self, update: dict, *, expect_reply: bool = True) -> None:
        """Hand one update to the real Application and show everything it made happen."""
        await self.application.process_update(Update.de_json(update, self.application.bot))
        events = self.api.take_events()
        self._show(events)
        if not events and expect_reply:
            self.screen.note("no reply")

    def _show(self, events: list[Event]) -> None:
        """Print what the bot did, and offer the buttons it showed."""
        for event in events:
            match event:
                case Sent(message):
                    self.screen.message("bot:", message)
                    self._offer_buttons(message)
                case Edited(message):
                    self.screen.message("bot (edited):", message)
                    self._offer_buttons(message)
                case Answered(text, alert):
                    self.screen.block("bot (alert):" if alert else "bot (toast):", [text])
                case InlineAnswered(query, results, button):
                    self.screen.inline_results(query, results, button)
                    self._offer_inline(results, button)
                case Refused(method, description):
                    self._show_refusal(method, description)

    def _show_refusal(self, method: str, description: str) -> None:
        """A note for a call Telegram would refuse."""
        if NOT_MODIFIED in description:  # the bot presses on; a Telegram app shows no change
            self.screen.note("the message stays as it was: Telegram answered “message is not modified”")
        else:
            self.screen.note(f"Telegram refused {method}: {description}")

    def _offer_buttons(self, message: dict) -> None:
        """The message's buttons become the numbered choices; without any, older ones stay."""
        key = (message["chat"]["id"], message["message_id"])
        buttons = buttons_of(message)
        if buttons:
            self._choices = [partial(self._press, key, button) for button in buttons]
            self._choices_of = key
        elif self._choices_of == key:  # an edit took this message's buttons away
            self._choices, self._choices_of = [], None

    def _offer_inline(self, results: list[dict], button: dict | None) -> None:
        """Inline results (and the button above them) become the numbered choices."""
        choices = inline_choices(results, button)
        if not choices:
            return
        self._choices = [partial(self._start, choice["start_parameter"]) if choice is button
                         else partial(self._pick, choice) for choice in choices]
        self._choices_of = None
