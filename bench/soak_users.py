"""The users of the soak bench (bench/soak.py): what they send, and how each answer is recognised.

Each user is a private chat that does one thing at a time and waits for its answer: a
command or plain words (answered by a sendMessage to the chat), a button press on the bot's
last message to them (answerCallbackQuery with that query's id, then usually an edit or a
new message), an inline query (answerInlineQuery with its id), or now and then a burst of
BURST messages at once, of which flood control answers the latest and may drop the earlier
ones ("coalesced"), with at most one slow-down notice.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.i18n import t
from tests.e2e.dialog import plain
from tests.e2e.standin import BotApiStandIn, RecordedCall

ANSWER_SECONDS = 60.0  # past this an update counts as lost (429 waits and retries take seconds)
FOLLOW_UP_SECONDS = 10.0
BURST = 8
QUERIES = ("scaling", "hallucinations", "neural networks", "幻觉", "democracy", "GPU hardware cost", "意識",
           "transformer attention", "learn from less data", "reinforcment learning", "yan lecun", "AlexNet")
COMMANDS = ("/quote", "/quote scaling", "/search {q}", "{q}", "/topic", "/topic rlhf", "/help", "/start",
            "/language", "/language zh", "/language en", "/language zh-hant")
KINDS = {"message": 55, "button": 30, "inline": 13, "burst": 2}  # relative weights
NOTICES = {t(language, "misc.slow_down") for language in ("en", "zh-hans", "zh-hant")}
SAVED = {t(code, "language.set_user", name=name): code
         for code, name in (("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文"))}


@dataclass
class Tally:
    """What happened to every update the users sent."""

    sent: Counter = field(default_factory=Counter)  # by kind
    answered: Counter = field(default_factory=Counter)
    coalesced: int = 0
    notices: int = 0
    lost: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    languages: dict[int, str] = field(default_factory=dict)  # user → the choice the bot confirmed last

    @property
    def total(self) -> int:
        return sum(self.sent.values())


class Answers:
    """The stand-in's `on_call`: files each accepted call where the user waiting for it looks."""

    def __init__(self) -> None:
        self.chats: dict[int, asyncio.Queue[RecordedCall]] = defaultdict(asyncio.Queue)
        self.queries: dict[str, asyncio.Future[RecordedCall]] = {}
        self.statuses: Counter = Counter()

    def __call__(self, call: RecordedCall) -> None:
        self.statuses[(call.method, call.status)] += 1
        if not call.ok:
            return
        if call.is_to("sendMessage") or call.is_to("editMessageText"):
            self.chats[int(call.params.get("chat_id", 0))].put_nowait(call)
        key = call.params.get("callback_query_id") or call.params.get("inline_query_id")
        if key is not None and key in self.queries and not self.queries[key].done():
            self.queries[key].set_result(call)

    def expect(self, query_id: str) -> asyncio.Future[RecordedCall]:
        self.queries[query_id] = asyncio.get_running_loop().create_future()
        return self.queries[query_id]


class User:
    def __init__(self, user_id: int, api: BotApiStandIn, answers: Answers, tally: Tally, rng: random.Random) -> None:
        self.id, self.api, self.answers, self.tally, self.rng = user_id, api, answers, tally, rng
        self.language_code = rng.choice(("en", "en", "zh-hans", "zh-TW"))
        self.last: RecordedCall | None = None  # the bot's last message to this user, for its buttons
        self.busy = False

    @property
    def inbox(self) -> asyncio.Queue[RecordedCall]:
        return self.answers.chats[self.id]

    async def act(self) -> None:
        self.busy = True
        try:
            while not self.inbox.empty():  # a late edit of a press that was already answered
                self.inbox.get_nowait()
            kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            if kind == "button" and not self._buttons():
                kind = "message"
            await getattr(self, f"_{kind}")()
        finally:
            self.busy = False

    def _send(self, text: str) -> float:
        self.api.send_message(text, chat_id=self.id, user_id=self.id, language_code=self.language_code)
        return asyncio.get_running_loop().time()

    async def _message(self) -> None:
        text = self.rng.choice(COMMANDS).format(q=self.rng.choice(QUERIES))
        self.tally.sent["message"] += 1
        sent = self._send(text)
        reply = await self._next_in_chat(ANSWER_SECONDS)
        if reply is None:
            self.tally.lost.append(f"user {self.id}: {text}")
            return
        self._answered("message", sent, reply)

    async def _button(self) -> None:
        data = self.rng.choice(self._buttons())
        self.tally.sent["button"] += 1
        update_id = self.api.press_button(self.last, data, user_id=self.id, language_code=self.language_code)
        query_id = self.api.injected_update(update_id)["callback_query"]["id"]
        sent = asyncio.get_running_loop().time()
        try:
            answer = await asyncio.wait_for(self.answers.expect(query_id), ANSWER_SECONDS)
        except TimeoutError:
            self.tally.lost.append(f"user {self.id}: button {data}")
            return
        self._answered("button", sent, answer)
        if not answer.params.get("show_alert"):  # then an edit or a new message follows
            follow_up = await self._next_in_chat(FOLLOW_UP_SECONDS)
            if follow_up is not None:
                self._remember(follow_up)

    async def _inline(self) -> None:
        self.tally.sent["inline"] += 1
        update_id = self.api.inline_query(self.rng.choice(QUERIES + ("",)), user_id=self.id,
                                          language_code=self.language_code)
        query_id = self.api.injected_update(update_id)["inline_query"]["id"]
        sent = asyncio.get_running_loop().time()
        try:
            answer = await asyncio.wait_for(self.answers.expect(query_id), ANSWER_SECONDS)
        except TimeoutError:
            self.tally.lost.append(f"user {self.id}: inline query")
            return
        self._answered("inline", sent, answer)

    async def _burst(self) -> None:
        """BURST searches at once: the last must be answered; the others answered or coalesced."""
        last = f"burst {self.id}-{self.tally.sent['burst']}"
        self.tally.sent["burst"] += BURST
        for i in range(BURST - 1):
            self._send(f"/search {QUERIES[i % len(QUERIES)]}")
        sent = self._send(f"/search {last}")
        answers, last_answered = 0, False
        while not last_answered:
            reply = await self._next_in_chat(ANSWER_SECONDS)
            if reply is None:
                break
            if plain(reply) in NOTICES:
                self.tally.notices += 1
                continue
            answers += 1
            last_answered = last in plain(reply)  # quoted in the heading (“…” or 「…」 in Traditional)
            if last_answered:
                self.tally.latencies.append(reply.at - sent)
        await asyncio.sleep(2.0)  # a reply to an earlier message may still be on its way
        while not self.inbox.empty():
            answers += plain(self.inbox.get_nowait()) not in NOTICES
        if not last_answered:
            self.tally.lost.append(f"user {self.id}: the last of a burst")
        self.tally.answered["burst"] += min(answers, BURST)
        self.tally.coalesced += max(BURST - answers, 0) if last_answered else 0

    async def _next_in_chat(self, timeout: float) -> RecordedCall | None:
        try:
            return await asyncio.wait_for(self.inbox.get(), timeout)
        except TimeoutError:
            return None

    def _answered(self, kind: str, sent: float, reply: RecordedCall) -> None:
        self.tally.answered[kind] += 1
        self.tally.latencies.append(reply.at - sent)
        if reply.is_to("sendMessage") or reply.is_to("editMessageText"):
            self._remember(reply)

    def _remember(self, reply: RecordedCall) -> None:
        if plain(reply) in SAVED:
            self.tally.languages[self.id] = SAVED[plain(reply)]
        if isinstance(reply.result, dict) and self._buttons(reply):
            self.last = reply

    def _buttons(self, reply: RecordedCall | None = None) -> list[str]:
        reply = reply or self.last
        if reply is None or not isinstance(reply.result, dict):
            return []
        current = self.api.message(reply.result["chat"]["id"], reply.result["message_id"]) or {}
        rows = (current.get("reply_markup") or {}).get("inline_keyboard", [])
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]
