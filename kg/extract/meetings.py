"""Meetings: talks, visits, meetings and calls, who attended, where and when.

A sentence reports a meeting when it holds a meeting word (``meeting_words``;
one of ``hosting_verbs`` only with a person as its object: «принял посла») that
is not planned, possible or denied (``modal_markers``, future tense, a negated
occurrence verb, also in a relative clause on the meeting noun or in the verb
it is the subject of; an infinitive's aim: «пригласил посетить»). Its attendees
are the people the sentence puts into it: subjects, «с + instrumental»,
genitives of the meeting noun or of «в составе», the person a meeting participle
describes («X, посетивший Рим»), objects of «встретить», «он»/«они» resolved to
the people just named (or «они» to the speaker who reports a meeting «с X»), a
title («президент Франции») the article gave one named person only, and a speaker
who spoke at the meeting («заявил на встрече с X»). Its place is a name after
«в»/«на»; its date is resolved against the article date. Mentions of one meeting in an article are
merged: the same place, or a mention naming no place joining the meeting of its
kind just reported, unless told at another time («Ранее X провёл встречу с Y»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.dates import find_date, find_period, shift_day
from kg.extract.descriptors import adjectives_start, stand_ins
from kg.extract.entities import QUOTES, ents_within, has_preposition, is_agent, is_role_word, phrase_root
from kg.extract.lexicon import is_relative, lower_forms, normal, normal_lemmas, table, tokens_with_lemma, words
from kg.extract.roles import case_of, group_heads, role_before, title_case
from kg.extract.speakers import PERSONAL_PRONOUNS, SpeakerResolver, speaker_head
from kg.extract.statements import according_lemmas, is_according_to, is_speech_verb, speech_lemmas
from kg.names import is_indeclinable, is_ordinal, known_reading
from kg.nlp import morph_values
from kg.records import Meeting, Role
from kg.resolve import dates_compatible, in_nominative, title_beside

GAP_DASHES = {"—", "–"}
CLAUSE_BOUNDARIES = {",", ";", ":", "что", "когда", *GAP_DASHES}
ANNIVERSARY = re.compile(r"летие$|лети[яюи]$|летием$")
"""«30-летию», «столетие»: the forms of an anniversary noun (the lemmatizer leaves numbered ones alone)."""
LIST_LINKS = {"и", ",", "а", "также"}
CALL, VISIT = "call", "visit"
"""Kinds of ``meeting_words`` the rules name."""
PARTNER_PREPOSITIONS = ("с", "со", "между")
"""Before the partners of a meeting, in the instrumental: «встреча с X», «переговоры между X и Y»."""
PLACE_PREPOSITIONS = ("в", "во", "на")
"""Before where something is or happens: «в резиденции», «на саммите»."""
PERSON_OBJECTS = {"его", "ее", "их", "него", "нее", "них"}
"""Personal pronouns as a verb's object: «его принял X»."""
MAX_NOUN_CHAIN = 3
"""Nouns between a meeting noun and the verb whose object holds it: «опровергли сообщения о встрече»."""


@dataclass
class Mention:
    """One sentence's report of a meeting."""

    sentence: Span
    kinds: set[str]
    participants: list[str] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    date: str | None = None
    counted: bool = False
    """Told by its number in a series («третий визит X в Италию с начала года»)."""
    apart: bool = False
    """Told as at another time than the meeting before it («Ранее X провёл встречу с Y»)."""
    during: bool = False
    """Named as what something happened in the course of («В ходе встречи они обсудили …»)."""
    in_visit: bool = False
    """Told as held in the course of a visit («В ходе визита X провёл переговоры с Y»)."""
    joining: bool = False
    """Told as who else was there («Во встрече также принял участие X», ``names_the_told_meeting``)."""
    partners: list[str] = field(default_factory=list)
    """The participants after «с» («X провёл беседу с Y»: Y)."""


def meeting_kind(token: Token) -> str | None:
    return table("meeting_words").get(normal(token.lemma_))


def clause_of(token: Token) -> list[Token]:
    """The tokens of the clause around ``token``: between commas, colons and «что»."""
    sentence, lower = token.sent, lower_forms(token.doc)
    start, end = token.i, token.i
    while start > sentence.start and lower[start - 1] not in CLAUSE_BOUNDARIES:
        start -= 1
    while end < sentence.end - 1 and lower[end + 1] not in CLAUSE_BOUNDARIES:
        end += 1
    return list(token.doc[start:end + 1])


def _segment_is_phrase(tokens: list[Token]) -> bool:
    """A comma-separated piece with no verb of its own: a list item or an apposition."""
    return bool(tokens) and not any(
        morph_values(t, "VerbForm") == ["Fin"] or t.lower_ in CLAUSE_BOUNDARIES - {","} or is_relative(t)
        for t in tokens
    )


def extended_clause(trigger: Token) -> list[Token]:
    """The trigger's clause and the verbless comma pieces around it («X, Y и Z участвовали»),
    a dash standing for its verb after one («С российской стороны участвовал X, с
    американской — Y»), a list it opens running on past a comma («встреча министров
    Молдавии, Румынии и Австрии прошла в Риме»), and the subject a converb shares with
    its verb («Встретившись с Y, X заявил …»)."""
    clause = clause_of(trigger)
    doc, sentence = trigger.doc, trigger.sent
    while clause[0].i - 1 > sentence.start and doc[clause[0].i - 1].text == ",":
        previous = clause_of(doc[clause[0].i - 2])
        if is_aside(previous) and previous[0].i - 1 > sentence.start and doc[previous[0].i - 1].text == ",":
            previous = clause_of(doc[previous[0].i - 2])  # «Зуев, как сообщается, провёл …»: past the aside
        if not _segment_is_phrase(previous):
            break
        clause = previous + [doc[clause[0].i - 1]] + clause
    while clause[-1].i + 2 < sentence.end and doc[clause[-1].i + 1].text == ",":
        following = clause_of(doc[clause[-1].i + 2])
        continues = following[0].dep_ == "conj" and following[0].head in clause  # «… Румынии и Австрии прошла в Риме»
        if not (continues or _segment_is_phrase(following)):
            break
        clause = clause + [doc[clause[-1].i + 1]] + following
        dash = clause[-1].i + 1
        if dash + 1 < sentence.end and doc[dash].text in GAP_DASHES and _segment_is_phrase(gapped := clause_of(doc[dash + 1])):
            clause = clause + [doc[dash]] + gapped  # «…, с американской — X»: the verb left out is the clause's
    if is_converb(trigger):
        subject = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            clause = clause + [t for t in subject.subtree if t not in clause]
    return clause + [t for t in where_antecedent(clause) if t not in clause]


def where_antecedent(clause: list[Token]) -> list[Token]:
    """«X находился в Анкаре, где провёл переговоры с Y»: for a clause opened by «где» on a
    place, the place's phrase, and the subject of the clause it is in when the «где»
    clause has none of its own (else «…, где встретились министры» would take X in): of
    the verb the place hangs on, through the nouns between («X принял участие в заседании
    в Брюсселе, где …»)."""
    first = clause[0]
    verb, place = first.head, first.head.head
    if (first.lower_ != "где" or first.i == first.sent.start or first.doc[first.i - 1].text != ","
            or verb.dep_ != "acl:relcl" or place.ent_type_ != "LOC" or place.i >= first.i):
        return []
    found = [t for t in place.subtree if t.i < first.i - 1]
    if not any(c.dep_.startswith("nsubj") for c in verb.children):
        head, steps = place.head, 0
        while head.pos_ == "NOUN" and head.head.i != head.i and steps < MAX_NOUN_CHAIN:
            head, steps = head.head, steps + 1
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        found += list(subject.subtree) if subject is not None and subject.i < place.i else []
    return found


def is_converb(token: Token) -> bool:
    """«встретившись»: an adverbial participle, sharing the subject of the verb it hangs on."""
    return token.dep_ == "advcl" and morph_values(token, "VerbForm") == ["Conv"]


def is_aside(tokens: list[Token]) -> bool:
    """«как сообщается», «как отмечается»: a source put between commas, no clause of the meeting."""
    return (len(tokens) == 2 and tokens[0].lower_ == "как"
            and normal(tokens[1].lemma_) in words("impersonal_speech_verbs"))


def describing_clause(trigger: Token) -> list[Token]:
    """«визит X, который был запланирован …»: a relative clause agreeing with the meeting noun."""
    doc, end = trigger.doc, clause_of(trigger)[-1].i
    if trigger.pos_ != "NOUN" or end + 2 >= trigger.sent.end or doc[end + 1].text != ",":
        return []
    relative = doc[end + 2]
    agrees = all(morph_values(relative, f) == morph_values(trigger, f) for f in ("Number", "Gender"))
    return clause_of(relative) if is_relative(relative) and agrees else []


def predicate_of(trigger: Token) -> list[Token]:
    """«визит …, скорее всего, не состоится»: the verb the meeting noun is the subject of."""
    return [trigger.head] if trigger.dep_.startswith("nsubj") and trigger.head.pos_ == "VERB" else []


def object_of(name: Token) -> Token | None:
    """The verb whose direct object a name is, itself or through its title («принял посла
    Ивана Зуева»); also an animate genitive the parser hangs on the place before it, of a
    verb with no object of its own («принял в Овальном кабинете президента X»: an animate
    accusative has the genitive's form), or on a place in that place («принял в резиденции
    на Кутузовском проспекте президента X»)."""
    if name.dep_ in ("appos", "flat:name") and name.head.dep_ in ("obj", "nmod"):
        name = name.head
    if name.dep_ == "obj":
        return name.head
    place = name.head
    while place.dep_ == "nmod" and has_preposition(place, PLACE_PREPOSITIONS) and place.head is not place:
        place = place.head
    if (name.dep_ == "nmod" and case_of(name) == "Gen" and morph_values(name, "Animacy") == ["Anim"]
            and place.dep_ == "obl" and has_preposition(place, PLACE_PREPOSITIONS) and place.head.pos_ == "VERB"
            and not any(c.dep_ == "obj" for c in place.head.children)):
        return place.head
    return None


def hosts_person(verb: Token) -> bool:
    """«принял в резиденции посла Ивана Сомова», «принял французского гостя», «принял
    делегацию во главе с X», «его принял X», «принял генерального директора МАГАТЭ»: a
    person (or a title, standing for one, kg.extract.descriptors, or not, or a personal
    pronoun) or a group of people (``led_groups``) as the verb's object, in its clause."""
    return any(
        (t.ent_type_ == "PER" or t._.refers_to or is_role_word(t) or normal(t.lemma_) in words("led_groups"))
        and (object_of(t) == verb or t.i > verb.i and case_of(t) == "Acc")  # «Ивана Зуева принял X»: before it too
        for t in clause_of(verb)
    ) or any(is_person_phrase(c) for c in verb.children if c.dep_ == "nsubj:pass") or any(  # «X был принят в МИД»
        c.dep_ == "obj" and c.pos_ == "PRON" and normal(c.text) in PERSON_OBJECTS for c in verb.children)  # «его принял X»


def admits(verb: Token) -> bool:
    """«приняли в партию», «принят на работу», «принял в свои ряды»: where «в»/«на» take the
    accusative, the verb admits someone into something. A meeting's place is prepositional
    (an abbreviation, which does not decline, may be tagged either: «принят в МИД»), and
    its day may be accusative («во вторник», «на следующий день»), and so may a named place
    the tagger does not know («принял в Акорде»: one is admitted into a body, not a place)."""
    return any(c.dep_ == "obl" and has_preposition(c, PLACE_PREPOSITIONS) and case_of(c) == "Acc"
               and not c.text.isupper() and c.ent_type_ != "LOC" and c.lower_ not in table("weekdays")
               and normal(c.lemma_) not in words("time_nouns") for c in verb.children)


def is_person_phrase(head: Token) -> bool:
    """A name, a title standing for a person, or a title with a name beside it."""
    return bool(head.ent_type_ == "PER" or head._.refers_to
                or any(c.dep_ == "appos" and c.ent_type_ == "PER" for c in head.children))


def hosted_by(person: Span) -> bool:
    """«X был принят заместителем министра Y», «X был встречен Y»: the agent of a passive
    hosting or meeting verb, itself or through the title beside it, or an instrumental
    name with no preposition in that verb's clause, where the parser hangs it elsewhere
    («был встречен в аэропорту Мюнхена Олегом Зуевым»: on «Мюнхена»)."""
    root = phrase_root(person)
    if root.dep_ == "appos":
        root = root.head
    if is_agent(root) and hosts_or_meets(root.head):
        return True
    return (person.start == 0 or person.doc[person.start - 1].pos_ != "ADP") and any(
        t.pos_ == "VERB" and morph_values(t, "Voice") == ["Pass"] and hosts_or_meets(t) for t in clause_of(person[0]))


def hosts_or_meets(verb: Token) -> bool:
    """A verb of receiving («принять») or of meeting («встретить»)."""
    return normal(verb.lemma_) in words("hosting_verbs") or (verb.pos_ == "VERB" and meeting_kind(verb) is not None)


def is_remembered(trigger: Token) -> bool:
    """«к 30-летию встречи в Женеве», «в годовщину исторической встречи»: a past meeting
    being commemorated. The anniversary word governs the meeting word or, where the parser
    hangs it elsewhere, stands right before it and its adjectives."""
    before = trigger.i - 1
    while before >= trigger.sent.start and trigger.doc[before].pos_ in ("ADJ", "DET"):
        before -= 1
    governors = [trigger.head] if trigger.dep_ == "nmod" else []
    if before >= trigger.sent.start:
        governors.append(trigger.doc[before])
    return any(
        t.pos_ == "NOUN" and (normal(t.lemma_) in words("commemoration_words") or ANNIVERSARY.search(t.lower_) is not None)
        for t in governors
    )


def joins_a_meeting(word: Token) -> bool:
    """«участвовал в переговорах», «в заседании», «в G20», «принял в них участие»; not
    «участвовал в войне». Without a «в» phrase the meeting is the one the sentence is about."""
    governors = [word] + ([word.head] if word.dep_ == "obj" else [])  # «принял участие в …»
    joined = [
        child for governor in governors for child in governor.children
        if child.dep_ in ("obl", "nmod") and has_preposition(child, ("в", "во"))
    ]
    return not joined or any(
        meeting_kind(t) or normal(t.lemma_) in words("gathering_words") or t.pos_ in ("PRON", "DET")
        or t.ent_type_ not in ("", "PER") or any(c.ent_type_ == "ORG" for c in t.children)
        for t in joined
    )


def is_trigger(token: Token) -> bool:
    """A meeting word unless commemorated, a hosting verb only with a person to host, a
    participation word only with a meeting to take part in, a means of calling only as
    the way something was done («обсудили по телефону»), a verb of discussing only with a
    person after «с» (``discussion_verbs``), a verb of coming together only plural, with a
    named person among its subjects and no aim in an infinitive (``assembly_verbs``)."""
    lemma = normal(token.lemma_)
    if lemma in words("assembly_verbs"):
        return gathers_named_people(token)
    if lemma in words("discussion_verbs"):
        return discusses_with_a_person(token)
    if lemma in words("channel_words"):
        verb = token.head
        return has_preposition(token, ("по",)) and verb.pos_ == "VERB" and not is_speech_verb(verb)
    if lemma in words("hosting_verbs"):
        return hosts_person(token) and not admits(token)
    if lemma in words("participation_verbs"):
        return joins_a_meeting(token)
    return not is_remembered(token)


def gathers_named_people(verb: Token) -> bool:
    """«лидеры X, Y и Z собрались в Тегеране»: a plural verb with a named person in the
    nominative among its subjects and no aim in an infinitive (not «собрались обсудить»)."""
    return (verb.pos_ == "VERB" and morph_values(verb, "Number") == ["Plur"]
            and not any(morph_values(c, "VerbForm") == ["Inf"] for c in verb.children)
            and any(t.ent_type_ == "PER" and morph_values(t, "Case") == ["Nom"]
                    for c in verb.children if c.dep_ == "nsubj" for t in c.subtree))


def discusses_with_a_person(verb: Token) -> bool:
    """«X обсудил с Y поставки»: a person after «с», not «обсудил с коллегами»; «X и Y
    обсудили поставки»: people as its subjects, not «министры обсудили»."""
    if verb.pos_ != "VERB":
        return False
    if any(c.dep_ in ("obl", "nmod") and has_preposition(c, ("с", "со")) and is_person_phrase(c) for c in verb.children):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and is_person_phrase(subject) and any(
        c.dep_ == "conj" and is_person_phrase(c) for c in subject.children)


def is_aim(trigger: Token) -> bool:
    """«пригласил посетить Белен», «договорились провести переговоры»: a meeting an infinitive
    names as an aim, not yet done; «удалось встретиться» was (``accomplishment_verbs``)."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head if trigger.dep_ == "obj" else None
    return (verb is not None and verb.pos_ == "VERB" and morph_values(verb, "VerbForm") == ["Inf"]
            and normal(verb.head.lemma_) not in words("accomplishment_verbs"))


def meets_the_press(trigger: Token) -> bool:
    """«в беседе с журналистами», «на встрече с представителями СМИ» (``press_words``)."""
    partners = [c for c in trigger.children if c.dep_ in ("nmod", "obl") and has_preposition(c, PARTNER_PREPOSITIONS)]
    return any(normal(t.lemma_) in words("press_words") for c in partners for t in (c, *c.children))


def is_reported(trigger: Token) -> bool:
    """A meeting that took place or is taking place: not planned, possible, future or denied,
    nor one with the press."""
    if is_aim(trigger) or meets_the_press(trigger):
        return False
    if has_preposition(trigger, ("от",)) and normal(trigger.head.lemma_) in words("refusal_verbs"):
        return False  # «отказался от встречи»
    if has_preposition(trigger, ("о", "об")) and normal(trigger.head.lemma_) in words("arrangement_verbs"):
        return False  # «договорились о встрече»: still to come
    if is_denied(trigger) or in_prospect(trigger):
        return False
    clause = clause_of(trigger) + describing_clause(trigger) + predicate_of(trigger)
    occurrence = words("occurrence_verbs") | {normal(trigger.lemma_)}
    done_at = (trigger.head if trigger.dep_ == "obl" and case_of(trigger) != "Acc"  # «рассчитывает на встречу»: ahead
               and has_preposition(trigger, words("meeting_prepositions")) else None)
    for token in clause:
        lemma = normal(token.lemma_)
        if lemma in words("modal_markers") and token != done_at and not on_a_time_noun(token):
            return False  # «в разговоре с X предложил …»: the call was; «на следующий день провёл»: it was
        if morph_values(token, "Tense") == ["Fut"] or (lemma == "быть" and token.lower_.startswith("буд")):
            return False  # the tagger calls «будет» present
        if lemma in occurrence and token.pos_ == "VERB":
            if any(t.lower_ == "не" for t in token.doc[max(token.sent.start, token.i - 2):token.i]):
                return False
    return True


def on_a_time_noun(token: Token) -> bool:
    """«на следующий день»: an adjective on a part of a day (``time_nouns``)."""
    return token.pos_ == "ADJ" and token.head.i != token.i and normal(token.head.lemma_) in words("time_nouns")


def in_prospect(trigger: Token) -> bool:
    """«возможность встречи», «подготовка визита», «приглашение на переговоры»: a meeting
    noun a noun of ``prospect_nouns`` governs is not one that took place."""
    head = trigger.head
    return (trigger.dep_ == "nmod" and head.i != trigger.i and head.pos_ == "NOUN"
            and normal(head.lemma_) in words("prospect_nouns"))


def is_denied(trigger: Token) -> bool:
    """«опровергли сообщения о встрече X с Y», «отрицал, что встречался с Y»
    (``denial_verbs``): the verb whose object holds the meeting noun, or whose «что»
    clause tells of the meeting, denies it."""
    verb, steps = trigger, 0
    while verb.pos_ == "NOUN" and verb.head.i != verb.i and steps < MAX_NOUN_CHAIN:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    denial = words("denial_verbs")
    return normal(verb.lemma_) in denial or verb.dep_ == "ccomp" and normal(verb.head.lemma_) in denial


def _skip_left(token: Token) -> Token | None:
    """The word before a name and its title and adjectives: what governs the name."""
    doc = token.doc
    sentence_start = token.sent.start
    i = token.i - 1
    while i >= sentence_start and not meeting_kind(doc[i]) and (
        doc[i].ent_type_ == "PER" or is_role_word(doc[i]) or doc[i].pos_ in ("ADJ", "DET", "PROPN")
        or (doc[i].pos_ == "NOUN" and morph_values(doc[i], "Case") == ["Gen"])
    ):
        i -= 1
    return doc[i] if i >= sentence_start else None


def is_met_object(name: Token) -> bool:
    """The object of a meeting verb («встретил посла Ивана Зуева»), or of a verb that
    happens in the meeting («в разговоре поздравил Ивана Зуева»); an animate accusative
    may be tagged genitive."""
    verb = object_of(name)
    return verb is not None and verb.pos_ == "VERB" and (meeting_kind(verb) is not None or happens_at_meeting(verb))


def takes_part(person: Span, with_seen: bool, meeting_verb_before: bool) -> bool:
    """Whether the sentence's grammar puts this named person into the meeting."""
    head = person[-1]
    beside = title_beside(person[0])  # «с министром Дун Цзюнем», all tagged nominative
    case = "Nom" if in_nominative(head) else (
        case_of(head) if case_of(head) != "Nom" else beside if beside not in (None, "Nom") else "Gen")
    if case != "Nom" and len(person) > 1 and case_of(person[0]) not in (None, "Nom", case) and (
            case == "Gen" or is_indeclinable(head.text)):
        case = case_of(person[0])  # «с Анной Коваленко», «принял … Марка Рютте»: the first name carries the case
    if beside not in (None, "Nom") and (is_indeclinable(head.text) or (case, beside) == ("Acc", "Gen")):
        case = beside  # «с председателем … Чхве Рён Хэ», «при участии министра … Мухаммеда …»: the title's case
    left = _skip_left(person[0])
    left_word = normal(left.lemma_) if left is not None else ""
    if case == "Nom":
        return True
    if case == "Ins":
        return with_seen or hosted_by(person)
    if case == "Gen":
        return is_met_object(person[0]) or left is not None and (
            left_word in words("genitive_links") or left.lower_ in LIST_LINKS or meeting_kind(left) is not None
        )
    if case == "Acc":
        return meeting_verb_before or is_met_object(person[0])
    if case == "Dat" and told_at_a_meeting(person):
        return True
    return is_met_object(person[0])  # «принял … премьер-министра Джорджу Мелони», tagged dative


def told_at_a_meeting(person: Span) -> bool:
    """«сообщил депутату X во время встречи», «сказал X на переговорах»: the one a speech
    verb tells something to at a meeting was at it."""
    told = phrase_root(person)
    if told.dep_ == "appos":  # the name beside its title
        told = told.head
    verb = told.head
    return (told.dep_ in ("iobj", "obl") and is_speech_verb(verb) and any(
        meeting_kind(c) and (is_during(c) or has_preposition(c, words("meeting_prepositions")))
        for c in verb.children if c.dep_ == "obl"))


def is_role_owner(person: Span) -> bool:
    """«зять Ивана Зуева Олег Сидоров»: the genitive name belongs to a title, not to the meeting."""
    doc = person.doc
    sentence = person.sent
    after = doc[person.end] if person.end < sentence.end else None
    if after is not None and after.ent_type_ == "PER" and after.ent_iob_ == "B":
        phrase = role_before(next(e for e in doc.ents if e.start == after.i))
        if phrase is not None and phrase.start < person.start:
            return True
    previous = doc[person.start - 1] if person.start > sentence.start else None
    if previous is None or not is_role_word(previous) or in_nominative(person[-1]):
        return False
    if role_before(person) is not None:
        return False  # «заместителем министра Андреем Руденко»: the name is the title's holder
    case = title_case(previous)
    return case == "Nom" or case != case_of(person[-1])


def coordinated_people(people: dict[int, Span], attending: list[str]) -> list[str]:
    """The people coordinated with an attendee, each named or beside a title («принял …
    президента X и генерального секретаря НАТО Y»: where the parser hangs the first on
    the place, the second still attends, and so do both). ``people``: the sentence's
    names by start."""
    def phrase(person: Span) -> Token:  # the title a name stands beside, else the name
        root = phrase_root(person)
        return root.head if root.dep_ == "appos" and is_role_word(root.head) else root

    heads = {phrase(person): person for person in people.values() if person[-1]._.actor}
    found = []
    for head, person in heads.items():
        if person[-1]._.actor in attending:
            related = [head.head] if head.dep_ == "conj" else []
            related += [c for c in head.children if c.dep_ == "conj"]
            found += [heads[t][-1]._.actor for t in related if t in heads]
    return [name for name in found if name not in attending]


def reporters(sentence: Span, lemmas: list[str]) -> set[int]:
    """Tokens of people who report rather than attend: «по словам X», «X заявил, что …».

    ``lemmas`` are the document's normal lemmas: only tokens whose lemma can
    make them a reporting word are looked at.
    """
    found = set()
    doc = sentence.doc
    speech, according = speech_lemmas(), according_lemmas()
    for i in range(sentence.start, sentence.end):
        if lemmas[i] not in according and lemmas[i] not in speech:
            continue
        token = doc[i]
        if is_according_to(token):
            found.update(t.i for t in according_phrase(token, sentence) if t.ent_type_ or t.pos_ in ("PRON", "DET"))
        if (is_speech_verb(token) and not happens_at_meeting(token) and not speaks_after_meeting(token)
                and not met_before_speaking(token)):
            speaker = speaker_head(token)
            if speaker is not None:  # and the name beside a title («сообщил представитель МИД X»)
                found.add(speaker.i)
                found.update(t.i for child in speaker.children if child.dep_ == "appos" for t in child.subtree)
    return found


def according_phrase(word: Token, sentence: Span) -> list[Token]:
    """«по его словам», «по данным агентства Блумберг»: the words up to the comma that ends
    the phrase (at most five after ``word``), and the one before it."""
    phrase = [word.doc[word.i - 1], word]
    for token in word.doc[word.i + 1:min(sentence.end, word.i + 6)]:
        if token.is_punct:
            break
        phrase.append(token)
    return phrase


def reports_own_meeting(trigger: Token) -> bool:
    """«Зуев сообщил, что провёл переговоры с X», «рассказал, что встретился с X»: a
    finite meeting verb (or the verb of a meeting noun) with no subject of its own, in
    what a speech verb says; its subject is the speaker."""
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    if verb.pos_ != "VERB" or morph_values(verb, "VerbForm") != ["Fin"] or verb.dep_ != "ccomp":
        return False
    if trigger is not verb and trigger.dep_ != "obj":
        return False
    return is_speech_verb(verb.head) and not any(c.dep_.startswith("nsubj") for c in verb.children)


def happens_at_meeting(verb: Token) -> bool:
    """«отметил X на встрече с Y», «сказал X во время переговоров», «в телефонном разговоре
    поздравил X»: said or done at the meeting, so X was there.

    «рассказал о встрече» stays a report: only a place-like preposition puts the words inside the meeting.
    """
    return any(
        child.dep_ == "obl" and meeting_kind(child) is not None and child.pos_ == "NOUN"
        and has_preposition(child, words("meeting_prepositions"))
        for child in verb.children
    )


def met_before_speaking(verb: Token) -> bool:
    """«X, встретившись с Y, заявил …», «X встретился с Y и рассказал …», «X открыл
    встречу, призвав …», «X опроверг слухи и провёл переговоры с Y»: the speech verb
    shares its subject with a verb of meeting or one whose object is a meeting, that
    hangs on it as a converb, is coordinated with it, or that it hangs on as one."""
    related = [c for c in verb.children if c.dep_ == "conj" or is_converb(c)]
    related += [verb.head] if verb.dep_ == "conj" or is_converb(verb) else []
    return any(t.pos_ == "VERB" and (meeting_kind(t) is not None or any(
        c.dep_ == "obj" and meeting_kind(c) is not None for c in t.children)) for t in related)


def speaks_after_meeting(verb: Token) -> bool:
    """«по итогам встречи с X заявил», «после переговоров с X сказал» (``aftermath_words``):
    the subject speaks as X's counterpart; «заявил после встречи», with no one named, as
    one who was at the meeting just told. Not «после встречи Y с X», where the meeting
    names its own side; and whom he then congratulates was not at it. So does one who
    tells of a meeting with X («рассказал о разговоре с X»), not of Y's with X."""
    return any(after_meeting_with(child) or tells_of_meeting_with(child) for child in verb.children
               if child.dep_ == "obl")


def tells_of_meeting_with(phrase: Token) -> bool:
    """``phrase`` is «разговоре с X» after «о»: a meeting with a partner and no side of its own."""
    return (has_preposition(phrase, ("о", "об")) and phrase.pos_ == "NOUN" and meeting_kind(phrase) is not None
            and has_partner_alone(phrase))


def after_meeting_with(phrase: Token) -> bool:
    """``phrase`` is «итогам встречи с X» after «по», or «переговоров с X» after «после»."""
    meeting = phrase
    if normal(phrase.lemma_) in words("aftermath_words"):
        meeting = next((c for c in phrase.children if c.dep_ == "nmod" and meeting_kind(c) is not None), None)
    elif not has_preposition(phrase, ("после",)):
        return False
    if meeting is None or meeting_kind(meeting) is None or meeting.pos_ != "NOUN":
        return False
    if not any(c.dep_ in ("nmod", "appos", "flat", "conj") for c in meeting.children):
        return has_preposition(phrase, ("после", "по"))  # the meeting just told; not «об итогах встречи»
    return has_partner_alone(meeting)


def has_partner_alone(meeting: Token) -> bool:
    """The meeting noun names a partner after «с»/«между» («встречи с председателем X»), and
    no person in the genitive as its side («встречи Y с X»)."""
    sides = [c for c in meeting.children
             if c.dep_ == "nmod" and (c.ent_type_ in ("PER", "ORG", "LOC") or is_role_word(c))]  # «с председателем X»
    return any(has_preposition(c, PARTNER_PREPOSITIONS) for c in sides) and not any(
        case_of(c) == "Gen" and c.ent_type_ == "PER" for c in sides
    )


class MeetingExtractor:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents = doc.ents  # Doc.ents and Span.ents build new Spans on every access
        self.lemmas = normal_lemmas(doc)
        self.pronouns = SpeakerResolver(doc)
        self.stand_ins = stand_ins(doc)
        self.sentences: list[Span] = []  # read so far, the current one last
        self.attendees_by_sentence: dict[int, list[str]] = {}  # of the meetings reported, by sentence start
        self.led: list[Role] | None = None  # the roles of group heads, found when first asked

    def participants(self, sentence: Span, scope: set[int]) -> list[str]:
        doc = self.doc
        excluded = reporters(sentence, self.lemmas) | (set(range(sentence.start, sentence.end)) - scope)
        names = []
        with_seen = False
        meeting_verb_before = False
        entities = {e.start: e for e in ents_within(self.ents, sentence) if e.label_ == "PER"}
        i = sentence.start
        while i < sentence.end:
            token = doc[i]
            if token.lower_ in PARTNER_PREPOSITIONS:
                with_seen = True
            if token.pos_ == "VERB" and meeting_kind(token):
                meeting_verb_before = True
            person = entities.get(i)
            if person is not None:
                if (
                    person[-1]._.actor
                    and not is_role_owner(person)
                    and not any(t.i in excluded for t in person)
                    and takes_part(person, with_seen, meeting_verb_before)
                ):
                    names.append(person[-1]._.actor)
                i = person.end
                continue
            if token.i not in excluded and self.carries_person(token, meeting_verb_before):
                partnered = any(self.lemmas[j] in PARTNER_PREPOSITIONS for j in scope)
                names.extend(self.pronoun(token, sentence if with_seen else None, partnered))
            stands_for = self.stand_ins.get(i, ())  # «посетил Рим президент Франции», «делегации Молдавии и Румынии»
            if stands_for and token.i not in excluded and (
                    token.dep_ == "nsubj" or takes_part(doc[i:i + 1], with_seen, meeting_verb_before)):
                names.extend(stands_for)
            i += 1
        names += [name for name in coordinated_people(entities, names) if not any(
            t.i in excluded for e in entities.values() if e[-1]._.actor == name for t in e)]
        return list(dict.fromkeys(names))

    def carries_person(self, token: Token, meeting_verb_before: bool) -> bool:
        """«они встречались», «его встретил», «его переговоров», «их первая встреча», «встретился
        с ним»; not «в них» (the meeting itself)."""
        if token.lower_ in PERSONAL_PRONOUNS:
            return True
        if (token.pos_ == "PRON" and normal(token.lemma_) in PERSONAL_PRONOUNS
                and has_preposition(token, PARTNER_PREPOSITIONS) and any(
                    meeting_kind(t) for t in (token.head, *(c for c in token.head.children if c.dep_ == "obj")))):
            return True  # «встретился с ним», «провел с ним переговоры», not «совместное с ними правительство»
        if token.lower_ not in ("его", "ее", "их"):
            return False
        following, end = token.i + 1, token.sent.end
        while following < end and self.doc[following].pos_ == "ADJ":
            following += 1
        return meeting_verb_before or (following < end and meeting_kind(self.doc[following]) is not None)

    def pronoun(self, token: Token, reported: Span | None = None, partnered: bool = False) -> list[str]:
        """The person «он» stands for; for «они», the attendees of the meeting the sentence
        before reported («X встретился с Y. В ходе встречи они обсудили …»), else the people
        of the last sentence with subjects. With partners of its own («они встречались с Z»),
        «они» is one side: those subjects.

        In a sentence someone reports about a meeting «с X» (``reported``), «они»
        is the speaker and X: «Он сообщил, что на встрече с X они договорились».
        """
        if morph_values(token, "Number") == ["Plur"] or normal(token.lemma_) == "они":
            speaker = self.reporting_person(reported) if reported is not None else None
            if speaker:
                return [speaker]
            return (not partnered and self.attendees_before()) or self.previous_subjects()
        person = self.pronouns.last_person(token)
        return [person] if person else []

    def described_by(self, trigger: Token) -> list[str]:
        """«Жан Дюбуа, встретившийся в Риме с X», «глава МИД, посетивший Рим»: the person
        (or title standing for one) a meeting participle describes, even as the speaker."""
        if trigger.pos_ != "VERB" or trigger.dep_ != "acl" or morph_values(trigger, "VerbForm") != ["Part"]:
            return []
        noun = trigger.head
        named = next((c for c in noun.children if c.dep_ == "appos" and c.ent_type_ == "PER"), noun)
        person = next((e for e in self.ents if e.start <= named.i < e.end), None)  # or the name beside a title
        if person is not None:
            return [person[-1]._.actor] if person.label_ == "PER" and person[-1]._.actor else []
        return list(self.stand_ins.get(noun.i, ()))

    def reporting_person(self, sentence: Span) -> str | None:
        """The named or pronoun speaker of the sentence's first speech verb, before the pronoun."""
        verb = next((t for t in sentence if is_speech_verb(t)), None)
        speaker = speaker_head(verb) if verb is not None else None
        if speaker is None or speaker.i > verb.i:
            return None
        if speaker.pos_ == "PRON" and normal(speaker.lemma_) != "они":
            return self.pronouns.last_person(speaker)
        return speaker._.actor if speaker.ent_type_ == "PER" and speaker._.actor else None

    def places(self, sentence: Span, clause: set[int]) -> list[Span]:
        """Names after «в»/«на» in a reported trigger's clause, unless they say where someone spoke."""
        found = []
        for ent in ents_within(self.ents, sentence):
            if ent.label_ not in ("LOC", "ORG") or not ent[0]._.actor or ent.start not in clause:
                continue
            after = self.doc[ent.end] if ent.end < len(self.doc) else None
            if any(t is not None and normal(t.lemma_) in words("speech_verbs") for t in (after, ent[0].head)):
                continue
            if is_topic(ent) or in_a_title(ent):
                continue
            before = words_before(ent, sentence)
            if before and before[-1].lower_ in words("meeting_prepositions") and case_of(ent[0]) in (None, "Loc", "Acc"):
                found.append(ent)
            elif is_visited(ent, before) or in_a_venue(ent):
                found.append(ent)
        return found

    def attendees_before(self) -> list[str] | None:
        """The attendees of the meetings the sentence before the current one told of; None
        when it told of none."""
        return self.attendees_by_sentence.get(self.sentences[-2].start) if len(self.sentences) >= 2 else None

    def previous_subjects(self) -> list[str]:
        """The subjects of the last sentence before the current one that has any (found only when asked)."""
        for sentence in reversed(self.sentences[:-1]):
            subjects = self.subjects(sentence)
            if subjects:
                return subjects
        return []

    def subjects(self, sentence: Span) -> list[str]:
        """Nominative people of a sentence, for a «они» after it."""
        return [
            e[-1]._.actor for e in ents_within(self.ents, sentence)
            if e.label_ == "PER" and e[-1]._.actor and in_nominative(e[-1]) and not is_role_owner(e)
        ]

    def mentions(self) -> list[Mention]:
        found = []
        trigger_lemmas = table("meeting_words").keys() | words("participation_verbs")
        triggers_by_sentence: dict[int, list[Token]] = {}
        for trigger in tokens_with_lemma(self.doc, self.lemmas, trigger_lemmas):
            triggers_by_sentence.setdefault(trigger.sent.start, []).append(trigger)
        text = self.doc.text
        for sentence in self.doc.sents:
            self.sentences.append(sentence)
            sentence_text = text[sentence.start_char:sentence.end_char]
            triggers = [t for t in triggers_by_sentence.get(sentence.start, ()) if is_trigger(t)]
            reported = [t for t in triggers if is_reported(t)]
            told = [t for t in reported if normal(t.lemma_) not in words("participation_verbs")]
            reported = told or reported  # «Встреча X и Y прошла с участием Z»: one meeting, Z taking part
            if reported:
                scope = {t.i for trigger in reported for t in extended_clause(trigger)}
                date = (find_date(sentence_text, self.doc._.date, last_date(found))
                        or told_day(sentence_text, found)
                        or governed_period(reported, scope, self.doc._.date))
                participants = self.participants(sentence, scope)
                speaker = self.reporting_person(sentence) if any(map(reports_own_meeting, reported)) else None
                described = [name for trigger in reported for name in self.described_by(trigger)]
                participants = list(dict.fromkeys([*([speaker] if speaker else []), *described, *participants]))
                for triggers_of, names, places in self.own_meetings(sentence, reported, scope, participants):
                    found.append(Mention(sentence=sentence, kinds=main_kind(triggers_of, places),
                                         participants=names, places=places, date=date,
                                         counted=any(map(is_counted, triggers_of)),
                                         apart=any(map(is_apart, triggers_of)),
                                         during=all(map(is_during, triggers_of)),
                                         in_visit=any(is_during(t) and meeting_kind(t) == VISIT for t in reported),
                                         joining=all(map(names_the_told_meeting, triggers_of)),
                                         partners=self.partners(triggers_of[0], sentence, scope)))
                told = [m for m in found if m.sentence.start == sentence.start]
                self.attendees_by_sentence[sentence.start] = list(dict.fromkeys(n for m in told for n in m.participants))
            elif self.attendees_before() == []:  # the sentence before told of a meeting naming no one
                names = self.joint_subjects(sentence)
                if names:  # «Встреча министров прошла в Дели. X, Y и Z обсудили …»
                    found.append(Mention(sentence=sentence, kinds=set(), participants=names,
                                         date=find_date(sentence_text, self.doc._.date)))
        return found

    def joint_subjects(self, sentence: Span) -> list[str]:
        """Two people or more named as the subjects of a verb of doing together (``joint_verbs``),
        or the heads of the groups, one or more («Армянскую делегацию возглавил X,
        азербайджанскую — Y», «Израильскую делегацию возглавил X»)."""
        if self.led is None:
            self.led = list(group_heads(self.doc, self.ents))
        heads = [role.person for role in self.led if role.start == sentence.start_char]
        if heads:
            return list(dict.fromkeys(heads))
        names = []
        for person in ents_within(self.ents, sentence):
            root = phrase_root(person)
            subject = root.head if root.dep_ == "conj" else root
            if (person.label_ == "PER" and person[-1]._.actor and in_nominative(person[-1])
                    and subject.dep_ == "nsubj" and normal(subject.head.lemma_) in words("joint_verbs")):
                names.append(person[-1]._.actor)
        names = list(dict.fromkeys(names))
        return names if len(names) >= 2 else []

    def own_meetings(self, sentence: Span, reported: list[Token], scope: set[int],
                     participants: list[str]) -> list[tuple[list[Token], list[str], list[Span]]]:
        """The meetings one sentence reports: one, or one per meeting word with partners of
        its own («переговоры X с Y, а потом беседа с Z»: X with Y, and X with Z), or with
        a side of its own («встреча X и Y … после визита Z в Рим»).

        A meeting word's stretch runs to the next one; its partners are the attendees after
        the first «с» in it. With two stretches or more that have partners, none shared,
        each is a meeting of its partners and the attendees outside every partner list, at
        the places in its stretch, else at those outside every stretch. Else, when every
        meeting word with partners also names its side in the genitive, two of them or
        more, no one twice and none in the course of another («в ходе визита»,
        ``during_phrases``), each is a meeting of its side and partners."""
        if len(reported) < 2:
            return [(reported, participants, self.places(sentence, scope))]
        triggers = sorted(reported, key=lambda t: t.i)
        ends = [t.i for t in triggers[1:]] + [sentence.end]
        stretches, partners = [], []
        for trigger, end in zip(triggers, ends):
            within = next((t.i for t in self.doc[trigger.i:end] if t.lower_ in PARTNER_PREPOSITIONS), end)
            stretches.append(set(range(trigger.i, end)) & scope)
            partners.append(self.participants(sentence, self.partner_phrase(within, end) & scope))
        elsewhere = self.places(sentence, scope - set().union(*stretches))
        named = [i for i, names in enumerate(partners) if names]
        taken = [name for i in named for name in partners[i]]
        if len(named) >= 2 and len(taken) == len(set(taken)):
            side = [name for name in participants if name not in taken]
            return [([triggers[i]], list(dict.fromkeys(side + partners[i])),
                     self.places(sentence, stretches[i]) or elsewhere) for i in named]
        sides = [self.holders(trigger, sentence) for trigger in triggers]
        named = [i for i, names in enumerate(sides) if names or partners[i]]
        taken = [name for i in named for name in sides[i] + partners[i]]
        if (len(named) < 2 or len(taken) != len(set(taken)) or not all(sides[i] for i in named)
                or any(is_during(trigger) for trigger in triggers)):
            return [(reported, participants, self.places(sentence, scope))]
        return [([triggers[i]], list(dict.fromkeys(sides[i] + partners[i])),
                 self.places(sentence, stretches[i]) or elsewhere) for i in named]

    def partners(self, trigger: Token, sentence: Span, scope: set[int]) -> list[str]:
        """The people of the first «с» phrase after a meeting word."""
        within = next((t.i for t in self.doc[trigger.i:sentence.end] if t.lower_ in PARTNER_PREPOSITIONS), None)
        return [] if within is None else self.participants(sentence, self.partner_phrase(within, sentence.end) & scope)

    def partner_phrase(self, start: int, end: int) -> set[int]:
        """The positions of the «с» phrase at ``start``, up to ``end`` or to the clause's
        subject or verb after it («После встречи с X японский премьер провела переговоры
        с Y»: X, not the premier)."""
        for i in range(start + 1, end):
            token = self.doc[i]
            if token.pos_ == "VERB" or token.dep_ in ("nsubj", "nsubj:pass"):
                edge = token.left_edge.i if token.left_edge.i > start else i  # «Встреча с X прошла»: the verb
                return set(range(start, min(i, edge)))
        return set(range(start, end))

    def holders(self, trigger: Token, sentence: Span) -> list[str]:
        """The people a meeting word names in the genitive, its own side: «встреча Ивана
        Сомова и Олега Сидорова», «визит Джона Смита»."""
        found = []
        for person in ents_within(self.ents, sentence):
            root = phrase_root(person)
            head = root.head if root.dep_ == "conj" else root
            if (person.label_ == "PER" and person[-1]._.actor and head.head == trigger and head.dep_ == "nmod"
                    and case_of(head) in (None, "Gen") and not has_preposition(head, PARTNER_PREPOSITIONS)):
                found.append(person[-1]._.actor)
        return found


def governed_period(triggers: list[Token], scope: set[int], published: str | None) -> str | None:
    """«В 2024 году X встречался с Y», «переговоры прошли в мае»: a month or year in the
    triggers' clauses (``scope``) that a trigger, or the verb a trigger noun hangs on,
    governs; a period elsewhere in the sentence is often another event's («конфликт,
    завершившийся в мае 1994 года …», «X, который в 2019 году возглавил МИД, …»)."""
    for trigger in triggers:
        for head in (trigger, trigger.head) if trigger.pos_ == "NOUN" else (trigger,):
            for child in head.children:
                if child.dep_ in ("obl", "nmod") and child.i != trigger.i and child.i in scope:
                    found = find_period(child.doc[child.left_edge.i:child.right_edge.i + 1].text, published)
                    if found:
                        return found
    return None


def last_date(told: list[Mention]) -> str | None:
    """The date of the last dated meeting told before."""
    return next((m.date for m in reversed(told) if m.date), None)


def told_day(sentence_text: str, told: list[Mention]) -> str | None:
    """«В тот же день X встретился с Y» (``same_day_phrases``): the date of the last dated
    meeting told before; «На следующий день …» (``next_day_phrases``): the day after it."""
    lowered = normal(sentence_text)
    if any(phrase in lowered for phrase in words("same_day_phrases")):
        return last_date(told)
    if any(phrase in lowered for phrase in words("next_day_phrases")):
        return shift_day(last_date(told), 1)
    return None


def names_the_told_meeting(trigger: Token) -> bool:
    """«Во встрече также принял участие X», «На переговорах присутствовал Y»: a taking part,
    or a meeting word after «в»/«на» with no partner, owner or place of its own, is the
    meeting just told, whatever word told it («принял консула»)."""
    if normal(trigger.lemma_) in words("participation_verbs"):
        return True
    return (trigger.pos_ == "NOUN" and has_preposition(trigger, PLACE_PREPOSITIONS)
            and not any(c.dep_ in ("nmod", "appos", "flat", "conj") for c in trigger.children))


def is_during(trigger: Token) -> bool:
    """«в ходе визита», «во время переговоров» (``during_phrases``)."""
    start = adjectives_start(trigger)
    before = " ".join(normal(t.text) for t in trigger.doc[max(trigger.sent.start, start - 2):start])
    return before in words("during_phrases")


def in_a_title(place: Span) -> bool:
    """«с послом Франции в Молдавии»: the place belongs to a title, not to the meeting; but
    not one after the name the title has («с президентом Индонезии X в Нью-Дели»), nor
    one after a title inside an organisation's name («заседание Совета глав государств в
    Душанбе»); by word order, one after a title of a post in a place."""
    root = phrase_root(place)
    if root.dep_ != "nmod" or not is_role_word(root.head) or root.head.ent_type_:
        return after_a_posted_title(place)
    title = root.head
    return not any(child.dep_ == "appos" and child.ent_type_ == "PER" and title.i < child.i < place.start
                   for child in title.children) or after_a_posted_title(place)


def after_a_posted_title(place: Span) -> bool:
    """«принял посла Италии в Кишиневе X» (``posted_titles``), by word order where the parser
    hangs the place elsewhere: a title of a post in a place and its words, then «в» and the
    place in the prepositional case."""
    doc, start = place.doc, place.sent.start
    i = place.start - 1
    if i <= start or doc[i].lower_ not in PLACE_PREPOSITIONS or case_of(place[0]) != "Loc":
        return False  # «прибыл с послом в Рим» is where they went
    i -= 1
    while i >= start and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i].ent_type_ != "PER":
        if normal(doc[i].lemma_) in words("posted_titles"):
            return True
        i -= 1
    return False


def is_visited(place: Span, before: list[Token]) -> bool:
    """«посетил Варшаву», «посетивший на этой неделе Рим»: the place a visit verb takes as
    its object (the tagger may call it nominative); not «пригласил посетить Рим»."""
    root = phrase_root(place)
    verb = root.head if root.dep_ == "obj" else before[-1] if before else None
    return (verb is not None and normal(verb.lemma_) in words("visit_verbs") and not is_aim(verb)
            and case_of(place[0]) in (None, "Acc", "Nom"))


def in_a_venue(place: Span) -> bool:
    """«в аэропорту Мюнхена», «в международном аэропорту Мюнхена», «в столице Франции», «в
    аэропорту Шереметьево», «в городе Сочи»: a place in the genitive of a noun of a part of it
    or of a place in it (``venue_nouns``) that «в»/«на» govern, or named beside it."""
    doc = place.doc
    noun = place.start - 1
    if (noun <= place.sent.start or doc[noun].pos_ != "NOUN"
            or normal(doc[noun].lemma_) not in words("venue_nouns")):
        return False
    before = noun - 1
    while before > place.sent.start and doc[before].pos_ == "ADJ":
        before -= 1
    return doc[before].lower_ in words("meeting_prepositions")


def words_before(place: Span, sentence: Span) -> list[Token]:
    """The two words before a place in its sentence, past quotation marks and adjectives
    that are no names («в канадском Кананаскисе», «посетил подмосковный Звенигород»)."""
    before = [t for t in place.doc[max(sentence.start, place.start - 3):place.start] if t.text not in QUOTES]
    while before and before[-1].pos_ == "ADJ" and before[-1].ent_type_ not in ("LOC", "ORG"):
        before.pop()
    return before[-2:]


def is_destination(place: Span) -> bool:
    """«с визитом в Бразилии», «прибыл в Бразилию», «посетил Бразилию», «визит X в
    Бразилию»: the place a trip (``trip_words``) went to, by its head or by word order
    since the parser may hang it elsewhere."""
    trips, root = words("trip_words"), phrase_root(place)
    if normal(root.head.lemma_) in trips and root.dep_ in ("obj", "obl", "nmod"):
        return True
    before = words_before(place, place.sent)
    if before and before[-1].lower_ in PLACE_PREPOSITIONS:
        before.pop()
    return bool(before) and normal(before[-1].lemma_) in trips


def is_topic(place: Span) -> bool:
    """«обсудили ситуацию в Сирии», «переговоры о ситуации на Кипре»: the place belongs to
    what was discussed, a noun that is the verb's object or follows «о»/«по»
    (``topic_prepositions``), not to the meeting, a gathering taken part in («принял
    участие в заседании в Брюсселе»: ``gathering_words``, ``participation_verbs``) or the verb;
    nor to a meeting still in prospect («обсудили возможность переговоров в Стамбуле»)."""
    root = phrase_root(place)
    noun, seen = root.head, {root.i}  # the parser's heads may run in a cycle
    gatherings = words("gathering_words") | words("participation_verbs")
    while (noun.pos_ == "NOUN" and noun.i not in seen and meeting_kind(noun) is None
           and normal(noun.lemma_) not in gatherings):
        if noun.dep_ == "obj" or has_preposition(noun, words("topic_prepositions")):
            return True
        seen.add(noun.i)
        noun = noun.head
    return noun.pos_ == "NOUN" and noun.i not in seen and meeting_kind(noun) is not None and in_prospect(noun)


def is_counted(trigger: Token) -> bool:
    """«третий визит», «шестой раунд»: an ordinal number before the meeting word."""
    return any(c.dep_ == "amod" and c.i < trigger.i and is_ordinal(c.text) for c in trigger.children)


def is_apart(trigger: Token) -> bool:
    """«Ранее X провёл встречу с Y», «После этого он встретился с Z»: a word of another time
    (``sequence_words``) on the meeting's verb; not «Позже X рассказал о встрече», where it
    belongs to the telling."""
    verbs = [trigger] if trigger.pos_ == "VERB" else []
    if trigger.dep_ in ("obj", "nsubj", "nsubj:pass") and trigger.head.pos_ == "VERB":
        verbs.append(trigger.head)
    return any(
        child.dep_ in ("advmod", "obl") and child.i < trigger.i
        and " ".join(normal(t.text) for t in child.subtree) in words("sequence_words")
        for verb in verbs for child in verb.children
    )


def main_kind(triggers: list[Token], places: list[Span]) -> set[str]:
    """The kind of the meeting word the place belongs to, else of the first meeting word; a
    call where a means of calling modifies it (:func:`is_called`). A verb of discussing
    alone (``discussion_verbs``: «X и Y обсудили …») is of no kind: talks or a call, it is
    the meeting of theirs told of elsewhere."""
    typed = [t for t in triggers if meeting_kind(t)]
    if not typed:
        return set()
    if places:
        typed.sort(key=lambda t: abs(t.i - places[0].start))
    if is_called(typed[0]):
        return {CALL}
    if all(normal(t.lemma_) in words("discussion_verbs") for t in typed):
        return set()
    return {meeting_kind(typed[0])}


def is_called(trigger: Token) -> bool:
    """A meeting word a means of calling modifies: an adjective («телефонные переговоры»,
    ``channel_adjectives``), «по» and a noun («переговоры по видеосвязи», «обсудил с Y по
    телефону», ``channel_words``), or how it was held (:func:`is_held_as_call`)."""
    return any((c.dep_ == "amod" and normal(c.lemma_) in words("channel_adjectives"))
               or (normal(c.lemma_) in words("channel_words") and has_preposition(c, ("по",)))
               for c in trigger.children) or is_held_as_call(trigger)


def is_held_as_call(trigger: Token) -> bool:
    """«переговоры в режиме видеоконференции», «встреча в формате видеосвязи»: a word of the
    way it was held (``mode_words``) on the meeting word or its verb, a call word or a means
    of calling after it."""
    doc = trigger.doc
    holders = [trigger, trigger.head] if trigger.dep_ in ("obj", "nsubj", "nsubj:pass") else [trigger]
    return any(
        normal(mode.lemma_) in words("mode_words") and has_preposition(mode, ("в", "во"))
        and mode.i + 1 < mode.sent.end
        and (meeting_kind(doc[mode.i + 1]) == CALL or normal(doc[mode.i + 1].lemma_) in words("channel_words"))
        for holder in holders for mode in holder.children
    )


def is_facility(place: Span) -> bool:
    """A building or airport rather than a city or country: named by an organisation or a
    common noun, or beside a noun of a facility («в аэропорту Шереметьево»: ``facility_nouns``;
    not a genitive, which names the city: «в аэропорту Мюнхена»)."""
    if place.label_ == "ORG" or len(place) > 1:
        return True
    if (place.start > place.sent.start and case_of(place[0]) != "Gen"
            and normal(place.doc[place.start - 1].lemma_) in words("facility_nouns")):
        return True
    reading = known_reading(place[0].text)
    return reading is not None and "Geox" not in reading.tag


@dataclass
class MeetingDraft:
    kinds: set[str]
    mentions: list[Mention] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    date: str | None = None

    def place_names(self) -> list[str]:
        """Most specific first: buildings, then the places the meeting was told to be in,
        then the destinations of the trip it was part of."""
        ranked = sorted(self.places, key=lambda p: (not is_facility(p), is_destination(p)))
        return list(dict.fromkeys(p[0]._.actor for p in ranked))

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.kinds |= mention.kinds
        self.participants = list(dict.fromkeys(self.participants + mention.participants))
        self.places.extend(mention.places)
        if mention.date and not self.date:
            self.date = mention.date


def _kinds_agree(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def elsewhere(draft: MeetingDraft, mention: Mention) -> bool:
    """The mention names a city or country and the draft others, none of them shared:
    «X прибыл в Сеул. Во время визита в Токио …» tells of two visits. A building
    («Переговоры прошли в Елисейском дворце») may be in any city."""
    told = {p[0]._.actor for p in draft.places if not is_facility(p)}
    named = {p[0]._.actor for p in mention.places if not is_facility(p)}
    return bool(told) and bool(named) and not told & named


def hosts_the_talks(visit: MeetingDraft, mention: Mention) -> bool:
    """«X прибыл с визитом в Рим. Он встретился с Y», «… Переговоры с Y прошли в пятницу»:
    talks held by the one visitor of a visit that names no one else, or talks face to face
    that name only the one they were with, after a visit to a place, are that visit (the
    visitor their other side), when no meeting of their kind was told before."""
    if visit.kinds != {VISIT} or len(visit.participants) != 1:
        return False
    named = set(mention.participants)
    if visit.participants[0] in named:
        return True
    return bool(visit.places) and len(named) == 1 and named <= set(mention.partners) and CALL not in mention.kinds


def refers_back(draft: MeetingDraft, mention: Mention) -> bool:
    """«X принял Y. Встреча с Y прошла в пятницу»: a report that names only whom the
    meeting was with, all of them at the draft's meeting, is that meeting."""
    return bool(mention.participants) and set(mention.participants) <= set(mention.partners) & set(draft.participants)


def restates(draft: MeetingDraft, mention: Mention) -> bool:
    """«…, — заявил X по итогам встречи»: a report of talks with no partner, place or date
    of its own, naming only people at the meeting just told, tells of it again (a trip
    of one of them, «поездка X», may be another)."""
    return (bool(mention.participants) and not mention.partners and not mention.places and not mention.date
            and VISIT not in mention.kinds and set(mention.participants) <= set(draft.participants))


def same_pair_or_more(names: list[str], others: list[str]) -> bool:
    """The same two people or more: a dated report of them joins their undated one (the
    headline's «X и Y провели разговор»); one person's visits may be many."""
    return len(names) >= 2 and set(names) == set(others)


def meets_apart(draft: MeetingDraft, mention: Mention) -> bool:
    """A report of others meeting: two people or more, or partners after «с» only, none of
    them at the draft's meeting («X встретился с Y. Z провёл переговоры с W», «Переговоры
    с Z прошли …»), or someone at it meeting new partners («X встретился с Y. Y также
    провёл беседу с Z»)."""
    told, named = set(draft.participants), set(mention.participants)
    if len(told) < 2 or not named:
        return False
    if not told & named:
        return len(named) >= 2 or named <= set(mention.partners)
    return bool(mention.partners) and not told & set(mention.partners)


def merge_mentions(mentions: list[Mention]) -> list[MeetingDraft]:
    """Group one article's mentions into meetings."""
    drafts: list[MeetingDraft] = []
    for mention in mentions:
        names = {p[0]._.actor for p in mention.places}
        target = None
        last = drafts[-1] if drafts else None
        visit = next((d for d in reversed(drafts) if VISIT in d.kinds and set(d.participants) & set(mention.participants)
                      and dates_compatible(d.date, mention.date) and not elsewhere(d, mention)),
                     None) if mention.in_visit else None
        if visit is not None:
            target = visit  # «В ходе визита X провёл переговоры с Y»: the visit told, which they were part of
        elif (mention.during and last is not None and set(mention.participants) <= set(last.participants)
                and dates_compatible(last.date, mention.date) and not elsewhere(last, mention)):
            target = last  # «В ходе встречи в Овальном кабинете они обсудили …»: the meeting just told, in any building
        elif mention.joining and not names and last is not None and dates_compatible(last.date, mention.date):
            target = last
        elif mention.counted:  # «третий визит X с начала года» is the visit told of, or one of X's
            target = next((d for d in drafts if set(mention.participants) & set(d.participants)
                           and dates_compatible(d.date, mention.date)), None)
        elif names:
            target = next((d for d in drafts if names & set(d.place_names()) and dates_compatible(d.date, mention.date)), None)
            if target is None and not mention.participants:
                target = next((d for d in drafts if _kinds_agree(d.kinds, mention.kinds) and dates_compatible(d.date, mention.date)
                               and not elsewhere(d, mention)), None)
            if (target is None and last is not None and last.places and not mention.apart and hosts_the_talks(last, mention)
                    and dates_compatible(last.date, mention.date) and not elsewhere(last, mention)):
                target = last
        elif not mention.apart:
            joinable = [d for d in reversed(drafts) if dates_compatible(d.date, mention.date)
                        and not (mention.date and not d.date and mention.participants
                                 and not same_pair_or_more(mention.participants, d.participants)
                                 and not hosts_the_talks(d, mention) and not refers_back(d, mention))
                        and not meets_apart(d, mention)]
            target = next((d for d in joinable if _kinds_agree(d.kinds, mention.kinds)), None) or next(
                (d for d in joinable if hosts_the_talks(d, mention) or refers_back(d, mention)), None)
            if target is None and last in joinable and restates(last, mention):
                target = last
        if target is not None and any(m.sentence.start == mention.sentence.start for m in target.mentions):
            target = None  # a sentence's meetings are told apart by their own partners
        if target is None:
            target = MeetingDraft(kinds=set())
            drafts.append(target)
            if visit is not None and not mention.places:  # «В рамках визита он встретился с X и провёл переговоры с Y»
                target.places.extend(p for p in visit.places if not is_facility(p))  # where the visit went
        target.add(mention)
    return drafts


def to_meeting(draft: MeetingDraft) -> Meeting:
    first = next((m for m in draft.mentions if m.participants), draft.mentions[0])
    kind = next(iter(sorted(draft.kinds)), "talks")
    return Meeting(
        id="",
        participants=draft.participants,
        place=draft.place_names(),
        date=draft.date,
        kind=kind,
        evidence=first.sentence.text.strip(),
        start=first.sentence.start_char,
        end=first.sentence.end_char,
    )


def extract_meetings(doc: Doc) -> list[Meeting]:
    drafts = merge_mentions(MeetingExtractor(doc).mentions())
    return [to_meeting(d) for d in drafts if d.participants]
