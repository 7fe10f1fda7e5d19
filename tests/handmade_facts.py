"""Hand-made facts for the graph, store and query tests (two articles sharing a meeting)."""

from __future__ import annotations

from kg.records import ArticleFacts, Entity, Meeting, Role, Statement


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


TEXT_A = (
    "Переговоры в Майами прошли 20–21 декабря. "
    "Глава Российского фонда прямых инвестиций Кирилл Дмитриев встретился со Стивом Уиткоффом и Джаредом Кушнером. "
    "Спецпосланник президента США Стив Уиткофф назвал переговоры продуктивными. "
    "Песков отметил, что ему неизвестно, что именно имел в виду вице-президент. "
    "Западный чиновник сказал: «Прогресс есть, но до сделки далеко». "
    "«Работа продолжается», — сказал собеседник."
)

TEXT_B = (
    "Стив Уиткофф и Джаред Кушнер прибыли в Кремль, где их принял Владимир Путин. "
    "Помощник президента Юрий Ушаков рассказал, что в Майами Кирилл Дмитриев провел переговоры с американцами. "
    "«Разговор был полезным», — сказал Ушаков о встрече с Уиткоффом."
)


def article_a() -> ArticleFacts:
    text = TEXT_A
    s_meet = _span(text, "Переговоры в Майами прошли 20–21 декабря.")
    s_role1 = _span(text, "Глава Российского фонда прямых инвестиций Кирилл Дмитриев встретился со Стивом Уиткоффом и Джаредом Кушнером.")
    s_role2 = _span(text, "Спецпосланник президента США Стив Уиткофф назвал переговоры продуктивными.")
    q_witkoff = _span(text, "назвал переговоры продуктивными")
    q_peskov = _span(text, "ему неизвестно, что именно имел в виду вице-президент")
    q_anon = _span(text, "Прогресс есть, но до сделки далеко")
    q_none = _span(text, "Работа продолжается")
    return ArticleFacts(
        id="000_test",
        date="2025-12-23",
        source="test",
        url="https://example.org/000",
        title="Итоги переговоров в Майами",
        entities=[
            Entity("kirill-dmitriev", "Кирилл Дмитриев", "PER"),
            Entity("steve-witkoff", "Стив Уиткофф", "PER", aliases=["Уиткофф"]),
            Entity("jared-kushner", "Джаред Кушнер", "PER"),
            Entity("dmitry-peskov", "Дмитрий Песков", "PER", aliases=["Песков"]),
            Entity("rdif", "Российский фонд прямых инвестиций", "ORG", aliases=["РФПИ"]),
            Entity("miami", "Майами", "LOC"),
            Entity("usa", "США", "LOC"),
        ],
        meetings=[
            Meeting(
                id="meeting-miami",
                participants=["Кирилл Дмитриев", "Стив Уиткофф", "Джаред Кушнер"],
                place=["Майами"],
                date="2025-12-20/2025-12-21",
                kind="переговоры",
                evidence=text[s_meet[0]:s_meet[1]],
                start=s_meet[0],
                end=s_meet[1],
            )
        ],
        roles=[
            Role("Кирилл Дмитриев", "глава Российского фонда прямых инвестиций", "глава",
                 "Российский фонд прямых инвестиций", text[s_role1[0]:s_role1[1]], *s_role1),
            Role("Стив Уиткофф", "спецпосланник президента США", "спецпосланник", "США",
                 text[s_role2[0]:s_role2[1]], *s_role2),
        ],
        statements=[
            Statement("Стив Уиткофф", "назвал переговоры продуктивными", "indirect", None, [],
                      text[s_role2[0]:s_role2[1]], *q_witkoff),
            Statement("Дмитрий Песков", text[q_peskov[0]:q_peskov[1]], "indirect", None, [],
                      "Песков отметил, что ему неизвестно, что именно имел в виду вице-президент.", *q_peskov),
            Statement("anonymous", text[q_anon[0]:q_anon[1]], "direct", "западный чиновник", [],
                      "Западный чиновник сказал: «Прогресс есть, но до сделки далеко».", *q_anon),
            Statement(None, "Работа продолжается", "direct", None, [],
                      "«Работа продолжается», — сказал собеседник.", *q_none),
        ],
    )


def article_b() -> ArticleFacts:
    text = TEXT_B
    s_kremlin = _span(text, "Стив Уиткофф и Джаред Кушнер прибыли в Кремль, где их принял Владимир Путин.")
    s_miami = _span(text, "Помощник президента Юрий Ушаков рассказал, что в Майами Кирилл Дмитриев провел переговоры с американцами.")
    q_ushakov = _span(text, "Разговор был полезным")
    return ArticleFacts(
        id="004_test",
        date="2025-12-03",
        entities=[
            Entity("steve-witkoff", "Стив Уиткофф", "PER"),
            Entity("jared-kushner", "Джаред Кушнер", "PER"),
            Entity("vladimir-putin", "Владимир Путин", "PER"),
            Entity("yury-ushakov", "Юрий Ушаков", "PER"),
            Entity("kirill-dmitriev", "Кирилл Дмитриев", "PER"),
            Entity("kremlin", "Кремль", "LOC"),
            # «Москва» (the Kremlin's city) and «Майами» are deliberately missing here.
        ],
        meetings=[
            Meeting(
                id="meeting-kremlin",
                participants=["Стив Уиткофф", "Джаред Кушнер", "Владимир Путин"],
                place=["Кремль", "Москва"],
                date="2025-12-02",
                kind="встреча",
                evidence=text[s_kremlin[0]:s_kremlin[1]],
                start=s_kremlin[0],
                end=s_kremlin[1],
            ),
            Meeting(
                id="meeting-miami",
                participants=["Кирилл Дмитриев"],
                place=["Майами"],
                date="2025-12-20/2025-12-21",
                kind="переговоры",
                evidence=text[s_miami[0]:s_miami[1]],
                start=s_miami[0],
                end=s_miami[1],
            ),
        ],
        roles=[
            Role("Юрий Ушаков", "помощник президента", "помощник", None,
                 text[s_miami[0]:s_miami[1]], *s_miami),
        ],
        statements=[
            Statement("Юрий Ушаков", "Разговор был полезным", "direct", None, ["Стив Уиткофф"],
                      "«Разговор был полезным», — сказал Ушаков о встрече с Уиткоффом.", *q_ushakov),
        ],
    )


def handmade_facts() -> list[ArticleFacts]:
    return [article_a(), article_b()]
