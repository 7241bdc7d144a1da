"""`quotebot` command line: run (default), ingest, export, search, healthcheck."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.corpus.errors import SeedError
from bot.logging_setup import configure_logging

HEARTBEAT_MAX_AGE_SECONDS = 90


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotebot", description="Interview Quote Bot for Telegram.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the bot (the default)")
    ingest = commands.add_parser("ingest", help="build the database from seeds/ if they changed")
    ingest.add_argument("--force", action="store_true", help="rebuild even if the seeds are unchanged")
    export = commands.add_parser("export", help="print every turn")
    export.add_argument("--json", action="store_true", required=True, help="as JSON (the only format)")
    search = commands.add_parser("search", help="search the interview")
    search.add_argument("query", nargs="+")
    search.add_argument("--lang", choices=["en", "zh", "zh-hans", "zh-hant"], default="en")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--speaker", choices=["ilya", "guest", "host", "any"], default="any")
    search.add_argument("--json", action="store_true")
    commands.add_parser("healthcheck", help="exit 0 if the running bot polled Telegram recently")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except (ConfigError, SeedError) as error:
        print(f"quotebot: {error}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command or "run"
    if command == "run":
        configure_logging(settings.log_level, settings.bot_token())
        from bot.application import run  # imports telegram only when running the bot

        run(settings)
        return 0
    configure_logging("WARNING")
    if command == "ingest":
        return _ingest(settings, force=args.force)
    if command == "export":
        return _export(settings)
    if command == "search":
        return _search(settings, args)
    return _healthcheck(settings)


def _ingest(settings: Settings, *, force: bool) -> int:
    from bot.storage.ingest import ingest

    report = ingest(settings.database_path, settings.seeds_dir, force=force)
    state = "built" if report.changed else "already up to date"
    print(f"{settings.database_path}: {state} — {report.interviews} interview(s), {report.turns} turns")
    return 0


def _export(settings: Settings) -> int:
    from bot.storage.export import export_turns
    from bot.storage.ingest import ingest

    ingest(settings.database_path, settings.seeds_dir)
    json.dump(export_turns(settings.database_path), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from bot.search.command import run_search_command
    from bot.storage.ingest import ingest

    ingest(settings.database_path, settings.seeds_dir)
    language = "zh-hans" if args.lang == "zh" else args.lang
    speaker = {"ilya": "guest"}.get(args.speaker, args.speaker)
    print(run_search_command(settings.database_path, " ".join(args.query), language, args.limit, speaker, args.json))
    return 0


def _healthcheck(settings: Settings) -> int:
    """Polling: the transport touched the heartbeat after a good getUpdates. Webhook: the port answers."""
    if settings.webhook_url:
        return _webhook_port_open(settings)
    if settings.heartbeat_file is None:
        return 0
    path = Path(settings.heartbeat_file)
    fresh = path.exists() and time.time() - path.stat().st_mtime < HEARTBEAT_MAX_AGE_SECONDS
    print("healthy" if fresh else f"unhealthy: {path} is missing or older than {HEARTBEAT_MAX_AGE_SECONDS}s")
    return 0 if fresh else 1


def _webhook_port_open(settings: Settings) -> int:
    import socket

    host = "127.0.0.1" if settings.webhook_listen in ("0.0.0.0", "::", "") else settings.webhook_listen
    try:
        socket.create_connection((host, settings.webhook_port), timeout=3).close()
    except OSError as error:
        print(f"unhealthy: webhook port {settings.webhook_port} does not answer ({error})")
        return 1
    print("healthy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
