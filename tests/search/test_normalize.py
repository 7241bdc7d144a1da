import pytest

from bot.search.normalize import (
    chinese_terms,
    english_terms,
    english_word_spans,
    fold,
    stem,
)
from bot.search.query_text import is_question


def test_fold_applies_nfkc_case_and_traditional_to_simplified():
    assert fold("ＧＰＴ－３") == "gpt-3"  # full-width forms
    assert fold("Straße") == "strasse"  # case folding, not just lower()
    assert fold("預測就是壓縮") == "预测就是压缩"
    assert fold("神經網路") == "神经网络"  # Taiwan vocabulary too


def test_english_terms_drop_punctuation_and_meet_word_forms():
    assert english_terms(fold("Prediction, is... compression!")) == ["prediction", "is", "compression"]
    forms = {stem(w) for w in ("hallucinate", "hallucinations", "hallucinating", "hallucination")}
    assert len(forms) == 1
    assert stem("learning") == stem("learned") == stem("learns")
    assert english_terms("lecun's") == ["lecun"]


def test_hyphenated_words_index_parts_and_joined_form():
    assert english_terms("gpt-3") == ["gpt", "3", "gpt3"]
    assert english_terms("gpt-3", with_joined=False) == ["gpt", "3"]


def test_chinese_becomes_character_bigrams_not_whitespace_tokens():
    assert chinese_terms("预测就是压缩") == ["预测", "测就", "就是", "是压", "压缩"]
    # Punctuation and Latin words split runs; a lone character stands for itself.
    assert chinese_terms("大模型，GPT好") == ["大模", "模型", "好"]
    assert english_terms(fold("我问ChatGPT了")) == ["chatgpt"]


def test_word_spans_index_the_original_text():
    text = "Ｙann LeCun’s model"
    spans = english_word_spans(text)
    assert [t for t, _, _ in spans] == ["yann", "lecun", "model"]
    assert [text[s:e] for _, s, e in spans] == ["Ｙann", "LeCun’s", "model"]


@pytest.mark.parametrize(("query", "asking"), [
    ("how did ilya meet hinton", True),
    ("please show me what he said about democracy", True),  # the guest's words, in the third person
    ("his views on open source", True),
    ("给我看他说的关于民主的话", True),
    ("democracy please", False),
    ("the hero said no", False),  # "he" only as a word of its own
])
def test_a_query_asking_for_the_guest_s_answer_is_told_apart(query, asking):
    assert is_question(query) is asking
