"""Named queries: results, safe parameters, identical rows on rdflib and Oxigraph, the CLI."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from handmade_facts import article_a, handmade_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.graph import build_graph, write_graph
from kg.query import NamedQuery, format_rows, list_queries, load_query, parse_params, run_query, sort_rows
from kg.store import open_store, push
from kg.synth import generate_facts

NAMED = {"meetings", "timeline", "co-attendance", "statements-by", "roles-of", "mentions"}

NASTY = [
    '"} UNION { ?s ?p ?o } #',
    "'} UNION { ?s ?p ?o }",
    '" ) || true || ( "',
    "} UNION {",
    "{ } ",
    '\\"',
    "\\",
    "\\u0022 } UNION { ?s ?p ?o }",
    '"""',
    "line\nbreak\r\ttab",
    "?speaker",
    "$speaker",
    "?speakerName) || true || (",
    "<https://schema.org/name>",
    "# comment",
    "'''",
    "\u2028\u0085\x00",
    "ё» 🙂 ﷽",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(handmade_facts())


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def store(request, graph):
    return open_store(graph, backend=request.param)


def test_named_queries_are_listed_with_their_parameters():
    queries = list_queries()
    assert NAMED <= set(queries)
    assert set(queries["statements-by"].params) == {"speaker"}
    assert set(queries["roles-of"].params) == {"person"}
    assert set(queries["mentions"].params) == {"entity"}
    for name in ("meetings", "timeline", "co-attendance"):
        assert queries[name].params == {}
        assert queries[name].description
        assert queries[name].page == "subselect"
    assert load_query("meetings").name == "meetings"
    with pytest.raises(KeyError):
        load_query("no-such-query")


def test_meetings(store):
    rows = run_query(store, "meetings")
    by_id = {row["meeting"].rsplit("/", 1)[-1]: row for row in rows}
    assert set(by_id) == {"meeting-miami", "meeting-kremlin"}
    miami = by_id["meeting-miami"]
    assert miami["participants"] == "Джаред Кушнер | Кирилл Дмитриев | Стив Уиткофф"
    assert (miami["place"], miami["date"], miami["endDate"], miami["kind"]) == (
        "Майами", "2025-12-20", "2025-12-21", "переговоры")
    assert miami["sources"] == 2
    assert by_id["meeting-kremlin"]["place"] == "Кремль"
    assert by_id["meeting-kremlin"]["endDate"] == ""


def test_timeline_is_in_date_order(store):
    rows = run_query(store, "timeline")
    assert [row["date"] for row in rows] == ["2025-12-02", "2025-12-20"]
    assert rows[0]["participants"] == "Владимир Путин | Джаред Кушнер | Стив Уиткофф"


def test_co_attendance(store):
    rows = run_query(store, "co-attendance")
    pairs = {frozenset((row["a"], row["b"])): row["meetings"] for row in rows}
    assert pairs[frozenset(("Стив Уиткофф", "Джаред Кушнер"))] == 2
    assert pairs[frozenset(("Стив Уиткофф", "Владимир Путин"))] == 1
    assert len(pairs) == len(rows) == 5
    assert rows[0]["meetings"] == 2


def test_co_attendance_relies_on_one_name_per_actor(graph):
    """co-attendance joins names without grouping again: kg.graph names each node once
    (ontology/shapes.ttl: exactly one schema:name), so each pair stays one row."""
    names = "PREFIX schema: <https://schema.org/> SELECT ?x (COUNT(?n) AS ?k) WHERE { ?x schema:name ?n } GROUP BY ?x"
    for built in (graph, build_graph(generate_facts(40, seed=5))):
        counts = [row["k"] for row in open_store(built).query(names)]
        assert counts and set(counts) == {1}
        rows = run_query(open_store(built, backend="oxigraph"), "co-attendance")
        assert len({(row["actorA"], row["actorB"]) for row in rows}) == len(rows)


@pytest.mark.parametrize("speaker", ["Ушаков", "ушаков", "УШАКОВ", "юрий уш"])
def test_statements_by_matches_any_case(store, speaker):
    rows = run_query(store, "statements-by", {"speaker": speaker})
    assert [(r["speakerName"], r["text"], r["kind"]) for r in rows] == [
        ("Юрий Ушаков", "Разговор был полезным", "direct")]
    assert rows[0]["article"] == "004_test"


def test_statements_by_alias_and_anonymous_source(store):
    rows = run_query(store, "statements-by", {"speaker": "песков"})  # an alias
    assert [r["speakerName"] for r in rows] == ["Дмитрий Песков"]
    rows = run_query(store, "statements-by", {"speaker": "чиновник"})
    assert [r["text"] for r in rows] == ["Прогресс есть, но до сделки далеко"]


def test_roles_of(store):
    rows = run_query(store, "roles-of", {"person": "уиткофф"})
    assert [(r["roleName"], r["title"], r["organization"]) for r in rows] == [
        ("спецпосланник президента США", "спецпосланник", "США")]
    rows = run_query(store, "roles-of", {"person": "Ушаков"})
    assert rows[0]["organization"] == ""


def test_mentions(store):
    rows = run_query(store, "mentions", {"entity": "Уиткофф"})
    assert [(r["entityName"], r["speakerName"], r["text"]) for r in rows] == [
        ("Стив Уиткофф", "Юрий Ушаков", "Разговор был полезным")]


def test_parameters_are_checked(store):
    with pytest.raises(ValueError, match="needs parameter"):
        run_query(store, "statements-by")
    with pytest.raises(ValueError, match="no parameter"):
        run_query(store, "roles-of", {"person": "x", "extra": "y"})
    assert parse_params(["speaker=a=b", "x="]) == {"speaker": "a=b", "x": ""}
    with pytest.raises(ValueError):
        parse_params(["novalue"])


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def synthetic_store(request):
    return open_store(build_graph(generate_facts(40, seed=5)), backend=request.param)


def test_a_page_is_that_slice_of_all_rows(synthetic_store):
    for name, query in list_queries().items():
        params = {param: "а" for param in query.params}
        rows = run_query(synthetic_store, name, params)
        assert len(rows) > 12, name
        for limit, offset in [(1, 0), (5, 0), (5, 7), (None, 3), (0, 2), (10, len(rows) - 4), (3, len(rows) + 1)]:
            end = None if limit is None else offset + limit
            assert run_query(synthetic_store, name, params, limit=limit, offset=offset) == rows[offset:end], (
                name, limit, offset)


CELLS = {
    "s": st.sampled_from([None, "", "a", "ab", "b", "B", "Б", "ё", "е\u0301", "z"]),
    "n": st.one_of(st.none(), st.integers(-3, 3), st.sampled_from([0.5, -1.5, 2.0])),
    "i": st.sampled_from([None, "http://e/a", "http://e/b", "http://e/ä", "http://e/a/b", "urn:x"]),
}


def _sparql_cell(column: str, value) -> str:
    if value is None:
        return "UNDEF"
    if isinstance(value, float):
        return f"{value}e0"  # a double: rdflib cannot read a negative decimal in VALUES
    return f"<{value}>" if column == "i" else json.dumps(value, ensure_ascii=False)


@settings(max_examples=120, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=12),
       columns=st.permutations(list(CELLS)), descending=st.lists(st.booleans(), min_size=4, max_size=4))
def test_rows_sorted_after_the_query_are_in_the_order_sparql_gives(rows, columns, descending):
    # The row number ends the keys, so the order is total, as a paged query's must be.
    keys = [*zip(columns, descending), ("id", descending[3])]
    values = " ".join(f"({' '.join(_sparql_cell(c, row[c]) for c in CELLS)} {n})" for n, row in enumerate(rows))
    query = f"SELECT * WHERE {{ VALUES (?s ?n ?i ?id) {{ {values} }} }}"
    order = " ".join(f"DESC(?{c})" if d else f"?{c}" for c, d in keys)
    for backend in ("rdflib", "oxigraph"):
        store = open_store(None, backend=backend)
        assert sort_rows(store.query(query), keys) == store.query(f"{query} ORDER BY {order}"), backend


def test_a_client_order_runs_the_order_by_when_a_key_mixes_kinds():
    query = NamedQuery.parse('# order: client\nSELECT ?v ?w WHERE { VALUES (?v ?w) { ("b" 1) (2 2) ("a" 3) } } ORDER BY ?v ?w')
    store = open_store(None, backend="oxigraph")
    assert sort_rows(store.query(query.text), [("v", False)]) is None
    assert run_query(store, query) == store.query(query.text)
    assert [row["v"] for row in run_query(store, query)] == [2, "a", "b"]
    assert sort_rows([{"v": 1}], [("x", False)]) is None  # not a column
    with pytest.raises(ValueError, match="order mode"):
        NamedQuery.parse("# order: server\nSELECT * WHERE {}")


# --------------------------------------------------------------------------------------
# Injection safety
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", NASTY)
def test_parameter_values_cannot_change_the_query(store, value):
    for name, param in (("statements-by", "speaker"), ("roles-of", "person"), ("mentions", "entity")):
        assert run_query(store, name, {param: value}) == []
    # the value arrives intact, as one literal
    assert store.query("SELECT ?v WHERE { BIND(STR(?p) AS ?v) }", {"p": value}) == [{"v": value}]


def test_values_with_quotes_and_braces_match_data_literally():
    facts = article_a()
    odd = 'Фонд "Мир} UNION {" \\ ё'
    facts.entities[4].name = odd
    facts.roles[0].org = odd
    graph = build_graph([facts])
    for backend in ("rdflib", "oxigraph"):
        store = open_store(graph, backend=backend)
        rows = run_query(store, "roles-of", {"person": "дмитриев"})
        assert [r["organization"] for r in rows] == [odd]
        # «ё» in the parameter matches «е» in the data and vice versa
        rows = store.query(
            "PREFIX schema: <https://schema.org/> SELECT ?n WHERE { ?x schema:name ?n "
            "FILTER(CONTAINS(REPLACE(LCASE(STR(?n)), 'ё', 'е'), REPLACE(LCASE(STR(?q)), 'ё', 'е'))) }",
            {"q": 'мир} union {" \\ е'},
        )
        assert [r["n"] for r in rows] == [odd]


# --------------------------------------------------------------------------------------
# A large generated graph: identical rows on both engines
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_named_query_agrees_on_a_100k_triple_graph(tmp_path):
    facts = generate_facts(850, seed=7)
    graph = build_graph(facts)
    assert len(graph) >= 100_000
    target = f"oxigraph:{tmp_path / 'store'}"
    push(graph, target)
    oxigraph = open_store(target)
    rdflib_store = open_store(graph)
    people = sorted({e.name for f in facts[:5] for e in f.entities if e.type == "PER"})
    fragment = people[0].split()[-1][:4].lower()
    params = {"statements-by": {"speaker": fragment}, "roles-of": {"person": fragment},
              "mentions": {"entity": fragment}}
    timings = {}
    for name in sorted(list_queries()):
        start = time.perf_counter()
        expected = run_query(rdflib_store, name, params.get(name, {}))
        middle = time.perf_counter()
        got = run_query(oxigraph, name, params.get(name, {}))
        timings[name] = (middle - start, time.perf_counter() - middle)
        assert got == expected, name
        assert expected, name
        if list_queries()[name].page:
            for store in (rdflib_store, oxigraph):
                assert run_query(store, name, limit=50, offset=100) == expected[100:150], name
    oxigraph.close()
    print({name: f"rdflib {a:.2f}s / oxigraph {b:.3f}s" for name, (a, b) in timings.items()})


# --------------------------------------------------------------------------------------
# Output formats and the CLI
# --------------------------------------------------------------------------------------


def test_format_rows():
    rows = [{"a": "x,y", "n": 2, "none": None}]
    assert json.loads(format_rows(rows, "json")) == rows
    parsed = list(csv.DictReader(io.StringIO(format_rows(rows, "csv"))))
    assert parsed == [{"a": "x,y", "n": "2", "none": ""}]
    with pytest.raises(ValueError):
        format_rows(rows, "xml")


def test_cli_query_and_export(graph, tmp_path):
    runner = CliRunner()
    path = write_graph(graph, tmp_path / "graph.ttl")
    result = runner.invoke(app, ["query", str(path), "statements-by", "--param", "speaker=Ушаков", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["speakerName"] for r in json.loads(result.stdout)] == ["Юрий Ушаков"]

    store = f"oxigraph:{tmp_path / 'store'}"
    push(graph, store)
    result = runner.invoke(app, ["query", store, "co-attendance", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "a,b,meetings,actorA,actorB"

    result = runner.invoke(app, ["query", str(path), "meetings"])
    assert result.exit_code == 0 and "Майами" in result.stdout

    result = runner.invoke(app, ["query", str(path), "roles-of"])
    assert result.exit_code == 2

    everything = json.loads(runner.invoke(app, ["query", store, "co-attendance", "-f", "json", "--limit", "0"]).stdout)
    assert len(everything) == 5
    result = runner.invoke(app, ["query", store, "co-attendance", "-f", "json", "--limit", "2", "--offset", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == everything[1:3]
    assert "--offset 3" in result.stderr
    result = runner.invoke(app, ["query", store, "co-attendance", "-f", "json", "--offset", "3"])
    assert json.loads(result.stdout) == everything[3:] and not result.stderr

    for fmt in ("turtle", "jsonld", "nt", "graphml", "gexf"):
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(app, ["export", store, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    result = runner.invoke(app, ["export", str(path), "--format", "pdf", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
