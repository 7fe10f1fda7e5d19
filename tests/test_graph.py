"""The RDF graph built from facts: shapes, determinism, merging, plain schema.org triples."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from handmade_facts import article_a, article_b, handmade_facts
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, SH

from kg import iri
from kg.export import coattendance_graph, export_graph, to_networkx
from kg.graph import (
    ONTOLOGY_PATH,
    SHAPES_PATH,
    add_article,
    build_graph,
    build_triples,
    new_graph,
    serialize,
    sorted_ntriples,
    validate,
    write_turtle,
)
from kg.namespaces import KG, NIF, SCHEMA, SEM
from kg.records import ArticleFacts, Statement
from kg.synth import _place_names, generate_facts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(handmade_facts())


def nodes_of(graph: Graph, cls: URIRef) -> set:
    return set(graph.subjects(RDF.type, cls))


# --------------------------------------------------------------------------------------
# Ontology and shapes
# --------------------------------------------------------------------------------------


def test_ontology_classes_have_russian_and_english_labels_and_comments():
    onto = Graph().parse(ONTOLOGY_PATH, format="turtle")
    classes = set(onto.subjects(RDF.type, OWL.Class))
    expected = {KG[c] for c in ("Actor", "Person", "Organization", "Country", "Place", "Meeting", "Role",
                                "Statement", "AnonymousSource", "Article", "Evidence")}
    assert expected <= classes
    terms = classes | set(onto.subjects(RDF.type, OWL.ObjectProperty)) | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {value.language for value in onto.objects(term, prop)}
            assert {"ru", "en"} <= langs, (term, prop)
    assert (KG.Person, RDFS.subClassOf, SCHEMA.Person) in onto
    assert (KG.Person, RDFS.subClassOf, KG.Actor) in onto
    assert (KG.Country, RDFS.subClassOf, SCHEMA.Country) in onto
    assert (KG.Meeting, RDFS.subClassOf, SEM.Event) in onto
    assert (KG.Meeting, RDFS.subClassOf, SCHEMA.Event) in onto
    assert (KG.Statement, RDFS.subClassOf, SCHEMA.Quotation) in onto
    assert (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle) in onto
    assert (KG.Evidence, RDFS.subClassOf, NIF.String) in onto
    assert (KG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto


def test_every_class_has_a_shape():
    onto = Graph().parse(ONTOLOGY_PATH, format="turtle")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    ours = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))}
    assert ours <= targeted


def test_handmade_graph_conforms_to_shapes(graph):
    conforms, report = validate(graph)
    assert conforms, report


def test_synthetic_graph_conforms_to_shapes():
    conforms, report = validate(build_graph(generate_facts(40, seed=3)))
    assert conforms, report


def test_synthetic_facts_for_a_large_cast():
    """Past 540 places (one syllable after head and tail) the names grow a syllable."""
    names = _place_names(random.Random(0), 2000)
    assert len(set(names)) == 2000
    facts = generate_facts(40, seed=3, n_people=5000)  # 1,000 places
    assert [a.to_json() for a in generate_facts(40, seed=3, n_people=5000)] == [a.to_json() for a in facts]


def test_shapes_catch_a_broken_graph(graph):
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    person = iri.entity_iri("steve-witkoff")
    broken.remove((person, SCHEMA.name, None))
    meeting = iri.meeting_iri("meeting-kremlin")
    broken.add((meeting, SCHEMA.startDate, Literal("2 декабря")))
    conforms, report = validate(broken)
    assert not conforms
    assert "steve-witkoff" in report and "meeting-kremlin" in report


# --------------------------------------------------------------------------------------
# Determinism and idempotence
# --------------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_sorted_ntriples():
    first = sorted_ntriples(build_graph(handmade_facts()))
    second = sorted_ntriples(build_graph(handmade_facts()))
    assert first == second
    assert first.count(b"\n") > 100
    assert b"_:" not in first  # no blank nodes, so the dump is canonical


def test_triple_set_and_rdflib_graph_hold_the_same_triples_and_dump_as_rdflib_does():
    facts = handmade_facts() + generate_facts(20, seed=5)
    triples, graph = build_triples(facts), build_graph(facts)
    assert set(triples) == set(graph) and len(triples) == len(graph)
    rdflib_dump = sorted(line for line in graph.serialize(format="nt", encoding="utf-8").splitlines() if line)
    assert sorted_ntriples(triples) == b"\n".join(rdflib_dump) + b"\n"
    odd = Literal('кавычка " обратная \\ черта\nи перевод строки\tтаб', lang="ru")
    graph.add((iri.article_iri("x"), SCHEMA.text, odd))
    reparsed = Graph().parse(data=sorted_ntriples(graph), format="nt")
    assert odd in set(reparsed.objects(iri.article_iri("x"), SCHEMA.text))


def test_dump_is_identical_across_processes_and_hash_seeds(tmp_path):
    script = (
        "import sys; sys.path.insert(0, 'tests');"
        "from handmade_facts import handmade_facts; from kg.synth import generate_facts;"
        "from kg.graph import build_graph, serialize;"
        "g = build_graph(handmade_facts() + generate_facts(10));"
        "sys.stdout.buffer.write(serialize(g, 'nt') + serialize(g, 'turtle') + serialize(g, 'jsonld'))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_adding_an_article_twice_changes_nothing():
    once = build_graph([article_a(), article_b()])
    twice = build_graph([article_a(), article_b(), article_a(), article_b()])
    assert sorted_ntriples(once) == sorted_ntriples(twice)
    graph = build_graph([article_a()])
    size = len(graph)
    add_article(graph, article_a())
    assert len(graph) == size


def test_rebuilding_never_duplicates_actors_or_meetings(graph):
    people = nodes_of(graph, KG.Person)
    names = [str(graph.value(p, SCHEMA.name)) for p in people]
    assert len(names) == len(set(names))
    assert len(nodes_of(graph, KG.Meeting)) == 2
    rebuilt = build_graph(handmade_facts() + handmade_facts())
    assert nodes_of(rebuilt, KG.Person) == people
    assert nodes_of(rebuilt, KG.Meeting) == nodes_of(graph, KG.Meeting)
    # one name per actor, even when two articles spell the entity differently
    for node in nodes_of(graph, KG.Actor):
        assert len(list(graph.objects(node, SCHEMA.name))) == 1


def test_same_meeting_in_two_articles_is_one_node_with_two_sources(graph):
    meeting = iri.meeting_iri("meeting-miami")
    assert set(graph.objects(meeting, PROV.wasDerivedFrom)) == {
        iri.article_iri("000_test"), iri.article_iri("004_test")}
    evidence = set(graph.objects(meeting, KG.evidence))
    assert len(evidence) == 2
    contexts = {graph.value(e, NIF.referenceContext) for e in evidence}
    assert contexts == {iri.article_iri("000_test"), iri.article_iri("004_test")}
    attendees = {str(graph.value(a, SCHEMA.name)) for a in graph.objects(meeting, SCHEMA.attendee)}
    assert attendees == {"Кирилл Дмитриев", "Стив Уиткофф", "Джаред Кушнер"}


def test_different_entity_spelling_across_articles_becomes_an_alias():
    a, b = article_a(), article_b()
    b.entities[0].name = "Стивен Уиткофф"
    b.meetings[0].participants[0] = "Стивен Уиткофф"
    graph = build_graph([a, b])
    node = iri.entity_iri("steve-witkoff")
    assert [str(n) for n in graph.objects(node, SCHEMA.name)] == ["Стив Уиткофф"]
    assert Literal("Стивен Уиткофф", lang="ru") in set(graph.objects(node, KG.alias))
    assert validate(graph)[0]


# --------------------------------------------------------------------------------------
# What the triples say
# --------------------------------------------------------------------------------------


def test_meeting_has_plain_schema_and_sem_triples(graph):
    meeting = iri.meeting_iri("meeting-miami")
    types = set(graph.objects(meeting, RDF.type))
    assert {SCHEMA.Event, SEM.Event, KG.Meeting} <= types
    miami = iri.entity_iri("miami")
    assert graph.value(meeting, SCHEMA.location) == miami
    assert graph.value(meeting, SEM.hasPlace) == miami
    assert (miami, RDF.type, SCHEMA.Place) in graph
    assert graph.value(miami, SCHEMA.name) == Literal("Майами", lang="ru")
    assert graph.value(meeting, SCHEMA.startDate) == Literal("2025-12-20", datatype=XSD.date)
    assert graph.value(meeting, SCHEMA.endDate) == Literal("2025-12-21", datatype=XSD.date)
    assert graph.value(meeting, SEM.hasBeginTimeStamp) == Literal("2025-12-20", datatype=XSD.date)
    assert graph.value(meeting, SEM.hasEndTimeStamp) == Literal("2025-12-21", datatype=XSD.date)
    assert set(graph.objects(meeting, SCHEMA.attendee)) == set(graph.objects(meeting, SEM.hasActor))
    assert str(graph.value(meeting, KG.meetingKind)) == "переговоры"
    single = iri.meeting_iri("meeting-kremlin")
    assert graph.value(single, SCHEMA.startDate) == Literal("2025-12-02", datatype=XSD.date)
    assert graph.value(single, SCHEMA.endDate) is None


def test_place_missing_from_entities_is_minted_and_nested(graph):
    kremlin = iri.entity_iri("kremlin")
    moscow = iri.minted_iri("Москва")
    assert graph.value(iri.meeting_iri("meeting-kremlin"), SCHEMA.location) == kremlin
    assert graph.value(kremlin, SCHEMA.containedInPlace) == moscow
    assert {KG.Place, SCHEMA.Place} <= set(graph.objects(moscow, RDF.type))
    assert graph.value(moscow, SCHEMA.name) == Literal("Москва", lang="ru")


def test_an_organisation_used_as_a_meeting_place_is_also_a_place():
    facts = article_b()
    facts.entities[5].type = "ORG"  # the extractor may tag a building or an airport ORG
    graph = build_graph([facts])
    kremlin = iri.entity_iri("kremlin")
    assert {KG.Organization, KG.Place, SCHEMA.Place} <= set(graph.objects(kremlin, RDF.type))
    assert validate(graph)[0]


def test_place_known_from_another_article_resolves_to_its_entity():
    # built together, article B's «Майами» is article A's entity …
    together = build_graph([article_b(), article_a()])
    assert iri.minted_iri("Майами") not in set(together.subjects())
    # … added alone, it has to be minted from the name.
    alone = new_graph()
    add_article(alone, article_b())
    assert alone.value(iri.meeting_iri("meeting-miami"), SCHEMA.location) == iri.minted_iri("Майами")


def test_people_organisations_and_countries(graph):
    witkoff = iri.entity_iri("steve-witkoff")
    assert {KG.Person, KG.Actor, SCHEMA.Person} <= set(graph.objects(witkoff, RDF.type))
    assert graph.value(witkoff, RDFS.label) == Literal("Стив Уиткофф", lang="ru")
    assert Literal("Уиткофф", lang="ru") in set(graph.objects(witkoff, KG.alias))
    rdif = iri.entity_iri("rdif")
    assert {KG.Organization, SCHEMA.Organization} <= set(graph.objects(rdif, RDF.type))
    assert Literal("РФПИ", lang="ru") in set(graph.objects(rdif, SCHEMA.alternateName))
    # США is a LOC that is the organisation of a role: a place and a country (an actor)
    usa = iri.entity_iri("usa")
    assert {KG.Place, SCHEMA.Place, KG.Country, SCHEMA.Country, KG.Actor} <= set(graph.objects(usa, RDF.type))
    # a LOC that only ever is a place stays a place
    assert KG.Actor not in set(graph.objects(iri.entity_iri("miami"), RDF.type))
    article = iri.article_iri("000_test")
    assert (article, KG.mentions, rdif) in graph


def test_roles(graph):
    roles = [r for r in nodes_of(graph, KG.Role) if graph.value(r, KG.holder) == iri.entity_iri("kirill-dmitriev")]
    assert len(roles) == 1
    role = roles[0]
    assert str(graph.value(role, KG.roleName)) == "глава Российского фонда прямых инвестиций"
    assert str(graph.value(role, KG.title)) == "глава"
    assert graph.value(role, KG.organization) == iri.entity_iri("rdif")
    assert graph.value(role, PROV.wasDerivedFrom) == iri.article_iri("000_test")
    person = iri.entity_iri("kirill-dmitriev")
    assert Literal("глава Российского фонда прямых инвестиций", lang="ru") in set(graph.objects(person, SCHEMA.jobTitle))
    assert graph.value(person, SCHEMA.affiliation) == iri.entity_iri("rdif")


def test_statements(graph):
    statements = {str(graph.value(s, SCHEMA.text)): s for s in nodes_of(graph, KG.Statement)}
    assert len(statements) == 5
    ushakov = statements["Разговор был полезным"]
    assert {SCHEMA.Quotation, KG.Statement} <= set(graph.objects(ushakov, RDF.type))
    assert graph.value(ushakov, SCHEMA.spokenByCharacter) == iri.entity_iri("yury-ushakov")
    assert graph.value(ushakov, PROV.wasQuotedFrom) == iri.entity_iri("yury-ushakov")
    assert str(graph.value(ushakov, KG.statementKind)) == "direct"
    assert set(graph.objects(ushakov, SCHEMA.mentions)) == {iri.entity_iri("steve-witkoff")}
    anon = statements["Прогресс есть, но до сделки далеко"]
    source = graph.value(anon, SCHEMA.spokenByCharacter)
    assert {KG.AnonymousSource, KG.Actor} <= set(graph.objects(source, RDF.type))
    assert str(graph.value(source, SCHEMA.name)) == "западный чиновник"
    unknown = statements["Работа продолжается"]
    assert graph.value(unknown, SCHEMA.spokenByCharacter) is None


def test_evidence_spans_point_into_the_article_text(graph):
    from handmade_facts import TEXT_A, TEXT_B

    texts = {iri.article_iri("000_test"): TEXT_A, iri.article_iri("004_test"): TEXT_B}
    evidence = nodes_of(graph, KG.Evidence)
    assert evidence
    for node in evidence:
        text = texts[graph.value(node, NIF.referenceContext)]
        begin, end = int(graph.value(node, NIF.beginIndex)), int(graph.value(node, NIF.endIndex))
        assert graph.value(node, NIF.beginIndex).datatype == XSD.integer
        assert text[begin:end] == str(graph.value(node, NIF.anchorOf))
    # a statement's evidence is its quoted text, with the whole sentence alongside
    for statement in nodes_of(graph, KG.Statement):
        node = graph.value(statement, KG.evidence)
        assert graph.value(node, NIF.anchorOf).eq(Literal(str(graph.value(statement, SCHEMA.text))))
        assert str(graph.value(statement, SCHEMA.text)) in str(graph.value(node, KG.sentence))


def test_an_interrupted_quotation_has_the_words_said_for_text_and_the_article_span_for_evidence():
    text = "«Встреча была полезной, — сказал Иван Сомов. — Мы добились прогресса»."
    said = "Встреча была полезной <…> Мы добились прогресса"
    start, end = 1, len(text) - 2
    statement = Statement("Иван Сомов", said, "direct", None, [], text, start, end, anchor=text[start:end])
    graph = build_graph([ArticleFacts(id="000_quote", date=None, statements=[statement])])
    (node,) = nodes_of(graph, KG.Statement)
    assert str(graph.value(node, SCHEMA.text)) == said
    evidence = graph.value(node, KG.evidence)
    assert str(graph.value(evidence, NIF.anchorOf)) == text[start:end]
    assert (int(graph.value(evidence, NIF.beginIndex)), int(graph.value(evidence, NIF.endIndex))) == (start, end)


def test_article_node(graph):
    article = iri.article_iri("000_test")
    assert {SCHEMA.NewsArticle, KG.Article} <= set(graph.objects(article, RDF.type))
    assert graph.value(article, SCHEMA.datePublished) == Literal("2025-12-23", datatype=XSD.date)
    assert graph.value(article, SCHEMA.url) == URIRef("https://example.org/000")
    assert str(graph.value(article, SCHEMA.identifier)) == "000_test"
    assert str(graph.value(article, SCHEMA.headline)) == "Итоги переговоров в Майами"


def test_odd_input_is_written_safely():
    facts = ArticleFacts.from_json({
        "id": "odd id/with spaces?#", "date": "декабрь 2025", "url": "not a url",
        "entities": [{"id": "a b", "name": "Имя \"в кавычках\"", "type": "PER"}],
        "meetings": [{"id": "m/1", "participants": ["Имя \"в кавычках\"", "Незнакомец"], "place": [],
                      "date": "2025-12", "kind": "встреча", "evidence": "…", "start": 0, "end": 1}],
    })
    graph = build_graph([facts])
    reparsed = Graph().parse(data=serialize(graph, "turtle"), format="turtle")
    assert isomorphic(graph, reparsed)
    meeting = iri.meeting_iri("m/1")
    assert str(graph.value(meeting, KG.dateText)) == "2025-12"
    assert graph.value(iri.article_iri("odd id/with spaces?#"), SCHEMA.datePublished) is None
    assert validate(graph)[0]


# --------------------------------------------------------------------------------------
# Writing and exporting
# --------------------------------------------------------------------------------------


def test_write_turtle_is_atomic_and_round_trips(graph, tmp_path):
    path = tmp_path / "out" / "graph.ttl"
    write_turtle(graph, path)
    first = path.read_bytes()
    write_turtle(graph, path)
    assert path.read_bytes() == first
    assert [p.name for p in path.parent.iterdir()] == ["graph.ttl"]
    assert isomorphic(Graph().parse(path, format="turtle"), graph)
    assert b"@prefix schema: <https://schema.org/>" in first


def test_failed_write_leaves_the_old_file(graph, tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    write_turtle(graph, path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_turtle(build_graph([article_a()]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_rdf_exports_round_trip(graph, tmp_path, fmt):
    path = export_graph(graph, fmt, tmp_path / f"graph.{fmt}")
    parsed = Graph().parse(path, format={"jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(parsed, graph)
    if fmt == "jsonld":
        assert "@context" in json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports(graph, tmp_path, fmt, reader):
    path = export_graph(graph, fmt, tmp_path / f"graph.{fmt}")
    network = reader(path)
    network_nodes = dict(network.nodes(data=True))
    assert len(network_nodes) == to_networkx(graph).number_of_nodes()
    labels = {data.get("label") for data in network_nodes.values()}
    assert {"Стив Уиткофф", "Майами"} <= labels


def test_networkx_view(graph):
    network = to_networkx(graph)
    meeting = str(iri.meeting_iri("meeting-miami"))
    assert network.nodes[meeting]["kind"] == "meeting"
    assert network.nodes[meeting]["date"] == "2025-12-20"
    assert network.nodes[meeting]["sources"] == 2
    attendees = {o for _, o, rel in network.out_edges(meeting, data="relation") if rel == "attendee"}
    assert str(iri.entity_iri("steve-witkoff")) in attendees
    kinds = {data["kind"] for _, data in network.nodes(data=True)}
    assert {"person", "organization", "country", "place", "meeting", "role"} <= kinds
    assert "statement" not in kinds
    assert "statement" in {d["kind"] for _, d in to_networkx(graph, statements=True).nodes(data=True)}

    coattend = coattendance_graph(graph)
    witkoff, kushner = str(iri.entity_iri("steve-witkoff")), str(iri.entity_iri("jared-kushner"))
    assert coattend[witkoff][kushner]["weight"] == 2
    assert coattend.nodes[witkoff]["meetings"] == 2
    centrality = nx.betweenness_centrality(coattend)
    assert max(centrality, key=centrality.get) in {witkoff, kushner}
