"""Who a noun phrase names: an actor, an anonymous source, or a person by pronoun or title.

Speakers and meeting participants are often not named where they act: «он
добавил», «помощник президента ответил», «его встретил …». This module resolves
such phrases against the article's earlier mentions; a title goes to whom
:mod:`kg.extract.descriptors` found it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import QUOTES, has_preposition, is_role_word, phrase_root
from kg.extract.lexicon import normal, table, words
from kg.extract.places import place_of
from kg.extract.roles import case_of, title_case
from kg.nlp import morph_values
from kg.resolve import in_nominative

PERSONAL_PRONOUNS = {"он", "она", "они"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
SOURCE_TYPES = ("ORG", "PER", "LOC")  # whose statement or website a subjectless verb quotes
MAX_CLAUSE_CLIMB = 6  # heads climbed from an object pronoun to the subject it cannot be
SUBJECT_WINDOW = 2  # sentences before a pronoun's own where its subject antecedent is looked for
PHRASE_DEPTH = 2  # nouns above a word looked at for a preposition: «в интервью телеканалу ZDF»
PHRASE_WINDOW = 8  # words of an apposition between commas looked at for a name
MINISTRY_SENTENCES = 3  # the sentences, its own and the two before, where a bare «ведомство» finds its ministry
OUTLET_WINDOW = 120  # tokens after an organisation spoke within which a bare «издание» is that one
NOUN_DEPENDENTS = {"nmod", "appos", "flat", "flat:name", "flat:foreign", "iobj"}  # «интервью телеканалу»: iobj of a noun


@dataclass(frozen=True)
class Speaker:
    name: str | None  # canonical actor name, "anonymous", or None
    label: str | None = None  # the words naming an anonymous source


ANONYMOUS = "anonymous"


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, looking through conjoined verbs and gerunds to the clause's verb."""
    seen = set()
    while verb.i not in seen:
        seen.add(verb.i)
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return None


LEFT_BOUNDARIES = {"что", "а", "но", "однако", ":", ";", "«", "»", "“", "”", '"', "—", "–", "-", "как"}


def is_subject_candidate(token: Token) -> bool:
    """A nominative word that can name who speaks or acts."""
    if not in_nominative(token) or token.is_punct:
        return False
    if token._.actor and token.ent_type_ in ("PER", "ORG"):
        return True
    lemma = normal(token.lemma_)
    return (lemma in PERSONAL_PRONOUNS or lemma in words("anonymous_sources") or lemma in words("side_words")
            or lemma in words("outlet_words") or is_role_word(token) or one_of(token) is not None)


def one_of(token: Token) -> Token | None:
    """«один из участников встречи», «одна из собеседниц»: the source noun after «из» that
    «один» picks one of."""
    if normal(token.lemma_) != "один":
        return None
    return next((c for c in token.children if c.dep_ == "nmod" and any(g.lower_ == "из" for g in c.children)
                 and (normal(c.lemma_) in words("anonymous_sources") or is_role_word(c))), None)


def _coordinated_with(verb: Token) -> Token | None:
    """For «…, и отметил» the finite verb it is coordinated with, which carries the subject."""
    previous = [t for t in verb.doc[verb.sent.start:verb.i] if not t.is_punct and not t.is_space]
    if not previous or previous[-1].lower_ != "и":
        return None
    finite = [t for t in reversed(previous[:-1]) if t.pos_ == "VERB" and morph_values(t, "VerbForm") == ["Fin"]]
    speech = [t for t in finite if normal(t.lemma_) in words("speech_verbs")]
    return (speech or finite or [None])[0]


def _converb_of_speech(verb: Token) -> Token | None:
    """For «X добавил, что готов …, отметив, что …» the finite speech verb before a speech
    converb, whose subject it shares wherever the parser hangs it."""
    if morph_values(verb, "VerbForm") != ["Conv"]:
        return None
    return next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if t.pos_ == "VERB"
                 and morph_values(t, "VerbForm") == ["Fin"] and normal(t.lemma_) in words("speech_verbs")), None)


def speaker_head(verb: Token) -> Token | None:
    """Who does ``verb``: the nearest nominal to its left within the clause, else the first to its right.

    Word order is more reliable here than the parser, which often hangs a
    subject on the wrong one of two coordinated clauses.
    """
    coordinated = _coordinated_with(verb) or _converb_of_speech(verb)
    if coordinated is not None:
        return speaker_head(coordinated)
    if normal(verb.lemma_) in words("quoting_verbs"):
        quoted = quoted_person(verb)
        if quoted is not None:
            return quoted
    sentence = verb.sent
    if normal(verb.lemma_) in words("impersonal_speech_verbs"):
        return document_source(verb)
    after_comma = verb.i > sentence.start and verb.doc[verb.i - 1].text in (",", "—", "–")
    left = [] if after_comma else verb.doc[sentence.start:verb.i]  # «…, заявил Зуев»: the speaker follows
    for token in reversed(list(left)):
        if token.lower_ in LEFT_BOUNDARIES:
            break
        if is_subject_candidate(token) and not in_prepositional_phrase(token):
            return _owner_noun(token)
    right = []
    for token in verb.doc[verb.i + 1:sentence.end]:
        if token.is_punct and not token.ent_type_ and token.text not in QUOTES:  # «в эфире телеканала «Россия 1» X»
            break
        if (is_subject_candidate(token) and not in_prepositional_phrase(token)  # «написал в соцсети X»
                and not told_to(token)):
            right.append(token)
    people = [t for t in right if t.ent_type_ != "ORG" and normal(t.lemma_) not in words("outlet_words")]
    named = [t for t in right if t.ent_type_ == "ORG"]  # «передает агентство «Молдпресс»»: the name
    found = (people or named or right or [None])[0]
    if found is not None and not agrees_in_number(found, verb):
        found = None  # «рассказали ТАСС в министерстве»: a singular noun is no plural verb's subject
    return _owner_noun(found) if found is not None else subject_of(verb) or speaking_institution(verb)


def speaking_institution(verb: Token) -> Token | None:
    """«В МИД Франции заявили», «сообщили в Минобороны», «в пресс-службе президента
    сообщили»: a plural verb with no subject speaks for the organisation it is said in; not
    for a place («в Париже заявили»), which may be only where it was said."""
    if morph_values(verb, "Number") != ["Plur"]:
        return None
    return next((child for child in verb.children if child.dep_ == "obl" and has_preposition(child, ("в", "во"))
                 and (child.ent_type_ == "ORG" and child._.actor or normal(child.lemma_) in words("institution_parts")
                      or stands_for_an_institution(child))),
                None)


def stands_for_an_institution(token: Token) -> bool:
    """A bare noun for the ministry named before (``anaphoric_institutions``: «в ведомстве»,
    not «в ведомстве Лаврова», which names its own)."""
    return (normal(token.lemma_) in words("anaphoric_institutions") and not token.ent_type_
            and not any(c.dep_ not in ("punct", "case") for c in token.children))


def told_to(token: Token) -> bool:
    """«рассказал CNN», «сообщили РИА Новости»: whom it was told (the indirect object, or a
    name in apposition to it), not who told it."""
    while token.dep_ in ("appos", "flat", "flat:name", "flat:foreign") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "iobj"


def agrees_in_number(subject: Token, verb: Token) -> bool:
    """A subject after a plural verb is plural, or the first of several coordinated."""
    if morph_values(verb, "Number") != ["Plur"] or morph_values(subject, "Number") != ["Sing"]:
        return True
    return any(c.dep_ == "conj" for c in subject.children)


def names_the_subject(person: Span) -> bool:
    """A person named in the nominative as a subject, or beside the title that is one
    («Министр Иван Сомов выступил»)."""
    root = phrase_root(person)
    subject = root.dep_ in SUBJECT_DEPS or root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS
    return person.label_ == "PER" and bool(person[0]._.actor) and subject and in_nominative(person[0])


def in_prepositional_phrase(token: Token) -> bool:
    """«в интервью CNN», «по данным Bloomberg», «в интервью телеканалу ZDF»: a word after a
    preposition, or a dependent of nouns before it the first of which follows one, names no
    subject; a name's later words are looked at from its first («газете Financial Times»)."""
    while token.dep_.startswith("flat") and token.head.i < token.i:
        token = token.head
    if misplaced_name(token):
        return False
    for depth in range(PHRASE_DEPTH):
        if any(c.dep_ == "case" for c in token.children):
            return True
        head = token.head
        if head.i >= token.i or head.pos_ not in ("NOUN", "PROPN") or (depth and token.dep_ not in NOUN_DEPENDENTS):
            return False
        token = head
    return any(c.dep_ == "case" for c in token.children)


def misplaced_name(token: Token) -> bool:
    """«В соцсети X Иван Петров написал»: a name in the nominative the parser hangs in
    apposition on a common noun in another case, which it cannot stand beside (a title's
    name may be tagged nominative in any case: «с министром Дун Цзюнем»)."""
    head = token.head
    return (token.ent_type_ == "PER" and token.dep_ == "appos" and morph_values(token, "Case") == ["Nom"]
            and head.pos_ == "NOUN" and not is_role_word(head) and morph_values(head, "Case") not in ([], ["Nom"]))


def document_source(verb: Token) -> Token | None:
    """Whose document a subjectless verb quotes: «говорится в заявлении МИД Франции, что»,
    «В заявлении МИД Франции говорится, что» (the «в …» phrase opening the clause), or a
    title standing for a person («в заявлении египетского президента»), not a name in the
    words reported («как сообщается, X провёл …»)."""
    doc, sentence = verb.doc, verb.sent
    for token in doc[verb.i + 1:sentence.end]:
        if token.is_punct:
            break
        if _is_source(token):
            return token
    start = verb.i
    while start > sentence.start and not doc[start - 1].is_punct:
        start -= 1
    if start < verb.i and doc[start].lower_ in ("в", "во"):
        return next((t for t in doc[start:verb.i] if _is_source(t)), None)
    return None


def _is_source(token: Token) -> bool:
    """A named person, organisation or country, or a title that stands for a person (``Token._.refers_to``)."""
    return bool(token.ent_type_ in SOURCE_TYPES and token._.actor or token._.refers_to or stands_for_an_institution(token))


def quoted_person(verb: Token) -> Token | None:
    """«— цитирует Ивана Сомова агентство», «цитирует министра Ивана Сомова», «приводит
    агентство слова Ивана Сомова», «цитирует его агентство»: the person quoted, the object
    (or the name beside a title that is the object, or the owner of the words quoted),
    speaks."""
    for child in verb.children:
        if child.dep_ != "obj":
            continue
        if child.ent_type_ == "PER" and child._.actor or child._.refers_to:  # «цитирует РБК белорусского лидера»
            return child
        if child.pos_ == "PRON" and normal(child.text) in ("его", "ее"):  # resolved as a pronoun speaker
            return child
        if normal(child.lemma_) in words("quoted_words"):  # «слова Ивана Сомова», «слова министра Ивана Сомова»
            owner = next((c for c in child.children if c.dep_ == "nmod" and (c.ent_type_ == "PER" and c._.actor
                                                                             or c._.refers_to)), None)
            return owner or next((name for c in child.children if c.dep_ == "nmod"
                                  if (name := named_beside(c)) is not None), None)
        return named_beside(child)
    for token in verb.doc[verb.i + 1:verb.sent.end]:  # the parser may take the object for a subject
        if token.is_punct:
            break
        if token.ent_type_ == "PER" and token._.actor and not in_nominative(token):
            return token
    return None


def named_beside(title: Token) -> Token | None:
    """The name in apposition to a title («министра … Ивана Сомова»)."""
    return next((c for c in title.children if c.dep_ == "appos" and c.ent_type_ == "PER" and c._.actor), None)


def _owner_noun(token: Token) -> Token:
    """«Источник Bloomberg сообщил»: an organisation after an unnamed source is whose source it is."""
    if token.ent_type_ != "ORG":
        return token
    start = token
    while start.i > start.sent.start and start.doc[start.i - 1].ent_type_ == "ORG" and start.ent_iob_ != "B":
        start = start.doc[start.i - 1]
    before = start.doc[start.i - 1] if start.i > start.sent.start else None
    if before is not None and (normal(before.lemma_) in words("anonymous_sources") or is_role_word(before)):
        return before
    return token


def comma_after(head: Token) -> int | None:
    """Where the first comma after a word stands in its sentence."""
    return next((t.i for t in head.doc[head.i + 1:head.sent.end] if t.text == ","), None)


def name_between_commas(head: Token) -> str | None:
    """«один из участников встречи, отставной генерал X, …»: the person named in the
    apposition between commas right after the phrase, with no verb in it."""
    doc, end = head.doc, head.sent.end
    after = comma_after(head)
    if after is None:
        return None
    named = None
    for token in doc[after + 1:min(end, after + 2 + PHRASE_WINDOW)]:
        if token.text == ",":
            return named
        if token.pos_ in ("VERB", "AUX"):
            return None
        if named is None and token.ent_type_ == "PER" and token._.actor and in_nominative(token):
            named = token._.actor
    return None


def institution_owner(part: Token) -> Token | None:
    """Whose press service or website speaks: the named actor or title right after the
    part («пресс-служба Елисейского дворца»), or its genitive dependent («пресс-служба японского МИД»)."""
    doc = part.doc
    after = [doc[part.i + 1]] if part.i + 1 < part.sent.end else []
    for token in after + [c for c in part.children if c.dep_ == "nmod" and c.i > part.i]:
        if token._.refers_to or token.ent_type_ and token._.actor:
            return token
    return None


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without clauses or lists after it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in ("conj", "cc", "punct", "acl", "acl:relcl", "parataxis"):
            continue
        tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def named_person(head: Token) -> str | None:
    """The name in a subject phrase: the head's own name, or the name right after a title in
    the nominative or the title's case.

    «зять Ивана Зуева Олег Сидоров» is Sidorov: genitive names belong to the title.
    """
    if head._.actor and head.ent_type_ in ("PER", "ORG"):
        return head._.actor
    if not is_role_word(head) and normal(head.lemma_) not in words("anonymous_sources"):
        return None
    oblique = title_case(head) not in (None, "Nom")
    for token in head.doc[head.i + 1:min(head.sent.end, head.i + 8)]:
        if token.is_punct or token.pos_ == "VERB":
            break
        if token._.actor and token.ent_type_ == "PER" and (
            in_nominative(token) or oblique and case_of(token) == title_case(head)
        ):
            return token._.actor  # «По мнению министра Олега Сидорова»: the title's own case
    return None


def clause_subject(token: Token) -> set[int]:
    """The subject of the nearest clause above ``token`` that has one, with the name beside
    a title subject («Президент Кореи Юн …»)."""
    head = token.head
    for _ in range(MAX_CLAUSE_CLIMB):
        subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return {i for c in subjects for i in (c.i, *(a.i for a in c.children if a.dep_ == "appos"))}
        if head.head.i == head.i:
            break
        head = head.head
    return set()


class SpeakerResolver:
    """Resolves speakers in document order, remembering the person who spoke last (for
    a pronoun or «политик» after them), not an organisation or country."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents = doc.ents  # Doc.ents builds new Spans on every access
        self.last_speaker: tuple[int, Speaker] | None = None
        self.last_outlet: tuple[int, Speaker] | None = None  # the organisation that spoke last

    def resolve(self, head: Token | None) -> Speaker | None:
        if head is None:
            return None
        speaker = self._resolve(head)
        if speaker is None or speaker.name is None:
            return speaker
        if head.ent_type_ == "ORG":
            self.last_outlet = (head.i, speaker)
        elif head.ent_type_ != "LOC" and normal(head.lemma_) not in words("side_words"):
            self.last_speaker = (head.sent.start, speaker)  # «…, передает агентство. По его словам»: a person
        return speaker

    def _resolve(self, head: Token) -> Speaker | None:
        name = named_person(head)
        if name:
            return Speaker(name)
        if head._.actor and head.ent_type_ == "LOC":  # a country or seat of power that speaks («Норвегия заявила»)
            return Speaker(head._.actor)
        lemma = normal(head.lemma_)
        if lemma in PERSONAL_PRONOUNS or head.pos_ == "PRON" and normal(head.text) in ("его", "ее", "их"):
            return self.pronoun(head)
        if head._.refers_to:  # «французский министр заявил» (kg.extract.descriptors)
            return Speaker(head._.refers_to)
        if (lemma in words("anaphoric_sources") and morph_values(head, "Number") != ["Plur"]
                and not any(c.dep_ != "punct" for c in head.children)):
            last = self.recent_speaker(head)
            if last is not None:
                return last
        if lemma in words("side_words"):  # «власти Эквадора», «китайская сторона» (a country the article names)
            owner = institution_owner(head)
            place = owner._.actor if owner is not None and owner.ent_type_ == "LOC" else place_of(
                [c for c in head.children if c.dep_ == "amod"], self.ents)
            return Speaker(place) if place else None
        if lemma in words("outlet_words") and not any(c.dep_ != "punct" for c in head.children):
            return self.recent_outlet(head)  # «Издание отмечает»: the outlet that spoke just before
        if stands_for_an_institution(head):
            return self.recent_ministry(head)  # «В ведомстве уточнили»: the ministry named just before
        owner = institution_owner(head) if lemma in words("institution_parts") else None
        if owner is not None:
            return Speaker(owner._.refers_to or owner._.actor)  # «пресс-служба Елисейского дворца сообщила»
        one = one_of(head) is not None
        if one and (named := name_between_commas(head)) is not None:
            return Speaker(named)  # «один из участников, генерал X, …»
        if one or lemma in words("anonymous_sources") or is_role_word(head):
            return Speaker(ANONYMOUS, " ".join(t.text for t in phrase_tokens(head)))
        return None

    def recent_outlet(self, token: Token) -> Speaker | None:
        if self.last_outlet is not None and token.i - self.last_outlet[0] < OUTLET_WINDOW:
            return self.last_outlet[1]
        return None

    def recent_ministry(self, token: Token) -> Speaker | None:
        """The last ministry (an organisation with a word of ``ministry_words`` in its name)
        named in this sentence before ``token`` or in the two before it."""
        sentence = token.sent
        first = sentence.start
        for _ in range(MINISTRY_SENTENCES - 1):
            if first > 0:
                first = self.doc[first - 1].sent.start
        ministries = [e for e in self.ents if e.label_ == "ORG" and first <= e.start < token.i and e[0]._.actor
                      and any(normal(t.lemma_) in table("ministry_words") for t in e)]
        return Speaker(ministries[-1][0]._.actor) if ministries else None

    def recent_speaker(self, token: Token) -> Speaker | None:
        """The person named as speaker in this sentence or the one before, else the one
        person the sentence before has as its subject («X выступил против … — написал политик»)."""
        before = self.doc[token.sent.start - 1].sent if token.sent.start > 0 else None
        if self.last_speaker is not None:
            sentence_start, speaker = self.last_speaker
            if speaker.name != ANONYMOUS and sentence_start in (token.sent.start, before.start if before else None):
                return speaker
        if before is None:
            return None
        subjects = {e[0]._.actor for e in before.ents if names_the_subject(e)}
        return Speaker(subjects.pop()) if len(subjects) == 1 else None

    def pronoun(self, token: Token) -> Speaker | None:
        """The last speaker of the last few sentences, unless a sentence since has one other
        person as its subject («X сказал … Y поблагодарил … По его словам»: Y); else the
        last person named."""
        if self.last_speaker is not None:
            sentence_start, speaker = self.last_speaker
            if token.sent.start - sentence_start < 120:
                subject = self.subject_since(sentence_start, token)
                return Speaker(subject) if subject and subject != speaker.name else speaker
        person = self.last_person(token)
        return Speaker(person) if person else None

    def subject_since(self, sentence_start: int, token: Token) -> str | None:
        """The person last named as a lone subject after the sentence starting at
        ``sentence_start`` and before ``token``'s own, of the pronoun's gender."""
        gender = morph_values(token, "Gender")
        after = self.doc[sentence_start].sent.end
        for ent in reversed(self.ents):
            if ent.start < after:
                return None
            if ent.end > token.sent.start or not names_the_subject(ent):
                continue
            named = morph_values(ent[-1], "Gender")
            listed = any(c.dep_ == "conj" for c in phrase_root(ent).children)
            if not listed and not (gender and named and named != gender):
                return ent[0]._.actor
        return None

    def last_person(self, token: Token) -> str | None:
        """The person a pronoun most likely refers to: the last one named as a subject (in
        the nominative) in this or the previous sentences, else the last one named.

        «Зуев убедил Иванова… Позже он …»: a subject pronoun continues the subject. An
        object is never the subject of its clause («Y встретился с ним», «Y не уверен в
        возможности встречи с ним»: not Y; Y's own is «себя», «свой»)."""
        gender = morph_values(token, "Gender")
        own_subjects = clause_subject(token) if token.dep_ in ("obj", "iobj", "obl", "nmod") else set()
        window = token.sent.start
        for _ in range(SUBJECT_WINDOW):
            if window == 0:
                break
            window = self.doc[window - 1].sent.start
        latest = None
        for ent in reversed(self.ents):
            if ent.end > token.i or ent.label_ != "PER" or not ent[0]._.actor:
                continue
            if gender and morph_values(ent[-1], "Gender") not in ([], gender):
                continue
            if any(t.i in own_subjects for t in ent):
                continue
            if ent.start < window:
                return latest or ent[0]._.actor
            if in_nominative(ent[0]):
                return ent[0]._.actor
            latest = latest or ent[0]._.actor
        return latest
