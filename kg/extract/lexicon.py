"""Word lists the extraction rules read, kept as data files in ``lexicons/``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A one-item-per-line lexicon as a set of lower-cased entries (ё read as е)."""
    return frozenset(normal(line) for line in _lines(name))


@lru_cache(maxsize=None)
def groups(name: str) -> dict[str, frozenset[str]]:
    """A lexicon of synonym groups (one group per line) mapping each word to its group."""
    mapping: dict[str, frozenset[str]] = {}
    for line in _lines(name):
        group = frozenset(normal(word) for word in line.split())
        for word in group:
            mapping[word] = group
    return mapping


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, str]:
    """A lexicon of «word value» lines."""
    return dict(line.split(maxsplit=1) for line in _lines(name))


def normal(word: str) -> str:
    return word.lower().replace("ё", "е")


def is_relative(token) -> bool:
    """«который» in any form: it opens a relative clause."""
    return normal(token.text).startswith("котор")
