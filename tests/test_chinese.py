"""Script conversion: queries to Simplified, display to Taiwan Traditional characters."""

from bot.chinese import to_simplified, to_traditional, to_traditional_phrases


def test_traditional_query_meets_the_simplified_corpus():
    assert to_simplified("幻覺與網路") == "幻觉与网络"
    assert to_simplified("scaling laws") == "scaling laws"


def test_display_keeps_the_interview_vocabulary():
    assert to_traditional("扩展神经网络") == "擴展神經網絡"  # not 擴充套件: the phrase profile's software sense


def test_a_measure_word_before_zhong_stays_a_measure_word():
    assert to_traditional("即使是一个中等规模的公司") == "即使是一個中等規模的公司"
    assert to_traditional("个中滋味") == "箇中滋味"  # "therein" is still converted as OpenCC reads it


def test_system_after_therefore_is_not_this_is():
    assert to_traditional("因此系统就能更好地理解") == "因此系統就能更好地理解"


def test_interface_text_takes_taiwan_vocabulary():
    assert to_traditional_phrases("搜索") == "搜尋"
