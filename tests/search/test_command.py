import json

from bot.search.command import run_search_command


def test_json_results_in_the_chosen_language(small_db):
    out = json.loads(run_search_command(small_db, "預測就是壓縮", "zh-hant", 2, "ilya", True))
    assert out["query"] == "預測就是壓縮"
    first = out["results"][0]
    assert set(first) == {"id", "speaker", "topic", "en", "zh", "text", "score", "snippet"}
    assert first["id"] == 4 and first["speaker"] == "Ilya Sutskever"
    assert "預測就是壓縮" in first["text"] and "預測就是壓縮" in first["snippet"]
    assert len(out["results"]) <= 2


def test_off_topic_gives_empty_results(small_db):
    out = json.loads(run_search_command(small_db, "chocolate chip cookie recipe", "en", 5, "any", True))
    assert out["results"] == [] and isinstance(out["suggestions"], list)


def test_text_output(small_db):
    text = run_search_command(small_db, "bitter lesson", "en", 3, "host", False)
    assert "Rich Sutton" in text and text.startswith("1 of 1")
    assert run_search_command(small_db, "qqqzzz", "en", 3, "any", False).startswith("No match")
