"""Roles from titles, appositions and predicates: «помощник президента РФ Олег Сидоров».

A role phrase is a role word followed by its modifiers (genitive nouns and
names, adjectives, «по/при/в/на …» phrases) standing right before a person's name and in
the same case, or set off after the name by a comma («Зуев, пресс-секретарь
президента»), or given to a person by a verb of taking a post (``role_verbs``): in
the instrumental («Зуева назначили министром», «Зуев стал министром») or in the
genitive after «пост» (``post_words``: «назначен на пост министра», also after a noun of
taking a post: «поздравил Сидорова с избранием на пост министра»), unless the verb is
negated, future or under a modal word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from kg.extract.entities import ents_within, is_role_word, misread_title
from kg.extract.lexicon import normal, normal_lemmas, table, tokens_with_lemma, words
from kg.extract.places import place_of
from kg.names import (OC_TO_UD_CASE, inflect_genitive, inflect_nominative, is_indeclinable, is_ordinal, known_reading,
                      noun_gender, oc_gender, restore_shape)
from kg.nlp import morph_value, morph_values
from kg.records import Role
from kg.resolve import in_nominative, title_beside

PHRASE_POS = {"NOUN", "PROPN", "ADJ", "DET", "ADP", "NUM"}
PHRASE_ADPOSITIONS = {"по", "при", "в", "во", "на", "от"}  # «депутат от «Единой России»», «сенатор от Огайо»
APPOSITION_MARKS = {",", "-", "–", "—"}
DASH_MARKS = APPOSITION_MARKS - {","}
HEAD_TITLE = "глава"
"""The title of whoever leads a group (``led_groups``)."""
PHRASE_QUOTES = {"«", "»", '"'}
ACTING_SIZES = (3, 2)  # words of the longest and shortest ``acting_phrases``
MAX_TITLE_WORDS = 9  # words a title's phrase runs to before the name it is of
MAX_TITLE_ADJECTIVES = 2  # adjectives before a title after a name («Зуев, бывший генеральный секретарь …»)


def case_of(token) -> str | None:
    case = morph_values(token, "Case")
    return case[0] if case else None


def title_case(title) -> str | None:
    """A title in its dictionary form is nominative whatever the tagger says («Замглавы»),
    unless it has one form for every case («врио губернатора Ивана Сомова»): then None;
    one the tagger misread (:func:`misread_title`) is in the case pymorphy3 reads."""
    if is_indeclinable(title.text):
        return None
    reading = misread_title(title)
    if reading is not None:
        return OC_TO_UD_CASE.get(str(reading.tag.case))
    return "Nom" if title.lower_ == normal(title.lemma_) else case_of(title)


def title_number(title) -> str | None:
    """The title's number, from pymorphy3 where the tagger misread the word (:func:`misread_title`)."""
    reading = misread_title(title)
    if reading is not None:
        return "Plur" if reading.tag.number == "plur" else "Sing"
    return morph_value(title, "Number")


def cases_agree(title, person: Span) -> bool:
    """The title and the name stand in one case; an indeclinable name («с министром Ван
    И») agrees with any, whatever the tagger guessed for it, and so does a name in the
    title's case that the tagger calls nominative (:func:`kg.resolve.title_beside`: «с
    председателем Национального собрания Вьетнама Чан Тхань Маном»)."""
    case = title_case(title)
    if case == "Nom":
        return in_nominative(person[-1])
    return (case is None or any(case_of(t) in (None, case) or is_indeclinable(t.text) for t in (person[0], person[-1]))
            or (all(case_of(t) in (None, "Nom") for t in person) and title_beside(person[0]) == case))


def starts_name(token) -> bool:
    """``token`` is the first word of a person's name."""
    return token.ent_type_ == "PER" and token.ent_iob_ == "B"


def phrase_token(token) -> bool:
    """A word of a role phrase; quotation marks too, around a name in it («гендиректор
    компании «Роснефть»»), «и» or a comma between two names in it («лидеры Донецкой и
    Луганской народных республик», «министры Франции, Германии и Польши»), and «и» between
    two genitives («министр иностранных дел и внешнеэкономических связей»)."""
    if token.pos_ == "ADP":  # or one inside a name («лидер партии «Альтернатива для Германии»»)
        return token.lower_ in PHRASE_ADPOSITIONS or token.ent_type_ in ("ORG", "LOC")
    if token.lower_ in ("и", ","):
        doc = token.doc
        if not 0 < token.i < len(doc) - 1:
            return False
        before, after = doc[token.i - 1], doc[token.i + 1]
        return (before.ent_type_ in ("LOC", "ORG") and after.ent_type_ in ("LOC", "ORG")) or (
            token.lower_ == "и" and before.pos_ == "NOUN" and after.pos_ in ("ADJ", "NOUN")
            and case_of(before) == case_of(after) == "Gen")  # «министр экономики и финансов»
    return token.text in PHRASE_QUOTES or token.pos_ in PHRASE_POS and not token.is_punct


def role_before(person: Span) -> Span | None:
    """The role phrase ending right before ``person``, if any."""
    doc = person.doc
    sentence = person.sent
    if person.end < sentence.end and starts_name(doc[person.end]):
        return None  # «зять Ивана Зуева Олег Сидоров»: the title is the next name's
    start = person.start
    while start > sentence.start and phrase_token(doc[start - 1]):
        start -= 1
    for i in range(start, person.start):
        token = doc[i]
        if not is_role_word(token):
            continue
        first = with_adjectives(token, start)
        begin = next((first - n for n in ACTING_SIZES if first - n >= sentence.start and is_acting(doc[first - n:first])), first)
        if cases_agree(doc[first - 2] if begin < first else token, person):  # «исполняющим обязанности губернатора X»
            if title_number(token) == "Plur" and not _opens_a_list(person):
                continue  # «представителей администрации Обамы»: many holders, not this one name
            if starts_name(token):
                continue  # a name of its own starts here (it ends before ``person``, an entity too)
            if i + 1 < person.start and _names_next(token, doc[i + 1]):
                continue  # «у министра Ивана Сомова в Риме Зуева»: the title is Сомов's
            end = next((j for j in range(i + 1, person.start) if is_honorific(doc[j], token, person.start)),
                       person.start)
            return doc[begin:end]
    return None


def is_honorific(word, title, name_start: int) -> bool:
    """«министр … Иордании принц Фейсал», «премьер-министр Катара шейх Мухаммед»: a common
    noun in the title's own case (not a genitive it governs) between it and the name, a
    title or rank of its own that ends the role; in the genitive too right between the
    title's owner and the name («президента ОАЭ шейха Мухаммеда»)."""
    if word.pos_ != "NOUN" or word.ent_type_ or word.text in PHRASE_QUOTES or case_of(word) != case_of(title):
        return False
    return case_of(word) != "Gen" or (word.i + 1 == name_start and word.doc[word.i - 1].ent_type_ in ("LOC", "ORG"))


def with_adjectives(title, floor: int) -> int:
    """Where the title's phrase starts with the adjectives before it, not before ``floor``:
    «российского лидера», «бывшего премьера»; not a word a preposition governs, which is
    no attribute («принял в Акорде делегацию»: a place the tagger calls an adjective)."""
    first = title.i
    while (first > floor and (word := title.doc[first - 1]).pos_ == "ADJ" and case_of(word) == case_of(title)
           and not any(c.dep_ == "case" for c in word.children)):
        first -= 1
    return first


def is_acting(tokens) -> bool:
    """«(временно) исполняющий обязанности», which makes the title after it an acting post (``acting_phrases``)."""
    return " ".join(normal(t.lemma_) for t in tokens) in words("acting_phrases")


def _opens_a_list(person: Span) -> bool:
    """Another name follows ``person`` after a comma or «и»: a plural title's holders."""
    doc = person.doc
    after = person.end
    return (after + 1 < person.sent.end and doc[after].lower_ in (",", "и")
            and starts_name(doc[after + 1]))


def listed_after(person: Span, people: dict[int, Span], titled: bool = False) -> list[Span]:
    """The names joined to ``person`` by commas and «и»: «Иван Сомов, Олег Сидоров и Джон Смит»;
    with ``titled``, each name may come with its own title («госсекретарь X и советник по
    нацбезопасности Y»)."""
    doc, listed, after = person.doc, [], person.end
    while after + 1 < person.sent.end and doc[after].lower_ in (",", "и"):
        name = after + 1
        if titled and name < person.sent.end and is_role_word(doc[name]):
            while name < person.sent.end and name not in people and phrase_token(doc[name]) and doc[name].text != ",":
                name += 1
        if name not in people:
            break
        listed.append(people[name])
        after = listed[-1].end
    return listed


def is_plural_title(phrase: Span) -> bool:
    head = next((t for t in phrase if is_role_word(t)), None)
    return head is not None and title_number(head) == "Plur"


def _names_next(title, token) -> bool:
    """``token`` starts a name in the title's case: the title's own, not a modifier of it
    («министра Ивана Сомова», against «зять Ивана Зуева»)."""
    return starts_name(token) and case_of(token) == title_case(title)


def role_after(person: Span) -> Span | None:
    """An appositive role after ``person`` and a comma or dash: «Зуев, пресс-секретарь
    президента,», «Сидорова — лидера партии», «Зуев, генеральный секретарь альянса,»."""
    doc = person.doc
    sent_end = person.sent.end
    if person.end + 1 >= sent_end or doc[person.end].text not in APPOSITION_MARKS:
        return None
    at = person.end + 1
    last = min(sent_end - 1, at + MAX_TITLE_ADJECTIVES)
    while at < last and doc[at].pos_ == "ADJ" and not is_role_word(doc[at]):
        at += 1
    head = doc[at]
    if (not is_role_word(head) or not cases_agree(head, person) or head.dep_.startswith("nsubj")
            or title_number(head) == "Plur"):
        return None  # «Как сообщил Зуев, лидеры обсудили …»: the subject of what he said
    end = at + 1
    while end < sent_end and phrase_token(doc[end]):
        if starts_name(doc[end]) and case_of(doc[end]) != "Gen":
            return None  # the title belongs to the next name in a list (a genitive one it governs)
        end += 1
    return doc[person.end + 1:end]


def holder_of(verb, people: dict[int, Span]) -> Span | None:
    """The person a verb gives a post: its object («назначил Зуева»), else its subject
    («Зуев назначен», «Зуев стал»); the name itself or one that the word names
    («назначил сенатора Зуева», «кандидатуру Зуева»); for a participle, the person it
    describes."""
    for deps in (("obj",), ("nsubj:pass", "nsubj")):
        for child in verb.children:
            if child.dep_ in deps:
                name = people.get(child.i) or next(
                    (people[t.i] for t in child.children if t.i in people and t.dep_ in ("appos", "nmod")), None
                )
                if name is not None:
                    return name
    if verb.dep_ == "acl" and morph_values(verb, "VerbForm") == ["Part"]:
        return people.get(verb.head.i)  # «Зуев, занимающий пост министра»: whom the participle describes
    return None


def is_former(verb) -> bool:
    """«занимавший пост министра», «работавший послом»: an active past participle tells of
    a post once held; a passive one («назначенный послом») of the post now held."""
    return morph_values(verb, "VerbForm") == ["Part"] and morph_values(verb, "Tense") == ["Past"] and (
        morph_values(verb, "Voice") == ["Act"])


def takes_effect(verb) -> bool:
    """Not negated, not future, not under a modal word («может стать», «не стал», «станет»)."""
    if morph_values(verb, "Tense") == ["Fut"] or normal(verb.head.lemma_) in words("modal_markers"):
        return False
    return not any(child.lower_ == "не" or (child.dep_ == "aux" and child.lower_.startswith("буд"))
                   for child in verb.children)


def predicative_roles(doc: Doc, ents: Sequence[Span]) -> Iterator[tuple[Span, Span]]:
    """(person, role phrase) pairs of roles that a verb gives (``role_verbs``, ``post_words``),
    or a noun of taking a post (``appointment_nouns``) does to its genitive name or to the
    object of its verb."""
    verbs, posts = words("role_verbs"), words("post_words")
    governors = tokens_with_lemma(doc, normal_lemmas(doc), verbs | posts)
    if not governors:
        return
    people = {t.i: e for e in ents if e.label_ == "PER" and e[0]._.actor for t in e}
    for governor in governors:
        post = normal(governor.lemma_) in posts
        verb = governor.head if post else governor
        appointment = post and verb.pos_ == "NOUN" and normal(verb.lemma_) in words("appointment_nouns")
        if appointment:  # «поздравил Сидорова с избранием на пост …», «назначение Сидорова на пост …»
            named = next((people[c.i] for c in verb.children if c.i in people and c.dep_ == "nmod"), None)
            if not takes_effect(verb.head):
                continue
        elif (verb.pos_ not in ("VERB", "AUX") or normal(verb.lemma_) not in verbs or not takes_effect(verb)
              or is_former(verb)):
            continue
        for token in governor.children:
            if (case_of(token) != ("Gen" if post else "Ins") or not is_role_word(token) or token.i in people
                    or names_a_record(token)):
                continue
            person = (named or holder_of(verb.head, people)) if appointment else holder_of(verb, people)
            if person is None:
                continue
            end = token.i + 1
            while end <= token.right_edge.i and end < token.sent.end and phrase_token(doc[end]):
                end += 1
            yield person, doc[with_adjectives(token, token.sent.start):end]  # «новым британским премьером стал»


def names_a_record(title) -> bool:
    """«стал первым лидером страны ЕС, посетившим Китай»: a title with an ordinal and a
    clause telling what was done first is a record, not a post («первым вице-премьером» is one)."""
    ordinal = any(c.dep_ == "amod" and is_ordinal(c.text) for c in title.children)
    return ordinal and any(c.dep_ in ("acl", "acl:relcl") for c in title.children)


def shared_owners(phrase: Span, ents: Sequence[Span]) -> list[Span]:
    """«президенты России и Белоруссии»: the names a plural title is followed by, nothing
    else but commas and «и» between them; each holder listed holds the title of one."""
    owners = [e for e in ents_within(ents, phrase) if e.label_ in ("LOC", "ORG")]
    head = next((t for t in phrase if is_role_word(t)), None)
    if len(owners) < 2 or head is None or owners[0].start <= head.i or owners[-1].end != phrase.end:
        return []
    between = [t for a, b in zip(owners, owners[1:]) for t in phrase.doc[a.end:b.start]]
    if not all(t.lower_ in (",", "и") for t in between):
        return []
    first = owners[0]
    if first.label_ == "ORG" and len(first) > 1 and all(o.label_ == "LOC" for o in owners[1:]) and is_place_word(first[-1]):
        owners[0] = Span(first.doc, first.end - 1, first.end, label="LOC")  # «глав МИД России и Турции»: the places
    return owners


def is_place_word(token) -> bool:
    """A word pymorphy3 knows first as a place name («России»)."""
    reading = known_reading(token.lower_)
    return reading is not None and "Geox" in reading.tag


def owner_genitive(owner: Span) -> str:
    """The words of a name a plural title shares out, as they stand after the title of one:
    «Донецкой [и Луганской народных республик]» → «Донецкой народной республики»."""
    shared = owner._.shared_head
    if shared is None:
        return owner.text
    tokens = [*owner, *shared]
    head = tokens[-1]
    gender = noun_gender(inflect_nominative(head.text, head.pos_, case_of(head), singular=True) or head.text, head.pos_)
    genitives = [inflect_genitive(t.text, "ADJ" if t is not head else t.pos_, case_of(t), gender) for t in tokens]
    return " ".join(restore_shape(form, t.text) if form else t.text for form, t in zip(genitives, tokens))


def role_record(person: str, phrase: Span, ents: Sequence[Span], owner: Span | None = None) -> Role:
    """The role ``phrase`` gives the actor ``person``; ``ents`` are the document's entities.
    Its organisation is the first name in the phrase, else the place of an adjective
    before its title («японский премьер»); with ``owner``, one of the names a plural
    title shares out (:func:`shared_owners`), the title of that one."""
    at = next((i for i, token in enumerate(phrase) if is_role_word(token)), 0)
    head = phrase[at]
    reading = misread_title(head)
    lemma = reading.normal_form if reading is not None else head.lemma_.lower()
    acting = next((n for n in ACTING_SIZES if n < len(phrase) and is_acting(phrase[:n])), 0)
    if acting:  # «исполняющим обязанности президента»: the participle declines, the post stays genitive
        participle = phrase[acting - 2]
        title = " ".join([*(t.text for t in phrase[:acting - 2]),
                          inflect_nominative(participle.text, "ADJ", morph_value(participle, "Case"), "masc")
                          or participle.text, phrase[acting - 1].text])
        rest = phrase[acting:].text
    else:
        plural = title_number(head) == "Plur"  # «министры X и Y»: each one's post is «министр»
        title = lemma if reading is not None else (
            inflect_nominative(head.text, head.pos_, morph_value(head, "Case"), singular=plural) or head.lemma_)
        gender = oc_gender(head) or (noun_gender(title, head.pos_) if plural else None)
        adjectives = [inflect_nominative(t.text, "ADJ", morph_value(t, "Case"), gender, singular=plural) or t.text
                      for t in phrase[:at]]
        title = " ".join([*adjectives, title])
        rest = phrase[at + 1:].text
        if owner is not None:  # «министры иностранных дел Франции и Германии»: «… дел» and one of them
            first = shared_owners(phrase, ents)[0].start
            rest = " ".join(filter(None, [phrase.doc[head.i + 1:first].text, owner_genitive(owner)]))
    org = owner[0]._.actor if owner is not None else (
        next((e._.actor for e in ents_within(ents, phrase)), None) or place_of(phrase[:at], ents))
    sent = phrase.sent
    return Role(
        person=person,
        role=f"{title.lower()} {rest}".strip(),
        title=lemma,
        org=org,
        evidence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
    )


def extract_roles(doc: Doc) -> list[Role]:
    """Each (person, role) once per article, from its first mention."""
    roles: dict[tuple[str, str], Role] = {}
    ents = doc.ents
    found: list[tuple[Span, Span, Span | None]] = []
    people = {e.start: e for e in ents if e.label_ == "PER" and e[0]._.actor}
    for person in people.values():
        before, after = role_before(person), role_after(person)
        if before is not None and after is None and is_plural_title(before):  # «министры X и Y»: each of them
            holders = [person, *listed_after(person, people)]
            owners = shared_owners(before, ents)
            if len(owners) != len(holders):
                owners = [None] * len(holders)
            found += [(holder, before, owner) for holder, owner in zip(holders, owners)]
        else:
            found += [(person, phrase, None) for phrase in (before, after) if phrase is not None]
    found += [(person, phrase, None) for person, phrase in predicative_roles(doc, ents)]
    for person, phrase, owner in found:
        role = role_record(person[0]._.actor, phrase, ents, owner)
        roles.setdefault((role.person, role.role.lower()), role)
    for role in group_heads(doc, ents):
        roles.setdefault((role.person, role.role), role)
    return list(roles.values())


def group_heads(doc: Doc, ents: Sequence[Span]) -> Iterator[Role]:
    """Heads of groups (``led_groups``): the subject of a verb of leading
    (``leading_verbs``: «молдавскую делегацию возглавил X», «российскую сторону
    представлял X») and the person after «во главе с» («делегация во главе с X»); the role
    is the verb's title and the group in the genitive («глава молдавской делегации»)."""
    lemmas = normal_lemmas(doc)
    groups = words("led_groups")
    titles = table("leading_verbs")
    people = {t.i: e for e in ents if e.label_ == "PER" and e[0]._.actor for t in e}
    for verb in tokens_with_lemma(doc, lemmas, titles.keys()):
        if verb.pos_ != "VERB" or not takes_effect(verb):
            continue
        group = group_before(verb) or next((c for c in verb.children if c.dep_ == "obj" and lemmas[c.i] in groups), None)
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] or subject_after(verb)
        if group is None or not subjects:
            continue
        title = titles[lemmas[verb.i]]
        if (person := named_by(subjects[0], people) or name_after(subjects[0], people)) is not None:
            yield head_role(person, group, ents, title=title)
            if title_number(subjects[0]) == "Plur" or morph_value(verb, "Number") == "Plur":
                # «представляли министры X, Y и Z», «делегации возглавили X и Y», «… X и советник Y»
                yield from (head_role(listed, group, ents, title=title) for listed in listed_after(person, people, True))
        for gapped in doc[max(group.i, subjects[0].i) + 1:verb.sent.end - 2]:  # «…, румынскую — министр X»
            if gapped.pos_ == "ADJ" and doc[gapped.i - 1].text == "," and doc[gapped.i + 1].text in DASH_MARKS:
                person = next((people[j] for j in range(gapped.i + 2, min(gapped.i + 7, verb.sent.end)) if j in people), None)
                if person is not None:
                    for holder in [person, *listed_after(person, people, True)]:
                        yield head_role(holder, group, ents, [gapped], title)
    for title in tokens_with_lemma(doc, lemmas, (HEAD_TITLE,)):  # «во главе с X»
        i = title.i
        if 0 < i < len(doc) - 2 and doc[i - 1].lower_ == "во" and doc[i + 1].lower_ in ("с", "со"):
            person = people.get(i + 2)
            group = next((t for t in reversed(doc[max(title.sent.start, i - 5):i - 1]) if lemmas[t.i] in groups), None)
            if person is not None and group is not None:
                yield head_role(person, group, ents)


def group_before(verb):
    """«…, европейскую сторону представляли …»: the group noun in the accusative just before
    the verb, in its clause (the parser may hang it on another verb)."""
    for token in reversed(verb.doc[verb.sent.start:verb.i]):
        if token.is_punct:
            return None
        if normal(token.lemma_) in words("led_groups") and case_of(token) == "Acc":
            return token
    return None


def subject_after(verb) -> list:
    """The nominative name or title right after the verb («возглавил глава МИД X»), where
    the parser hangs it on another verb."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    if following is not None and case_of(following) == "Nom" and (following.ent_type_ == "PER" or is_role_word(following)):
        return [following]
    return []


def name_after(title, people: dict[int, Span]) -> Span | None:
    """The first name after a title and its words, before any comma or verb («министры
    иностранных дел Литвы и Латвии X и Y»: X), where the parser hangs it elsewhere."""
    if not is_role_word(title):
        return None
    for token in title.doc[title.i + 1:min(title.sent.end, title.i + MAX_TITLE_WORDS)]:
        if token.i in people:
            return people[token.i]
        if token.is_punct or token.pos_ in ("VERB", "AUX"):
            return None
    return None


def named_by(token, people: dict[int, Span]) -> Span | None:
    """The name ``token`` is part of, or the name beside the title it is («помощник президента X»)."""
    return people.get(token.i) or next((people[c.i] for c in token.children if c.i in people and c.dep_ == "appos"), None)


def head_role(person: Span, group, ents: Sequence[Span], adjectives: list | None = None,
              title: str = HEAD_TITLE) -> Role:
    """``title`` («глава») of ``group`` for ``person``: with the group's adjectives and genitive
    dependents («молдавской делегации», «делегации Молдавии»), or with ``adjectives`` of
    another group of its kind instead («румынскую» of «…, румынскую — X»)."""
    doc = group.doc
    end = group.i + 1
    if adjectives is None:
        adjectives = list(doc[with_adjectives(group, group.sent.start):group.i])
        while end < group.sent.end and doc[end].dep_ == "nmod" and doc[end].head.i < end and case_of(doc[end]) == "Gen":
            end = doc[end].right_edge.i + 1
    dependents = doc[group.i + 1:end]
    gender = oc_gender(group)
    group_words = [inflect_genitive(t.text, "ADJ", case_of(t), gender) or t.text.lower() for t in adjectives]
    group_words.append(inflect_genitive(group.text, group.pos_, case_of(group)) or group.text.lower())
    sent = person.sent
    return Role(
        person=person[0]._.actor,
        role=" ".join([title, *group_words, dependents.text]).strip(),
        title=title,
        org=next((e._.actor for e in ents_within(ents, dependents)), None) or place_of(adjectives, ents),
        evidence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
    )
