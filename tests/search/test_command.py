"""`quotebot search`: what a user of the command line sees, through the CLI itself (bot.cli.main).

On the real interview (built from seeds/ into a temporary database), as the README documents:
`quotebot search QUERY [--lang en|zh|zh-hant] [--limit N] [--speaker ilya|host|any] [--json]`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SPEAKERS = {"Ilya Sutskever", "Craig Smith"}
FIELDS = {"id", "interview", "start", "speaker", "topic", "en", "zh", "text", "score", "snippet", "match"}
MATCHES = {"phrase", "words", "meaning", "quote"}
HAN = re.compile(r"[\u4e00-\u9fff]")
# Common characters that exist only in Simplified script (as in tests/e2e/test_languages.py).
SIMPLIFIED_ONLY = set("这们个说对时为学习来会还没问题样国经发现实间动进过种长门开关东车书见觉认识让给应该网络数据语")
HEADER = re.compile(r"^(\d+) of (\d+) results for '(.*)':$")
RESULT = re.compile(r"^(\d+)\. #(\d+) (.+?) · (.+) \((\d+)\)$")


def is_traditional(text: str) -> bool:
    return bool(HAN.search(text)) and not SIMPLIFIED_ONLY & set(text)


def is_simplified(text: str) -> bool:
    return bool(SIMPLIFIED_ONLY & set(text))


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "quotebot.sqlite3"


@pytest.fixture
def quotebot(database, monkeypatch, capsys):
    """`quotebot search ARGS…` → what it printed (its exit status must be 0)."""
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.setenv("SEEDS_DIR", str(SEEDS))

    def search(*args: str) -> str:
        status = main(["search", *args])
        printed = capsys.readouterr()
        assert status == 0, printed.err
        return printed.out

    return search


def parse_text(out: str) -> tuple[tuple[int, int, str], list[dict]]:
    """The text output: its header (shown, total, query) and each result's line and snippet."""
    lines = out.rstrip("\n").split("\n")
    header = HEADER.match(lines[0])
    assert header, out
    results = []
    for line, snippet in zip(lines[1::2], lines[2::2], strict=True):
        row = RESULT.match(line)
        assert row, line
        assert snippet.startswith("   ") and snippet.strip(), snippet
        number, turn, speaker, topic, score = row.groups()
        results.append({"number": int(number), "id": int(turn), "speaker": speaker, "topic": topic,
                        "score": int(score), "snippet": snippet.strip()})
    return (int(header[1]), int(header[2]), header[3]), results


def squashed(text: str) -> str:
    return " ".join(text.split())


def test_text_output_numbers_the_results_and_shows_the_matched_words(quotebot):
    (shown, total, query), results = parse_text(quotebot("bitter", "lesson"))
    assert query == "bitter lesson" and 1 <= shown <= total and shown == len(results) <= 5
    assert [r["number"] for r in results] == list(range(1, shown + 1))
    first = results[0]
    assert first["speaker"] == "Ilya Sutskever" and first["topic"] == "Scaling and the deep learning breakthrough"
    assert "bitter lesson" in first["snippet"].lower()
    assert all(r["speaker"] in SPEAKERS for r in results)


def test_limit_caps_the_results_but_not_the_total(quotebot):
    (shown, total, _), results = parse_text(quotebot("hallucinations", "--limit", "2"))
    assert shown == len(results) == 2 and total > 2


def test_json_has_every_field_and_the_same_results_as_the_text(quotebot):
    data = json.loads(quotebot("hallucinations", "--json", "--limit", "3"))
    assert set(data) == {"query", "results", "suggestions", "nearest_in_meaning"} and data["query"] == "hallucinations"
    assert data["nearest_in_meaning"] == []  # offered only when nothing matches
    results = data["results"]
    assert 1 <= len(results) <= 3
    for result in results:
        assert set(result) == FIELDS
        assert isinstance(result["id"], int) and result["speaker"] in SPEAKERS and result["topic"]
        assert result["text"] == result["en"] and HAN.search(result["zh"])  # English asked for, both kept
        assert 0 < result["score"] <= 100
        assert result["match"] in MATCHES
        assert result["interview"] == "eye-on-ai-118" and result["start"] is None  # its transcript has no times
        snippet = result["snippet"]
        assert "hallucinat" in snippet.lower(), snippet  # the matched word is in the snippet
        assert squashed(snippet.strip("…")) in squashed(result["text"])  # a piece of the turn, cut with "…"
        assert len(snippet) < len(result["text"])
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    _, text_results = parse_text(quotebot("hallucinations", "--limit", "3"))
    assert [r["id"] for r in text_results] == [r["id"] for r in results]


def test_zh_hant_shows_traditional_chinese_whichever_script_the_query_is_in(quotebot):
    traditional = json.loads(quotebot("幻覺", "--lang", "zh-hant", "--json"))["results"]
    assert traditional
    for result in traditional:
        assert is_traditional(result["text"]) and is_traditional(result["topic"]), result["topic"]
        assert "幻覺" in result["snippet"] and is_traditional(result["snippet"])
    from_simplified = json.loads(quotebot("幻觉", "--lang", "zh-hant", "--json"))["results"]
    assert [r["id"] for r in from_simplified] == [r["id"] for r in traditional]
    _, text_results = parse_text(quotebot("幻觉", "--lang", "zh-hant"))
    assert all(is_traditional(r["topic"]) and "幻覺" in r["snippet"] for r in text_results)


def test_zh_shows_simplified_chinese(quotebot):
    results = json.loads(quotebot("幻覺", "--lang", "zh", "--json"))["results"]
    assert results
    for result in results:
        assert is_simplified(result["text"]) and "幻觉" in result["snippet"]


def test_speaker_host_gives_only_the_hosts_turns_and_ilya_only_his(quotebot):
    def speakers(*args: str) -> dict[int, str]:
        found = json.loads(quotebot("scaling", "--json", "--limit", "20", *args))["results"]
        return {r["id"]: r["speaker"] for r in found}

    host, ilya, anyone = speakers("--speaker", "host"), speakers("--speaker", "ilya"), speakers()
    assert host and set(host.values()) == {"Craig Smith"}
    assert ilya and set(ilya.values()) == {"Ilya Sutskever"}
    assert set(anyone.values()) == SPEAKERS and set(host) <= set(anyone) and set(ilya) <= set(anyone)


def test_a_turn_only_in_the_chinese_article_is_shown_in_chinese(quotebot):
    results = json.loads(quotebot("Yann", "LeCun", "--json", "--limit", "10"))["results"]
    article_only = [r for r in results if not r["en"]]
    assert article_only  # two turns about LeCun's ideas exist only in the Chinese article
    for result in article_only:
        assert HAN.search(result["text"])  # the Chinese, since there is no English to show
        assert "Yann" in result["snippet"]  # a matched word, in the Chinese text


def test_no_match_says_so_and_offers_did_you_mean(quotebot):
    # The host never says "hallucinations"; the topic of that name exists.
    assert quotebot("hallucinations", "--speaker", "host").split("\n")[:2] == [
        "No match for 'hallucinations'.", "Did you mean: Hallucinations and the limits of knowledge"]
    data = json.loads(quotebot("hallucinations", "--speaker", "host", "--json"))
    assert data["results"] == []
    topic = [s for s in data["suggestions"] if s["label"] == "Hallucinations and the limits of knowledge"]
    assert topic and topic[0]["kind"] == "topic" and topic[0]["query"]
    in_chinese = json.loads(quotebot("hallucinations", "--speaker", "host", "--lang", "zh-hant", "--json"))
    assert "幻覺與知識的侷限性" in [s["label"] for s in in_chinese["suggestions"]]


def test_an_off_topic_query_gets_no_results_and_no_far_fetched_suggestions(quotebot):
    assert quotebot("chocolate", "cake", "recipe") == "No match for 'chocolate cake recipe'.\n"
    assert json.loads(quotebot("chocolate", "cake", "recipe", "--json")) == {
        "query": "chocolate cake recipe", "results": [], "suggestions": [], "nearest_in_meaning": []}


def test_a_paraphrase_no_word_of_which_matches_lists_the_passages_nearest_in_meaning(quotebot):
    out = quotebot("they pay people to show the bot good manners")
    lines = out.rstrip("\n").split("\n")
    assert lines[:2] == ["No match for 'they pay people to show the bot good manners'.", "The passages closest in meaning, in different words:"]
    assert "hire people to teach our neural net to behave" in out
    data = json.loads(quotebot("they pay people to show the bot good manners", "--json"))
    assert data["results"] == [] and len(data["nearest_in_meaning"]) == 3
    assert all(set(r) == FIELDS and r["match"] == "meaning" for r in data["nearest_in_meaning"])
    assert [f"#{r['id']}" for r in data["nearest_in_meaning"]] == [line.split()[1] for line in lines[2::2][:3]]


def test_passages_nearest_in_meaning_are_of_the_speaker_asked_for(quotebot):
    for role, speaker in (("guest", "Ilya Sutskever"), ("host", "Craig Smith")):
        data = json.loads(quotebot("they pay people to show the bot good manners", "--speaker", role, "--json"))
        assert len(data["nearest_in_meaning"]) == 3 and {r["speaker"] for r in data["nearest_in_meaning"]} == {speaker}


def test_a_reader_that_stops_early_gets_no_traceback(database, tmp_path):
    # `quotebot search … | head -1`: the pipe is closed before the results are written.
    env = {**os.environ, "DATABASE_PATH": str(database), "SEEDS_DIR": str(SEEDS)}
    run = subprocess.Popen([sys.executable, "-m", "bot", "search", "scaling", "--limit", "20"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    run.stdout.close()
    stderr = run.stderr.read().decode()
    run.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
