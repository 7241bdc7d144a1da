"""Bot API error answers, worded as api.telegram.org words them."""

from __future__ import annotations

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """A refused Bot API call: the HTTP status, Telegram's description and its `parameters`."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        """A refusal with HTTP `status`, Telegram's `description` and (e.g. retry_after) `parameters`."""
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        """The JSON envelope Telegram answers a refused call with."""
        body = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 answer: "Bad Request: <detail>"."""
    return ApiError(400, f"Bad Request: {detail}")
