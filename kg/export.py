"""Export the graph: RDF formats, and a networkx view for GraphML/GEXF and graph analysis.

- :func:`export_graph` writes ``turtle`` | ``jsonld`` | ``nt`` | ``graphml`` | ``gexf`` atomically;
- :func:`to_networkx` turns the RDF graph into a ``networkx.MultiDiGraph`` of actors, places,
  meetings and roles (optionally statements) with plain string/int attributes;
- :func:`coattendance_graph` projects it onto actors: an undirected weighted graph whose edge
  weight is the number of meetings two actors attended together (for centrality, brokers).
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.graph import serialize, write_atomic
from kg.namespaces import KG, SCHEMA

RDF_FORMATS = ("turtle", "jsonld", "nt")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + NETWORK_FORMATS

# Node kind by rdf:type, most specific first.
_KINDS = [
    (KG.Person, "person"),
    (KG.Country, "country"),
    (KG.Organization, "organization"),
    (KG.AnonymousSource, "anonymous"),
    (KG.Place, "place"),
    (KG.Meeting, "meeting"),
    (KG.Role, "role"),
    (KG.Statement, "statement"),
    (KG.Actor, "actor"),
]

# (predicate, relation name) of the edges kept, subject → object.
_EDGES = [
    (SCHEMA.attendee, "attendee"),
    (SCHEMA.location, "location"),
    (SCHEMA.containedInPlace, "contained_in"),
    (KG.holder, "holder"),
    (KG.organization, "organization"),
]
_STATEMENT_EDGES = [(SCHEMA.spokenByCharacter, "speaker"), (SCHEMA.mentions, "mentions")]


def _kind(types: set[URIRef]) -> str | None:
    for cls, kind in _KINDS:
        if cls in types:
            return kind
    return None


def _first(graph: Graph, node: URIRef, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(node, predicate))
    return values[0] if values else ""


def to_networkx(graph: Graph, statements: bool = False) -> nx.MultiDiGraph:
    """Actors, places, meetings and roles (and statements if asked) as a networkx graph.

    Nodes are keyed by IRI with attributes ``kind``, ``label`` and, by kind: ``date``,
    ``end_date``, ``meeting_kind``, ``sources`` (meetings); ``role``, ``title`` (roles);
    ``aliases`` (actors and places; ``; ``-joined); ``text``, ``statement_kind`` (statements).
    Edges carry ``relation`` (also the edge key): attendee (meeting → actor), location
    (meeting → place), contained_in (place → place), holder (role → person), organization
    (role → organisation or country), and with ``statements``: speaker, mentions.
    All attribute values are strings or ints, so GraphML and GEXF can store them.
    """
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef):
            types[subject].add(cls)
    out = nx.MultiDiGraph()
    for node in sorted(types):
        kind = _kind(types[node])
        if kind is None or (kind == "statement" and not statements):
            continue
        attrs: dict[str, str | int] = {"kind": kind, "iri": str(node)}
        if kind == "meeting":
            attrs["meeting_kind"] = _first(graph, node, KG.meetingKind)
            attrs["date"] = _first(graph, node, SCHEMA.startDate)
            attrs["end_date"] = _first(graph, node, SCHEMA.endDate)
            attrs["sources"] = len(set(graph.objects(node, PROV.wasDerivedFrom)))
            bits = [attrs["meeting_kind"] or "meeting", attrs["date"]]
            attrs["label"] = " ".join(b for b in bits if b)
        elif kind == "role":
            attrs["role"] = _first(graph, node, KG.roleName)
            attrs["title"] = _first(graph, node, KG.title)
            attrs["label"] = attrs["role"]
        elif kind == "statement":
            attrs["text"] = _first(graph, node, SCHEMA.text)
            attrs["statement_kind"] = _first(graph, node, KG.statementKind)
            attrs["label"] = attrs["text"][:60]
        else:
            attrs["label"] = _first(graph, node, SCHEMA.name) or str(node).rsplit("/", 1)[-1]
            attrs["aliases"] = "; ".join(sorted({str(a) for a in graph.objects(node, KG.alias)}))
        out.add_node(str(node), **attrs)
    edges = _EDGES + (_STATEMENT_EDGES if statements else [])
    for predicate, relation in edges:
        for subject, obj in sorted(graph.subject_objects(predicate)):
            if isinstance(obj, Literal):
                continue
            s, o = str(subject), str(obj)
            if s in out and o in out:
                out.add_edge(s, o, key=relation, relation=relation)
    return out


def coattendance_graph(source: Graph | nx.MultiDiGraph) -> nx.Graph:
    """Actors linked by shared meetings: edge ``weight`` = number of meetings together.

    Every actor that attended at least one meeting is a node (with ``label``, ``kind`` and
    ``meetings``, its number of meetings), even if it met no one else.
    """
    network = to_networkx(source) if isinstance(source, Graph) else source
    out = nx.Graph()
    for meeting, data in sorted(network.nodes(data=True)):
        if data.get("kind") != "meeting":
            continue
        attendees = sorted(
            {o for _, o, rel in network.out_edges(meeting, data="relation") if rel == "attendee"}
        )
        for actor in attendees:
            if actor not in out:
                info = network.nodes[actor]
                out.add_node(actor, label=info.get("label", actor), kind=info.get("kind", "actor"), meetings=0)
            out.nodes[actor]["meetings"] += 1
        for i, a in enumerate(attendees):
            for b in attendees[i + 1:]:
                weight = out[a][b]["weight"] + 1 if out.has_edge(a, b) else 1
                out.add_edge(a, b, weight=weight)
    return out


def network_bytes(network: nx.Graph, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network, buffer, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(network, buffer, encoding="utf-8")
    else:
        raise ValueError(f"not a network format: {fmt!r}")
    return buffer.getvalue()


def export_graph(graph: Graph, fmt: str, path: str | os.PathLike) -> Path:
    """Write ``graph`` to ``path`` as ``turtle`` | ``jsonld`` | ``nt`` | ``graphml`` | ``gexf``."""
    fmt = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt"}.get(fmt, fmt)
    if fmt in RDF_FORMATS:
        return write_atomic(path, serialize(graph, fmt))
    if fmt in NETWORK_FORMATS:
        return write_atomic(path, network_bytes(to_networkx(graph), fmt))
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
