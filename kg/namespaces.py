"""RDF namespaces, declared once for the whole package."""

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, XSD

KG = Namespace("https://w3id.org/kg-ru/ontology#")
"""The project's own ontology (``ontology/kg.ttl``)."""

KGID = Namespace("https://w3id.org/kg-ru/id/")
"""Base of every IRI minted for data (actors, meetings, statements, …)."""

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

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
