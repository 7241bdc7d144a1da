"""Turn a user's query into weighted units: words, Chinese bigrams and synonym concepts.

A unit is satisfied by any of its alternatives (the word itself, its spelling corrections
from the index vocabulary, its synonyms and translations). Units weigh by inverse document
frequency, so rare words decide and function words barely count; request words ("please
show me…", "请给我看…") are dropped before any of this (bot.search.query_text).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from bot.search.normalize import CJK_STOP_CHARS, CJK_STOPWORDS, FRAMING_WORDS, STOPWORDS, chinese_terms, cjk_runs, english_terms
from bot.search.query_text import asks_for_more, fold_query, is_question, without_decoration, without_filler
from bot.search.synonyms import Alternative, SynonymMatch, Synonyms
from bot.search.translations import Translations, segments
from bot.search.vocabulary import Vocabulary
from bot.text import MAX_QUERY_CHARS

__all__ = ["QueryPlan", "Unit", "Vocabulary", "candidate_groups", "plan_query", "sanitize"]

STOPWORD_WEIGHT = 0.15  # fraction of a word's idf that a stopword keeps
UNSEEN_WORD_WEIGHT = 0.35  # an English word in no turn and with no correction: a paraphrase as often as off-topic
# ... unless it is no everyday word either (Vocabulary.is_name): a name or term the library lacks,
# what the query asks about ("anthropic founders"); chosen on the tune splits (1.0 kept 3 of 7
# such near-topic queries of eval_users_tune2.toml, 2.0 and 3.0 none, with no on-topic loss).
UNSEEN_NAME_WEIGHT = 2.0
UNSEEN_BIGRAM_WEIGHT = 0.7  # a Chinese bigram in no turn: often a word-boundary artifact
FUNCTION_BIGRAM_WEIGHT = 0.3  # a bigram with a function character: a weak word (现在) or an artifact (很重)
# Units in more than this share of turns don't pick candidates (they still score): at scale
# their posting lists are huge, and they decide nothing on their own.
COMMON_UNIT_SHARE = 0.25
# ... but a posting list this short is cheap whatever its share: in one interview (40 turns)
# "hallucination" is in a quarter of the turns and still the word that decides.
COMMON_UNIT_MIN_TURNS = 2_000
# A dictionary sense (bot.search.translations) satisfies a word a little less than the word:
# a word has several senses, and the interview may use the one not meant.
TRANSLATION_CREDIT = 0.9
_NO_TRANSLATIONS = Translations(None)


@dataclass(frozen=True, slots=True)
class Unit:
    """One thing the query asks for, satisfied by any alternative (credit 1) or correction."""

    label: str
    weight: float
    alternatives: tuple[Alternative, ...]
    corrections: tuple[tuple[str, float], ...] = ()  # (term, credit) for a misspelled word
    is_chinese: bool = False
    is_stopword: bool = False
    # A Chinese bigram that is the whole query word (not a piece of a longer one): an
    # occurrence inside a longer corpus word (意识 in 意识到) counts less.
    whole_word: bool = True
    # A word no turn has and no everyday word either (Vocabulary.is_name): a name the library lacks.
    is_name: bool = False


@dataclass(frozen=True)
class QueryPlan:
    text: str
    en_terms: tuple[str, ...]  # the query's English terms in order (phrase check)
    zh_runs: tuple[str, ...]  # its Chinese runs, Simplified (phrase check)
    units: tuple[Unit, ...]
    corrected: dict[str, str]  # misspelled query term → readable correction
    # The same without request words ("please show me…", "请给我看…"): what closeness compares.
    en_content: tuple[str, ...] = ()
    zh_content: tuple[str, ...] = ()
    is_question: bool = False  # asked as a question ("how did…", "…吗"): it wants an answer
    framed: bool = False  # a word of it was weighed as a function word for saying where to look

    # Computed once per query, not once per candidate turn (cached_property works on a frozen
    # dataclass: it writes the instance __dict__ directly).
    @cached_property
    def total_weight(self) -> float:
        return sum(u.weight for u in self.units)

    @cached_property
    def english_weight(self) -> float:
        return sum(u.weight for u in self.units if not u.is_chinese)

    @cached_property
    def chinese_weight(self) -> float:
        return sum(u.weight for u in self.units if u.is_chinese)

    @cached_property
    def english_phrases(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """(unit index, terms) for each English way to satisfy a unit: an alternative's terms
        (a phrase when several) or a correction."""
        return tuple((index, terms) for index, unit in enumerate(self.units)
                     for terms in dict.fromkeys([a.en_terms for a in unit.alternatives if a.en_terms]
                                                + [(term,) for term, _ in unit.corrections]))

    @cached_property
    def chinese_words(self) -> tuple[tuple[int, str], ...]:
        """(unit index, word) for each Chinese way to satisfy a unit."""
        return tuple((index, word) for index, unit in enumerate(self.units)
                     for word in dict.fromkeys(a.zh_text for a in unit.alternatives if a.zh_text))

    def is_empty(self) -> bool:
        return not self.units

    def seen_in(self, held: str) -> "QueryPlan":
        """The plan less the dictionary's senses that cannot count in a turn whose interview is
        held in `held` (bot.search.synonyms.Alternative.counts_in): what proximity and bold
        spans look for there."""
        seen = self._seen
        if held not in seen:
            units = tuple(replace(u, alternatives=tuple(a for a in u.alternatives if a.counts_in(held)))
                          for u in self.units)
            seen[held] = self if units == self.units else replace(self, units=units)
        return seen[held]

    @cached_property
    def _seen(self) -> dict[str, "QueryPlan"]:
        return {}


def sanitize(query: str) -> str:
    """Drop what SQLite and OpenCC cannot encode (lone surrogates) and cap the length."""
    return query.encode("utf-8", "ignore").decode("utf-8")[:MAX_QUERY_CHARS]


def plan_query(query: str, vocabulary: Vocabulary, synonyms: Synonyms,
               translations: Translations = _NO_TRANSLATIONS, *, framing: bool = True) -> QueryPlan:
    """`framing`: words that say where to look (FRAMING_WORDS) weigh as function words beside
    other words; False: as the words they are (a query naming CLIP, the model)."""
    text = sanitize(query)
    undecorated = without_decoration(text)
    # A link or a heart beside words says nothing; alone, it is all there is to look for.
    text = undecorated if any(ch.isalnum() for ch in undecorated) else text
    folded = fold_query(text, vocabulary)
    all_terms = english_terms(folded, with_joined=False)
    all_runs = cjk_runs(folded)
    terms, runs = without_filler(all_terms, all_runs, lambda word: vocabulary.chinese_word(word) is not None)
    corrected: dict[str, str] = {}
    # Synonyms are looked up after spelling correction: "scalling laws" is "scaling laws".
    lookup = _corrected_terms(terms, vocabulary, synonyms)
    matches = synonyms.find_in(lookup, runs)
    weak = FRAMING_WORDS if framing and asks_for_more(terms, runs) else frozenset()
    units: list[Unit] = [_synonym_unit(m, lookup, synonyms, vocabulary, weak) for m in matches]
    covered = {p for m in matches for p in m.en_positions}
    for position in covered:
        if lookup[position] != terms[position]:
            corrected[terms[position]] = vocabulary.surface(lookup[position])
    units += _english_units(terms, covered, vocabulary, corrected, translations, weak)
    units += _chinese_units(runs, [m.zh_text for m in matches if m.zh_text], vocabulary, translations,
                            has_other_units=bool(units))
    if all(u.is_stopword for u in units):
        units = []  # only function words ("the", "a"): nothing to search for
    return QueryPlan(text, tuple(all_terms), tuple(all_runs), tuple(units), corrected, tuple(terms), tuple(runs),
                     is_question(text), framed=bool(weak & set(terms)))


def _corrected_terms(terms: list[str], vocabulary: Vocabulary, synonyms: Synonyms) -> list[str]:
    """The query terms with unknown words (in no turn and no synonym) replaced by their best correction."""
    known = synonyms.en_words
    result = []
    for term in terms:
        if vocabulary.df(term) or term in STOPWORDS or term in known:
            result.append(term)
            continue
        corrections = vocabulary.corrections(term)
        result.append(corrections[0][0] if corrections else term)
    return result


def _synonym_unit(match: SynonymMatch, terms: list[str], synonyms: Synonyms, vocabulary: Vocabulary,
                  weak: frozenset[str]) -> Unit:
    alternatives = synonyms.alternatives[match.group]
    label = match.zh_text or " ".join(terms[p] for p in match.en_positions)
    # Weigh the concept by its most common written form: a conservative idf.
    df = max((_alternative_df(a, vocabulary) for a in alternatives), default=0)
    # "the hallucinations clip": a word that says where to look, though a model is called CLIP.
    is_weak = not match.zh_text and all(terms[p] in weak for p in match.en_positions)
    weight = vocabulary.idf(df) * (STOPWORD_WEIGHT if is_weak else 1.0)
    return Unit(label, weight, alternatives, is_chinese=bool(match.zh_text), is_stopword=is_weak)


def _alternative_df(alternative: Alternative, vocabulary: Vocabulary) -> int:
    terms = alternative.en_terms or alternative.zh_grams
    return min((vocabulary.df(t) for t in terms), default=0)


def _english_units(terms: list[str], covered: set[int], vocabulary: Vocabulary, corrected: dict[str, str],
                   translations: Translations, weak: frozenset[str]) -> list[Unit]:
    """One unit per word or joined pair; a word of `weak` (where to look: "info", "clip")
    weighs as a function word."""
    units: list[Unit] = []
    position = 0
    while position < len(terms):
        if position in covered:
            position += 1
            continue
        joined = _joined_unit(terms, position, covered, vocabulary)
        if joined is not None:
            units.append(joined)
            position += 2
            continue
        units.append(_word_unit(terms[position], vocabulary, corrected, translations, terms[position] in weak))
        position += 1
    return units


def _joined_unit(terms: list[str], position: int, covered: set[int], vocabulary: Vocabulary) -> Unit | None:
    """"chat gpt" → "chatgpt" when the corpus writes it as one word."""
    if position + 1 >= len(terms) or position + 1 in covered:
        return None
    first, second = terms[position], terms[position + 1]
    joined = first + second
    if first in STOPWORDS or second in STOPWORDS or vocabulary.df(joined) == 0:
        return None
    alternatives = (Alternative(en_terms=(joined,)), Alternative(en_terms=(first, second)))
    return Unit(f"{first} {second}", vocabulary.idf(vocabulary.df(joined)), alternatives)


def _word_unit(term: str, vocabulary: Vocabulary, corrected: dict[str, str], translations: Translations,
               weak: bool = False) -> Unit:
    df = vocabulary.df(term)
    corrections: tuple[tuple[str, float], ...] = ()
    # A lone letter ("a b c", the "b" of a pasted <b> tag, a spelled-out "C-R-A-I-G") says
    # nothing on its own: it weighs as a function word, and decides no match.
    is_stopword = weak or term in STOPWORDS or (len(term) == 1 and term.isascii() and term.isalpha())
    # A function word is never "corrected": "itself" is no misspelling of "self".
    if df == 0 and not is_stopword:
        corrections = tuple(vocabulary.corrections(term))
        if corrections:
            df = vocabulary.df(corrections[0][0])
            corrected[term] = vocabulary.surface(corrections[0][0])
    alternatives = (Alternative(en_terms=(term,)),)
    if not is_stopword:
        alternatives += tuple(_translated_chinese(word) for word in translations.chinese(term))
    df = df or max((_alternative_df(a, vocabulary) for a in alternatives), default=0)
    is_name = df == 0 and not is_stopword and vocabulary.is_name(term)
    unseen = (UNSEEN_NAME_WEIGHT if is_name else UNSEEN_WORD_WEIGHT) if df == 0 else 1.0
    weight = vocabulary.idf(df) * (STOPWORD_WEIGHT if is_stopword else 1.0) * unseen
    return Unit(term, weight, alternatives, corrections, is_stopword=is_stopword, is_name=is_name)


def _translated_chinese(word: str) -> Alternative:
    return Alternative(zh_grams=tuple(chinese_terms(word)), zh_text=word, credit=TRANSLATION_CREDIT, translated=True)


def _translated_english(senses: tuple[tuple[str, ...], ...]) -> tuple[Alternative, ...]:
    return tuple(Alternative(en_terms=terms, credit=TRANSLATION_CREDIT, translated=True) for terms in senses)


def _chinese_units(runs: list[str], synonym_texts: list[str], vocabulary: Vocabulary, translations: Translations,
                   *, has_other_units: bool) -> list[Unit]:
    """One unit per informative bigram of the Chinese text that no synonym already covers,
    with the English senses of the dictionary word it is part of."""
    units = []
    for run in runs:
        for text in (*synonym_texts, *_stopwords_in(run)):
            run = run.replace(text, " ")
        for piece in run.split():
            if len(piece) == 1 and (has_other_units or len(runs) > 1):
                continue  # a lone character between other terms says little
            whole = len(piece) <= 2
            senses = _senses_by_bigram(piece, translations)
            grams = [g for g in _without_seams(chinese_terms(piece), vocabulary) if _is_informative(g, vocabulary)]
            seams, everyday = _dictionary_bigrams(piece, vocabulary) if not senses else (set(), set())
            if senses:  # the dictionary knows where words end: a bigram across two, in no turn, is no word
                grams = [g for g in grams if g in senses or vocabulary.df(g) or len(g) == 1]
            grams = [g for g in grams if g not in seams or vocabulary.df(g)]
            units.extend(_bigram_unit(g, vocabulary, whole, senses.get(g, ()), everyday=g in everyday) for g in grams)
    return units


def _senses_by_bigram(piece: str, translations: Translations) -> dict[str, tuple[Alternative, ...]]:
    """Each bigram of the piece's dictionary words → that word's English senses (maybe none)."""
    senses: dict[str, tuple[Alternative, ...]] = {}
    for start, end in translations.words_in(piece):
        alternatives = _translated_english(translations.english(piece[start:end]))
        for position in range(start, end - 1):
            senses.setdefault(piece[position:position + 2], alternatives)
    return senses


def _dictionary_bigrams(piece: str, vocabulary: Vocabulary) -> tuple[set[str], set[str]]:
    """The seams between the piece's dictionary words (longest first, left to right: 尼生 between
    悉尼 and 生气; a bigram whose two characters are each in a word, but not one word), and the
    bigrams inside its everyday words (not a name's), where the translations know no senses (an
    interview held in both languages). A name the dictionary lacks (黄仁勋) is no seam: it stays."""
    inside: set[str] = set()
    everyday: set[str] = set()
    covered: set[int] = set()
    for start, end, kind in segments(piece, vocabulary.chinese_word):
        grams = {piece[i:i + 2] for i in range(start, end - 1)}
        inside |= grams
        covered.update(range(start, end))
        if kind == "everyday":
            everyday |= grams
    # A bigram that touches a word without being inside one: 尼生, and 用算 of 用算法 (a lone
    # character before 算法), which an interview lacking 用算 would weigh as a rare word.
    seams = {piece[i:i + 2] for i in range(len(piece) - 1) if {i, i + 1} & covered} - inside
    return seams, everyday


def _without_seams(grams: list[str], vocabulary: Vocabulary) -> list[str]:
    """Drop a bigram in no turn whose two characters both belong to bigrams that are in some
    (`grams`: a piece's consecutive bigrams): it is the seam between two words ("觉绝" in
    "幻觉绝对"), not a word the corpus lacks."""
    covered = {i + k for i, g in enumerate(grams) if vocabulary.df(g) for k in (0, 1)}
    return [g for i, g in enumerate(grams) if vocabulary.df(g) or not {i, i + 1} <= covered]


def _stopwords_in(run: str) -> list[str]:
    return sorted((w for w in CJK_STOPWORDS if w in run), key=len, reverse=True)


def _is_informative(gram: str, vocabulary: Vocabulary) -> bool:
    """Drop bigrams that straddle a function word: "让模" in "如何让模型…" is no word.

    A bigram with a function character that the corpus never contains cannot match
    anything; counting it would only make real questions look off-topic.
    """
    stop_chars = sum(ch in CJK_STOP_CHARS for ch in gram)
    if stop_chars == 0 or len(gram) == 1:
        return True
    return stop_chars < len(gram) and vocabulary.df(gram) > 0


def _bigram_unit(gram: str, vocabulary: Vocabulary, whole_word: bool = True,
                 senses: tuple[Alternative, ...] = (), *, everyday: bool = False) -> Unit:
    """`everyday`: part of an everyday dictionary word, which in no turn weighs as an English
    everyday word does (a paraphrase's word as often as an off-topic one's)."""
    alternatives = (Alternative(zh_grams=(gram,), zh_text=gram), *senses)
    df = vocabulary.df(gram) or max((_alternative_df(a, vocabulary) for a in senses), default=0)
    unseen = UNSEEN_WORD_WEIGHT if everyday else UNSEEN_BIGRAM_WEIGHT
    weight = vocabulary.idf(df) * (unseen if df == 0 else 1.0)
    if any(ch in CJK_STOP_CHARS for ch in gram):
        weight *= FUNCTION_BIGRAM_WEIGHT
    return Unit(gram, weight, alternatives, is_chinese=True, whole_word=whole_word)


def candidate_groups(plan: QueryPlan, vocabulary: Vocabulary) -> list[str]:
    """One FTS5 expression per informative unit (any of its known alternatives), rarest first.

    Units in no turn are left out (they cannot match); stopwords and very common units
    too, unless nothing else is left.
    """
    informative = [u for u in plan.units if not u.is_stopword] or list(plan.units)
    common = max(vocabulary.turn_count * COMMON_UNIT_SHARE, COMMON_UNIT_MIN_TURNS)
    df = {id(u): _unit_df(u, vocabulary) for u in informative}
    # Units in no turn cannot pick candidates: leave them out before judging what is common.
    informative = [u for u in informative if df[id(u)]] or informative
    selective = [u for u in informative if df[id(u)] <= common] or informative
    groups = []
    for unit in sorted(selective, key=lambda u: df[id(u)]):
        clauses = [" AND ".join(f'"{t}"' for t in terms) for terms in _known_alternatives(unit, vocabulary)]
        if clauses:
            groups.append(" OR ".join(f"({c})" if " AND " in c else c for c in dict.fromkeys(clauses)))
    return list(dict.fromkeys(groups))


def _known_alternatives(unit: Unit, vocabulary: Vocabulary) -> list[tuple[str, ...]]:
    alternatives = [a.en_terms or a.zh_grams for a in unit.alternatives]
    alternatives += [(term,) for term, _ in unit.corrections]
    return [terms for terms in alternatives if terms and all(vocabulary.df(t) for t in terms)]


def _unit_df(unit: Unit, vocabulary: Vocabulary) -> int:
    """How many turns one of the unit's alternatives could match, at most (sum of bounds)."""
    bounds = [_alternative_df(a, vocabulary) for a in unit.alternatives]
    bounds += [vocabulary.df(term) for term, _ in unit.corrections]
    return sum(bounds)
