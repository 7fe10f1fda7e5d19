"""Where the graph lives: rdflib in memory, a persistent Oxigraph store, or a SPARQL endpoint.

One small interface over three backends, so a query gives the same rows everywhere::

    store = open_store("graph.ttl")            # Oxigraph in memory (the default for files)
    store = open_store("oxigraph:out/store")   # pyoxigraph on disk, no rdflib involved
    store = open_store("http://127.0.0.1:7878")  # SPARQL protocol (+ Graph Store protocol)
    rows = store.query(sparql, {"speaker": "иванов"})   # list of {variable: value}

Query parameters are RDF terms, never raw text: rdflib gets ``initBindings``; for Oxigraph
and endpoints each parameter's variable is replaced by the escaped term where a lexer shows
that keeps the query's meaning, and bound by a ``VALUES`` block at the top of the ``WHERE``
group otherwise (see :func:`bind_parameters`).
Values in rows are plain Python: IRIs and most literals as their string (lexical form,
language tags dropped), numbers as ``int``/``float``, booleans as ``bool``, unbound as ``None``.

``push(graph, target)`` writes a graph to ``oxigraph:PATH`` or an endpoint URL (replacing
the default graph unless ``replace=False``); ``push_changes`` sends only the triples a
rebuild removed and added, to a target that still holds the graph pushed before.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

if TYPE_CHECKING:
    from kg.graph import GraphLike

Row = dict[str, Any]

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
                ".xml": "xml", ".n3": "n3", ".trig": "trig", ".nq": "nquads"}


# --------------------------------------------------------------------------------------
# Terms and values
# --------------------------------------------------------------------------------------


def to_term(value: Any) -> Identifier:
    """A query parameter as an RDF term: rdflib terms pass through, other values become literals."""
    if isinstance(value, Identifier):
        return value
    if isinstance(value, (bool, int, float)):
        return Literal(value)
    return Literal(str(value))


def python_value(kind: str, value: str, datatype: str | None = None) -> Any:
    """One result value as plain Python, the same whichever backend produced it."""
    if kind == "bnode":
        return f"_:{value}"
    if kind != "literal" or not datatype:
        return value
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype in _FLOAT_TYPES:
            return float(value)
        if datatype == XSD + "boolean":
            return value.strip() in ("true", "1")
    except ValueError:
        pass
    return value


def _rdflib_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        return python_value("literal", str(term), str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return python_value("bnode", str(term))
    return str(term)


def _oxigraph_value(term: Any) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return python_value("literal", term.value, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return python_value("bnode", term.value)
    return term.value


def _oxigraph_term_rows(solutions: Any, names: list[str]) -> list[Row]:
    """Rows of ``solutions`` read term by term, each distinct term converted once."""
    values: dict[Any, Any] = {}
    rows = []
    for solution in solutions:
        row = {}
        for name, term in zip(names, solution):
            try:
                row[name] = values[term]
            except KeyError:
                row[name] = values[term] = _oxigraph_value(term)
        rows.append(row)
    return rows


# Oxigraph's TSV results (sparesults): an IRI as <…>, a blank node as _:id, a literal as
# "…" (xsd:string), "…"@lang or "…"^^<datatype>, with only tab, line breaks, quote and
# backslash escaped; booleans and numbers whose lexical form is Turtle's are written bare.
_TSV_UNESCAPE = re.compile(r'\\([tnr"\\])')
_TSV_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}
_TSV_BARE = [
    (re.compile(r"true|false"), XSD + "boolean"),
    (re.compile(r"[+-]?[0-9]+"), XSD + "integer"),
    (re.compile(r"[+-]?[0-9]*\.[0-9]+"), XSD + "decimal"),
    (re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"), XSD + "double"),
]


def _tsv_value(cell: str) -> Any:
    """One cell of Oxigraph's TSV results as the value :func:`_oxigraph_value` gives its term."""
    if not cell:
        return None
    first = cell[0]
    if first == "<" and not cell.startswith("<<"):
        return cell[1:-1]
    if first == '"':
        end = cell.rindex('"')
        lexical = cell[1:end]
        if "\\" in lexical:
            lexical = _TSV_UNESCAPE.sub(lambda match: _TSV_ESCAPED[match.group(1)], lexical)
        rest = cell[end + 1:]
        if rest.startswith("^^<"):
            return python_value("literal", lexical, rest[3:-1])
        if rest and rest[0] != "@":
            raise ValueError(f"unexpected TSV term: {cell!r}")
        return lexical
    if cell.startswith("_:"):
        return python_value("bnode", cell[2:])
    for pattern, datatype in _TSV_BARE:
        if pattern.fullmatch(cell):
            return python_value("literal", cell, datatype)
    raise ValueError(f"unexpected TSV term: {cell!r}")


def _oxigraph_rows(solutions: Any, names: list[str]) -> list[Row]:
    """Rows of ``solutions`` with each distinct term converted once.

    Oxigraph writes the solutions as TSV (in Rust) and each distinct cell is converted
    once: a full listing repeats the same IRIs and names on many rows, and splitting text
    is cheaper than making, hashing and reading a Python term per cell (all rows of
    co-attendance, meetings or timeline at 1M triples: 0.015–0.025 s less). Values are
    the same as :func:`_oxigraph_term_rows` gives (``tests/test_store.py`` compares them).
    """
    import pyoxigraph as ox

    if not names:
        return _oxigraph_term_rows(solutions, names)
    lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8").split("\n")
    # The header names the variables; every row, even one with no cell bound, ends with
    # a line break, so the last piece is empty.
    values = _TsvValues()
    return [dict(zip(names, map(values.__getitem__, line.split("\t")))) for line in lines[1:-1]]


class _TsvValues(dict):
    """TSV cells to their values, each distinct cell converted once (on its first lookup)."""

    def __init__(self) -> None:
        super().__init__({"": None})

    def __missing__(self, cell: str) -> Any:
        value = self[cell] = _tsv_value(cell)
        return value


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


def sparql_term(term: Identifier) -> str:
    """A term written as SPARQL syntax, safe in place of a variable or in a ``VALUES`` block.

    Every character that could end a string (quote, backslash, line breaks) is escaped, so
    a value such as ``"} UNION { ?s ?p ?o`` stays one string literal; IRIs with characters
    an IRI may not contain are refused.
    """
    if isinstance(term, URIRef):
        text = str(term)
        if any(c in _IRI_FORBIDDEN for c in text):
            raise ValueError(f"not a valid IRI: {text!r}")
        return f"<{text}>"
    if isinstance(term, Literal):
        body = "".join(_ECHAR.get(c, c) for c in str(term))
        if term.language:
            lang = term.language
            if not all(part.isalnum() for part in lang.split("-")):
                raise ValueError(f"bad language tag: {lang!r}")
            return f'"{body}"@{lang}'
        if term.datatype:
            return f'"{body}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{body}"'
    raise TypeError(f"cannot bind {type(term).__name__} {term!r} as a query parameter")


# SPARQL tokens, enough to tell a variable from the same text inside a string, an IRI or a
# comment. Unicode name characters are \w plus the few extra ones SPARQL's VARNAME allows.
_NAME = r"[\w\u00B7\u0300-\u036F\u203F\u2040]"
_LOCAL = rf"(?:{_NAME}|[:%-]|\\[_~.!$&'()*+,;=/?#@%-])"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]{_NAME}+)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[\w:](?:(?:{_LOCAL}|\.)*{_LOCAL})?)
  | (?P<punct>\|\||&&|!=|<=|>=|\^\^|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_TERM_START = {"[", "(", "^", "!"}
# How a variable occurrence may be replaced: not at all, by an IRI only, or by any term.
_FIXED, _IRI_ONLY, _ANY = 0, 1, 2


def _tokens(sparql: str) -> list[tuple[str, str, int]]:
    """``(kind, text, offset)`` of every token but spaces and comments."""
    tokens = []
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "punct" and text in "\"'":
            raise ValueError(f"unterminated string at offset {match.start()}")
        if kind not in ("space", "comment"):
            tokens.append((kind, text, match.start()))
    return tokens


def _starts_term(token: tuple[str, str, int] | None) -> bool:
    if token is None:
        return False
    kind, text, _ = token
    if kind == "word":
        return ":" in text or text == "a" or text.lower() in ("true", "false")
    return kind in ("var", "iri", "string", "number") or text in _TERM_START


def _variable_uses(sparql: str) -> tuple[dict[str, list[tuple[int, int, int]]], bool]:
    """Each variable's occurrences as ``(start, end, what may replace it)``, and whether the
    query has a ``SELECT *`` (which would lose a replaced variable's column).

    A variable stays a variable in a projection, after ``AS``, in a ``VALUES`` header,
    in ``BOUND()``, in the solution modifiers, and inside a sub-select or ``MINUS``
    (where a ``VALUES`` block at the top of the query would not bind it either). A literal
    cannot replace a variable that a term follows (a subject or predicate) or that names
    a graph or service.
    """
    tokens = _tokens(sparql)
    uses: dict[str, list[tuple[int, int, int]]] = {}
    groups: list[str] = []
    where_done = projection = values_header = star = False
    parens = projection_parens = 0
    for i, (kind, text, start) in enumerate(tokens):
        word = text.upper() if kind == "word" else text
        before = tokens[i - 1][1].upper() if i else ""
        if word == "SELECT":
            projection, projection_parens = True, parens
        elif word == "WHERE":
            projection = False
        elif word == "VALUES":
            values_header = True
        elif text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "*" and projection and parens == projection_parens:
            star = True
        elif text == "{":
            next_word = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
            groups.append("subselect" if next_word == "SELECT" else "minus" if before == "MINUS" else "group")
            projection = values_header = False
        elif text == "}":
            if groups:
                groups.pop()
            where_done = where_done or not groups
        elif kind == "var":
            fixed = (
                projection or values_header or where_done or not groups
                or "subselect" in groups or "minus" in groups or before == "AS"
                or (before == "(" and i > 1 and tokens[i - 2][1].upper() == "BOUND")
            )
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if fixed:
                how = _FIXED
            elif before in ("GRAPH", "SERVICE", "SILENT") or _starts_term(after):
                how = _IRI_ONLY
            else:
                how = _ANY
            uses.setdefault(text[1:], []).append((start, start + len(text), how))
    return uses, star


def _where_brace(sparql: str) -> int:
    """Offset of the ``{`` opening the query's WHERE group."""
    for _, text, start in _tokens(sparql):
        if text == "{":
            return start
    raise ValueError("query has no WHERE group to bind parameters in")


def _parameter_terms(bindings: Mapping[str, Any]) -> dict[str, Identifier]:
    """Each parameter as an RDF term; a name that is not an identifier could not be a variable."""
    terms = {}
    for name, value in bindings.items():
        if not name.isidentifier():
            raise ValueError(f"bad parameter name: {name!r}")
        terms[name] = to_term(value)
    return terms


def bind_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with ``VALUES (?k …) { (term …) }`` opening its WHERE group.

    The terms are serialised by :func:`sparql_term`; the query text itself is untouched,
    so a value can never change the shape of the query. Parameters must be used in the
    outer group (not only inside a sub-select), as with rdflib's ``initBindings``.
    """
    if not bindings:
        return sparql
    terms = _parameter_terms(bindings)
    values = " ".join(sparql_term(term) for term in terms.values())
    block = f" VALUES ({' '.join('?' + n for n in terms)}) {{ ({values}) }} "
    at = _where_brace(sparql) + 1
    return sparql[:at] + block + sparql[at:]


def bind_parameters(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with each parameter's variable replaced by its term where that keeps the
    query's meaning (see :func:`_variable_uses`), the others bound by :func:`bind_values`.

    Oxigraph's planner uses a constant to pick where a join starts and pushes it into
    filters; a variable bound by ``VALUES`` it does not (a name lookup at a million
    triples: 0.26 s against 0.011 s). The term is written by :func:`sparql_term` in place
    of one whole variable token, so a value can still never change the query's shape.
    """
    if not bindings:
        return sparql
    terms = _parameter_terms(bindings)
    uses, star = _variable_uses(sparql)
    inline, rest = {}, {}
    for name, term in terms.items():
        least = _IRI_ONLY if isinstance(term, URIRef) else _ANY
        if not star and all(how >= least for _, _, how in uses.get(name, ())):
            inline[name] = sparql_term(term)
        else:
            rest[name] = term
    spans = sorted((start, end, inline[name]) for name in inline for start, end, _ in uses.get(name, ()))
    pieces, at = [], 0
    for start, end, text in spans:
        pieces += [sparql[at:start], f" {text} "]
        at = end
    pieces.append(sparql[at:])
    return bind_values("".join(pieces), rest)


def limit_query(sparql: str, limit: int | None = None, offset: int = 0, subselect: bool = False) -> str:
    """``sparql`` returning rows ``offset`` to ``offset + limit`` of its own (all of them with
    ``limit=None``): ``LIMIT``/``OFFSET`` after its solution modifiers, combined with any it
    already has, or after those of its first sub-select with ``subselect``.

    Paging the sub-select is how a query with one row per row of it (which orders them the
    same way) pages cheaply: only that page is joined and aggregated by the outer query.
    All rows of such a query are asked for without the sub-select's ``ORDER BY`` (unless it
    has a ``LIMIT``/``OFFSET`` of its own): it only decides which rows a page keeps, the
    outer query orders its rows itself, and Oxigraph would sort every row twice (16,641
    pairs of IRIs: 0.05 s).
    """
    if limit is None and not offset and not subselect:
        return sparql
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("limit and offset must not be negative")
    tokens = _tokens(sparql)
    depth, scope, modifiers, at = 0, None if subselect else 0, False, len(sparql)
    own: dict[str, tuple[int, int, int]] = {}  # LIMIT/OFFSET already there: value, span
    order_at = None
    for i, (_, text, start) in enumerate(tokens):
        word = text.upper()
        if text == "{":
            if scope is None and i + 1 < len(tokens) and tokens[i + 1][1].upper() == "SELECT":
                scope = depth + 1
            depth += 1
        elif text == "}":
            depth -= 1
            if scope is not None and depth < scope:
                at = start
                break
            modifiers = modifiers or depth == scope
        elif modifiers and depth == scope and word in ("LIMIT", "OFFSET"):
            kind, number, number_at = tokens[i + 1] if i + 1 < len(tokens) else ("", "", 0)
            if kind != "number" or not number.isdigit():
                raise ValueError(f"{word} needs a whole number")
            own[word] = (int(number), start, number_at + len(number))
        elif modifiers and depth == scope and word == "ORDER":
            order_at = start
        elif modifiers and depth == scope and word == "VALUES":
            at = start
            break
    if limit is None and not offset:
        if scope is None or own or order_at is None:
            return sparql
        return sparql[:order_at] + sparql[at:]
    if scope is None:
        raise ValueError("the query has no sub-select to page")
    base = own.get("OFFSET", (0,))[0]
    first = base + offset
    ends = [first + limit] if limit is not None else []
    if "LIMIT" in own:
        ends.append(base + own["LIMIT"][0])
    clause = (f"LIMIT {max(min(ends) - first, 0)} " if ends else "") + f"OFFSET {first}"
    kept, cut = [], 0
    for _, span_start, span_end in sorted(own.values(), key=lambda item: item[1]):
        kept.append(sparql[cut:span_start])
        cut = span_end
    return "".join(kept) + f"{sparql[cut:at]}\n{clause}\n{sparql[at:]}"


def split_order(sparql: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """``sparql`` without its outermost ``ORDER BY``, and that clause's keys as
    ``(variable, descending)``; None if the clause is not a list of plain variables
    (``?x``, ``ASC(?x)``, ``DESC(?x)``) or the query has a ``LIMIT`` or ``OFFSET`` of its
    own (the order then decides which rows there are).
    """
    tokens = _tokens(sparql)
    depth, span, keys = 0, None, []
    i = 0
    while i < len(tokens):
        text, start = tokens[i][1], tokens[i][2]
        depth += (text == "{") - (text == "}")
        word = text.upper() if depth == 0 else ""
        i += 1
        if word in ("LIMIT", "OFFSET"):
            return None
        if word != "ORDER" or span is not None:
            continue
        if i >= len(tokens) or tokens[i][1].upper() != "BY":
            return None
        i += 1
        while i < len(tokens) and tokens[i][1].upper() not in ("LIMIT", "OFFSET", "VALUES"):
            shape = [kind if kind == "var" else text.upper() for kind, text, _ in tokens[i:i + 4]]
            if shape[0] == "var":
                keys.append((tokens[i][1][1:], False))
                i += 1
            elif shape[0] in ("ASC", "DESC") and shape[1:] == ["(", "var", ")"]:
                keys.append((tokens[i + 2][1][1:], shape[0] == "DESC"))
                i += 4
            else:
                return None
        span = (start, tokens[i][2] if i < len(tokens) else len(sparql))
    if span is None or not keys:
        return None
    return sparql[:span[0]] + sparql[span[1]:], keys


# --------------------------------------------------------------------------------------
# Backends
# --------------------------------------------------------------------------------------


class Store:
    """The interface every backend implements."""

    kind = "abstract"

    def load(self, data: Graph | bytes | str | os.PathLike, format: str | None = None) -> None:
        """Add triples: an rdflib Graph, serialised bytes (``format``: nt/turtle), or a file path."""
        raise NotImplementedError

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a SELECT (rows as dicts) or ASK (``[{"ask": bool}]``) query."""
        raise NotImplementedError

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update request."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def dump(self) -> bytes:
        """The default graph as N-Triples."""
        raise NotImplementedError

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0

    def close(self) -> None:
        pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _format_of(path: str | os.PathLike, given: str | None = None) -> str:
    if given:
        return {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "jsonld": "json-ld"}.get(given, given)
    return _RDF_FORMATS.get(Path(path).suffix.lower(), "turtle")


@lru_cache(maxsize=64)
def _prepared(sparql: str):
    """rdflib's parse of a query (its slowest step on small graphs), kept for reuse."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(sparql)


class RdflibStore(Store):
    """An rdflib Graph in memory; parameters are passed as ``initBindings``."""

    kind = "rdflib"

    def __init__(self, graph: Graph | None = None):
        if graph is None:
            from kg.graph import new_graph

            graph = new_graph()
        self.graph = graph

    def load(self, data, format=None):
        if isinstance(data, Graph):
            if data is not self.graph:
                for triple in data:
                    self.graph.add(triple)
                for prefix, ns in data.namespaces():
                    self.graph.bind(prefix, ns, override=False)
        elif isinstance(data, (bytes, bytearray)):
            self.graph.parse(data=bytes(data), format=_format_of("", format or "nt"))
        else:
            self.graph.parse(str(data), format=_format_of(data, format))

    def query(self, sparql, bindings=None):
        init = {name: to_term(value) for name, value in (bindings or {}).items()}
        result = self.graph.query(_prepared(sparql), initBindings=init)
        if result.type == "ASK":
            return [{"ask": bool(result.askAnswer)}]
        if result.type != "SELECT":
            raise ValueError("only SELECT and ASK queries return rows")
        names = [str(v) for v in result.vars]
        return [{name: _rdflib_value(row[i]) for i, name in enumerate(names)} for row in result]

    def update(self, sparql_update):
        self.graph.update(sparql_update)

    def clear(self):
        self.graph.remove((None, None, None))

    def dump(self):
        return self.graph.serialize(format="nt", encoding="utf-8")

    def __len__(self):
        return len(self.graph)


class OxigraphStore(Store):
    """A pyoxigraph Store, on disk (``path``) or in memory; rdflib is not involved in queries."""

    kind = "oxigraph"

    def __init__(self, path: str | os.PathLike | None = None):
        import pyoxigraph as ox

        self.path = Path(path) if path else None
        self.store = ox.Store(str(path)) if path else ox.Store()

    def load(self, data, format=None):
        import pyoxigraph as ox

        if isinstance(data, Graph):
            from kg.graph import sorted_ntriples

            data, format = sorted_ntriples(data), "nt"
        formats = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE,
                   "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
                   "n3": ox.RdfFormat.N3, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
        if isinstance(data, (bytes, bytearray)):
            self.store.bulk_load(input=bytes(data), format=formats[_format_of("", format or "nt")])
        else:
            self.store.bulk_load(path=str(data), format=formats[_format_of(data, format)])
        self.store.flush()

    def query(self, sparql, bindings=None):
        import pyoxigraph as ox

        result = self.store.query(bind_parameters(sparql, bindings))
        if isinstance(result, ox.QueryBoolean):
            return [{"ask": bool(result)}]
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("only SELECT and ASK queries return rows")
        return _oxigraph_rows(result, [v.value for v in result.variables])

    def update(self, sparql_update):
        self.store.update(sparql_update)
        self.store.flush()

    def clear(self):
        self.store.clear()

    def dump(self):
        import pyoxigraph as ox

        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def __len__(self):
        return len(self.store)

    def close(self):
        if self.store is not None:
            self.store.flush()
        self.store = None


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint, through urllib only.

    ``url`` may be the server's base (``http://host:7878``, Oxigraph's layout: ``/query``,
    ``/update``, ``/store``), a Graph Store URL (``…/store?default``), a query endpoint
    (``…/query``, ``…/sparql``) or an update endpoint (``…/update``).
    """

    kind = "endpoint"

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url)
        path = parts.path.rstrip("/")
        base_path = path
        last = path.rsplit("/", 1)[-1] if path else ""
        if last in ("store", "query", "update", "sparql"):
            base_path = path[: -len(last)].rstrip("/")

        def at(name: str, query: str = "") -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{base_path}/{name}", query, ""))

        if last == "store" or parts.query:
            self.store_url = url if parts.query else f"{url}?default"
            self.query_url, self.update_url = at("query"), at("update")
        elif last in ("query", "sparql"):
            self.query_url = url
            self.update_url = at("update") if last == "query" else url
            self.store_url = None
        elif last == "update":
            self.query_url, self.update_url, self.store_url = at("query"), url, None
        else:
            self.query_url, self.update_url = at("query"), at("update")
            self.store_url = at("store", "default")

    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str) -> bytes:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            raise RuntimeError(f"{method} {url} failed: {error.code} {error.reason}: {detail}") from None

    def load(self, data, format=None, replace: bool = False):
        if isinstance(data, Graph):
            from kg.graph import sorted_ntriples

            data, format = sorted_ntriples(data), "nt"
        elif not isinstance(data, (bytes, bytearray)):
            format = _format_of(data, format)
            data = Path(data).read_bytes()
        fmt = _format_of("", format or "nt")
        media = {"nt": "application/n-triples", "turtle": "text/turtle", "json-ld": "application/ld+json",
                 "xml": "application/rdf+xml", "trig": "application/trig", "nquads": "application/n-quads"}[fmt]
        if self.store_url:
            self._request(self.store_url, bytes(data), {"Content-Type": media}, "PUT" if replace else "POST")
            return
        if fmt != "nt":
            from kg.graph import sorted_ntriples

            graph = Graph().parse(data=bytes(data), format=fmt)
            data = sorted_ntriples(graph)
        update = ("CLEAR DEFAULT ;\n" if replace else "") + "INSERT DATA {\n" + bytes(data).decode("utf-8") + "\n}"
        self.update(update)

    def update(self, sparql_update: str) -> None:
        self._request(self.update_url, sparql_update.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"}, "POST")

    def query(self, sparql, bindings=None):
        body = urllib.parse.urlencode({"query": bind_parameters(sparql, bindings)}).encode("ascii")
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json"}
        data = json.loads(self._request(self.query_url, body, headers, "POST"))
        if "boolean" in data:
            return [{"ask": bool(data["boolean"])}]
        names = data["head"].get("vars", [])
        rows = []
        for binding in data["results"]["bindings"]:
            row = {}
            for name in names:
                cell = binding.get(name)
                if cell is None:
                    row[name] = None
                else:
                    kind = {"uri": "uri", "bnode": "bnode"}.get(cell["type"], "literal")
                    row[name] = python_value(kind, cell["value"], cell.get("datatype"))
            rows.append(row)
        return rows

    def clear(self):
        self.update("CLEAR DEFAULT")

    def dump(self):
        if self.store_url:
            return self._request(self.store_url, None, {"Accept": "application/n-triples"}, "GET")
        body = urllib.parse.urlencode({"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}).encode("ascii")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/n-triples"}
        return self._request(self.query_url, body, headers, "POST")


# --------------------------------------------------------------------------------------
# Opening and pushing
# --------------------------------------------------------------------------------------


def is_endpoint(target: str) -> bool:
    return str(target).startswith(("http://", "https://"))


def is_oxigraph(target: str) -> bool:
    return str(target).startswith("oxigraph:")


def open_store(
    target: Graph | str | os.PathLike | None = None, backend: str | None = None, create: bool = False
) -> Store:
    """Open ``target`` for querying.

    - ``None``: an empty store of ``backend`` (``rdflib``, the default, or ``oxigraph``), in memory;
    - an rdflib ``Graph``: wrapped as is (or copied into Oxigraph with ``backend="oxigraph"``);
    - ``oxigraph:PATH``: the persistent Oxigraph store at PATH (created if missing only
      with ``create=True``: a mistyped path is an error, not an empty store);
    - ``http(s)://…``: a SPARQL endpoint;
    - a file path (``.ttl``, ``.nt``, …): loaded into ``backend`` in memory, Oxigraph
      unless ``backend="rdflib"``: it parses 6–8× faster and answers the named queries
      6–1,600× faster at a million triples (``benchmarks/README.md``).
    """
    if isinstance(target, Graph):
        if backend == "oxigraph":
            store = OxigraphStore()
            store.load(target)
            return store
        return RdflibStore(target)
    if target is None:
        return OxigraphStore() if backend == "oxigraph" else RdflibStore()
    text = str(target)
    if is_oxigraph(text):
        path = text[len("oxigraph:"):]
        if not create and not Path(path).is_dir():
            raise FileNotFoundError(f"no Oxigraph store at {path}")
        return OxigraphStore(path)
    if is_endpoint(text):
        return EndpointStore(text)
    if not Path(text).exists():
        raise FileNotFoundError(text)
    store = RdflibStore() if backend == "rdflib" else OxigraphStore()
    store.load(text)
    return store


def _target_store(target: str) -> OxigraphStore | EndpointStore:
    if is_endpoint(target):
        return EndpointStore(target)
    if not is_oxigraph(target):
        raise ValueError(f"push target must be oxigraph:PATH or an http(s) URL, not {target!r}")
    return OxigraphStore(target[len("oxigraph:"):])


def push(graph: GraphLike | bytes, target: str, replace: bool = True) -> None:
    """Write ``graph`` (an rdflib Graph, the ``kg.graph.Triples`` that ``kg build`` makes, or
    its N-Triples) to ``oxigraph:PATH`` or an endpoint URL (``kg build --store/--endpoint``).

    With ``replace`` (the default) the target's default graph is replaced, so pushing a
    rebuilt graph leaves no stale triples; otherwise the triples are added (RDF set
    semantics: pushing the same graph twice duplicates nothing).
    An endpoint URL gets a Graph Store Protocol PUT/POST (``…/store?default`` or a base URL)
    or, for an ``…/update`` URL, a SPARQL Update ``INSERT DATA``.
    """
    from kg.graph import sorted_ntriples

    data = graph if isinstance(graph, bytes) else sorted_ntriples(graph)
    store = _target_store(target)
    if isinstance(store, EndpointStore):
        store.load(data, "nt", replace=replace)
        return
    try:
        if replace:
            store.clear()
        store.load(data, "nt")
    finally:
        store.close()


def push_changes(target: str, removed: Sequence[str], added: Sequence[str], expected: int) -> bool:
    """Apply a rebuild's change to ``target``: ``removed`` and ``added`` N-Triples lines in one
    SPARQL Update (``DELETE DATA`` then ``INSERT DATA``), which a store applies whole or not at all.

    Only a target that still holds the graph pushed before can take a change, so the
    update is sent only if it holds ``expected`` triples (that graph's size). The answer is
    False when it does not, when a line has a blank node (``DELETE DATA`` cannot name one)
    or when the update fails: push the whole graph instead. Re-pushing 131,000 triples to an
    on-disk Oxigraph store takes 0.65 s, a change of one article about 0.01 s.
    """
    if any(line.startswith("_:") or " _:" in line for line in (*removed, *added)):
        return False
    store = _target_store(target)
    try:
        if len(store) != expected:
            return False
        parts = [f"{verb} DATA {{\n{''.join(lines)}}}" for verb, lines in (("DELETE", removed), ("INSERT", added))
                 if lines]
        if parts:
            store.update(" ;\n".join(parts))
        return True
    except (RuntimeError, OSError):  # refused (no update service) or lost: the whole graph replaces it anyway
        return False
    finally:
        store.close()


def fetch_graph(target: Graph | str | os.PathLike) -> Graph:
    """Any graph source (file, ``oxigraph:PATH``, endpoint URL) as an rdflib Graph, prefixes bound."""
    from kg.graph import load_graph, new_graph

    if isinstance(target, Graph):
        return target
    text = str(target)
    if not (is_oxigraph(text) or is_endpoint(text)):
        return load_graph(text)
    store = open_store(text)
    try:
        data = store.dump()
    finally:
        store.close()
    graph = new_graph()
    graph.parse(data=data, format="nt")
    return graph
