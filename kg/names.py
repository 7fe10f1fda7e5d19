"""Nominative (dictionary) forms of names, from their inflected mentions.

pymorphy3 knows Russian words and common names, but turns foreign surnames it
has never seen into wrong base forms («Шольцем» → «Шолец»). For a word it only
guesses, a surname-ending rule is used instead, and :mod:`kg.resolve` prefers
any form the article itself uses in the nominative.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from kg.nlp import morph_value, morph_values

UD_TO_OC_CASE = {
    "Nom": {"nomn"},
    "Gen": {"gent", "gen1", "gen2"},
    "Dat": {"datv"},
    "Acc": {"accs", "acc2"},
    "Ins": {"ablt"},
    "Loc": {"loct", "loc1", "loc2"},
}
# pymorphy3's parts of speech for a UD one; an adjective may be a participle («Соединённых Штатов»).
UD_TO_OC_POS = {"NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "ADJ": {"ADJF", "PRTF"}, "DET": {"ADJF"}}
NAME_TAGS = ("Name", "Surn", "Patr")
INDECLINABLE_ENDINGS = frozenset("еиоуэю")
# The endings of a man's name in oblique cases, with what replaces them: "" for a
# consonant stem («Смитом»), SOFT for a soft one («Эммануэлем»), «а» for an a-stem
# («Хасэгавой»). Endings no nominative has go in any oblique case; a vowel that ends
# many indeclinable names only in a case it marks («Паулем Рютте», «Жаном Дюбуа» keep
# theirs). The case is the first name's where pymorphy3 knows it, else the tagger's,
# which often errs on foreign surnames: then «-а»/«-я» go whatever case it says.
SOFT = "soft"
OBLIQUE_ENDINGS = (("ыми", ""), ("ом", ""), ("ем", SOFT), ("ой", "а"))
GENITIVE_ENDINGS = (("а", ""), ("я", SOFT))
CASE_ENDINGS = {
    "Gen": (("ы", "а"), *GENITIVE_ENDINGS),
    "Acc": (("у", "а"), *GENITIVE_ENDINGS),
    "Dat": (("у", ""), ("ю", SOFT)),
    "Ins": (("ым", ""), ("им", ""), ("ей", "я")),
    "Loc": (("е", SOFT),),
}
OC_TO_UD_CASE = {oc: ud for ud, ocs in UD_TO_OC_CASE.items() for oc in ocs}
VOWELS = "аеиоуыэюя"
HARD_CONSONANTS = "жшцчщ"
# Adjectival surnames («Белецким» → «Белецкий»): oblique endings and the nominative that replaces them.
ADJECTIVAL_SURNAMES = (
    (("ского", "скому", "ским", "ском"), "ский"),
    (("цкого", "цкому", "цким", "цком"), "цкий"),
    (("ской", "скую"), "ская"),
    (("цкой", "цкую"), "цкая"),
)
MASCULINE_INSTRUMENTAL = ("ым", "им", "ом", "ем")
FEMININE_ENDINGS = {  # by case: «Анну» is accusative, never instrumental («Майей Санду»)
    "Acc": {"ую": "ая", "у": "а", "ю": "я"},
    **dict.fromkeys(("Gen", "Dat", "Ins", "Loc"), {"ой": "а", "ей": "я"}),
}


@lru_cache(maxsize=1)
def analyzer():
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer(lang="ru")


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """pymorphy3's analyses of a word, cached: names repeat across a corpus."""
    return tuple(analyzer().parse(word))


def known_reading(word: str):
    """pymorphy3's likeliest analysis of a word it knows, else None (a guess is no reading)."""
    found = parses(word)
    return found[0] if found and found[0].is_known else None


def restore_shape(word: str, like: str) -> str:
    """Give ``word`` the capitalisation of the surface form ``like``, each part of a
    hyphenated name its own («Жан-Пьером» → «Жан-Пьер»); an abbreviation with a case
    ending («МИДа») stays upper-case."""
    parts, like_parts = word.split("-"), like.split("-")
    if len(parts) > 1 and len(parts) == len(like_parts):
        return "-".join(restore_shape(part, shape) for part, shape in zip(parts, like_parts))
    capitals = next((i for i, char in enumerate(like) if not char.isupper()), len(like))
    if capitals > 1 and (capitals == len(like) or len(word) <= capitals):
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _parse(text: str, pos: str, case: str | None, tags: tuple[str, ...] = ()):
    """The known pymorphy3 analysis agreeing with the tagger's part of speech and case."""
    wanted_pos = UD_TO_OC_POS.get(pos)
    wanted_cases = UD_TO_OC_CASE.get(case or "")
    best = None
    for parse in parses(text):
        if not parse.is_known or (wanted_pos and parse.tag.POS not in wanted_pos):
            continue
        if wanted_cases and str(parse.tag.case) not in wanted_cases:
            continue
        if tags and not any(tag in parse.tag for tag in tags):
            continue
        if best is None:
            best = parse
    return best


@lru_cache(maxsize=100_000)
def inflect_nominative(text: str, pos: str, case: str | None, gender: str | None = None,
                       singular: bool = False) -> str | None:
    """Nominative of a dictionary word (keeping number, unless ``singular``), or None when
    pymorphy3 does not know it.

    Cached: pymorphy3 analyses and inflects in Python, and
    titles and names repeat across a corpus.
    """
    if case == "Nom" and not singular:
        return text
    form = _inflected(text, pos, case, "nomn", gender, singular)
    return restore_shape(form, text) if form else None


@lru_cache(maxsize=10_000)
def inflect_genitive(text: str, pos: str, case: str | None, gender: str | None = None) -> str | None:
    """Genitive singular of a dictionary word («молдавскую делегацию» → «молдавской
    делегации»), lower-case, or None when pymorphy3 does not know it."""
    return _inflected(text, pos, case, "gent", gender, singular=True)


def _inflected(text: str, pos: str, case: str | None, target: str, gender: str | None, singular: bool) -> str | None:
    """pymorphy3's form of a word in the ``target`` case (in the singular if asked), an
    adjective in the gender of its noun unless the word is plural."""
    parse = _parse(text.lower(), pos, case)
    if parse is None:
        return None
    grammemes = {target, "sing"} if singular else {target}
    if gender and pos in ("ADJ", "DET") and (singular or parse.tag.number != "plur"):
        grammemes.add(gender)
    form = parse.inflect(grammemes)
    return form.word if form else None


def surname_nominative(text: str, case: str | None, gender: str | None, known_cases: tuple[str, ...] = ()) -> str:
    """Strip a case ending from a surname pymorphy3 only guesses at; ``known_cases`` are
    the cases the first name before it can be in, when pymorphy3 knows that name and it
    declines."""
    if known_cases == ("Nom",) and case in (None, "Nom"):
        return text
    if known_cases and "Nom" not in known_cases:  # an indeclinable first name («Тони») tells nothing
        cases = known_cases
        candidates = tuple(e for c in known_cases for e in CASE_ENDINGS.get(c, ())) + OBLIQUE_ENDINGS
    elif case in (None, "Nom"):
        return text
    else:
        cases = (case,)
        candidates = CASE_ENDINGS.get(case, ()) + OBLIQUE_ENDINGS + GENITIVE_ENDINGS
    if len(text) < 4:
        return text
    lower = text.lower()
    for endings, nominative in ADJECTIVAL_SURNAMES:
        ending = next((e for e in endings if lower.endswith(e)), None)
        if ending:
            return text[: -len(ending)] + nominative
    if gender == "Fem":
        for c in cases:
            for ending, nominative in FEMININE_ENDINGS.get(c, {}).items():
                if lower.endswith(ending):
                    return with_nominative(text[: -len(ending)], ending, nominative)
        if not (case == "Ins" and lower.endswith(MASCULINE_INSTRUMENTAL)):
            return text  # a man's instrumental the tagger called a woman's («с Сомовым и Зуевым»)
    for ending, nominative in candidates:
        stem = text[: -len(ending)]
        if lower.endswith(ending) and (len(stem) >= 3 or is_short_instrumental(stem, ending)):
            if ending == "а" and stem[-1].lower() in VOWELS:
                continue  # «Жана Дюбуа»: no consonant stem before it, an indeclinable name
            if nominative != SOFT:
                return with_nominative(stem, ending, nominative)
            if stem[-1].lower() in VOWELS:
                return stem + "й"
            if ending != "е" and stem[-1].lower() not in HARD_CONSONANTS:
                return stem + "ь"  # «Эммануэлем» → «Эммануэль», but «Шольцем» → «Шольц»
            return stem
    return text


def with_nominative(stem: str, ending: str, nominative: str) -> str:
    """The stem with its nominative ending; «-ей» after «ж», «ш», «ч», «щ», «ц» is the
    instrumental of an «-а» («Джорджей», «Мишей»), not of an «-я»."""
    if ending == "ей" and stem[-1:].lower() in HARD_CONSONANTS:
        return stem + "а"
    return stem + nominative


def is_ordinal(word: str) -> bool:
    """An ordinal numeral («третий», «первым»)."""
    return any("Anum" in p.tag for p in parses(word.lower()))


def is_short_instrumental(stem: str, ending: str) -> bool:
    """A two-letter stem before an instrumental ending, a syllable of an East Asian name:
    «Вэем» is «Вэй», «Ёлем» «Ёль», «Ыном» «Ын»."""
    return len(stem) == 2 and ending in ("ом", "ем")


def _name_parses(text: str, gender: str | None) -> list:
    """pymorphy3's readings of a word as one person's (singular) name of that gender; not
    the colloquial vocative («Нин!» of «Нина»), which would make «Мао Нин» «Мао Нина»."""
    oc_gender = {"Masc": "masc", "Fem": "femn"}.get(gender or "")
    return [  # one person's name is singular: «Анны» is no plural nominative here
        p for p in parses(text.lower())
        if p.is_known and any(t in p.tag for t in NAME_TAGS) and p.tag.number != "plur" and "voct" not in p.tag
        and (oc_gender is None or {oc_gender, "ms-f"} & p.tag.grammemes)
    ]


@lru_cache(maxsize=100_000)
def is_indeclinable(word: str) -> bool:
    """A name with no case endings, the same in every case («Шойгу», «Порошенко», «Ван И»,
    «Конте»): pymorphy3 says so, or does not know it as a name and it ends in a vowel
    that is no case ending of a name it would know («-е», «-и», «-о», «-у», «-э»)."""
    found = parses(word.lower())
    if found and "Fixd" in found[0].tag:
        return True
    known_name = any(p.is_known and any(t in p.tag for t in NAME_TAGS) for p in found)
    return not known_name and word[-1:].lower() in INDECLINABLE_ENDINGS


@lru_cache(maxsize=10_000)
def title_cased_place(word: str) -> str:
    """«Токио» for the «ТОКИО» of a dateline: a word in capitals that pymorphy3 knows as a
    place and never as an abbreviation («США», «НАТО» stay), with two vowels or five
    letters («ДНР», «ЦАР», «РИМ» stay: too like an abbreviation to tell)."""
    vowels = sum(char in VOWELS for char in word.lower())
    if not word.isupper() or not word.replace("-", "").isalpha() or not (vowels >= 2 or vowels and len(word) >= 5):
        return word
    found = [p for p in parses(word.lower()) if p.is_known]
    if found and any("Geox" in p.tag for p in found) and not any("Abbr" in p.tag for p in found):
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def is_indeclinable_for(word: str, gender: str | None) -> bool:
    """:func:`is_indeclinable`, or a woman's name ending in a consonant, which Russian does
    not decline («с Каей Каллас», «Ангелы Меркель»)."""
    last = word[-1:].lower()
    return is_indeclinable(word) or gender == "Fem" and last.isalpha() and last not in VOWELS


@lru_cache(maxsize=100_000)
def is_patronymic(word: str) -> bool:
    """pymorphy3 knows the word as a patronymic in some form («Сергеевич», «Ивановной»)."""
    return any("Patr" in p.tag for p in parses(word.lower()) if p.is_known)


@lru_cache(maxsize=100_000)
def first_name_gender(text: str) -> str | None:
    """"Fem" or "Masc" for a word pymorphy3 knows only as a woman's or only as a man's first name."""
    genders = {str(p.tag.gender) for p in _name_parses(text, None) if "Name" in p.tag}
    return {"femn": "Fem", "masc": "Masc"}.get(genders.pop()) if len(genders) == 1 else None


def name_cases(text: str, gender: str | None) -> tuple[str, ...]:
    """The UD cases a word pymorphy3 knows as a first name can be in; () when it does not."""
    found = {OC_TO_UD_CASE.get(str(p.tag.case)) for p in _name_parses(text, gender) if "Name" in p.tag}
    return tuple(sorted(c for c in found if c))


@lru_cache(maxsize=100_000)
def person_token_nominative(text: str, case: str | None, gender: str | None,
                            known_cases: tuple[str, ...] = ()) -> str:
    """Nominative of one token of a person's name, given its UD case and gender (cached like inflect_nominative).

    pymorphy3's name dictionary outranks the tagger, which often calls a
    genitive name nominative right after a title («Спецпосланник Сомова»).
    ``known_cases``: see :func:`surname_nominative`; a first name that can only be
    nominative makes the whole name so («Майя Санду», not «Санда» of pymorphy3's «Санду»),
    unless the tagger gives the word another case («Абдель Фаттахом»), and a reading as a
    name in none of the first name's cases is no reading of this word.
    """
    if known_cases == ("Nom",) and case in (None, "Nom"):
        return text
    names = _name_parses(text, gender)
    if known_cases:  # «Майей Санду»: not «Санда», whose «Санду» is no instrumental
        names = [p for p in names if OC_TO_UD_CASE.get(str(p.tag.case)) in known_cases]
    if names:
        if any(p.tag.case == "nomn" for p in names):
            return text
        form = names[0].inflect({"nomn"})
        return restore_shape(form.word, text) if form else text
    parts = text.split("-")
    if len(parts) > 1 and all(parts):  # both halves of «Диаса-Канеля» decline
        return "-".join(person_token_nominative(part, case, gender, known_cases) for part in parts)
    return surname_nominative(text, case, gender, known_cases)


def phrase_nominative(tokens, singular: bool = False) -> str:
    """Nominative of an organisation or place name: its head and the adjectives before it.

    ``tokens`` are spaCy tokens of one span, or the words of one of several names sharing
    a plural head, read ``singular`` («Донецкой [и Луганской] народных республик»);
    genitive dependents («комитета государственной безопасности») stay as they are.
    """
    tokens = list(tokens)
    head = _plural_head(tokens) if singular else _phrase_head(tokens)
    if head.pos_ not in ("NOUN", "PROPN") or (morph_values(head, "Case") in ([], ["Nom"]) and not singular):
        return "".join(t.text_with_ws for t in tokens).strip()
    case = morph_value(head, "Case")
    head_form = (inflect_nominative(head.text, head.pos_, case, singular=singular)
                 or ia_nominative(head.text, case) or masculine_nominative(head, case) or head.text)
    gender = noun_gender(head_form, head.pos_) if singular else oc_gender(head)
    at = first = tokens.index(head)
    while first > 0 and _is_adjective(tokens[first - 1]):
        first -= 1
    words = []
    for position, (token, after) in enumerate(zip(tokens, [*tokens[1:], None])):
        space = token.whitespace_ if after is None or after.i == token.i + 1 else " "  # words apart in the text
        if position == at:
            words.append(head_form + space)
        elif first <= position < at:
            pos = token.pos_ if token.pos_ == "DET" else "ADJ"  # the tagger may say PROPN («Соединённых»)
            form = inflect_nominative(token.text, pos, morph_value(token, "Case"), gender, singular)
            words.append((form or token.text) + space)
        else:
            words.append(token.text + space)
    return "".join(words).strip()


IA_ENDINGS = {"Gen": "ии", "Dat": "ии", "Loc": "ии", "Ins": "ией", "Acc": "ию"}


def ia_nominative(text: str, case: str | None) -> str | None:
    """The nominative of a name pymorphy3 does not know that declines like «-ия»
    («Гагаузии» → «Гагаузия»): that ending is the one declension such names share."""
    ending = IA_ENDINGS.get(case or "")
    if ending and len(text) > len(ending) + 2 and text.lower().endswith(ending):
        return text[: -len(ending)] + "ия"
    return None


MASCULINE_ENDINGS = {"Gen": "а", "Dat": "у", "Loc": "е", "Ins": "ом"}


def masculine_nominative(head: Token, case: str | None) -> str | None:
    """The nominative of a masculine name pymorphy3 does not know, ending in a consonant
    («в Эр-Рияде» → «Эр-Рияд», «Шарм-эш-Шейха» → «Шарм-эш-Шейх»): the tagger's gender
    and case, and a consonant before the case ending."""
    ending = MASCULINE_ENDINGS.get(case or "")
    text = head.text
    if (not ending or head.pos_ not in ("PROPN", "NOUN") or morph_values(head, "Gender") != ["Masc"]
            or morph_values(head, "Number") == ["Plur"] or len(text) <= len(ending) + 3
            or not text.lower().endswith(ending) or text[-len(ending) - 1].lower() in VOWELS + "ьй-"):
        return None
    return text[: -len(ending)]


def _is_adjective(token: Token) -> bool:
    """An adjective or participle, as the tagger or (for a PROPN it tags) pymorphy3 sees it."""
    if token.pos_ in ("ADJ", "DET") or token.dep_ == "amod":
        return True
    return token.pos_ == "PROPN" and _only_adjective(token.text, morph_value(token, "Case"))


def _only_adjective(text: str, case: str | None) -> bool:
    """pymorphy3 knows the word in that case as an adjective or participle, never as a noun."""
    return _parse(text.lower(), "NOUN", case) is None and _parse(text.lower(), "ADJ", case) is not None


def _plural_head(tokens: list[Token]) -> Token:
    """The first plural noun, else the last word: the head coordinated names share
    («народных республик», «Кореи»)."""
    return next((t for t in tokens if t.pos_ in ("NOUN", "PROPN") and morph_values(t, "Number") == ["Plur"]), tokens[-1])


def _phrase_head(tokens: list[Token]) -> Token:
    """The first token whose head lies outside the phrase (or is itself); a one-word phrase is its own head.

    The parser sometimes hangs a name on its adjective («Соединённых Штатов»): an
    adjective is passed over for the noun after it in the same case.
    """
    if len(tokens) == 1:
        return tokens[0]
    ids = {token.i for token in tokens}
    position, head = next(((i, t) for i, t in enumerate(tokens) if t.head.i not in ids or t.head.i == t.i), (0, tokens[0]))
    case = morph_value(head, "Case")
    while (position + 1 < len(tokens) and tokens[position + 1].pos_ in ("NOUN", "PROPN")
           and morph_value(tokens[position + 1], "Case") == case and _only_adjective(head.text, case)):
        position += 1
        head = tokens[position]
    return head


def noun_gender(nominative: str, pos: str) -> str | None:
    """pymorphy3's gender of a noun in the nominative singular («республика»: femn)."""
    parse = _parse(nominative.lower(), pos, "Nom")
    return str(parse.tag.gender) if parse is not None and parse.tag.gender else None


def oc_gender(token) -> str | None:
    """pymorphy3's gender grammeme of a singular token, for the adjectives agreeing with it."""
    if morph_values(token, "Number") == ["Plur"]:
        return None
    gender = morph_values(token, "Gender")
    return {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(gender[0]) if gender else None
