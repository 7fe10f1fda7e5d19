"""Stores: rdflib in memory, persistent Oxigraph, and a real Oxigraph SPARQL endpoint."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from handmade_facts import article_a, handmade_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph import build_graph, sorted_ntriples, write_graph
from kg.query import list_queries, run_query
from kg.store import (
    EndpointStore,
    OxigraphStore,
    RdflibStore,
    _oxigraph_term_rows,
    _oxigraph_value,
    _tokens,
    bind_parameters,
    bind_values,
    fetch_graph,
    limit_query,
    open_store,
    push,
    push_changes,
    sparql_term,
    split_order,
)

PARAMS = {"statements-by": {"speaker": "ушаков"}, "roles-of": {"person": "Дмитриев"}, "mentions": {"entity": "УИТКОФФ"}}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(handmade_facts())


def all_named(store) -> dict[str, list[dict]]:
    return {name: run_query(store, name, PARAMS.get(name, {})) for name in list_queries()}


def test_open_store_kinds(graph, tmp_path):
    assert isinstance(open_store(graph), RdflibStore)
    assert isinstance(open_store(graph, backend="oxigraph"), OxigraphStore)
    with pytest.raises(FileNotFoundError):
        open_store(f"oxigraph:{tmp_path / 's'}")
    with open_store(f"oxigraph:{tmp_path / 's'}", create=True) as store:
        assert isinstance(store, OxigraphStore)
    with open_store(f"oxigraph:{tmp_path / 's'}") as store:
        assert len(store) == 0
    assert isinstance(open_store("http://127.0.0.1:1/store?default"), EndpointStore)
    path = write_graph(graph, tmp_path / "g.nt", "nt")
    from_file = open_store(path)  # a file goes to Oxigraph unless rdflib is asked for
    assert isinstance(from_file, OxigraphStore) and len(from_file) == len(graph)
    from_file = open_store(path, backend="rdflib")
    assert isinstance(from_file, RdflibStore) and len(from_file) == len(graph)
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "missing.ttl")


def test_rdflib_and_oxigraph_agree_on_handmade_graph(graph):
    rdflib_rows = all_named(open_store(graph))
    oxigraph_rows = all_named(open_store(graph, backend="oxigraph"))
    assert rdflib_rows == oxigraph_rows
    assert all(rdflib_rows.values())


def test_rows_are_plain_python_values(graph):
    rows = open_store(graph, backend="oxigraph").query(
        "PREFIX schema: <https://schema.org/> SELECT ?m (COUNT(?a) AS ?n) ?d ?missing "
        "WHERE { ?m schema:attendee ?a ; schema:startDate ?d } GROUP BY ?m ?d ?missing ORDER BY ?m"
    )
    assert rows[0] == {"m": "https://w3id.org/kg-ru/id/meeting/meeting-kremlin", "n": 3,
                       "d": "2025-12-02", "missing": None}
    assert open_store(graph).query("ASK { ?s ?p ?o }") == [{"ask": True}]


def test_oxigraph_rows_convert_each_distinct_term_once_to_the_same_values():
    """Terms with the same text but another kind or datatype keep their own values."""
    store = OxigraphStore()
    store.load(b'@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <http://e/a> <http://e/p> '
               b'"1" , 1 , "1"@ru , "1.5"^^xsd:decimal , "true"^^xsd:boolean , <http://e/1> , _:x .', "turtle")
    query = "SELECT ?s ?o ?none WHERE { ?s <http://e/p> ?o } ORDER BY ?o"
    expected = [{name: _oxigraph_value(solution[name]) for name in ("s", "o", "none")}
                for solution in store.store.query(query)]
    assert store.query(query) == expected
    values = [row["o"] for row in expected]
    assert sorted(repr(v) for v in values if not isinstance(v, str)) == ["1", "1.5", "True"]
    assert sorted(v for v in values if isinstance(v, str) and not v.startswith("_:")) == ["1", "1", "http://e/1"]


ODD_TERMS = [
    '"tab\\there"', '"line\\nbreak\\r"', '"quote \\" and backslash \\\\"', '"\\\\"', '"\\\\t not a tab"',
    '"ends with backslash \\\\"', '""', '"\u2028 \u0085 \x0b \x0c ё 🙂"', '"<http://e/not-an-iri>"', '"_:b"',
    '"true"', '"12"', '"with\\ttab"@ru', '"x"@en-GB', '"5"^^xsd:int', '" 5"^^xsd:integer', '"+05"^^xsd:integer',
    '"-0"^^xsd:integer', '"1.50"^^xsd:decimal', '".5"^^xsd:decimal', '"1e3"^^xsd:double', '"-1.5E-3"^^xsd:double',
    '"NaN"^^xsd:double', '"INF"^^xsd:float', '"1"^^xsd:boolean', '"false"^^xsd:boolean', '"maybe"^^xsd:boolean',
    '"2025-01-02"^^xsd:date', '"x\\ty"^^<http://e/type>', '42', '-7', '3.25', '1.0e10', 'true', 'false',
    '<http://e/ü?q=1#frag>', '_:blank',
]


def test_oxigraph_rows_from_tsv_are_the_rows_read_term_by_term():
    """Rows are read from Oxigraph's TSV: each value (escapes, datatypes, bare numbers,
    language tags, blank nodes, unbound cells) is the one the term itself gives."""
    store = OxigraphStore()
    triples = " .\n".join(f"<http://e/s{i}> <http://e/p> {term}" for i, term in enumerate(ODD_TERMS))
    store.load(f"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n{triples} .".encode(), "turtle")
    for query in (
        "SELECT ?s ?o ?none WHERE { ?s <http://e/p> ?o } ORDER BY ?s",
        "SELECT ?none WHERE { ?s <http://e/p> ?o }",  # one column, never bound
        "SELECT ?o (STR(?o) AS ?text) (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o } GROUP BY ?o ORDER BY ?o",
        "SELECT * WHERE { ?s <http://e/nothing> ?o }",
    ):
        expected = _oxigraph_term_rows(store.store.query(query), [v.value for v in store.store.query(query).variables])
        assert repr(store.query(query)) == repr(expected), query  # repr: NaN, and 1 / 1.0 / True apart
    assert len(store.query("SELECT ?s ?o WHERE { ?s <http://e/p> ?o }")) == len(ODD_TERMS)
    assert store.query("SELECT * WHERE { }") == [{}]


def test_persistent_oxigraph_push_reopen_and_replace(graph, tmp_path):
    target = f"oxigraph:{tmp_path / 'store'}"
    push(graph, target)
    push(graph, target)  # pushing again duplicates nothing
    store = open_store(target)
    assert len(store) == len(graph)
    assert all_named(store) == all_named(open_store(graph))
    store.close()
    # a rebuilt, smaller graph replaces the old one: no stale triples
    smaller = build_graph([article_a()])
    push(smaller, target)
    assert isomorphic(fetch_graph(target), smaller)
    push(graph, target, replace=False)
    push(smaller, target, replace=False)
    assert len(fetch_graph(target)) == len(graph)


def ntriples_lines(graph: Graph) -> set[str]:
    return set(sorted_ntriples(graph).decode("utf-8").splitlines(keepends=True))


def assert_changes_apply(target: str) -> None:
    """push_changes turns what ``target`` holds into another graph and back, and leaves a
    target that does not hold the graph a change starts from as it is."""
    first = build_graph([article_a()])
    second = build_graph([a for a in handmade_facts() if a.id != article_a().id])
    push(first, target)
    one, two = ntriples_lines(first), ntriples_lines(second)
    assert one - two and two - one  # the change removes triples and adds others
    assert push_changes(target, sorted(one - two), sorted(two - one), len(first))
    assert isomorphic(fetch_graph(target), second)
    assert not push_changes(target, sorted(one - two), sorted(two - one), len(first))
    assert isomorphic(fetch_graph(target), second)
    assert push_changes(target, sorted(two - one), sorted(one - two), len(second))
    assert isomorphic(fetch_graph(target), first)
    assert not push_changes(target, [], ['_:b <http://e/p> "x" .\n'], len(first))  # DELETE DATA cannot name it
    assert push_changes(target, [], [], len(first))  # nothing changed, nothing to send
    assert isomorphic(fetch_graph(target), first)


def test_persistent_oxigraph_takes_a_change_in_place_of_the_whole_graph(tmp_path):
    assert_changes_apply(f"oxigraph:{tmp_path / 'store'}")


def test_oxigraph_loads_files_without_rdflib(graph, tmp_path):
    for fmt, name in (("turtle", "g.ttl"), ("nt", "g.nt")):
        path = write_graph(graph, tmp_path / name, fmt)
        store = OxigraphStore(tmp_path / f"store-{fmt}")
        store.load(path)
        assert len(store) == len(graph)
        store.close()
        store = OxigraphStore()
        store.load(path.read_bytes(), fmt)
        assert len(store) == len(graph)


def test_sparql_terms_are_escaped():
    assert sparql_term(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    assert sparql_term(Literal("x", lang="ru")) == '"x"@ru'
    assert sparql_term(URIRef("https://e.org/x")) == "<https://e.org/x>"
    with pytest.raises(ValueError):
        sparql_term(URIRef("https://e.org/x> } UNION { ?s ?p ?o"))
    query = bind_values('SELECT ?x WHERE { # a { comment\n ?s <http://e/p{x}> "{" }', {"x": "v"})
    assert query.startswith('SELECT ?x WHERE { VALUES (?x) { ("v") }')


def test_parameters_are_written_in_as_terms_where_that_keeps_the_query():
    query = ('SELECT ?v WHERE { ?s <http://e/p> ?p ; <http://e/q> ?pName , \'?p\' , """?p""" . '
             'FILTER(?p != "\\"?p") # ?p\n BIND(STR($p) AS ?v) }')
    assert bind_parameters(query, {"p": 'a"}'}) == (
        'SELECT ?v WHERE { ?s <http://e/p>  "a\\"}"  ; <http://e/q> ?pName , \'?p\' , """?p""" . '
        'FILTER( "a\\"}"  != "\\"?p") # ?p\n BIND(STR( "a\\"}" ) AS ?v) }')
    # an IRI may stand where a literal may not: as a predicate
    assert bind_parameters("SELECT ?o WHERE { ?s ?p ?o }", {"p": URIRef("http://e/p")}) == (
        "SELECT ?o WHERE { ?s  <http://e/p>  ?o }")


@pytest.mark.parametrize("query", [
    "SELECT ?p WHERE { ?s ?q ?p }",  # projected
    "SELECT * WHERE { ?s ?q ?p }",
    "SELECT ?v WHERE { ?s ?q ?v BIND(?v AS ?p) }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?q ?p } GROUP BY ?p",
    "SELECT ?s WHERE { ?s ?q ?o } ORDER BY ?p",
    "SELECT ?s WHERE { VALUES ?p { 'a' } ?s ?q ?p }",
    "SELECT ?s WHERE { ?s ?q ?o FILTER(BOUND(?p)) }",
    "SELECT ?s WHERE { ?s ?p ?o }",  # a literal as predicate
    "SELECT ?o WHERE { ?p <http://e/q> ?o }",  # …or as subject
    "SELECT ?s WHERE { GRAPH ?p { ?s ?q ?o } }",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?q ?p } } }",
    "SELECT ?s WHERE { ?s ?q ?o MINUS { ?s ?q ?p } }",
])
def test_parameters_stay_variables_where_a_term_would_change_the_query(query):
    assert bind_parameters(query, {"p": "x"}) == bind_values(query, {"p": "x"})


@pytest.mark.parametrize("query", [
    # the parameter inside OPTIONAL, a nested group and FILTER NOT EXISTS
    "SELECT ?m ?n WHERE { ?m schema:attendee ?a OPTIONAL { ?a schema:name ?n FILTER(CONTAINS(?n, ?q)) } }",
    "SELECT ?a WHERE { ?a schema:name ?n { ?a schema:name ?m FILTER(CONTAINS(?m, ?q)) } }",
    "SELECT ?a WHERE { ?a schema:name ?n FILTER NOT EXISTS { ?a schema:name ?m FILTER(CONTAINS(?m, ?q)) } }",
    "SELECT ?a ?q WHERE { ?a schema:name ?n FILTER(CONTAINS(?n, ?q)) }",
])
def test_written_in_and_bound_parameters_give_rdflibs_rows(graph, query):
    query = "PREFIX schema: <https://schema.org/> " + query
    rows = {}
    for backend in ("rdflib", "oxigraph"):
        found = open_store(graph, backend=backend).query(query, {"q": "Уитк"})
        rows[backend] = sorted(found, key=lambda row: sorted((k, str(v)) for k, v in row.items()))
    assert rows["rdflib"] == rows["oxigraph"]
    assert rows["rdflib"]


VALUES_TO_TRY = st.one_of(st.text(), st.text(alphabet="\"'\\{}()<>#?$:.;,\n\r\t ёЁ\u2028x"))


@settings(max_examples=300, deadline=None)
@given(value=VALUES_TO_TRY)
def test_any_value_is_one_term_of_the_query(value):
    query = 'SELECT ?v WHERE { BIND(STR(?p) AS ?v) FILTER(?p = $p || "?p" = ?p) } # ?p'
    term = ("string", sparql_term(Literal(value)))
    expected = [term if kind == "var" and text[1:] == "p" else (kind, text) for kind, text, _ in _tokens(query)]
    assert [(kind, text) for kind, text, _ in _tokens(bind_parameters(query, {"p": value}))] == expected
    assert OxigraphStore().query(query, {"p": value}) == [{"v": value}]


def test_a_limit_and_offset_slice_the_querys_own_rows():
    store = OxigraphStore()
    store.load(" ".join(f"<http://e/{n}> <http://e/p> {n} ." for n in range(30)).encode(), "turtle")
    query = "SELECT ?n WHERE { ?s <http://e/p> ?n } ORDER BY ?n"
    numbers = list(range(30))
    for own_limit, own_offset in [(None, 0), (0, 0), (12, 0), (None, 4), (12, 4), (5, 28)]:
        own = query + (f" LIMIT {own_limit}" if own_limit is not None else "") + f" OFFSET {own_offset}  # ?n"
        rows = numbers[own_offset:None if own_limit is None else own_offset + own_limit]
        for limit, offset in [(None, 0), (0, 0), (3, 0), (3, 2), (None, 5), (50, 1)]:
            paged = store.query(limit_query(own, limit, offset))
            assert [row["n"] for row in paged] == rows[offset:None if limit is None else offset + limit]
    inner = "SELECT ?n WHERE { { SELECT ?n WHERE { ?s <http://e/p> ?n } ORDER BY ?n } } ORDER BY ?n VALUES ?n { 3 4 }"
    assert store.query(limit_query(inner, 1, 4, subselect=True)) == [{"n": 4}]
    with pytest.raises(ValueError):
        limit_query(query, 1, subselect=True)


def test_all_rows_skip_a_subselects_order_that_only_pages_need():
    inner = "SELECT ?n WHERE { { SELECT ?n WHERE { ?s ?p ?n } ORDER BY DESC(?n) } } ORDER BY ?n"
    assert limit_query(inner, subselect=True) == "SELECT ?n WHERE { { SELECT ?n WHERE { ?s ?p ?n } } } ORDER BY ?n"
    assert "DESC" in limit_query(inner, 2, subselect=True)
    own_limit = inner.replace("DESC(?n) }", "DESC(?n) LIMIT 3 }")
    assert limit_query(own_limit, subselect=True) == own_limit
    assert limit_query("SELECT ?n WHERE { ?s ?p ?n } ORDER BY ?n", subselect=True).endswith("ORDER BY ?n")


def test_the_outer_order_by_of_plain_variables_is_split_off():
    head = "SELECT ?a ?b WHERE { { SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?o } ?a ?q ?b } # ORDER BY ?x\n"
    assert split_order(head + "ORDER BY DESC(?b) ?a ASC ( $c )") == (head, [("b", True), ("a", False), ("c", False)])
    assert split_order(head + "ORDER BY ?a VALUES ?a { 1 }") == (head + "VALUES ?a { 1 }", [("a", False)])
    for tail in ("", "ORDER BY STR(?a)", "ORDER BY DESC(?a + 1)", "ORDER BY ?a LIMIT 5", "ORDER BY ?a OFFSET 2",
                 "ORDER ?a", "ORDER BY"):
        assert split_order(head + tail) is None, tail


# --------------------------------------------------------------------------------------
# A real endpoint: `oxigraph serve`
# --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("oxigraph server binary not installed next to the interpreter")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_endpoint_push_and_query_via_graph_store_protocol(endpoint, graph):
    push(graph, f"{endpoint}/store?default")
    push(graph, f"{endpoint}/store?default")
    store = open_store(endpoint)
    assert len(store) == len(graph)
    assert all_named(store) == all_named(open_store(graph))
    assert isomorphic(fetch_graph(endpoint), graph)


def test_endpoint_push_via_sparql_update(endpoint, graph):
    smaller = build_graph([article_a()])
    push(smaller, f"{endpoint}/update")
    assert isomorphic(fetch_graph(f"{endpoint}/query"), smaller)
    push(graph, endpoint)  # base URL: Graph Store PUT to /store?default
    assert len(open_store(f"{endpoint}/query")) == len(graph)


@pytest.mark.parametrize("path", ["", "/store?default", "/update"])
def test_endpoint_takes_a_change_by_sparql_update(endpoint, path):
    assert_changes_apply(endpoint + path)


def test_an_endpoint_that_refuses_updates_is_sent_nothing(graph):
    with socket.socket() as sock:  # a port nothing answers on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    assert not push_changes(dead, [], sorted(ntriples_lines(graph)), 0)


def test_endpoint_parameters_cannot_change_the_query(endpoint, graph):
    push(graph, endpoint)
    store = open_store(endpoint)
    for value in ['"} UNION { ?s ?p ?o } #', "\\\"", "Ушаков\" || true || \"", "\\u0022 } UNION {", "a\nb'"]:
        assert run_query(store, "statements-by", {"speaker": value}) == []
        echoed = store.query("SELECT ?v WHERE { BIND(STR(?p) AS ?v) }", {"p": value})
        assert echoed == [{"v": value}]
