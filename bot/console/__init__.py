"""`quotebot console`: the real bot in a terminal, against an in-process Bot API stand-in.

stdin lines become Telegram updates for the real Application; the stand-in (`standin`) answers
the bot's Bot API calls and `display` prints what a Telegram client would show.
"""
