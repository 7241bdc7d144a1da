"""Suite-wide fixtures and hooks."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

import pytest

_REPORTS = pytest.StashKey[dict]()
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session", autouse=True)
def shared_embedding_cache(request, tmp_path_factory):
    """One embedding cache (EMBEDDING_CACHE_PATH) for the whole session, kept across runs.

    Every fresh database built from the seeds (each bot process, CLI run, console, evaluation
    database) then reuses the passage vectors instead of spending ~20 s embedding them again.
    It lives in the checkout's ignored data/ folder: entries are keyed by model and text, so
    they never go stale, and the fast loop (`-m "not slow"`) stays fast after its first run.
    It is set in the environment, so the bot processes tests start inherit it. When the session
    starts bot processes (`slow` tests), the cache is filled first: a bot must start polling
    within 30 s, and session fixtures run before the module-scoped bots are started.
    """
    path = SEEDS.parent / "data" / "test-embeddings.sqlite3"
    path.parent.mkdir(exist_ok=True)
    previous = os.environ.get("EMBEDDING_CACHE_PATH")
    os.environ["EMBEDDING_CACHE_PATH"] = str(path)
    semantic = os.environ.get("SEMANTIC_SEARCH", "true").strip().lower() not in ("false", "0", "no", "off")
    if semantic and any(item.get_closest_marker("slow") for item in request.session.items):
        from bot.search.index import SearchTables
        from bot.storage.ingest import ingest

        # `make test` runs two workers (pytest-xdist, a file to each), each a session: one embeds, the other waits
        # and finds the cache filled.
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            ingest(tmp_path_factory.mktemp("embeddings") / "warm.sqlite3", SEEDS, build_index=SearchTables(True, path))
    yield path
    if previous is None:
        os.environ.pop("EMBEDDING_CACHE_PATH", None)
    else:
        os.environ["EMBEDDING_CACHE_PATH"] = previous


@pytest.fixture(autouse=True)
def restore_root_logging():
    """A test that reconfigures logging (bot.logging_setup, `quotebot` CLI calls) leaves the root
    logger as it found it: same handlers, same level, for the tests after it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def terminal_report(request):
    """`terminal_report(title, text)`: printed in pytest's terminal summary at the end of the run,
    where it shows even though test output is captured (e.g. the search-quality table)."""
    reports = request.config.stash.setdefault(_REPORTS, {})

    def report(title: str, text: str) -> None:
        reports[title] = text

    return report


def pytest_sessionfinish(session):
    """In a pytest-xdist worker, hand its reports to the controller, which prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["reports"] = dict(session.config.stash.get(_REPORTS, {}))


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: the controller, as each worker ends
def pytest_testnodedown(node, error):
    node.config.stash.setdefault(_REPORTS, {}).update(getattr(node, "workeroutput", {}).get("reports", {}))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for title, text in sorted(config.stash.get(_REPORTS, {}).items()):  # workers end in any order
        terminalreporter.write_sep("=", title)
        terminalreporter.write_line(text)
