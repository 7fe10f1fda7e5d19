"""Every IRI minted for data is minted here, and only here.

Actors, places and meetings carry corpus-wide ids from the resolver, so their IRIs
come straight from those ids: adding the same article twice, or the same meeting
from two articles, lands on the same node. Facts without an id of their own
(roles, statements, evidence spans, anonymous sources) get an IRI from a stable
hash of their content plus the id of the article they came from.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from rdflib import Namespace, URIRef

from kg.namespaces import KGID

_SAFE = set("-._~")
_PLAIN = re.compile(r"[\w.~-]+")  # \w is exactly str.isalnum() plus "_"

ID_KINDS = ("article", "entity", "name", "meeting", "role", "statement", "evidence", "anonymous")
ID_PREFIXES = {kind: Namespace(f"{KGID}{kind}/") for kind in ID_KINDS}
"""One Turtle prefix per kind of minted IRI (``entity:per-0``, ``meeting:m-3``)."""


def _segment(value: str) -> str:
    """One IRI path segment: letters (any script) and digits as they are, the rest %-encoded."""
    value = str(value)
    if _PLAIN.fullmatch(value):
        return value
    out = []
    for char in value:
        if char.isalnum() or char in _SAFE:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out) or "_"


def content_hash(*parts: object, length: int = 16) -> str:
    """A short, stable hex digest of ``parts`` (JSON-encoded, so types matter)."""
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:length]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Normalised form of a name for lookups: lower case, ``ё``→``е``, single spaces."""
    return re.sub(r"\s+", " ", name.lower().replace("ё", "е")).strip()


def slug(name: str) -> str:
    """A readable slug for a name that has no resolver id: ``Новая Зеландия`` → ``новая-зеландия``."""
    return re.sub(r"[^\w]+", "-", name_key(name)).strip("-_") or content_hash(name, length=8)


@lru_cache(maxsize=65536)
def entity_iri(entity_id: str) -> URIRef:
    """Any resolved entity (PER, ORG or LOC) by its corpus-wide id."""
    return KGID[f"entity/{_segment(entity_id)}"]


@lru_cache(maxsize=65536)
def minted_iri(name: str) -> URIRef:
    """An actor or place known only by name (not in the article's entity list)."""
    return KGID[f"name/{_segment(slug(name))}"]


@lru_cache(maxsize=65536)
def meeting_iri(meeting_id: str) -> URIRef:
    return KGID[f"meeting/{_segment(meeting_id)}"]


@lru_cache(maxsize=65536)
def article_iri(article_id: str) -> URIRef:
    return KGID[f"article/{_segment(article_id)}"]


def role_iri(article_id: str, person: str, role: str, org: str | None, start: int, end: int) -> URIRef:
    return KGID[f"role/{content_hash(article_id, person, role, org, start, end)}"]


def statement_iri(
    article_id: str, speaker: str | None, text: str, kind: str, start: int, end: int
) -> URIRef:
    return KGID[f"statement/{content_hash(article_id, speaker, text, kind, start, end)}"]


def evidence_iri(article_id: str, start: int, end: int, anchor: str) -> URIRef:
    return KGID[f"evidence/{content_hash(article_id, start, end, anchor)}"]


def anonymous_iri(article_id: str, label: str | None) -> URIRef:
    """An unnamed source («западный чиновник»): one per distinct label per article."""
    return KGID[f"anonymous/{content_hash(article_id, name_key(label or ''))}"]
