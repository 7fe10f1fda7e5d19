"""Each extractor on small sentences of our own: where it must fire, and where it must not."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from kg.corpus import Article
from kg.extract.dates import find_date, find_period
from kg.extract.places import adjective_names
from kg.extract.entities import is_role_word, named_again, names_a_thing, never_a_name, role_word_tokens
from kg.extract.lexicon import LEXICON_DIR, normal, normal_lemmas
from kg.extract.meetings import takes_part
from kg.extract.statements import quote_spans
from kg.names import surname_nominative
from kg.pipeline import extract_article
from kg.resolve import abbreviates


def names(entities, kind=None):
    return {e.name for e in entities if kind is None or e.type == kind}


def attendees(facts):
    return [sorted(m.participants) for m in facts.meetings]


# ---------------------------------------------------------------- entities


def test_inflected_mentions_become_one_actor_in_the_nominative(extract):
    facts = extract(
        "Министр Анна Захарова встретилась с Тимом Шольцем. Позже Шольц рассказал, что беседа с Захаровой была полезной."
    )
    people = names(facts.entities, "PER")
    assert "Тим Шольц" in people  # not pymorphy's «Шолец»
    assert "Анна Захарова" in people
    assert len(people) == 2


def test_a_first_name_and_patronymic_is_the_one_person_with_that_first_name(extract):
    facts = extract("Министр Иван Смирнов прибыл в Рим. Иван Сергеевич ответил, что рад встрече. "
                    "Олег Петрович промолчал.")
    assert {e.name: e.aliases for e in facts.entities if e.type == "PER"} == {
        "Иван Смирнов": ["Иван Сергеевич"], "Олег Петрович": []}  # no one else is an Олег
    assert [s.speaker for s in facts.statements] == ["Иван Смирнов"]


def test_a_name_keeps_the_quotation_it_opens_and_an_unknown_ia_place_declines(extract):
    facts = extract("Посол выступил на встрече в Фонде «Наследие» в Вашингтоне. Делегация прибыла в Гагаузии.")
    assert {"Фонд «Наследие»", "Гагаузия"} <= names(facts.entities)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Министры встретились в Эр-Рияде.", "Эр-Рияд", id="locative"),
    pytest.param("Делегация вернулась из Шарм-эш-Шейха.", "Шарм-эш-Шейх", id="genitive"),
    pytest.param("Министры встретились в Абу-Даби.", "Абу-Даби", id="a-vowel-before-is-no-ending"),
    pytest.param("Министры встретились в Гагаузии.", "Гагаузия", id="feminine-ia"),
])
def test_an_unknown_masculine_place_gets_its_nominative(extract, text, expected):
    assert names(extract(text).entities, "LOC") == {expected}


def test_a_first_name_that_is_only_nominative_keeps_the_surname_as_written(extract):
    facts = extract("Президент Молдавии Майя Санду провела переговоры в Риме.")
    assert names(facts.entities, "PER") == {"Майя Санду"}
    assert [(r.person, r.role) for r in facts.roles] == [("Майя Санду", "президент Молдавии")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Посол встретился в Кишиневе с президентом Молдавии Майей Санду.", "Майя Санду"),  # «Санду»: no instrumental
    ("Посол поблагодарил Анну Смирнову.", "Анна Смирнова"),
    ("Посол встретился с Анной Смирновой.", "Анна Смирнова"),
])
def test_a_womans_surname_declines_only_by_an_ending_of_the_first_names_case(extract, text, expected):
    assert names(extract(text).entities, "PER") == {expected}


def test_a_surname_tagged_in_another_case_declines_after_a_nominative_only_first_name(extract):
    facts = extract("Посол провел встречу с президентом Египта Абдель Фаттахом ас-Сиси в Шарм-эш-Шейхе.")
    assert names(facts.entities, "PER") == {"Абдель Фаттах ас-Сиси"}
    assert [m.place for m in facts.meetings] == [["Шарм-эш-Шейх"]]  # tagged a common noun


def test_a_lone_first_word_of_one_persons_name_is_that_person(extract):
    facts = extract("Президент Кореи Ли Чжэ Мён прибыл в Рим. Ли заявил, что визит важен.")
    assert names(facts.entities, "PER") == {"Ли Чжэ Мён"}
    assert [s.speaker for s in facts.statements] == ["Ли Чжэ Мён"]


def test_the_last_word_of_a_name_takes_the_case_the_words_before_it_share(extract):
    """The tagger gives «Ли» and «Чжэ» the instrumental of «с президентом», and calls the
    unknown «Мёном» nominative."""
    facts = extract("Премьер-министр Японии провела телефонный разговор с президентом Южной Кореи Ли Чжэ Мёном.")
    assert names(facts.entities, "PER") == {"Ли Чжэ Мён"}
    assert names(extract("Президент Южной Кореи Ли Чжэ Мён прибыл в Токио.").entities, "PER") == {"Ли Чжэ Мён"}


def test_a_surname_that_is_a_first_names_vocative_stays_as_written(extract):
    facts = extract("Спикер МИД Мао Нин заявила, что визит важен. Нине Петровой позвонил министр.")
    assert {"Мао Нин", "Нина Петрова"} <= names(facts.entities, "PER")


@pytest.mark.parametrize(("text", "expected"), [
    ("Кая Линдгрен, глава делегации, посетила Рим.", "Кая Линдгрен"),  # «Кая»: to pymorphy3 only a man's «Кай» in the genitive
    ("Джорджа Альбани заявила, что Италия поддержит план.", "Джорджа Альбани"),  # the parser: an object
    ("Посол встретился с Джорджей Альбани. Альбани заявила, что план хорош.", "Джорджа Альбани"),
    ("Кай Линдгрен посетил Рим. Посол встретился с Каем Линдгреном.", "Кай Линдгрен"),
], ids=["her-verb", "her-verb-after-a-misparse", "her-verb-on-another-mention", "a-man"])
def test_a_name_with_a_feminine_verb_is_a_womans_in_all_its_mentions(extract, text, expected):
    assert names(extract(text).entities, "PER") == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("Состоялась встреча постоянного представителя Китая при ООН Андрея Петрова и министра Ивана Зуева.",
     "Андрей Петров"),
    ("Прошла встреча постоянного представителя России при ООН Василия Петрова и министра Ивана Сомова.",
     "Василий Петров"),
], ids=["china", "russia"])
def test_a_genitive_name_the_parser_hangs_on_an_event_is_not_the_subject_of_its_verb(extract, text, expected):
    """The parser hangs the name on «встреча», the subject of a feminine verb: the event is
    no title, its verb says nothing of the name, which stays a man's genitive."""
    assert expected in names(extract(text).entities, "PER")


@pytest.mark.parametrize(("text", "expected"), [
    ("Глава МИД Австрии Беате Шмидт посетила Киев.", "Беате Шмидт"),
    ("Беате Шмидт посетила Рим.", "Беате Шмидт"),
    ("Министр сообщил Беате Шмидт о решении.", "Беата Шмидт"),
], ids=["beside-her-title", "subject", "told-to-her"])
def test_a_subjects_first_name_pymorphy3_knows_only_in_a_prepositional_case_is_nominative(extract, text, expected):
    """pymorphy3 knows «Беате» only as the dative and locative of «Беата»: as the subject of
    an agreeing verb, itself or by its title, it is the nominative of another name."""
    assert names(extract(text).entities, "PER") == {expected}


def test_an_instrumental_in_ei_after_a_hushing_consonant_is_of_a_name_in_a():
    assert surname_nominative("Джорджей", "Ins", "Fem") == "Джорджа"
    assert surname_nominative("Мишей", "Ins", None) == "Миша"
    assert surname_nominative("Марией", "Ins", "Fem") == "Мария"


def test_a_surname_the_ner_leaves_out_is_a_person_where_it_agrees_with_its_verb(extract):
    facts = extract("Смирнов в беседе с журналистами отметил, что контакты продолжатся.")
    assert names(facts.entities, "PER") == {"Смирнов"}
    assert speakers(facts) == [("Смирнов", "indirect")]
    assert names(extract("Орлов видели над озером.").entities, "PER") == set()
    text = "Встреча не состоится из-за Ивана Петрова По его словам, диалог продолжится."  # a headline run on
    assert names(extract(text).entities, "PER") == {"Иван Петров"}  # «По»: pymorphy3's Edgar Poe, but a preposition


def test_a_mans_instrumental_ending_is_a_mans_whatever_gender_the_tagger_gave():
    assert surname_nominative("Смирновым", "Ins", "Fem") == "Смирнов"
    assert surname_nominative("Смирновой", "Ins", "Fem") == "Смирнова"
    assert surname_nominative("Санду", "Ins", "Fem") == "Санду"


@pytest.mark.parametrize("text", [
    "Встреча не состоится из-за Ивана Петрова Он добавил, что это неверно.",  # a headline run on
    "Встреча не состоится из-за Ивана Петрова Он допустил, что раунд состоится.",  # «Он» tagged PROPN
])
def test_a_pronoun_the_ner_tags_as_a_person_is_none_and_stands_for_one(extract, text):
    facts = extract(text)
    assert names(facts.entities, "PER") == {"Иван Петров"}
    assert speakers(facts) == [("Иван Петров", "indirect")]


def test_a_lone_cyrillic_letter_is_no_name(extract):
    facts = extract("Визит завершился в Женеве О разговоре с Джоном Смитом рассказал Иван Петров.")  # run on
    assert names(facts.entities, "PER") == {"Джон Смит", "Иван Петров"}


def test_a_title_or_verb_the_ner_runs_into_a_name_is_trimmed_off(extract):
    facts = extract("Иван Петров беседовал о Смите Спецпосланник президента Джон Доу уточнял детали.")
    assert names(facts.entities, "PER") == {"Иван Петров", "Смит", "Джон Доу"}


def test_a_womans_first_name_in_the_genitive_is_not_taken_for_a_plural(extract):
    facts = extract("Помощник Марии Ивановой прибыл в Берлин.")
    assert names(facts.entities, "PER") == {"Мария Иванова"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Премьер Египта Карим ас-Салех выступил в парламенте. Позже ас-Салех встретился с Иваном Петровым.", "Карим ас-Салех"),
    ("Анна фон дер Хайде выступила в парламенте. Фон дер Хайде встретилась с Иваном Петровым.", "Анна фон дер Хайде"),
], ids=["a-hyphened-particle", "a-particle-opening-a-sentence"])
def test_a_surname_after_its_lower_case_particle_is_the_person_named_in_full(extract, text, expected):
    facts = extract(text)
    assert names(facts.entities, "PER") == {expected, "Иван Петров"}
    assert attendees(facts) == [sorted([expected, "Иван Петров"])]


def test_an_arabic_surname_with_its_article_and_without_is_one_person(extract, extract_corpus):
    facts = extract("Премьер Египта Карим Салех прибыл в Каир. Аль-Салех заявил, что переговоры прошли успешно.")
    assert names(facts.entities, "PER") == {"Карим Салех"}
    assert [s.speaker for s in facts.statements] == ["Карим Салех"]
    facts = extract("Иван Петров встретился с президентом Сирии Каримом Салехом. Аль-Салех заявил, что доволен.")
    assert names(facts.entities, "PER") == {"Карим аль-Салех", "Иван Петров"}  # the article is lower-case inside
    corpus = extract_corpus({
        "a": ("2025-12-01", "Премьер Египта Карим Салех прибыл в Каир."),
        "b": ("2025-12-01", "Карим ас-Салех заявил, что переговоры прошли успешно."),
    })
    assert corpus[0].entities[0].id == next(e.id for e in corpus[1].entities if e.type == "PER")


def test_an_initial_is_the_first_name_it_begins(extract, extract_corpus):
    assert names(extract("В. Сомов провел переговоры с Олегом Зуевым.").entities, "PER") == {"В. Сомов", "Олег Зуев"}
    assert names(extract("Посол Китая У Цзянхао встретился с Олегом Зуевым.").entities, "PER") == {
        "У Цзянхао", "Олег Зуев"}  # a one-letter name, no initial
    corpus = extract_corpus({
        "a": ("2025-12-01", "Президент Вадим Сомов провел переговоры с Олегом Зуевым."),
        "b": ("2025-12-02", "В. Сомов провел переговоры с Джоном Смитом."),
        "c": ("2025-12-02", "О. Сомов провел переговоры с Джоном Смитом."),
    })
    somov = [next(e for e in article.entities if "Сомов" in e.name) for article in corpus]
    assert [e.name for e in somov] == ["Вадим Сомов", "Вадим Сомов", "О. Сомов"]
    assert somov[0].id == somov[1].id != somov[2].id


@pytest.mark.parametrize(("text", "expected"), [
    ("Иван Петров в окружении военных Рафаэль Корреа Эдвард Сноуден", {"Иван Петров", "Рафаэль Корреа", "Эдвард Сноуден"}),
    ("Израильтянка Наама Иссахар прибыла в Берлин.", {"Наама Иссахар"}),
    ("Шейх Мухаммед бен Рашид Аль Мактум прибыл в Берлин.", {"Мухаммед бен Рашид Аль Мактум"}),
    ("Луис Инасиу Лула да Силва прибыл в Берлин.", {"Луис Инасиу Лула да Силва"}),
    ("Владимир Владимирович Сомов прибыл в Берлин.", {"Владимир Владимирович Сомов"}),
], ids=["two-names-run-together", "a-noun-opening-the-sentence", "particles", "four-names", "patronymic"])
def test_a_name_span_holds_one_persons_name(extract, text, expected):
    assert names(extract(text).entities, "PER") == expected


def test_role_word_and_generic_media_are_not_people(extract):
    facts = extract("Спецпосланник провел встречу. Об этом сообщили росСМИ.")
    assert not names(facts.entities, "PER")


def test_role_words_read_from_arrays_are_the_nouns_is_role_word_accepts(nlp):
    doc = nlp("Экс-президент Франции, премьер-министр Италии и Замглавы МИД обсудили работу посольства с послом.")
    expected = [t.i for t in doc if t.pos_ in ("NOUN", "PROPN") and is_role_word(t)]
    assert [t.i for t in role_word_tokens(doc)] == expected
    assert len(expected) >= 3


def test_a_surname_the_ner_left_out_is_the_person_it_found_elsewhere(nlp):
    doc = Doc(nlp.vocab, words=["Смит", "прибыл", ".", "Джон", "Смит", "заявил", ",", "что", "смит", "ушел"],
              pos=["PROPN", "VERB", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT", "SCONJ", "NOUN", "VERB"],
              lemmas=["смит", "прибыть", ".", "джон", "смит", "заявить", ",", "что", "смит", "уйти"],
              ents=["O", "O", "O", "B-PER", "I-PER", "O", "O", "O", "O", "O"])
    assert [(span.start, span.text, span.label_) for span in named_again(doc, list(doc.ents))] == [
        (0, "Смит", "PER"), (3, "Джон Смит", "PER")]  # not the lower-case word


@pytest.mark.parametrize(("word", "expected"), [
    ("Помиловать", True), ("Однако", True), ("Дума", False), ("Рада", False), ("Иссерлис", False),
])
def test_a_word_that_can_only_be_a_verb_or_function_word_is_never_a_name(word, expected):
    assert never_a_name(word) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Telegram-канале", True), ("YouTube-канал", True),
    ("Би-би-си", False), ("Даунинг-стрит", False), ("Нью-Йорк", False), ("Coca-Cola", False),
])
def test_a_common_noun_after_a_latin_name_and_a_hyphen_names_a_thing(word, expected):
    assert names_a_thing(word) is expected


@pytest.mark.parametrize(("text", "kind"), [
    ("Елисейский дворец подтвердил, что президент встретился с послом.", "ORG"),
    ("Пресс-служба Елисейского дворца сообщила о переговорах.", "ORG"),
    ("Встреча прошла в Елисейском дворце.", "LOC"),  # only where it happened
    ("Заявление опубликовано в субботу Елисейским дворцом.", "ORG"),  # the agent of a passive
    ("Он отменил подготовленные Елисейским дворцом мероприятия.", "ORG"),
    ("Елисейский дворец находится в Париже.", "LOC"),  # where it stands
    ("Встреча прошла в Елисейском дворце. Он отменил подготовленные Елисейским дворцом мероприятия.", "ORG"),
    ("Встреча прошла в Елисейском дворце. Елисейский дворец находится в Париже.", "LOC"),
])
def test_a_seat_of_power_that_acts_is_an_organisation(extract, text, kind):
    assert {e.name: e.type for e in extract(text).entities}["Елисейский дворец"] == kind


@pytest.mark.parametrize(("text", "expected"), [
    ("Лидеры Донецкой и Луганской народных республик прибыли в Минск.",
     {"Донецкая народная республика", "Луганская народная республика", "Минск"}),
    ("Губернаторы Московской, Тверской и Ленинградской областей встретились.",
     {"Московская область", "Тверская область", "Ленинградская область"}),
    ("Лидеры Северной и Южной Кореи встретились.", {"Северная Корея", "Южная Корея"}),
])
def test_adjectives_coordinated_before_one_head_are_names_of_their_own(extract, text, expected):
    assert names(extract(text).entities) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Министры «нормандской четверки» встретились в Берлине.", {("нормандская четвёрка", "ORG")}),
    ("Он посетит саммит Большой восьмерки во Франции.", {("Большая восьмёрка", "ORG")}),
    ("Лидеры стран большой семерки приняли заявление.", {("большая семёрка", "ORG")}),
    ("Первая тройка лидеров осталась прежней.", set()),
    ("В лучшую десятку вошли два банка.", set()),
])
def test_an_adjective_and_a_collective_numeral_name_a_group(extract, text, expected):
    assert {(e.name, e.type) for e in extract(text).entities if e.type != "LOC"} == expected


def test_abbreviation_is_an_alias_of_the_full_name(extract):
    facts = extract(
        "Глава Национального агентства развития Олег Петров выступил. Позже в НАР подтвердили его слова."
    )
    agency = next(e for e in facts.entities if e.name.startswith("Национальное агентство"))
    assert "НАР" in agency.aliases
    assert agency.name not in agency.aliases


def test_a_word_of_the_starts_of_a_names_words_is_that_name(extract):
    facts = extract("Совет Безопасности собрался в Нью-Йорке. Позже Совбез принял резолюцию о Ливии.")
    council = next(e for e in facts.entities if e.type == "ORG")
    assert (council.name, [e.name for e in facts.entities if e.type == "ORG"]) == ("Совет Безопасности", ["Совет Безопасности"])
    assert "Совбез" in council.aliases and council.name not in council.aliases


@pytest.mark.parametrize(("word", "name", "expected"), [
    ("Минобороны", "Министерство обороны", True),
    ("Евросоюз", "Европейский союз", True),
    ("Госдума", "Государственная дума", True),
    ("Сбербанк", "Совет безопасности", False),
    ("Совбез", "Совет Безопасности ООН", False),
    ("Сове", "Совет Европы", False),
])
def test_abbreviates(word, name, expected):
    assert abbreviates(word, name) is expected


def test_misspelt_surname_beside_the_same_first_name_is_one_person_in_an_article(extract):
    facts = extract("Премьер Дэвид Кэмерон прибыл в Берлин. Дэвида Камерона встретил Иван Петров.")
    assert names(facts.entities, "PER") == {"Дэвид Кэмерон", "Иван Петров"}
    assert names(extract("Иван Петров и Олег Петров прибыли в Берлин.").entities, "PER") == {"Иван Петров", "Олег Петров"}


def test_misspelt_surname_beside_the_same_first_name_is_the_same_person(extract_corpus):
    facts = extract_corpus({
        "a": ("2025-12-01", "Президент Дональд Трамп заявил, что сделка близка."),
        "b": ("2025-12-01", "Советник Дональда Трапа Джон Смит прибыл в Берлин."),
    })
    assert "Дональд Трамп" in names(facts[1].entities, "PER")
    assert facts[0].entities[0].id == next(e.id for e in facts[1].entities if e.name == "Дональд Трамп")


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(("text", "expected"), [
    ("Он встретился с министром иностранных дел Китая Ван И.", ("Ван И", "министр иностранных дел Китая")),
    ("Он встретился с министром обороны Шойгу.", ("Шойгу", "министр обороны")),
])
def test_an_indeclinable_name_takes_the_title_before_it_in_any_case(extract, text, expected):
    assert expected in {(r.person, r.role) for r in extract(text).roles}


def test_a_title_opening_the_next_clause_is_no_apposition(extract):
    facts = extract("Как сообщил журналистам секретарь кабинета Иван Петров, лидеры обсудили сотрудничество.")
    assert [(r.person, r.role) for r in facts.roles] == [("Иван Петров", "секретарь кабинета")]


def test_a_place_adjective_before_the_title_gives_the_roles_organisation(extract):
    facts = extract("Японский премьер Сигэру Исиба прибыл в Рим. Япония и Италия подписали договор.")
    assert [(r.person, r.role, r.org) for r in facts.roles] == [("Сигэру Исиба", "японский премьер", "Япония")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Российскую делегацию возглавил помощник президента Олег Сидоров, молдавскую — министр Иван Петреску.",
     {("Олег Сидоров", "глава российской делегации"), ("Иван Петреску", "глава молдавской делегации")}),
    ("Делегацию Молдавии возглавляет Иван Петреску.", {("Иван Петреску", "глава делегации Молдавии")}),
    ("Молдавская делегация во главе с Иваном Петреску прибыла в Рим.", {("Иван Петреску", "глава молдавской делегации")}),
    ("Иван Петреску возглавил рейтинг самых богатых людей.", set()),
    ("Иван Петреску возглавит делегацию.", set()),
    ("Делегации возглавили Иван Сомов и Олег Зуев.", {("Иван Сомов", "глава делегации"), ("Олег Зуев", "глава делегации")}),
    ("Иван Сомов принял в Акорде делегацию банка во главе с Олегом Зуевым.", {("Олег Зуев", "глава делегации банка")}),
], ids=["gapped", "genitive", "во-главе-с", "a-rating", "future", "two-names", "a-place-the-tagger-calls-an-adjective"])
def test_who_leads_a_group_is_its_head(extract, text, expected):
    assert {(r.person, r.role) for r in extract(text).roles if r.title == "глава"} == expected


def test_the_heads_of_delegations_attend_their_talks(extract):
    facts = extract("Делегации России и Молдавии 16 мая провели переговоры в Риме. Российскую делегацию возглавил "
                    "помощник президента Олег Сидоров, молдавскую — министр Иван Петреску. Глава российской делегации "
                    "заявил, что переговоры прошли успешно.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Иван Петреску", "Олег Сидоров"], ["Рим"])]
    assert speaker_names(facts) == ["Олег Сидоров"]


def test_every_titled_name_that_represents_a_side_attends(extract):
    facts = extract("Переговоры делегаций прошли в Вене. Американскую сторону представляли госсекретарь Джон Смит "
                    "и советник по нацбезопасности Майк Браун, российскую — министр Иван Сомов и помощник "
                    "президента Олег Зуев.")
    assert attendees(facts) == [["Джон Смит", "Иван Сомов", "Майк Браун", "Олег Зуев"]]
    assert {(r.person, r.role) for r in facts.roles if r.title == "представитель"} == {
        ("Джон Смит", "представитель американской стороны"), ("Майк Браун", "представитель американской стороны"),
        ("Иван Сомов", "представитель российской стороны"), ("Олег Зуев", "представитель российской стороны")}


def test_title_before_a_name_with_its_organisation(extract):
    facts = extract("Помощник президента Франции Жан Дюбуа прибыл в Рим.")
    role = next(r for r in facts.roles if r.person == "Жан Дюбуа")
    assert role.role == "помощник президента Франции"
    assert role.title == "помощник"
    assert role.org == "Франция"


def test_relation_title_does_not_go_to_the_genitive_name(extract):
    facts = extract("Зять Дональда Трампа Джаред Кушнер прибыл в Рим.")
    holders = {r.person for r in facts.roles}
    assert holders == {"Джаред Кушнер"}


def test_a_plural_title_goes_to_a_list_of_names_not_to_one(extract):
    facts = extract("Речь заслужила оценку представителей администрации Ивана Петрова. Заместители министра Олег Сидоров "
                    "и Марко Илич прибыли в Вену.")
    assert {(r.person, r.role) for r in facts.roles} == {("Олег Сидоров", "заместитель министра"),
                                                        ("Марко Илич", "заместитель министра")}


def test_a_title_pymorphy_does_not_know_is_lemmatised_by_its_guess(extract):
    facts = extract("Делегация в составе спецпосланника Ивана Петрова прибыла в Вену.")
    assert [(r.person, r.role) for r in facts.roles] == [("Иван Петров", "спецпосланник")]


def test_a_role_keeps_the_adjectives_before_its_title(extract):
    facts = extract("Иван Петров провел переговоры с бывшим французским премьером Жаном Дюбуа.")
    assert [(r.person, r.role, r.title) for r in facts.roles] == [("Жан Дюбуа", "бывший французский премьер", "премьер")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Иван Петров, генеральный секретарь альянса, прибыл в Вильнюс.", "генеральный секретарь альянса"),
    ("Глава МИД встретился с Иваном Петровым, бывшим генеральным секретарем альянса.",
     "бывший генеральный секретарь альянса"),
], ids=["nominative", "instrumental"])
def test_a_role_after_the_name_keeps_the_adjectives_before_its_title(extract, text, expected):
    assert [(r.person, r.role) for r in extract(text).roles] == [("Иван Петров", expected)]


def test_a_womans_indeclinable_surname_the_tagger_misreads_agrees_with_her_verb(extract):
    facts = extract("Экс-глава МИД Германии Анналена Бербок избрана в совет директоров.")
    assert [(r.person, r.role) for r in facts.roles] == [("Анналена Бербок", "экс-глава МИД Германии")]


def test_a_title_with_two_genitives_joined_by_and_is_one_role(extract):
    facts = extract("Министр иностранных дел и внешнеэкономических связей Венгрии Петер Сийярто прибыл в Минск.")
    assert [(r.person, r.role, r.org) for r in facts.roles] == [
        ("Петер Сийярто", "министр иностранных дел и внешнеэкономических связей Венгрии", "Венгрия")]


def test_an_indeclinable_name_beside_a_nominative_title_is_its_subject(extract):
    facts = extract("Министр иностранных дел КНР Ван И 14 февраля провел в Мюнхене переговоры с Иваном Сомовым.")
    assert [(r.person, r.role) for r in facts.roles] == [("Ван И", "министр иностранных дел КНР")]
    assert attendees(facts) == [["Ван И", "Иван Сомов"]]


@pytest.mark.parametrize("text", [
    pytest.param("Министр иностранных дел Иордании принц Фейсал бен Хусейн выступил в ООН.", id="nominative"),
    pytest.param("Посол встретился с министром иностранных дел Иордании принцем Фейсалом бен Хусейном.", id="instrumental"),
    pytest.param("Министр иностранных дел Иордании шейх Фейсал бен Хусейн выступил в ООН.", id="an-honorific"),
    pytest.param("Встреча прошла по приглашению министра иностранных дел Иордании шейха Фейсала бен Хусейна.",
                 id="genitive"),
])
def test_a_second_title_before_the_name_ends_the_role(extract, text):
    assert [(r.person, r.role) for r in extract(text).roles] == [
        ("Фейсал бен Хусейн", "министр иностранных дел Иордании")]


def test_a_name_in_quotation_marks_stays_in_the_role(extract):
    facts = extract("Председатель партии «Единство» Иван Сомов выступил на съезде.")
    assert [(r.person, r.role) for r in facts.roles] == [("Иван Сомов", "председатель партии «Единство»")]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("В переговорах приняли участие министры иностранных дел Иван Петров, Олег Сидоров и Джон Смит.",
                 [("Иван Петров", "министр иностранных дел"), ("Олег Сидоров", "министр иностранных дел"),
                  ("Джон Смит", "министр иностранных дел")], id="each-of-a-list"),
    pytest.param("В Рим прибыли лидеры Молдавии и Румынии Иван Петреску и Ион Попеску.",
                 [("Иван Петреску", "лидер Молдавии"), ("Ион Попеску", "лидер Румынии")],
                 id="names-joined-in-the-title-one-each"),
])
def test_a_plural_title_before_a_list_of_names_is_each_ones_post(extract, text, expected):
    assert [(r.person, r.role) for r in extract(text).roles] == expected


def test_no_role_without_an_adjacent_name(extract):
    facts = extract("Президент выступил в парламенте. Иван Петров молчал.")
    assert facts.roles == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Посол Франции на Кипре Жан Дюбуа вручил верительные грамоты.", {("Жан Дюбуа", "посол Франции на Кипре")}),
    ("Экс-президент Молдавии Иван Петреску и вице-премьер Сербии Марко Илич прибыли в Вену.",
     {("Иван Петреску", "экс-президент Молдавии"), ("Марко Илич", "вице-премьер Сербии")}),
    ("Жан Дюбуа, посол Франции на Кипре Марко Илич и Иван Петреску прибыли в Вену.", {("Марко Илич", "посол Франции на Кипре")}),
    ("Вопрос обсуждается с главой МИД Италии Олегом Сидоровым, руководителем ведомства Франции Мари Дюпон.",
     {("Олег Сидоров", "глава МИД Италии"), ("Мари Дюпон", "руководитель ведомства Франции")}),  # hers, not his
    ("Пост занял Жан Дюбуа вместо Ивана Смирнова — лидера социалистов, которые правили десять лет.",
     {("Иван Смирнов", "лидер социалистов")}),
    ("Депутат Госдумы от «Новой партии» Иван Смирнов прибыл в Рим.", {("Иван Смирнов", "депутат Госдумы от «Новой партии»")}),
    ("Гендиректор компании «Северсталь» Иван Смирнов прибыл в Рим.",
     {("Иван Смирнов", "гендиректор компании «Северсталь»")}),
    ("«Спасибо за работу», — сказал министр Иван Смирнов.", {("Иван Смирнов", "министр")}),
    ("Врио губернатора Курской области Иван Смирнов прибыл в Рим.",
     {("Иван Смирнов", "врио губернатора Курской области")}),
], ids=["place-between-title-and-name", "prefixed-titles", "title-of-the-next-name", "list-of-titled-names",
        "after-a-dash", "from-a-party",
        "a-quoted-name-inside", "not-the-quotation-before", "an-acting-post"])
def test_title_phrases(extract, text, expected):
    assert {(r.person, r.role) for r in extract(text).roles} == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Президент назначил Ивана Петрова министром финансов Молдавии.", {("Иван Петров", "министр финансов Молдавии")}),
    ("В 2010 году Иван Петров стал послом Молдавии.", {("Иван Петров", "посол Молдавии")}),
    ("Иван Петров назначен на пост министра обороны.", {("Иван Петров", "министр обороны")}),
    ("Президент выдвинул кандидатуру Ивана Петрова на должность губернатора области.", set()),
    ("Иван Петров не стал министром финансов.", set()),
    ("Иван Петров может стать министром финансов.", set()),
    ("Иван Петров станет министром финансов.", set()),
    ("Иван Петров назвал министра финансов лучшим.", set()),
    ("Президент поздравил Ивана Смирнова с избранием на пост мэра Самары.", {("Иван Смирнов", "мэр Самары")}),
    ("Новым французским премьером стал Жан Дюбуа.", {("Жан Дюбуа", "новый французский премьер")}),
    ("Сенат одобрил назначение Ивана Смирнова на пост министра обороны.", {("Иван Смирнов", "министр обороны")}),
    ("Президент не поздравил Ивана Смирнова с избранием на пост мэра.", set()),
    ("Иван Петров стал первым президентом страны, посетившим Антарктиду.", set()),
    ("Иван Петров стал первым вице-премьером правительства.", {("Иван Петров", "первый вице-премьер правительства")}),
], ids=["object-made", "subject-became", "post-of", "nominated-only", "negated", "modal", "future", "other-verb",
        "object-of-the-noun-s-verb", "adjectives-of-the-title", "genitive-of-the-noun", "noun-under-a-negated-verb",
        "a-record", "a-first-post"])
def test_roles_given_by_a_verb(extract, text, expected):
    assert {(r.person, r.role) for r in extract(text).roles} == expected


# ---------------------------------------------------------------- descriptors


@pytest.mark.parametrize(("adjective", "place", "expected"), [
    ("французский", "Франция", True), ("британский", "Великобритания", True), ("польский", "Польша", True),
    ("белорусский", "Белоруссия", True), ("турецкий", "Турция", True), ("кубинский", "Государственный совет Кубы", True),
    ("австралийский", "Австрия", False), ("австрийский", "Австралия", False), ("иранский", "Ирак", False),
    ("новый", "Новая Зеландия", False),
])
def test_a_place_adjective_names_its_place(adjective, place, expected):
    assert adjective_names(adjective, place) is expected


def speaker_names(facts):
    return [s.speaker for s in facts.statements]


@pytest.mark.parametrize(("first", "said", "expected"), [
    pytest.param("Президент Молдавии Иван Петреску прибыл в Рим.", "Молдавский лидер заявил", ["Иван Петреску"],
                 id="a-leader-word-with-a-place-adjective"),
    pytest.param("Премьер-министр Турции Ахмет Йылмаз прибыл в Рим.", "Турецкий премьер заявил", ["Ахмет Йылмаз"],
                 id="an-adjective-not-spelt-like-its-place"),
    pytest.param("Президент Молдавии Иван Петреску прибыл в Рим.", "Глава Молдавии заявил", ["Иван Петреску"],
                 id="a-genitive-owner"),
    pytest.param("Новым британским премьером стал Джон Смит.", "Вечером британский премьер-министр заявил",
                 ["Джон Смит"], id="the-same-place-adjective-in-the-role"),
    pytest.param("Министр Австрии Карл Хубер прибыл в Рим.", "Австралийский министр заявил", ["anonymous"],
                 id="another-country"),
    pytest.param("Министр иностранных дел Франции Жан Дюбуа прибыл в Рим.", "Министр обороны Франции заявил",
                 ["anonymous"], id="another-post-with-the-same-title"),
    pytest.param("Министр обороны Франции Жан Дюбуа прибыл в Рим.", "Министр обороны заявил", ["Жан Дюбуа"],
                 id="a-bare-title-narrowed-down"),
    pytest.param("Премьер Ирландии Шон Келли прибыл в Рим.", "Ирландские лидеры заявили", ["anonymous"],
                 id="a-plural-is-more-than-one"),
    pytest.param("Министр Молдавии Иван Петреску и министр Молдавии Олег Чебан прибыли в Рим.",
                 "Молдавский министр заявил", ["anonymous"], id="two-people-fit"),
    pytest.param("Министр иностранных дел Молдавии Иван Петреску прибыл в Рим.", "Глава молдавского МИД заявил",
                 ["Иван Петреску"], id="the-head-of-a-ministry-is-its-minister"),
    pytest.param("Глава МИД Молдавии Иван Петреску прибыл в Рим.", "Молдавский министр заявил",
                 ["Иван Петреску"], id="a-minister-is-the-head-of-a-ministry"),
    pytest.param("Президент Беларуси Иван Петров прибыл в Рим.", "Белорусский лидер заявил", ["Иван Петров"],
                 id="an-adjective-of-a-countrys-other-name"),
    pytest.param("Глава Чечни Иван Петров прибыл в Рим.", "Чеченский лидер заявил", ["Иван Петров"],
                 id="an-adjective-not-made-like-its-region"),
    pytest.param("Генеральный секретарь ОБСЕ Карл Хубер прибыл в Рим.", "Генсек организации заявил",
                 ["Карл Хубер"], id="a-noun-for-the-organisation-is-no-specifier"),
    pytest.param("Председатель партии «Единство» Иван Сомов прибыл в Рим.", "Лидер партии заявил",
                 ["Иван Сомов"], id="a-leader-of-an-organisation"),
    pytest.param("Министр иностранных дел Молдавии Иван Петреску прибыл в Рим.", "Глава ведомства заявил",
                 ["Иван Петреску"], id="the-head-of-an-agency-is-its-minister"),
    pytest.param("Канцлер Австрии Карл Хубер и министр финансов Австрии Ион Попеску прибыли в Рим.",
                 "Глава австрийского правительства заявил", ["Карл Хубер"], id="the-head-of-government-is-its-chancellor"),
    pytest.param("Канцлер Австрии Карл Хубер прибыл в Рим.", "Глава австрийского государства заявил", ["anonymous"],
                 id="the-head-of-state-is-no-chancellor"),
    pytest.param("Госсекретарь США Джон Смит прибыл в Рим.", "Глава американской дипломатии заявил", ["Джон Смит"],
                 id="the-head-of-diplomacy-is-the-secretary-of-state"),
    pytest.param("Министр финансов Австрии Ион Попеску и министр иностранных дел Австрии Карл Хубер прибыли в Рим.",
                 "Глава австрийской дипломатии заявил", ["Карл Хубер"], id="the-head-of-diplomacy-is-no-minister-of-finance"),
    pytest.param("Спикер парламента Молдавии Иван Петреску прибыл в Рим.", "Председатель молдавского парламента заявил",
                 ["Иван Петреску"], id="a-speaker-chairs-the-parliament"),
])
def test_a_descriptor_stands_for_the_one_person_with_that_post(extract, first, said, expected):
    assert speaker_names(extract(f"{first} {said}, что визит прошел успешно.")) == expected


def test_a_descriptor_points_back_to_the_person_named_before_it(extract):
    facts = extract("Президент Молдавии Иван Петреску прибыл в Рим. Молдавский лидер заявил, что визит прошел успешно. "
                    "Премьер-министр Молдавии Олег Чебан заявил, что доволен.")
    assert speaker_names(facts) == ["Иван Петреску", "Олег Чебан"]


def test_a_descriptor_gives_its_person_the_role_and_attends_a_meeting(extract):
    facts = extract("Президент Молдавии Иван Петреску выступил с речью. Об этом молдавский лидер заявил после "
                    "встречи с председателем Еврокомиссии Жаном Дюбуа.")
    assert attendees(facts) == [["Жан Дюбуа", "Иван Петреску"]]
    assert ("Иван Петреску", "молдавский лидер", "Молдавия") in {(r.person, r.role, r.org) for r in facts.roles}


def test_a_title_after_a_post_word_names_the_post_not_its_last_holder(nlp):
    text = ("Председатель партии Иван Сидоров ушёл в отставку. Министр Олег Петренко встретился с Анной Кравец "
            "и поздравил её с избранием на пост председателя партии.")
    doc = nlp(text)
    extract_article(doc, Article(id="test", text=text, date=None))
    titles = [t for t in doc if t.lower_ == "председателя"]
    assert titles and [t._.refers_to for t in titles] == [None]


@pytest.mark.parametrize(("guest", "expected"), [
    ("французского гостя", [["Жан Дюбуа", "Марио Росси"]]),  # the visit, dated by the reception
    ("высокого гостя", [["Жан Дюбуа"]]),  # no place: no one in particular
])
def test_a_host_receives_the_guest_a_place_adjective_names(extract, guest, expected):
    facts = extract(f"Президент Франции Жан Дюбуа прибыл в Рим. Во вторник премьер Италии Марио Росси принял {guest}.")
    assert attendees(facts) == expected
    assert {r.role for r in facts.roles} == {"президент Франции", "премьер Италии"}


@pytest.mark.parametrize("partner", ["с французским коллегой", "с ним"], ids=["a-counterpart", "a-pronoun"])
def test_a_counterpart_or_a_pronoun_after_the_visitor_is_the_visitor(extract, partner):
    facts = extract(f"Президент Франции Жан Дюбуа прибыл в Рим. Во вторник премьер Италии Марио Росси встретился {partner}.")
    assert attendees(facts) == [["Жан Дюбуа", "Марио Росси"]]


@pytest.mark.parametrize(("second", "expected"), [
    ("", True),
    (" Президент Румынии Николай Ионеску выступил в сенате.", False),  # two presidents: which one?
], ids=["one-president", "two-presidents"])
def test_the_head_of_state_is_the_one_president(extract, second, expected):
    facts = extract(f"Президент Молдавии Иван Петреску выступил в парламенте.{second} "
                    "Глава государства провел переговоры с премьером Олегом Чебаном.")
    assert (["Иван Петреску", "Олег Чебан"] in attendees(facts)) == expected
    assert not any("Николай Ионеску" in m for m in attendees(facts))


def test_the_one_told_something_at_a_meeting_attends_it(extract):
    facts = extract("Президент Молдавии Иван Петреску сообщил депутату Олегу Чебану во время встречи в Кишиневе, "
                    "что поддерживает реформу.")
    assert attendees(facts) == [["Иван Петреску", "Олег Чебан"]]


def test_a_pronoun_partner_is_not_the_subject_of_its_clause(extract):
    facts = extract("Президент Франции Жан Дюбуа прибыл в Рим. Премьер Италии Марио Росси в среду провел с ним переговоры.")
    assert attendees(facts) == [["Жан Дюбуа", "Марио Росси"]]


def test_the_head_of_a_ministry_named_with_its_place_is_that_places_minister(extract):
    facts = extract("Глава МИД Молдавии провел переговоры с Джоном Смитом в Вене. "
                    "Министр иностранных дел Молдавии Иван Сомов назвал встречу полезной.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Джон Смит", "Иван Сомов"], ["Вена"])]


def test_a_descriptor_that_a_verb_names_gives_no_second_role(extract):
    facts = extract("Парламент утвердил Олега Чебана председателем правительства Молдавии.")
    assert [(r.person, r.role) for r in facts.roles] == [("Олег Чебан", "председатель правительства Молдавии")]


# ---------------------------------------------------------------- meetings


def test_meeting_with_place_and_date(extract):
    facts = extract("Министр Иван Петров 2 декабря провел переговоры с Джоном Смитом в Берлине.")
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]
    assert facts.meetings[0].place == ["Берлин"]
    assert facts.meetings[0].date == "2025-12-02"


def test_planned_meeting_is_not_attendance(extract):
    facts = extract("Иван Петров и Джон Смит встретятся в Берлине. Следующий раунд переговоров может пройти в Риме.")
    assert facts.meetings == []


@pytest.mark.parametrize("text", [
    "Министр Иван Петров намерен провести переговоры с Джоном Смитом на полях саммита в Риме.",
    "Министр Иван Петров не исключил встречи с Джоном Смитом.",
    "Министр Иван Петров ждет переговоров с Джоном Смитом.",
    "Министр Иван Петров рассчитывает на встречу с Джоном Смитом.",
    "Министр Иван Петров призвал к переговорам с Джоном Смитом.",
    "Министр Иван Петров не уверен в возможности встречи с Джоном Смитом.",
    "Стороны обсудили подготовку визита Ивана Петрова в Рим.",
], ids=["intends", "does-not-rule-out", "awaits", "counts-on", "calls-for", "a-possibility", "preparing"])
def test_an_intended_or_possible_meeting_is_not_attendance(extract, text):
    assert extract(text).meetings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Иван Петров в телефонном разговоре с Олегом Сидоровым предложил провести новый раунд переговоров.",
     [["Иван Петров", "Олег Сидоров"]]),
    ("Иван Петров на встрече с Олегом Сидоровым может предложить новый план.", []),
    ("Иван Петров предложил провести встречу с Олегом Сидоровым.", []),
])
def test_what_is_proposed_in_a_call_does_not_make_the_call_a_proposal(extract, text, expected):
    assert attendees(extract(text)) == expected


def test_a_visit_told_by_its_number_is_the_visit_of_the_same_person(extract):
    facts = extract("Министр Иван Петров 2 декабря прибыл в Рим, где провел переговоры с Марио Росси. "
                    "Это уже третий визит Петрова в Италию с начала года.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Петров", "Марио Росси"], ["Рим", "Италия"])]


def test_negated_visit_is_not_attendance(extract):
    facts = extract("Визит Ивана Петрова в Берлин не состоялся.")
    assert facts.meetings == []


def test_participation_by_pronoun_joins_the_meeting_just_reported(extract):
    facts = extract(
        "Переговоры в Женеве прошли 20–21 ноября. В них участвовали министр Иван Петров и посол Джон Смит."
    )
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]
    assert facts.meetings[0].place == ["Женева"]
    assert facts.meetings[0].date == "2025-11-20/2025-11-21"


def test_a_subject_pronoun_continues_the_last_subject_not_the_last_name(extract):
    facts = extract(
        "Министр Иван Петров выполнил несколько миссий. Именно он убедил премьера Олега Сидорова уйти в отставку. "
        "Позже он провел переговоры с послом Джоном Смитом."
    )
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]


@pytest.mark.parametrize(("then", "expected"), [
    pytest.param("Как отметил дипломат, решение примут в декабре.", ["Иван Петров", "Иван Петров"],
                 id="a-bare-source-noun-is-who-spoke-just-before"),
    pytest.param("Как отметил европейский дипломат, решение примут в декабре.", ["Иван Петров", "anonymous"],
                 id="with-a-word-of-its-own-it-is-unnamed"),
    pytest.param("Погода испортилась. Дождь не стихал. Как отметил дипломат, решение примут в декабре.",
                 ["Иван Петров", "anonymous"], id="too-far-from-the-last-speaker"),
    pytest.param("Решение примут в декабре, считают эксперты.", ["Иван Петров", "anonymous"], id="a-plural-is-others"),
])
def test_a_bare_source_noun_stands_for_the_person_just_before(extract, then, expected):
    facts = extract(f"Министр Иван Петров заявил, что встреча прошла успешно. {then}")
    assert [s.speaker for s in facts.statements] == expected


def test_a_bare_source_noun_after_a_sentence_with_one_subject_is_that_person(extract):
    facts = extract("Министр Иван Петров выступил против санкций. «Мы не отступим», — написал политик в соцсети X.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Иван Петров", "Мы не отступим")]


def test_a_subject_is_told_where_the_parsers_heads_run_in_a_cycle(nlp):
    from kg.extract.speakers import names_the_subject

    doc = Doc(nlp.vocab, words=["Петров", "сказал", "вчера"], heads=[1, 2, 1], deps=["nsubj", "conj", "advmod"],
              morphs=["Case=Nom|Gender=Masc|Number=Sing", "", ""], ents=["B-PER", "O", "O"])
    doc[0]._.actor = "Иван Петров"
    assert names_the_subject(doc.ents[0])  # Span.root would raise here


@pytest.mark.parametrize(("said", "expected"), [
    pytest.param("Пресс-служба президента Молдавии сообщила, что визит прошел успешно.", ["Иван Петреску"],
                 id="of-a-title-standing-for-a-person"),
    pytest.param("Пресс-служба Елисейского дворца сообщила, что визит прошел успешно.", ["Елисейский дворец"],
                 id="of-an-organisation"),
    pytest.param("Пресс-служба ведомства сообщила, что визит прошел успешно.", ["anonymous"], id="of-no-one-named"),
])
def test_a_press_office_speaks_for_its_owner(extract, said, expected):
    facts = extract(f"Президент Молдавии Иван Петреску прибыл в Рим. {said}")
    assert [s.speaker for s in facts.statements] == expected


@pytest.mark.parametrize(("between", "expected"), [
    pytest.param("Рыженков поблагодарил гостей за визит.", ["Иван Петров", "Максим Рыженков"],
                 id="one-other-subject-since"),
    pytest.param("Гости поблагодарили Рыженкова за прием.", ["Иван Петров", "Иван Петров"],
                 id="no-person-as-subject-since"),
    pytest.param("Рыженков и Сидоров поблагодарили гостей.", ["Иван Петров", "Иван Петров"],
                 id="two-subjects-are-no-his"),
])
def test_his_words_are_the_last_speakers_unless_another_person_acted_since(extract, between, expected):
    facts = extract(f"Министр Иван Петров заявил, что встреча с коллегой Максимом Рыженковым и Олегом Сидоровым "
                    f"прошла успешно. {between} По его словам, стороны договорились о поставках.")
    assert [s.speaker for s in facts.statements] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("По итогам встречи с Джоном Смитом Иван Петров заявил, что стороны сблизили позиции.",
     [["Джон Смит", "Иван Петров"]]),
    ("После переговоров с Джоном Смитом министр Иван Петров сказал, что доволен.", [["Джон Смит", "Иван Петров"]]),
    # the meeting names both its sides: whoever speaks after it only reports it
    ("По итогам встречи Ивана Петрова с Джоном Смитом Олег Сидоров заявил, что стороны сблизили позиции.",
     [["Джон Смит", "Иван Петров"]]),
])
def test_who_speaks_after_a_meeting_with_someone_was_at_it(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Иван Петров и Джон Смит обсудили по телефону ситуацию в регионе.", [["Джон Смит", "Иван Петров"]]),
    ("Иван Петров обсудил с Джоном Смитом по видеосвязи вопросы торговли.", [["Джон Смит", "Иван Петров"]]),
    ("Иван Петров сообщил по телефону, что переговоры сорваны.", []),  # an interview, not a call
    ("Номер телефона Ивана Петрова засекречен.", []),
])
def test_done_by_phone_is_a_call(extract, text, expected):
    assert attendees(extract(text)) == expected


def test_a_dash_for_the_verb_after_a_comma_names_the_other_side(extract):
    facts = extract("В Женеве завершились переговоры представителей Молдавии и Румынии. С молдавской стороны "
                    "в них участвовал министр Иван Сомов, с румынской — министр Ион Попеску.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Иван Сомов", "Ион Попеску"], ["Женева"])]


@pytest.mark.parametrize("text", [
    "Иван Петров провел видеоконференцию с Джоном Смитом.",
    "Иван Петров и Джон Смит провели переговоры по видеосвязи.",
    "Иван Петров и Джон Смит провели телефонные переговоры.",
    "Иван Петров провел переговоры с Джоном Смитом в режиме видеоконференции.",
    "Иван Петров и Джон Смит провели встречу в формате видеосвязи.",
])
def test_a_meeting_held_by_a_means_of_calling_is_a_call(extract, text):
    assert [(sorted(m.participants), m.kind) for m in extract(text).meetings] == [(["Джон Смит", "Иван Петров"], "call")]


@pytest.mark.parametrize(("text", "kind"), [
    ("Министр обороны Ирландии Иван Петров обсудил с коллегой из Польши Джоном Смитом поставки оружия.", "talks"),
    ("Иван Петров обсуждал с Джоном Смитом ситуацию в Сирии.", "talks"),
    ("Иван Петров обсудил с Джоном Смитом по телефону ситуацию в Сирии.", "call"),
    ("Иван Петров и Джон Смит обсудили ситуацию в Сирии.", "talks"),
    ("Иван Петров и Джон Смит обсудили по телефону ситуацию в Сирии.", "call"),
])
def test_discussing_with_a_person_is_a_meeting(extract, text, kind):
    assert [(sorted(m.participants), m.kind) for m in extract(text).meetings] == [(["Джон Смит", "Иван Петров"], kind)]


def test_a_discussion_told_before_a_call_of_the_same_pair_is_that_call(extract):
    facts = extract("Иван Петров и Джон Смит обсудили возможность переговоров в Стамбуле\n\n"
                    "Президент Иван Петров в четверг провел телефонный разговор с Джоном Смитом.")
    assert [(sorted(m.participants), m.place, m.kind) for m in facts.meetings] == [
        (["Джон Смит", "Иван Петров"], [], "call")]  # Стамбул is where talks may be, not where they spoke


@pytest.mark.parametrize("text", [
    "Стороны обсудили вопросы торговли.",
    "Иван Петров обсудил с коллегами ситуацию в Сирии.",
    "Президент Иван Петров обсудил с премьер-министром ситуацию в стране.",
    "Иван Петров намерен обсудить с Джоном Смитом ситуацию в Сирии.",
    "Иван Петров не обсуждал с Джоном Смитом ситуацию в Сирии.",
    "Иван Петров обсудит с Джоном Смитом ситуацию в Сирии на следующей неделе.",
    "Иван Петров и Джон Смит обсудят ситуацию в Сирии.",
    "Иван Петров и его коллеги обсудили ситуацию в Сирии.",
    "Президенты Ирландии и Польши обсудили ситуацию в Сирии.",
])
def test_discussing_without_a_person_or_not_done_is_no_meeting(extract, text):
    assert extract(text).meetings == []


@pytest.mark.parametrize(("text", "place"), [
    ("Премьер-министры Ирландии и Польши Иван Петров и Джон Смит собрались в Тегеране.", ["Тегеран"]),
    ("В Брюсселе собрались министры иностранных дел стран ЕС, в том числе Иван Петров и Джон Смит.", ["Брюссель"]),
    ("Иван Петров и Джон Смит съехались в Женеву.", ["Женева"]),
])
def test_people_coming_together_meet(extract, text, place):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == [(["Джон Смит", "Иван Петров"], place)]


@pytest.mark.parametrize("text", [
    "Иван Петров и Джон Смит собрались обсудить ситуацию в Сирии.",
    "Иван Петров собрался уходить в отставку.",
    "Иван Петров и Джон Смит не собрались в Париже.",
    "Журналисты собрались в ожидании Ивана Петрова у входа в министерство.",
    "Сторонники Ивана Петрова и Джона Смита собрались в Москве.",
])
def test_gathering_with_an_aim_or_without_named_people_is_no_meeting(extract, text):
    assert extract(text).meetings == []


@pytest.mark.parametrize(("text", "place"), [
    ("Иван Петров и Джон Смит провели переговоры о ситуации на Ближнем Востоке.", []),
    ("Иван Петров и Джон Смит обсудили на встрече в Женеве ситуацию в Сирии.", ["Женева"]),
    ("Иван Петров прибыл в Берлин на переговоры по урегулированию в Ливии.", ["Берлин"]),
    ("Иван Петров принял участие в заседании совета в Женеве.", ["Женева"]),
    ("Иван Петров принял участие в конференции по ситуации в Сирии.", []),
])
def test_a_place_in_what_was_discussed_is_not_where_they_met(extract, text, place):
    assert [m.place for m in extract(text).meetings] == [place]


@pytest.mark.parametrize("text", [
    "Президент Франции Жан Дюбуа, находящийся с визитом в Бразилии, провел в пятницу в Сан-Паулу переговоры с президентом Лулой.",
    "Президент Франции Жан Дюбуа прибыл с визитом в Бразилию и провел в Сан-Паулу переговоры с президентом Лулой.",
], ids=["visiting", "arrived-and-held"])
def test_the_place_of_the_talks_comes_before_the_trips_destination(extract, text):
    assert [m.place for m in extract(text).meetings] == [["Сан-Паулу", "Бразилия"]]


@pytest.mark.parametrize(("text", "place"), [
    pytest.param("Премьер-министр Индии Раджеш Кумар прибыл в Токио. Переговоры с премьером Японии Кэнъити Мори "
                 "прошли в пятницу.", ["Токио"], id="no-place-of-their-own"),
    pytest.param("Премьер-министр Индии Раджеш Кумар прибыл в Токио. Переговоры с премьером Японии Кэнъити Мори "
                 "прошли в Доме правительства.", ["Дом правительства", "Токио"], id="in-a-building"),
])
def test_talks_told_after_a_visit_by_their_partner_alone_are_held_by_the_visitor(extract, text, place):
    facts = extract(text)
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Кэнъити Мори", "Раджеш Кумар"], place)]


def test_a_call_after_a_visit_is_not_held_by_the_visitor(extract):
    facts = extract("Иван Петров прибыл в Берлин. В разговоре с Джоном Смитом Олег Сидоров призвал к перемирию.")
    assert attendees(facts) == [["Иван Петров"], ["Джон Смит", "Олег Сидоров"]]


def test_speaker_of_a_meeting_report_is_not_an_attendee(extract):
    facts = extract("Пресс-секретарь Олег Иванов заявил, что Иван Петров провел встречу с Джоном Смитом в Берлине.")
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Министр Иван Петров заявил на встрече с Джоном Смитом, что стороны договорились.",
                 [["Джон Смит", "Иван Петров"]], id="speaker-at-a-meeting-attends"),
    pytest.param("Олег Иванов рассказал о встрече Ивана Петрова с Джоном Смитом.",
                 [["Джон Смит", "Иван Петров"]], id="speaker-about-a-meeting-does-not"),
    pytest.param("Иван Петров рассказал о встрече с Джоном Смитом в Женеве.",
                 [["Джон Смит", "Иван Петров"]], id="speaker-about-his-meeting-with-x-does"),
    pytest.param("О разговоре с Джоном Смитом рассказал сам Иван Петров.",
                 [["Джон Смит", "Иван Петров"]], id="speaker-after-it-too"),
    pytest.param("Визит Ивана Петрова в Берлин, который был запланирован на осень, скорее всего, не состоится.",
                 [], id="planned-in-a-relative-clause-is-no-meeting"),
    pytest.param("Иван Петров отказался от встречи с Джоном Смитом.", [], id="refused"),
    pytest.param("Иван Петров и Джон Смит договорились о встрече в Женеве.", [], id="agreed-to-meet"),
    pytest.param("Иван Петров попросил о встрече с Джоном Смитом.", [], id="asked-to-meet"),
    pytest.param("Сроки встречи Ивана Петрова и Джона Смита пока не определены.", [], id="its-dates-not-set"),
    pytest.param("Иван Петров заявил, что готов встретиться с Джоном Смитом.", [], id="ready-to-meet-is-not-met"),
    pytest.param("Иван Петров провел встречу с Джоном Смитом, который будет работать в Берлине.",
                 [["Джон Смит", "Иван Петров"]], id="relative-clause-about-a-person-keeps-it"),
    pytest.param("Президент Франции Иван Петров дал интервью. Джон Смит провел переговоры с президентом Франции в Берлине.",
                 [["Джон Смит", "Иван Петров"]], id="title-stands-in-for-its-one-holder"),
    pytest.param("Президент Франции Иван Петров и президент Франции Олег Сидоров дали интервью. "
                 "Джон Смит провел переговоры с президентом Франции в Берлине.",
                 [["Джон Смит"]], id="title-of-two-people-stands-in-for-nobody"),
    pytest.param("По словам Олега Иванова, Иван Петров провел встречу с Джоном Смитом.",
                 [["Джон Смит", "Иван Петров"]], id="according-to-whom-reports"),
    pytest.param("По данным агентства Рейтер, Иван Петров провел встречу с Джоном Смитом.",
                 [["Джон Смит", "Иван Петров"]], id="the-according-phrase-ends-at-its-comma"),
])
def test_who_attends_by_grammar(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Петров участвовал в заседании Совбеза вместе с Олегом Сидоровым.",
                 [["Иван Петров", "Олег Сидоров"]], id="a-gathering"),
    pytest.param("Иван Петров принял участие в переговорах в Женеве вместе с Олегом Сидоровым.",
                 [["Иван Петров", "Олег Сидоров"]], id="a-meeting-word-in-an-oblique-plural"),
    pytest.param("Иван Петров участвовал в войне в Корее вместе с Олегом Сидоровым.", [], id="not-a-gathering"),
    pytest.param("Иван Петров принял участие в выборах вместе с Олегом Сидоровым.", [], id="not-a-gathering-either"),
])
def test_taking_part_is_a_meeting_only_in_a_meeting_or_gathering(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize("text", [
    "Иван Петров и Олег Сидоров выступили с обращением к 30-летию встречи в Женеве.",
    "В годовщину встречи в Хельсинки Иван Петров выступил с речью.",
    # the parser hangs «встречи» on «заявление», not on «50-летию»
    "Иван Петров и Олег Сидоров сделали совместное заявление к 50-летию исторической встречи двух армий на реке Рейн.",
])
def test_a_commemorated_meeting_is_not_attendance(extract, text):
    assert extract(text).meetings == []


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Петров в телефонном разговоре поздравил Олега Сидорова с юбилеем.",
                 [["Иван Петров", "Олег Сидоров"]], id="in-a-call"),
    pytest.param("В ходе встречи Иван Петров поблагодарил Олега Сидорова за помощь.",
                 [["Иван Петров", "Олег Сидоров"]], id="in-the-course-of-a-meeting"),
    pytest.param("После встречи с Анной Коваленко Иван Петров поздравил Олега Сидорова с победой.",
                 [["Анна Коваленко", "Иван Петров"]], id="after-a-meeting-is-not-in-it"),
])
def test_the_object_of_a_verb_said_in_a_meeting_attends(extract, text, expected):
    assert attendees(extract(text)) == expected


def test_hosting_a_person_is_a_meeting(extract):
    facts = extract("Иван Петров принял в Кремле президента Сербии Олега Сидорова.")
    assert attendees(facts) == [["Иван Петров", "Олег Сидоров"]]
    assert facts.meetings[0].place == ["Кремль"]


def test_hosting_a_delegation_is_a_meeting_with_its_head(extract):
    facts = extract("Президент Молдавии Иван Петреску принял в резиденции делегацию во главе с премьер-министром "
                    "Румынии Ионом Попеску.")
    assert attendees(facts) == [["Иван Петреску", "Ион Попеску"]]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Петров принял на аудиенции в Ватикане премьер-министра Молдавии Олега Чебана.",
                 [(["Иван Петров", "Олег Чебан"], ["Ватикан"])], id="an-audience"),
    pytest.param("Вечером состоялся рабочий ужин Ивана Петрова и Джона Смита.",
                 [(["Джон Смит", "Иван Петров"], [])], id="a-working-dinner"),
])
def test_an_audience_or_a_working_meal_is_a_meeting(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


def test_the_object_of_a_hosting_verb_attends_whatever_case_the_tagger_gives_it(extract):
    facts = extract("Иван Петров принял в Риме премьер-министра Италии Джорджу Мелони.")  # tagged dative
    assert [sorted(name.split()[-1] for name in m.participants) for m in facts.meetings] == [["Мелони", "Петров"]]


def test_hosting_verb_without_a_person_is_no_meeting(extract):
    facts = extract("Иван Петров принял поздравления Олега Сидорова и принял решение уйти в отставку.")
    assert facts.meetings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Президент принял в Париже премьер-министра Великобритании Кира Стармера.", "Кир Стармер"),
    ("Президент принял в Париже министра Киру Петрову.", "Кира Петрова"),
    ("Президент принял в Париже министра Игоря Петрова.", "Игорь Петров"),
], ids=["a-mans-name-like-a-womans", "a-womans-name", "a-mans-name"])
def test_a_name_beside_an_oblique_title_takes_the_gender_its_endings_allow(extract, text, expected):
    assert names(extract(text).entities, "PER") == {expected}


def test_a_name_in_its_titles_instrumental_the_tagger_calls_nominative_holds_the_title(extract):
    facts = extract("Министр Иван Сомов встретился с председателем Национального собрания Лаоса Фам Ван Тхиеном.")
    assert ("Фам Ван Тхиен", "председатель Национального собрания Лаоса") in {(r.person, r.role) for r in facts.roles}


def test_a_name_hung_on_another_title_takes_the_instrumental_of_the_title_before_it(extract):
    facts = extract("Спикер парламента Иван Сомов провел встречу с председателем Национального собрания "
                    "Вьетнама Чан Тхань Маном.")
    assert attendees(facts) == [["Иван Сомов", "Чан Тхань Ман"]]


def test_a_full_name_beside_a_nominative_title_is_nominative_however_tagged(extract):
    facts = extract("В работе саммита участвуют канцлер Германии Фридрих Мерц и премьер-министр Италии Джорджа Мелони.")
    assert "Джорджа Мелони" in names(facts.entities, "PER")


@pytest.mark.parametrize(("text", "expected"), [
    ("Жан Дюбуа провел в Пекине переговоры с Ли Вэем.", "Ли Вэй"),
    ("Жан Дюбуа провел переговоры со своим южнокорейским коллегой Чо Тхэ Ёлем.", "Чо Тхэ Ёль"),
    ("Жан Дюбуа провел переговоры с лидером КНДР Ким Чен Ыном.", "Ким Чен Ын"),
    ("Жан Дюбуа встретился с Сергеем Гаем.", "Сергей Гай"),
], ids=["a-vowel-stem", "a-soft-consonant-stem", "a-hard-stem", "a-known-name"])
def test_a_two_letter_syllable_loses_its_instrumental_ending(extract, text, expected):
    assert expected in names(extract(text).entities, "PER")


def test_indeclinable_surname_takes_the_case_of_the_first_name(nlp):
    # The tagger sometimes reads an indeclinable surname as genitive; force that reading.
    doc = nlp("Иван Петров встретился с матерью девушки Ниной Кравец.")
    guest = next(ent for ent in doc.ents if ent.text == "Ниной Кравец")
    assert takes_part(guest, with_seen=True, meeting_verb_before=True)
    guest[-1].set_morph("Animacy=Anim|Case=Gen|Gender=Fem|Number=Sing")
    assert takes_part(guest, with_seen=True, meeting_verb_before=True)
    guest[0].set_morph("Animacy=Anim|Case=Gen|Gender=Fem|Number=Sing")
    assert not takes_part(guest, with_seen=True, meeting_verb_before=True)


def test_instrumental_name_without_s_is_not_an_attendee(extract):
    facts = extract("Иван Петров провел встречу, организованную Ниной Кравец.")
    assert attendees(facts) == [["Иван Петров"]]


@pytest.mark.parametrize(("report", "expected"), [
    pytest.param("Олег Сидоров сообщил, что во время встречи с Иваном Петровым в Сочи они договорились о поставках.",
                 ["Иван Петров", "Олег Сидоров"], id="with-someone-they-are-the-speaker-and-that-person"),
    pytest.param("Олег Сидоров сообщил, что в Сочи они провели встречу.",
                 ["Джон Браун", "Иван Смит"], id="without-s-they-are-the-people-just-named"),
])
def test_they_in_a_reported_meeting(extract, report, expected):
    facts = extract(f"Иван Смит и Джон Браун прибыли в Берлин. {report}")
    sochi = next(m for m in facts.meetings if m.place == ["Сочи"])
    assert sorted(sochi.participants) == expected


@pytest.mark.parametrize(("then", "expected"), [
    pytest.param("Вечером они провели переговоры в Милане.", ["Джон Смит", "Иван Петров"],
                 id="they-are-the-attendees-of-the-meeting-just-told"),
    pytest.param("Вечером они провели переговоры в Милане с Олегом Сидоровым.", ["Иван Петров", "Олег Сидоров"],
                 id="with-partners-of-their-own-they-are-one-side"),
])
def test_they_after_a_meeting(extract, then, expected):
    facts = extract(f"Иван Петров прибыл в Рим, где встретился с Джоном Смитом. {then}")
    milan = next(m for m in facts.meetings if m.place == ["Милан"])
    assert sorted(milan.participants) == expected


def test_in_the_course_of_the_meeting_is_the_meeting_just_told_wherever_it_is_placed(extract):
    facts = extract("Иван Петров прибыл с визитом в Рим, где встретился с Джоном Смитом. "
                    "В ходе встречи в Палаццо Киджи они обсудили торговлю.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Джон Смит", "Иван Петров"], ["Палаццо Киджи", "Рим"])]


def test_talks_in_the_course_of_a_visit_are_part_of_it(extract):
    facts = extract("Министр иностранных дел Венгрии Иван Сомов во вторник прибыл с визитом в Минск. "
                    "В аэропорту его встретил замминистра Олег Сидоров. "
                    "В ходе визита венгерский министр провел переговоры с президентом Белоруссии Петром Зуевым. "
                    "«Мы за диалог», — заявил Сомов журналистам по итогам встречи.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Сидоров", "Пётр Зуев"], ["Минск"])]


def test_each_meeting_of_a_sentence_in_the_course_of_a_visit_is_where_the_visit_went(extract):
    facts = extract("Иван Сомов находится с визитом в Японии. В рамках визита он встретился с министром Олегом "
                    "Сидоровым и провел переговоры с премьер-министром Джоном Смитом.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Сидоров"], ["Япония"]), (["Джон Смит", "Иван Сомов"], ["Япония"])]


def test_a_counted_meeting_of_another_date_is_another_meeting(extract):
    facts = extract("Иван Сомов 3 марта провел переговоры с министром Ван И. Это была вторая встреча министров "
                    "за месяц: 12 февраля они встречались в Мюнхене.", date="2026-03-06")
    assert [(sorted(m.participants), m.place, m.date) for m in facts.meetings] == [
        (["Ван И", "Иван Сомов"], [], "2026-03-03"), (["Ван И", "Иван Сомов"], ["Мюнхен"], "2026-02-12")]


def test_a_trip_told_again_without_a_place_is_not_the_meeting_just_told(extract):
    facts = extract("Иван Сомов провел переговоры с Олегом Сидоровым в Риме. "
                    "Сомов рассказал о переговорах журналистам. Итоги поездки Сомова прокомментировал МИД.")
    assert [sorted(m.participants) for m in facts.meetings][0] == ["Иван Сомов", "Олег Сидоров"]
    assert len(facts.meetings) <= 2


def test_same_meeting_across_articles_gets_one_id(extract_corpus):
    facts = extract_corpus({
        "a": ("2025-12-03", "Иван Петров и Джон Смит 2 декабря провели переговоры в Берлине."),
        "b": (None, "Встреча Ивана Петрова и Джона Смита прошла в Берлине 2 декабря."),
    })
    assert facts[0].meetings[0].id == facts[1].meetings[0].id
    assert facts[1].meetings[0].date == "2025-12-02"  # the undated article learns the year


def test_one_sentence_may_report_two_meetings_and_each_keeps_its_id(extract_corpus):
    facts = extract_corpus({
        "a": ("2025-12-03", "В Берлине 2 декабря состоялись переговоры Ивана Петрова с Джоном Смитом, "
                            "а потом беседа с Олегом Сидоровым."),
        "b": ("2025-12-03", "Иван Петров и Олег Сидоров 2 декабря встретились в Берлине."),
    })
    first, second = facts[0].meetings
    assert [sorted(first.participants), sorted(second.participants)] == [
        ["Джон Смит", "Иван Петров"], ["Иван Петров", "Олег Сидоров"]]
    assert first.id != second.id  # one place, one date, one attendee shared: still two meetings
    assert facts[1].meetings[0].id == second.id  # the other report is of the meeting sharing most attendees


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Встречу Ивана Петрова и Джона Смита в Берлине анонсировали после визита Олега Сидорова в Рим.",
                 [(["Джон Смит", "Иван Петров"], ["Берлин"]), (["Олег Сидоров"], ["Рим"])], id="each-names-its-side"),
    pytest.param("В ходе визита Олега Сидорова в Рим прошли переговоры Сидорова и Джона Смита.",
                 [(["Джон Смит", "Олег Сидоров"], ["Рим"])], id="in-the-course-of-a-visit"),
    pytest.param("Визит Олега Сидорова в Рим и переговоры с Джоном Смитом прошли успешно.",
                 [(["Джон Смит", "Олег Сидоров"], ["Рим"])], id="partners-without-a-side"),
])
def test_meeting_words_naming_sides_of_their_own_are_meetings_of_their_own(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


def test_a_dated_report_of_the_same_people_joins_the_headlines_meeting(extract):
    facts = extract("Иван Петров и Джон Смит провели телефонный разговор\n\n"
                    "Министр Иван Петров и посол Джон Смит 2 декабря провели телефонный разговор.")
    assert [(sorted(m.participants), m.date) for m in facts.meetings] == [(["Джон Смит", "Иван Петров"], "2025-12-02")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Иван Петров рассказал, что встретился с послом Олегом Сидоровым.", [["Иван Петров", "Олег Сидоров"]]),
    ("Иван Петров сообщил, что в пятницу провел телефонный разговор с Олегом Сидоровым.",
     [["Иван Петров", "Олег Сидоров"]]),
    ("Иван Петров сообщил, что президент встретился с послом Олегом Сидоровым.", [["Олег Сидоров"]]),
    ("Иван Петров сообщил, что переговоры с послом Олегом Сидоровым прошли успешно.", [["Олег Сидоров"]]),
])
def test_a_speaker_who_tells_of_a_meeting_with_no_subject_of_its_own_attended_it(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize(("then", "expected"), [
    pytest.param("Ранее Петров провел встречу с послом Олегом Сидоровым.",
                 [["Джон Смит", "Иван Петров"], ["Иван Петров", "Олег Сидоров"]], id="earlier"),
    pytest.param("После этого он встретился с послом Олегом Сидоровым.",
                 [["Джон Смит", "Иван Петров"], ["Иван Петров", "Олег Сидоров"]], id="after-that"),
    pytest.param("Позднее Петров рассказал, что на встрече обсуждали торговлю.",
                 [["Джон Смит", "Иван Петров"]], id="a-later-telling-of-the-same-meeting"),
])
def test_a_meeting_told_at_another_time_is_a_meeting_of_its_own(extract, then, expected):
    facts = extract(f"Министр Иван Петров провел переговоры с Джоном Смитом в Риме. {then}")
    assert attendees(facts) == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Петров пригласил Джона Смита посетить Париж.", [], id="invited-to-visit"),
    pytest.param("Иван Петров и Джон Смит договорились провести переговоры в Париже.", [], id="agreed-to-hold"),
    pytest.param("Иван Петров успел встретиться с Джоном Смитом в Париже.", [(["Джон Смит", "Иван Петров"], ["Париж"])],
                 id="managed-to-meet"),
])
def test_a_meeting_an_infinitive_names_as_an_aim_has_not_taken_place(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Об этом сообщил Жан Дюбуа, встретившийся в Риме с Иваном Петровым.",
                 [(["Жан Дюбуа", "Иван Петров"], ["Рим"])], id="the-speaker-a-participle-describes"),
    pytest.param("Министр Иван Петреску, посетивший на этой неделе Рим, заявил, что доволен.",
                 [(["Иван Петреску"], ["Рим"])], id="the-place-a-participle-visited"),
])
def test_a_meeting_participle_puts_the_person_it_describes_in_the_meeting(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("В Женеве прошла встреча между Иваном Петровым и Джоном Смитом.",
                 [["Джон Смит", "Иван Петров"]], id="people"),
    pytest.param("Состоялся телефонный разговор между президентом Молдавии Иваном Петреску и канцлером Австрии "
                 "Карлом Хубером.", [["Иван Петреску", "Карл Хубер"]], id="titled-people"),
    pytest.param("Завершился раунд переговоров между делегациями Молдавии и Румынии. "
                 "Молдавскую делегацию возглавил Олег Чебан.", [["Олег Чебан"]], id="the-head-of-a-delegation"),
])
def test_the_sides_between_whom_a_meeting_is_attend_it(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("«Мы готовы», — сказал Иван Петров в беседе с журналистами.", [], id="journalists"),
    pytest.param("Иван Петров заявил на встрече с представителями СМИ, что готов.", [], id="the-press"),
    pytest.param("Иван Петров заявил в беседе с послом Джоном Смитом, что готов.", [["Джон Смит", "Иван Петров"]],
                 id="a-person"),
])
def test_speaking_to_the_press_is_no_meeting(extract, text, expected):
    assert attendees(extract(text)) == expected


@pytest.mark.parametrize(("then", "expected"), [
    pytest.param("Иван Петров, Джон Смит и Олег Сидоров обсудили торговлю.",
                 [(["Джон Смит", "Иван Петров", "Олег Сидоров"], ["Рим"])], id="names-the-attendees"),
    pytest.param("Иван Петров и Джон Смит поспорили о погоде.", [], id="not-a-verb-of-doing-together"),
    pytest.param("Молдавскую делегацию возглавил Олег Чебан, румынскую — Ион Попеску.",
                 [(["Ион Попеску", "Олег Чебан"], ["Рим"])], id="the-heads-of-the-delegations"),
    pytest.param("Молдавскую делегацию возглавил глава МИД Олег Чебан.",
                 [(["Олег Чебан"], ["Рим"])], id="the-head-of-one-delegation"),
])
def test_the_people_who_did_together_what_a_meeting_with_no_one_named_did_attended_it(extract, then, expected):
    facts = extract(f"Трехсторонняя встреча министров Молдавии, Румынии и Австрии прошла в Риме. {then}")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Петров провел встречу с послом Франции в Молдавии Жаном Дюбуа.", [], id="a-title-of-an-ambassador"),
    pytest.param("Иван Петров встретился в Кишиневе с послом Франции Жаном Дюбуа.", ["Кишинёв"], id="the-meetings-own"),
    pytest.param("Иван Петров провел переговоры с президентом Франции Жаном Дюбуа в Кишиневе.", ["Кишинёв"],
                 id="after-the-name-of-the-title"),
    pytest.param("Командующий силами НАТО в Европе генерал Джон Смит посетил Литву.", ["Литва"], id="a-commander"),
])
def test_a_place_in_a_title_is_not_the_meetings(extract, text, expected):
    assert [m.place for m in extract(text).meetings] == [expected]


def test_their_first_meeting_is_the_one_just_told_and_a_partner_phrase_ends_at_the_subject(extract):
    facts = extract("Премьер Молдавии Иван Петреску и президент Румынии Ион Попеску встретились в Яссах. "
                    "Это была их первая встреча. После встречи с Попеску молдавский премьер провел переговоры "
                    "с канцлером Австрии Карлом Хубером.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Петреску", "Ион Попеску"], ["Яссы"]), (["Иван Петреску", "Карл Хубер"], [])]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Министр Иван Петров находится с визитом в Риме. Он уже встретился с Джоном Смитом.",
                 [(["Джон Смит", "Иван Петров"], ["Рим"])], id="talks-of-the-visitor-are-the-visit"),
    pytest.param("Переговоры Ивана Петрова и Джона Смита прошли в Милане. Позднее Петров прибыл с визитом в Рим. "
                 "Петров провел встречи со Смитом.",
                 [(["Джон Смит", "Иван Петров"], ["Милан"]), (["Иван Петров"], ["Рим"])],
                 id="unless-talks-were-told-before"),
])
def test_talks_with_no_place_after_a_visit_of_one_person(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("Иван Петров провел телефонные переговоры с Джоном Смитом.", "call"),
    ("Иван Петров провел переговоры с Джоном Смитом.", "talks"),
])
def test_a_means_of_calling_on_a_meeting_word_makes_it_a_call(extract, text, kind):
    assert [m.kind for m in extract(text).meetings] == [kind]


def test_a_partner_named_twice_is_one_meeting(extract):
    facts = extract("Иван Петров провел встречу с Джоном Смитом и переговоры с ним.")
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]


def test_dates_resolve_against_the_article_date():
    assert find_date("в субботу стороны встретились", "2025-12-21") == "2025-12-20"
    assert find_date("в минувшие выходные", "2025-12-26") == "2025-12-20/2025-12-21"
    assert find_date("28 декабря", "2026-01-05") == "2025-12-28"
    assert find_date("2 декабря", None) == "XXXX-12-02"
    assert find_date("без даты", "2025-12-21") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("В 2024 году они встречались в Вене.", "2024-01-01/2024-12-31"),
    ("в прошлом году стороны провели переговоры", "2025-01-01/2025-12-31"),
    ("в этом году министры встречались дважды", "2026-01-01/2026-03-03"),
    ("в декабре министр посетил Вену", "2025-12-01/2025-12-31"),
    ("в марте министр посетил Вену", "2026-03-01/2026-03-03"),
    ("в мае 2019 года министр посетил Вену", "2019-05-01/2019-05-31"),
    ("во время визита в апреле прошлого года", "2025-04-01/2025-04-30"),
    ("вчера, как и в 2024 году, они встретились", "2026-03-02"),
    ("в прошлом месяце министр посетил Вену", "2026-02-01/2026-02-28"),
    ("в этом месяце министр посетил Вену", "2026-03-01/2026-03-03"),
    ("в семье министра", None),
], ids=["year", "last-year", "this-year", "last-december", "this-month", "month-and-year", "month-of-last-year",
        "a-day-first", "last-month", "this-month-told", "no-period"])
def test_a_month_or_a_year_is_a_range_up_to_the_article_date(text, expected):
    assert (find_date(text, "2026-03-03") or find_period(text, "2026-03-03")) == expected


def test_a_meeting_in_another_year_is_not_one_dated_in_this_one(extract_corpus):
    facts = extract_corpus({
        "a": ("2026-03-03", "2 марта министр Жан Дюбуа провел переговоры в Вене с Петером Хубером."),
        "b": ("2026-03-03", "В 2024 году министр Жан Дюбуа провел переговоры в Вене с Петером Хубером."),
    })
    assert [m.date for m in facts[0].meetings] == ["2026-03-02"]
    assert [m.date for m in facts[1].meetings] == ["2024-01-01/2024-12-31"]
    assert facts[0].meetings[0].id != facts[1].meetings[0].id


@pytest.mark.parametrize(("text", "expected"), [
    ("Жан Дюбуа, который в 2019 году возглавил МИД, провел переговоры с Петером Хубером.", None),
    ("Конфликт, завершившийся в мае 1994 года, обсуждали на переговорах Жан Дюбуа и Петер Хубер.", None),
    ("Переговоры Жана Дюбуа и Петера Хубера прошли в мае 2019 года.", "2019-05-01/2019-05-31"),
    ("Жан Дюбуа провел переговоры с Петером Хубером в прошлом году.", "2025-01-01/2025-12-31"),
], ids=["a-relative-clause", "a-participle", "the-meetings-verb", "the-verb-of-its-object"])
def test_a_month_or_year_dates_a_meeting_only_if_its_words_govern_it(extract, text, expected):
    facts = extract(text, date="2026-03-03")
    assert [m.date for m in facts.meetings] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("переговоры прошли 2 и 3 декабря", "2025-12-02/2025-12-03"),
    ("переговоры прошли с 1 по 3 декабря", "2025-12-01/2025-12-03"),
    ("встреча прошла в ночь с 2 на 3 декабря", "2025-12-02/2025-12-03"),
    ("встреча прошла 3-го декабря", "2025-12-03"),
], ids=["and", "from-to", "night", "ordinal"])
def test_days_of_a_month_joined_by_words_are_a_range(text, expected):
    assert find_date(text, "2025-12-04") == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("в прошлую пятницу", "2025-12-05", "2025-11-28"),  # the article's own weekday: a week before
    ("на прошлой неделе", "2025-12-03", "2025-11-24/2025-11-30"),
    ("на этой неделе", "2025-12-03", "2025-12-01/2025-12-03"),
    ("в начале декабря", "2025-12-20", "2025-12-01/2025-12-10"),
    ("в начале декабря", "2025-12-04", "2025-12-01/2025-12-04"),  # up to the article date
    ("в конце прошлого месяца", "2026-01-05", "2025-12-21/2025-12-31"),
    ("в середине этого месяца", "2025-12-25", "2025-12-11/2025-12-20"),
    ("в конце февраля", "2026-03-05", "2026-02-21/2026-02-28"),
    ("в конце декабря", "2026-01-05", "2025-12-21/2025-12-31"),
    ("в середине мая 2024 года", "2025-12-05", "2024-05-11/2024-05-20"),
    ("в пятницу", "2025-12-05", "2025-12-05"),
    ("в ночь на среду", "2025-12-05", "2025-12-02/2025-12-03"),
    ("в ночь на пятницу", "2025-12-05", "2025-12-04/2025-12-05"),
    ("30 ноября – 1 декабря", "2025-12-05", "2025-11-30/2025-12-01"),
    ("30 декабря – 2 января", "2026-01-05", "2025-12-30/2026-01-02"),
    ("Накануне министр заявил", "2025-12-05", "2025-12-04"),
    ("как сообщалось накануне, стороны", "2025-12-05", "2025-12-04"),
    ("накануне визита министр заявил", "2025-12-05", None),  # the eve of the visit, not of the article
    ("Накануне в Женеве завершился раунд переговоров", "2025-12-05", "2025-12-04"),  # «в»: no genitive
    ("Накануне с визитом в Рим прибыл министр", "2025-12-05", "2025-12-04"),
    ("во вторник и среду", "2025-12-05", "2025-12-02/2025-12-03"),
    ("в субботу и в воскресенье", "2025-12-08", "2025-12-06/2025-12-07"),
    ("в выходные", "2025-12-08", "2025-12-06/2025-12-07"),
    ("на выходных", "2025-12-08", "2025-12-06/2025-12-07"),
])
def test_past_weekdays_weeks_parts_of_months_ranges_and_the_eve(text, published, expected):
    assert find_date(text, published) == expected


# ---------------------------------------------------------------- statements


def speakers(facts):
    return [(s.speaker, s.kind) for s in facts.statements]


def test_direct_quote_with_attribution_after(extract):
    facts = extract("Министр Иван Петров выступил в Берлине.\n\n«Мы договорились обо всём важном», — сказал он.")
    assert speakers(facts) == [("Иван Петров", "direct")]
    assert facts.statements[0].text == "Мы договорились обо всём важном"


@pytest.mark.parametrize(("text", "said"), [
    ("«Встреча была полезной, — сказал министр Иван Петров. — Мы добились прогресса».",
     "Встреча была полезной <…> Мы добились прогресса"),
    ("«Разговор был трудным, — признал Иван Петров, — но мы нашли общий язык».",
     "Разговор был трудным <…> но мы нашли общий язык"),
    ("«Мы готовы к диалогу», — заявил Иван Петров. — «Но только на равных условиях».",
     "Мы готовы к диалогу <…> Но только на равных условиях"),
    ("Он вышел к журналистам.\n— Мы ждем ответа от партнеров, — сказал Иван Петров. — Пока его нет.",
     "Мы ждем ответа от партнеров <…> Пока его нет"),
    ("«Это первый шаг! — сказал Иван Петров. — Дальше будет легче, — добавил он. — Мы уверены».",
     "Это первый шаг! <…> Дальше будет легче <…> Мы уверены"),
], ids=["sentence-ends", "clause-goes-on", "two-quotations", "dash-paragraph", "twice"])
def test_a_quotation_interrupted_by_its_attribution_is_one_statement_without_it(extract, text, said):
    facts = extract(text)
    assert speakers(facts) == [("Иван Петров", "direct")]
    statement = facts.statements[0]
    assert statement.text == said
    assert text[statement.start:statement.end] == statement.anchor
    assert statement.anchor in statement.evidence  # the sentences it runs over
    assert statement.anchor.startswith(said.split(" <…> ")[0]) and statement.anchor.endswith(said.split(" <…> ")[-1])


@pytest.mark.parametrize("text", [
    "«Мы, — и это главное, — готовы к диалогу», — сказал Иван Петров.",
    "«Россия — большая страна, — сказал Иван Петров, добавив, что переговоры продолжатся».",
], ids=["no-speech-verb-between-dashes", "no-closing-dash"])
def test_dashes_inside_a_quotation_without_an_attribution_stay_in_its_text(extract, text):
    facts = extract(text)
    assert [s.anchor for s in facts.statements if s.kind == "direct"] == [None]


def test_a_quotation_after_another_sentence_is_its_own_statement(extract):
    facts = extract("«Переговоры продолжатся», — сообщил Иван Петров. Он добавил: «Следующий раунд пройдет в Женеве».")
    assert [s.text for s in facts.statements] == ["Переговоры продолжатся", "Следующий раунд пройдет в Женеве"]
    assert [s.anchor for s in facts.statements] == [None, None]


def test_quote_with_no_speaker_is_not_a_statement(extract):
    facts = extract("На стене висел плакат «Мир всем народам земли».")
    assert facts.statements == []


def test_short_quoted_names_are_not_statements(extract):
    facts = extract('Самолет сел во "Внуково" утром.')
    assert facts.statements == []


def test_a_name_the_parser_hangs_on_the_place_of_speaking_still_speaks(extract):
    facts = extract("В соцсети X Иван Петров написал, что переговоры продолжатся.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Иван Петров", "переговоры продолжатся")]
    assert "X" in names(facts.entities, "ORG")  # a Latin letter may be a name; a lone Cyrillic one is not


def test_reported_words_keep_the_sign_of_what_their_last_number_counts(extract):
    facts = extract("Иван Петров отметил, что товарооборот вырос на 15%.")
    assert [s.text for s in facts.statements] == ["товарооборот вырос на 15%"]


def test_reported_speech_with_that_clause(extract):
    facts = extract("Иван Петров заявил, что переговоры были полезными.")
    assert speakers(facts) == [("Иван Петров", "indirect")]
    assert facts.statements[0].text == "переговоры были полезными"


@pytest.mark.parametrize(("text", "said"), [
    ("Иван Петров дал понять, что Москва не спешит с ответом.", "Москва не спешит с ответом"),
    ("Иван Петров дал понять журналистам, что Франция готова участвовать.", "Франция готова участвовать"),
    ("Иван Петров обратил внимание на то, что атаки не прекращаются.", "атаки не прекращаются"),
    ("Иван Петров выступил с заявлением, что санкции вредят обеим сторонам.", "санкции вредят обеим сторонам"),
    ("Иван Петров сделал вывод, что партнеры не готовы.", "партнеры не готовы"),
], ids=["made-clear", "made-clear-to-whom", "drew-attention", "made-a-statement", "concluded"])
def test_a_verb_with_the_word_of_a_speech_phrase_reports_speech(extract, text, said):
    facts = extract(text)
    assert [(s.speaker, s.kind, s.text) for s in facts.statements] == [("Иван Петров", "indirect", said)]


@pytest.mark.parametrize("text", [
    "Иван Петров дал интервью телеканалу, что стало событием недели.",
    "Иван Петров обратил внимание журналистов на новый документ.",
    "Иван Петров выступил с докладом на форуме.",
    "Иван Петров сделал шаг навстречу партнерам.",
], ids=["gave-an-interview", "drew-attention-to-a-thing", "gave-a-talk", "made-a-step"])
def test_the_verbs_of_speech_phrases_say_nothing_without_their_word(extract, text):
    assert extract(text).statements == []


def test_a_country_that_is_the_subject_of_a_speech_verb_speaks(extract):
    facts = extract("Норвегия заявила, что переговоры будут продолжены. Переговоры прошли в Осло.")
    assert speakers(facts) == [("Норвегия", "indirect")]
    assert facts.statements[0].text == "переговоры будут продолжены"


def test_negated_speech_verb_reports_nothing(extract):
    facts = extract("Иван Петров не сообщил, что переговоры прошли успешно.")
    assert facts.statements == []


def test_a_verb_that_says_something_only_negated(extract):
    facts = extract("Министр Иван Петров не исключил, что переговоры возобновятся весной.")
    assert speakers(facts) == [("Иван Петров", "indirect")]
    assert facts.statements[0].text == "переговоры возобновятся весной"
    assert extract("Иван Петров исключил, что переговоры возобновятся весной.").statements == []


@pytest.mark.parametrize(("text", "expected"), [
    ("В заявлении МИД Норвегии говорится, что переговоры будут продолжены.",
     [("МИД Норвегии", "переговоры будут продолжены")]),
    ("Как говорится в заявлении МИД Норвегии, переговоры будут продолжены.",
     [("МИД Норвегии", "переговоры будут продолжены")]),
    # the name is in the words reported, not their source
    ("Переговорщики, как сообщается, обсудят с Иваном Петровым пути выполнения договоренностей.", []),
    # a title standing for the person named before
    ("Президент Франции Жан Дюбуа прибыл в Рим. Стороны договорились о новых переговорах, "
     "говорится в заявлении французского президента.",
     [("Жан Дюбуа", "Стороны договорились о новых переговорах")]),
])
def test_a_subjectless_verb_quotes_the_document_named_beside_it(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


def test_a_womans_surname_ending_in_a_consonant_does_not_decline(extract):
    # the tagger reads «Кая Каллас» as a genitive; beside a nominative title it is nominative
    facts = extract("Как отметил глава европейской дипломатии Кая Каллас, ЕС готов к диалогу.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Кая Каллас", "ЕС готов к диалогу")]
    assert [(r.person, r.role) for r in facts.roles] == [("Кая Каллас", "глава европейской дипломатии")]


def test_the_words_of_a_womans_name_share_her_gender(extract):
    # the tagger calls «Каей» masculine and «Каллас» feminine
    facts = extract("С Каей Каллас встретился министр иностранных дел Японии.")
    assert names(facts.entities, "PER") == {"Кая Каллас"}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Исполняющий обязанности президента Южной Кореи Хан Дак Су провел разговор.",
                 ("Хан Дак Су", "исполняющий обязанности президента Южной Кореи"), id="acting"),
    pytest.param("С временно исполняющим обязанности губернатора Иваном Сомовым встретился министр.",
                 ("Иван Сомов", "временно исполняющий обязанности губернатора"), id="acting-in-the-instrumental"),
    pytest.param("Встреча врио губернатора Олега Сидорова с министром прошла в Томске.",
                 ("Олег Сидоров", "врио губернатора"), id="an-indeclinable-title-agrees-with-any-case"),
    pytest.param("Лидер партии «Альтернатива для Германии» Алис Вайдель раскритиковала решение правительства.",
                 ("Алис Вайдель", "лидер партии «Альтернатива для Германии»"), id="a-preposition-inside-a-name"),
])
def test_acting_posts_indeclinable_titles_and_names_with_prepositions(extract, text, expected):
    assert [(r.person, r.role) for r in extract(text).roles] == [expected]


def test_a_place_in_capitals_is_spelled_as_a_name_and_abbreviations_stay(extract):
    facts = extract("ТОКИО, 14 марта. /ТАСС/. Министр провел в пятницу в Токио переговоры с послом ДНР. "
                    "ВАШИНГТОН, 3 марта. Президент США прибыл в РИМ.")
    assert {"Токио", "Вашингтон", "США", "ДНР", "ТАСС"} <= names(facts.entities)
    assert not {"ТОКИО", "ВАШИНГТОН", "Днр"} & names(facts.entities)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Президенты Молдавии и Румынии Иван Сомов и Олег Сидоров провели переговоры в Кишиневе.",
                 [("Иван Сомов", "президент Молдавии", "Молдавия"), ("Олег Сидоров", "президент Румынии", "Румыния")],
                 id="a-plural-title-opening-a-sentence"),
    pytest.param("Министры иностранных дел Франции, Германии и Польши Жан Дюбуа, Ханс Мюллер и Ян Ковальский "
                 "встретились в Веймаре.",
                 [("Жан Дюбуа", "министр иностранных дел Франции", "Франция"),
                  ("Ханс Мюллер", "министр иностранных дел Германии", "Германия"),
                  ("Ян Ковальский", "министр иностранных дел Польши", "Польша")], id="three-with-a-complement"),
    pytest.param("Встреча глав МИД Франции и Польши Жана Дюбуа и Яна Ковальского состоялась в Риме.",
                 [("Жан Дюбуа", "глава МИД Франции", "МИД Франции"), ("Ян Ковальский", "глава МИД Польши", "Польша")],
                 id="an-organisation-of-the-first-place"),
    pytest.param("Прибыли лидеры самопровозглашенных Донецкой и Луганской народных республик Иван Сомов и Олег Сидоров.",
                 [("Иван Сомов", "лидер самопровозглашенных Донецкой народной республики", "Донецкая народная республика"),
                  ("Олег Сидоров", "лидер самопровозглашенных Луганской народной республики",
                   "Луганская народная республика")], id="names-sharing-a-head"),
    pytest.param("Министры Франции и Германии Жан Дюбуа, Ханс Мюллер и Ян Ковальский встретились.",
                 [("Жан Дюбуа", "министр Франции и Германии", "Франция"), ("Ханс Мюллер", "министр Франции и Германии", "Франция"),
                  ("Ян Ковальский", "министр Франции и Германии", "Франция")], id="as-many-names-as-holders-only"),
])
def test_a_plural_title_shares_its_names_out_among_as_many_holders(extract, text, expected):
    assert [(r.person, r.role, r.org) for r in extract(text).roles] == expected


def test_a_preposition_read_as_a_title_elsewhere_is_no_title(extract):
    facts = extract("Иван Сомов после встречи с Олегом Сидоровым охарактеризовал переговоры как «очень сложные».")
    assert [s.speaker for s in facts.statements] == ["Иван Сомов"]


def test_a_place_after_a_title_inside_an_organisations_name_is_the_meetings(extract):
    facts = extract("Президент Молдавии Иван Сомов принял участие в заседании Совета глав государств СНГ в Душанбе.")
    assert [(m.participants, m.place) for m in facts.meetings] == [(["Иван Сомов"], ["Душанбе"])]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Министр Иван Сомов прибыл в Сеул. Во время визита в Токио в апреле дипломат выразил надежду на диалог.",
                 [(["Иван Сомов"], ["Сеул"])], id="another-city-is-another-visit"),
    pytest.param("Иван Сомов встретился с Олегом Сидоровым в Москве. Переговоры прошли в Кремле.",
                 [(["Иван Сомов", "Олег Сидоров"], ["Кремль", "Москва"])], id="a-building-may-be-in-the-city"),
])
def test_a_meeting_naming_no_one_joins_one_told_before_only_at_its_place(extract, text, expected):
    assert [(m.participants, m.place) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("«Мы готовы к любому развитию событий», — заявил в эфире телеканала «Россия 1» министр обороны Андрей Белоусов.",
                 [("Андрей Белоусов", "Мы готовы к любому развитию событий")], id="a-quoted-name-on-the-way-to-the-speaker"),
    pytest.param("Источник, знакомый с ходом переговоров, рассказал CNN, что стороны близки к соглашению.",
                 [("anonymous", "стороны близки к соглашению")], id="whom-it-was-told-is-no-speaker"),
    pytest.param("Замглавы МИД Григорий Карасин прибыл в Вашингтон. «Мы договорились», — цитирует РБК Карасина.",
                 [("Григорий Карасин", "Мы договорились")], id="a-surname-pymorphy-reads-as-an-adjective"),
    pytest.param("Президент Молдавии Иван Сомов выступил в Кишиневе. «Это поддержка», — цитирует РБК молдавского лидера.",
                 [("Иван Сомов", "Это поддержка")], id="a-title-quoted"),
])
def test_speakers_after_the_verb(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Иван Сомов, занимающий пост министра финансов, подал в отставку.",
                 [("Иван Сомов", "министр финансов")], id="a-participle-holding-a-post"),
    pytest.param("Иван Сомов, ранее занимавший пост министра финансов, подал в отставку.", [], id="a-post-once-held"),
    pytest.param("Иван Сомов вступил в должность губернатора Томской области.",
                 [("Иван Сомов", "губернатор Томской области")], id="taking-office"),
])
def test_posts_held_taken_and_once_held(extract, text, expected):
    assert [(r.person, r.role) for r in extract(text).roles] == expected


def test_an_indeclinable_surname_takes_the_case_of_the_first_name(extract):
    # the parser hangs the guest's title on the place; «Марка» is accusative, «Рютте» no case
    facts = extract("Премьер-министр Молдавии Иван Сомов в среду принял на Даунинг-стрит "
                    "генерального секретаря НАТО Марка Рютте.")
    assert [sorted(m.participants) for m in facts.meetings] == [["Иван Сомов", "Марк Рютте"]]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Посол Японии в Молдавии Кэндзи Ямада был принят в МИД Молдавии заместителем министра Иваном Сомовым.",
                 [["Иван Сомов", "Кэндзи Ямада"]], id="the-agent-of-a-title"),
    pytest.param("Иван Сомов был принят президентом Олегом Сидоровым.", [["Иван Сомов", "Олег Сидоров"]], id="named"),
    pytest.param("Решение было принято правительством Молдавии.", [], id="no-person-received"),
])
def test_the_host_of_a_passive_reception_attends(extract, text, expected):
    assert [sorted(m.participants) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Верховный комиссар ООН по правам человека Фолькер Тюрк призвал к расследованию.",
     ("Фолькер Тюрк", "верховный комиссар ООН по правам человека")),
    ("Президент встретился с эмиром Катара Тамимом бен Хамадом Аль Тани.", ("Тамим бен Хамад Аль Тани", "эмир Катара")),
    ("Генеральный консул Китая во Владивостоке Пу Цзюнь принял участие в форуме.",
     ("Пу Цзюнь", "генеральный консул Китая во Владивостоке")),
    ("Корреспондент Би-би-си Джон Суини задал вопрос президенту.", ("Джон Суини", "корреспондент Би-би-си")),
], ids=["commissioner", "emir", "consul", "correspondent"])
def test_more_posts(extract, text, expected):
    assert expected in [(r.person, r.role) for r in extract(text).roles]


def test_a_meeting_on_the_same_day_takes_the_date_of_the_one_before(extract):
    facts = extract("Президент Молдавии Иван Сомов 12 июня принял в Кишиневе Олега Сидорова. "
                    "В тот же день Сидоров провел переговоры с Джоном Смитом.")
    assert [(sorted(m.participants), m.date) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Сидоров"], "2025-06-12"), (["Джон Смит", "Олег Сидоров"], "2025-06-12")]


@pytest.mark.parametrize(("second", "expected"), [
    ("На следующий день Сидоров провел переговоры с Джоном Смитом.", "2025-06-13"),
    ("Накануне Сидоров провел переговоры с Джоном Смитом.", "2025-06-11"),
], ids=["the-next-day", "the-eve"])
def test_a_meeting_a_day_from_the_one_before_is_dated_from_it(extract, second, expected):
    facts = extract("Президент Молдавии Иван Сомов 12 июня принял в Кишиневе Олега Сидорова. " + second)
    assert [(sorted(m.participants), m.date) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Сидоров"], "2025-06-12"), (["Джон Смит", "Олег Сидоров"], expected)]


def test_the_eve_with_no_meeting_dated_before_is_the_day_before_the_article(extract):
    facts = extract("Иван Сомов прибыл в Кишинев. Накануне Сомов провел переговоры с Джоном Смитом.")
    assert [m.date for m in facts.meetings if "Джон Смит" in m.participants] == ["2025-12-02"]
    assert extract("Следующий раунд переговоров Сомова и Смита пройдет в Кишиневе.").meetings == []


def test_a_press_service_speaks_for_the_organisation_it_belongs_to(extract):
    facts = extract("Министр провел переговоры в Токио. Об этом сообщила пресс-служба японского МИД.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("МИД", "Министр провел переговоры в Токио")]


def test_a_singular_word_after_a_plural_verb_is_not_its_subject(extract):
    # a headline run into the next sentence: «Он» belongs to «допустил», not to «рассказали»
    facts = extract("Глава МИД Японии Такэси Ивая посетил Сеул. В МИД рассказали о новых контактах Японии и "
                    "Кореи по итогам визита Иваи Он допустил, что следующий раунд может состояться весной.")
    assert [(s.speaker, s.text) for s in facts.statements] == [
        ("МИД", "о новых контактах Японии и Кореи по итогам визита"),
        ("Такэси Ивая", "следующий раунд может состояться весной")]


@pytest.mark.parametrize("text", [
    "Министр Иван Петров, встретившись с Джоном Смитом в Риме, заявил, что переговоры прошли успешно.",
    "Встретившись с Джоном Смитом в Риме, Иван Петров заявил, что переговоры прошли успешно.",
], ids=["converb-after-the-subject", "converb-first"])
def test_a_speaker_who_met_someone_by_a_converb_attends_the_meeting(extract, text):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == [(["Джон Смит", "Иван Петров"], ["Рим"])]


@pytest.mark.parametrize("joining", [
    "Во встрече также принял участие вице-губернатор Олег Сидоров.",
    "На встрече присутствовал вице-губернатор Олег Сидоров.",
], ids=["took-part", "was-present"])
def test_someone_taking_part_in_the_meeting_just_told_joins_it_whatever_its_word(extract, joining):
    facts = extract("Губернатор края Иван Сомов принял в Хабаровске генерального консула Японии Кэндзи Ямаду. " + joining)
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Сомов", "Кэндзи Ямада", "Олег Сидоров"], ["Хабаровск"])]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Президент Франции Жан Дюбуа принял в Елисейском дворце президента Молдавии Ивана Сидорова "
                 "и генерального секретаря НАТО Марка Рютте.",
                 ["Жан Дюбуа", "Иван Сидоров", "Марк Рютте"], id="coordinated-with-an-attendee"),
    pytest.param("Иван Петров встретился с Джоном Смитом и рассказал об этом Олегу Сидорову.",
                 ["Иван Петров", "Джон Смит"], id="a-speech-verb-coordinated-with-the-meeting-verb"),
])
def test_who_is_coordinated_with_an_attendee_or_a_meeting_verb_attends(extract, text, expected):
    """The parser hangs «президента Молдавии» on the palace; his coordinated partner still
    attends, and so does he. The subject of «встретился … и рассказал» met before telling."""
    assert [m.participants for m in extract(text).meetings] == [expected]


def test_who_reports_on_a_meeting_under_a_title_did_not_attend_it(extract):
    """The speech verb's subject is the title; the name beside it reports as well."""
    facts = extract("Иван Петров встретился в Риме с Джоном Смитом. "
                    "Об итогах встречи сообщил представитель МИД Олег Сидоров.")
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]


def test_an_aside_between_commas_does_not_cut_the_subject_off_the_meeting(extract):
    facts = extract("Иван Петров, как сообщается, провёл переговоры с Джоном Смитом.")
    assert attendees(facts) == [["Джон Смит", "Иван Петров"]]


def test_a_short_adjective_of_belief_reports_a_view(extract):
    facts = extract("Иван Петров уверен, что переговоры будут успешными.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Иван Петров", "переговоры будут успешными")]
    assert extract("Иван Петров не уверен, что переговоры будут успешными.").statements == []


def test_a_quotation_alone_in_its_sentence_is_said_by_the_so_of_the_next(extract):
    facts = extract("«Мы не допустим дестабилизации в регионе». Так прокомментировал ситуацию министр Иван Петров.")
    assert [(s.speaker, s.text, s.kind) for s in facts.statements] == [
        ("Иван Петров", "Мы не допустим дестабилизации в регионе", "direct")]
    facts = extract("Он сказал: «Мы не допустим дестабилизации в регионе». Так считает и министр Иван Петров.")
    assert "Иван Петров" not in [s.speaker for s in facts.statements if s.kind == "direct"]


@pytest.mark.parametrize("text", [
    "«Мы готовы к диалогу с любой стороной», — цитирует Ивана Петрова агентство Рейтер.",
    "Агентство Рейтер цитирует министра Ивана Петрова: «Мы готовы к диалогу с любой стороной».",
    "«Мы готовы к диалогу с любой стороной», — приводит агентство Рейтер слова Ивана Петрова.",
    "Министр Иван Петров прибыл в Рим. «Мы готовы к диалогу с любой стороной», — приводит агентство слова министра.",
    "«Мы готовы к диалогу с любой стороной», — цитирует агентство Рейтер слова министра финансов Ивана Петрова.",
])
def test_whom_an_outlet_quotes_is_the_speaker(extract, text):
    assert speakers(extract(text)) == [("Иван Петров", "direct")]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Переговоры прошли успешно, заявил Иван Петров журналистам.",
                 [("Иван Петров", "Переговоры прошли успешно")], id="before-the-verb-and-its-speaker"),
    pytest.param("Иван Петров прибыл в Рим. Петров, в свою очередь, подтвердил договоренность об обмене.", [],
                 id="not-before-a-verb-with-its-own-object"),
    pytest.param("Министр Иван Петров заявил журналистам перед началом саммита, что Рим готов увеличить помощь.",
                 [("Иван Петров", "Рим готов увеличить помощь")], id="that-after-whom-and-when"),
    pytest.param("Эксперты считают, пишет NEWSru.com, что мир можно вернуть.",
                 [("NEWSru.com", "мир можно вернуть")], id="that-after-a-name-with-a-dot"),
    pytest.param("Министр Иван Петров прибыл в Рим. Петров сообщил об этом, а также добавил, что помощь будет.",
                 [("Иван Петров", "помощь будет")], id="no-topic-where-a-pronoun-points-elsewhere"),
    pytest.param("Министр Иван Петров прибыл в Рим. Петров сообщил о предварительных итогах переговоров.",
                 [("Иван Петров", "о предварительных итогах переговоров")], id="a-reported-topic"),
    pytest.param("Министр Иван Петров в интервью CNN заявил, что Рим готов к переговорам.",
                 [("Иван Петров", "Рим готов к переговорам")], id="an-outlet-after-a-preposition-is-no-speaker"),
    pytest.param("Министр Анна Петрова в интервью телеканалу ZDF заявила, что Рим готов к переговорам.",
                 [("Анна Петрова", "Рим готов к переговорам")], id="an-outlet-beside-a-noun-after-a-preposition"),
    pytest.param("Министр Анна Петрова в интервью газете Financial Times заявила, что Рим готов к переговорам.",
                 [("Анна Петрова", "Рим готов к переговорам")], id="an-outlet-of-two-words-beside-a-noun"),
    pytest.param("Как рассказал источник, знакомый с ходом консультаций, делегации уже находятся в Риме.",
                 [("anonymous", "делегации уже находятся в Риме")], id="as-said-by-a-source-with-a-participle"),
    pytest.param("Министр Иван Петров заявил, что Рим готов к «серьезному диалогу».",
                 [("Иван Петров", "Рим готов к «серьезному диалогу»")], id="keeps-the-quotation-mark-it-closes"),
])
def test_reported_speech_and_its_speaker(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Министр Иван Петров назвал переговоры в Риме «историческим шансом».",
     "назвал переговоры в Риме «историческим шансом»"),
    ("Министр Иван Петров назвал переговоры продуктивными, добавив, что стороны договорились.",
     "назвал переговоры продуктивными"),
])
def test_a_naming_verb_says_its_phrase_with_the_quoted_words_in_it(extract, text, expected):
    assert ("Иван Петров", expected) in [(s.speaker, s.text) for s in extract(text).statements]


@pytest.mark.parametrize(("text", "expected"), [
    ("После переговоров Иван Петров заявил, что Польша и Германия «говорят одним голосом».",
     "Польша и Германия «говорят одним голосом»"),
    ("По словам министра Ивана Петрова, стороны «говорят на одном языке» по этому вопросу.",
     "стороны «говорят на одном языке» по этому вопросу"),
], ids=["that-clause", "according-to"])
def test_reported_words_that_quote_a_speech_verb_are_one_statement(extract, text, expected):
    """The quoted «говорят» is the reported words' own, not the next speaker's verb, and the
    quotation is part of what is reported, not a statement of its own."""
    assert [(s.speaker, s.text, s.kind) for s in extract(text).statements] == [("Иван Петров", expected, "indirect")]


def test_a_verb_that_quotes_only_with_words_for_its_object_says_nothing_else(extract):
    facts = extract("Иван Петров считает, что рост цен приводит к тому, что инфляция ускоряется.")
    assert [(s.speaker, s.text) for s in facts.statements] == [
        ("Иван Петров", "рост цен приводит к тому, что инфляция ускоряется")]


@pytest.mark.parametrize(("text", "expected"), [
    ("«Это провокация», — заявил Иван Смирнов.", [("Иван Смирнов", "direct")]),
    ("Иван Смирнов ответил: «Нет».", [("Иван Смирнов", "direct")]),
    ("Журналист спросил министра о санкциях.\n— Нет, — ответил Иван Смирнов.", [("Иван Смирнов", "direct")]),
    ("Иван Смирнов заявил, что это «провокация».", [("Иван Смирнов", "indirect")]),  # a word in quotes: no quotation
], ids=["dash-after", "colon-before", "dash-paragraph", "scare-quotes"])
def test_an_attributed_quotation_counts_however_short(extract, text, expected):
    assert speakers(extract(text)) == expected


def test_title_speaker_resolves_to_the_person_with_that_title(extract):
    facts = extract(
        "Помощник президента Иван Петров прибыл в Берлин. Позднее помощник президента рассказал, что визит прошел хорошо."
    )
    assert speakers(facts) == [("Иван Петров", "indirect")]


def test_unnamed_source_is_anonymous(extract):
    facts = extract("«Это была трудная неделя для всех», — отметил западный чиновник.")
    assert speakers(facts) == [("anonymous", "direct")]
    assert facts.statements[0].speaker_label == "западный чиновник"


def test_about_this_attributes_the_previous_sentence(extract):
    facts = extract("Стороны договорились продолжить диалог. Об этом сообщил министр Иван Петров.")
    assert speakers(facts) == [("Иван Петров", "indirect")]
    assert facts.statements[0].text == "Стороны договорились продолжить диалог"  # its words, not its full stop


@pytest.mark.parametrize(("text", "expected"), [
    ("Переговоры будут продолжены, заявил министр Иван Петров на встрече со студентами.",
     [("Иван Петров", "Переговоры будут продолжены")]),
    ("Переговоры будут продолжены, сообщил на брифинге министр Иван Петров.",
     [("Иван Петров", "Переговоры будут продолжены")]),
    ("Переговоры будут продолжены, пишет Financial Times.", [("Financial Times", "Переговоры будут продолжены")]),
    ("Однако о том, что переговоры будут продолжены, сказал в интервью министр Иван Петров.",
     [("Иван Петров", "переговоры будут продолжены")]),
    ("Стороны договорились продолжить диалог. Об этом министр Иван Петров заявил в ходе брифинга.",
     [("Иван Петров", "Стороны договорились продолжить диалог")]),
    # the sentence before has a speaker of its own: «об этом» adds no second statement
    ("Иван Петров заявил, что диалог продолжится. Об этом министр сообщил в ходе брифинга.",
     [("Иван Петров", "диалог продолжится")]),
])
def test_a_speaker_closing_a_sentence_or_after_about_this(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


def test_according_to_and_naming_verbs(extract):
    facts = extract(
        "По словам Ивана Петрова, стороны сблизили позиции. Джон Смит назвал переговоры продуктивными. "
        "По мнению министра Олега Сидорова, санкции не помогут. По данным прессы, встреча прошла в Берлине."
    )
    found = {(s.speaker, s.text) for s in facts.statements}
    assert ("Иван Петров", "стороны сблизили позиции") in found
    assert ("Джон Смит", "назвал переговоры продуктивными") in found
    assert ("Олег Сидоров", "санкции не помогут") in found
    assert len(found) == 3  # «по данным прессы» names no actor: no statement


def test_according_to_the_data_of_a_named_source(extract):
    facts = extract("По данным агентства Рейтер, переговоры будут продолжены. По некоторым данным, они сорваны.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Рейтер", "переговоры будут продолжены")]


def test_according_to_a_source_named_in_latin_letters(extract):
    facts = extract("По данным The Daily Courier, переговоры будут продолжены.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("The Daily Courier", "переговоры будут продолжены")]


def test_statement_records_mentions_and_evidence(extract):
    facts = extract("Иван Петров заявил, что Джон Смит прибудет в Берлин.")
    statement = facts.statements[0]
    assert statement.mentions == ["Джон Смит", "Берлин"]
    assert statement.evidence == "Иван Петров заявил, что Джон Смит прибудет в Берлин."
    assert facts_text_slice(statement) == statement.text


def facts_text_slice(statement):
    text = "Иван Петров заявил, что Джон Смит прибудет в Берлин."
    return text[statement.start:statement.end]


def test_quote_spans_nest_and_stop_at_line_ends():
    text = "Он сказал: «Мы видели «Чайку» вчера».\nНовая «строка"
    assert quote_spans(text) == [(len("Он сказал: «"), text.index("».\n"))]
    assert len(quote_spans(text, unclosed=True)) == 2


def test_quote_spans_with_straight_quotes_and_unclosed_quotations():
    text = 'Он сказал: "Мы «готовы»" и «Не "знаю\nДа'
    said = (text.index("Мы"), text.index('" и'))
    assert quote_spans(text) == [said]
    assert quote_spans(text, unclosed=True) == [said, (text.index("Не"), text.index("\n"))]


def test_normal_lemmas_read_from_the_array(nlp):
    doc = nlp("Ещё раз: Алёна встретилась с министрами и заявила, что всё решено.")
    assert normal_lemmas(doc) == [normal(t.lemma_) for t in doc]


def test_bracketed_abbreviation_and_organisation_heads(extract):
    facts = extract("Генсек Организации Объединённых Наций (ООН) выступил. Евросоюз ввел санкции. Страны ЕС их поддержали.")
    orgs = names(facts.entities, "ORG")
    assert "ООН" in orgs or any("ООН" in e.aliases for e in facts.entities)
    assert not any("(" in e.name for e in facts.entities)
    assert "Евросоюз" in orgs
    assert "ЕС" in orgs



@pytest.mark.parametrize(("text", "expected"), [
    ("Совет Безопасности ООН провел заседание по Сирии.", {"Совет Безопасности ООН"}),
    ("Глава Минской группы ОБСЕ прибыл в Баку.", {"Минская группа ОБСЕ"}),
    ("Представитель МИД Франции и ОБСЕ выступили.", {"МИД Франции", "ОБСЕ"}),  # a list, not one name
])
def test_an_organisation_with_the_genitive_organisation_it_belongs_to_is_one_name(extract, text, expected):
    assert names(extract(text).entities, "ORG") == expected


def test_an_organisation_noun_before_a_genitive_place_names_an_organisation(extract):
    facts = extract(
        "Правительство Норвегии одобрило план. Позже представители министерства иностранных дел Чили "
        "встретились с депутатами парламента Перу, а также с представителями администраций Канады и Мексики."
    )
    orgs = names(facts.entities, "ORG")
    assert {"Правительство Норвегии", "министерство иностранных дел Чили", "парламент Перу"} <= orgs
    # a plural head is shared by coordinated places: no organisation of Canada alone
    assert not any("Канад" in name for name in orgs)
    assert {"Канада", "Мексика"} <= names(facts.entities, "LOC")


def test_participles_and_abbreviations_of_a_name_in_the_nominative(extract):
    facts = extract("Посол Соединённых Штатов и глава МИДа Японии прибыли в столицу Соединённого Королевства.")
    assert {"Соединённые Штаты", "Соединённое Королевство"} <= names(facts.entities, "LOC")
    assert "МИД Японии" in names(facts.entities, "ORG")

def test_both_halves_of_a_hyphenated_name_decline_and_keep_their_capitals(extract):
    facts = extract("Министр встретился с Жан-Пьером Раффареном и Мигелем Диаса-Канелем.")
    assert names(facts.entities, "PER") == {"Жан-Пьер Раффарен", "Мигель Диас-Канель"}


def test_soft_and_adjectival_surnames_in_oblique_cases(extract):
    facts = extract("Министр Иван Петров провел телефонный разговор с Эммануэлем Гарсиа и с Петром Зеленским.")
    assert {"Эммануэль Гарсиа", "Пётр Зеленский"} <= names(facts.entities, "PER")


def test_indeclinable_and_a_stem_foreign_names_in_oblique_cases(extract):
    facts = extract("Министр Иван Петров провел переговоры с Марселем Лютте, а затем встретился с Хосе Окавой.")
    assert {"Марсель Лютте", "Хосе Окава"} <= names(facts.entities, "PER")
    facts = extract("Посол Жана Дюбуа и советник Хамида Карзая прибыли в Рим.")  # genitives after a vowel
    assert {"Жан Дюбуа", "Хамид Карзай"} <= names(facts.entities, "PER")


def test_visited_city_is_the_place(extract):
    facts = extract("Премьер-министр Индии Нарендра Моди посетил Москву с официальным визитом.")
    assert facts.meetings[0].place == ["Москва"]


def test_future_with_auxiliary_and_speaker_after_comma(extract):
    facts = extract("Иван Петров не будет встречаться с Джоном Смитом, заявил Олег Иванов.")
    assert facts.meetings == []
    assert speakers(facts) == [("Олег Иванов", "indirect")]


def test_source_of_an_organisation_is_anonymous_and_impersonal_verbs_name_the_document(extract):
    facts = extract("Источник Reuters сообщил, что сделка почти готова. «Мы готовы к диалогу», — говорится в заявлении НАТО.")
    assert [(s.speaker, s.speaker_label) for s in facts.statements] == [("anonymous", "Источник Reuters"), ("НАТО", None)]


def test_genitive_name_opening_a_sentence_with_a_meeting(extract):
    facts = extract("Ивана Петрова встреча с Джоном Смитом в Берлине прошла успешно.")
    assert all("Петров" not in " ".join(m.participants) or m.place for m in facts.meetings)


def test_a_pronoun_quoted_by_an_outlet_is_the_person_it_stands_for(extract):
    facts = extract("Президент Молдавии Иван Сомов заявил, что не поддержит санкции. "
                    "\"Мы никогда не пойдем на это\", - цитирует его газета \"Вестник\".")
    assert speakers(facts) == [("Иван Сомов", "indirect"), ("Иван Сомов", "direct")]


def test_a_source_put_between_a_speaker_and_the_speech_verb_is_no_statement_of_its_own(extract):
    facts = extract("Президент Молдавии Иван Сомов провел переговоры. Сомов, как сообщает агентство "
                    "\"Молдпресс\", заявил, что Кишинев готов подписать документ.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Иван Сомов", "Кишинев готов подписать документ")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Стороны обсудили бюджет на следующий год, передает агентство \"Молдпресс\".",
     [("Молдпресс", "Стороны обсудили бюджет на следующий год")]),
    ("По словам Ивана Сомова, Олег Сидоров передал Джону Смиту послание, но не уточнил его содержание.",
     [("Иван Сомов", "Олег Сидоров передал Джону Смиту послание")]),
], ids=["relays", "hands-over"])
def test_a_verb_of_relaying_reports_words_only_without_an_object(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


def test_a_pronoun_after_an_outlet_that_relays_a_person_stands_for_the_person(extract):
    facts = extract("Президент Молдавии Иван Сомов выступил в парламенте, передает агентство \"Молдпресс\". "
                    "По его словам, реформы будут продолжены.")
    assert [(s.speaker, s.text) for s in facts.statements][-1] == ("Иван Сомов", "реформы будут продолжены")


@pytest.mark.parametrize(("text", "expected"), [
    ("Министр Иван Сомов побывал в Кишиневе, где провел переговоры с Олегом Сидоровым.",
     [(["Иван Сомов", "Олег Сидоров"], ["Кишинёв"])]),
    ("Министр Иван Сомов находился в Кишиневе, где провел переговоры с Олегом Сидоровым.",
     [(["Иван Сомов", "Олег Сидоров"], ["Кишинёв"])]),
    ("Министр Иван Сомов выступил в Кишиневе, где накануне встретились Олег Сидоров и Джон Смит.",
     [(["Джон Смит", "Олег Сидоров"], ["Кишинёв"])]),
    ("Министр Иван Сомов принял участие в заседании совета в Кишиневе, где встретился с Олегом Сидоровым.",
     [(["Иван Сомов", "Олег Сидоров"], ["Кишинёв"])]),
], ids=["visited", "was-in", "others-met-there", "through-a-gathering"])
def test_a_meeting_where_a_place_is_has_the_place_and_the_subject_without_its_own(extract, text, expected):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == expected


@pytest.mark.parametrize(("second", "expected"), [
    ("Министр обороны Молдавии Олег Сидоров провел переговоры с министром обороны Румынии Джоном Смитом.",
     [["Иван Сомов", "Пётр Зуев"], ["Джон Смит", "Олег Сидоров"]]),
    ("Молдавский министр также провел беседу с президентом Румынии Джоном Смитом.",
     [["Иван Сомов", "Пётр Зуев"], ["Джон Смит", "Иван Сомов"]]),
    ("Встреча Сомова с Зуевым продлилась три часа.", [["Иван Сомов", "Пётр Зуев"]]),
], ids=["others", "new-partner", "the-same"])
def test_others_meeting_or_new_partners_are_a_meeting_of_their_own(extract, second, expected):
    facts = extract("Министр иностранных дел Молдавии Иван Сомов встретился в Кишиневе с главой МИД Румынии "
                    "Петром Зуевым. " + second)
    assert attendees(facts) == expected


def test_who_speaks_after_the_meeting_just_told_was_at_it(extract):
    facts = extract("Президент Молдавии Иван Сомов встретился с лидерами оппозиции. "
                    "Лидер оппозиционной партии Олег Сидоров заявил после встречи, что разговор был трудным.")
    assert attendees(facts) == [["Иван Сомов", "Олег Сидоров"]]


def test_dated_talks_of_a_lone_visitor_are_the_visit_told_before(extract):
    facts = extract("Генеральный секретарь ООН Иван Сомов прибыл в Индию с двухдневным визитом. "
                    "В среду он провел переговоры с премьер-министром страны Олегом Сидоровым.")
    assert [(sorted(m.participants), m.place, m.date) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Сидоров"], ["Индия"], "2025-12-03")]


def test_a_pronoun_like_adjective_is_no_part_of_a_descriptor(extract):
    facts = extract("Премьер-министр Молдавии Иван Сомов прибыл в Рим. "
                    "Сам молдавский премьер позднее написал, что Кишинев не уступит.")
    assert ("Иван Сомов", "молдавский премьер") in [(r.person, r.role) for r in facts.roles]


@pytest.mark.parametrize(("text", "expected"), [
    ("В МИД Молдавии заявили, что переговоры продолжатся.", [("МИД Молдавии", "переговоры продолжатся")]),
    ("Переговоры продолжатся, сообщили в Минобороны Молдавии.", [("Минобороны Молдавии", "Переговоры продолжатся")]),
    ("В пресс-службе МИД Молдавии сообщили агентству Рейтер, что переговоры продолжатся.",
     [("МИД Молдавии", "переговоры продолжатся")]),
    ("В Кишиневе заявили, что переговоры продолжатся.", []),
], ids=["in-ministry", "after", "press-service-told-outlet", "a-place-only"])
def test_a_plural_verb_with_no_subject_speaks_for_the_organisation_it_is_said_in(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Министр Иван Сомов прибыл в Молдавию. Молдавская сторона заявила, что готова к диалогу.",
     [("Молдавия", "готова к диалогу")]),
    ("Министр Иван Сомов прибыл в Кишинев. Молдавские власти считают, что санкции должны сохраниться.", []),
    ("Власти Молдавии заявили, что готовы к диалогу.", [("Молдавия", "готовы к диалогу")]),
], ids=["country-named", "country-not-named", "country-after"])
def test_a_side_named_by_its_country_adjective_speaks_for_the_country(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


@pytest.mark.parametrize("text", [
    "Министр Иван Сомов заявил, что переговоры продолжатся, передает агентство Рейтер.",
    "Переговоры продолжатся, заявил министр Иван Сомов, передает агентство Рейтер.",
    "По словам министра Ивана Сомова, переговоры продолжатся, сообщает агентство Рейтер.",
], ids=["that-clause", "said-after", "according-to"])
def test_an_outlet_relaying_a_statement_is_not_its_speaker(extract, text):
    assert [(s.speaker, s.text.lower()) for s in extract(text).statements] == [("Иван Сомов", "переговоры продолжатся")]


def test_an_outlet_after_words_with_no_speaker_of_their_own_speaks(extract):
    facts = extract("Переговоры министров продолжатся в марте, передает агентство Рейтер.")
    assert speakers(facts) == [("Рейтер", "indirect")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Агентство Reuters со ссылкой на источники сообщило, что санкции продлят.", [("Reuters", "indirect")]),
    ("Агентство национальной безопасности сообщило, что данные ложны.",
     [("Агентство национальной безопасности", "indirect")]),
], ids=["a-latin-name", "a-name-it-heads"])
def test_an_outlet_word_before_a_latin_name_is_no_part_of_it(extract, text, expected):
    assert speakers(extract(text)) == expected


@pytest.mark.parametrize("text", [
    "Иван Сомов отверг обвинения: «Мы никогда не вмешивались в выборы».",
    "«Мы никогда не вмешивались в выборы», — парировал Иван Сомов.",
])
def test_a_verb_of_rejecting_introduces_what_was_said(extract, text):
    assert [(s.speaker, s.text) for s in extract(text).statements] == [("Иван Сомов", "Мы никогда не вмешивались в выборы")]


@pytest.mark.parametrize("verb", ["посетовал", "пригрозил", "намекнул", "предположил", "усомнился", "признался",
                                  "настаивает на том"])
def test_verbs_of_complaining_threatening_hinting_and_doubting_report_speech(extract, verb):
    facts = extract(f"Иван Сомов {verb}, что переговоры зайдут в тупик.")
    assert [(s.speaker, s.text, s.kind) for s in facts.statements] == [("Иван Сомов", "переговоры зайдут в тупик", "indirect")]


@pytest.mark.parametrize(("text", "words"), [
    ("Иван Сомов, который ранее заявил, что не поедет в Рим, все же прибыл на саммит.", "не поедет в Рим"),
    ("Иван Сомов, который ранее заявил, что не поедет в Рим, но пришлет делегацию, все же прибыл на саммит.",
     "не поедет в Рим, но пришлет делегацию"),
    ("Министр Иван Сомов заявил, что не поедет в Рим, но пришлет делегацию.", "не поедет в Рим, но пришлет делегацию"),
], ids=["before-the-predicate", "a-clause-of-its-own-before-it", "no-relative-clause"])
def test_words_reported_in_a_relative_clause_end_where_it_does(extract, text, words):
    assert [(s.speaker, s.text) for s in extract(text).statements] == [("Иван Сомов", words)]


def test_a_threat_without_a_clause_is_no_statement(extract):
    assert extract("Ивану Сомову грозит тюремный срок. Иван Сомов жаловался на боли в спине.").statements == []


def test_a_lone_given_name_after_the_first_two_is_its_person(extract):
    facts = extract("Президент Бразилии Жуан Карлус Тейшейра ду Мелу прибыл в Рим. "
                    "Тейшейра заявил, что визит был продуктивным.")
    assert [(s.speaker, s.text) for s in facts.statements] == [("Жуан Карлус Тейшейра ду Мелу", "визит был продуктивным")]


@pytest.mark.parametrize("second", [
    "Издание отмечает, что переговоры продолжатся.",
    "Переговоры продолжатся, пишет газета.",
], ids=["before", "after"])
def test_a_bare_outlet_noun_is_the_outlet_that_spoke_just_before(extract, second):
    facts = extract("Как пишет газета «Вечерний Кишинев», министр Иван Сомов прибыл в Рим. " + second)
    assert [(s.speaker, s.text.lower()) for s in facts.statements][-1] == ("Вечерний Кишинев", "переговоры продолжатся")


def test_a_bare_outlet_noun_with_no_outlet_before_is_no_speaker(extract):
    assert extract("Издание отмечает, что переговоры продолжатся.").statements == []


def test_a_name_and_a_colon_before_a_quotation_are_its_speaker(extract):
    facts = extract("Министр Иван Сомов: «Мы не видим смысла в этих консультациях»\nСомов выступил в Риме.")
    assert [(s.speaker, s.kind) for s in facts.statements] == [("Иван Сомов", "direct")]
    assert extract("Итог переговоров: «никаких договоренностей»\nСомов выступил в Риме.").statements == []


def test_a_report_naming_only_whom_the_meeting_was_with_is_that_meeting(extract):
    facts = extract("Президент Молдавии Иван Сомов принял в Кишиневе президента Румынии Джона Смита. "
                    "Встреча с Джоном Смитом прошла в пятницу.")
    assert [(sorted(m.participants), m.place, m.date) for m in facts.meetings] == [
        (["Джон Смит", "Иван Сомов"], ["Кишинёв"], "2025-11-28")]


def test_a_name_tagged_nominative_beside_an_oblique_title_takes_its_case(extract):
    facts = extract("Министр Иван Сомов встретился в Риме с министром обороны Китая Дун Цзюнем.")
    assert attendees(facts) == [["Дун Цзюнь", "Иван Сомов"]]


@pytest.mark.parametrize("text", [
    "Министр Иван Сомов открыл встречу с Джоном Смитом, призвав его к единству.",
    "Министр Иван Сомов провел переговоры с Джоном Смитом, заявив, что доволен ими.",
], ids=["opened-calling", "held-saying"])
def test_who_speaks_in_a_converb_of_the_meeting_verb_attends(extract, text):
    assert attendees(extract(text)) == [["Джон Смит", "Иван Сомов"]]


def test_a_place_adjective_between_the_preposition_and_the_place_keeps_the_place(extract):
    facts = extract("Министр Иван Сомов провел переговоры с Джоном Смитом в итальянском Бари.")
    assert [m.place for m in facts.meetings] == [["Бари"]]


@pytest.mark.parametrize("text", [
    "В МИД Молдавии опровергли сообщения о встрече Ивана Сомова с Джоном Смитом.",
    "Министр Иван Сомов отрицал, что встречался с Джоном Смитом.",
], ids=["reports-denied", "that-clause-denied"])
def test_a_denied_meeting_is_no_attendance(extract, text):
    assert extract(text).meetings == []


def test_who_denies_something_else_and_then_meets_attends(extract):
    facts = extract("Министр Иван Сомов опроверг слухи об отставке и провел переговоры с Джоном Смитом.")
    assert attendees(facts) == [["Джон Смит", "Иван Сомов"]]


def test_the_representatives_of_two_sides_meet(extract):
    facts = extract("В субботу в Женеве прошел новый раунд консультаций Молдавии и Румынии. Молдавскую сторону "
                    "представлял министр Иван Сомов, румынскую — посол Джон Смит.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Джон Смит", "Иван Сомов"], ["Женева"])]
    assert ("Иван Сомов", "представитель молдавской стороны") in [(r.person, r.role) for r in facts.roles]


def test_a_guest_the_parser_hangs_on_the_place_is_still_received(extract):
    facts = extract("Президент Молдавии Иван Сомов принял в Овальном кабинете президента Румынии Джона Смита.")
    assert attendees(facts) == [["Джон Смит", "Иван Сомов"]]
    assert extract("Иван Сомов выступил в кабинете президента Румынии Джона Смита.").meetings == []


@pytest.mark.parametrize(("text", "guest"), [
    ("Ивана Петрова принял в Кремле Джон Смит.", "Иван Петров"),
    ("Анну Лис принял в Кремле Джон Смит.", "Анна Лис"),
], ids=["man", "woman"])
def test_a_guest_before_the_hosting_verb_is_received(extract, text, guest):
    assert [(sorted(m.participants), m.place) for m in extract(text).meetings] == [
        (sorted([guest, "Джон Смит"]), ["Кремль"])]


@pytest.mark.parametrize("text", [
    "Ивана Петрова приняли в партию в 2010 году.",
    "Партия приняла Ивана Петрова в свои ряды.",
    "Ивана Петрова приняли на работу в министерство.",
    "Президент Иван Сомов принял отставку министра.",
], ids=["into-a-party", "into-its-ranks", "to-a-job", "a-resignation"])
def test_admitting_someone_into_something_is_no_meeting(extract, text):
    assert extract(text).meetings == []


def test_receiving_a_guest_named_only_by_title_is_a_meeting_of_the_host(extract):
    facts = extract("Президент Иван Сомов принял в Тегеране генерального директора МАГАТЭ.")
    assert [(m.participants, m.place) for m in facts.meetings] == [(["Иван Сомов"], ["Тегеран"])]


def test_receiving_at_a_named_place_the_tagger_reads_as_accusative_is_a_meeting(extract):
    facts = extract("Иван Сомов принял в Акорде делегацию банка во главе с Олегом Зуевым.")
    assert attendees(facts) == [["Иван Сомов", "Олег Зуев"]]


@pytest.mark.parametrize(("text", "place"), [
    ("Иван Сомов встретился с Олегом Зуевым в аэропорту Мюнхена.", ["Мюнхен"]),
    ("Иван Сомов встретился с Олегом Зуевым в международном аэропорту Мюнхена.", ["Мюнхен"]),
    ("Иван Сомов встретился с Олегом Зуевым в пригороде Женевы.", ["Женева"]),
    ("Иван Сомов встретился с Олегом Зуевым в посольстве Франции.", []),
    ("Иван Сомов встретился с Олегом Зуевым в аэропорту Шереметьево.", ["Шереметьево"]),
    ("Иван Сомов встретился с Олегом Зуевым в городе Сочи.", ["Сочи"]),
], ids=["airport", "adjective", "suburb", "an-embassy-stands-elsewhere", "the-airports-name", "the-citys-name"])
def test_a_place_in_the_genitive_of_a_part_of_it_or_named_beside_it_is_where_they_met(extract, text, place):
    assert [m.place for m in extract(text).meetings] == [place]


def test_a_reception_at_a_named_airport_is_part_of_the_visit_to_its_city(extract):
    facts = extract("Иван Сомов прибыл в Москву. В аэропорту Шереметьево его встретил Олег Зуев.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Иван Сомов", "Олег Зуев"], ["Шереметьево", "Москва"])]
    facts = extract("Иван Сомов прибыл в Берлин. В аэропорту Мюнхена его встретил Олег Зуев.")
    assert [m.place for m in facts.meetings] == [["Берлин"], ["Мюнхен"]]


def test_the_agent_of_a_passive_meeting_verb_the_parser_hangs_elsewhere_attends(extract):
    facts = extract("Иван Сомов был встречен в аэропорту Мюнхена Олегом Зуевым.")
    assert attendees(facts) == [["Иван Сомов", "Олег Зуев"]]


def test_a_guest_hung_on_a_place_within_the_place_is_still_received(extract):
    facts = extract("Иван Сомов принял в своей резиденции на Даунинг-стрит президента Румынии Джона Смита.")
    assert attendees(facts) == [["Джон Смит", "Иван Сомов"]]
    assert extract("Иван Сомов выступил в зале на Даунинг-стрит президента Румынии Джона Смита.").meetings == []


def test_the_head_of_a_country_s_diplomacy_is_its_foreign_minister(extract):
    facts = extract("Министр иностранных дел Франции Жан Дюбуа прибыл в Рим. "
                    "Глава французской дипломатии заявил, что переговоры будут трудными.")
    assert speakers(facts) == [("Жан Дюбуа", "indirect")]


def test_a_speech_converb_with_a_that_clause_ends_the_words_before_it_and_quotes_its_own(extract):
    facts = extract("Министр Иван Сомов прибыл в Рим. Он добавил, что готов к диалогу, отметив, что «двери открыты».")
    assert [(s.speaker, s.kind, s.text) for s in facts.statements] == [
        ("Иван Сомов", "indirect", "готов к диалогу"), ("Иван Сомов", "direct", "двери открыты")]
    facts = extract("Министр Иван Сомов отметил, что ему неизвестно, что имел в виду Джон Смит, говоря о прогрессе.")
    assert [s.text for s in facts.statements] == ["ему неизвестно, что имел в виду Джон Смит, говоря о прогрессе"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Министр Иван Сомов подчеркнул: переговоры будут продолжены.", [("Иван Сомов", "переговоры будут продолжены")]),
    ("Министр Иван Сомов заявил журналистам: переговоры будут продолжены.",
     [("Иван Сомов", "переговоры будут продолжены")]),
    ("Министры Иван Сомов и Джон Смит отметили три сферы сотрудничества: политическую и гуманитарную.", []),
], ids=["after-the-verb", "after-whom-it-was-told", "a-list-of-its-object"])
def test_words_after_a_speech_verb_and_a_colon_are_reported(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


def test_sides_led_and_represented_by_a_list_meet_whatever_verb_the_parser_hangs_them_on(extract):
    facts = extract("Переговоры министров Молдавии и стран Балтии прошли в Женеве. Молдавскую делегацию возглавил "
                    "глава МИД Иван Сомов, балтийскую сторону представляли министры иностранных дел Литвы и Латвии "
                    "Джон Смит и Марио Росси.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [
        (["Джон Смит", "Иван Сомов", "Марио Росси"], ["Женева"])]
    roles = {(r.person, r.role) for r in facts.roles}
    assert {("Иван Сомов", "глава молдавской делегации"), ("Марио Росси", "представитель балтийской стороны")} <= roles


def test_a_meeting_word_opening_a_sentence_is_no_name(extract):
    facts = extract("Переговоры министров прошли в Женеве.")
    assert [e.name for e in facts.entities] == ["Женева"]


def test_the_place_of_a_post_after_its_title_is_no_meeting_place(extract):
    facts = extract("Спецпредставитель президента Молдавии по Ближнему Востоку Иван Сомов принял посла Израиля "
                    "в Кишиневе Симону Гальперин.")
    assert [(sorted(m.participants), m.place) for m in facts.meetings] == [(["Иван Сомов", "Симона Гальперин"], [])]


def test_an_indeclinable_name_after_an_organisation_is_in_its_title_s_case(extract):
    facts = extract("Делегация парламента во главе с вице-спикером Иваном Сомовым посетила Пхеньян, где провела "
                    "встречу с председателем Верховного народного собрания КНДР Чхве Рён Хэ.")
    assert attendees(facts) == [["Иван Сомов", "Чхве Рён Хэ"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Министр Иван Сомов назвал это провокацией.", ["назвал это провокацией"]),
    ("Министр Иван Сомов охарактеризовал атмосферу встречи как деловую.", ["охарактеризовал атмосферу встречи как деловую"]),
    ("Министр Иван Сомов высоко оценил итоги переговоров.", ["оценил итоги переговоров"]),
    ("Министр Иван Сомов оценил итоги встречи иначе.", []),
], ids=["instrumental", "as", "qualitative-adverb", "no-evaluation"])
def test_a_naming_verb_reports_only_what_it_called_the_thing(extract, text, expected):
    assert [s.text for s in extract(text).statements] == expected


def test_a_pronoun_received_is_the_visitor_it_stands_for(extract):
    facts = extract("Президент Молдавии Иван Сомов прибыл в Рим. В понедельник его принял в Квиринальском дворце "
                    "президент Италии Марио Росси.")
    assert ["Иван Сомов", "Марио Росси"] in attendees(facts)
    assert extract("Министр Иван Сомов принял его решение.").meetings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Переговоры продолжатся в марте, сообщает агентство Рейтер, ссылаясь на источники.",
     [("Рейтер", "Переговоры продолжатся в марте")]),
    ("Переговоры продолжатся, заявил министр Иван Сомов, добавив, что доволен.",
     [("Иван Сомов", "Переговоры продолжатся"), ("Иван Сомов", "доволен")]),
], ids=["citing", "adding"])
def test_a_converb_after_the_speaker_leaves_the_words_before_his(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("МИД Китая выразил протест. В заявлении ведомства говорится, что поездки подрывают стабильность.",
     [("МИД Китая", "поездки подрывают стабильность")]),
    ("Минобороны России опубликовало видео. В ведомстве уточнили, что в учениях участвуют 5 тысяч военных.",
     [("Минобороны России", "в учениях участвуют 5 тысяч военных")]),
    ("Госдепартамент США объявил о санкциях. Как сообщили в ведомстве, ограничения затронут 20 компаний.",
     [("Госдепартамент США", "ограничения затронут 20 компаний")]),
    ("Погода ухудшилась. В министерстве уточнили, что дороги закрыты.", []),
], ids=["its-statement", "said-in-it", "as-told-in-it", "no-ministry-before"])
def test_a_bare_word_for_a_ministry_speaks_for_the_one_named_before(extract, text, expected):
    assert [(s.speaker, s.text) for s in extract(text).statements] == expected


def test_one_of_the_sources_is_anonymous(extract):
    facts = extract("«Это был трудный разговор», — рассказал агентству Рейтер один из участников встречи.")
    assert speakers(facts) == [("anonymous", "direct")]


@pytest.mark.parametrize("text", [
    "Встреча Ивана Сомова и Олега Сидорова прошла с участием министра Джона Смита.",
    "Иван Сомов провел переговоры с Олегом Сидоровым при участии министра Джона Смита.",
    "Иван Сомов провел переговоры с Олегом Сидоровым в присутствии министра Джона Смита.",
    "Вчера прошло совещание под председательством Джона Смита. В нем приняли участие Иван Сомов и Олег Сидоров.",
], ids=["with-the-participation", "at-the-participation", "in-the-presence", "its-chair"])
def test_who_takes_part_in_a_meeting_told_is_one_of_its_attendees(extract, text):
    assert attendees(extract(text)) == [["Джон Смит", "Иван Сомов", "Олег Сидоров"]]


FRAGMENTS = ["Министр Иван Сомов", "заявил", "сказал", "передает агентство Рейтер", ",", ":", "—", "«", "»", "«»",
             "что", "переговоры", "с Джоном Смитом", "в Риме", "провел встречу", "его принял", "В.", "X.", "Ранее",
             "один из участников", "по словам", "Об этом", "\n", ".", "отметив", "Переговоры"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25))
def test_any_mix_of_speech_and_meeting_words_extracts_without_error(extract, fragments):
    """Quotation marks, colons and dashes in any order («Сомов: «»», «— , —») never break
    extraction; every fact keeps offsets inside the text."""
    text = " ".join(fragments)
    facts = extract(text)
    assert all(0 <= s.start <= s.end <= len(text) for s in facts.statements)


@pytest.mark.parametrize("path", sorted(LEXICON_DIR.glob("*.txt")), ids=lambda path: path.stem)
def test_no_lexicon_lists_an_entry_twice(path):
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    entries = [normal(line) for line in lines if line and not line.startswith("#")]
    assert sorted({e for e in entries if entries.count(e) > 1}) == []
