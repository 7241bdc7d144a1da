"""A python-telegram-bot transport without a network, for tests and benchmarks of the library's part."""

from __future__ import annotations

import json

from telegram.request import BaseRequest

BOT_USER = {"id": 1, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}


class OfflineRequest(BaseRequest):
    """Answers every Bot API call itself: `getMe` with BOT_USER, any other with `result`.

    With `record`, keeps each call's method and parameters (as Telegram would get them) in `calls`.
    """

    def __init__(self, result: object = True, *, record: bool = False) -> None:
        self.result = result
        self.record = record
        self.calls: list[tuple[str, dict]] = []

    async def initialize(self) -> None: ...

    async def shutdown(self) -> None: ...

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def do_request(self, url, method, request_data=None, **timeouts) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[1]
        if self.record:
            self.calls.append((endpoint, json.loads(json.dumps(request_data.parameters)) if request_data else {}))
        result = BOT_USER if endpoint == "getMe" else self.result
        return 200, json.dumps({"ok": True, "result": result}).encode()
