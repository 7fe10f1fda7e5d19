"""Canonical actors and events, merged within an article and across articles.

Within an article, inflected mentions of one name («Шольца», «Шольцем»,
«Олаф Шольц») become one actor named in the nominative, preferring a form the
article itself uses in the nominative. Across articles, actors with the same
name, a surname alone that one full name explains, an abbreviation and its
expansion, or a one-letter misspelling beside the same first name become one
actor; meetings at the same place and time with shared attendees become one
meeting with all its sources.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypeVar

from spacy.tokens import Doc, Span, Token

from kg.names import CASE_ENDINGS as NAME_CASE_ENDINGS
from kg.names import (OBLIQUE_ENDINGS, first_name_gender, is_indeclinable_for, is_patronymic, name_cases,
                      person_token_nominative, phrase_nominative, title_cased_place)
from kg.nlp import morph_value, morph_values
from kg.records import ArticleFacts, Entity, Meeting

T = TypeVar("T")

if not Token.has_extension("actor"):
    Token.set_extension("actor", default=None)
if not Span.has_extension("actor"):
    Span.set_extension("actor", getter=lambda span: span[0]._.actor)
if not Token.has_extension("refers_to"):  # the actor a title stands for (kg.extract.descriptors)
    Token.set_extension("refers_to", default=None)
if not Token.has_extension("heads"):  # the people a group noun stands for (kg.extract.descriptors)
    Token.set_extension("heads", default=())
if not Span.has_extension("shared_head"):  # the head a coordinated name shares (kg.extract.entities)
    Span.set_extension("shared_head", default=None)

def in_nominative(token: Token) -> bool:
    """Whether a name token stands in the nominative.

    The tagger often calls a genitive name nominative right after a title
    («Спецпосланник Сомова»), so a surname is nominative only in its canonical form. An
    indeclinable name is in the case of the title it stands beside, whatever the tagger
    guessed («Министр … Ван И провёл переговоры»).
    """
    if morph_values(token, "Case") not in ([], ["Nom"]) and not beside_a_nominative_title(token):
        return False
    if token.ent_type_ != "PER" or not token._.actor:
        return True
    return fold(name_end(token).text) == fold(token._.actor.split()[-1])


def name_end(token: Token) -> Token:
    """The last word of the entity ``token`` is in."""
    doc, last = token.doc, token.i
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return doc[last]


def name_root(token: Token) -> Token:
    """The word of a name that the parser hangs the others on («flat:name»)."""
    while token.dep_ == "flat:name" and token.head.i != token.i:
        token = token.head
    return token


def title_beside(token: Token) -> str | None:
    """The case of the noun a name stands in apposition to («министром … Дун Цзюнем»: Ins),
    or "Ins" for one the parser hung on a nominative title elsewhere
    (:func:`instrumental_title_before`)."""
    head = name_root(token)
    case = morph_value(head.head, "Case") if stands_beside_title(head) else None
    return case if case not in (None, "Nom") else instrumental_title_before(token) or case


def stands_beside_title(root: Token) -> bool:
    """The root of a name is in apposition to a noun that may be a person's title. A thing
    is none: the parser hangs a genitive name on the event whose owner's title comes before
    it («Состоялась встреча представителя … Василия Петрова»: no feminine «Василия»)."""
    return root.dep_ == "appos" and root.head.pos_ == "NOUN" and morph_value(root.head, "Animacy") != "Inan"


def instrumental_title_before(first: Token) -> str | None:
    """"Ins" for a name from ``first`` on that ends in an instrumental ending right after
    an instrumental noun and its genitive words («с председателем Национального собрания
    Вьетнама Чан Тхань Маном», all tagged nominative)."""
    last = name_end(first).lower_
    if not any(last.endswith(ending) for ending, _ in OBLIQUE_ENDINGS + NAME_CASE_ENDINGS["Ins"]):
        return None
    doc, i = first.doc, first.i - 1
    while i > first.sent.start and morph_value(doc[i], "Case") == "Gen" and doc[i].pos_ in ("ADJ", "NOUN", "PROPN"):
        i -= 1
    before = doc[i]
    return "Ins" if i < first.i - 1 and before.pos_ == "NOUN" and morph_value(before, "Case") == "Ins" else None


def follows_its_title(token: Token) -> bool:
    """The name right after its title and the title's owner («премьер-министр Италии
    Джорджа Мелони»): not one the parser hung on a title elsewhere in the sentence, nor
    one that is itself the owner («советник Хамида Карзая»)."""
    title = name_root(token).head
    between = token.doc[title.i + 1:token.i]
    inside = {t.i for t in between}
    return (title.i < token.i and any(t.ent_type_ in ("LOC", "ORG") for t in between)
            and all((t.head.i == title.i and t.dep_ == "nmod") or t.head.i in inside for t in between))


def beside_a_nominative_title(token: Token) -> bool:
    """An indeclinable name in apposition to a nominative word («Министр … Ван И», «глава
    дипломатии Кая Каллас»); a woman's where her verb is feminine, whatever the tagger said
    of the name («Экс-глава МИД Анналена Бербок избрана …»; a title like «глава» may take
    a masculine verb for a woman, so only a feminine one tells)."""
    gender = "Fem" if verb_gender(token) == "Fem" else morph_value(token, "Gender")
    return is_indeclinable_for(token.text, gender) and title_beside(token) == "Nom"


def has_feminine_verb(token: Token) -> bool:
    """The name is the subject of a feminine verb («Мелони заявила»), also where the parser
    takes a name before a verb with no subject for its object («Джорджа Мелони заявила»)."""
    if verb_gender(token) == "Fem":
        return True
    root = name_root(token)
    verb = root.head
    return (root.dep_ == "obj" and root.i < verb.i and verb.pos_ == "VERB" and morph_value(verb, "Gender") == "Fem"
            and not any(c.dep_.startswith("nsubj") for c in verb.children))


def is_subject_name(token: Token, gender: str | None) -> bool:
    """The name is the subject of a verb, itself or by the nominative title beside it, and
    a past verb agrees with the name's ``gender`` («сообщил Беате Шмидт»: no subject)."""
    root = name_root(token)
    subject = root.head if stands_beside_title(root) and morph_value(root.head, "Case") == "Nom" else root
    verb = subject.head
    return (subject.dep_ in ("nsubj", "nsubj:pass") and verb.pos_ in ("VERB", "AUX")
            and morph_value(verb, "Gender") in (None, gender))


def women(people: list[Span]) -> set[str]:
    """The last words, as written, of the names of women among ``people``: those with a
    feminine verb. A woman's foreign surname does not decline («Мелони заявила … с Джорджей
    Мелони»), so it marks her other mentions."""
    return {fold(span[-1].text) for span in people if has_feminine_verb(span[0])}


def verb_gender(token: Token) -> str | None:
    """The gender of the verb whose subject the name, or the title it stands beside, is."""
    root = name_root(token)
    subject = root.head if stands_beside_title(root) else root
    return morph_value(subject.head, "Gender") if subject.dep_ in ("nsubj", "nsubj:pass") else None


CASE_ENDINGS = {"", "а", "я", "у", "ю", "ом", "ем", "ым", "им", "е", "и", "ы", "ой", "ей", "ую", "ого", "ему", "ому", "ых"}
ABBREVIATION = re.compile(r"^[А-ЯЁA-Z]{2,6}$")
INITIAL = re.compile(r"[А-ЯЁA-Z]\.?")
MIN_ABBREVIATED_WORD = 5  # «Совбез», «Госдеп»: shorter words match the starts of too many names
FUNCTION_WORDS = {"и", "по", "в", "на", "для", "с", "of", "the", "and"}
PREPOSITIONAL_NAME_CASES = {"Dat", "Loc"}
"""Cases of a first name that cannot stand beside a title or be a subject without a
preposition or a verb to govern them: a name known only in these, which the tagger calls
nominative as a subject, is a nominative pymorphy3 does not know («Беате»)."""
GENITIVE_A = ("а", "я")  # the last letter of a man's name in the genitive or accusative («Кира», «Игоря»)
ARABIC_ARTICLE = re.compile(r"^(?:[аэ]ль?|[аэ][сдзнртш])-(?=\w{3})")
"""The article of an Arabic surname, written with it or without: «аль-Асад» and «Асад»,
«ас-Сиси» and «Сиси»."""


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def bare_surname(word: str) -> str:
    """A surname folded, without an Arabic article (``ARABIC_ARTICLE``)."""
    return ARABIC_ARTICLE.sub("", fold(word))


def same_surname(a: str, b: str) -> bool:
    """Two inflected forms of one surname: a shared stem and only case endings after it."""
    a, b = bare_surname(a), bare_surname(b)
    if a == b:
        return True
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    return prefix >= 3 and a[prefix:] in CASE_ENDINGS and b[prefix:] in CASE_ENDINGS


def edit_distance_at_most_one(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]


def misspelt_same_name(name: list[str], other: list[str]) -> bool:
    """«Дэвид Камерон» and «Дэвид Кэмерон»: the same first name and surnames of four
    letters or more one letter apart."""
    return (len(name) > 1 and len(other) > 1 and fold(name[0]) == fold(other[0])
            and len(name[-1]) >= 4 and edit_distance_at_most_one(name[-1], other[-1]))


def most_common(values: Iterable[T]) -> T:
    """The most frequent value, the first seen among equals, like ``Counter(values).most_common(1)``."""
    counts: dict[T, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.__getitem__)


@dataclass
class Cluster:
    """Mentions of one actor in one article."""

    type: str
    spans: list[Span] = field(default_factory=list)
    forms: list[list[str]] = field(default_factory=list)  # nominative token forms per mention
    nominative_seen: list[list[str]] = field(default_factory=list)  # forms used as such in the text

    @property
    def surname(self) -> str:
        return most_common(f[-1] for f in self.nominative_seen or self.forms)

    @property
    def given(self) -> list[str]:
        full = [f for f in self.nominative_seen if len(f) > 1] or [f for f in self.forms if len(f) > 1]
        return max(full, key=len)[:-1] if full else []

    @property
    def name(self) -> str:
        if self.type == "PER":
            given, surname = self.given, self.surname
            if given and ARABIC_ARTICLE.match(fold(surname)):  # «Аль-Асад» that starts a sentence
                surname = surname[0].lower() + surname[1:]  # is «Башар аль-Асад» in a full name
            dotted = {t.text for span in self.spans for t in span  # «В. Путин», not «У Цзянхао»
                      if is_initial(t.text) and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "."}
            return " ".join([*(f"{word}." if word in dotted else word for word in given), surname])
        names = [" ".join(f) for f in self.forms]
        return most_common([name for name in names if not name.isupper()] or names)  # «Рим» of the text, not «РИМ»


def person_forms(span: Span, woman: bool = False) -> tuple[list[str], list[str]]:
    """Nominative forms of a person's name tokens, and the tokens already nominative.

    The words of a name share its case: a last word tagged nominative after words all
    tagged in one oblique case is in that case («с президентом Ли Чжэ Мёном»: the tagger
    knows the context on the short words and misses it on the unknown last one). A full
    name beside a nominative title is nominative, however its words are tagged (one word
    there may be the title's owner: «граф Ливерпуля»). Beside a genitive or accusative
    title, words that all end in «-а»/«-я» are a man's name in that case, though the
    first may read as a woman's nominative («Кира Стармера»: a woman's would be «Киры»,
    «Киру»). With ``woman`` (:func:`women`) the name is a woman's, though pymorphy3 knows
    its first word only as a man's name in an oblique case («Кая Каллас»: not «Кай»).
    """
    tokens = [t for t in span if not t.is_punct]
    genders = [morph_value(t, "Gender") for t in tokens]
    if woman or "Fem" in genders or (len(tokens) > 1 and first_name_gender(tokens[0].text) == "Fem"):
        genders = ["Fem"] * len(tokens)  # «Киру Петрову», whatever the tagger said of the surname
    known = name_cases(tokens[0].text, genders[0]) if len(tokens) > 1 else ()
    cases = [morph_value(t, "Case") for t in tokens]
    if (known and set(known) <= PREPOSITIONAL_NAME_CASES and cases[0] == "Nom"
            and is_subject_name(tokens[0], first_name_gender(tokens[0].text))):
        known = ("Nom",)  # «Глава МИД Австрии Беате Шмидт посетила …»: not pymorphy3's dative of «Беата»
    if len(tokens) > 1 and cases[-1] in (None, "Nom") and len(set(cases[:-1])) == 1 and cases[0] not in (None, "Nom"):
        cases[-1] = cases[0]
    title = title_beside(tokens[0])
    if (title == "Nom" and len(tokens) > 1 and all(case not in (None, "Nom") for case in cases)
            and follows_its_title(tokens[0])):
        return [t.text for t in tokens], [t.text for t in tokens]  # «премьер-министр Италии Джорджа Мелони»
    if title not in (None, "Nom") and all(case in (None, "Nom") for case in cases):
        cases = [title] * len(tokens)  # «с министром Дун Цзюнем»: the tagger knows the title's case, not the name's
    if title in ("Gen", "Acc") and known == ("Nom",) and all(t.lower_[-1:] in GENITIVE_A for t in tokens):
        genders, known = ["Masc"] * len(tokens), ()  # «премьер-министра … Кира Стармера»: a man's, not «Кира»
    forms = [person_token_nominative(t.text, case, gender, known) for t, case, gender in zip(tokens, cases, genders)]
    nominative = [t.text for t in tokens] if [fold(f) for f in forms] == [fold(t.text) for t in tokens] else []
    return forms, nominative


def _person_cluster(clusters: list[Cluster], forms: list[str]) -> Cluster | None:
    for cluster in clusters:
        if cluster.type != "PER":
            continue
        if not any(same_surname(forms[-1], other[-1]) or misspelt_same_name(forms, other) for other in cluster.forms):
            continue
        given = cluster.given
        if len(forms) > 1 and given and not same_surname(forms[0], given[0]) and not ends_a_name(forms, cluster):
            continue
        return cluster
    return None


def ends_a_name(forms: list[str], cluster: Cluster) -> bool:
    """«Фон дер Ляйен» of «Урсула фон дер Ляйен»: the last words of a longer name from its
    particles (lower-case there) on; not «Эдвард Сноуден» of «Рафаэль Корреа Эдвард Сноуден»."""
    folded = [fold(f) for f in forms]
    return any(len(other) > len(forms) and other[-len(forms)][:1].islower()
               and [fold(f) for f in other[-len(forms):]] == folded for other in cluster.forms)


def addresses(span: Span) -> bool:
    """A first name and patronymic with no surname: «Иван Сергеевич»."""
    return len(span) == 2 and is_patronymic(span[1].text) and not is_patronymic(span[0].text)


def _first_name_cluster(clusters: list[Cluster], forms: list[str], anywhere: bool = False) -> Cluster | None:
    """The one person with a surname whose first name is ``forms[0]``: of «Имя Отчество»,
    or of a lone word no one's surname («Ли» of «Ли Чжэ Мён», «Наама» of «Наама Иссахар»;
    an East Asian name puts the family name first, others are called by the first name);
    ``anywhere``, one of the names after the first two before the surname («Лула» of «Луис
    Инасиу Лула да Силва»; not the second, which in two names run together, «Рафаэль Корреа
    Эдвард Сноуден», is the first one's surname). Each cluster's forms are looked at before
    the names they give, which costs more."""
    word = fold(forms[0])

    def gives(names: list[str]) -> bool:
        return bool(names) and (word in map(fold, names[2:]) if anywhere else fold(names[0]) == word)

    found = [c for c in clusters if c.type == "PER" and any(len(f) > 1 and gives(f[:-1]) for f in c.forms)
             and gives(c.given)]
    return found[0] if len(found) == 1 else None


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if fold(w) not in FUNCTION_WORDS).upper()


def cluster_mentions(doc: Doc) -> list[Cluster]:
    """Group a document's entity spans by the actor they name."""
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, str], Cluster] = {}
    ents = doc.ents  # built anew on every access
    people = sorted((e for e in ents if e.label_ == "PER"), key=lambda e: (addresses(e), -len(e)))
    woman_names = women(people)
    for span in people:
        forms, nominative = person_forms(span, fold(span[-1].text) in woman_names)
        if addresses(span):
            cluster = _first_name_cluster(clusters, forms)
            if cluster is not None:  # the name stays the one the full mentions give
                cluster.spans.append(span)
                continue
        cluster = _person_cluster(clusters, forms)
        if cluster is None:
            named = (_first_name_cluster(clusters, forms) or _first_name_cluster(clusters, forms, anywhere=True)
                     if len(forms) == 1 else None)
            if named is not None:  # the name stays the one the full mentions give
                named.spans.append(span)
                continue
            cluster = Cluster("PER")
            clusters.append(cluster)
        cluster.spans.append(span)
        cluster.forms.append(forms)
        if nominative:
            cluster.nominative_seen.append(nominative)
    for span in ents:
        if span.label_ == "PER":
            continue
        shared = span._.shared_head if span[0].pos_ == "ADJ" else None  # only names of adjectives share one
        name = phrase_nominative([*span, *shared], singular=True) if shared is not None else phrase_nominative(span)
        if len(span) == 1:
            name = title_cased_place(name)
        key = (span.label_, fold(name))
        cluster = by_key.get(key) or by_key.get(("ORG" if span.label_ == "LOC" else "LOC", fold(name)))
        if cluster is None:
            cluster = by_key[key] = Cluster(span.label_)
            clusters.append(cluster)
        cluster.spans.append(span)
        cluster.forms.append([name])
    return clusters


def resolve_article(doc: Doc) -> list[Entity]:
    """Canonical actors of one article; each entity token gets ``Token._.actor``."""
    entities = []
    for cluster in cluster_mentions(doc):
        name = cluster.name
        for span in cluster.spans:
            for token in span:
                token._.actor = name
        label = most_common(s.label_ for s in cluster.spans)
        aliases = sorted({s.text for s in cluster.spans} - {name})
        mentions = sorted((s.start_char, s.end_char) for s in cluster.spans)
        entities.append(Entity(id="", name=name, type=label, aliases=aliases, mentions=mentions))
    link_abbreviations(entities)
    return entities


def link_abbreviations(entities: list[Entity]) -> None:
    """«РФПИ» and «Российский фонд прямых инвестиций», «Совбез» and «Совет Безопасности»
    name one organisation: keep both as aliases."""
    long_names = {initials(e.name): e for e in entities if len(e.name.split()) > 1}
    for entity in entities:
        full = long_names.get(entity.name) if ABBREVIATION.match(entity.name) else None
        if full is None and entity.type == "ORG" and " " not in entity.name:
            full = next((e for e in entities if e.type == "ORG" and abbreviates(entity.name, e.name)), None)
        if full is not None and full is not entity:
            for other, alias in ((full, entity.name), (entity, full.name)):
                if alias not in other.aliases:
                    other.aliases.append(alias)


def abbreviates(word: str, name: str) -> bool:
    """A word made of the starts of a longer name's words, two letters of each at least,
    in order: «Совбез» of «Совет Безопасности», «Минобороны» of «Министерство обороны»,
    «Евросоюз» of «Европейский союз»."""
    folded, parts = fold(word), [fold(part) for part in name.split()]
    if len(parts) < 2 or len(folded) < MIN_ABBREVIATED_WORD:
        return False

    def covers(at: int, part: int) -> bool:
        if part == len(parts):
            return at == len(folded)
        return any(folded.startswith(parts[part][:size], at) and covers(at + size, part + 1)
                   for size in range(len(parts[part]), 1, -1))

    return covers(0, 0)


# ---------------------------------------------------------------- corpus level


@lru_cache(maxsize=1 << 16)
def slug(text: str, readable: str | None = None) -> str:
    """A stable id: readable words from ``readable`` (default ``text``) and a hash of ``text``."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    words = re.sub(r"[^\w]+", "-", fold(readable or text)).strip("-")[:40]
    return f"{words}-{digest}"


@dataclass
class Actor:
    """One actor across the corpus."""

    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    weight: int = 0
    position: int = 0  # its place in ActorIndex.actors

    @property
    def id(self) -> str:
        return slug(f"{self.type}:{self.name}")


class ActorIndex:
    """Corpus-wide actors and the rules that decide two names are one actor.

    Actors are indexed by every folded name and alias, and people also by the first
    letters of their surname, so adding an entity never scans the whole corpus.
    """

    SURNAME_PREFIX = 3

    def __init__(self) -> None:
        self.actors: list[Actor] = []
        self.by_name: dict[str, set[int]] = {}
        self.by_surname: dict[str, set[int]] = {}

    def _candidates(self, table: dict[str, set[int]], key: str) -> list[Actor]:
        return [self.actors[i] for i in sorted(table.get(key, ()))]

    def _index(self, position: int, names: Iterable[str]) -> None:
        actor = self.actors[position]
        for name in names:
            self.by_name.setdefault(fold(name), set()).add(position)
            if actor.type == "PER":
                self.by_surname.setdefault(bare_surname(name.split()[-1])[: self.SURNAME_PREFIX], set()).add(position)

    def find(self, entity: Entity) -> Actor | None:
        for actor in self._candidates(self.by_name, fold(entity.name)):
            if _types_agree(actor.type, entity.type):
                return actor
        if entity.type == "PER":
            return self._find_person(entity.name)
        return None

    def _find_person(self, name: str) -> Actor | None:
        parts = name.split()
        candidates = []
        for actor in self._candidates(self.by_surname, bare_surname(parts[-1])[: self.SURNAME_PREFIX]):
            theirs = actor.name.split()
            if not (same_surname(parts[-1], theirs[-1]) or misspelt_same_name(parts, theirs)):
                continue
            if len(parts) > 1 and len(theirs) > 1 and not first_names_agree(parts[0], theirs[0]):
                continue
            candidates.append(actor)
        return candidates[0] if len(candidates) == 1 else None

    def add(self, entity: Entity) -> Actor:
        actor = self.find(entity)
        if actor is None:
            actor = Actor(entity.name, entity.type, position=len(self.actors))
            self.actors.append(actor)
        elif _better_name(entity.name, actor.name):
            actor.aliases.add(actor.name)
            actor.name = entity.name
        else:
            actor.aliases.add(entity.name)
        actor.aliases.update(entity.aliases)
        actor.aliases.discard(actor.name)
        actor.weight += len(entity.mentions)
        self._index(actor.position, [actor.name, entity.name, *entity.aliases])
        return actor


def _types_agree(a: str, b: str) -> bool:
    return a == b or {a, b} == {"ORG", "LOC"}


def _better_name(new: str, old: str) -> bool:
    """A fuller name wins; an abbreviation loses to its expansion, an initial to the name."""
    if len(new.split()) != len(old.split()):
        return len(new.split()) > len(old.split())
    return is_initial(old.split()[0]) and not is_initial(new.split()[0])


def is_initial(word: str) -> bool:
    """«В.» or «В» of «В. Путин»: a first name's initial."""
    return INITIAL.fullmatch(word) is not None


def first_names_agree(a: str, b: str) -> bool:
    """Two forms of one first name, or an initial and a name it begins («В.», «Владимир»)."""
    if same_surname(a, b):
        return True
    return (is_initial(a) or is_initial(b)) and fold(a)[0] == fold(b)[0]


def resolve_corpus(articles: list[ArticleFacts]) -> list[ArticleFacts]:
    """Give every actor and meeting a corpus-wide name and id, in place."""
    index = ActorIndex()
    ordered = sorted(
        ((a, e) for a in articles for e in a.entities),
        key=lambda pair: (-len(pair[1].name.split()), -len(pair[1].mentions), pair[0].id, pair[1].name),
    )
    owner = {}
    for article, entity in ordered:
        owner[(article.id, entity.name)] = index.add(entity)
    for article in articles:
        renames = {}
        for entity in article.entities:
            actor = owner[(article.id, entity.name)]
            renames[entity.name] = actor.name
            aliases = set(entity.aliases) | ({entity.name} - {actor.name})
            entity.name, entity.id = actor.name, actor.id
            entity.aliases = sorted(aliases)
        _merge_duplicate_entities(article)
        _rename_facts(article, renames)
    merge_meetings(articles)
    return articles


def _merge_duplicate_entities(article: ArticleFacts) -> None:
    merged: dict[str, Entity] = {}
    for entity in article.entities:
        if entity.id in merged:
            kept = merged[entity.id]
            kept.aliases = sorted((set(kept.aliases) | set(entity.aliases)) - {kept.name})
            kept.mentions = sorted(set(kept.mentions) | set(entity.mentions))
        else:
            merged[entity.id] = entity
    article.entities = list(merged.values())


def _rename_facts(article: ArticleFacts, renames: dict[str, str]) -> None:
    rename = lambda name: renames.get(name, name)  # noqa: E731
    for meeting in article.meetings:
        meeting.participants = list(dict.fromkeys(map(rename, meeting.participants)))
        meeting.place = list(dict.fromkeys(map(rename, meeting.place)))
    roles = {}
    for role in article.roles:
        role.person = rename(role.person)
        role.org = rename(role.org) if role.org else None
        roles.setdefault((role.person, role.title, role.org or role.role), role)
    article.roles = list(roles.values())
    for statement in article.statements:
        if statement.speaker not in (None, "anonymous"):
            statement.speaker = rename(statement.speaker)
        statement.mentions = list(dict.fromkeys(map(rename, statement.mentions)))


# ---------------------------------------------------------------- meetings


def date_bounds(value: str | None) -> tuple[str, str] | None:
    """A date or "A/B" range as (first, last); partial dates keep their unknown year as "XXXX"."""
    if not value:
        return None
    first, _, last = value.partition("/")
    return first, last or first


def _days_agree(a: str, b: str) -> bool:
    """Compare two dates where either may lack its year ("XXXX-12-02")."""
    if a.startswith("XXXX") or b.startswith("XXXX"):
        return a[4:] == b[4:]
    return a == b


def dates_compatible(a: str | None, b: str | None) -> bool:
    return bounds_compatible(date_bounds(a), date_bounds(b))


def bounds_compatible(bounds_a: tuple[str, str] | None, bounds_b: tuple[str, str] | None) -> bool:
    if bounds_a is None or bounds_b is None:
        return True
    if any(d.startswith("XXXX") for d in (*bounds_a, *bounds_b)):
        return any(_days_agree(x, y) for x in bounds_a for y in bounds_b)
    return bounds_a[0] <= bounds_b[1] and bounds_b[0] <= bounds_a[1]


class MeetingReport(NamedTuple):
    """What :func:`same_meeting` compares of one reported meeting, computed once per meeting
    (a corpus compares a meeting with every earlier report sharing an attendee)."""

    meeting: Meeting
    people: frozenset[str]
    places: frozenset[str]
    bounds: tuple[str, str] | None
    sentence: tuple[str, int]
    """The article and the sentence it was read from."""

    @classmethod
    def of(cls, meeting: Meeting, article_id: str) -> MeetingReport:
        return cls(meeting, frozenset(meeting.participants), frozenset(meeting.place), date_bounds(meeting.date),
                   (article_id, meeting.start))


def same_meeting(a: MeetingReport, b: MeetingReport) -> bool:
    """Reports of one real meeting: a shared place, agreeing dates and a shared attendee;
    not two meetings one sentence tells apart («переговоры X с Y, а потом беседа с Z»)."""
    if a.sentence == b.sentence or not bounds_compatible(a.bounds, b.bounds):
        return False
    shared_people = a.people & b.people
    if a.places and b.places:
        return bool(a.places & b.places) and bool(shared_people)
    dated = a.bounds is not None and b.bounds is not None
    return len(shared_people) >= 2 and (dated or not (a.places or b.places))


def _fuller_date(dates: Iterable[str | None]) -> str | None:
    known = [d for d in dates if d and "XXXX" not in d]
    if known:
        return max(known, key=lambda d: ("/" in d, d))
    return next((d for d in dates if d), None)


def merge_meetings(articles: list[ArticleFacts]) -> None:
    """Give reports of the same meeting one id, and share the best-known date among them."""
    reports: list[list[MeetingReport]] = []
    by_attendee: dict[str, set[int]] = defaultdict(set)  # same_meeting needs a shared attendee
    for article in sorted(articles, key=lambda a: a.id):
        for meeting in article.meetings:
            report = MeetingReport.of(meeting, article.id)
            shared = Counter(i for name in report.people for i in by_attendee[name])
            candidates = sorted(shared, key=lambda i: (-shared[i], i))  # first the reports sharing most attendees
            found = next((i for i in candidates if any(same_meeting(report, r) for r in reports[i])), None)
            if found is None:
                found = len(reports)
                reports.append([])
            reports[found].append(report)
            for name in report.people:
                by_attendee[name].add(found)
    groups = [[report.meeting for report in group] for group in reports]
    seeds = [min((m.evidence, m.start, ",".join(m.participants)) for m in group) for group in groups]
    told_apart = Counter(seed[:2] for seed in seeds)  # one sentence's meetings: their attendees too
    for group, (evidence, start, people) in zip(groups, seeds):
        date = _fuller_date(m.date for m in group)
        place = next((m.place[0] for m in group if m.place), "")
        key = f"meeting:{evidence}:{start}" + (f":{people}" if told_apart[evidence, start] > 1 else "")
        meeting_id = slug(key, f"{place} {date or ''}".strip() or "meeting")
        for meeting in group:
            meeting.id = meeting_id
            if date and (not meeting.date or "XXXX" in meeting.date):
                meeting.date = date
    for article in articles:
        for meeting in article.meetings:
            if meeting.date and "XXXX" in meeting.date:
                meeting.date = None
