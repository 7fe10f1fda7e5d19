"""RDF namespaces, declared once for the whole package."""

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, XSD


class CachedNamespace(Namespace):
    """A Namespace that builds each ``NS.term`` URIRef once.

    rdflib's Namespace makes a new URIRef on every attribute access; the graph
    builder reads a few dozen terms hundreds of thousands of times.
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


KG = CachedNamespace("https://w3id.org/kg-ru/ontology#")
"""The project's own ontology (``ontology/kg.ttl``)."""

KGID = CachedNamespace("https://w3id.org/kg-ru/id/")
"""Base of every IRI minted for data (actors, meetings, statements, …)."""

SCHEMA = CachedNamespace("https://schema.org/")
SEM = CachedNamespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = CachedNamespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES = {
    "kg": KG,
    "kgid": KGID,
    "schema": SCHEMA,
    "sem": SEM,
    "prov": PROV,
    "nif": NIF,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
}
