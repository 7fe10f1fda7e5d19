"""The per-article fact cache that makes ``kg build`` incremental.

Per-article extraction depends only on the article and on the pipeline's code
and word lists; the corpus-wide merge (:func:`kg.resolve.resolve_corpus`) is
cheap and always re-run. So an article's *unresolved* facts are cached under a
key made of

- the article's content hash: sha256 of its id, date, metadata and text, and
- the pipeline version: ``kg.__version__``, the spaCy model name (if any), the
  versions of spaCy and Natasha, and a hash of the lexicon files and of the
  extraction source files, so that a rule or lexicon change invalidates it.

Each entry is one small JSON file written atomically
(``CACHE/<version>/<ab>/<key>.json``); entries of other pipeline versions are
removed by :meth:`FactCache.prune`. A build reads the current corpus and takes
every article's facts from the cache or from extraction, so a removed article
simply drops out of the output.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import kg
from kg.atomic import atomic_write
from kg.corpus import Article
from kg.records import ArticleFacts

PACKAGE_DIR = Path(kg.__file__).parent
LEXICON_DIR = PACKAGE_DIR / "extract" / "lexicons"
SOURCE_FILES = (
    "extract/*.py",
    "pipeline.py",
    "resolve.py",
    "names.py",
    "nlp.py",
    "records.py",
)
"""Package files (globs relative to ``kg/``) whose code decides per-article facts."""

FORMAT = 1
"""Bumped when the layout of a cache entry changes."""


def _hash_files(digest: Any, files: list[Path], root: Path) -> None:
    for path in files:
        if path.name.startswith(".") or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def pipeline_version(model: str | None = None) -> str:
    """A hex digest that changes whenever per-article extraction may change (a few ms to compute)."""
    digest = hashlib.sha256()
    for part in (f"format={FORMAT}", f"kg={kg.__version__}", f"model={model or 'natasha'}",
                 f"spacy={_dist_version('spacy')}", f"natasha={_dist_version('natasha')}"):
        digest.update(part.encode("utf-8") + b"\0")
    lexicons = LEXICON_DIR
    digest.update(b"lexicons\0")
    _hash_files(digest, sorted(p for p in lexicons.rglob("*") if p.is_file()), lexicons)
    digest.update(b"sources\0")
    sources = sorted({p for pattern in SOURCE_FILES for p in PACKAGE_DIR.glob(pattern) if p.is_file()})
    _hash_files(digest, sources, PACKAGE_DIR)
    return digest.hexdigest()


def code_version(model: str | None = None) -> str:
    """A hex digest of the pipeline's version and of every file of the package: a
    long-running build started from other code does not build for this one."""
    digest = hashlib.sha256(pipeline_version(model).encode("ascii"))
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    _hash_files(digest, files, PACKAGE_DIR)
    return digest.hexdigest()


def article_hash(article: Article) -> str:
    """sha256 of everything extraction sees of an article: id, date, metadata, text."""
    record = [article.id, article.date, article.source, article.url, article.title, article.text]
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    """What one build took from the cache (hits) and had to extract (misses)."""

    hits: int = 0
    misses: int = 0
    written: int = 0

    def add(self, other: CacheStats) -> None:
        self.hits += other.hits
        self.misses += other.misses
        self.written += other.written


class FactCache:
    """Unresolved :class:`ArticleFacts` on disk, one JSON file per article and version."""

    def __init__(
        self, root: str | Path, version: str | None = None, model: str | None = None, *, in_memory: bool = False
    ):
        self.root = Path(root)
        self.version = version or pipeline_version(model)
        self.dir = self.root / self.version[:24]
        self.stats = CacheStats()
        self._memory: dict[Path, str] | None = {} if in_memory else None
        """Entries read or written so far (``in_memory``): a long-running build reads each file once."""
        self._used: set[Path] = set()
        self.write_error: str | None = None
        """Why entries are not being written (a full disk, a read-only or mistyped directory)."""

    def path(self, article: Article) -> Path:
        key = article_hash(article)
        return self.dir / key[:2] / f"{key}.json"

    def get(self, article: Article) -> ArticleFacts | None:
        """The cached facts of ``article``, or None (a miss) — a damaged entry is a miss too."""
        path = self.path(article)
        try:
            text = self._memory.get(path) if self._memory is not None else None
            if text is None:
                text = path.read_text(encoding="utf-8")
            entry = json.loads(text)
            if entry.get("version") != self.version or entry.get("id") != article.id:
                raise ValueError("stale entry")
            facts = ArticleFacts.from_json(entry["facts"])
        except (OSError, ValueError, KeyError, TypeError):
            self.stats.misses += 1
            return None
        self._remember(path, text)
        self.stats.hits += 1
        return facts

    def put(self, article: Article, facts: ArticleFacts | dict) -> None:
        """Store facts (before corpus-wide resolution, which mutates them)."""
        data = facts if isinstance(facts, dict) else facts.to_json()
        entry = {"version": self.version, "id": article.id, "facts": data}
        text = json.dumps(entry, ensure_ascii=False)  # json.dump would use the pure-Python encoder
        path = self.path(article)
        if self.write_error is None:
            try:
                with atomic_write(path, durable=False) as handle:  # a damaged entry is a miss
                    handle.write(text)
            except OSError as error:  # the build goes on; it is only slower next time
                self.write_error = f"{error.filename or path}: {error.strerror or error}"
            else:
                self.stats.written += 1
        self._remember(path, text)

    def _remember(self, path: Path, text: str) -> None:
        if self._memory is not None:
            self._memory[path] = text
            self._used.add(path)

    def forget_unused(self) -> None:
        """Drop the in-memory entries that no get or put touched since the last call."""
        if self._memory is not None:
            self._memory = {path: self._memory[path] for path in self._used}
            self._used = set()

    def prune(self) -> int:
        """Remove entries of other pipeline versions; returns how many version dirs went."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for child in self.root.iterdir():
            if child.is_dir() and child != self.dir and len(child.name) == 24:
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
        return removed

