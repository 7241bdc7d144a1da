"""Text normalization shared by indexing and querying, so both sides see the same terms.

English becomes a sequence of lightly stemmed words; Chinese becomes character bigrams
of Simplified text (whitespace tokenizing does not work on Chinese, and most Chinese words
are two characters, too short for a trigram index).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

from bot.chinese import to_simplified

# CJK Unified Ideographs (+ Extension A, compatibility ideographs and Extension B..F).
_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_HAS_CJK = re.compile(f"[{_CJK_CLASS}]")
# A "word": letters/digits (no CJK), possibly joined by hyphens or apostrophes ("dall-e", "lecun's").
_WORD = re.compile(rf"(?:[^\W_{_CJK_CLASS}])+(?:['’\-](?:[^\W_{_CJK_CLASS}])+)*")

# Small closed-class list: these words carry little meaning in a query, so they weigh less.
# Queries compare stems, so the set holds both (`STOPWORDS`, after `stem`: "where" → "wher").
_STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    but by can could did do does doing don down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just let me more most my
    no nor not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yeah like really think thing things say said talk tell know s t whose might may must shall""".split()
)

# Request and politeness words around what a user looks for ("please show me the quote about
# X, thanks"): they say how to ask, never what about, so a query drops them (see `query.py`).
# Listed as typed; the set holds their stems (`FILLER_WORDS`, after `stem` is defined).
_FILLER = """please pls plz thanks thank thx ty cheers hey hi hello show find give quote quotes
    quotation passage part section segment excerpt looking look wanna u ur im i'm id i'd ive i've
    youre could can would sorry okay ok lol mention mentioned mentions says saying opinion opinions
    thoughts anything something regarding concerning snippet moment gimme discuss discusses discussed
    discussing abt bout wrt re yo sup hmm hm ooh wow omg anyone anybody tho bc cuz coz wat wut lemme
    asap""".split()
# Words that say where or how to look ("in the interview", "the clip", "explain X", "info on
# X"), not what for: dropped when the query asks for something else, kept when they are all it
# asks ("/search podcast"). Stemmed in `FRAMING_WORDS`.
_FRAMING = """interview interviews podcast podcasts episode episodes clip clips video videos timestamp
    timestamps transcript discussion discussions conversation stuff topic topics info explain explains
    explained describe describes summarize summarise summary ask asks asked question questions search
    lookup check convo convos see recap recaps tldr overview outro ep eps vid vids""".split()
# Requests of more than one word whose words alone are content ("pull", "bring", "bit"): removed
# only as a whole, consecutive phrase (`FILLER_PHRASES`, stemmed).
_FILLER_PHRASES = """i want|i wanna|i'd like|id like|i would like|i need|do you have|could you|can you
    |would you|will you|could u|can u|would u|pull up|bring up|dig up|look up|call up|turn up|look for
    |search for|hunt for|tell me|remind me|get me|grab me|fetch me|send me|point me to|walk me through
    |the bit where|the bit about|the bit on|the bit when|the bit with|take on|view on|views on|stance on
    |position on|perspective on|let me see""".split("|")

# The same for Chinese: question words, pronouns and particles that frame a query
# ("如何…", "他为什么认为…") rather than say what it is about.
CJK_STOPWORDS = frozenset(
    """为什么 什么 怎么样 怎么 怎样 如何 哪里 哪些 哪个 是否 是不是 有没有 能不能 会不会
    你们 我们 他们 她们 它们 这个 那个 这些 那些 认为 觉得 关于 还是 或者 一下 一些
    咋看 咋样 咋办 咋说 为啥 干啥 干嘛""".split()
)
# Chinese request and politeness phrases (请…, 给我看…, …的话, 谢谢): removed from a query's text
# before its words are taken, longest first. Only phrases that are no part of content words:
# 请 alone is left to CJK_STOP_CHARS (申请 "apply" is a word).
CJK_FILLER = tuple(sorted(
    """请问 请给我看看 请给我看 给我看看 给我看 给我找 帮我找找 帮我找 帮我看 我想看看 我想看 我想找 想看看 想看
    看看 找一下 找找 谢谢你 谢谢 多谢 谢了 感谢 能不能 可不可以 可以给我 麻烦 的话 那段话 那段 这段话 这段
    那一段 一段话 段落 原话 他说过 他说的 他说 他讲的 他讲 他谈到 他谈 他提到 说过 讲过 谈过 提到过 引用 语录
    的看法 的观点 怎么看待 如何看待 怎么看 相关的 有关的 的内容 讲讲 说说 谈谈 介绍一下 帮我查 查一下 哪一段 哪段
    的部分 那部分 这部分 片段 怎么说的 怎么说 说了什么 讲了什么 说了啥 我想知道 想知道 告诉我
    帮我调出 调出来 调出 调一下 求一下 求一段 求那段 给我来一段 给我一段 来一段 来段 我想要 我要看 的原文 原文
    那句话 这句话 原句 的地方 给我一句 来一句 一句话 一句 聊到 聊过 谈到 提到 提及 名言 金句 搜一下 搜搜 的名言 的金句 的语录 的片段 的引用""".split(),
    key=len, reverse=True))

# `_FRAMING` for Chinese: removed from a query's runs when something else is left.
CJK_FRAMING = tuple(sorted("""相关 这块 那块 这一块 方面 节目 采访 访谈 这期 这一期 播客 内容 部分 话题 讨论
    节目中 采访中 访谈中 播客中 节目里 采访里 访谈里 的讨论 的话题 相关的""".split(),
                           key=len, reverse=True))

# Single characters that are function words on their own. Inside a known word (了解, 现在)
# they are ordinary characters; see `query._chinese_units`.
CJK_STOP_CHARS = frozenset("的了吗呢吧啊呀么很会能让把被和与及在是他她我你它们谈说讲对从都也就还又再不要想怎哪谁啥咋个这那有请或查搜")

# Ordered suffix rules for a light stemmer: enough to meet "hallucinations"/"hallucinate"
# or "learning"/"learned"/"learns" at one term, without a dependency. Over-stemming is
# harmless here because the same function runs on both the index and the query.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("nesses", ""),
    ("ness", ""),
    ("ments", ""),
    ("ment", ""),
    ("ingly", ""),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)


def fold(text: str) -> str:
    """NFKC + case folding + Traditional→Simplified: the one canonical form of any text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return to_simplified(text) if _HAS_CJK.search(text) else text


def fold_stored(text: str) -> str:
    """`fold` for corpus text, whose Chinese is Simplified already: no OpenCC pass (indexing speed)."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one common English suffix (and a possessive), keeping at least three letters."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if not word.isascii() or not word.isalpha() or len(word) <= 4:
        return word
    for suffix, replacement in _SUFFIXES:
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)] + replacement
            # "e" endings vary with the suffix ("hallucinate" / "hallucinating"): drop them.
            return base[:-1] if base.endswith("e") and len(base) > 4 else base
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


STOPWORDS = _STOPWORDS | frozenset(stem(word) for word in _STOPWORDS)
FILLER_WORDS = frozenset(_FILLER) | frozenset(stem(word) for word in _FILLER)
FRAMING_WORDS = frozenset(_FRAMING) | frozenset(stem(word) for word in _FRAMING)
FILLER_PHRASES = tuple(sorted({tuple(stem(word) for word in phrase.split()) for phrase in _FILLER_PHRASES},
                              key=lambda phrase: (-len(phrase), phrase)))


@lru_cache(maxsize=200_000)
def _indexed_word_terms(raw_word: str) -> tuple[str, ...]:
    return tuple(word_terms(raw_word, with_joined=True))


@lru_cache(maxsize=200_000)
def _query_word_terms(raw_word: str) -> tuple[str, ...]:
    return tuple(word_terms(raw_word, with_joined=False))


def _cached_word_terms(raw_word: str, with_joined: bool) -> tuple[str, ...]:
    return _indexed_word_terms(raw_word) if with_joined else _query_word_terms(raw_word)


def word_terms(raw_word: str, *, with_joined: bool = True) -> list[str]:
    """Terms for one word: its hyphen-separated parts, plus (for the index) the parts joined.

    Indexing "gpt-3" as ["gpt", "3", "gpt3"] lets "GPT-3", "GPT 3" and "GPT3" all meet;
    queries split hyphens only, and join adjacent words themselves (see `query.py`).
    """
    parts = [p for p in raw_word.split("-") if p]
    terms = [stem(p) for p in parts]
    if with_joined and len(parts) > 1:
        terms.append(stem("".join(parts).replace("'", "").replace("’", "")))
    return terms


def english_terms(folded: str, *, with_joined: bool = True) -> list[str]:
    """Stemmed word terms of already-folded text, in order (CJK characters are skipped)."""
    # Corpora repeat words, so terms are memoized per word; map/chain keep the loop in C.
    word_terms_of = _indexed_word_terms if with_joined else _query_word_terms
    return list(chain.from_iterable(map(word_terms_of, _WORD.findall(folded))))


def english_word_spans(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) for each word of the original text; offsets index `text` itself."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) != len(text):  # rare (ligatures, ß): fold word by word to keep offsets
        return [
            (term, m.start(), m.end())
            for m in _WORD.finditer(text)
            for term in _cached_word_terms(unicodedata.normalize("NFKC", m.group()).casefold(), False)
        ]
    return [(term, m.start(), m.end()) for m in _WORD.finditer(folded) for term in _cached_word_terms(m.group(), False)]


def cjk_runs(folded: str) -> list[str]:
    """Maximal runs of CJK ideographs: the only part of Chinese text that search compares."""
    return CJK_RUN.findall(folded)


def cjk_grams(run: str) -> list[str]:
    """Character bigrams of one CJK run; a single character stands for itself."""
    if len(run) == 1:
        return [run]
    return list(map(str.__add__, run[:-1], run[1:]))


def chinese_terms(folded: str) -> list[str]:
    """Bigram terms of all CJK runs, in order."""
    terms: list[str] = []
    for run in cjk_runs(folded):
        terms.extend(cjk_grams(run))
    return terms


def chinese_term_set(cjk_text: str) -> set[str]:
    """The distinct bigrams (and lone characters) of space-separated CJK runs, fast.

    Bigrams are taken over the whole string at once and those spanning a space dropped:
    far fewer Python calls than per-run slicing, which matters when indexing a million turns.
    """
    grams = set(map(str.__add__, cjk_text[:-1], cjk_text[1:]))
    terms = {g for g in grams if " " not in g}
    terms.update(run for run in cjk_text.split() if len(run) == 1)
    return terms


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None
