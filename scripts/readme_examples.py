"""Regenerate the README's console examples: each ```text block starting with
`$ printf '…' | .venv/bin/quotebot console [options]` gets the console's real output.
A block may open with `$ quotebot import …` lines (paths from the checkout): the example then
runs on a copy of the seeds with those interviews imported, as a user's library would be.

    .venv/bin/python scripts/readme_examples.py          # rewrite README.md in place
    .venv/bin/python scripts/readme_examples.py --check  # exit 1 if any example is stale

Each example runs on a fresh database (so no saved language leaks between them), with the
seeds of this checkout. tests/console/test_main.py runs the same check.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
# The command line, then everything up to the closing fence (nothing yet, for a new example).
EXAMPLE = re.compile(r"^(```text\n(?P<imports>(?:\$ quotebot import [^\n]*\n)*)"
                     r"\$ printf '(?P<typed>[^'\n]*)' \| \.venv/bin/quotebot console(?P<args>[^\n]*)\n)"
                     r"(?P<shown>(?:(?!^```).)*?)\n?(?P<fence>^```)", re.DOTALL | re.MULTILINE)


def console_output(typed: str, args: str, imports: str = "") -> str:
    """What `printf typed | quotebot console args` prints, on a fresh database (after the
    `$ quotebot import …` lines of `imports`, into a copy of the seeds)."""
    with tempfile.TemporaryDirectory() as workdir:
        seeds = REPO / "seeds"
        environment = {**os.environ, "SEEDS_DIR": str(seeds), "DATABASE_PATH": f"{workdir}/q.sqlite3",
                       "DEFAULT_LANGUAGE": "en", "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8",
                       "NO_COLOR": "1",
                       # Vectors kept across runs (keyed by model and text), as the tests keep them.
                       "EMBEDDING_CACHE_PATH": os.environ.get("EMBEDDING_CACHE_PATH")
                       or str(REPO / "data" / "test-embeddings.sqlite3")}
        environment.pop("COLUMNS", None)
        if imports:
            environment["SEEDS_DIR"] = str(shutil.copytree(seeds, Path(workdir) / "seeds"))
            for line in imports.splitlines():
                command = shlex.split(line.removeprefix("$ quotebot "))
                subprocess.run([sys.executable, "-m", "bot", *command], cwd=REPO, env=environment,
                               capture_output=True, timeout=120, check=True)
        lines = "".join(f"{line}\n" for line in typed.split("\\n") if line)
        done = subprocess.run([sys.executable, "-m", "bot", "console", *shlex.split(args)], input=lines,
                              capture_output=True, text=True, encoding="utf-8", cwd=workdir, env=environment,
                              timeout=120, check=True)
    return done.stdout.rstrip("\n")


def examples(text: str) -> list[re.Match]:
    return list(EXAMPLE.finditer(text))


def regenerated(text: str) -> str:
    return EXAMPLE.sub(lambda m: m.group(1) + console_output(m["typed"], m["args"], m["imports"]) + "\n" + m["fence"],
                       text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if an example is stale")
    text = README.read_text(encoding="utf-8")
    fresh = regenerated(text)
    if parser.parse_args().check:
        print("README examples are current" if fresh == text else "README examples are stale: run this script")
        return 0 if fresh == text else 1
    README.write_text(fresh, encoding="utf-8")
    print(f"{len(examples(text))} examples regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
