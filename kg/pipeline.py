"""From corpus files to resolved facts: the stages of the flow, run in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.corpus import Article, Skipped, split_corpus
from kg.extract.descriptors import resolve_descriptors
from kg.extract.entities import clean_entities
from kg.extract.meetings import extract_meetings
from kg.extract.roles import extract_roles
from kg.extract.statements import extract_statements
from kg.nlp import index_sentences, make_nlp
from kg.records import ArticleFacts
from kg.resolve import resolve_article, resolve_corpus


def extract_article(doc: Doc, article: Article) -> ArticleFacts:
    """Every fact of one parsed article, with article-level canonical names."""
    doc._.article_id = article.id
    doc._.date = article.date
    index_sentences(doc)
    clean_entities(doc)
    entities = resolve_article(doc)
    roles = extract_roles(doc)
    roles += resolve_descriptors(doc, roles)
    return ArticleFacts(
        id=article.id,
        date=article.date,
        source=article.source,
        url=article.url,
        title=article.title,
        entities=entities,
        meetings=extract_meetings(doc),
        roles=roles,
        statements=extract_statements(doc),
    )


def extract_articles(articles: Iterable[Article], nlp: Language) -> Iterator[ArticleFacts]:
    articles = list(articles)
    docs = nlp.pipe(article.text for article in articles)
    for article, doc in zip(articles, docs):
        yield extract_article(doc, article)


@dataclass
class BuildResult:
    facts: list[ArticleFacts] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def build_facts(paths: Iterable[str], nlp: Language | None = None) -> BuildResult:
    """Read, parse, extract and resolve a corpus in one process."""
    articles, skipped = split_corpus(paths)
    return BuildResult(resolve_corpus(list(extract_articles(articles, nlp or make_nlp()))), skipped)
