"""Synthetic facts for tests, benchmarks and demos: no real names, fully deterministic.

``generate_facts(n_articles, seed)`` returns :class:`~kg.records.ArticleFacts` shaped
like the pipeline's output: corpus-wide entity ids, meetings shared between articles,
date ranges, places missing from the entity list, anonymous speakers, aliases.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kg.records import ArticleFacts, Entity, Meeting, Role, Statement

_SYLLABLES = ["ра", "бо", "ли", "ве", "ну", "ке", "до", "ми", "са", "то", "гу", "ле", "фа", "зо", "ри"]
_ORG_HEADS = ["Комитет", "Союз", "Фонд", "Совет", "Агентство", "Министерство"]
_ORG_TAILS = ["развития", "сотрудничества", "торговли", "обороны", "связи", "энергетики"]
_PLACE_HEADS = ["Верх", "Нов", "Сол", "Крас", "Бел", "Сер"]
_PLACE_TAILS = ["ово", "ск", "град", "поль", "инск", "ань"]
_TITLES = ["министр", "посол", "советник", "глава", "представитель", "председатель"]
_KINDS = ["встреча", "переговоры", "визит", "консультации"]
_VERBS = ["заявил", "сообщил", "отметил", "подчеркнул"]
_LABELS = ["западный чиновник", "источник в правительстве", "дипломатический источник"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(n)).capitalize()


def _unique(rng: random.Random, make, count: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(make(), None)
    return list(seen)


def _place_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names: a head, a tail and as many syllables as it takes to have that many."""
    syllables = 1
    while count > len(_PLACE_HEADS) * len(_PLACE_TAILS) * len(_SYLLABLES) ** syllables:
        syllables += 1
    return _unique(rng, lambda: rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS) + _word(rng, syllables).lower(), count)


def generate_facts(
    n_articles: int = 100,
    seed: int = 0,
    n_people: int | None = None,
    n_meetings: int | None = None,
) -> list[ArticleFacts]:
    """``n_articles`` articles of synthetic facts (≈150 triples each once built)."""
    rng = random.Random(seed)
    n_people = n_people or max(8, n_articles // 2)
    n_meetings = n_meetings or max(4, (n_articles * 2) // 3)
    people = _unique(rng, lambda: f"{_word(rng, 2)} {_word(rng, 3)}", n_people)
    orgs = _unique(rng, lambda: f"{rng.choice(_ORG_HEADS)} {rng.choice(_ORG_TAILS)} {_word(rng, 2)}", max(4, n_people // 4))
    places = _place_names(rng, max(4, n_people // 5))
    countries = _unique(rng, lambda: "Республика " + _word(rng, 3), max(3, n_people // 10))

    def ent_id(prefix: str, i: int) -> str:
        return f"{prefix}-{i}"

    person_ids = {name: ent_id("per", i) for i, name in enumerate(people)}
    org_ids = {name: ent_id("org", i) for i, name in enumerate(orgs)}
    place_ids = {name: ent_id("loc", i) for i, name in enumerate(places + countries)}
    org_alias = {name: "".join(w[0] for w in name.split()).upper() for name in orgs}

    start = date(2025, 1, 1)
    meetings = []
    for i in range(n_meetings):
        day = start + timedelta(days=rng.randrange(360))
        when = day.isoformat()
        if rng.random() < 0.2:
            when = f"{when}/{(day + timedelta(days=rng.randint(1, 3))).isoformat()}"
        elif rng.random() < 0.1:
            when = None
        place = [rng.choice(places), rng.choice(countries)] if rng.random() < 0.8 else []
        meetings.append(
            {
                "id": f"m-{i}",
                "participants": rng.sample(people, rng.randint(2, 4)),
                "place": place,
                "date": when,
                "kind": rng.choice(_KINDS),
            }
        )

    articles = []
    for a in range(n_articles):
        aid = f"{a:04d}_synthetic"
        picked = rng.sample(meetings, rng.randint(1, 2))
        names: dict[str, str] = {}
        for meeting in picked:
            for person in meeting["participants"]:
                names[person] = "PER"
        for person in rng.sample(people, 2):
            names.setdefault(person, "PER")
        used_orgs = rng.sample(orgs, 2)
        used_country = rng.choice(countries)
        text_parts: list[str] = []

        def sentence(words: str) -> tuple[str, int, int]:
            begin = sum(len(p) + 1 for p in text_parts)
            text_parts.append(words)
            return words, begin, begin + len(words)

        out_meetings = []
        for meeting in picked:
            place = meeting["place"]
            where = f" в {place[0]}" if place else ""
            ev, s, e = sentence(f"{', '.join(meeting['participants'])} провели {meeting['kind']}{where}.")
            out_meetings.append(
                Meeting(
                    id=meeting["id"],
                    participants=list(meeting["participants"]),
                    place=list(place),
                    date=meeting["date"],
                    kind=meeting["kind"],
                    evidence=ev,
                    start=s,
                    end=e,
                )
            )
        roles = []
        per_names = [n for n, t in names.items() if t == "PER"]
        for person in rng.sample(per_names, min(3, len(per_names))):
            title = rng.choice(_TITLES)
            org = rng.choice(used_orgs + [used_country, None])
            phrase = f"{title} {org}" if org else title
            ev, s, e = sentence(f"{phrase.capitalize()} {person} прибыл.")
            roles.append(Role(person=person, role=phrase, title=title, org=org, evidence=ev, start=s, end=e))
        statements = []
        for _ in range(rng.randint(1, 3)):
            speaker = rng.choice(per_names + ["anonymous", None])
            label = rng.choice(_LABELS) if speaker in ("anonymous", None) else None
            mentioned = rng.sample(per_names + used_orgs, 2)
            quote = f"{mentioned[0]} и {mentioned[1]} договорились о {rng.choice(_ORG_TAILS)}"
            kind = rng.choice(["direct", "indirect"])
            who = speaker if speaker not in ("anonymous", None) else (label or "источник")
            ev, s, _ = sentence(f"{who} {rng.choice(_VERBS)}: «{quote}».")
            qs = s + ev.index(quote)
            statements.append(
                Statement(
                    speaker=speaker,
                    text=quote,
                    kind=kind,
                    speaker_label=label,
                    mentions=mentioned,
                    evidence=ev,
                    start=qs,
                    end=qs + len(quote),
                )
            )
        entities = [Entity(id=person_ids[n], name=n, type="PER") for n in sorted(names)]
        entities += [Entity(id=org_ids[o], name=o, type="ORG", aliases=[org_alias[o]]) for o in used_orgs]
        entities.append(Entity(id=place_ids[used_country], name=used_country, type="LOC"))
        # The first meeting's most specific place is deliberately left out of the entity
        # list now and then, as the extractor sometimes does.
        for meeting in picked:
            for name in meeting["place"]:
                if name != used_country and rng.random() < 0.7:
                    entities.append(Entity(id=place_ids[name], name=name, type="LOC"))
        seen, unique_entities = set(), []
        for entity in entities:
            if entity.id not in seen:
                seen.add(entity.id)
                unique_entities.append(entity)
        published = start + timedelta(days=rng.randrange(365))
        articles.append(
            ArticleFacts(
                id=aid,
                date=published.isoformat(),
                source="synthetic",
                url=f"https://example.org/news/{aid}",
                title=f"Сводка {a}",
                entities=unique_entities,
                meetings=out_meetings,
                roles=roles,
                statements=statements,
            )
        )
    return articles
