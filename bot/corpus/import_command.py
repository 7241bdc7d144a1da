"""`quotebot import FILE...`: what it prints and when it refuses (bot.corpus.importer does the work).

All or nothing: every file is read and every folder staged before any is put in place, so one
bad file among many leaves SEEDS_DIR as it was. Each refusal is one line on stderr,
`file[:line]: what is wrong`, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

from bot.corpus.importer import (
    ImportOptions,
    PlannedImport,
    check_target,
    commit,
    plan_import,
    stage,
    unique_slugs,
)
from bot.transcripts import TranscriptError
from bot.transcripts.speakers import suggest_speaker_map


def run_import(seeds_dir: Path, args: argparse.Namespace) -> int:
    if not seeds_dir.is_dir():
        print(f"{seeds_dir}: SEEDS_DIR is not a directory", file=sys.stderr)
        return 1
    options = _options(args)
    plans, errors = [], []
    for path in args.files:
        try:
            plans.append(plan_import(path, options))
        except TranscriptError as error:
            errors.append(str(error))
    if not errors:
        errors = _refusals(plans, seeds_dir, replace=args.replace)
        hosts = library_hosts(seeds_dir)  # read once: a large library has hundreds of interview.toml
        plans = [with_library_notes(plan, hosts) for plan in plans]
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    try:
        staged = stage(plans, seeds_dir)
    except TranscriptError as error:
        print(error, file=sys.stderr)
        return 1
    for item in staged:
        print(_summary(item.plan, commit(item, seeds_dir), seeds_dir))
    where = f"{seeds_dir / plans[0].slug}/interview.toml" if len(plans) == 1 else "interview.toml in each folder"
    print(f"Review {where}, then run `quotebot ingest` (or restart the bot).")
    return 0


def library_hosts(seeds_dir: Path) -> dict[str, list[str]]:
    """The hosts' names of the interviews imported in `seeds_dir`: name → their slugs."""
    names: dict[str, list[str]] = {}
    for annotation in sorted(seeds_dir.glob("*/interview.toml")):
        try:
            speakers = tomllib.loads(annotation.read_text(encoding="utf-8")).get("speaker", [])
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # ingest says what is wrong with it; here it only informs notes
        for speaker in speakers:
            if isinstance(speaker, dict) and speaker.get("name") and speaker.get("role") == "host":
                names.setdefault(str(speaker["name"]), []).append(annotation.parent.name)
    return names


def with_library_notes(plan: PlannedImport, hosts: dict[str, list[str]]) -> PlannedImport:
    """`plan` with a note for each of its hosts the library knows under a longer or shorter name
    ("Lenny" here, "Lenny Rachitsky" in other interviews): one person, two names. Hosts only: a
    show's host recurs across its episodes, while two guests sharing a first name are two people."""
    notes = []
    for speaker in plan.annotation.speakers:
        if speaker.role != "host":
            continue
        for name, slugs in hosts.items():
            slugs = [slug for slug in slugs if slug != plan.slug]
            shorter, longer = sorted((speaker.name, name), key=lambda n: len(n.split()))
            if not slugs or shorter.casefold() == longer.casefold() or \
                    suggest_speaker_map([shorter, longer]) != {shorter: longer}:
                continue
            where = slugs[0] if len(slugs) == 1 else f"{slugs[0]} and {len(slugs) - 1} more"
            if shorter == speaker.name:
                notes.append(f"{shorter!r} may be {longer!r} of {where}: to name them alike, "
                             f"--speaker {shlex.quote(f'{shorter}={longer}')}")
            else:
                notes.append(f"{longer!r} may be {shorter!r} of {where}: to name them alike, "
                             f"rename {shorter!r} in their interview.toml")
    return replace(plan, notes=(*plan.notes, *notes)) if notes else plan


def _options(args: argparse.Namespace) -> ImportOptions:
    speakers = dict(pair.partition("=")[::2] for pair in args.speaker)
    return ImportOptions(slug=args.slug, title=args.title, date=args.date, url=args.url, hosts=tuple(args.host),
                         speakers={label.strip(): name.strip() for label, name in speakers.items()},
                         language=args.language, chapters=args.chapters)


def _refusals(plans: list[PlannedImport], seeds_dir: Path, *, replace: bool) -> list[str]:
    errors = []
    try:
        plans[:] = unique_slugs(plans)
    except TranscriptError as error:
        return [str(error)]
    for plan in plans:
        try:
            check_target(plan, seeds_dir, replace=replace)
        except TranscriptError as error:
            errors.append(str(error))
    return errors


def _summary(plan: PlannedImport, outcome: str, seeds_dir: Path) -> str:
    annotation = plan.annotation
    counts = plan.turn_counts()
    lines = [f"{outcome} {plan.slug}: {len(annotation.turns)} turns from {plan.source} ({annotation.source_format}), "
             f"in {seeds_dir / plan.slug}"]
    width = max(len(speaker.name) for speaker in annotation.speakers)
    for speaker in sorted(annotation.speakers, key=lambda s: (s.role != "guest", -counts[s.id])):
        count = counts[speaker.id]
        lines.append(f"  {speaker.role:5}  {speaker.name:{width}}  {count} turn{'s' if count != 1 else ''}")
    if plan.roles_guessed:
        lines.append(f"  (host and guest told apart by {plan.roles_guessed}: --host NAME says who hosts)")
    details = [annotation.title, annotation.date or "no date", annotation.language,
               f"{len(annotation.topics)} topic(s)"]
    lines.append("  " + " · ".join(details))
    lines += [f"  note: {note}" for note in plan.notes]
    return "\n".join(lines)
