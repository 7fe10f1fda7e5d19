"""Entity mentions: the NER's spans, cleaned of its known false positives."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from spacy.attrs import IS_TITLE, LOWER, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import normal, normal_lemmas, table, tokens_with_lemma, words
from kg.names import OC_TO_UD_CASE, parses, surname_nominative
from kg.nlp import morph_value, morph_values

ENTITY_TYPES = ("PER", "ORG", "LOC")
NOT_NAME_POS = {"INFN", "VERB", "GRND", "ADVB", "PRTS", "ADJS", "CONJ", "PREP", "PRCL", "INTJ", "PRED", "COMP", "NPRO"}
"""pymorphy3's parts of speech a name never is: verbs and their forms, adverbs, function words."""


NOUN_POS = (NOUN, PROPN)
FUNCTION_WORD_POS = {"PRON", "ADP", "CCONJ", "SCONJ", "PART"}
NOT_NAME_WORD_POS = FUNCTION_WORD_POS | {"DET", "VERB"}  # never a word of a person's name
if not Doc.has_extension("role_words"):
    Doc.set_extension("role_words", default=None)
QUOTES = frozenset('"«»“”„')
COORDINATORS = frozenset({"и", ",", "или"})
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})  # pymorphy3's tags of names
NAME_PARTICLES = re.compile(r"(?:[а-яёa-z]{1,3}[ -])+[А-ЯЁA-Z]")  # «ас-Сиси», «фон дер Ляйен», «бин Салман»
CYRILLIC_LETTER = re.compile(r"[А-ЯЁа-яё]")
ADJECTIVE_SUFFIX = re.compile(r"(?:ск|к)(?:ий|ой|ая|ое|ие)$")
"""The suffix of a place's adjective («французский», «нормандский»)."""


def ents_within(ents: Sequence[Span], span: Span) -> list[Span]:
    """``span.ents`` from the document's entities read once: Doc.ents builds new Spans on every access."""
    return [e for e in ents if e.start >= span.start and e.end <= span.end]


def is_role_word(token) -> bool:
    return (_names_post(normal(token.lemma_)) or _names_post_form(token.lower_)
            or token.is_title and _title_reading(token.lower_) is not None)


def role_word_tokens(doc: Doc) -> list[Token]:
    """The nouns of ``doc`` that :func:`is_role_word` accepts, read from arrays: a pass
    over every token through Token objects costs more than the rules that use it. Their
    positions are kept on the Doc (``Doc._.role_words``) for the next rule that asks."""
    kept = doc._.role_words
    if kept is None or (kept and kept[-1] >= len(doc)):
        strings = doc.vocab.strings
        rows = doc.to_array([POS, LOWER, IS_TITLE]).tolist()
        lemmas = normal_lemmas(doc)
        kept = doc._.role_words = [
            i for i, (pos, lower, title) in enumerate(rows)
            if pos in NOUN_POS and (_names_post(lemmas[i]) or _names_post_form(strings[lower])
                                    or title and _title_reading(strings[lower]) is not None)]
    return [doc[i] for i in kept]


def misread_title(token):
    """pymorphy3's reading of a capitalised role word whose lemma the tagger got wrong,
    taking it for a name («Президенты России и Белоруссии …» opening a sentence); None
    when the lemma is right."""
    if not token.is_title or _names_post(normal(token.lemma_)):
        return None
    return _title_reading(token.lower_)


@lru_cache(maxsize=65536)
def _title_reading(lower: str):
    """pymorphy3's likeliest reading of the word, when it is a role noun («после» is a preposition first)."""
    found = [p for p in parses(lower) if p.is_known]
    first = found[0] if found else None
    return first if first is not None and first.tag.POS == "NOUN" and _names_post(normal(first.normal_form)) else None


@lru_cache(maxsize=65536)
def _names_post_form(lower: str) -> bool:
    return _names_post(normal(lower))


@lru_cache(maxsize=65536)
def _names_post(word: str) -> bool:
    """A role word, bare or after a prefix (``role_prefixes``: «экс-президент»)."""
    if word in words("role_words"):
        return True
    return any(word.startswith(prefix) and word[len(prefix):] in words("role_words") for prefix in words("role_prefixes"))


def clean_span(span: Span) -> Span | None:
    """Drop or trim a NER span that is not a name.

    A role word tagged as a person («Спецпосланник») is trimmed off or dropped, and so are
    a person's verbs, pronouns and function words at either end («Полученная Смитом сумма»)
    and punctuation at the ends, but for the quotation mark closing one the name opens;
    a word that starts lower-case («росСМИ») but for a name's particles («ас-Сиси»), is a generic noun in ``not_entities``,
    can only be a verb or another part of speech no name has («Помиловать»), is a pronoun
    or function word where it stands («Он добавил» after a headline run on), names a
    thing after a name («Telegram-канале») or a meeting («Переговоры») is never a name.
    """
    if span.label_ not in ENTITY_TYPES:
        return None
    start, end = span.start, span.end
    doc = span.doc
    if span.label_ == "PER":
        while start < end and (is_role_word(doc[start]) or is_no_name_word(doc[start])):
            start += 1
        while end > start and (is_role_word(doc[end - 1]) or is_no_name_word(doc[end - 1])):
            end -= 1  # «Смит Спецпосланник …», «Смит Его паспорт …» of a headline run on
        if end - start > 2 and doc[start].is_sent_start and only_a_common_noun(doc[start].text):
            start += 1  # «Израильтянка Наама Иссахар …» opening a sentence
    elif (end - start > 1 and normal(doc[start].lemma_) in words("outlet_words")
          and all(t.text.isascii() for t in doc[start + 1:end])):
        start += 1  # «Агентство Kyodo», «газета The Times»: the outlet's name is the Latin one
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    if end < len(doc) and doc[end].text == "»" and doc[start:end].text.count("«") > doc[start:end].text.count("»"):
        end += 1  # «Центр «Сколково»»: the quotation the name opens closes it
    trimmed = Span(doc, start, end, label=span.label_)
    text = trimmed.text
    if not (text[0].isupper() or text[0].isdigit() or NAME_PARTICLES.match(text)) or normal(text) in words("not_entities"):
        return None
    if len(trimmed) == 1 and (never_a_name(text) or names_a_thing(text) or names_a_meeting(trimmed[0])
                              or is_no_name_word(trimmed[0], FUNCTION_WORD_POS) or CYRILLIC_LETTER.fullmatch(text)):
        return None  # a lone Cyrillic letter is a preposition or an initial, not a name («О разговоре …»)
    return trimmed


def is_no_name_word(token: Token, pos: Collection[str] = NOT_NAME_WORD_POS) -> bool:
    """A word pymorphy3 knows that the tagger reads as one of ``pos`` here («Он», «Его»,
    «Полученная»); not an unknown word of a foreign name it misreads so («ас-Сиси»: PART)."""
    return token.pos_ in pos and any(a.is_known for a in parses(token.lower_))


def names_a_meeting(token: Token) -> bool:
    """«Переговоры министров …», «Встреча прошла …»: a meeting word opening a sentence is no
    name (``meeting_words``)."""
    return normal(token.lemma_) in table("meeting_words") and token.pos_ == "NOUN"


def names_a_thing(word: str) -> bool:
    """«Telegram-канале», «YouTube-канал»: a Russian common noun after a Latin name and a
    hyphen, the thing named after it (not «Би-би-си», «Даунинг-стрит», «Нью-Йорк»)."""
    first, _, last = word.rpartition("-")
    return first.isascii() and first[:1].isalpha() and last.islower() and any(
        a.is_known and a.tag.POS == "NOUN" and not NAME_GRAMMEMES & a.tag.grammemes
        for a in parses(last))


def never_a_name(word: str) -> bool:
    """pymorphy3 knows the word, and only as parts of speech that no name has."""
    analyses = parses(word.lower())
    return bool(analyses) and all(a.is_known and a.tag.POS in NOT_NAME_POS for a in analyses)


def only_a_common_noun(word: str) -> bool:
    """pymorphy3 knows the word, as a common noun and never as a name («израильтянка»)."""
    analyses = [a for a in parses(word.lower()) if a.is_known]
    return bool(analyses) and all(a.tag.POS == "NOUN" and not NAME_GRAMMEMES & a.tag.grammemes for a in analyses)


def split_run_together_names(span: Span) -> list[Span]:
    """«Рафаэль Корреа Эдвард Сноуден» (a photo caption): two full names in the
    nominative the NER ran together, the second opening with a first name after a
    capitalised word that is none."""
    if span.label_ != "PER" or len(span) < 4 or any(morph_value(t, "Case") not in (None, "Nom") for t in span):
        return [span]
    for i in range(2, len(span) - 1):
        word, before = span[i].text, span[i - 1].text
        if word[:1].isupper() and before[:1].isupper() and is_first_name(word) and not is_first_name(before):
            doc = span.doc
            first = Span(doc, span.start, span.start + i, label="PER")
            return [first, *split_run_together_names(Span(doc, span.start + i, span.end, label="PER"))]
    return [span]


def is_first_name(word: str) -> bool:
    """pymorphy3 knows the word as a first name or a patronymic in the nominative, not as
    a familiar form («Аль» of «Аля»)."""
    return any(a.is_known and {"Name", "Patr"} & a.tag.grammemes and a.tag.case == "nomn" and "Infr" not in a.tag
               for a in parses(word.lower()))


def split_parenthesis(span: Span) -> list[Span]:
    """«Организация Объединённых Наций (ООН»: the NER swallows an opening bracket; name and alias part there."""
    bracket = next((t.i for t in span if t.text == "("), None)
    if bracket is None:
        return [span]
    parts = [Span(span.doc, span.start, bracket, label=span.label_), Span(span.doc, bracket + 1, span.end, label=span.label_)]
    return [p for p in parts if len(p) and not all(t.is_punct for t in p)]


def organisation_type(span: Span) -> Span:
    """A place-tagged name whose head noun names an organisation («Евросоюз», «Совет Безопасности») is an organisation."""
    if span.label_ == "LOC" and any(normal(t.lemma_) in words("organisation_heads") for t in span if t.pos_ == "NOUN" or t.pos_ == "PROPN"):
        return Span(span.doc, span.start, span.end, label="ORG")
    return span


def is_organisation_head(token) -> bool:
    """A singular organisation noun: a plural one is mostly shared by coordinated places
    («администраций Чили и Перу»), and its name would be neither's."""
    return (token.pos_ == "NOUN" and morph_values(token, "Number") == ["Sing"]
            and normal(token.lemma_) in words("organisation_heads"))


def organisation_of_place(span: Span, taken: int) -> Span:
    """«правительства Великобритании», «министерства иностранных дел Молдавии»: an
    organisation noun whose genitive complement ends in a place the NER found names an
    organisation of that place. The words between are genitive nouns and adjectives;
    none may come before ``taken`` (the end of the entity before)."""
    doc = span.doc
    if span.label_ != "LOC" or morph_values(span[0], "Case") != ["Gen"]:
        return span
    start = span.start
    while start - 1 >= taken and doc[start - 1].pos_ in ("NOUN", "ADJ") and morph_values(doc[start - 1], "Case") == ["Gen"]:
        start -= 1
        if is_organisation_head(doc[start]):
            return Span(doc, start, span.end, label="ORG")
    if start - 1 >= taken and is_organisation_head(doc[start - 1]):
        return Span(doc, start - 1, span.end, label="ORG")
    return span


def institution_type(span: Span) -> Span:
    """A seat of power that acts is an organisation: «Елисейский дворец подтвердил»,
    «Елисейский дворец подготовил», «опубликовано Елисейским дворцом», «пресс-служба
    Елисейского дворца», «в Елисейском дворце заявили». Where it is only where something
    happens («встреча в Елисейском дворце») or stands («находится») it stays a place."""
    if span.label_ != "LOC" or not is_seat(span):
        return span
    root = phrase_root(span)
    head = root.head
    speaks = head.pos_ == "VERB" and normal(head.lemma_) in words("speech_verbs")
    acts = (
        (root.dep_ in ("nsubj", "nsubj:pass") and speaks)
        or (root.dep_ == "nsubj" and head.pos_ == "VERB" and morph_values(head, "Voice") == ["Act"])
        or is_agent(root)
        or (root.dep_ == "obl" and speaks and morph_values(head, "Number") == ["Plur"]
            and has_preposition(root, ("в", "во")))
        or (root.dep_ == "nmod" and head.pos_ == "NOUN" and (
            is_role_word(head) or normal(head.lemma_) in words("anonymous_sources")
            or normal(head.lemma_) in words("institution_parts")))
    )
    return Span(span.doc, span.start, span.end, label="ORG") if acts else span


def is_agent(token: Token) -> bool:
    """Who does what a passive verb tells: «опубликовано Белым домом», «подготовленные им»."""
    if token.dep_ == "obl:agent":
        return True
    return (token.dep_ == "obl" and morph_values(token, "Case") == ["Ins"]
            and morph_values(token.head, "Voice") == ["Pass"] and not any(c.dep_ == "case" for c in token.children))


def has_preposition(word: Token, prepositions: Collection[str]) -> bool:
    """Whether one of ``prepositions`` governs ``word`` («в заседании», «на встрече»)."""
    return any(c.dep_ == "case" and c.lower_ in prepositions for c in word.children)


def phrase_root(span: Span) -> Token:
    """The token whose head lies outside the span (or is itself), else the last one.
    ``Span.root`` fails where the parser's heads run in a cycle."""
    return next((t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i), span[-1])


def is_seat(span: Span) -> bool:
    """Named by a building noun (``seat_words``: «Елисейский дворец», «Дом правительства»),
    not a place name pymorphy3 knows as one («Осло», «Соединённые Штаты»)."""
    head = span[-1]
    return normal(head.lemma_) in words("seat_words") and not any(
        {"Geox", "Name", "Surn"} & a.tag.grammemes for a in parses(head.lower_) if a.is_known
    )


def join_owned_places(spans: list[Span]) -> list[Span]:
    """«МИД Франции», «Правительство Италии», «Совет Безопасности ООН»: an organisation and the
    genitive place or organisation right after it are one name."""
    joined: list[Span] = []
    for span in spans:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.label_ == "ORG"
            and span.label_ in ("LOC", "ORG")
            and span.start == previous.end
            and morph_values(span[0], "Case") == ["Gen"]
        ):
            joined[-1] = Span(span.doc, previous.start, span.end, label="ORG")
        else:
            joined.append(span)
    return joined


def clean_entities(doc: Doc) -> Doc:
    """Keep only the entity spans that are names."""
    parts = [name for ent in doc.ents for part in split_parenthesis(ent) for name in split_run_together_names(part)]
    spans = [institution_type(organisation_type(span)) for span in (clean_span(part) for part in parts) if span is not None]
    taken = 0
    for i, span in enumerate(spans):
        spans[i] = organisation_of_place(span, taken)
        taken = span.end
    spans = join_owned_places(numbered_groups(doc, seats_as_institutions(spans)))
    doc.ents = known_surnames(doc, named_again(doc, spans))
    share_heads(spans)
    return doc


def share_heads(spans: list[Span]) -> None:
    """Names of adjectives coordinated before one head, «Донецкой и Луганской народных
    республик», «Северной и Южной Кореи»: each is a name of its own with that head in the
    singular. ``Span._.shared_head`` of the adjectives' spans is the head's words
    («народных республик»), and the last span's is empty."""
    for last, span in enumerate(spans):
        if len(span) < 2 or span[0].pos_ != "ADJ":
            continue
        first = last
        while first > 0 and coordinated_before(spans[first - 1], spans[first]):
            first -= 1
        if first == last:
            continue
        head = span[1:]
        for before in spans[first:last]:
            before._.shared_head = head
        span._.shared_head = span[1:1]


def coordinated_before(before: Span, span: Span) -> bool:
    """«Донецкой и [Луганской …]», «Московской, [Тверской …]»: adjectives alone, a
    conjunction or comma, and the next name."""
    doc = span.doc
    return (before.label_ == span.label_ and all(t.pos_ == "ADJ" for t in before)
            and span.start - before.end == 1 and doc[before.end].lower_ in COORDINATORS)


def numbered_groups(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with the groups an adjective and a collective numeral noun name
    (``group_numerals``: «Большая семёрка», «нормандская четвёрка»), organisations that
    the NER leaves out or takes for places; they replace the spans they overlap."""
    found = [Span(doc, noun.i - 1, noun.i + 1, label="ORG")
             for noun in tokens_with_lemma(doc, normal_lemmas(doc), words("group_numerals"))
             if noun.i > 0 and names_a_group(doc[noun.i - 1], noun)]
    if not found:
        return spans
    taken = {i for span in found for i in range(span.start, span.end)}
    kept = [span for span in spans if taken.isdisjoint(range(span.start, span.end))]
    return sorted(kept + found, key=lambda span: span.start)


def names_a_group(adjective: Token, noun: Token) -> bool:
    """Whether the adjective before a collective numeral makes it a group's name."""
    if adjective.pos_ != "ADJ" or adjective.head.i != noun.i:
        return False
    lemma = normal(adjective.lemma_)
    before = adjective.doc[adjective.i - 1] if adjective.i > adjective.sent.start else None
    return (lemma in words("group_adjectives") or ADJECTIVE_SUFFIX.search(lemma) is not None
            or (before is not None and (adjective.text[:1].isupper() or before.text in QUOTES)))


def seats_as_institutions(spans: list[Span]) -> list[Span]:
    """A seat of power that acts as an organisation anywhere in the article is that
    organisation at each of its mentions («подготовленные Елисейским дворцом … в
    Елисейском дворце»): one actor, of one type."""
    acting = {seat_key(span) for span in spans if span.label_ == "ORG" and is_seat(span)}
    if not acting:
        return spans
    return [Span(span.doc, span.start, span.end, label="ORG")
            if span.label_ == "LOC" and seat_key(span) in acting and is_seat(span) else span for span in spans]


def seat_key(span: Span) -> tuple[str, ...]:
    return tuple(normal(token.lemma_) for token in span)


def named_again(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` and the capitalised words the NER left out that are the surname of a
    person it found elsewhere in the document: a headline's «Байден беседовал …» is the
    «Джо Байден» of the text."""
    surnames = {normal(span[-1].lemma_) for span in spans if span.label_ == "PER" and len(span) > 1}
    if not surnames:
        return spans
    lemmas = normal_lemmas(doc)
    return with_one_word_persons(doc, spans, lambda i: (
        doc[i].pos_ in ("PROPN", "NOUN") and doc[i].text[:1].isupper()
        and (lemmas[i] in surnames or _surname_in_case(doc[i]) in surnames)))


def with_one_word_persons(doc: Doc, spans: list[Span], accepts: Callable[[int], bool]) -> list[Span]:
    """``spans`` and a one-word person at each position outside them that ``accepts``, in order."""
    taken = {i for span in spans for i in range(span.start, span.end)}
    found = [Span(doc, i, i + 1, label="PER") for i in range(len(doc)) if i not in taken and accepts(i)]
    return sorted(spans + found, key=lambda span: span.start) if found else spans


def known_surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` and the capitalised animate proper nouns the NER left out that pymorphy3
    knows as a surname in the case the tagger gives them: the NER that finds «Смирнов
    отметил» misses «Смирнов в беседе с журналистами отметил». Opening a sentence, where
    any word is capitalised, the word must also be the subject of a verb agreeing with the
    surname («Орлов видели», «Волков стало больше»: plural common nouns)."""
    rows = doc.to_array([POS, IS_TITLE]).tolist()
    return with_one_word_persons(doc, spans, lambda i: rows[i][0] == PROPN and rows[i][1] and is_known_surname(doc[i]))


def is_known_surname(token: Token) -> bool:
    """:func:`known_surnames`' test of one word."""
    if morph_value(token, "Animacy") != "Anim":
        return False
    genders = _surname_genders(token.lower_, morph_value(token, "Case"))
    if not genders:
        return False
    if not token.is_sent_start:
        return True
    verb = token.head
    return (token.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") and morph_value(verb, "Number") == "Sing"
            and morph_value(verb, "Gender") in (None, *genders))


@lru_cache(maxsize=65536)
def _surname_genders(lower: str, case: str | None) -> frozenset[str]:
    """The UD genders of pymorphy3's readings of a word as one person's surname in ``case``;
    none for a word it also reads as a verb or a function word («По», «Мал»)."""
    found = parses(lower)
    if any(p.tag.POS in NOT_NAME_POS for p in found):
        return frozenset()
    return frozenset({"masc": "Masc", "femn": "Fem"}.get(str(p.tag.gender), "") for p in found
                     if p.is_known and "Surn" in p.tag and p.tag.number == "sing"
                     and OC_TO_UD_CASE.get(str(p.tag.case)) == case)


def _surname_in_case(token: Token) -> str:
    """The word with its case ending stripped as a surname's («Карасина» → «карасин»,
    which pymorphy3 knows only as a short adjective)."""
    return normal(surname_nominative(token.text, morph_value(token, "Case"), morph_value(token, "Gender")))
