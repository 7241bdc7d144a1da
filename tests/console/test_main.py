"""`quotebot console` as a user runs it: piped lines in, the conversation out, exit status 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console.main import console_settings
from bot.console.world import PLACEHOLDER_TOKEN

REPO = Path(__file__).resolve().parents[2]
SECRET_PART = PLACEHOLDER_TOKEN.split(":")[1]
# A token of the real shape in the environment: the console must neither use nor show it.
ENV_TOKEN = "123456789:AAEnv_token_from_dotenv_0123456789abcdef"


def converse(tmp_path: Path, *lines: str, args: tuple[str, ...] = ()) -> str:
    """Pipe `lines` into the console; check it ended well and showed no token; return stdout."""
    environment = {**os.environ, "SEEDS_DIR": str(REPO / "seeds"), "DATABASE_PATH": str(tmp_path / "quotebot.sqlite3"),
                   "DEFAULT_LANGUAGE": "en", "TELEGRAM_BOT_TOKEN": ENV_TOKEN, "PYTHONPATH": str(REPO),
                   "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    environment.pop("COLUMNS", None)
    done = subprocess.run([sys.executable, "-m", "bot", "console", *args], input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=environment, timeout=60)
    assert done.returncode == 0, done.stderr
    for secret in (PLACEHOLDER_TOKEN, SECRET_PART, ENV_TOKEN, ENV_TOKEN.split(":")[1]):
        assert secret not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Telegram refused" not in done.stdout, done.stdout + done.stderr
    return done.stdout


def number_of(output: str, label: str) -> str:
    """The number the console shows last for the button `label`."""
    return re.findall(rf"\[(\d+)\] {re.escape(label)}(?:\s|$)", output)[-1]


def block_after(output: str, marker: str) -> str:
    """The output from the last `marker` to the next input line."""
    tail = output[output.rindex(marker):]
    return tail.split("\nyou: ", 1)[0]


def test_the_console_never_uses_the_configured_token():
    settings = console_settings(Settings(_env_file=None, telegram_bot_token=ENV_TOKEN, webhook_url="https://x.org/h"))
    assert settings.bot_token() == PLACEHOLDER_TOKEN  # valid in shape, so the real Application accepts it
    assert not settings.rate_limiter and settings.webhook_url is None and settings.heartbeat_file is None


@pytest.mark.slow
def test_start_shows_the_welcome_and_eof_ends_with_status_0(tmp_path):
    output = converse(tmp_path, "/start")
    assert output.startswith("you: /start\nbot: Interview Quote Bot\n")
    assert "/search words — find a passage" in output


@pytest.mark.slow
def test_search_lists_numbered_results_and_a_number_opens_one(tmp_path):
    output = converse(tmp_path, "/search bitter lesson", "1")
    results = block_after(output, "you: /search bitter lesson")
    assert "bot: Results for “bitter lesson”" in results
    assert re.search(r"^ {5}\[1\] 1\b", results, re.MULTILINE)
    turn = block_after(output, "(pressed “1”)")
    assert "┃ No, I would say that when he posted his article" in turn
    assert "bitter lesson" in turn and "— Ilya Sutskever · Eye on AI #118 · 2023-03-14" in turn
    assert "[1] ◀ Before  [2] After ▶" in turn


@pytest.mark.slow
def test_after_edits_the_turn_in_place(tmp_path):
    first = converse(tmp_path, "/quote scaling")
    output = converse(tmp_path, "/quote scaling", number_of(first, "After ▶"))
    before, edited = block_after(output, "you: /quote scaling"), block_after(output, "bot (edited):")
    assert "(pressed “After ▶”)" in output and edited.count("┃ ") > 0
    first_quoted = next(line for line in edited.splitlines() if "┃ " in line)
    assert first_quoted not in before  # the next turn, not the same one again


@pytest.mark.slow
def test_more_edits_the_result_list_to_the_next_page(tmp_path):
    first = converse(tmp_path, "/search neural networks")
    output = converse(tmp_path, "/search neural networks", number_of(first, "More ▶"))
    page = block_after(output, "bot (edited):")
    assert "Results for “neural networks”" in page and "◀ Back" in page


@pytest.mark.slow
def test_traditional_chinese_after_language_zh_hant(tmp_path):
    output = converse(tmp_path, "/language zh-hant", "/search scaling")
    assert "繁體中文" in block_after(output, "you: /language zh-hant")
    results = block_after(output, "you: /search scaling")
    assert "「scaling」的結果" in results and "擴展" in results
    assert "结果" not in results and "扩展" not in results  # Simplified forms


@pytest.mark.parametrize(("language", "header"), [("zh-hant", "「scaling」的結果"),
                                                  ("zh-hans", "“scaling”的结果")])
@pytest.mark.slow
def test_language_option_is_the_telegram_app_language(tmp_path, language, header):
    assert header in converse(tmp_path, "/search scaling", args=("--language", language))


@pytest.mark.slow
def test_an_unknown_command_points_to_help(tmp_path):
    assert "bot: I don't know that command. Try /help." in converse(tmp_path, "/frobnicate")


@pytest.mark.slow
def test_inline_query_lists_results_and_picking_one_sends_it(tmp_path):
    output = converse(tmp_path, "@QuoteConsoleBot bitter lesson", "1")
    assert "bot (inline results for “bitter lesson”):\n     [1] Ilya Sutskever · Scaling" in output
    sent = block_after(output, "you (via @QuoteConsoleBot):")
    # The excerpt that matched, not the turn from its start: a few sentences and a link to the whole.
    assert "the bitter lesson, as articulated, overstates its case" in sent and "[1] 📖 Whole passage in the bot" in sent
    assert len([line for line in sent.splitlines() if line.strip().startswith("┃")]) <= 8


@pytest.mark.slow
def test_share_runs_the_inline_query_and_open_in_bot_starts_the_chat(tmp_path):
    first = converse(tmp_path, "/quote bitter lesson")
    output = converse(tmp_path, "/quote bitter lesson", number_of(first, "↗ Share"), "1", "1")
    # The excerpt read: its turn, language and span (bot.links.share_query).
    assert re.search(r"\(pressed “↗ Share”: the input field now reads “@QuoteConsoleBot turn_\d+_en_e\d+_\d+”\)", output)
    assert re.search(r"opens https://t\.me/QuoteConsoleBot\?start=turn_\d+\)\nyou: /start turn_\d+\nbot: ", output)


@pytest.mark.slow
def test_quit_ends_the_conversation(tmp_path):
    output = converse(tmp_path, "/help", "/quit", "/start")
    assert "you: /quit" in output and "you: /start" not in output


@pytest.mark.slow
def test_in_a_group_plain_words_get_no_reply_and_commands_do(tmp_path):
    output = converse(tmp_path, "hello", "/help@QuoteConsoleBot", args=("--group",))
    assert "you: hello\n     (no reply)" in output
    assert "bot: How to use me" in output


@pytest.mark.slow
@pytest.mark.timeout(600)  # six bot processes, one after another, each building its database: 50 s idle
def test_every_readme_example_is_what_the_console_prints():
    """The README's sample conversations are the bot's real output (scripts/readme_examples.py)."""
    from scripts.readme_examples import README, console_output, examples

    found = examples(README.read_text(encoding="utf-8"))
    assert len(found) >= 3  # the opening conversation, the Traditional one, "Try it without Telegram"
    for example in found:
        assert console_output(example["typed"], example["args"], example["imports"]) == example["shown"], \
            example["typed"]
