"""Word lists the extraction rules read, kept as data files in ``lexicons/``."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

LEXICON_DIR = Path(__file__).with_name("lexicons")
NORMAL_LEMMA_MEMO_SIZE = 200_000
_normal_lemmas: dict[int, str] = {}
if not Doc.has_extension("normal_lemmas"):
    Doc.set_extension("normal_lemmas", default=None)
if not Doc.has_extension("lower_forms"):
    Doc.set_extension("lower_forms", default=None)


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
    """A lexicon of «word value» lines («word» alone: an empty value)."""
    return {parts[0]: parts[1] if len(parts) > 1 else "" for parts in (line.split(maxsplit=1) for line in _lines(name))}


def normal(word: str) -> str:
    return word.lower().replace("ё", "е")


def is_relative(token) -> bool:
    """«который» in any form: it opens a relative clause."""
    return normal(token.text).startswith("котор")


def normal_lemmas(doc: Doc) -> list[str]:
    """``normal(token.lemma_)`` of every token, from one array read and a memo by lemma hash,
    kept on the Doc (``Doc._.normal_lemmas``) for the other rules that scan it.

    Scans over a whole document test every token's lemma; reading them
    through Token objects cost more than the rest of those scans.
    """
    kept = doc._.normal_lemmas
    if kept is not None and len(kept) == len(doc):
        return kept
    strings = doc.vocab.strings
    keys = doc.to_array(LEMMA).tolist()
    if len(_normal_lemmas) >= NORMAL_LEMMA_MEMO_SIZE:
        _normal_lemmas.clear()
    for key in set(keys).difference(_normal_lemmas):
        _normal_lemmas[key] = normal(strings[key])
    doc._.normal_lemmas = list(map(_normal_lemmas.__getitem__, keys))
    return doc._.normal_lemmas


def lower_forms(doc: Doc) -> list[str]:
    """``token.lower_`` of every token from one array read, kept on the Doc (``Doc._.lower_forms``)
    for the rules that walk a clause word by word."""
    kept = doc._.lower_forms
    if kept is None or len(kept) != len(doc):
        strings = doc.vocab.strings
        kept = doc._.lower_forms = [strings[key] for key in doc.to_array(LOWER).tolist()]
    return kept


def tokens_with_lemma(doc: Doc, lemmas: list[str], wanted: Collection[str]) -> list[Token]:
    """The tokens of ``doc`` whose normal lemma (``lemmas`` from normal_lemmas) is one of ``wanted``."""
    if not isinstance(wanted, (set, frozenset)):
        wanted = frozenset(wanted)
    if wanted.isdisjoint(lemmas):  # most documents have none of a lexicon's words: one pass in C
        return []
    return [doc[i] for i, lemma in enumerate(lemmas) if lemma in wanted]
