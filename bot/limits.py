"""Telegram's limits on what a bot sends (Bot API documentation), in one place."""

MESSAGE_CHARS = 4096  # a message's text after entity parsing
ENTITIES_PER_MESSAGE = 100  # formatting entities Telegram keeps in one message
CALLBACK_DATA_BYTES = 64  # an inline button's callback_data
CALLBACK_ANSWER_CHARS = 200  # the text of answerCallbackQuery (an alert)
INLINE_RESULTS = 50  # results in one answerInlineQuery
BUTTON_TEXT_CHARS = 64  # longer button labels are cut by clients; we shorten them ourselves
