"""`quotebot console`: set up the real Application on the console's Telegram and run the conversation.

The lifecycle is `Application.run_polling`'s, minus the polling: initialize, post_init (which
builds the database and opens the stores), the updates, then shutdown and post_shutdown, on an
event loop driven the same way. Input is read between updates, outside the loop, so Ctrl-C at
the prompt is a plain KeyboardInterrupt and each line is answered before the next is read.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator

from pydantic import SecretStr

from bot.config import Settings
from bot.console.display import Screen
from bot.console.session import QUIT, Console
from bot.console.standin import ConsoleBotApi
from bot.console.world import PLACEHOLDER_TOKEN, TELEGRAM_CODES, World
from bot.logging_setup import configure_logging

PROMPT = "you> "


def console_settings(settings: Settings) -> Settings:
    """The configured settings with a placeholder token: nothing leaves the process."""
    return settings.model_copy(update={
        "telegram_bot_token": SecretStr(PLACEHOLDER_TOKEN),  # never a real one, even if .env has it
        "rate_limiter": False,  # Telegram's flood limits would only slow a pasted transcript down
        "webhook_url": None,
        "heartbeat_file": None,
    })


def run_console(settings: Settings, *, language: str | None = None, group: bool = False) -> int:
    """Talk to the bot on stdin/stdout until /quit or EOF (or stdout closes); 0, or 130 after Ctrl-C."""
    configure_logging("WARNING", PLACEHOLDER_TOKEN)  # stderr: stdout is the conversation
    settings = console_settings(settings)
    world = World(TELEGRAM_CODES[language or settings.default_language], in_group=group)
    screen = Screen.for_stdout()
    try:
        converse(settings, world, screen, input_lines(screen, interactive=sys.stdin.isatty()))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:  # `quotebot console | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so exit's flush cannot fail again
    return 0


def converse(settings: Settings, world: World, screen: Screen, lines: Iterator[str]) -> None:
    """Build the real Application on the stand-in, feed it every line, shut it down as the bot does."""
    from bot.application import build_application  # imports telegram and the handlers
    from bot.services import Services

    api = ConsoleBotApi(world)
    application = build_application(settings, Services.from_settings(settings), request=api)
    console = Console(application, api, screen)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(application.initialize())
        if application.post_init:
            loop.run_until_complete(application.post_init(application))
        console.show_startup()
        for line in lines:
            if not loop.run_until_complete(console.handle(line)):
                break
            print(file=screen.out, flush=True)  # a blank line between exchanges
    finally:
        loop.run_until_complete(application.shutdown())
        if application.post_shutdown:
            loop.run_until_complete(application.post_shutdown(application))
        loop.close()
        asyncio.set_event_loop(None)


def input_lines(screen: Screen, *, interactive: bool) -> Iterator[str]:
    """Lines typed at a `you> ` prompt, or piped lines echoed as `you: ...`; blank ones skipped."""
    if interactive:
        yield from _prompted(screen)
        return
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line.strip():
            screen.you(line)
            yield line


def _prompted(screen: Screen) -> Iterator[str]:
    """Lines typed at the prompt, until EOF (Ctrl-D)."""
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    print(f"Talking to the bot in this terminal; no Telegram, no network. "
          f"A number presses a button, @ words asks inline, {QUIT} ends.\n", file=screen.out, flush=True)
    while True:
        try:
            line = input(PROMPT)
        except EOFError:
            print(file=screen.out)
            return
        if line.strip():
            yield line
