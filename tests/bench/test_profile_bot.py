"""bench/profile_bot.py's summary of py-spy samples (py-spy itself is not needed to check it)."""

from bench.profile_bot import summarize


def test_samples_are_shared_by_innermost_package_and_by_function_on_the_stack(tmp_path):
    raw = tmp_path / "samples.txt"
    raw.write_text(
        "main (bot/cli.py:40);search (handlers/commands.py:60);Message.de_json (telegram/_message.py:9) 6\n"
        "main (bot/cli.py:40);search (handlers/commands.py:60);start_search (bot/replies.py:102) 3\n"
        "main (bot/cli.py:40);ClientSession._request (aiohttp/client.py:500) 1\n"
    )
    report = summarize(raw)
    assert "10 samples" in report
    assert " 60.0%  python-telegram-bot" in report and " 30.0%  our code" in report
    assert " 10.0%  aiohttp, yarl, multidict" in report
    assert " 90.0%  search" in report and "100.0%  main" in report


def test_an_empty_recording_says_why_it_may_be_empty(tmp_path):
    raw = tmp_path / "samples.txt"
    raw.write_text("")
    assert "ptrace" in summarize(raw)
