"""Descriptors: a title that stands for a person the article names elsewhere.

News name a person once and then by post: «президент Франции Жан Дюбуа … французский
лидер заявил», «глава Кубы». A role word with no name beside it refers to the one person
whose role in the article has a title that agrees with it and the same owner: the
genitive name after it («президента Франции») or a place adjective before it
(«французский», ``country_adjectives`` for those not spelt like the place). A word for
leading in general (``leader_words``: «лидер», «глава») agrees with any title of a leader
(``leader_titles``); two people fitting, it refers to no one. A title without an owner
(«помощник президента рассказал») refers to the last person given the same post before
it, else to the only one given it. The person goes to ``Token._.refers_to`` of the role
word; a descriptor with an owner also gives its person that role.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import ADJECTIVE_SUFFIX, is_role_word, phrase_root, role_word_tokens
from kg.extract.lexicon import groups, normal, normal_lemmas, table, tokens_with_lemma, words
from kg.extract.places import adjective_lemma, adjective_names
from kg.extract.roles import HEAD_TITLE, case_of, cases_agree, phrase_token, role_record
from kg.nlp import morph_values
from kg.records import Role
from kg.resolve import same_surname

def same_office(descriptor: str, title: str) -> bool:
    """«премьер» and «премьер-министр» (``role_synonyms``)."""
    return descriptor == title or title in groups("role_synonyms").get(descriptor, ())


def titles_agree(descriptor: str, title: str) -> bool:
    """The same post, a word for leading in general and a leader's title («лидер»,
    «президент»), or a word for a visitor and any title («гость»)."""
    return (same_office(descriptor, title) or descriptor in words("guest_words")
            or descriptor in words("leader_words") and title in words("leader_titles"))


def adjectives_start(title: Token) -> int:
    """Where the adjectives right before ``title`` begin, within its sentence (its own
    position when there are none)."""
    start = title.i
    while start > title.sent.start and title.doc[start - 1].pos_ == "ADJ":
        start -= 1
    return start


def genitive_nouns(title: Token) -> list[Token]:
    """The nouns in the genitive the title governs: «делегации» of «глава молдавской делегации»."""
    return [c for c in title.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and case_of(c) in (None, "Gen")]


def genitive_owner(word: Token, ents_at: dict[int, Span]) -> Span | None:
    """The place or organisation in the genitive right after ``word`` («президента Франции»)."""
    owner = ents_at.get(word.i + 1)
    if owner is not None and owner.label_ in ("LOC", "ORG") and owner[0]._.actor and case_of(owner[0]) in (None, "Gen"):
        return owner
    return None


def owner_of(title: Token, ents_at: dict[int, Span]) -> str | Token | None:
    """The genitive name right after ``title`` (its actor), else the nearest place adjective
    before it, else one of the genitive noun after it («глава молдавской делегации»)."""
    owner = genitive_owner(title, ents_at)
    if owner is not None:
        return owner[0]._.actor
    adjectives = list(reversed(title.doc[adjectives_start(title):title.i]))
    adjectives += [a for noun in genitive_nouns(title) for a in noun.children if a.dep_ == "amod"]
    return next((a for a in adjectives if ADJECTIVE_SUFFIX.search(adjective_lemma(a))), None)


def owner_name(owner: str | Token, owners: Collection[str]) -> str | None:
    """Which of a role's ``owners`` the descriptor's owner (an actor or a place adjective) is;
    for an organisation named with its place, the place («глава МИД Франции» and
    «министр иностранных дел Франции»)."""
    if isinstance(owner, str):
        if owner in owners:
            return owner
        if " " not in owner:
            return None
        place = owner.split()[-1]
        return next((name for name in sorted(owners) if " " not in name and same_surname(place, name)), None)
    lemma = adjective_lemma(owner)
    return next((name for name in sorted(owners) if adjective_names(lemma, name)), None)


MINISTER = "министр"


class OwnedRole(NamedTuple):
    """A role with what a descriptor is matched against, read once per article."""

    role: Role
    names: set[str]
    """Its organisation and every place or organisation its phrase names
    («председатель Государственного совета Кубы»: the council and Cuba)."""
    adjectives: set[str]
    """The stems of the place adjectives in it («британский премьер»)."""
    words: list[str]
    """The words of its phrase."""
    title: str
    """Its title, «министр» for the head of a ministry («глава МИД»)."""


def owned_role(role: Role, ents: Sequence[Span], starts: list[int]) -> OwnedRole:
    """``role`` with its owners; ``starts`` are the entities' first characters."""
    named = {e[0]._.actor for e in ents[bisect_left(starts, role.start):bisect_left(starts, role.end)]
             if e.label_ != "PER" and e[0]._.actor and e.text in role.role}
    phrase = normal(role.role).split()
    adjectives = {ADJECTIVE_SUFFIX.sub("", word) for word in phrase if ADJECTIVE_SUFFIX.search(word)}
    title = normal(role.title)
    if title in words("leader_words") and any(word in table("ministry_words") for word in phrase):
        title = MINISTER
    return OwnedRole(role, named | {role.org} if role.org else named, adjectives, phrase, title)


def descriptor_title(title: Token) -> str:
    """The title's lemma, «министр» for a leader word over a ministry («глава молдавского МИД»)."""
    return MINISTER if ministry_of(title) is not None else normal(title.lemma_)


def ministry_of(title: Token) -> str | None:
    """The ministry a leader word heads, the lemma of its first genitive ministry word
    («глава МИД», «глава американской дипломатии»: ``ministry_words``)."""
    if normal(title.lemma_) not in words("leader_words"):
        return None
    return next((normal(c.lemma_) for c in title.children
                 if c.dep_ == "nmod" and normal(c.lemma_) in table("ministry_words")), None)


def owner_agrees(owner: str | Token, candidate: OwnedRole) -> tuple[bool, str | None]:
    """Whether the role is of the descriptor's owner, and the owner's name: the same place
    adjective in both («британский премьер» both times: the role's organisation), or one
    of the places and organisations its phrase names."""
    if isinstance(owner, Token) and ADJECTIVE_SUFFIX.sub("", adjective_lemma(owner)) in candidate.adjectives:
        return True, candidate.role.org
    name = owner_name(owner, candidate.names)
    return name is not None, name


def names_no_one(title: Token, ents_at: dict[int, Span]) -> bool:
    """No name stands beside the title: «французский лидер заявил», not «лидер Франции Дюбуа»
    nor «Дюбуа, лидер Франции»; «помощник Сидорова» is Sidorov's aide, not Sidorov."""
    if title.ent_type_ == "PER":
        return False
    doc = title.doc
    end = title.i + 1
    while end < title.sent.end and doc[end].ent_type_ != "PER" and phrase_token(doc[end]):
        end += 1
    name = ents_at.get(end)
    if name is not None and name.label_ == "PER" and cases_agree(title, name):
        return False
    before = adjectives_start(title) - 1
    return not (before > title.sent.start and doc[before].text == "," and doc[before - 1].ent_type_ == "PER")


def names_a_post(title: Token) -> bool:
    """«с избранием на пост главы Кубы», «на должность министра»: the post itself, not its holder."""
    return title.head.i < title.i and normal(title.head.lemma_) in words("post_words")


def serves_an_organisation(title: Token) -> bool:
    """«генсек альянса», «лидер партии»: a noun for the organisation in the genitive (``organisation_nouns``)."""
    return any(child.dep_ == "nmod" and normal(child.lemma_) in words("organisation_nouns") for child in title.children)


def specifiers(title: Token) -> list[str]:
    """The common nouns in the genitive that narrow a title down: «министр обороны»,
    «глава государства»; not a noun for the organisation itself («генсек альянса»,
    ``organisation_nouns``) nor a ministry, which makes the title a minister («глава
    французской дипломатии», ``ministry_words``)."""
    return [normal(child.text) for child in title.children
            if child.dep_ == "nmod" and child.pos_ == "NOUN" and not child.ent_type_ and case_of(child) == "Gen"
            and normal(child.lemma_) not in words("organisation_nouns") | table("ministry_words").keys()]


def leads_as(specifier: str, title: str) -> bool:
    """«глава государства» and a president, «глава правительства» and a chancellor (``leader_kinds``)."""
    return title in table("leader_kinds").get(specifier, "").split()


def ministry_posts(title: Token) -> frozenset[str]:
    """The words of the posts of the ministry a leader word heads: «глава американской
    дипломатии» is a minister of foreign affairs or the secretary of state
    (``ministry_words``); none for a ministry of any kind («глава ведомства»)."""
    ministry = ministry_of(title)
    posts = table("ministry_words").get(ministry, "") if ministry else ""
    return frozenset([ministry, *posts.split()]) if posts else frozenset()


def holder(title: Token, owner: str | Token | None, owned: Sequence[OwnedRole]) -> tuple[str, str | None] | None:
    """The person the descriptor ``title`` with ``owner`` stands for, of roles with their
    owners, and the owner they agree on. With an owner, the one person whose role fits,
    of those given a role before it if any are (a descriptor points back: «сербский
    лидер» before the premier is named is the president); without, the last one given
    the same post before it, else the only one given it anywhere (any leader's title for
    a leader of an organisation noun: «лидер партии»; the one leader of that kind for a
    kind of leader: «глава государства» with one president). A role fits only with
    the title's specifiers in it («министр обороны» is not «министр иностранных дел»), and
    the head of a named ministry only with its post («госсекретарь» for the head of
    diplomacy)."""
    lemma = descriptor_title(title)
    narrowing = specifiers(title)
    posts = ministry_posts(title)
    owned = [o for o in owned if all(word in o.words or leads_as(word, o.title) for word in narrowing)
             and (not posts or not posts.isdisjoint(o.words))]
    if owner is None:
        kind = any(leads_as(word, o.title) for word in narrowing for o in owned)
        agree = titles_agree if serves_an_organisation(title) or kind else same_office  # «лидер партии»: its chairman
        holders = [o.role for o in owned if agree(lemma, o.title) or o.title in posts]
        before = [role.person for role in holders if role.start <= title.idx]
        if before and not kind:
            return before[-1], None
        return (holders[0].person, None) if len({role.person for role in holders}) == 1 else None
    fits: dict[str, str | None] = {}
    before: dict[str, str | None] = {}
    for candidate in owned:
        if not (titles_agree(lemma, candidate.title) or candidate.title in posts):
            continue
        agrees, agreed = owner_agrees(owner, candidate)
        if not agrees:
            continue
        fits.setdefault(candidate.role.person, agreed)
        if candidate.role.start <= title.idx:
            before.setdefault(candidate.role.person, agreed)
    fits = before or fits
    return fits.popitem() if len(fits) == 1 else None


def group_owners(group: Token, ents_at: dict[int, Span]) -> list[str | Token]:
    """Whose a group is: the genitive names after it and those joined to them («делегации
    Молдавии и Румынии»), or the place adjectives before it («молдавская и румынская
    делегации»)."""
    owner = genitive_owner(group, ents_at)
    if owner is not None:
        joined = [ents_at.get(c.i) for c in phrase_root(owner).children if c.dep_ == "conj"]
        return [owner[0]._.actor, *(e[0]._.actor for e in joined if e is not None and e.label_ == owner.label_)]
    adjectives = [c for c in group.children if c.dep_ == "amod" and c.i < group.i]
    adjectives += [c for a in adjectives for c in a.children if c.dep_ == "conj" and c.pos_ == "ADJ"]
    return [a for a in sorted(adjectives, key=lambda a: a.i) if ADJECTIVE_SUFFIX.search(adjective_lemma(a))]


def group_head(group: Token, owner: str | Token, owned: Sequence[OwnedRole]) -> str | None:
    """The one person given the role of head («глава») of this group with this owner
    («глава молдавской делегации»)."""
    stem = normal(group.lemma_)[:-1]
    found = {candidate.role.person for candidate in owned
             if normal(candidate.role.title) == HEAD_TITLE and any(word.startswith(stem) for word in candidate.words)
             and owner_agrees(owner, candidate)[0]}
    return found.pop() if len(found) == 1 else None


def descriptor_phrase(title: Token, ents_at: dict[int, Span]) -> Span:
    """The descriptor with its adjectives and genitive owner or noun: «новый кубинский
    лидер», «глава Кубы», «глава молдавской делегации»."""
    owner = ents_at.get(title.i + 1)
    end = owner.end if owner is not None and owner.label_ != "PER" else title.i + 1
    nouns = [noun for noun in genitive_nouns(title) if noun.left_edge.i == end]
    if nouns and title.sent.start <= nouns[0].right_edge.i < title.sent.end:
        end = nouns[0].right_edge.i + 1
    start = adjectives_start(title)
    while start < title.i and normal(title.doc[start].lemma_) in words("pronominal_adjectives"):
        start += 1  # «сам венгерский премьер»: «венгерский премьер»
    return title.doc[start:end]


def resolve_descriptors(doc: Doc, roles: Sequence[Role]) -> list[Role]:
    """Set ``_.refers_to`` on each role word that stands for a person given a role in
    ``roles``; returns the roles the descriptors give, but none that ``roles`` have from
    the same sentence («назначил Сидорова министром») and none of a title's owner
    («пресс-секретарь президента Франции» is the press secretary's post), nor any of a
    visitor word (``guest_words``: «французского гостя»)."""
    if not roles:
        return []
    ents = doc.ents
    ents_at = {e.start: e for e in ents}
    starts = [e.start_char for e in ents]
    owned = [owned_role(role, ents, starts) for role in sorted(roles, key=lambda r: r.start)]
    known = {(r.person, normal(r.title), r.start) for r in roles}
    given = {(r.person, r.role) for r in roles}
    found = []
    for group in group_words(doc):
        group._.heads = tuple(dict.fromkeys(
            head for owner in group_owners(group, ents_at) if (head := group_head(group, owner, owned))))
    for token in title_words(doc):
        if (morph_values(token, "Number") == ["Plur"]  # «ирландские лидеры»: many
                or names_a_post(token) or not names_no_one(token, ents_at)):
            continue
        owner = owner_of(token, ents_at)
        fit = holder(token, owner, owned)
        if fit is None:
            continue
        person, org = fit
        token._.refers_to = person
        if (owner is not None and is_role_word(token) and not is_role_word(token.head)
                and (person, normal(token.lemma_), token.sent.start_char) not in known):
            role = role_record(person, descriptor_phrase(token, ents_at), ents)
            role.org = role.org or org
            if (role.person, role.role) not in given:
                given.add((role.person, role.role))
                found.append(role)
    return found


def title_words(doc: Doc) -> list[Token]:
    """The words that may stand for one person: role words and visitor words, in order."""
    guests = tokens_with_lemma(doc, normal_lemmas(doc), words("guest_words"))
    return sorted(role_word_tokens(doc) + guests, key=lambda t: t.i) if guests else role_word_tokens(doc)


def group_words(doc: Doc) -> list[Token]:
    """The nouns of groups that may stand for their heads (``led_groups``)."""
    return tokens_with_lemma(doc, normal_lemmas(doc), words("led_groups"))


def stand_ins(doc: Doc) -> dict[int, tuple[str, ...]]:
    """The people each token stands for, by position: ``Token._.refers_to`` of titles and
    visitor words, ``Token._.heads`` of group nouns (only those words are read)."""
    found = {}
    for token in title_words(doc):
        if token._.refers_to:
            found[token.i] = (token._.refers_to,)
    for group in group_words(doc):
        if group._.heads:
            found.setdefault(group.i, group._.heads)
    return found
