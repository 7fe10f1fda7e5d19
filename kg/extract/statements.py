"""Statements: who said what, quoted or reported.

Direct speech is a quotation («…», “…”, "…", or a paragraph opened by a dash)
with an attribution beside it: «…», — сказал он; X ответил: «…»; по словам X,
«…»; «…». Так прокомментировал ситуацию X. Reported speech hangs off a speech verb:
«X заявил, что …», «как подчеркнул X, …», «…, уточнил X», «по словам (мнению) X, …»,
«X назвал переговоры продуктивными», «Об этом сообщил X» (the previous sentence). A
quotation with no speaker found is not a statement; an anonymous source is kept as
``anonymous``. A quotation interrupted by its attribution («…, — сказал он. — …»; «…», —
сказал он. — «…»; a dash paragraph likewise) is one statement, the attribution left out
of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract.entities import is_role_word
from kg.extract.lexicon import is_relative, normal, normal_lemmas, table, tokens_with_lemma, words
from kg.extract.roles import case_of
from kg.extract.speakers import (ANONYMOUS, Speaker, SpeakerResolver, comma_after, name_between_commas, one_of,
                                 speaker_head)
from kg.nlp import morph_values
from kg.records import Statement

QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“"}
STRAIGHT_QUOTE = '"'
OPENING_QUOTES = {*QUOTE_PAIRS, STRAIGHT_QUOTE}
CLOSING_QUOTES = {*QUOTE_PAIRS.values(), STRAIGHT_QUOTE}
DASHES = "—–-"
MAX_THAT_DISTANCE = 12
"""Tokens a speech verb's «что» may stand after it."""
MIN_QUOTE_WORDS = 3
MAX_SPEAKER_WORDS = 8
SPEAKER_PHRASE_POS = {"PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM", "ADP", "ADV", "PUNCT", "X"}
"""What may stand beside a speaker that closes a sentence: names (X: in Latin letters),
titles, «на брифинге», «ранее»."""
MAX_ATTRIBUTION_WORDS = 12
"""Words an attribution set off by dashes inside a quotation may have: «— сказал он —»."""
LEADING_PUNCTUATION = " \t\n,;:—–-"
OMISSION = "<…>"
"""What stands for an interrupting attribution in a statement's text: editors' mark of words left out."""
CLAUSE_BREAKS = {"однако", "но", "а", "и"}
UNIT_SIGNS = {"%", "‰", "°"}
_WORD = re.compile(r"\w+")
_QUOTE_OR_LINE_BREAK = re.compile(
    "[" + re.escape("\n" + STRAIGHT_QUOTE + "".join(QUOTE_PAIRS) + "".join(QUOTE_PAIRS.values())) + "]"
)
_DASH_SPEECH = re.compile(r"^\s*[—–-]\s*(?P<text>.+?)[,!?…]?\s*[—–-]\s*\w", re.S)
_ATTRIBUTION_OPENS = re.compile(rf"[,!?…]\s*[{DASHES}]\s+")
_ATTRIBUTION_CLOSES = re.compile(rf"[.,:]\s*[{DASHES}]\s+")
_QUOTE_RESUMES = re.compile(rf"\W\s*[,!?…]?\s*[{DASHES}]\s+[^\n{re.escape(''.join(OPENING_QUOTES | CLOSING_QUOTES))}]+"
                            rf"[.,:]\s*[{DASHES}]\s*[{re.escape(''.join(OPENING_QUOTES))}]")
"""«…», — сказал он. — «…»: between a quotation and the next one that goes on with it."""


@dataclass
class Candidate:
    """A statement before its speaker is resolved."""

    start: int  # offsets of the words said
    end: int
    kind: str
    anchor: Token  # the speech verb (or «словам»), for ordering and speaker lookup
    speaker_head: Token | None
    sentence: Span
    named_only: bool = False  # «по данным X»: a statement only when X is a named actor, not «СМИ»
    gaps: tuple[tuple[int, int], ...] = ()  # attributions inside the words said: «…, — сказал он. — …»


def quote_spans(text: str, unclosed: bool = False) -> list[tuple[int, int]]:
    """Offsets of the inside of each outermost quotation; straight quotes pair within a line.

    With ``unclosed``, a quotation left open runs to the end of its line.
    """
    spans = []
    depth, opener, start = 0, None, 0
    straight_open = None
    for match in _QUOTE_OR_LINE_BREAK.finditer(text):  # no other character changes the state
        i, ch = match.start(), match.group()
        if ch == "\n":
            if depth and unclosed:
                spans.append((start, i))
            straight_open, depth = None, 0
        if depth == 0 and ch == STRAIGHT_QUOTE:
            if straight_open is None:
                straight_open = i
            else:
                spans.append((straight_open + 1, i))
                straight_open = None
            continue
        if straight_open is not None:
            continue
        if depth == 0 and ch in QUOTE_PAIRS:
            depth, opener, start = 1, ch, i + 1
        elif depth and ch == opener:
            depth += 1
        elif depth and ch == QUOTE_PAIRS[opener]:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    if depth and unclosed:
        spans.append((start, len(text)))
    return spans


def is_speech_verb(token: Token) -> bool:
    """A verb of saying, one that says something only negated («не исключил, что …»),
    one that quotes or relays only with an object of quoted words or none («приводит
    слова», «передает агентство»), or a short adjective that reports a view («уверен, что …»)."""
    lemma = normal(token.lemma_)
    if token.pos_ == "ADJ":
        return morph_values(token, "Variant") == ["Short"] and lemma in words("speech_adjectives")
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return (lemma in words("speech_verbs") or (lemma in words("negated_speech_verbs") and is_negated(token))
            or (lemma in words("quoting_verbs") and quoted_words(token) is not None)
            or (lemma in words("relaying_verbs") and not any(c.dep_ in ("obj", "iobj") for c in token.children))
            or phrase_word(token) is not None)


def phrase_word(verb: Token) -> Token | None:
    """The word that makes ``verb`` a verb of saying in a phrase of ``speech_phrases``
    («дал понять», «обратил внимание», «выступил с заявлением»), if it governs one."""
    wanted = speech_phrases().get(normal(verb.lemma_))
    return None if wanted is None else next((c for c in verb.children if normal(c.lemma_) in wanted), None)


@lru_cache(maxsize=1)
def speech_phrases() -> dict[str, frozenset[str]]:
    return {verb: frozenset(map(normal, governed.split())) for verb, governed in table("speech_phrases").items()}


def quoted_words(verb: Token) -> Token | None:
    """The object of «приводит слова X» (``quoted_words``), if the verb has one."""
    return next((c for c in verb.children if c.dep_ == "obj" and normal(c.lemma_) in words("quoted_words")), None)


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """The lemmas :func:`is_speech_verb` may accept."""
    return (words("speech_verbs") | words("negated_speech_verbs") | words("speech_adjectives")
            | words("quoting_verbs") | words("relaying_verbs") | speech_phrases().keys())


def is_negated(verb: Token) -> bool:
    return any(c.lower_ == "не" for c in verb.children) or (verb.i > 0 and verb.doc[verb.i - 1].lower_ == "не")


def asserts(verb: Token) -> bool:
    """A speech verb that says what follows: not «не сообщил, что …», but «не исключил, что …»."""
    return is_speech_verb(verb) and (not is_negated(verb) or normal(verb.lemma_) in words("negated_speech_verbs"))


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


# ---------------------------------------------------------------- direct speech


def attribution_after(doc: Doc, text: str, end: int) -> Token | None:
    """«…», — сказал он: a speech verb right after the closing quote and a dash."""
    tail = text[end + 1:end + 8]
    if not re.match(rf"^\s*[,.!?…]?\s*[{DASHES}]", tail):
        return None
    token = doc.char_span(end, end + 1, alignment_mode="expand")
    if token is None:
        return None
    sent_end = token[0].sent.end
    for t in doc[token.end:min(sent_end, token.end + 6)]:
        if is_speech_verb(t):
            return t
    return None


def attribution_next(doc: Doc, text: str, start: int, end: int) -> Token | None:
    """«…». Так прокомментировал ситуацию X: a quotation that is its sentence, and a speech
    verb right after «Так» opening the next sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sentence = span[0].sent
    if text[sentence.start_char:start - 1].strip() or text[end + 1:sentence.end_char].strip(" .!?…\n"):
        return None
    if sentence.end + 1 >= len(doc) or doc[sentence.end].lower_ != "так":
        return None
    following = doc[sentence.end + 1]
    return following if is_speech_verb(following) else None


def attribution_that(doc: Doc, start: int) -> Token | None:
    """«отметил, что «двери открыты»»: the speech verb whose «что» opens the quotation."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 2].lower_ != "что":
        return None
    conj = doc[span.start - 2]
    return next((t for t in reversed(list(doc[conj.sent.start:conj.i])) if asserts(t) and that_clause(t) == conj), None)


def before_colon(doc: Doc, text: str, start: int) -> Span | None:
    """The words of the sentence before the colon that opens the quotation at ``start``."""
    if ":" not in text[max(0, start - 3):start - 1]:
        return None
    span = doc.char_span(max(0, start - 3), start, alignment_mode="expand")
    return None if span is None else doc[span[0].sent.start:span.start]


def attribution_before(doc: Doc, text: str, start: int) -> Token | None:
    """X ответил: «…» — a speech verb in the clause ending with a colon before the quote."""
    before = before_colon(doc, text, start)
    return None if before is None else next((t for t in reversed(list(before)) if is_speech_verb(t)), None)


def name_before_colon(doc: Doc, text: str, start: int) -> Token | None:
    """«Сомов: «…»», «Министр Сомов: «…»»: a headline's speaker, a person's name (with
    words of his title) and nothing else before the colon that opens the quote."""
    before = [t for t in before_colon(doc, text, start) or () if not t.is_space]
    if not before or len(before) > MAX_SPEAKER_WORDS or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in before):
        return None
    people = [t for t in before if t.ent_type_ == "PER" and t._.actor]
    return people[-1] if people else None


def according_to(sentence: Span, before: int) -> Token | None:
    """«по словам X» before ``before`` in the sentence: returns «словам»."""
    for t in sentence:
        if t.idx >= before:
            break
        if is_according_to(t):
            return t
    return None


@lru_cache(maxsize=1)
def according_lemmas() -> frozenset[str]:
    """The nouns of «по … X» that :func:`is_according_to` accepts."""
    return words("according_to_words") | words("source_words")


def is_according_to(word: Token) -> bool:
    """«по словам …», «по его мнению» (``according_to_words``), «по данным …» (``source_words``)."""
    doc = word.doc
    if normal(word.lemma_) not in according_lemmas() or word.i == 0:
        return False
    return doc[word.i - 1].lower_ == "по" or (word.i > 1 and doc[word.i - 2].lower_ == "по")


def according_to_speaker(word: Token) -> Token | None:
    """The speaker of «по словам X» / «по его словам»."""
    doc = word.doc
    if doc[word.i - 1].lower_ in ("его", "ее", "её", "их"):
        return doc[word.i - 1]
    for t in doc[word.i + 1:word.sent.end]:
        if t.is_punct:
            break
        if t.pos_ in ("NOUN", "PROPN", "PRON") or t.ent_iob_ == "B":  # «по данным The Times»: X, foreign
            after = doc[t.i + 1] if t.i + 1 < word.sent.end else None
            if not t._.actor and not is_role_word(t) and after is not None and after._.actor and after.ent_iob_ == "B":
                return after  # «по данным агентства Блумберг»: the name after the common noun
            return t
    return None


def speech_verb_in(sentence: Span) -> Token | None:
    return next((t for t in sentence if asserts(t)), None)


def interruptions(doc: Doc, text: str, start: int, end: int) -> tuple[Token, tuple[tuple[int, int], ...]] | None:
    """«…, — сказал X. — …», «…, — признал он, — но …»: the speech verb of the first attribution
    set off by dashes between ``start`` and ``end``, and the offsets of every such attribution."""
    verb, gaps, position = None, [], start
    while (opening := _ATTRIBUTION_OPENS.search(text, position, end)) is not None:
        closing = _ATTRIBUTION_CLOSES.search(text, opening.end(), end)
        if closing is None:
            break
        words_between = tokens_between(doc, opening.end(), closing.start())
        said = next((t for t in words_between if is_speech_verb(t)), None)
        if said is None or len([t for t in words_between if not t.is_punct]) > MAX_ATTRIBUTION_WORDS:
            position = opening.end()
            continue
        verb = verb or said
        gaps.append((opening.start() + (text[opening.start()] != ","), closing.end()))  # «!», «?» stay
        position = closing.end()
    return (verb, tuple(gaps)) if verb is not None else None


def resumes(previous: Candidate, text: str, start: int) -> bool:
    """«…», — сказал он. — «…»: the quotation at ``start`` goes on with the one before, whose
    attribution stands between them."""
    return (previous.kind == "direct" and previous.end < previous.anchor.idx < start
            and _QUOTE_RESUMES.fullmatch(text, previous.end, start) is not None)


def direct_candidates(
    doc: Doc, text: str, quotes: list[tuple[int, int]], clauses: list[tuple[int, int]]
) -> list[Candidate]:
    found: list[Candidate] = []
    for start, end in quotes:
        first = doc.char_span(start, end, alignment_mode="expand")
        if not first:  # «»: nothing quoted
            continue
        sentence = first[0].sent
        if found and resumes(found[-1], text, start):
            previous = found[-1]
            found[-1] = replace(previous, end=end, gaps=(*previous.gaps, (previous.end, start)))
            continue
        interrupted = interruptions(doc, text, start, end)
        if interrupted is not None:
            verb, gaps = interrupted
            found.append(Candidate(start, end, "direct", verb, speaker_head(verb), sentence, gaps=gaps))
            continue
        verb = (attribution_after(doc, text, end) or attribution_before(doc, text, start)
                or attribution_that(doc, start) or attribution_next(doc, text, start, end))
        if verb is not None:  # «Нет», — ответил он: said, however short
            found.append(Candidate(start, end, "direct", verb, speaker_head(verb), sentence))
            continue
        name = name_before_colon(doc, text, start)
        if name is not None:
            found.append(Candidate(start, end, "direct", name, name, sentence))
            continue
        if word_count(text[start:end]) < MIN_QUOTE_WORDS:
            continue  # a word or two in quotation marks is a name or a term, unless attributed
        word = according_to(sentence, start)
        if word is not None and not inside(start, clauses):
            found.append(Candidate(start, end, "direct", word, according_to_speaker(word), sentence))
            continue
        verb = speech_verb_in(sentence)
        if verb is not None and not inside(start, clauses):
            found.append(Candidate(start, end, "direct", verb, speaker_head(verb), sentence))
    return found


def dash_candidates(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Candidate]:
    """A paragraph of direct speech set off by dashes: «— Текст, — сказал он.»"""
    found = []
    for paragraph in re.finditer(r"[^\n]+", text):
        match = _DASH_SPEECH.match(paragraph.group())
        if not match or inside(paragraph.start(), quotes):
            continue
        start = paragraph.start() + match.start("text")
        interrupted = interruptions(doc, text, start, paragraph.end())
        if interrupted is not None:  # «— …, — сказал он. — …»: the paragraph is the words said
            verb, gaps = interrupted
            end = start + len(text[start:paragraph.end()].rstrip(" ."))
            found.append(Candidate(start, end, "direct", verb, speaker_head(verb), verb.sent, gaps=gaps))
            continue
        end = paragraph.start() + match.end("text")
        verb_span = doc.char_span(end, paragraph.end(), alignment_mode="expand")
        verb = next((t for t in verb_span if is_speech_verb(t)), None) if verb_span else None
        if verb is not None:
            found.append(Candidate(start, end, "direct", verb, speaker_head(verb), verb.sent))
    return found


# ---------------------------------------------------------------- reported speech


def clause_end(verb: Token, start_token: Token, quotes: list[tuple[int, int]]) -> int:
    """Where the reported words stop: the sentence end, or before the next speech verb's
    clause (or a speech converb with a «что» of its own, of the verb or of its clause, after
    a comma: «добавил, что готов к диалогу, отметив, что …», not «…, говоря о прогрессе»);
    a speech verb the words quote («заявил, что они «говорят одним голосом»») is
    part of them (``quotes``: the document's quotations)."""
    sentence = verb.sent
    end_token = last_word(verb.doc, start_token.i, sentence.end - 1)
    for t in verb.doc[start_token.i + 1:sentence.end]:
        if t.i > end_token:
            break
        if is_speech_verb(t) and not inside(t.idx, quotes) and (morph_values(t, "VerbForm") == ["Fin"] or (
                morph_values(t, "VerbForm") == ["Conv"] and verb.doc[t.i - 1].text == "," and that_clause(t) is not None
                and (t.head == verb or t.head.head == verb and t.head.dep_ == "ccomp"))):  # «…, отметив, что …»
            cut = t.i
            subject = speaker_head(t)
            if subject is not None and subject.i < t.i and subject.i > start_token.i:
                cut = subject.left_edge.i
            while cut > start_token.i and not verb.doc[cut - 1].is_punct:
                cut -= 1
            if cut > start_token.i + 1:
                end_token = cut - 2
                while verb.doc[end_token].lower_ in CLAUSE_BREAKS or ends_nothing(verb.doc[end_token]):
                    end_token -= 1
            break
    end_token = relative_clause_end(verb, start_token.i, end_token)
    last = closing_quote(verb.doc, start_token.i, end_token)
    return last.idx + len(last)


def relative_clause_end(verb: Token, first: int, end: int) -> int:
    """«X, который заявил, что не поедет в Рим, всё же прибыл …»: a speech verb in a relative
    clause on a name left without a predicate of its own (the parser's root) reports words
    that end before the comma after which that predicate comes, a finite verb agreeing with
    the speech verb; ``end`` otherwise."""
    doc = verb.doc
    if not (verb.dep_ == "acl:relcl" and verb.head.dep_ == "ROOT"
            and any(c.dep_ == "nsubj" and normal(c.lemma_) == "который" for c in verb.children)):
        return end
    agreement = [morph_values(verb, feature) for feature in ("Gender", "Number")]
    for comma in range(end, first + 1, -1):
        if doc[comma].text != ",":
            continue
        after = comma + 1
        while after <= end and doc[after].pos_ in ("PART", "ADV"):
            after += 1
        predicate = doc[after] if after <= end else None
        if (predicate is not None and predicate.pos_ == "VERB" and morph_values(predicate, "VerbForm") == ["Fin"]
                and [morph_values(predicate, feature) for feature in ("Gender", "Number")] == agreement):
            return last_word(doc, first, comma - 1)
    return end


def last_word(doc: Doc, first: int, last: int) -> int:
    """The index of the last token from ``last`` back to ``first`` that words may end with:
    no space, and no punctuation but :func:`ends_nothing`'s exceptions."""
    while last > first and (ends_nothing(doc[last]) or doc[last].is_space):
        last -= 1
    return last


def ends_nothing(token: Token) -> bool:
    """Punctuation the reported words do not end with; a sign of what a number counts does
    («вырос на 15%»)."""
    return token.is_punct and token.text not in UNIT_SIGNS


def closing_quote(doc: Doc, start: int, end: int) -> Token:
    """The words' last token, or the quotation mark right after it that closes one opened
    in them («готов к «серьезному диалогу»»)."""
    following = doc[end + 1] if end + 1 < len(doc) else None
    if following is None or following.text not in CLOSING_QUOTES:
        return doc[end]
    words = doc[start:following.i].text  # Doc.text joins the whole document
    if following.text == STRAIGHT_QUOTE:
        return following if words.count(STRAIGHT_QUOTE) % 2 == 1 else doc[end]
    opened = sum(map(words.count, QUOTE_PAIRS)) > sum(map(words.count, QUOTE_PAIRS.values()))
    return following if opened else doc[end]


def colon_after(verb: Token) -> Token | None:
    """«X подчеркнул: переговоры будут продолжены», «заявил журналистам Y: …»: the colon
    after the verb and the words of who spoke and to whom (no object: «отметили три сферы:
    …» lists), words following it."""
    doc, end = verb.doc, verb.sent.end
    for t in doc[verb.i + 1:min(end - 1, verb.i + MAX_THAT_DISTANCE)]:
        if t.text == ":":
            following = doc[t.i + 1]
            return None if following.is_space or following.is_punct and following.text not in OPENING_QUOTES else t
        if t.is_punct or t.pos_ not in SPEAKER_PHRASE_POS or t.dep_ == "obj":
            return None  # «отметили три сферы: …» lists what it names
    return None


def that_clause(verb: Token) -> Token | None:
    """The «что» that opens a verb's complement clause after the verb and the phrases of
    whom and when it was said to («заявил журналистам перед началом саммита, что»), not
    past another verb or clause."""
    doc, phrase = verb.doc, phrase_word(verb)
    for t in doc[verb.i + 1:min(verb.sent.end, verb.i + MAX_THAT_DISTANCE)]:
        if t.lower_ == "что":
            return t
        if t == phrase:  # «дал понять, что»
            continue
        if is_speech_verb(t) or t.pos_ in ("VERB", "AUX") or (t.is_punct and not t.ent_type_ and not (
                t.text == "," and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "что")):
            return None
    return None


def reported_candidates(doc: Doc, quotes: list[tuple[int, int]], lemmas: list[str]) -> list[Candidate]:
    """Reported speech around each speech verb; ``lemmas`` are the document's normal lemmas."""
    found = []
    for verb in tokens_with_lemma(doc, lemmas, speech_lemmas()):
        if not asserts(verb) or inside(verb.idx, quotes):
            continue
        sentence = verb.sent
        lemma = normal(verb.lemma_)
        conj = that_clause(verb)
        if conj is not None and conj.i + 1 < sentence.end:
            first = doc[conj.i + 1]
            if first.text in OPENING_QUOTES:
                continue  # «заявил, что «…»»: the quotation itself is the direct statement
            found.append(Candidate(first.idx, clause_end(verb, first, quotes), "indirect", verb, speaker_head(verb), sentence))
        elif verb.i > sentence.start and doc[verb.i - 1].lower_ == "как" and doc[verb.i - 1].i >= sentence.start:
            speaker = speaker_head(verb)
            comma = next_comma(doc, verb.i, sentence)
            while comma is not None and comma.i + 1 < sentence.end and describes(doc[comma.i + 1], speaker):
                comma = next_comma(doc, comma.i + 1, sentence)  # «Как рассказал источник, знакомый с …, X …»
            if comma is not None and comma.i + 1 < sentence.end and not is_speech_verb(doc[comma.i + 1]):
                first = doc[comma.i + 1]  # not «X, как сообщает агентство, заявил, что …»: X's own words
                found.append(Candidate(first.idx, clause_end(verb, first, quotes), "indirect", verb, speaker, sentence))
        elif lemma in words("naming_verbs") and morph_values(verb, "VerbForm") == ["Fin"]:
            last = naming_phrase_end(verb)
            if last.i > verb.i and evaluates(verb, last):
                found.append(Candidate(verb.idx, last.idx + len(last), "indirect", verb, speaker_head(verb), sentence))
        elif _reports_about(verb):
            about = doc[verb.i + 1]
            end = next((t for t in doc[about.i + 1:sentence.end] if t.is_punct or t.pos_ == "VERB" and morph_values(
                t, "VerbForm") == ["Fin"]), doc[sentence.end - 1])
            stop = min([end.i] + [c.left_edge.i for c in end.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < end.i])
            last = doc[max(about.i + 1, stop - 1)]  # not the clause of a headline run into the text
            found.append(Candidate(about.idx, last.idx + len(last), "indirect", verb, speaker_head(verb), sentence))
        elif morph_values(verb, "VerbForm") == ["Fin"] and _ends_sentence(verb) and verb.i - 1 > sentence.start and doc[verb.i - 1].text == ",":
            start = _after_about_that(sentence) or next(t for t in sentence if not t.is_space)
            end = doc[verb.i - 2]
            if doc[verb.i - 2].text in DASHES:
                end = doc[verb.i - 3]
            if not inside(start.idx, quotes):
                found.append(Candidate(start.idx, end.idx + len(end), "indirect", verb, speaker_head(verb), sentence))
        elif _about_this(verb):
            previous = _previous_sentence(sentence)
            if previous is not None and not any(asserts(t) for t in previous):  # else it has its own speaker
                last = doc[last_word(doc, previous.start, previous.end - 1)]  # not the sentence's full stop
                found.append(Candidate(previous.start_char, last.idx + len(last), "indirect", verb, speaker_head(verb),
                                       previous))
        elif (colon := colon_after(verb)) is not None:
            first = doc[colon.i + 1]  # «подчеркнул: «…»» is direct
            if first.text not in OPENING_QUOTES:
                found.append(Candidate(first.idx, clause_end(verb, first, quotes), "indirect", verb, speaker_head(verb), sentence))
    return found


def next_comma(doc: Doc, start: int, sentence: Span) -> Token | None:
    return next((t for t in doc[start:sentence.end] if t.text == ","), None)


def describes(word: Token, speaker: Token | None) -> bool:
    """«источник, знакомый с ходом переговоров»: an adjective or participle on the speaker;
    «один из участников, генерал X, …»: the apposition that names him; right after the
    first comma after the speaker."""
    if speaker is None or word.i - 1 != comma_after(speaker):
        return False
    return word.head == speaker and word.dep_ in ("amod", "acl") or (
        one_of(speaker) is not None and name_between_commas(speaker) is not None)


def naming_phrase_end(verb: Token) -> Token:
    """The last word of «назвал переговоры продуктивными», «назвал беседу «конструктивной»»:
    up to the first punctuation or new clause, a quoted word included."""
    doc, sentence = verb.doc, verb.sent
    last, closing = verb, None
    for token in doc[verb.i + 1:sentence.end]:
        if closing is not None:
            last = token
            closing = None if token.text == closing else closing
        elif token.text in OPENING_QUOTES:
            last, closing = token, QUOTE_PAIRS.get(token.text, STRAIGHT_QUOTE)
        elif token.is_punct or _opens_clause(token):
            break
        else:
            last = token
    return last


def evaluates(verb: Token, last: Token) -> bool:
    """A naming verb's phrase says what it called the thing: a word in the instrumental
    («назвал переговоры продуктивными», «назвал это провокацией»), a quotation, «как …»
    («охарактеризовал как деловую»), or a qualitative adverb on the verb («высоко оценил»);
    not «оценила итоги встречи иначе»."""
    phrase = verb.doc[verb.i + 1:last.i + 1]
    return any(case_of(t) == "Ins" and t.pos_ in ("ADJ", "NOUN", "PROPN") or t.text in OPENING_QUOTES
               or t.lower_ == "как" for t in phrase) or any(
        c.dep_ == "advmod" and c.pos_ == "ADV" and c.lower_.endswith("о") for c in verb.children)


def _reports_about(verb: Token) -> bool:
    """«сообщил о предварительных итогах …»: the topic reported is the words said; not
    «сообщил об этом», whose topic is told elsewhere."""
    doc = verb.doc
    following = doc[verb.i + 1] if verb.i + 1 < verb.sent.end else None
    topic = doc[verb.i + 2] if verb.i + 2 < verb.sent.end else None
    return (
        following is not None
        and following.lower_ in ("о", "об")
        and topic is not None and normal(topic.lemma_) not in words("anaphoric_pronouns")
        and morph_values(verb, "VerbForm") == ["Fin"]
        and normal(verb.lemma_) in words("reporting_verbs")
    )


def _opens_clause(token: Token) -> bool:
    return token.pos_ == "CCONJ" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].pos_ == "VERB"


def _after_comma(tokens: list[Token], test) -> int | None:
    """Where in ``tokens`` the first word right after a comma that passes ``test`` stands."""
    return next((i for i, t in enumerate(tokens) if i and tokens[i - 1].text == "," and test(t)), None)


def _ends_sentence(verb: Token) -> bool:
    """«…, уточнил Зуев.», «…, заявил Зуев на встрече со студентами.»: nothing but the
    speaker, phrases of where and when, and a full stop after the verb; no clause of its
    own, though an outlet relaying it may follow («…, заявил Зуев, передает агентство.»),
    and a converb clause («…, сообщает газета, ссылаясь на источники.», «…, заявил Зуев,
    добавив, что …»)."""
    rest = [t for t in verb.doc[verb.i + 1:verb.sent.end] if not t.is_space]
    citing = _after_comma(rest, lambda t: morph_values(t, "VerbForm") == ["Conv"])
    if citing is not None:  # «…, сообщает газета, ссылаясь на источники.», «…, заявил X, добавив, что …»
        rest = rest[:citing - 1] + rest[-1:]
    relayed = _after_comma(rest, asserts)
    if relayed is not None:
        rest = rest[:relayed - 1] + rest[relayed + 1:]
    if any(c.dep_ == "obj" or (c.dep_ == "nsubj" and c.i < verb.i) for c in verb.children):
        return False  # «Зуев, в свою очередь, подтвердил договоренность»: what he said is its object
    return bool(rest) and rest[-1].is_punct and all(t.pos_ in SPEAKER_PHRASE_POS for t in rest)


def _about_this(verb: Token) -> bool:
    """«Об этом сообщил …», «Об этом французский лидер заявил …»: the words reported are the
    sentence before."""
    words_before = [t for t in verb.sent[:verb.i - verb.sent.start] if not t.is_space]
    head = [t.lower_ for t in words_before[:2]]
    between = words_before[2:]
    return head in (["об", "этом"], ["о", "том"]) and len(between) <= MAX_SPEAKER_WORDS and all(
        t.pos_ in SPEAKER_PHRASE_POS for t in between
    )


def _after_about_that(sentence: Span) -> Token | None:
    """«(Однако) о том, что X, сказал Y»: the first word of X."""
    tokens = [t for t in sentence if not t.is_space]
    if tokens and tokens[0].lower_ in CLAUSE_BREAKS | {"однако"}:
        tokens = tokens[1:]
    if [t.lower_ for t in tokens[:4]] in (["о", "том", ",", "что"], ["об", "этом", ",", "что"]) and len(tokens) > 4:
        return tokens[4]
    return None


def _previous_sentence(sentence: Span) -> Span | None:
    previous = None
    for sent in sentence.doc.sents:
        if sent.start >= sentence.start:
            break
        if sent.text.strip():
            previous = sent
    return previous


def according_candidates(doc: Doc, quotes: list[tuple[int, int]], lemmas: list[str]) -> list[Candidate]:
    """«По словам X, …» outside quotes; ``lemmas`` are the document's normal lemmas."""
    found = []
    for word in tokens_with_lemma(doc, lemmas, according_lemmas()):
        if not is_according_to(word):
            continue
        source = according_to_speaker(word)
        after = source.right_edge.i if source is not None and source.i > word.i else word.i
        comma = next((t for t in doc[after:word.sent.end] if t.text == ","), None)
        if comma is None or comma.i + 1 >= word.sent.end:
            continue
        first = doc[comma.i + 1]
        if is_relative(first):  # «по словам чиновников, которые …, TEXT»
            comma = next((t for t in doc[first.i:word.sent.end] if t.text == ","), None)
            if comma is None or comma.i + 1 >= word.sent.end:
                continue
            first = doc[comma.i + 1]
        if inside(first.idx, quotes) or first.text in OPENING_QUOTES:
            continue
        named_only = normal(word.lemma_) in words("source_words")
        found.append(Candidate(first.idx, clause_end(word, first, quotes), "indirect", word, source, word.sent, named_only))
    return found


# ---------------------------------------------------------------- together


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def extract_statements(doc: Doc) -> list[Statement]:
    text = doc.text  # spaCy joins every token on each access: read it once
    quotes = quote_spans(text)
    quoted = quote_spans(text, unclosed=True)
    lemmas = normal_lemmas(doc)
    reported = reported_candidates(doc, quoted, lemmas) + according_candidates(doc, quoted, lemmas)
    clauses = [(c.start, c.end) for c in reported if c.anchor.lower_ != "слово"]
    direct = direct_candidates(doc, text, quotes, clauses) + dash_candidates(doc, text, quoted)
    reported = [c for c in reported if not any(_overlaps(c, d) for d in direct)]
    resolver = SpeakerResolver(doc)
    statements = []
    seen = set()
    for candidate in sorted(direct + reported, key=lambda c: (c.anchor.i, c.start)):
        speaker = resolver.resolve(candidate.speaker_head)
        if speaker is None or (candidate.start, candidate.end) in seen:
            continue
        if candidate.named_only and speaker.name in (None, ANONYMOUS):
            continue
        seen.add((candidate.start, candidate.end))
        statements.append((candidate, to_statement(doc, text, candidate, speaker)))
    return sorted((s for c, s in statements if not relays_another(c, s, statements)), key=lambda s: s.start)


def relays_another(candidate: Candidate, statement: Statement, statements: list[tuple[Candidate, Statement]]) -> bool:
    """«X заявил, что …, передает агентство», «По словам X, …, сообщает агентство»: words
    named as said before their speaker holding a statement of another speaker; the outlet
    only relays that statement."""
    return candidate.anchor.idx >= candidate.end and any(
        other is not statement and other.speaker != statement.speaker
        and statement.start <= other.start and other.end <= statement.end for _, other in statements)


def said_parts(doc_text: str, candidate: Candidate) -> list[tuple[int, int]]:
    """Offsets of the words said: the candidate's span without its attributions, each part
    without the punctuation and spaces at its ends."""
    bounds = [candidate.start, *(offset for gap in candidate.gaps for offset in gap), candidate.end]
    parts = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        raw = doc_text[start:end]
        start += len(raw) - len(raw.lstrip(LEADING_PUNCTUATION))
        parts.append((start, start + len(raw.strip(LEADING_PUNCTUATION))))
    return parts


def to_statement(doc: Doc, doc_text: str, candidate: Candidate, speaker: Speaker) -> Statement:
    parts = said_parts(doc_text, candidate)
    start, end = parts[0][0], parts[-1][1]
    mentioned = [
        t._.actor for part in parts for t in tokens_between(doc, *part)
        if t.ent_iob_ == "B" and t._.actor and t._.actor != speaker.name
    ]
    sentence = candidate.sentence
    if len(parts) > 1:  # «…, — сказал он. — …»: the sentences the words run over
        words_said = doc.char_span(start, end, alignment_mode="expand")
        sentence = doc[sentence.start:max(sentence.end, words_said[-1].sent.end)]
    return Statement(
        speaker=speaker.name,
        text=f" {OMISSION} ".join(doc_text[a:b] for a, b in parts),
        kind=candidate.kind,
        speaker_label=speaker.label,
        mentions=list(dict.fromkeys(mentioned)),
        evidence=sentence.text.strip(),
        start=start,
        end=end,
        anchor=doc_text[start:end] if len(parts) > 1 else None,
    )
