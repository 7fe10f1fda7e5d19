"""The spaCy Doc filled from Natasha: text kept byte for byte, one tree per sentence, names as ents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import tokenize

from kg.nlp import RazdelTokenizer, break_cycles, index_sentences, morph_value, morph_values, razdel_spans

from conftest import REPO


def test_doc_is_annotated(nlp):
    doc = nlp("Министр Иван Петров прибыл в Москву.\n\nПереговоры прошли успешно.")
    assert [s.text.strip() for s in doc.sents] == ["Министр Иван Петров прибыл в Москву.", "Переговоры прошли успешно."]
    assert {(e.text, e.label_) for e in doc.ents} == {("Иван Петров", "PER"), ("Москву", "LOC")}
    moscow = next(t for t in doc if t.text == "Москву")
    assert moscow.morph.get("Case") == ["Acc"]
    assert moscow.lemma_ == "москва"
    assert moscow.head.text == "прибыл"
    assert sum(1 for t in doc if t.dep_ == "ROOT") == 2


def test_headline_without_full_stop_is_its_own_sentence(nlp):
    doc = nlp("Визит в Москву\n\nДелегация прибыла утром.")
    assert len(list(doc.sents)) == 2


def test_names_do_not_cross_line_breaks(nlp):
    doc = nlp("Об этом написал Сноуден\n\nДжо Байден ответил.")
    assert all("\n" not in e.text for e in doc.ents)


@pytest.mark.parametrize(("text", "sentences"), [
    ("Об этом он написал в соцсети X. Ранее он выступил в Риме.",
     ["Об этом он написал в соцсети X.", "Ранее он выступил в Риме."]),
    ("Заявление сделал В. В. Сомов. Он выступил в Риме.", ["Заявление сделал В. В. Сомов.", "Он выступил в Риме."]),
    ("Заявление сделал Дж. Ф. Смит в Риме.", ["Заявление сделал Дж. Ф. Смит в Риме."]),
    ("Сомов встретился с Ван И. 12 февраля они встречались в Риме.",
     ["Сомов встретился с Ван И.", "12 февраля они встречались в Риме."]),
    ("Сомов встретился с Ван И. Китайский министр заявил, что доволен.",
     ["Сомов встретился с Ван И.", "Китайский министр заявил, что доволен."]),
    ("Переговоры провел Ван И. Министр заявил, что доволен.", ["Переговоры провел Ван И.", "Министр заявил, что доволен."]),
    ("Роман написал Л. Толстой в Ясной Поляне.", ["Роман написал Л. Толстой в Ясной Поляне."]),
    ("Выступил А. Белый.", ["Выступил А. Белый."]),
], ids=["letter-then-adverb", "initials", "middle-initial", "letter-then-number", "letter-then-adjective",
        "letter-then-title", "an-adjective-surname", "a-qualitative-adjective"])
def test_a_capital_letter_and_a_full_stop_end_a_sentence_only_before_a_function_word_number_or_title(nlp, text,
                                                                                                    sentences):
    assert [s.text.strip() for s in nlp(text).sents] == sentences


def test_names_do_not_cross_a_sentence_end(nlp):
    doc = nlp("Министр Иван Сомов принял главу МИД Китая Ван И. Ван И передал ему послание.")
    assert [e.text for e in doc.ents if e.label_ == "PER"] == ["Иван Сомов", "Ван И", "Ван И"]


def test_indexed_sentences_are_spacys(nlp):
    doc = nlp("Визит в Москву\n\nМинистр Иван Петров прибыл утром. Переговоры прошли успешно, сообщил он.")
    spans = [*doc.ents, doc[1:len(doc) - 1], doc[len(doc) - 2:len(doc)]]
    expected = [(t.sent.start, t.sent.end) for t in doc], [(s.sent.start, s.sent.end) for s in spans]
    index_sentences(doc)
    assert ([(t.sent.start, t.sent.end) for t in doc], [(s.sent.start, s.sent.end) for s in spans]) == expected


def test_memoised_morphology_is_spacys(nlp):
    doc = nlp("Министр Иван Петров прибыл в Москву и встретился с коллегами, которые будут говорить.")
    for field in ("Case", "Gender", "Number", "Tense", "VerbForm", "Person"):
        assert [morph_values(t, field) for t in doc] == [t.morph.get(field) for t in doc]
        assert [morph_value(t, field) for t in doc] == [t.morph.to_dict().get(field) for t in doc]


def test_memoised_lemmas_are_spacys(nlp):
    """The memo lemmatizer sets every token's lemma as spaCy's pymorphy3 component does, on
    words seen for the first time and on words the memo holds, but for the pluralia
    tantum, the unknown common nouns and the verb forms spaCy leaves as they are; a lemma
    set before stays."""
    from spacy.lang.ru.lemmatizer import RussianLemmatizer

    spacys = RussianLemmatizer(nlp.vocab, None, mode="pymorphy3", overwrite=True)
    ours = nlp.get_pipe("memo_lemmatizer")
    morph = ours._morph
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "corpus").glob("*.txt"))]
    tantum, guessed = set(), set()
    for text in [*texts, texts[0]]:  # the last one: every word is in the memo already
        with nlp.select_pipes(disable=["memo_lemmatizer"]):
            doc = nlp(text)
        lemmas = [t.lemma_ for t in ours(doc)]
        for token, lemma, theirs in zip(doc, lemmas, [t.lemma_ for t in spacys(doc)]):
            if lemma != theirs:
                assert theirs == token.lower_
                if token.pos_ == "VERB":
                    assert lemma in {a.normal_form for a in morph.parse(token.text) if a.is_known}
                elif token.morph.get("Number") == ["Plur"] and any(a.is_known for a in morph.parse(token.text)):
                    tantum.add(lemma)
                else:
                    assert token.pos_ == "NOUN" and not any(a.is_known for a in morph.parse(token.text))
                    guessed.add(lemma)
        assert all(lemmas)
    assert "переговоры" in tantum
    assert "спецпосланник" in guessed
    with nlp.select_pipes(disable=["memo_lemmatizer"]):
        doc = nlp("Переговоры прошли в Москве.")
    doc[0].lemma_ = "переговор"
    assert [t.lemma_ for t in ours(doc)] == ["переговор", "пройти", "в", "москва", "."]


def test_a_verb_form_tagged_with_the_wrong_aspect_gets_its_infinitive(nlp):
    doc = nlp("Об этом сообщил Жан Дюбуа, встретившийся в Риме с Иваном Петровым.")
    assert [t.lemma_ for t in doc if t.pos_ == "VERB"] == ["сообщить", "встретиться"]


def test_a_plurale_tantum_gets_its_lemma_and_other_plurals_keep_theirs(nlp):
    doc = nlp("После переговоров в Женеве министры рассказали о переговорах журналистам.")
    assert [t.lemma_ for t in doc if t.pos_ == "NOUN"] == ["переговоры", "министр", "переговоры", "журналист"]


def test_a_plural_noun_tagged_with_a_wrong_gender_gets_its_lemma(nlp):
    doc = nlp("В консультациях участвовал Иван Петров.")
    consultations = doc[1]
    assert consultations.morph.get("Gender") == ["Masc"]  # the tagger's mistake this test is about
    assert consultations.lemma_ == "консультация"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("абв ГД.,\n\t«»—-1")), max_size=60))
def test_tokenizer_keeps_the_text_exactly(text):
    from spacy.vocab import Vocab

    doc = RazdelTokenizer(Vocab())(text)
    assert doc.text == text


RAZDEL_PIECES = [*"абЯzQ19 .,-—–_/\\!?…:;()«»\"'\n\t*№%Δ", "yahoo", "т.е.", "...", ":-)", "1/2", "3,14", "по-русски", "--"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(RAZDEL_PIECES), max_size=20).map("".join))
def test_razdel_spans_are_razdels_tokens(text):
    assert list(razdel_spans(text)) == [(t.start, t.stop) for t in tokenize(text)]


def test_razdel_spans_on_the_sample_articles():
    for path in sorted((REPO / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert list(razdel_spans(text)) == [(t.start, t.stop) for t in tokenize(text)]


def test_a_cycle_in_the_parser_s_heads_is_hung_on_the_root():
    heads = [0, 2, 3, 1, 3]  # 1 → 2 → 3 → 1, and 4 into the cycle
    deps = ["ROOT", "nmod", "obj", "nsubj", "amod"]
    break_cycles(heads, deps, [0, 1, 2, 3, 4], 0)
    for start in range(5):
        seen, i = set(), start
        while heads[i] != i:
            assert i not in seen
            seen.add(i)
            i = heads[i]
        assert i == 0
    assert deps.count("parataxis") == 1


@pytest.mark.parametrize("text", ["Об этом : его принял", "\n", "«»"])
def test_every_word_reaches_its_sentence_root(nlp, text):
    doc = nlp(text)
    for token in doc:
        assert len(list(token.ancestors)) < len(doc)


def test_lookup_embedding_gives_natashas_vectors():
    """The embedding the models load without navec's similarity tables holds the same vectors."""
    import numpy
    from natasha import NewsEmbedding

    from kg.nlp import news_embedding

    ours, natashas = news_embedding(), NewsEmbedding()
    assert len(ours.vocab.words) == len(natashas.vocab.words) > 100_000
    for word in ("переговоры", "москва", "<unk>", "министр"):
        assert numpy.array_equal(ours[word], natashas[word])
    assert not hasattr(ours.pq, "norm") and hasattr(natashas.pq, "norm")


def test_models_share_the_embeddings_word_index_and_tag_as_natashas():
    """The three taggers read words through one index, the embedding's, and tag as
    natasha's own models do."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    from kg.nlp import natasha_models

    ours = natasha_models()
    indexes = [model.infer.encoder.words_vocab.item_ids for model in ours]
    assert indexes[0] is indexes[1] is indexes[2]
    assert len(indexes[0]) > 100_000
    stock_embedding = NewsEmbedding()
    natashas = (NewsMorphTagger(stock_embedding), NewsSyntaxParser(stock_embedding), NewsNERTagger(stock_embedding))
    assert natashas[0].infer.encoder.words_vocab.item_ids is not natashas[2].infer.encoder.words_vocab.item_ids
    words = "Министр иностранных дел Иван Петров прилетел в Москву и встретился с коллегой .".split()
    for mine, theirs in zip(ours[:2], natashas[:2]):
        assert next(mine.map([words])) == next(theirs.map([words]))
    text = " ".join(words)
    assert ours[2](text).spans == natashas[2](text).spans


def test_lean_model_calls_give_what_the_models_map_gives():
    """morph_tags and syntax_parses run the models as their ``map`` does, chunk for chunk:
    the same tags, heads and relations, over more sentences than one batch holds."""
    from slovnet.markup import format_conll_tag

    from kg.nlp import morph_tags, natasha_models, syntax_parses, ud_tag

    morph, syntax, _ = natasha_models()
    words = "Министр иностранных дел Иван Петров прилетел в Москву и встретился с коллегой .".split()
    sentences = [words[:k] for k in range(3, len(words) + 1)] * 2
    assert len(sentences) > max(morph.batch_size, syntax.batch_size)
    tags = list(morph_tags(morph, sentences))
    markups = list(morph.map(sentences))
    assert [[format_conll_tag(t.pos, t.feats) for t in m.tokens] for m in markups] == tags
    for sentence_tags, markup in zip(tags, markups):
        assert [ud_tag(tag)[0] for tag in sentence_tags] == [t.pos for t in markup.tokens]
    assert any("|" in tag for sentence_tags in tags for tag in sentence_tags)
    parses = [([int(t.head_id) for t in m.tokens], [t.rel for t in m.tokens]) for m in syntax.map(sentences)]
    assert list(syntax_parses(syntax, sentences)) == parses


def test_ud_tag_sorts_features_by_name():
    from kg.nlp import ud_tag

    assert ud_tag("NOUN|Number=Sing|Case=Nom|Animacy=Inan") == ("NOUN", "Animacy=Inan|Case=Nom|Number=Sing")
    assert ud_tag("PUNCT") == ("PUNCT", "")
