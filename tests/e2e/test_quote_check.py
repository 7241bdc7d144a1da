"""The quote check through the real bot process: said in this interview, or not, in English and Chinese."""

from tests.e2e.dialog import ATTRIBUTION, ask, bold, button, buttons, plain, press

# A clean wording of what the automatic transcript heard as "…as articulated over a state's case".
SAID_HERE = "I actually think that the bitter lesson, as articulated, is overstated."
# Ilya Sutskever at NeurIPS 2024 (The Verge): not in this 2023 interview.
ELSEWHERE = "We have to deal with the data that we have. There's only one internet."


async def test_a_quotation_said_here_shows_the_passage_and_opens_it(api, new_id):
    chat = new_id()
    call = await ask(api, f'/search "{SAID_HERE}"', chat_id=chat)
    text = plain(call)
    assert text.startswith("✅ Said in this interview\nIlya Sutskever ·") and f"— Ilya Sutskever · {ATTRIBUTION}" in text
    assert any("bitter lesson" in words for words in bold(call))
    assert any(b.get("switch_inline_query", "").startswith("turn_") for b in buttons(call))
    _, opened = await press(api, call, button(call, "Whole passage"), user_id=chat)
    assert opened.method == "sendMessage" and "bitter lesson" in plain(opened) and ATTRIBUTION in plain(opened)


async def test_a_quotation_from_elsewhere_is_not_found(api, new_id):
    text = plain(await ask(api, f"“{ELSEWHERE}”", chat_id=new_id()))  # plain words in a private chat
    assert text.startswith(f"❌ Not found in this interview: no passage of Eye on AI #118 (2023-03-14) says “{ELSEWHERE}”")


async def test_both_verdicts_in_chinese(api, new_id):
    said = await ask(api, "「我們現在做事的方式是讓更高級的人教導我們的神經網路和GPT如何行為」", chat_id=new_id(),
                     language_code="zh-TW")
    assert plain(said).startswith("✅ 本次訪談中說過") and ATTRIBUTION in plain(said)
    assert any(words.startswith("我們現在做事的方式") for words in bold(said))
    missing = await ask(api, f'/quote "{ELSEWHERE}"', chat_id=new_id(), language_code="zh-CN")
    assert plain(missing).startswith("❌ 本次访谈中没有找到：Eye on AI #118")


# The idea of a passage in other words, as a sentence: checked as a quotation, and not said so.
PARAPHRASE = "our heads are just nets of sluggish cells, so a computer could see too"


async def test_a_paraphrase_gets_the_passages_near_in_meaning_labelled_as_other_words(api, new_id):
    chat = new_id()
    call = await ask(api, PARAPHRASE, chat_id=chat)
    text = plain(call)
    assert text.startswith("❌ Not found in this interview") and "The closest passage, in different words:" in text
    assert "the human brain is just a neural network with slow neurons" in " ".join(text.split())
    near = text.split("Also near in meaning:\n", 1)[1]
    assert near.startswith("1. ") and "\n\n2. " in near
    numbered = [b["text"] for b in buttons(call)]
    assert numbered[-2:] == ["1", "2"]
    second = near.split("\n\n2. ", 1)[1].split("\n")[1].strip("…")[:60]  # its excerpt's first words
    _, opened = await press(api, call, button(call, "2"), user_id=chat)
    assert opened.method == "sendMessage" and second in " ".join(plain(opened).split())


async def test_a_paraphrase_in_chinese_script_labels(api, new_id):
    text = plain(await ask(api, PARAPHRASE, chat_id=new_id(), language_code="zh-TW"))
    assert text.startswith("❌ 本次訪談中沒有找到") and "最接近的一段（措辭不同）：" in text and "意思相近的還有：\n1. " in text
