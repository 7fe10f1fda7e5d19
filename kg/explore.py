"""Interactive HTML explorer for the knowledge graph.

:func:`write_explorer` turns an rdflib graph (in the project vocabulary, see
``kg/namespaces.py``) into ONE self-contained HTML file: the vis-network
bundle shipped with pyvis is inlined, the data is embedded as escaped JSON and
rendered by ``kg/templates/explorer.js`` with DOM text nodes only.  The file
references nothing on the network, so it works opened straight from disk.

Why not ``pyvis.Network.write_html``: every pyvis 0.3.2 template links
bootstrap from a CDN, and ``Network.add_edge`` scans all edges on each call
(quadratic).  We keep pyvis as the source of the vis-network bundle and build
the node/edge lists in bulk ourselves.

Node positions are computed here, in Python, by a multilevel
community-aware layout (:func:`compute_layout`), so the page opens with physics
off and draws at once even for tens of thousands of nodes.

Safety: all article text goes into the page as JSON with ``<``, ``>`` and
``&`` escaped (:func:`safe_json`), is read with ``JSON.parse`` and shown with
``textContent``; a Content-Security-Policy lets only the two inline scripts
(by their SHA-256) run and forbids every network fetch.

Public: :func:`write_explorer` (also used by ``kg build``), :func:`render_explorer`,
:func:`explorer_data`, :func:`compute_layout`, :func:`read_rdf` (fast RDF file
reading for ``kg explore``), :func:`safe_json`.  A "graph" may be an rdflib
``Graph`` or any iterable of rdflib triples.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import numpy as np
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from kg.graph import Triple, rdflib_triples
from kg.namespaces import KG, NIF, SCHEMA

__all__ = [
    "NODE_TYPES",
    "EDGE_KINDS",
    "explorer_data",
    "compute_layout",
    "render_explorer",
    "write_explorer",
    "read_rdf",
    "safe_json",
]

# ---------------------------------------------------------------------------
# Visual vocabulary
# ---------------------------------------------------------------------------

NODE_TYPES: list[dict[str, Any]] = [
    # key, legend label, colour, vis shape, visible by default
    {"key": "person", "label": "Person", "color": "#3b6fd4", "shape": "dot", "visible": True},
    {"key": "organization", "label": "Organisation", "color": "#e08a1e", "shape": "square", "visible": True},
    {"key": "anonymous", "label": "Anonymous source", "color": "#8e5bbf", "shape": "triangleDown", "visible": True},
    {"key": "place", "label": "Place", "color": "#2e9e5b", "shape": "triangle", "visible": True},
    {"key": "meeting", "label": "Meeting", "color": "#d64545", "shape": "diamond", "visible": True},
    {"key": "role", "label": "Role", "color": "#1a9ea3", "shape": "hexagon", "visible": True},
    {"key": "statement", "label": "Statement", "color": "#c9a400", "shape": "star", "visible": False},
    {"key": "other", "label": "Other entity", "color": "#8a8a8a", "shape": "dot", "visible": True},
]
"""Node types in legend order; ``statement`` nodes are hidden until toggled on."""

EDGE_KINDS: list[dict[str, Any]] = [
    {"key": "attended", "label": "attended", "color": "#d64545", "dashes": False},
    {"key": "held_in", "label": "held in", "color": "#2e9e5b", "dashes": False},
    {"key": "holds_role", "label": "holds role", "color": "#1a9ea3", "dashes": False},
    {"key": "role_org", "label": "of", "color": "#e08a1e", "dashes": False},
    {"key": "mentions_agg", "label": "mentions", "color": "#b8a040", "dashes": True},
    {"key": "said", "label": "said", "color": "#c9a400", "dashes": False},
    {"key": "mentions", "label": "mentions", "color": "#b8a040", "dashes": True},
]
"""Edge kinds.  ``mentions_agg`` (speaker → mentioned entity, one edge per pair)
stands in for the statement nodes while those are hidden; ``said`` and
``mentions`` go through the statement nodes when they are shown."""

_KIND_INDEX = {k["key"]: i for i, k in enumerate(EDGE_KINDS)}
_STATEMENT_EDGE_KINDS = {"said", "mentions"}

_TEMPLATE_PACKAGE = "kg"
_TEMPLATE_DIR = "templates"

# ---------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------


def _local_name(term: Node) -> str:
    text = str(term)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
    return text


def _pick_literal(values: Iterable[Node]) -> str | None:
    """Prefer a Russian literal, then an untagged one, then any literal."""
    best: tuple[int, str] | None = None
    for value in values:
        if not isinstance(value, Literal):
            continue
        lang = (value.language or "").lower()
        rank = 0 if lang == "ru" else 1 if not lang else 2
        text = str(value)
        if best is None or (rank, text) < best:
            best = (rank, text)
    return best[1] if best else None


def _all_literals(values: Iterable[Node]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, Literal):
            seen.setdefault(str(value), None)
    return list(seen)


def _int_or_none(value: Node | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date_text(value: Node | None) -> str | None:
    if value is None:
        return None
    return str(value)[:10] or None


GraphLike = Graph | Iterable[Triple]
"""An rdflib graph, or any iterable of rdflib ``(s, p, o)`` triples."""


class _TripleIndex:
    """Subject → predicate → objects, and class → instances: one pass over the
    triples, then every lookup is a dict access (much faster than rdflib's store)."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.by_subject: dict[Node, dict[Node, list[Node]]] = {}
        self.instances: dict[Node, list[Node]] = defaultdict(list)
        by_subject = self.by_subject
        for s, p, o in triples:
            props = by_subject.get(s)
            if props is None:
                props = by_subject[s] = {}
            values = props.get(p)
            if values is None:
                props[p] = [o]
            elif o not in values:
                values.append(o)
            else:
                continue
            if p == RDF.type:
                self.instances[o].append(s)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self.by_subject.get(subject, {}).get(predicate, [])

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        assert predicate == RDF.type
        return self.instances.get(obj, [])


_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".nq": "nquads", ".trig": "trig",
                   ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".jsonld": "json-ld"}


def read_rdf(path: str | Path, rdf_format: str | None = None) -> list[Triple]:
    """Read an RDF file (Turtle, N-Triples, …) into a list of rdflib triples.

    Parses with pyoxigraph when it knows the syntax (about ten times faster
    than rdflib's Turtle parser on big graphs) and falls back to rdflib.
    ``rdf_format`` is an rdflib format name ("turtle", "nt", …) or a file
    extension; by default the file's extension decides."""
    path = Path(path)
    ext = ("." + rdf_format.lstrip(".")) if rdf_format else path.suffix.lower()
    names = {"turtle": ".ttl", "nt": ".nt", "ntriples": ".nt", "n-triples": ".nt", "nquads": ".nq",
             "xml": ".rdf", "trig": ".trig", "n3": ".n3", "json-ld": ".jsonld"}
    ext = names.get(ext.lstrip("."), ext)
    try:
        import pyoxigraph as ox

        fmt = ox.RdfFormat.from_extension(ext.lstrip(".")) if ext else None
    except (ImportError, AttributeError, ValueError):
        fmt = None
    if fmt is not None:
        try:
            return rdflib_triples(ox.parse(path=str(path), format=fmt))
        except (SyntaxError, ValueError):
            pass  # let rdflib try, and report its error if it fails too
    graph = Graph()
    graph.parse(str(path), format=_RDFLIB_FORMATS.get(ext, rdf_format or "turtle"))
    return list(graph.triples((None, None, None)))


def _index(graph: GraphLike) -> _TripleIndex:
    if isinstance(graph, Graph):
        return _TripleIndex(graph.triples((None, None, None)))
    return _TripleIndex(graph)


@dataclass
class _Builder:
    graph: _TripleIndex

    def __post_init__(self) -> None:
        self.index: dict[Node, int] = {}
        self.nodes: list[dict[str, Any]] = []
        self.edges: dict[tuple[int, int, int], None] = {}
        self.articles: dict[Node, int] = {}
        self.article_rows: list[dict[str, Any]] = []

    # -- helpers -----------------------------------------------------------
    def literal(self, subject: Node, predicate: URIRef) -> str | None:
        return _pick_literal(self.graph.objects(subject, predicate))

    def name_of(self, subject: Node) -> str:
        g = self.graph
        return (
            _pick_literal(g.objects(subject, SCHEMA.name))
            or _pick_literal(g.objects(subject, RDFS.label))
            or _local_name(subject)
        )

    def node(self, term: Node, kind: str, **fields: Any) -> int:
        idx = self.index.get(term)
        if idx is not None:
            return idx
        idx = len(self.nodes)
        self.index[term] = idx
        row: dict[str, Any] = {"t": kind, "i": str(term)}
        row.update(fields)
        self.nodes.append(row)
        return idx

    def entity(self, term: Node) -> int:
        """Node for an entity referenced by a meeting/statement/role."""
        idx = self.index.get(term)
        if idx is not None:
            return idx
        return self.node(term, "other", l=self.name_of(term), a=self.aliases(term))

    def aliases(self, term: Node) -> list[str]:
        name = self.name_of(term)
        names = _all_literals(self.graph.objects(term, SCHEMA.name))
        names += _all_literals(self.graph.objects(term, KG.alias))
        names += _all_literals(self.graph.objects(term, SCHEMA.alternateName))
        return sorted({a for a in names if a != name})

    def edge(self, a: int, b: int, kind: str) -> None:
        if a != b:
            self.edges.setdefault((a, b, _KIND_INDEX[kind]), None)

    def article(self, term: Node) -> int:
        idx = self.articles.get(term)
        if idx is not None:
            return idx
        g = self.graph
        idx = len(self.article_rows)
        self.articles[term] = idx
        row = {
            "id": self.literal(term, SCHEMA.identifier) or _local_name(term),
            "h": self.literal(term, SCHEMA.headline) or self.literal(term, SCHEMA.name),
            "d": _date_text(next(iter(g.objects(term, SCHEMA.datePublished)), None)),
            "u": None,
        }
        url = next(iter(g.objects(term, SCHEMA.url)), None)
        if url is not None:
            row["u"] = str(url)
        self.article_rows.append({k: v for k, v in row.items() if v is not None})
        return idx

    def sources(self, term: Node) -> list[int]:
        return sorted({self.article(a) for a in self.graph.objects(term, PROV.wasDerivedFrom)})

    # -- the graph -----------------------------------------------------------
    def build(self) -> None:
        g = self.graph
        typed = [
            ("person", SCHEMA.Person),
            ("organization", SCHEMA.Organization),
            ("anonymous", KG.AnonymousSource),
            ("place", SCHEMA.Place),
        ]
        for kind, cls in typed:
            for term in sorted(set(g.subjects(RDF.type, cls)), key=str):
                if term in self.index:
                    continue
                self.node(term, kind, l=self.name_of(term), a=self.aliases(term))

        for term in sorted(set(g.subjects(RDF.type, SCHEMA.NewsArticle)), key=str):
            self.article(term)

        for term in sorted(set(g.subjects(RDF.type, SCHEMA.Event)), key=str):
            if term in self.index:
                continue
            starts = sorted(d for d in (_date_text(v) for v in g.objects(term, SCHEMA.startDate)) if d)
            ends = sorted(d for d in (_date_text(v) for v in g.objects(term, SCHEMA.endDate)) if d)
            places = sorted(g.objects(term, SCHEMA.location), key=str)
            name = self.literal(term, SCHEMA.name)
            row: dict[str, Any] = {"src": self.sources(term)}
            if name:
                row["n"] = name
            if starts:
                row["d"] = starts[0]
            if ends and ends[-1] != row.get("d"):
                row["e"] = ends[-1]
            idx = self.node(term, "meeting", l="", **row)
            place_ids = []
            for place in places:
                p = self.entity(place)
                place_ids.append(p)
                self.edge(idx, p, "held_in")
            for actor in sorted(g.objects(term, SCHEMA.attendee), key=str):
                self.edge(self.entity(actor), idx, "attended")
            # label: the name, else "date · place"
            label = name or " · ".join(
                x for x in [row.get("d"), self.nodes[place_ids[0]]["l"] if place_ids else None] if x
            )
            self.nodes[idx]["l"] = label or "?"

        for term in sorted(set(g.subjects(RDF.type, KG.Role)), key=str):
            if term in self.index:
                continue
            role_name = self.literal(term, KG.roleName)
            title = self.literal(term, KG.title)
            row = {"rn": role_name, "ti": title, "src": self.sources(term)}
            idx = self.node(term, "role", l=role_name or title or "?", **{k: v for k, v in row.items() if v})
            for holder in sorted(g.objects(term, KG.holder), key=str):
                self.edge(self.entity(holder), idx, "holds_role")
            for org in sorted(g.objects(term, KG.organization), key=str):
                self.edge(idx, self.entity(org), "role_org")

        mention_pairs: dict[tuple[int, int], int] = defaultdict(int)
        statements = sorted(set(g.subjects(RDF.type, SCHEMA.Quotation)), key=str)
        for term in statements:
            if term in self.index:
                continue
            text = self.literal(term, SCHEMA.text) or ""
            kind = self.literal(term, KG.statementKind) or ""
            evidence = []
            for ev in sorted(g.objects(term, KG.evidence), key=str):
                sentence = self.literal(ev, KG.sentence) or self.literal(ev, NIF.anchorOf)
                if sentence is None:
                    continue
                evidence.append(
                    [
                        sentence,
                        _int_or_none(next(iter(g.objects(ev, NIF.beginIndex)), None)),
                        _int_or_none(next(iter(g.objects(ev, NIF.endIndex)), None)),
                    ]
                )
            short = text if len(text) <= 40 else text[:39].rstrip() + "…"
            row = {"tx": text, "k": kind, "src": self.sources(term), "ev": evidence}
            idx = self.node(term, "statement", l=f"«{short}»", **row)
            speakers = [self.entity(s) for s in sorted(g.objects(term, SCHEMA.spokenByCharacter), key=str)]
            mentioned = [self.entity(m) for m in sorted(g.objects(term, SCHEMA.mentions), key=str)]
            for s in speakers:
                self.edge(s, idx, "said")
            for m in mentioned:
                self.edge(idx, m, "mentions")
                for s in speakers:
                    if s != m:
                        mention_pairs[(s, m)] += 1
        for (s, m), count in sorted(mention_pairs.items()):
            self.edge(s, m, "mentions_agg")
            if count > 1:
                self.nodes[s].setdefault("mc", {})[str(m)] = count


_LABELLED_GRAPH = 400
"""Up to this many nodes the layout leaves room for labels (the page shows them at fit)."""


def _sizes(n: int, degree: np.ndarray, kinds: list[str]) -> np.ndarray:
    base = np.array([5.0 if k == "statement" else 7.0 if k == "role" else 9.0 for k in kinds])
    return np.minimum(base + 4.5 * np.sqrt(degree), 48.0)


def explorer_data(
    graph: GraphLike,
    *,
    seed: int = 0,
    title: str | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Read ``graph`` into the explorer's JSON-ready structure, positions included.

    Returns ``{"title", "types", "edgeKinds", "nodes", "edges", "articles"}``:
    ``nodes`` is a list of dicts (``t`` type key, ``l`` label, ``i`` IRI,
    ``x``/``y`` position, ``s`` size, ``a`` aliases, plus per-type details),
    ``edges`` a list of ``[from, to, kind_index]`` into ``edgeKinds``.
    """
    t0 = time.perf_counter()
    builder = _Builder(_index(graph))
    builder.build()
    nodes = builder.nodes
    edges = np.array(list(builder.edges), dtype=np.int64).reshape(-1, 3)
    t1 = time.perf_counter()

    n = len(nodes)
    kinds = [row["t"] for row in nodes]
    is_statement = np.array([k == "statement" for k in kinds], dtype=bool)
    stmt_kinds = [_KIND_INDEX[k] for k in _STATEMENT_EDGE_KINDS]
    default_edges = edges[~np.isin(edges[:, 2], stmt_kinds)] if len(edges) else edges
    degree = np.zeros(n)
    if len(default_edges):
        np.add.at(degree, default_edges[:, 0], 1)
        np.add.at(degree, default_edges[:, 1], 1)
    if len(edges):
        stmt_edges = edges[np.isin(edges[:, 2], stmt_kinds)]
        np.add.at(degree, stmt_edges[:, 0], is_statement[stmt_edges[:, 0]])
        np.add.at(degree, stmt_edges[:, 1], is_statement[stmt_edges[:, 1]])
    sizes = _sizes(n, degree, kinds)

    # Layout the default view (no statement nodes); statements go round their speaker.
    entity_ids = np.flatnonzero(~is_statement)
    local = -np.ones(n, dtype=np.int64)
    local[entity_ids] = np.arange(len(entity_ids))
    pairs = default_edges[:, :2] if len(default_edges) else np.zeros((0, 2), dtype=np.int64)
    # "mentions" links (speaker → what they spoke of) pull less than attendance and roles
    weights = np.where(default_edges[:, 2] == _KIND_INDEX["mentions_agg"], 0.3, 1.0) if len(default_edges) else None
    radii = sizes[entity_ids] + 22.0
    stretch = 1.0
    if len(entity_ids) <= _LABELLED_GRAPH:
        # Labels are readable at this size: leave room for them, more sideways
        # (labels are wide) by laying out in a horizontally squeezed space.
        label_len = np.array([min(len(nodes[i]["l"]), 24) for i in entity_ids.tolist()], dtype=float)
        radii += 2.2 * label_len
        stretch = 1.12
    pos_local = compute_layout(len(entity_ids), local[pairs], radii=radii, weights=weights, seed=seed)
    pos_local[:, 0] *= stretch
    pos = np.zeros((n, 2))
    pos[entity_ids] = pos_local
    _place_statements(pos, sizes, edges, is_statement)
    t2 = time.perf_counter()

    for i, row in enumerate(nodes):
        row["x"] = round(float(pos[i, 0]), 1)
        row["y"] = round(float(pos[i, 1]), 1)
        row["s"] = round(float(sizes[i]), 1)
        if not row.get("a"):
            row.pop("a", None)
    if timings is not None:
        timings["extract"] = t1 - t0
        timings["layout"] = t2 - t1
    return {
        "title": title or "Knowledge graph explorer",
        "types": NODE_TYPES,
        "edgeKinds": EDGE_KINDS,
        "nodes": nodes,
        "edges": edges.tolist(),
        "articles": builder.article_rows,
    }


def _place_statements(pos: np.ndarray, sizes: np.ndarray, edges: np.ndarray, is_statement: np.ndarray) -> None:
    """Put each statement node on a ring round its speaker (or what it mentions)."""
    stmt_ids = np.flatnonzero(is_statement)
    if not len(stmt_ids):
        return
    anchor = {}
    said, mentions = _KIND_INDEX["said"], _KIND_INDEX["mentions"]
    for a, b, k in edges.tolist():
        if k == said and is_statement[b]:
            anchor.setdefault(b, a)
    for a, b, k in edges.tolist():
        if k == mentions and is_statement[a]:
            anchor.setdefault(a, b)
    by_anchor: dict[int, list[int]] = defaultdict(list)
    orphans = []
    for s in stmt_ids.tolist():
        if s in anchor:
            by_anchor[anchor[s]].append(s)
        else:
            orphans.append(s)
    for a, stmts in by_anchor.items():
        # fan out above the anchor (its label hangs below it), widening ring by ring
        for j, s in enumerate(stmts):
            ring, slot = divmod(j, 9)
            side = 1 if slot % 2 else -1
            angle = -math.pi / 2 + side * ((slot + 1) // 2) * 0.42 + ring * 0.21
            r = sizes[a] + 55 + 45 * ring
            pos[s] = pos[a] + r * np.array([math.cos(angle) * 1.6, math.sin(angle)])
    if orphans:
        others = np.flatnonzero(~is_statement)
        base_y = (pos[others, 1].max() + 120) if len(others) else 0.0
        base_x = pos[others, 0].min() if len(others) else 0.0
        cols = max(1, int(math.sqrt(len(orphans))))
        for j, s in enumerate(orphans):
            pos[s] = (base_x + 60 * (j % cols), base_y + 60 * (j // cols))


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------

_GROUP_CAP = 128
"""Largest group laid out directly (dense O(k²) force model, batched)."""
_LOUVAIN_MAX_EDGES = 6000
"""Louvain (better communities) up to this many edges, label propagation (faster) beyond."""
_BUCKETS = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128)
"""Padded group sizes: groups are simulated in batches of equal padded size."""


def compute_layout(
    n: int,
    edges: np.ndarray | Iterable[tuple[int, int]],
    *,
    radii: np.ndarray | Iterable[float] | float = 40.0,
    weights: np.ndarray | Iterable[float] | None = None,
    seed: int = 0,
    iterations: int | None = None,
) -> np.ndarray:
    """Positions (``n × 2``, pixels) for a graph of ``n`` nodes, community-aware.

    Multilevel: each connected component of at most ``_GROUP_CAP`` nodes is laid
    out directly with a Fruchterman–Reingold force model; larger components are
    split into communities (Louvain on small graphs, fast label propagation on
    big ones), each community is laid out on its own, and the communities are
    then laid out as nodes of a weighted community graph (recursively).  All
    groups of one level are simulated together as batched numpy arrays.  Every
    node gets a disc of its ``radius``; discs are pushed apart so they do not
    overlap, and the components are packed round the biggest.  ``weights``
    (one per edge, default 1) make some links pull less.  20,000 nodes take a
    few seconds.
    """
    rng = np.random.default_rng(seed)
    e = np.asarray(list(edges) if not isinstance(edges, np.ndarray) else edges, dtype=np.int64).reshape(-1, 2)
    wt = np.ones(len(e)) if weights is None else np.asarray(list(weights), dtype=float).reshape(-1)
    if len(e):
        keep = e[:, 0] != e[:, 1]
        e, wt = e[keep], wt[keep]
    r = np.broadcast_to(np.asarray(radii, dtype=float), (n,)).copy()
    if n == 0:
        return np.zeros((0, 2))
    if iterations is None:
        iterations = 160 if n <= 400 else 60

    # Each level: items (with radii) and weighted edges between them.
    levels: list[dict[str, Any]] = []
    final_groups: list[tuple[int, int]] = []  # (level, group index)
    item_r = r
    ei, ej, w = _merge_edges(e[:, 0], e[:, 1], wt)
    n_items = n
    while True:
        groups, final = _group_items(n_items, ei, ej, w, rng)
        group_of = np.empty(n_items, dtype=np.int64)
        for gi, members in enumerate(groups):
            group_of[members] = gi
        rel, g_radius = _layout_groups(groups, group_of, ei, ej, w, item_r, rng, iterations)
        for gi in np.flatnonzero(final).tolist():
            final_groups.append((len(levels), gi))
        meta = -np.ones(len(groups), dtype=np.int64)
        open_groups = np.flatnonzero(~final)
        meta[open_groups] = np.arange(len(open_groups))
        levels.append({"group_of": group_of, "rel": rel, "meta": meta})
        if not len(open_groups):
            break
        # Next level: one item per open group, edges summed between groups.
        gi_, gj_ = meta[group_of[ei]], meta[group_of[ej]]
        keep = (gi_ >= 0) & (gj_ >= 0) & (gi_ != gj_)
        ei, ej, w = _merge_edges(gi_[keep], gj_[keep], w[keep])
        item_r = g_radius[open_groups]
        n_items = len(open_groups)

    final_index = {key: k for k, key in enumerate(final_groups)}
    # Top-down: a group's centre is the position of the item that stands for
    # it one level up; final groups (components) sit at 0 until packed.
    upper: np.ndarray | None = None
    upper_owner: np.ndarray | None = None
    for lv in range(len(levels) - 1, -1, -1):
        entry = levels[lv]
        meta = entry["meta"]
        gc = np.zeros((len(meta), 2))
        owner = np.zeros(len(meta), dtype=np.int64)
        open_groups = np.flatnonzero(meta >= 0)
        if len(open_groups):
            assert upper is not None and upper_owner is not None
            gc[open_groups] = upper[meta[open_groups]]
            owner[open_groups] = upper_owner[meta[open_groups]]
        for gi in np.flatnonzero(meta < 0).tolist():
            owner[gi] = final_index[(lv, gi)]
        upper = gc[entry["group_of"]] + entry["rel"]
        upper_owner = owner[entry["group_of"]]
    assert upper is not None and upper_owner is not None
    pos, comp = upper, upper_owner
    _landscape(pos, comp, len(final_groups))
    # Bounding boxes of the components (discs included), packed in rows.
    k = len(final_groups)
    lo = np.full((k, 2), np.inf)
    hi = np.full((k, 2), -np.inf)
    np.minimum.at(lo, comp, pos - r[:, None])
    np.maximum.at(hi, comp, pos + r[:, None])
    corner = _shelf_pack(hi - lo)
    pos = pos + (corner - lo)[comp]
    return pos - (pos.min(axis=0) + pos.max(axis=0)) / 2


def _landscape(pos: np.ndarray, owner: np.ndarray, k: int) -> None:
    """Turn each component about its centroid so its long axis lies horizontal
    (screens are wider than tall); in place."""
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(k + 1))
    for g in range(k):
        idx = order[bounds[g] : bounds[g + 1]]
        if len(idx) < 3:
            continue
        centre = pos[idx].mean(axis=0)
        rel = pos[idx] - centre
        vals, vecs = np.linalg.eigh(np.cov(rel.T))
        major = vecs[:, np.argmax(vals)]
        angle = math.atan2(major[1], major[0])
        c, s_ = math.cos(-angle), math.sin(-angle)
        pos[idx] = centre + rel @ np.array([[c, s_], [-s_, c]])


def _shelf_pack(size: np.ndarray, aspect: float = 1.5, pad: float = 40.0) -> np.ndarray:
    """Top-left corners for boxes of ``size`` (w, h) packed in rows, tallest
    first, in an area about ``aspect`` times wider than tall."""
    w, h = size[:, 0] + pad, size[:, 1] + pad
    order = np.lexsort((-w, -h))
    width = max(float(w.max()), math.sqrt(float((w * h).sum()) * aspect))
    corner = np.zeros((len(size), 2))
    x = y = row_h = 0.0
    for i in order.tolist():
        if x > 0 and x + w[i] > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        corner[i] = (x, y)
        x += w[i]
        row_h = max(row_h, h[i])
    return corner


def _merge_edges(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not len(a):
        z = np.zeros(0, dtype=np.int64)
        return z, z.copy(), np.zeros(0)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = np.stack([lo, hi], axis=1)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    weights = np.zeros(len(uniq))
    np.add.at(weights, inv.ravel(), w)
    return uniq[:, 0].copy(), uniq[:, 1].copy(), weights


def _group_items(
    n: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, rng: np.random.Generator
) -> tuple[list[np.ndarray], np.ndarray]:
    """Split items into groups of at most ``_GROUP_CAP``.

    A connected component that fits is a *final* group (it is placed by the
    packer); a bigger one is cut into communities, which are *open* groups
    (laid out again as items of the next level)."""
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(zip(ei.tolist(), ej.tolist(), w.tolist()))
    comp_of = np.empty(n, dtype=np.int64)
    comps = [np.fromiter(c, dtype=np.int64, count=len(c)) for c in nx.connected_components(g)]
    for ci, members in enumerate(comps):
        comp_of[members] = ci
    big = np.array([len(m) > _GROUP_CAP for m in comps], dtype=bool)
    groups: list[np.ndarray] = []
    final: list[bool] = []
    for ci, members in enumerate(comps):
        if not big[ci]:
            groups.append(np.sort(members))
            final.append(True)
    if not big.any():
        return groups, np.array(final, dtype=bool)
    edge_big = big[comp_of[ei]]
    if int(edge_big.sum()) > _LOUVAIN_MAX_EDGES:
        # Label propagation over the whole graph at once (communities never
        # cross components), keeping the communities of the big components.
        seed = int(rng.integers(2**31))
        parts = [np.fromiter(c, dtype=np.int64, count=len(c))
                 for c in nx.community.fast_label_propagation_communities(g, weight="weight", seed=seed)]
        for part in parts:
            if not big[comp_of[part[0]]]:
                continue
            if len(part) <= _GROUP_CAP:
                groups.append(np.sort(part))
            else:
                groups.extend(_partition(g.subgraph(part.tolist()).copy(), rng, 1))
            final.extend([False] * (len(groups) - len(final)))
    else:
        for ci in np.flatnonzero(big).tolist():
            sub = g.subgraph(comps[ci].tolist()).copy()
            groups.extend(_partition(sub, rng))
            final.extend([False] * (len(groups) - len(final)))
    return groups, np.array(final, dtype=bool)


def _partition(sub: nx.Graph, rng: np.random.Generator, depth: int = 0) -> list[np.ndarray]:
    seed = int(rng.integers(2**31))
    if sub.number_of_edges() <= _LOUVAIN_MAX_EDGES:
        parts = nx.community.louvain_communities(sub, weight="weight", seed=seed)
    else:
        parts = list(nx.community.fast_label_propagation_communities(sub, weight="weight", seed=seed))
    if len(parts) <= 1 or depth > 6:
        return _bfs_chunks(sub)
    out: list[np.ndarray] = []
    for part in parts:
        if len(part) <= _GROUP_CAP:
            out.append(np.array(sorted(part), dtype=np.int64))
        else:
            out.extend(_partition(sub.subgraph(part).copy(), rng, depth + 1))
    return out


def _bfs_chunks(sub: nx.Graph) -> list[np.ndarray]:
    """Cut a graph that will not split into communities into BFS-ordered chunks."""
    order: list[int] = []
    seen: set[int] = set()
    for start in sorted(sub.nodes, key=lambda v: -sub.degree(v)):
        if start in seen:
            continue
        seen.add(start)
        order.append(start)
        for _, v in nx.bfs_edges(sub, start):
            if v not in seen:
                seen.add(v)
                order.append(v)
    return [np.array(sorted(order[i : i + _GROUP_CAP]), dtype=np.int64) for i in range(0, len(order), _GROUP_CAP)]


def _layout_groups(
    groups: list[np.ndarray],
    group_of: np.ndarray,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    radii: np.ndarray,
    rng: np.random.Generator,
    iterations: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Lay out every group (batched by padded size); positions relative to the
    group's centre, and each group's enclosing radius."""
    n = len(group_of)
    rel = np.zeros((n, 2))
    g_radius = np.zeros(len(groups))
    # local index of each item inside its group
    local = np.empty(n, dtype=np.int64)
    for members in groups:
        local[members] = np.arange(len(members))
    inside = group_of[ei] == group_of[ej]
    e_group = group_of[ei[inside]]
    e_a, e_b, e_w = local[ei[inside]], local[ej[inside]], w[inside]
    order = np.argsort(e_group, kind="stable")
    e_group, e_a, e_b, e_w = e_group[order], e_a[order], e_b[order], e_w[order]
    starts = np.searchsorted(e_group, np.arange(len(groups) + 1))

    sizes = np.array([len(m) for m in groups])
    buckets: dict[int, list[int]] = defaultdict(list)
    for gi, k in enumerate(sizes.tolist()):
        if k == 1:
            g_radius[gi] = radii[groups[gi][0]]
            continue
        buckets[next(b for b in _BUCKETS if b >= k)].append(gi)
    for size, gids in sorted(buckets.items()):
        per_batch = max(1, int(2_000_000 // (size * size)))
        for c in range(0, len(gids), per_batch):
            batch = gids[c : c + per_batch]
            b = len(batch)
            mask = np.zeros((b, size), dtype=bool)
            rad = np.zeros((b, size))
            adj = np.zeros((b, size, size))
            for row, gi in enumerate(batch):
                members = groups[gi]
                mask[row, : len(members)] = True
                rad[row, : len(members)] = radii[members]
                s, t = starts[gi], starts[gi + 1]
                if t > s:
                    wt = np.sqrt(e_w[s:t])
                    adj[row, e_a[s:t], e_b[s:t]] = wt
                    adj[row, e_b[s:t], e_a[s:t]] = wt
            pos = _fr_batch(mask, adj, rng, iterations)
            pos = _scale_and_separate(pos, mask, rad)
            for row, gi in enumerate(batch):
                members = groups[gi]
                p = pos[row, : len(members)]
                rel[members] = p
                g_radius[gi] = float(np.max(np.hypot(p[:, 0], p[:, 1]) + radii[members]))
    return rel, g_radius


def _fr_batch(mask: np.ndarray, adj: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    """Fruchterman–Reingold on a batch of padded groups (unit-square scale)."""
    b, s = mask.shape
    f32 = np.float32
    counts = mask.sum(axis=1).astype(f32)
    pair = (mask[:, :, None] & mask[:, None, :] & ~np.eye(s, dtype=bool)[None]).astype(f32)
    k = np.sqrt(1.0 / counts)[:, None, None].astype(f32)
    k2pair = (k * k) * pair
    adj_k = (adj / k).astype(f32) * pair
    x = rng.random((b, s), dtype=f32)
    y = rng.random((b, s), dtype=f32)
    t = f32(0.1)
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = x[:, :, None] - x[:, None, :]
        dy = y[:, :, None] - y[:, None, :]
        dist2 = dx * dx
        dist2 += dy * dy
        np.maximum(dist2, f32(1e-4), out=dist2)
        force = k2pair / dist2
        force -= adj_k * np.sqrt(dist2)
        fx = (dx * force).sum(axis=2)
        fy = (dy * force).sum(axis=2)
        length = np.sqrt(fx * fx + fy * fy)
        np.maximum(length, f32(1e-2), out=length)
        step = t / length
        x += fx * step
        y += fy * step
        t -= dt
    return np.stack([x, y], axis=2).astype(float) * mask[:, :, None]


def _push_apart(pos: np.ndarray, pair: np.ndarray, need: np.ndarray, rounds: int) -> np.ndarray:
    """Move overlapping discs apart (half the overlap each, damped).  Groups
    without overlaps leave the working arrays, so late rounds are cheap."""
    f32 = np.float32
    out = pos.astype(f32)
    s = out.shape[1]
    rows = np.arange(out.shape[0])
    x, y = out[..., 0].copy(), out[..., 1].copy()
    pr, nd = pair, need.astype(f32)
    order = np.sign(np.arange(s)[None, :, None] - np.arange(s)[None, None, :] + 0.5).astype(f32)
    for _ in range(rounds):
        dx = x[:, :, None] - x[:, None, :]
        dy = y[:, :, None] - y[:, None, :]
        dist = np.sqrt(dx * dx + dy * dy)
        overlap = (nd - dist) * pr
        hit = overlap > 0.5
        busy = hit.any(axis=(1, 2))
        if not busy.all():
            done = ~busy
            out[rows[done], :, 0] = x[done]
            out[rows[done], :, 1] = y[done]
            if not busy.any():
                return out.astype(float)
            rows, x, y, pr, nd = rows[busy], x[busy], y[busy], pr[busy], nd[busy]
            dx, dy, dist, overlap, hit = dx[busy], dy[busy], dist[busy], overlap[busy], hit[busy]
        np.maximum(overlap, 0.0, out=overlap)
        coincident = (dist < 1e-6) & pr
        if coincident.any():  # nudge coincident points apart
            dx += coincident * order
            dist = np.maximum(dist, 1.0)
        f = overlap / np.maximum(dist, 1e-6)
        step = 0.5 / np.sqrt(np.maximum(hit.sum(axis=2), 1))
        x += (dx * f).sum(axis=2) * step
        y += (dy * f).sum(axis=2) * step
    out[rows, :, 0] = x
    out[rows, :, 1] = y
    return out.astype(float)


def _scale_and_separate(pos: np.ndarray, mask: np.ndarray, rad: np.ndarray) -> np.ndarray:
    """Scale each group to pixel units from its discs' radii, push overlapping
    discs apart and pull the group together again; returns positions centred
    on each group."""
    b, s = mask.shape
    pair = mask[:, :, None] & mask[:, None, :] & ~np.eye(s, dtype=bool)[None]
    need = rad[:, :, None] + rad[:, None, :]
    dist = np.hypot(pos[:, :, None, 0] - pos[:, None, :, 0], pos[:, :, None, 1] - pos[:, None, :, 1])
    # Scale so that the typical node just touches its nearest neighbour
    # (distance measured in units of the two discs' radii).
    with np.errstate(all="ignore"):
        norm = np.where(pair, dist / np.where(pair, need, 1.0), np.inf)
        nearest = norm.min(axis=2)
        nearest = np.where(mask & np.isfinite(nearest), nearest, np.nan)
        typical = np.nanmedian(nearest, axis=1)
    scale = np.where(np.isfinite(typical) & (typical > 0), 1.05 / typical, 1.0)
    pos = pos * scale[:, None, None]
    pos = _push_apart(pos, pair, need, 30)
    # Compaction: shrink towards the centre, separate again.
    for _ in range(3):
        centre = (pos * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1)[:, None]
        pos = centre[:, None, :] + (pos - centre[:, None, :]) * 0.88
        pos = _push_apart(pos, pair, need, 12)
    pos = _push_apart(pos, pair, need, 120)  # until no disc overlaps (converged groups drop out)
    pos = pos * mask[:, :, None]
    lo = np.where(mask[:, :, None], pos, np.inf).min(axis=1)
    hi = np.where(mask[:, :, None], pos, -np.inf).max(axis=1)
    centre = (lo + hi) / 2
    return (pos - centre[:, None, :]) * mask[:, :, None]


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def safe_json(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``,
    ``&`` (and U+2028/2029) are written as ``\\uXXXX`` escapes, so no data can
    close the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _read_template(name: str) -> str:
    return (resources.files(_TEMPLATE_PACKAGE) / _TEMPLATE_DIR / name).read_text(encoding="utf-8")


def _vis_network_js() -> str:
    """The vis-network bundle shipped inside the pyvis package."""
    base = resources.files("pyvis")
    for rel in ("templates/lib/vis-9.1.2/vis-network.min.js", "lib/vis-9.1.2/vis-network.min.js"):
        candidate = base.joinpath(*rel.split("/"))
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            if re.search(r"</script|<!--", text, re.I):  # pragma: no cover - not in 9.1.2
                raise RuntimeError("vis-network bundle cannot be inlined safely")
            return text
    raise FileNotFoundError("vis-network.min.js not found in the pyvis package")  # pragma: no cover


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_explorer(
    graph: GraphLike,
    *,
    title: str | None = None,
    seed: int = 0,
    timings: dict[str, float] | None = None,
) -> str:
    """The explorer page for ``graph`` as one HTML string (see :func:`write_explorer`)."""
    data = explorer_data(graph, seed=seed, title=title, timings=timings)
    t0 = time.perf_counter()
    html = _render_html(data)
    if timings is not None:
        timings["render"] = time.perf_counter() - t0
    return html


def _render_html(data: dict[str, Any]) -> str:
    vis_js = _vis_network_js()
    app_js = _read_template("explorer.js")
    if re.search(r"</script|<!--", app_js, re.I):  # pragma: no cover - guards template edits
        raise RuntimeError("explorer.js cannot be inlined safely")
    # Only our two inline scripts may run: an injected one would not match the hashes.
    csp = (
        "default-src 'none'; "
        f"script-src {_sha256(vis_js)} {_sha256(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    parts = {
        "CSP": csp,
        "DATA": safe_json(data),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    template = _read_template("explorer.html")
    # One pass, so nothing inserted is ever scanned for placeholders again.
    return re.sub(r"@@KG_([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def write_explorer(
    graph: GraphLike,
    path: str | Path,
    *,
    title: str | None = None,
    seed: int = 0,
    timings: dict[str, float] | None = None,
) -> Path:
    """Write the interactive explorer for ``graph`` to ``path`` (one HTML file).

    The page needs no network: vis-network and the app are inline, the data is
    escaped JSON.  ``timings``, if given, receives seconds spent in
    ``extract``, ``layout``, ``render`` and ``write``.
    """
    html = render_explorer(graph, title=title, seed=seed, timings=timings)
    t0 = time.perf_counter()
    out = Path(path)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    if timings is not None:
        timings["write"] = time.perf_counter() - t0
    return out
