"""Plain records for extracted facts: the shape of one line of ``facts.jsonl``.

One :class:`ArticleFacts` per article, in the shape of the gold ``FORMAT.md``
plus provenance: every fact keeps the sentence it came from and that sentence's
character offsets in the article text, and every actor and meeting carries a
corpus-wide ``id`` so the graph can merge them across articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any


@dataclass
class Evidence:
    """The sentence a fact came from, with its offsets in the article text."""

    sentence: str
    start: int
    end: int


@dataclass
class Entity:
    """A canonical actor or place as it appears in one article."""

    id: str
    name: str
    type: str  # PER | ORG | LOC
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Meeting:
    id: str
    participants: list[str]
    place: list[str]  # most specific first; [] when none stated
    date: str | None  # "YYYY-MM-DD", "A/B" range, or None
    kind: str  # the trigger lemma: переговоры, встреча, визит, …
    evidence: str
    start: int
    end: int


@dataclass
class Role:
    person: str
    role: str  # the full title phrase: «спецпосланник президента США»
    title: str  # the role word's lemma: «спецпосланник»
    org: str | None  # organisation or country the role belongs to, if stated
    evidence: str
    start: int
    end: int


@dataclass
class Statement:
    speaker: str | None  # canonical name, "anonymous", or None when unresolved
    text: str
    kind: str  # direct | indirect
    speaker_label: str | None  # the words naming an anonymous source
    mentions: list[str]
    evidence: str
    start: int  # offsets of the quoted/reported text in the article
    end: int
    anchor: str | None = None
    """The article's text from ``start`` to ``end`` when ``text`` is not all of it: a quotation
    interrupted by its attribution («…, — сказал он. — …») leaves the attribution out."""


@dataclass
class ArticleFacts:
    id: str
    date: str | None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    entities: list[Entity] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for JSON (what ``dataclasses.asdict`` gives, without its deep copies)."""
        data = _plain(self)
        for kind in ("entities", "meetings", "roles", "statements"):
            data[kind] = [_plain(item) for item in data[kind]]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleFacts:
        def build(kind, items):
            names = _field_names(kind)
            return [
                kind(**item) if item.keys() <= names else kind(**{k: v for k, v in item.items() if k in names})
                for item in items or []
            ]

        entities = build(Entity, data.get("entities"))
        for entity in entities:
            entity.mentions = [tuple(m) for m in entity.mentions]
        return cls(
            id=data["id"],
            date=data.get("date"),
            source=data.get("source"),
            url=data.get("url"),
            title=data.get("title"),
            entities=entities,
            meetings=build(Meeting, data.get("meetings")),
            roles=build(Role, data.get("roles")),
            statements=build(Statement, data.get("statements")),
        )


def _plain(record: Any) -> dict[str, Any]:
    """A flat record's fields; its lists are copied, their items (strings, numbers, pairs) shared."""
    return {name: list(value) if isinstance(value, list) else value for name, value in vars(record).items()}


@cache
def _field_names(kind: type) -> frozenset[str]:
    """A record's field names: keys of older or newer facts files that it lacks are ignored."""
    return frozenset(f.name for f in fields(kind))
