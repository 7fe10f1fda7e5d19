"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import Article
from kg.nlp import make_nlp
from kg.pipeline import extract_article
from kg.records import ArticleFacts
from kg.resolve import resolve_corpus

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def nlp():
    return make_nlp()


@pytest.fixture(scope="session")
def extract_corpus(nlp):
    """Facts of made-up articles ``{id: (date, text)}``, resolved together as one corpus."""

    def run(articles: dict[str, tuple[str | None, str]]) -> list[ArticleFacts]:
        return resolve_corpus([
            extract_article(nlp(text), Article(id=article_id, text=text, date=date))
            for article_id, (date, text) in articles.items()
        ])

    return run


@pytest.fixture(scope="session")
def extract(extract_corpus):
    """Facts of one made-up article."""

    def run(text: str, date: str | None = "2025-12-03") -> ArticleFacts:
        return extract_corpus({"test": (date, text)})[0]

    return run
