"""The quote check: does a quotation come from this interview? Pure logic, no Telegram.

Two parts. `quotation_in` decides whether what a user typed reads as a quotation: words in
quotation marks ("…", “…”, 「…」, 『…』) of about five words or more, or a sentence of about ten
words or more (about 15 Chinese characters; seven words when written with a capital and a full
stop) that is not a request or question to the bot.
`QuoteChecker.check` then aligns the quotation with every turn (`bot.search.alignment`):
English with the displayed and the verbatim transcript, Chinese with the displayed and the
machine translation, and says "said" when the best alignment clears a threshold that falls
with the quotation's length (a short phrase fits somewhere by chance; a long one does not).

Calibrated on the tune split of tests/search/eval_users.toml only (kinds clean_transcript and
quotation_elsewhere, and word windows of those sentences for short quotations); Chinese on
translations of the tune quotations and sentences of the corpus. tests/search/measure_quote_check.py
measures both; the holdout was only measured, never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from os.path import commonprefix
from typing import Callable, Iterable, Iterator, Literal

from rapidfuzz import fuzz

from bot.chinese import to_simplified, to_simplified_chars, to_traditional
from bot.search.alignment import Alignment, Normalized, align, first_guess, normalize
from bot.search.normalize import STOPWORDS
from bot.search.results import Hit, SearchOutcome
from bot.storage.corpus import CorpusStore, TurnTexts
from bot.text import clean_query

Verdict = Literal["said", "not_found"]
# What a Chinese word is to the dictionary: "name", "everyday" or None (SearchService.chinese_word).
ChineseWordKind = Callable[[str], "str | None"]

QUOTED_MIN_WORDS = 5  # fewer words in quotation marks are a phrase search ("the bitter lesson")
SENTENCE_MIN_WORDS = 10  # unquoted: a sentence this long is a quotation, not keywords
# ... or this long when it is written as a sentence: a capital (or Chinese) first, and a full
# stop, "!" or "?" last. Searches are typed without (on the tune split, only quotations are).
PUNCTUATED_MIN_WORDS = 7
# Distinct words (Chinese: characters) per word: no stretch of the corpus's 300 characters (the
# longest query) has fewer than 0.43; a word or phrase pasted over and over is no quotation.
MIN_VARIETY = 0.25
HAN_PER_WORD = 1.5  # Chinese characters to an English word, for both lengths above
# Said when the similarity (0–100) reaches 103 − 3 × words, within SAID_BOUNDS: 88 at five
# words, 79 at eight, 72 from eleven on. Tune split: clean-transcript sentences score 87–100,
# quotations from other interviews 26–47; five-word windows of those other quotations reach 87
# by chance, eight-word ones 63, while eight-word windows of the clean sentences mostly stay above 75.
SAID_SLOPE = (103.0, 3.0)
SAID_BOUNDS = (72.0, 90.0)
# A Chinese quotation is a copy of the bot's own Chinese, with no transcription to see through,
# so it may demand a little more (copies score 100; translations of other quotations ≤ 36).
SAID_BOUNDS_ZH = (75.0, 90.0)
CLOSE_SIMILARITY = 60.0  # below this, the best alignment is no passage worth offering as "closest"
# A quotation that differs from the passage by a negation, or by one word that shares this little
# with the passage's one (rapidfuzz ratio), says something else (`says_otherwise`): "slow"/"fast"
# 25, "some"/"no" 33; a mishearing shares more ("modes"/"models" 91, "gonna"/"going" 60).
ANOTHER_WORD_RATIO = 50.0
MAX_NAME_CHARS = 4  # a Chinese name of the dictionary compared as another (`_another_name`): 2–4 characters
REPLACED_WORDS = 3  # words each side of a replacement compared for another meaning (`says_otherwise`)
WHOLE_WORD_CHARS = 4  # characters a differing Chinese span may grow by to end on whole words (`_whole_words`)
EDGE_WORDS = 2  # the passage's words just outside an English alignment compared with the quotation's ends
NEARBY_WORDS = 6  # ... unless the quotation's word is among this many: the alignment only stopped short
_DIGITS = re.compile(r"\d+")
# A number of a Chinese text: digits, with the units written after them (3亿, 2.5万), or Chinese
# numerals, two or more (十七, 一百七十, 二零一七) or one before what it counts (三岁, 一个); a lone 一
# is mostly a word's (一起, 一些, 一生), which is no number.
_CHINESE_NUMBER = re.compile(r"\d+(?:\.\d+)?[十百千万亿]*|[零〇一二两三四五六七八九十百千万亿]{2,}"
                             r"|[零〇一二两三四五六七八九十百千万亿](?=[岁歲年个個次倍位名家种種%％])")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*(?:-\d+)?)s?(?![A-Za-z0-9])")
_NEGATIONS = frozenset({"not", "no", "never", "none", "nothing", "nobody", "nor", "neither", "cannot", "cant",
                        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "wouldnt",
                        "shouldnt", "couldnt", "havent", "hasnt", "hadnt", "without",
                        "rarely", "seldom", "hardly", "barely", "scarcely"})  # all but negate
_NEGATION_CHARS = frozenset("不没無无非未别別")
# Opposites a Chinese quotation may put in the passage's place (Simplified, as compared). Words;
# a single character only after a word of degree (更大 for 更小, not 大家 for 小伙伴: `_DEGREE`).
_OPPOSITES_ZH = tuple(tuple(pair.split("/")) for pair in """第一/最后 第一/唯一 唯一/最后 最早/最晚 最早/最后 开始/结束
    大/小 多/少 高/低 好/坏 好/差 快/慢 早/晚 强/弱 长/短 难/易 大量/少量 容易/困难 简单/困难 简单/复杂 容易/难
    增加/减少 上升/下降 乐观/悲观 成功/失败 同意/反对 相信/怀疑 正确/错误 以前/以后 过去/未来 重要/次要
    最好/最差 最好/最坏 必要/多余""".split())
_DEGREE = ("更", "最", "很", "较", "太", "越", "非常", "比较", "相当", "特别")
# Words with one of those characters that negate nothing: 非常 "very" (我非常有信心 against 我并不是很
# 有信心 is a negation one side lacks), 未来 "future", 特别 "especially", 无论 "whatever"…
# Matched on characters, not words: guarded where a negation runs on into one (并非常规, 从未来过, 不过分).
_NOT_NEGATING_ZH = re.compile("非常(?!规)|非凡|除非|(?<![从并尚还])未来|别人|别的|特别|分别|区别|告别|无论|不管|无数"
                              "|不过(?!分)|不仅|不断")
# A question's words: one side asking where the other states ("I am very confident that…" for
# "how confident are we that…") says something else.
# Only words that ask: "which", "who", "when" and "whether" also join clauses ("the model which we
# trained" for "the model that we trained").
_ASKING_WORDS = frozenset({"how", "why", "what"})
# Function words for a search that say how many or which in a quotation: swapped for a word of
# another meaning, they make it say something else (`_is_function`).
_COUNTING_WORDS = frozenset({"only", "all", "more", "most", "few", "some", "any", "each", "same", "other",
                             "before", "after", "above", "below", "under", "over", "again", "once", "up", "down"})
# English opposites that share too many letters to be told by them (`_another_word`).
_OPPOSITES_EN = frozenset(frozenset(pair.split("/")) for pair in """anything/everything something/everything
    everyone/anyone increase/decrease increases/decreases increased/decreased increasing/decreasing
    maximum/minimum majority/minority inside/outside input/output upper/lower always/sometimes
    inflow/outflow import/export internal/external""".split())
_NEGATING_PREFIXES = ("un", "in", "im", "ir", "il", "dis", "mis", "non")
# Passages offered for a quotation not found (`closest_turns`): the closest and two more near in
# meaning, when they come near enough (SearchService.offered_in_meaning). Of the tune queries that
# read as quotations but paraphrase a passage (eval_users.toml and eval_users_tune2.toml), e5's
# nearest turn is the right one for 62% and its three nearest hold it for 84%.
NEAR_IN_MEANING = 3
_CANDIDATES = 4  # texts aligned closely after the fast first guess

_MARKS = {'"': '"', "“": "”", "„": "“", "「": "」", "『": "』", "‘": "’", "'": "'", "«": "»", "＂": "＂"}
# Before the opening mark: a short attribution ("Ilya said:", "He said this in the interview:",
# 他说过：); the quotation is what the marks hold.
_LEAD_IN = re.compile(r"^(?:[^\"“”„「」『』‘’'«»＂]|(?<=\w)['’](?=\w)){1,60}?"  # "didn't he say", "Ilya's"
                      r"(?:[:：,，]|\b(?:said|says|say|wrote|writes)|[说說][过過]?|[讲講][过過]?|表示|提到)\s*(?=[\"“„「『‘'«＂])",
                      re.IGNORECASE)
# After the closing mark: end punctuation and perhaps a short attribution ("— Ilya").
_AFTER_CLOSE = re.compile(r"[\s.,;:!?…。，；：！？]*(?:[—–~-]{1,2}\s*[^\"“”「」『』]{1,60})?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W_\u3400-\u9fff\uf900-\ufaff]+(?:['’-][^\W_\u3400-\u9fff\uf900-\ufaff]+)*")
# Words that address the bot (a request, a question, thanks) rather than quote anyone.
_ASKING_START = re.compile(
    r"^(please|pls|plz|thanks|thank you|thx|hi|hey|hello|show|find|search|look|give|tell|get|list|"
    r"can|could|would|will|do|does|did|is|are|was|were|what|what's|whats|which|who|whom|whose|when|where|why|how|"
    r"i'm looking|im looking|i am looking|i'd like|id like|looking for|i would like|"
    r"(?:i want|i wanna|i need|i'd love|i would love) to (?:see|read|find|hear|know|watch|get|look)|"
    r"i'm trying to find|i am trying to find|i'm searching|i am searching|"
    r"(?:the|that) (?:part|bit|section|passage|quote|one|moment|place) (?:where|when|in which|about))\b",
    re.IGNORECASE)
_ASKING_END = re.compile(r"\b(please|pls|plz|thanks|thx|thank you|ty)\W*$", re.IGNORECASE)
# A request after a first sentence that says why ("I am writing an essay. Can you find…?"): a
# later sentence that asks the bot. (Not any question: a quotation may ask one, "…then what?")
_ASKING_LATER = re.compile(
    r"[.!?]\s+(?:please|pls|plz|can you|could you|would you|will you|can u|could u|show me|find me|tell me|"
    r"give me|help me)\b", re.IGNORECASE)
# Words that describe what someone said rather than say it: "… where he talks about rlhf", "what
# Ilya thinks about scaling". A quotation is someone's own words; these are a request for them.
_DESCRIBING = re.compile(
    r"\b(?:he|she|they|the guest|the host)\s+(?:talks?|talked|speaks?|spoke|discuss(?:es|ed)?|explains?|explained|"
    r"mentions?|mentioned|goes on|went on)\s+(?:about|on|how|why|what)\b|"
    r"\bwhat\s+(?:\w+\s+){0,2}(?:thinks|thought|believes|believed|says|said|feels|felt)\s+(?:about|of|on)\b",
    re.IGNORECASE)
# Chinese asks with a question mark at the end whatever its question word (怎样, 几, 该不该…):
# a question typed without quotation marks wants an answer, not a check of its wording.
_ASKING_ZH = re.compile(r"^(请|麻烦|帮我|给我|我想|我要|能不能|能否|可以|可不可以|有没有|找|搜|查|关于)|[吗呢吧][?？]?$|谢谢|多谢|"
                        r"[?？]$")
# A question in the middle of a Chinese sentence: a question word after a short subject (他为什么…,
# 模型怎么…; not 这就是为什么…, which explains), or an A-not-A question (会不会, 是不是).
_ASKING_ZH_WITHIN = re.compile(r"^[^，。,；]{0,4}?(?<!是)(为什么|为何|怎么|怎样|如何)|^[^，。,；]{0,8}?(会不会|是不是|能不能|有没有|要不要|可不可以|对不对|好不好)")
# "When I was 17, we moved…": a clause and a comma after "when"/"where" tell a statement from a
# question ("when did he move to canada"), unless it ends with a question mark.
_SUBORDINATE_START = re.compile(r"^(?:when|where|while)\b[^,?]{3,},\s(?!(?:what|how|why|who|which|where|when|"
                                r"did|do|does|is|are|was|were|can|could|will|would)\b)", re.IGNORECASE)
_SENTENCE = re.compile(r"^[A-Z\u3400-\u9fff\uf900-\ufaff“‘「『].*[.!?。！？]['’”」』]?$")


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """The verdict on one quotation, and the passage it rests on."""

    verdict: Verdict
    similarity: float  # 0–100, the best alignment with any turn
    # "said": the turn that says it. "not_found": the closest turn when it shares most of the
    # words (similarity ≥ CLOSE_SIMILARITY), else None.
    turn_id: int | None
    field: Literal["en", "zh"]  # the displayed text `span` indexes: the turn's `en` or `zh`
    span: tuple[int, int] | None  # the matched words in that text (None: not locatable in it)
    # The displayed words are the quotation's, punctuation and case aside (else the reply says
    # they differ: the match may be in the verbatim transcript or the machine translation).
    word_for_word: bool = False
    # Not said, though close enough in wording to be: where it says otherwise, as (the
    # quotation's words, the passage's) (`what_differs`).
    differs: tuple[str, str] | None = None

    @property
    def said(self) -> bool:
        return self.verdict == "said"


# ----------------------------------------------------------------- reading as a quotation


def quotation_in(text: str | None) -> str | None:
    """The words to check when `text` reads as a quotation, else None (then it is a search)."""
    joined = " ".join((text or "").split())
    inner = _inside_marks(_LEAD_IN.sub("", joined, count=1))
    if inner is None or words_in(inner) < QUOTED_MIN_WORDS:
        # No attribution after all: a sentence ending in a phrase it quotes (…我们会说“不要再这么做了”。).
        inner = _inside_marks(joined)
    words = clean_query(inner if inner is not None else text)
    if _variety(words) < MIN_VARIETY:
        return None
    if inner is not None:
        return words if words_in(words) >= QUOTED_MIN_WORDS else None
    least = PUNCTUATED_MIN_WORDS if _SENTENCE.match(words) else SENTENCE_MIN_WORDS
    return None if words_in(words) < least or asks(words) else words


ATTRIBUTION_WORDS = 4  # "did Craig Smith say": a name and its verb, no story around them
# Words that make an attribution say more than who spoke: pronouns and roles ("he said", "his
# guest", "the host"), and where it was said ("on Craig's podcast").
_NOT_A_NAMING = frozenset("""he she they him her his hers their guest guests host hosts podcast show episode
    interview when after before asked""".split())


def attribution_in(text: str | None) -> str:
    """The words before a quotation that say who said it ("Ilya said: “…”", "did Craig say "…""),
    or "" when there are none."""
    found = _LEAD_IN.match(" ".join((text or "").split()))
    return found.group(0) if found else ""


def another_speaker_named(attribution: str, speaker: str, speakers: Iterable[str]) -> str | None:
    """The one of `speakers` (each maybe "A & B") that `attribution` names as who said the words,
    when that is not `speaker`, the one who did ("Ilya said" of the host's words); else None.
    Only a short attribution of a name and its verb counts ("Ilya said", "did Craig Smith say",
    "Ilya's words"): one that says more ("When Craig asked, he said", "Craig's guest said") is
    not read. A name counts by any of its words of three letters or more, capitalized where it
    is an everyday word ("Will")."""
    typed = _LATIN_WORD.findall(attribution)
    if not typed or len(typed) > ATTRIBUTION_WORDS or any(word.casefold() in _NOT_A_NAMING for word in typed):
        return None
    named = {word.removesuffix("'s").removesuffix("’s") for word in typed}

    def names(person: str) -> bool:
        return any(len(word) >= 3 and any(_same_name(word, typed_word) for typed_word in named)
                   for word in _LATIN_WORD.findall(person))

    people = [name.strip() for person in speakers for name in re.split(r"\s*(?:&|,|\band\b)\s*", person) if name.strip()]
    if names(speaker):
        return None
    return next((person for person in people if person not in speaker and names(person)), None)


def _same_name(word: str, typed: str) -> bool:
    """`typed` is the name's `word`: in any case, but as written where it is a function word ("Will", not "will")."""
    if word.casefold() in STOPWORDS:  # the raw words as well as their stems
        return typed == word
    return typed.casefold() == word.casefold()


def words_in(text: str) -> float:
    """Length in English words, a Chinese character counting 1 / HAN_PER_WORD."""
    return len(_LATIN_WORD.findall(text)) + len(_HAN.findall(text)) / HAN_PER_WORD


def _variety(words: str) -> float:
    units = [word.lower() for word in _LATIN_WORD.findall(words)] + _HAN.findall(words)
    return len(set(units)) / len(units) if units else 0.0


def _inside_marks(text: str) -> str | None:
    """The words between an opening quotation mark at the start and its closing mark, when
    nothing but end punctuation or an attribution follows; else None."""
    close = _MARKS.get(text[:1])
    if close is None:
        return None
    end = text.find(close, 1)
    if end <= 1 or not _AFTER_CLOSE.fullmatch(text[end + 1:]):
        return None
    return text[1:end]


def asks(words: str) -> bool:
    """Whether the words ask something (of the bot, or a question) rather than say it."""
    if _HAN.search(words):
        simplified = to_simplified(words).strip()
        stated = simplified.endswith(("。", "！", "."))  # a statement may say 如何 or 是不是 too
        return bool(_ASKING_ZH.search(simplified) or (not stated and _ASKING_ZH_WITHIN.search(simplified)))
    stated = _SUBORDINATE_START.match(words) and not words.rstrip().endswith("?")
    return bool((_ASKING_START.match(words) and not stated) or _ASKING_END.search(words) or _DESCRIBING.search(words)
                or _ASKING_LATER.search(words))


# ----------------------------------------------------------------- checking


def said_threshold(words: float, chinese: bool) -> float:
    """The similarity a quotation of `words` words needs to count as said."""
    low, high = SAID_BOUNDS_ZH if chinese else SAID_BOUNDS
    return min(high, max(low, SAID_SLOPE[0] - SAID_SLOPE[1] * words))


@dataclass(frozen=True, slots=True)
class _Forms:
    """One turn's texts in one language, normalized: the displayed one first."""

    turn_id: int
    displayed: Normalized
    others: tuple[Normalized, ...]
    texts: tuple[str, ...]  # as written: the displayed one, then the others (what differs is shown so)


class QuoteChecker:
    """Checks quotations against every turn; reads the corpus once, on the first check.
    `chinese_word` tells a Chinese name from other words (no names without it)."""

    def __init__(self, corpus: CorpusStore, chinese_word: ChineseWordKind = lambda _word: None) -> None:
        self.corpus = corpus
        self._chinese_word = chinese_word
        self._forms: dict[str, list[_Forms]] | None = None

    def check(self, quotation: str) -> QuoteCheck:
        chinese = is_chinese(quotation)
        field: Literal["en", "zh"] = "zh" if chinese else "en"
        found = [best for query in _query_forms(quotation, chinese) if (best := self._best(query, field))]
        if not found:
            return QuoteCheck("not_found", 0.0, None, field, None)
        alignment, query, forms, k = max(found, key=lambda best: best[0].similarity)
        # Copied from this bot's Traditional display: compared with that, not only converted back
        # (電腦 is how 计算机 is shown, and comes back as 电脑).
        as_read = _as_read_in_traditional(quotation, forms) if chinese else 0.0
        similarity = max(alignment.similarity, as_read)
        aligned = similarity >= said_threshold(words_in(quotation), chinese)
        close = similarity >= CLOSE_SIMILARITY
        shown = _displayed(query, forms, k, alignment, spaced=not chinese) if close else None
        differs = self._differs(quotation, query, forms, k, alignment) if aligned and as_read < 100 else None
        if differs and k != 0 and shown:  # as the passage shown writes it ("Yann LeCun's", not the ASR's)
            differs = self._differs(quotation, query, forms, 0, shown) or differs
        said = aligned and differs is None
        span = forms.displayed.original_span(shown.start, shown.end) if shown else None
        word_for_word = bool(shown and (shown.similarity == 100 or as_read == 100))
        return QuoteCheck("said" if said else "not_found", round(similarity, 1),
                          forms.turn_id if close else None, field, span, word_for_word, differs)

    def _differs(self, quotation: str, query: str, forms: _Forms, k: int, alignment: Alignment) -> tuple[str, str] | None:
        """What the quotation says otherwise than text `k` of the turn where `alignment` puts it:
        its words and the text's, as each writes them (None: nothing)."""
        chinese, form = is_chinese(quotation), _form(forms, k)
        spans = differing_spans(query, form.text[alignment.start:alignment.end], chinese=chinese,
                                chinese_word=self._chinese_word)
        if spans is not None:
            spans = spans[0], (alignment.start + spans[1][0], alignment.start + spans[1][1])
        elif chinese:
            spans = (_a_negation_before(query, form.text, alignment)
                     or _another_name_at_an_edge(query, form.text, alignment, self._chinese_word))
        else:
            spans = _another_word_at_an_edge(query, form.text, alignment)
        if spans is not None:
            return _as_written(quotation, query, spans[0], chinese), _written(forms.texts[k], form, spans[1])
        return _another_acronym(quotation, _written(forms.texts[k], form, (alignment.start, alignment.end)), forms.texts)

    def _best(self, query: str, field: str) -> tuple[Alignment, str, _Forms, int] | None:
        """The best alignment of `query` with a turn's texts in `field`'s language (and which
        text: 0 the displayed one): only the few that rapidfuzz's quick score ranks first are
        aligned closely."""
        forms = self._all_forms()[field]
        guesses = sorted(((first_guess(query, text.text), i, k) for i, turn in enumerate(forms)
                          for k, text in enumerate((turn.displayed, *turn.others))), reverse=True)
        aligned = [(align(query, _form(forms[i], k).text, spaced=field == "en"), query, forms[i], k)
                   for _, i, k in guesses[:_CANDIDATES]]
        return max(aligned, key=lambda best: best[0].similarity, default=None)

    def _all_forms(self) -> dict[str, list[_Forms]]:
        if self._forms is None:
            texts = self.corpus.all_texts()
            self._forms = {"en": [_english(t) for t in texts if t.en], "zh": [_chinese(t) for t in texts if t.zh]}
        return self._forms


def closest_turns(check: QuoteCheck, searched: list[int], meaning: list[int], limit: int = NEAR_IN_MEANING) -> list[int]:
    """The passages offered for a quotation not found, by turn: the one sharing most of its
    words (the check's closest), else the search's best match for them; then those nearest in
    meaning (a paraphrase says the idea in other words); each once."""
    first = [check.turn_id] if check.turn_id is not None else searched[:1]
    return list(dict.fromkeys([*first, *meaning]))[:limit]


def with_quote_hit(checker: QuoteChecker, query: str, outcome: SearchOutcome, *, speaker: str,
                   limit: int, check: QuoteCheck | None = None) -> SearchOutcome:
    """`outcome` with the turn that says `query` first, as a hit matched by "quote", when the
    query reads as a quotation said here (by `speaker`: "guest", "host" or "any"); `check`:
    the quotation's, when the caller has it."""
    quotation = quotation_in(query)
    if check is None:
        check = checker.check(quotation) if quotation is not None and limit > 0 else None
    if check is None or not check.said or check.turn_id is None:
        return outcome
    turn = checker.corpus.turn(check.turn_id)
    if turn is None or speaker not in ("any", turn.role):
        return outcome
    spans = {check.field: check.span} if check.span else {}
    hit = Hit(check.turn_id, check.similarity, check.field, spans, match="quote")
    others = [h for h in outcome.hits if h.turn_id != hit.turn_id]
    total = outcome.total + (len(others) == len(outcome.hits))  # counted once if the search found it too
    # Did-you-mean suggestions answer "nothing found", which is no longer so.
    suggestions = outcome.suggestions if outcome.hits else []
    return replace(outcome, hits=[hit, *others][:limit], total=total, suggestions=suggestions)


def says_otherwise(quotation: str, stretch: str, *, chinese: bool,
                   chinese_word: ChineseWordKind = lambda _word: None) -> bool:
    """Whether a quotation close to a passage in characters says something else (`differing_spans`)."""
    return differing_spans(quotation, stretch, chinese=chinese, chinese_word=chinese_word) is not None


Span = tuple[int, int]


def what_differs(quotation: str, stretch: str, *, chinese: bool,
                 chinese_word: ChineseWordKind = lambda _word: None) -> tuple[str, str] | None:
    """`differing_spans` as the compared words: (the quotation's, the passage's), else None."""
    spans = differing_spans(quotation, stretch, chinese=chinese, chinese_word=chinese_word)
    return None if spans is None else (quotation[slice(*spans[0])], stretch[slice(*spans[1])])


def differing_spans(quotation: str, stretch: str, *, chinese: bool,
                    chinese_word: ChineseWordKind = lambda _word: None) -> tuple[Span, Span] | None:
    """Where a quotation close to a passage in characters says something else, as the spans of
    each text that differ (the quotation's, the passage's), else None: a negation one has and the
    other lacks ("no neural network" for "some neural network", "very confident" for "not that
    confident", 没有 for 有, not 非常 for 很), another number (15 for 17, 十五岁 for 17岁), a statement in
    place of a question ("i am very confident that" for "how confident are we that"), or, in English, a word in
    place of the passage's that neither sounds nor is spelled like it ("fast neurons" for "slow
    neurons"), which no transcription error makes, or is it with a negating prefix
    ("misbehave"); in Chinese, another name (美国 for 加拿大: `chinese_word`). Both normalized
    (bot.search.alignment.normalize). A word only one side has is given with its neighbours
    ("is not a" for "is a"), so that neither span is empty."""
    ours, theirs = (list(quotation), list(stretch)) if chinese else (quotation.split(), stretch.split())
    our_negations, their_negations = _negations(ours, chinese), _negations(theirs, chinese)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        mine, passage = ours[i1:i2], theirs[j1:j2]
        if not chinese and tag == "replace" and _asks_otherwise(mine, passage):
            # From the question's word, with the word both share after it: "how confident" for
            # "i am very confident", not the alignment's lead-in ("in mind how").
            asking = [j for j in range(j1, j2) if theirs[j] in _ASKING_WORDS]
            j1 = asking[0] if asking else j1
            after = int(i2 < len(ours) and j2 < len(theirs))
            return _chars(ours, i1, i2 + after, chinese), _chars(theirs, j1, j2 + after, chinese)
        if tag != "replace":  # one side empty: with a neighbour each side
            e1, e2, f1, f2 = max(i1 - 1, 0), min(i2 + 1, len(ours)), max(j1 - 1, 0), min(j2 + 1, len(theirs))
        else:
            e1, e2, f1, f2 = i1, i2, j1, j2
        if chinese:  # whole words: 更不重要 for 更重要, not 更不重 for 更重
            e1, e2, f1, f2 = _whole_words(ours, theirs, (e1, e2, f1, f2), chinese_word)
        if (bool(our_negations & set(range(i1, i2))) != bool(their_negations & set(range(j1, j2)))
                or (not chinese and (_another_number(mine, passage) or _other_words(mine, passage)))
                or (chinese and tag == "replace" and (_another_name(mine, passage, chinese_word)
                                                      or _opposite(ours[max(e1 - 1, 0):e2 + 1],
                                                                   theirs[max(f1 - 1, 0):f2 + 1])))):
            return _chars(ours, e1, e2, chinese), _chars(theirs, f1, f2, chinese)
    if chinese and _another_chinese_number(quotation, stretch):
        return _number_only_in(quotation, stretch), _number_only_in(stretch, quotation)
    return None


def _whole_words(ours: list[str], theirs: list[str], spans: tuple[int, int, int, int],
                 chinese_word: ChineseWordKind) -> tuple[int, int, int, int]:
    """Differing Chinese spans (ours i1:i2, theirs j1:j2) grown over the characters both share
    around them while a dictionary word runs across an edge (重|要 → 重要, 它|们 → 它们)."""
    i1, i2, j1, j2 = spans
    for _ in range(WHOLE_WORD_CHARS):
        if 0 < i1 < i2 and 0 < j1 < j2 and ours[i1 - 1] == theirs[j1 - 1] and chinese_word(theirs[j1 - 1] + theirs[j1]):
            i1, j1 = i1 - 1, j1 - 1
        elif i1 < i2 < len(ours) and j1 < j2 < len(theirs) and ours[i2] == theirs[j2] \
                and chinese_word(theirs[j2 - 1] + theirs[j2]):
            i2, j2 = i2 + 1, j2 + 1
        else:
            break
    return i1, i2, j1, j2


def _opposite(mine: list[str], passage: list[str]) -> bool:
    """Chinese words of opposite meaning in the same place (最后 for 第一, 容易 for 困难, 更小 for
    更大), given with a character both share each side (第 alone is replaced, 第一 is the word):
    two translations word a passage differently, but never turn it into its opposite."""
    ours, theirs = "".join(mine), "".join(passage)
    return any(_says(ours, a) and _says(theirs, b) and not _says(ours, b) and not _says(theirs, a)
               for pair in _OPPOSITES_ZH for a, b in (pair, pair[::-1]))


def _says(text: str, word: str) -> bool:
    """`word` in `text`; a single character only after a word of degree (更大, 非常难)."""
    if len(word) > 1:
        return word in text
    return any(degree + word in text for degree in _DEGREE)


def _negations(units: list[str], chinese: bool) -> set[int]:
    """Where `units` (words, or Chinese characters) negate: a negation word, or a negating
    character that is not part of a word in which it negates nothing (`_NOT_NEGATING_ZH`)."""
    if not chinese:
        return {i for i, word in enumerate(units) if word in _NEGATIONS}
    kept = {i for found in _NOT_NEGATING_ZH.finditer("".join(units)) for i in range(*found.span())}
    return {i for i, char in enumerate(units) if char in _NEGATION_CHARS and i not in kept}


def _chars(units: list[str], first: int, last: int, chinese: bool) -> Span:
    """The characters of units `first:last` (characters, or words one space apart)."""
    if chinese:
        return first, last
    start = sum(len(word) + 1 for word in units[:first])
    return start, start + len(" ".join(units[first:last]))


def _number_only_in(text: str, other: str) -> Span:
    """Where the first number of `text` that `other` lacks is written."""
    theirs = set(_numbers_in(other))
    return next(span for value, span in _numbers_with_spans(text) if value not in theirs)


def _a_negation_before(quotation: str, text: str, alignment: Alignment) -> tuple[Span, Span] | None:
    """The passage's negation just before where the Chinese quotation starts (是的 quoted from
    不是的): the alignment begins after it, so the stretch holds none; the quotation turns it
    around all the same. (The quotation's span, the text's: its first characters, with the negation.)"""
    at = alignment.start
    if at == 0 or text[at - 1] not in _NEGATION_CHARS or quotation[:1] in _NEGATION_CHARS:
        return None
    around = text[max(at - 2, 0):at + 2]
    if at - 1 not in {max(at - 2, 0) + i for i in _negations(list(around), True)}:
        return None  # a character of a word that negates nothing (非常, 未来)
    shown = min(2, len(quotation))
    return (0, shown), (at - 1, at + shown)


def _another_name_at_an_edge(quotation: str, text: str, alignment: Alignment,
                             chinese_word: ChineseWordKind) -> tuple[Span, Span] | None:
    """A name that ends (or starts) the Chinese quotation where the passage has another (…搬到了美国
    for …搬到了加拿大): the alignment stops short of the name the quotation lacks, so the stretch
    holds no replacement; the text around it does. (The quotation's span, the text's.)"""
    start, end = max(alignment.start - MAX_NAME_CHARS, 0), alignment.end + MAX_NAME_CHARS
    ours, theirs = list(quotation), list(text[start:end])
    for i1, i2, j1, j2 in _edge_replacements(ours, theirs):
        mine = "".join(ours[i1:i2])
        names = [(j1, j1 + n) if i2 == len(ours) else (j2 - n, j2) for n in range(2, min(MAX_NAME_CHARS, j2 - j1) + 1)]
        for first, last in names:
            if _another_name([mine], ["".join(theirs[first:last])], chinese_word):
                return (i1, i2), (start + first, start + last)
    return None


def _another_word_at_an_edge(quotation: str, text: str, alignment: Alignment) -> tuple[Span, Span] | None:
    """A word that ends (or starts) the English quotation in place of the passage's ("…is very
    easy" for "…is very difficult"): the alignment stops short of it, so the stretch holds no
    replacement; the words just outside it do. (The quotation's span, the text's.)"""
    start = _words_back(text, alignment.start, EDGE_WORDS)
    end = _words_on(text, alignment.end, EDGE_WORDS)
    ours, theirs = quotation.split(), text[start:end].split()
    # Words the passage has a little further on ("high-dimensional vectors"): not another word.
    nearby = set(text[_words_back(text, alignment.start, NEARBY_WORDS):_words_on(text, alignment.end, NEARBY_WORDS)].split())
    for i1, i2, j1, j2 in _edge_replacements(ours, theirs):
        mine, replaced = ours[i1:i2], theirs[j1:j2]
        if any(word in nearby for word in mine) or any(not _another_word(m, t) for m in mine for t in replaced):
            continue  # its words are there (another order, one doubled) or misheard ("red"): not another word
        count = min(i2 - i1, j2 - j1)  # as many of the passage's words, from the edge inward
        j1, j2 = (j1, j1 + count) if i2 == len(ours) else (j2 - count, j2)
        passage = theirs[j1:j2]
        if _other_words(mine, passage) or _another_number(mine, passage):
            found = _chars(theirs, j1, j2, False)
            return _chars(ours, i1, i2, False), (start + found[0], start + found[1])
    return None


def _edge_replacements(ours: list[str], theirs: list[str]) -> Iterator[tuple[int, int, int, int]]:
    """The replacements (ours i1:i2 for theirs j1:j2) that start or end the quotation `ours`,
    against the passage around its alignment."""
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if tag == "replace" and (i1 == 0 or i2 == len(ours)):
            yield i1, i2, j1, j2


def _words_back(text: str, at: int, count: int) -> int:
    """Where the `count` words before position `at` of a spaced text start."""
    for _ in range(count):
        space = text.rfind(" ", 0, max(at - 1, 0))
        at = space + 1 if space >= 0 else 0
    return at


def _words_on(text: str, at: int, count: int) -> int:
    """Where the `count` words after position `at` of a spaced text end."""
    for _ in range(count):
        space = text.find(" ", at + 1)
        at = space if space >= 0 else len(text)
    return at


def _another_acronym(quotation: str, stretch: str, texts: tuple[str, ...]) -> tuple[str, str] | None:
    """An acronym of the quotation that the turn lacks where the passage has another ("TPUs"
    for "GPUs"): one letter apart, it passes for a mishearing, but none makes another acronym.
    Not in a quotation typed in capitals, whose every word would be one."""
    ours = _acronyms(quotation)
    if len(ours) * 3 > words_in(quotation):
        return None
    # In the turn in any case ("VERY" for "very"), or as one of its acronyms ("GPT4" for "GPT-4").
    turn = {word.replace("-", "") for text in texts for word in re.findall(r"[a-z0-9-]+", text.lower())}
    mine = next((written for value, written in ours.items() if value.lower() not in turn), None)
    if mine is None:
        return None
    # Another acronym where the passage has one, not a longer form of it ("USA" for "US").
    other = next((written for value, written in _acronyms(stretch).items()
                  if value not in ours and not any(v.startswith(value) or value.startswith(v) for v in ours)), None)
    return (mine, other) if other else None


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms (two capitals or more: GPU, GPT-4, RLHF) by value (no hyphen, no plural s), as written."""
    return {found.group(1).replace("-", ""): found.group() for found in _ACRONYM.finditer(text)}


def _another_number(mine: list[str], passage: list[str]) -> bool:
    """A number in place of another ("15" for "17", "1995" for "2003"): no mishearing changes digits."""
    # Joined: normalizing cuts "10,000" into "10 000"; a decade may drop its century ("'90s").
    ours, theirs = "".join(_DIGITS.findall(" ".join(mine))), "".join(_DIGITS.findall(" ".join(passage)))
    return bool(ours and theirs) and not (ours.endswith(theirs) or theirs.endswith(ours))


def _another_chinese_number(quotation: str, stretch: str) -> bool:
    """A number in the Chinese quotation in place of another of the passage (15岁 or 五岁 for
    十五岁, 1700个 for 170个): each has one the other lacks. Compared whole, as values, not
    character by character (one digit of 170 against 1700 would be no difference), in any
    notation (十七 is 17, 3亿 is 三亿)."""
    ours, theirs = set(_numbers_in(quotation)), set(_numbers_in(stretch))
    return bool(ours - theirs) and bool(theirs - ours)


def _another_name(mine: list[str], passage: list[str], chinese_word: ChineseWordKind) -> bool:
    """Characters of the quotation in place of the passage's that are a name of the dictionary
    where the passage has another, sharing no character with it (美国 for 加拿大, 斯坦福 for 多伦多).
    A translation words things otherwise (合作 for 一起工作), but names no other place or person;
    two names for one thing mostly share one (英文/英语, 周一/星期一, 美元/美金)."""
    ours, theirs = "".join(mine), "".join(passage)
    return not set(ours) & set(theirs) and _is_name(ours, chinese_word) and _is_name(theirs, chinese_word)


def _is_name(word: str, chinese_word: ChineseWordKind) -> bool:
    return 2 <= len(word) <= MAX_NAME_CHARS and all(_HAN.fullmatch(char) for char in word) and chinese_word(word) == "name"


def _numbers_in(text: str) -> list[float]:
    """The values of the numbers of a Chinese text, in whatever notation."""
    return [value for value, _span in _numbers_with_spans(text)]


def _numbers_with_spans(text: str) -> list[tuple[float, Span]]:
    """The numbers of a Chinese text, in whatever notation: each value, and where it is written."""
    numbers = []
    for found in _CHINESE_NUMBER.finditer(text):
        written = found.group()
        if _PLAIN_NUMBER.fullmatch(written):
            numbers.append((float(written), found.span()))
            continue
        import cn2an  # here, not at the top: its import takes 0.28 s, and few quotations need it

        try:
            numbers.append((float(cn2an.cn2an(written, "smart")), found.span()))
        except Exception:  # noqa: BLE001 - 万一 (ValueError), 一亿五 (KeyError): no number it reads
            continue
    return numbers


def _other_words(mine: list[str], passage: list[str]) -> bool:
    """A few words in place of a few of the passage's (up to REPLACED_WORDS each) that say
    something else. One for one: `_another_word`. More: when each side has a word that is no
    function word, by their letters run together, the fewer against the best-matching part of
    the more ("yann lecun" for "jeff hinton", "the united states" for "canada"; a mishearing
    shares letters: "purdue make" for "you made", "build" for "be able"). Longer stretches are
    a garbled transcript's, and not compared."""
    if not (0 < len(mine) <= REPLACED_WORDS and 0 < len(passage) <= REPLACED_WORDS):
        return False
    if not all(word.replace("-", "").isalpha() for word in (*mine, *passage)):  # "first-ever" is a word
        return False
    if len(mine) == len(passage) == 1:
        return not _is_function(mine[0]) and not _is_function(passage[0]) and (
            _another_word(mine[0], passage[0]) or frozenset((mine[0], passage[0])) in _OPPOSITES_EN)
    if all(map(_is_function, mine)) or all(map(_is_function, passage)):
        return False
    return fuzz.partial_ratio("".join(mine), "".join(passage)) < ANOTHER_WORD_RATIO


def _is_function(word: str) -> bool:
    """A word a transcript may drop or swap for another without saying anything else: a function
    word, unless it says how many or which ("only" for "first-ever", "all" for "some")."""
    return word in STOPWORDS and word not in _COUNTING_WORDS


def _asks_otherwise(mine: list[str], passage: list[str]) -> bool:
    """Words in place of the passage's where one side has a question's word and the other none
    ("i am very" for "how"), unless one word sounds like the other ("now" heard as "how")."""
    if not (len(mine) <= REPLACED_WORDS and len(passage) <= REPLACED_WORDS):
        return False  # a longer stretch is a garbled transcript's (`_other_words`)
    if bool(_ASKING_WORDS & set(mine)) == bool(_ASKING_WORDS & set(passage)):
        return False
    return not (len(mine) == len(passage) == 1) or _another_word(mine[0], passage[0])


def _another_word(mine: str, passage: str) -> bool:
    """One word in place of one of the passage's that is no mishearing of it: the two share
    few letters once an ending they share is set aside ("smaller" for "bigger"; "modes" for
    "models" shares most), or one is the other with a negating prefix ("misbehave")."""
    short, long = sorted((mine, passage), key=len)
    if any(long == prefix + short for prefix in _NEGATING_PREFIXES):  # "misbehave" for "behave"
        return True
    ending = len(commonprefix([mine[::-1], passage[::-1]]))
    if 0 < ending and len(short) - ending >= 3:  # "small"/"bigg"; not "n"/"m" of a typo "nodel"
        mine, passage = mine[:-ending], passage[:-ending]
    return fuzz.ratio(mine, passage) < ANOTHER_WORD_RATIO


def is_chinese(text: str) -> bool:
    """A Chinese quotation: two Chinese characters or more. Latin words in it (Geoff Hinton,
    AlexNet) are in the Chinese texts too, but Chinese characters are in no English text."""
    return len(_HAN.findall(text)) >= 2


def _as_read_in_traditional(quotation: str, forms: _Forms) -> float:
    """How closely a quotation written in Traditional characters fits the turn's displayed
    Chinese as a Traditional reader is shown it (0: a quotation in Simplified)."""
    if to_simplified_chars(quotation) == quotation:
        return 0.0
    shown = normalize(to_traditional(forms.texts[0]), spaced=False).text
    return align(normalize(quotation, spaced=False).text, shown, spaced=False).similarity


def _query_forms(quotation: str, chinese: bool) -> list[str]:
    """The quotation normalized for comparing; Traditional Chinese converted two ways: by
    character (text copied from this bot's Traditional display) and with Taiwan vocabulary
    (網路 → 网络), which also rewrites words the corpus writes the other way (類比 → 模拟)."""
    if not chinese:
        return [q for q in (normalize(quotation, spaced=True).text,) if q]
    converted = {normalize(convert(quotation), spaced=False).text for convert in (to_simplified_chars, to_simplified)}
    return sorted(q for q in converted if q)


def _english(turn: TurnTexts) -> _Forms:
    others = (turn.en_verbatim,) if turn.en_verbatim != turn.en else ()
    return _Forms(turn.id, normalize(turn.en, spaced=True), tuple(normalize(t, spaced=True) for t in others),
                  (turn.en, *others))


def _chinese(turn: TurnTexts) -> _Forms:
    others = (turn.zh_machine,) if turn.zh_machine and turn.zh_machine != turn.zh else ()
    return _Forms(turn.id, normalize(turn.zh, spaced=False), tuple(normalize(t, spaced=False) for t in others),
                  (turn.zh, *others))


def _written(text: str, normalized: Normalized, span: Span) -> str:
    """Characters `span` of `normalized` as `text` writes them ("don't", "10,000", "Geoff")."""
    start, end = normalized.original_span(*span)
    return text[start:end]


def _as_written(quotation: str, query: str, span: Span, chinese: bool) -> str:
    """`span` of the compared quotation (`query`) as the user wrote it; as compared where the
    comparison converted it (Traditional with Taiwan words: its length changed)."""
    typed = normalize(quotation, spaced=not chinese)
    # Converted character by character (or not at all), the positions hold.
    return _written(quotation, typed, span) if len(typed.text) == len(query) else query[slice(*span)]


def _form(forms: _Forms, k: int) -> Normalized:
    return forms.displayed if k == 0 else forms.others[k - 1]


def _displayed(query: str, forms: _Forms, k: int, alignment: Alignment, *, spaced: bool) -> Alignment | None:
    """The matched words in the displayed text. A match in another form (the verbatim
    transcript, the machine translation) is aligned again with the displayed text; where
    that says something else (another translation), there is nothing to show."""
    if k != 0:
        alignment = align(query, forms.displayed.text, spaced=spaced)
        if alignment.similarity < CLOSE_SIMILARITY:
            return None
    return alignment if alignment.end > alignment.start else None
