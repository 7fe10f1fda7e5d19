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
def extract(nlp):
    """Facts of one made-up article, resolved as a corpus of one."""

    def run(text: str, date: str | None = "2025-12-03", article_id: str = "test") -> ArticleFacts:
        article = Article(id=article_id, text=text, date=date)
        return resolve_corpus([extract_article(nlp(text), article)])[0]

    return run
