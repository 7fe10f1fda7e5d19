"""The HTML explorer (kg/explore.py), without a browser: offline page, escaping, layout."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.explore import compute_layout, explorer_data, render_explorer, safe_json, write_explorer
from kg.namespaces import KG, KGID, NIF, SCHEMA

XSS_NAME = '<img src=x onerror="window.__pwned=1">'
XSS_QUOTE = "<script>window.__pwned=1</script></textarea><b>bold</b> & co"
XSS_HEADLINE = "</script><script>window.__pwned=2</script>"


def _ru(text: str) -> Literal:
    return Literal(text, lang="ru")


def sample_graph(xss: bool = True) -> Graph:
    """A hand-made graph in the builder's vocabulary (two meetings, roles, statements)."""
    g = Graph()

    def article(key, headline, date, url=None):
        a = KGID[f"article/{key}"]
        g.add((a, RDF.type, SCHEMA.NewsArticle))
        g.add((a, SCHEMA.identifier, Literal(key)))
        g.add((a, SCHEMA.headline, _ru(headline)))
        g.add((a, SCHEMA.datePublished, Literal(date, datatype=XSD.date)))
        if url:
            g.add((a, SCHEMA.url, Literal(url)))
        return a

    def thing(key, cls, name, *aliases):
        t = KGID[key]
        g.add((t, RDF.type, cls))
        g.add((t, SCHEMA.name, _ru(name)))
        for alias in aliases:
            g.add((t, KG.alias, _ru(alias)))
        return t

    a1 = article("004_51ad233c2e6be3aa", "Путин принял Уиткоффа в Кремле", "2025-12-03", "https://example.org/a1")
    a2 = article("000_fc5b33f6e627c9a7", "Итоги переговоров в Майами", "2025-12-23")

    witkoff = thing("person/witkoff", SCHEMA.Person, "Стив Уиткофф", "Уиткоффа", "Уиткофф", "Уиткоффом")
    putin = thing("person/putin", SCHEMA.Person, "Владимир Путин", "Путина")
    ushakov = thing("person/ushakov", SCHEMA.Person, "Юрий Ушаков", "Ушакова")
    kushner = thing("person/kushner", SCHEMA.Person, "Джаред Кушнер")
    dmitriev = thing("person/dmitriev", SCHEMA.Person, "Кирилл Дмитриев", "Дмитриева")
    peskov = thing("person/peskov", SCHEMA.Person, "Дмитрий Песков", "Пескова")
    rdif = thing("org/rdif", SCHEMA.Organization, "Российский фонд прямых инвестиций", "РФПИ")
    usa = thing("place/usa", SCHEMA.Place, "США")
    kremlin = thing("place/kremlin", SCHEMA.Place, "Кремль")
    miami = thing("place/miami", SCHEMA.Place, "Майами")
    anon = KGID["anon/1"]
    g.add((anon, RDF.type, KG.AnonymousSource))
    g.add((anon, RDFS.label, _ru("западный чиновник")))

    def meeting(key, start, end, place, attendees, source, name=None):
        m = KGID[f"meeting/{key}"]
        g.add((m, RDF.type, SCHEMA.Event))
        g.add((m, SCHEMA.startDate, Literal(start, datatype=XSD.date)))
        if end:
            g.add((m, SCHEMA.endDate, Literal(end, datatype=XSD.date)))
        g.add((m, SCHEMA.location, place))
        for who in attendees:
            g.add((m, SCHEMA.attendee, who))
        g.add((m, PROV.wasDerivedFrom, source))
        if name:
            g.add((m, SCHEMA.name, _ru(name)))
        return m

    meeting("kremlin-1202", "2025-12-02", None, kremlin, [witkoff, kushner, putin, ushakov, dmitriev], a1)
    meeting("miami-1220", "2025-12-20", "2025-12-21", miami, [dmitriev, witkoff, kushner], a2, "Переговоры в Майами")

    def role(key, holder, name, title, org=None, source=a1):
        r = KGID[f"role/{key}"]
        g.add((r, RDF.type, KG.Role))
        g.add((r, KG.holder, holder))
        g.add((r, KG.roleName, _ru(name)))
        g.add((r, KG.title, Literal(title)))
        if org is not None:
            g.add((r, KG.organization, org))
        g.add((r, PROV.wasDerivedFrom, source))
        return r

    role("witkoff-envoy", witkoff, "спецпосланник президента США", "спецпосланник", usa)
    role("ushakov-aide", ushakov, "помощник президента России", "помощник")
    role("dmitriev-head", dmitriev, "глава РФПИ", "глава", rdif)
    role("peskov-press", peskov, "пресс-секретарь президента", "пресс-секретарь", source=a2)

    def statement(key, speaker, text, kind, mentions, source, sentence, begin):
        s = KGID[f"statement/{key}"]
        g.add((s, RDF.type, SCHEMA.Quotation))
        g.add((s, SCHEMA.spokenByCharacter, speaker))
        g.add((s, SCHEMA.text, _ru(text)))
        g.add((s, KG.statementKind, Literal(kind)))
        for m in mentions:
            g.add((s, SCHEMA.mentions, m))
        g.add((s, PROV.wasDerivedFrom, source))
        ev = BNode()
        g.add((s, KG.evidence, ev))
        g.add((ev, NIF.anchorOf, Literal(sentence)))
        g.add((ev, NIF.beginIndex, Literal(begin)))
        g.add((ev, NIF.endIndex, Literal(begin + len(sentence))))
        return s

    statement(
        "ushakov-1", ushakov, "Разговор был очень полезным, конструктивным", "direct", [witkoff, putin], a1,
        "«Разговор был очень полезным, конструктивным», — сказал Ушаков.", 120,
    )
    statement(
        "ushakov-2", ushakov, "компромиссный вариант пока не найден", "indirect", [], a1,
        "Ушаков отметил, что компромиссный вариант пока не найден.", 400,
    )
    statement(
        "peskov-1", peskov, "Это рабочий процесс", "direct", [], a2, "«Это рабочий процесс», — сказал он.", 10,
    )
    statement(
        "anon-1", anon, "переговоры затянутся", "indirect", [witkoff], a2,
        "Западный чиновник считает, что переговоры затянутся.", 900,
    )

    if xss:
        evil_src = article("evil", XSS_HEADLINE, "2025-12-05", "javascript:window.__pwned=3")
        evil = thing("person/evil", SCHEMA.Person, XSS_NAME, "</textarea><svg onload=window.__pwned=4>")
        statement("evil-1", evil, XSS_QUOTE, "direct", [witkoff], evil_src, XSS_QUOTE + " — sentence", 0)
        role("evil-role", evil, "<iframe src=javascript:window.__pwned=5>", "x", rdif, evil_src)
    return g


EXPECTED_NODES = 6 + 1 + 3 + 1 + 2 + 4 + 4  # people, org, places, anonymous, meetings, roles, statements
EXPECTED_NODES_XSS = EXPECTED_NODES + 1 + 1 + 1  # evil person, role, statement


@pytest.fixture(scope="module")
def html() -> str:
    return render_explorer(sample_graph(), title="Тест")


def _embedded(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "data block missing"
    return json.loads(m.group(1))


def test_page_is_self_contained(html):
    # No external script, stylesheet, image or font anywhere: everything is inline.
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    for cdn in ("cdn.jsdelivr", "cdnjs", "unpkg", "bootstrap", "googleapis"):
        assert cdn not in html
    assert "vis.Network" in html and "DataSet" in html  # vis-network is inlined
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_data_is_escaped_json(html):
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    # Nothing in the data can close the element or open markup.
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003cscript\\u003e" in block
    data = json.loads(block)
    texts = [n.get("tx") for n in data["nodes"]]
    assert XSS_QUOTE in texts  # the original text survives the round trip
    assert any(n["l"] == XSS_NAME for n in data["nodes"])
    # and the raw payloads appear nowhere in the page
    for payload in (XSS_NAME, "<script>window.__pwned", "</textarea><svg", XSS_HEADLINE):
        assert payload not in html


def test_safe_json_escapes():
    text = safe_json({"a": "</script><!-- & \u2028"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_nodes_edges_and_panel_data():
    data = explorer_data(sample_graph())
    nodes = data["nodes"]
    assert len(nodes) == EXPECTED_NODES_XSS
    by_label = {n["l"]: i for i, n in enumerate(nodes)}
    kinds = [k["key"] for k in data["edgeKinds"]]
    edges = {(a, b, kinds[k]) for a, b, k in data["edges"]}
    w = by_label["Стив Уиткофф"]
    assert nodes[w]["t"] == "person"
    assert set(nodes[w]["a"]) == {"Уиткоффа", "Уиткофф", "Уиткоффом"}
    kremlin_meeting = by_label["2025-12-02 · Кремль"]
    assert (w, kremlin_meeting, "attended") in edges
    assert (kremlin_meeting, by_label["Кремль"], "held_in") in edges
    miami = by_label["Переговоры в Майами"]
    assert nodes[miami]["d"] == "2025-12-20" and nodes[miami]["e"] == "2025-12-21"
    envoy = by_label["спецпосланник президента США"]
    assert (w, envoy, "holds_role") in edges and (envoy, by_label["США"], "role_org") in edges
    ushakov = by_label["Юрий Ушаков"]
    said = [b for a, b, k in edges if a == ushakov and k == "said"]
    assert sorted(nodes[s]["k"] for s in said) == ["direct", "indirect"]
    # the aggregated speaker -> mentioned edge stands in for hidden statement nodes
    assert (ushakov, w, "mentions_agg") in edges
    anon = by_label["западный чиновник"]
    assert nodes[anon]["t"] == "anonymous"
    stmt = nodes[said[0]]
    assert stmt["ev"][0][0].startswith("«") or stmt["ev"][0][0].startswith("Ушаков")
    assert data["articles"][stmt["src"][0]]["id"] == "004_51ad233c2e6be3aa"
    # statement nodes are hidden by default, the rest shown
    types = {t["key"]: t for t in data["types"]}
    assert types["statement"]["visible"] is False and types["person"]["visible"] is True
    # size grows with degree
    assert nodes[w]["s"] > nodes[by_label["Майами"]]["s"]


def test_layout_positions_for_all_nodes():
    data = explorer_data(sample_graph())
    xy = np.array([[n["x"], n["y"]] for n in data["nodes"]])
    assert len(xy) == EXPECTED_NODES_XSS and np.isfinite(xy).all()
    entities = np.array([n["t"] != "statement" for n in data["nodes"]])
    pts = xy[entities]
    d = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    d[np.eye(len(pts), dtype=bool)] = np.inf
    assert d.min() > 20  # no two nodes on top of each other


def test_layout_scales_and_separates():
    rng = np.random.default_rng(3)
    n = 3000
    # clustered random graph + isolated nodes + a big star
    edges = [(int(a), int(b)) for a, b in rng.integers(0, 2000, size=(2500, 2))]
    edges += [(2000, i) for i in range(2001, 2600)]
    pos = compute_layout(n, edges, radii=20.0, seed=1)
    assert pos.shape == (n, 2) and np.isfinite(pos).all()
    # every node has its own place: no exact duplicates
    assert len({(round(x, 3), round(y, 3)) for x, y in pos}) == n
    assert compute_layout(0, []).shape == (0, 2)
    assert compute_layout(1, []).shape == (1, 2)


def test_write_explorer_file(tmp_path):
    out = write_explorer(sample_graph(xss=False), tmp_path / "sub" / "explorer.html")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert len(_embedded(text)["nodes"]) == EXPECTED_NODES


def test_untyped_references_become_nodes():
    g = Graph()
    m = URIRef("https://w3id.org/kg-ru/id/meeting/x")
    g.add((m, RDF.type, SCHEMA.Event))
    g.add((m, SCHEMA.attendee, URIRef("https://w3id.org/kg-ru/id/person/nobody")))
    data = explorer_data(g)
    assert [n["t"] for n in data["nodes"]] == ["meeting", "other"]
    assert data["nodes"][1]["l"] == "nobody"


def test_cli_explore(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    ttl = tmp_path / "graph.ttl"
    sample_graph(xss=False).serialize(ttl, format="turtle")
    out = tmp_path / "explorer.html"
    result = CliRunner().invoke(app, ["explore", str(ttl), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_embedded(out.read_text(encoding="utf-8"))["nodes"]) == EXPECTED_NODES


def test_reads_what_the_graph_builder_writes():
    from kg.graph import build_graph, build_triples
    from kg.records import ArticleFacts

    facts = ArticleFacts.from_json(
        {
            "id": "004_51ad233c2e6be3aa",
            "date": "2025-12-03",
            "entities": [
                {"id": "witkoff", "name": "Стив Уиткофф", "type": "PER", "aliases": ["Уиткоффа"]},
                {"id": "putin", "name": "Владимир Путин", "type": "PER"},
                {"id": "ushakov", "name": "Юрий Ушаков", "type": "PER"},
                {"id": "kremlin", "name": "Кремль", "type": "LOC"},
            ],
            "meetings": [
                {
                    "id": "m1", "participants": ["Стив Уиткофф", "Владимир Путин"], "place": ["Кремль"],
                    "date": "2025-12-02", "kind": "встреча",
                    "evidence": "Путин принял Уиткоффа в Кремле.", "start": 0, "end": 31,
                }
            ],
            "roles": [
                {
                    "person": "Стив Уиткофф", "role": "спецпосланник президента США", "title": "спецпосланник",
                    "org": None, "evidence": "спецпосланник президента США Стив Уиткофф", "start": 40, "end": 80,
                }
            ],
            "statements": [
                {
                    "speaker": "Юрий Ушаков", "text": "Разговор был полезным", "kind": "direct",
                    "speaker_label": None, "mentions": ["Стив Уиткофф"],
                    "evidence": "«Разговор был полезным», — сказал Ушаков.", "start": 100, "end": 121,
                }
            ],
        }
    )
    data = explorer_data(build_triples([facts]))  # what kg build passes
    assert data == explorer_data(build_graph([facts]))
    nodes = data["nodes"]
    kinds = [k["key"] for k in data["edgeKinds"]]
    edges = {(nodes[a]["l"], nodes[b]["t"], kinds[k]) for a, b, k in data["edges"]}
    by_label = {n["l"]: n for n in nodes}
    assert by_label["Стив Уиткофф"]["t"] == "person" and "Уиткоффа" in by_label["Стив Уиткофф"].get("a", [])
    assert ("Стив Уиткофф", "meeting", "attended") in edges and ("Владимир Путин", "meeting", "attended") in edges
    assert ("Стив Уиткофф", "role", "holds_role") in edges
    assert ("Юрий Ушаков", "statement", "said") in edges
    meeting = next(n for n in nodes if n["t"] == "meeting")
    assert meeting["d"] == "2025-12-02" and meeting["src"]
    statement = next(n for n in nodes if n["t"] == "statement")
    assert statement["tx"] == "Разговор был полезным" and statement["k"] == "direct"
    assert data["articles"][statement["src"][0]]["id"] == "004_51ad233c2e6be3aa"


def test_read_rdf_turtle_and_ntriples_agree(tmp_path):
    from kg.explore import read_rdf

    g = sample_graph()
    g.serialize(tmp_path / "g.ttl", format="turtle")
    g.serialize(tmp_path / "g.nt", format="nt")
    ttl, nt = read_rdf(tmp_path / "g.ttl"), read_rdf(tmp_path / "g.nt")
    assert len(ttl) == len(nt) == len(g)
    assert explorer_data(ttl)["nodes"] == explorer_data(g)["nodes"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["explore", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and not (tmp_path / "x.html").exists()
