# Two commands on a fresh machine (Python 3.11+ and make):
#   make run    start the bot (put TELEGRAM_BOT_TOKEN in .env first)
#   make test   run the whole test suite
#   make console  talk to the bot in this terminal (no token, no network)
# Each creates .venv and installs pinned dependencies from constraints.txt on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run console test ingest bench bench-search bench-bot lint clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/quotebot run

console: $(STAMP)
	$(BIN)/quotebot console

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

ingest: $(STAMP)
	$(BIN)/quotebot ingest

bench-search: $(STAMP)
	$(BIN)/python -m bench.search_bench

bench-bot: $(STAMP)
	$(BIN)/python bench/bot_load.py

bench: bench-search bench-bot

lint: $(STAMP)
	$(BIN)/hadolint Dockerfile

clean:
	rm -rf $(VENV) data .pytest_cache
