"""The spaCy document model for Russian, filled from Natasha/Slovnet.

The pretrained spaCy Russian pipelines cannot be installed here, so
``spacy.blank("ru")`` gets a razdel tokenizer (the one Natasha uses) and a
registered ``natasha`` component that fills sentence boundaries, morphology,
heads, dependency labels and ``Doc.ents`` from the Slovnet models shipped in the
``natasha`` wheel; ``memo_lemmatizer`` (spaCy's pymorphy3 lemmatizer, memoised) then
adds lemmas. Extraction
reads only the spaCy Doc, so ``--model NAME`` can swap in any spaCy pipeline.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy
import spacy
from navec import Navec
from navec.meta import Meta
from navec.pq import PQ
from navec.tar import Tar
from navec.vocab import Vocab as NavecVocab
from razdel import sentenize
from razdel.segmenters.tokenize import ATOM, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as token_segmenter
from slovnet.chop import chop
from slovnet.conll import parse_conll_tag
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LENGTH, MORPH, ORTH, POS, SPACY
from spacy.lang.ru import lemmatizer as ru_lemmatizer
from spacy.lang.ru.lemmatizer import RussianLemmatizer
from spacy.language import Language
from spacy.tokens import Doc, MorphAnalysis, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

_PARAGRAPH = re.compile(r"[^\n]+")
_LETTER_END = re.compile(r"(?<![\w.])[A-ZА-ЯЁ]\.(?=\s+([A-ZА-ЯЁ]\w*|\d+))")
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "ADVB", "INTJ"}
"""pymorphy3 parts of speech of words that open a sentence but never follow an initial."""


class RazdelTokenizer:
    """Tokens from razdel; runs of whitespace other than one space become space tokens."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        offset = 0
        for start, stop in razdel_spans(text):
            if start > offset:
                add_gap(text[offset:start], words, spaces)
            words.append(text[start:stop])
            spaces.append(False)
            offset = stop
        add_gap(text[offset:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)


@spacy.registry.tokenizers("kg.razdel_tokenizer")
def create_razdel_tokenizer():
    """The tokenizer named in the pipeline's config, so spaCy never builds (and compiles the
    rules of) the default Russian tokenizer it would replace (0.1 s of every start)."""
    return lambda nlp: RazdelTokenizer(nlp.vocab)


def razdel_spans(text: str) -> Iterator[tuple[int, int]]:
    """Start and stop offsets of the tokens ``razdel.tokenize`` finds, found faster.

    razdel builds a ``TokenSplit`` (with its atoms) for every pair of neighbouring
    atoms, then splits wherever space lies between them without asking its rules.
    Here only the pairs that touch are built and put to razdel's own rules, so
    the tokens are the same; tests/test_nlp.py compares the two.
    """
    matches = list(ATOM.finditer(text))
    atoms: dict[int, Atom] = {}

    def atom(k: int) -> Atom:
        if k not in atoms:
            match = matches[k]
            atoms[k] = Atom(match.start(), match.end(), match.lastgroup, match.group())
        return atoms[k]

    window = token_segmenter.split.window
    start = matches[0].start() if matches else 0
    for k in range(1, len(matches)):
        stop = matches[k - 1].end()
        if stop == matches[k].start():
            left = [atom(j) for j in range(max(0, k - window), k)]
            right = [atom(j) for j in range(k, min(len(matches), k + window))]
            split = TokenSplit(left, "", right)
            split.buffer = text[start:stop]
            if token_segmenter.join(split):
                continue
        yield start, stop
        start = matches[k].start()
    if matches:
        yield start, matches[-1].end()


def add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """One space after a word is the word's trailing space; anything else is a token."""
    if words and gap.startswith(" "):
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


def sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """Sentences never cross a line break: headlines and bylines stand alone."""
    for paragraph in _PARAGRAPH.finditer(text):
        for sent in sentenize(paragraph.group()):
            if sent.text.strip():
                base = paragraph.start() + sent.start
                start = base
                for end, following in letter_ends(sent.text):
                    yield start, base + end
                    start = base + following
                yield start, paragraph.start() + sent.stop


def letter_ends(sentence: str) -> Iterator[tuple[int, int]]:
    """Where a sentence razdel took for one ends after a capital letter and a full stop,
    which it reads as an initial («написал в соцсети X. Ранее он …», «Ван И. Он …»): before
    a function word («Ранее», «Он», «В») or a number («Ван И. 12 февраля …»), as a surname
    after an initial never is. Yields the end and where the next sentence starts."""
    from kg.names import parses  # kg.names builds on this module

    for match in _LETTER_END.finditer(sentence):
        word = match.group(1)
        if word.isdigit():
            yield match.end(), match.start(1)
            continue
        if len(word) == 1 and sentence[match.end(1):match.end(1) + 1] == ".":
            continue  # «В. В. Сомов»: another initial
        following = parses(word.lower())
        if following and (following[0].tag.POS in FUNCTION_POS or opens_a_description(following)):
            yield match.end(), match.start(1)


def opens_a_description(readings) -> bool:
    """A word no surname is that opens a title for someone just named: a relational
    adjective or an animate common noun («Ван И. Американский дипломат …», «… Ван И.
    Министр заявил …»), which pymorphy3 never reads as a name («Толстой», «Зеленский» it does)."""
    if any({"Surn", "Name", "Patr"} & r.tag.grammemes for r in readings) or not readings[0].is_known:
        return False
    first = readings[0].tag
    return (first.POS == "ADJF" and "Qual" not in first) or (first.POS == "NOUN" and first.animacy == "anim")


@lru_cache(maxsize=1)
def natasha_models():
    """Load the Slovnet models once per process."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = news_embedding()
    with words_indexed_once(embedding.vocab):
        return NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)


@contextmanager
def words_indexed_once(embedding_vocab: NavecVocab) -> Iterator[None]:
    """Slovnet packs that carry the embedding's word list share its word index.

    Each of the three packs holds the same 250,002 words as the embedding, and slovnet
    builds a dictionary of them for each: 0.3 s of every process that loads the models
    (every ``kg build``, pool worker and Dask worker). While the models load, a pack
    vocabulary whose words are the embedding's gets the embedding's index; any other
    is read as slovnet reads it.
    """
    from slovnet import vocab as slovnet_vocab
    from slovnet.exec import pack

    words, ids = embedding_vocab.words, embedding_vocab.word_ids

    def read_vocab(data: bytes) -> slovnet_vocab.Vocab:
        items = gzip.decompress(data).decode("utf-8").splitlines()
        if items != words:
            return slovnet_vocab.Vocab(items)
        shared = slovnet_vocab.Vocab.__new__(slovnet_vocab.Vocab)
        shared.items, shared.item_ids = words, ids
        shared.unk_id, shared.pad_id = ids.get(slovnet_vocab.UNK), ids.get(slovnet_vocab.PAD)
        return shared

    original, pack.bytes_vocab = pack.bytes_vocab, read_vocab
    try:
        yield
    finally:
        pack.bytes_vocab = original


class LookupPQ(PQ):
    """navec's product quantizer without the norms and centroid products it precomputes
    for similarity queries: the taggers only look vectors up by their indexes and codes,
    and the tables cost a third of a second in every process that loads the models."""

    def precompute(self) -> None:
        """Only what a lookup (``pq[id]``) needs."""
        self.qdims = numpy.arange(self.qdim)


def news_embedding() -> Navec:
    """Natasha's news embedding (what ``natasha.NewsEmbedding`` loads) with a :class:`LookupPQ`."""
    from natasha.data import NEWS_EMBEDDING

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load("meta.json"))
        Meta.check_protocol(meta.protocol)
        return Navec(meta, NavecVocab.from_file(tar.load("vocab.bin")), LookupPQ.from_file(tar.load("pq.bin")))


class NatashaAnnotator:
    """Fill a razdel-tokenized Doc with Slovnet morphology, syntax and NER."""

    def __init__(self, nlp: Language, name: str, batch_size: int):
        self.name = name
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= (batch_size or self.batch_size):
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        """Each document is tagged on its own, never in a model batch with another one.

        The Slovnet models pad a batch to its longest item, and float rounding
        varies with the batch's shape: the parser's near-ties (two candidate
        heads) then fall differently. Batching within the document only keeps
        an article's parse independent of its neighbours, so facts do not
        depend on chunking, workers, engine or cache. Within a document the
        sentences go to the models shortest first (less padding; the order is
        the document's own) and the answers are put back in text order.
        """
        morph_tagger, syntax_parser, ner_tagger = natasha_models()
        for doc in docs:
            text = doc.text  # spaCy joins every token on each access: read it once
            sents = sentence_tokens(doc, text)
            orths = [token.text for token in doc]
            words = [[orths[i] for i in sent] for sent in sents]
            order = sorted(range(len(words)), key=lambda k: len(words[k]))
            ordered = [words[k] for k in order]
            morph: list = [None] * len(words)
            syntax: list = [None] * len(words)
            for k, tags, parse in zip(order, morph_tags(morph_tagger, ordered), syntax_parses(syntax_parser, ordered)):
                morph[k], syntax[k] = tags, parse
            fill_doc(doc, sents, morph, syntax)
            if sents:  # Slovnet's NER fails on a text with no words
                set_entities(doc, text, next(iter(ner_tagger.map([text]))).spans)
        return docs


def sentence_tokens(doc: Doc, text: str) -> list[list[int]]:
    """Indices of the non-space tokens of each sentence, cut at razdel's boundaries."""
    starts = [start for start, _ in sentence_bounds(text)]
    lengths, spaces, trailing = doc.to_array([LENGTH, IS_SPACE, SPACY]).astype("int64").T
    offsets = numpy.cumsum(lengths + trailing) - lengths - trailing  # Token.idx of every token
    words = numpy.flatnonzero(spaces == 0)
    if not len(words):
        return []
    sentence = numpy.searchsorted(starts, offsets[words], side="right")
    cuts = [0, *(numpy.flatnonzero(numpy.diff(sentence)) + 1).tolist(), len(words)]
    indices = words.tolist()
    return [indices[a:b] for a, b in zip(cuts, cuts[1:])]  # numpy.split costs more on short pieces


def morph_tags(tagger, sentences: list[list[str]]) -> Iterator[list[str]]:
    """Each sentence's Slovnet morphology tags («NOUN|Case=Nom|Number=Sing»): the model
    run as ``tagger.map`` runs it (same chunks, same batches), without the two records per
    word (slovnet's, then natasha's) that ``map`` builds around each tag."""
    infer = tagger.infer
    for chunk in chop(sentences, tagger.batch_size):
        yield from infer.decoder(infer.process(infer.encoder(chunk)))


def syntax_parses(parser, sentences: list[list[str]]) -> Iterator[tuple[list[int], list[str]]]:
    """Each sentence's Slovnet heads (1-based, 0 for the root) and relations, run as
    ``parser.map`` runs the model, without its records and string ids."""
    infer = parser.infer
    decode = infer.decoder.rels_vocab.decode
    for chunk in chop(sentences, parser.batch_size):
        for head_ids, rel_ids in infer.process(infer.encoder(chunk)):
            yield head_ids.tolist(), [decode(rel) for rel in rel_ids.tolist()]


@lru_cache(maxsize=4096)
def ud_tag(tag: str) -> tuple[str, str]:
    """A Slovnet morphology tag as its POS and a UD FEATS string (the features sorted, as
    natasha's ``MorphToken.feats`` read them); cached, as a few thousand tags cover a corpus."""
    pos, feats = parse_conll_tag(tag)
    return pos, "|".join(f"{k}={v}" for k, v in sorted(feats.items()))


def fill_doc(doc: Doc, sents: list[list[int]], morph: list, syntax: list) -> None:
    """Write POS, morphology, heads and labels in one ``Doc.from_array`` call, from each
    sentence's :func:`morph_tags` and :func:`syntax_parses`.

    Whitespace tokens hang off the token before them so sentences stay contiguous.
    """
    pos = ["SPACE"] * len(doc)
    feats = [""] * len(doc)
    heads = [i - 1 if i else 0 for i in range(len(doc))]
    deps = ["dep"] * len(doc)
    for indices, tags, (head_ids, rels) in zip(sents, morph, syntax):
        root = None
        for i, tag, head, rel in zip(indices, tags, head_ids, rels):
            pos[i], feats[i] = ud_tag(tag)
            if 0 < head <= len(indices) and indices[head - 1] != i:
                heads[i], deps[i] = indices[head - 1], rel
            elif root is None:
                root = heads[i] = i
                deps[i] = "ROOT"
            else:  # one tree per sentence, so spaCy's sentences are razdel's
                heads[i], deps[i] = root, "parataxis"
        if root is None and indices:
            root = indices[0]
            heads[root], deps[root] = root, "ROOT"
        break_cycles(heads, deps, indices, root)
    if doc and doc[0].is_space:
        deps[0] = "ROOT"
    strings = doc.vocab.strings
    ids = {value: strings.add(value) for value in dict.fromkeys([*pos, *feats, *deps])}
    columns = [
        [ids[value] for value in pos],
        [ids[value] for value in feats],
        (numpy.array(heads, dtype="int64") - numpy.arange(len(doc))).view("uint64"),  # relative, as uint64
        [ids[value] for value in deps],
    ]
    doc.from_array([POS, MORPH, HEAD, DEP], numpy.array(columns, dtype="uint64").T)  # adds the morphology too


def break_cycles(heads: list[int], deps: list[str], indices: list[int], root: int | None) -> None:
    """Hang one word of each cycle in the parser's heads on the sentence's root: the rules
    walk subtrees and ancestors, which would never end in a cycle."""
    state: dict[int, bool] = {}  # False while on the path being walked, True once it reaches the root
    for start in indices:
        path, i = [], start
        while i not in state and heads[i] != i:
            state[i] = False
            path.append(i)
            i = heads[i]
        if state.get(i) is False:  # back on this path: a cycle through i
            heads[i], deps[i] = root, "parataxis"
        state.update(dict.fromkeys(path, True))


def set_entities(doc: Doc, text: str, spans) -> None:
    """Entity spans from NER offsets in ``text``; a name never runs across a line break,
    nor past a sentence's full stop («… принял Ван И. Ван И передал …»: two names)."""
    starts = [sent.start_char for sent in doc.sents]
    ents = []
    for span in spans:
        cuts = starts[bisect_right(starts, span.start):bisect_left(starts, span.stop)]
        for piece_start, piece_end in zip([span.start, *cuts], [*cuts, span.stop]):
            piece = text[piece_start:piece_end]
            if piece_end != span.stop:
                piece = piece.rstrip().removesuffix(".")
            offset = piece_start
            for part in piece.split("\n"):
                start = offset + len(part) - len(part.lstrip())
                end = offset + len(part.rstrip())
                ent = doc.char_span(start, end, label=span.type, alignment_mode="expand") if end > start else None
                if ent is not None:
                    ents.append(ent)
                offset += len(part) + 1
    doc.ents = filter_spans(ents)


@Language.factory("natasha", default_config={"batch_size": 16})
def make_natasha(nlp: Language, name: str, batch_size: int) -> NatashaAnnotator:
    return NatashaAnnotator(nlp, name, batch_size)


def index_sentences(doc: Doc) -> None:
    """Answer ``Token.sent`` and ``Span.sent`` from sentence bounds found once, through spaCy's user hooks.

    By default each ``Token.sent`` walks the tokens out to both sentence
    boundaries and builds two Spans; the rules ask it hundreds of times per
    article. The hooks give the same sentence: the one holding the token, or
    the span's first token.
    """
    bounds = [(0, 0)] * len(doc)
    for sent in doc.sents:
        bounds[sent.start:sent.end] = [(sent.start, sent.end)] * len(sent)
    doc.user_token_hooks["sent"] = lambda token: Span(token.doc, *bounds[token.i])
    doc.user_span_hooks["sent"] = lambda span: Span(span.doc, *bounds[span.start])


def morph_values(token: Token, field: str) -> list[str]:
    """``token.morph.get(field)``, memoised per analysis: spaCy builds a numpy array on every call."""
    return list(_morph_values(token.morph, field))


def morph_value(token: Token, field: str) -> str | None:
    """``token.morph.to_dict().get(field)``, memoised per analysis."""
    return _morph_dict(token.morph).get(field)


@lru_cache(maxsize=8192)
def _morph_values(morph: MorphAnalysis, field: str) -> tuple[str, ...]:
    return tuple(morph.get(field))


@lru_cache(maxsize=8192)
def _morph_dict(morph: MorphAnalysis) -> dict[str, str]:
    return morph.to_dict()


def _register_extensions() -> None:
    """Article metadata travels on the Doc itself."""
    for name in ("article_id", "date"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_register_extensions()


def make_nlp(model: str | None = None) -> Language:
    """The Natasha-backed pipeline, or an installed spaCy pipeline by name."""
    if model:
        return spacy.load(model)
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "kg.razdel_tokenizer"}}})
    nlp.add_pipe("natasha")
    nlp.add_pipe("memo_lemmatizer")
    nlp.initialize()
    return nlp


LEMMA_MEMO_SIZE = 200_000
VERB_FORMS = {"VERB", "INFN", "PRTF", "PRTS", "GRND"}
"""pymorphy3's parts of speech of a verb's forms: finite, infinitive, participles, gerund."""


# spaCy's OpenCorpora → UD tag conversion, memoised for its lemmatizer and ours: it rebuilds
# its tables and sorts them for each grammeme, and pymorphy3 has a few hundred tags, so it
# cost most of a lemma's first sight. A pure function, and its callers only read the result.
if not hasattr(ru_lemmatizer.oc2ud, "cache_info"):
    ru_lemmatizer.oc2ud = lru_cache(maxsize=None)(ru_lemmatizer.oc2ud)
oc2ud = ru_lemmatizer.oc2ud


class MemoLemmatizer(RussianLemmatizer):
    """spaCy's pymorphy3 lemmatizer, asked once per (word, POS, features) and applied to a
    whole Doc through its arrays.

    A lemma depends on nothing but the token's text, POS and morphological features,
    so the memo gives the lemmas spaCy's own component gives (``tests/test_nlp.py``).
    Memoising halved the lemmatizer's cost (pymorphy3's analyses dominated it); reading
    the keys with ``Doc.to_array`` and writing the lemmas with ``Doc.from_array`` makes
    a memo hit 4× cheaper than a walk over the Doc's Token objects (150 articles:
    0.087 → 0.022 s). What is left is pymorphy3 analysing each key the first time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memo: dict[tuple[int, int, int], int] = {}

    def pymorphy3_lemmatize(self, token: Token) -> list[str]:
        """spaCy's, except where spaCy finds no analysis and keeps the word as it is: a
        plurale tantum gets its lemma («переговорах» → «переговоры»; spaCy compares the
        tagger's Number=Plur with pymorphy3's Ptan), and a common noun pymorphy3 does
        not know gets the lemma it guesses in the tagged case («спецпосланника» →
        «спецпосланник»; spaCy drops guesses, which for names are often wrong), and a verb
        form whose tagged features pymorphy3 does not share gets its infinitive
        («встретившийся» → «встретиться»), and a plural noun tagged with a gender pymorphy3
        does not give it gets its lemma in the tagged case («консультациях» → «консультация»)."""
        lemmas = super().pymorphy3_lemmatize(token)
        if lemmas != [token.text.lower()] or token.pos_ not in ("NOUN", "PROPN", "VERB"):
            return lemmas
        if token.pos_ == "VERB":  # the tagger's aspect may be wrong: «встретившийся» tagged Imp
            verbal = [a.normal_form for a in self._morph.parse(token.text) if a.is_known and a.tag.POS in VERB_FORMS]
            return verbal[:1] or lemmas
        case = token.morph.get("Case")
        analyses = [
            analysis for analysis in self._morph.parse(token.text)
            if not case or oc2ud(str(analysis.tag))[1].get("Case") == case[0]
        ]
        if token.morph.get("Number") == ["Plur"]:
            tantum = [analysis.normal_form for analysis in analyses if analysis.is_known and "Pltm" in analysis.tag]
            if tantum:
                return list(dict.fromkeys(tantum))
        if token.pos_ == "NOUN":
            if token.morph.get("Number") == ["Plur"]:  # «консультациях» tagged masculine: a plural has no gender
                known = [analysis.normal_form for analysis in analyses
                         if analysis.is_known and analysis.tag.POS == "NOUN" and "plur" in analysis.tag]
                if known:
                    return known[:1]
            guessed = [analysis.normal_form for analysis in analyses if not analysis.is_known and analysis.tag.POS == "NOUN"]
            return guessed[:1] or lemmas
        return lemmas

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array([ORTH, POS, MORPH]).tolist()
        current = doc.to_array([LEMMA]).tolist() if not self.overwrite else None
        strings, memo = doc.vocab.strings, self._memo
        lemmas = []
        for i, key in enumerate(map(tuple, keys)):
            if current is not None and current[i]:
                lemmas.append(current[i])  # set before (as spaCy's component, keep it)
                continue
            lemma = memo.get(key)
            if lemma is None:
                if len(memo) >= LEMMA_MEMO_SIZE:
                    memo.clear()
                lemma = memo[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("memo_lemmatizer", default_config={"mode": "pymorphy3", "overwrite": False})
def make_memo_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)
