"""`quotebot` command line: run (default), ingest, export, search, import, healthcheck, console."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_settings
from bot.corpus.errors import SeedError
from bot.logging_setup import configure_logging

if TYPE_CHECKING:
    from bot.storage.ingest import IngestReport


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
    search.add_argument("--speaker", default="any", metavar="guest|host|any|NAME",
                        help="whose turns: a role, or a speaker's name or one word of it")
    search.add_argument("--interview", metavar="SLUG", help="only this interview (its folder name in SEEDS_DIR)")
    search.add_argument("--json", action="store_true")
    _import_parser(commands)
    commands.add_parser("healthcheck", help="exit 0 if the running bot polled Telegram recently")
    console = commands.add_parser("console", help="talk to the bot in this terminal: no token, no network")
    console.add_argument("--language", choices=["en", "zh-hans", "zh-hant"], default=None,
                         help="your Telegram app's language (default: DEFAULT_LANGUAGE)")
    console.add_argument("--group", action="store_true", help="talk in a group you own instead of a private chat")
    return parser


def _import_parser(commands: argparse._SubParsersAction) -> None:
    imports = commands.add_parser(
        "import", help="add interviews from transcript files to SEEDS_DIR (one interview per file)",
        description="Each FILE becomes SEEDS_DIR/<slug>/: the file copied unchanged and an interview.toml to "
                    "review. Formats are recognised from the content (see seeds/README.md).")
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    one = "(one FILE only)"
    imports.add_argument("--slug", help=f"folder name (default: from the title or the file name) {one}")
    imports.add_argument("--title", help=f"default: the file's front matter, else its name {one}")
    imports.add_argument("--date", metavar="YYYY-MM-DD", help=f"default: the front matter's publish_date {one}")
    imports.add_argument("--url", help=f"the recording (default: the front matter's youtube_url) {one}")
    imports.add_argument("--host", action="append", default=[], metavar="NAME",
                         help="a host (repeat for several); the other speakers are guests")
    imports.add_argument("--speaker", action="append", default=[], metavar="LABEL=NAME",
                         help="name a label (SPEAKER_00=Ada Lovelace) or join two (Bekah='Bekah Hawrot Weigel')")
    imports.add_argument("--language", choices=["en", "zh-hans", "zh-hant"],
                         help="the language it was held in (default: told from the text)")
    imports.add_argument("--chapters", type=Path, metavar="FILE",
                         help=f"Podcasting 2.0 chapters JSON or `00:00 Title` lines: the topics {one}")
    imports.add_argument("--replace", action="store_true", help="import again over an imported interview")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "import":
        _check_import_args(parser, args)
    try:
        settings = load_settings()
        return _dispatch(args, settings)
    except (ConfigError, SeedError) as error:
        print(f"quotebot: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Whatever read our output stopped early (`quotebot search … | head`): end quietly, as a
        # Unix tool does, and keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command or "run"
    if command == "run":
        configure_logging(settings.log_level, settings.bot_token())
        from bot.application import run  # imports telegram only when running the bot

        run(settings)
        return 0
    if command == "console":
        from bot.console.main import run_console  # imports telegram only when talking to the bot

        return run_console(settings, language=args.language, group=args.group)
    configure_logging("WARNING")
    if command == "ingest":
        return _ingest(settings, force=args.force)
    if command == "export":
        return _export(settings)
    if command == "search":
        return _search(settings, args)
    if command == "import":
        from bot.corpus.import_command import run_import

        return run_import(settings.seeds_dir, args)
    return _healthcheck(settings)


def _check_import_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    single = [f"--{name}" for name in ("slug", "title", "date", "url", "chapters") if getattr(args, name)]
    if single and len(args.files) > 1:
        parser.error(f"{', '.join(single)}: for one FILE only ({len(args.files)} given)")
    for pair in args.speaker:
        label, equals, name = pair.partition("=")
        if not equals or not label.strip() or not name.strip():
            parser.error(f"--speaker {pair!r}: expected LABEL=NAME")


def _ingested(settings: Settings, *, force: bool = False) -> IngestReport:
    """The database built from the seeds if they changed (the index builder handed to ingest)."""
    from bot.search.index import SearchTables
    from bot.storage.ingest import ingest

    tables = SearchTables(settings.semantic_search, settings.embedding_cache())
    return ingest(settings.database_path, settings.seeds_dir, build_index=tables, force=force)


def _ingest(settings: Settings, *, force: bool) -> int:
    report = _ingested(settings, force=force)
    state = "built" if report.changed else "already up to date"
    print(f"{settings.database_path}: {state} — {report.interviews} interview(s), {report.turns} turns")
    return 0


def _export(settings: Settings) -> int:
    from bot.storage.export import export_turns

    _ingested(settings)
    json.dump(export_turns(settings.database_path), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from bot.search.command import UnknownSpeaker, run_search_command

    _ingested(settings)
    language = "zh-hans" if args.lang == "zh" else args.lang
    try:
        print(run_search_command(settings.database_path, " ".join(args.query), language, args.limit, args.speaker,
                                 args.json, args.interview))
    except UnknownSpeaker as error:
        print(f"quotebot: {error}", file=sys.stderr)
        return 2
    return 0


def _healthcheck(settings: Settings) -> int:
    """Polling: the heartbeat (bot.heartbeat) is fresh after good getUpdates. Webhook: the port answers."""
    if settings.webhook_url:
        return _webhook_port_open(settings)
    from bot.heartbeat import check

    healthy, line = check(settings.heartbeat_file)
    print(line)
    return 0 if healthy else 1


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
