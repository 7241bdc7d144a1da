"""Suite-wide fixtures and hooks."""

from __future__ import annotations

import logging

import pytest

_REPORTS = pytest.StashKey[dict]()


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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for title, text in config.stash.get(_REPORTS, {}).items():
        terminalreporter.write_sep("=", title)
        terminalreporter.write_line(text)
