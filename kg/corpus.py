"""Reading corpus files into articles.

Inputs: raw sample files (an optional ``date YYYY-MM-DD`` header before the
text), plain ``.txt``/``.md`` files, JSONL files of ``{id, date, source, url,
title, text}`` records, and directories of any of these. Russian news dumps come
in UTF-8 and in cp1251; both are decoded. A file that cannot be read as Russian
text is reported with the reason and skipped, never stopping the batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_NOT_CYRILLIC = re.compile(r"[^А-Яа-яЁё]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
MAX_HEADLINE = 200
MIN_CYRILLIC_SHARE = 0.5
"""Share of letters that must be Cyrillic for a text to count as Russian."""


@dataclass
class Article:
    id: str
    text: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None
    """Where it was read (``file`` or ``file:line``), for reports; not part of the article."""


@dataclass
class Skipped:
    """An input that was not read, and why."""

    path: str
    reason: str


class InputError(ValueError):
    """Raised for a single unreadable input; the batch reports it and goes on."""


def decode(data: bytes) -> str:
    """UTF-8 first (it fails loudly on cp1251 bytes), then cp1251."""
    if b"\x00" in data:
        raise InputError("binary content (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as error:
        raise InputError(f"neither UTF-8 nor cp1251 ({error.reason})") from None


def check_russian(text: str) -> None:
    letters = len(_NOT_LETTER.sub("", text))
    if not letters:
        raise InputError("empty: no text")
    share = len(_NOT_CYRILLIC.sub("", text)) / letters
    if share < MIN_CYRILLIC_SHARE:
        raise InputError(f"not Russian text ({share:.0%} of letters are Cyrillic)")


def parse_text(article_id: str, text: str, date: str | None = None) -> Article:
    """Split off the optional ``date YYYY-MM-DD`` header of the raw format."""
    match = _HEADER.match(text)
    if match:
        date = date or match.group(1)
        text = text[match.end():]
    text = text.strip()
    check_russian(text)
    return Article(id=article_id, text=text, date=date, title=headline(text))


def headline(text: str) -> str | None:
    """A short first line with no closing full stop is the article's headline."""
    first = text.split("\n", 1)[0].strip()
    if "\n" in text and 0 < len(first) <= MAX_HEADLINE and not first.endswith((".", "!", "?", "…", ":", "»")):
        return first
    return None


def _record_article(record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no 'text'")
    article_id = record.get("id")
    if not article_id:
        raise InputError(f"{where}: no 'id'")
    date = record.get("date")
    if date is not None and not (isinstance(date, str) and _DATE.match(date)):
        raise InputError(f"{where}: 'date' is not YYYY-MM-DD: {date!r}")
    article = parse_text(str(article_id), text, date)
    article.source = record.get("source")
    article.url = record.get("url")
    article.title = record.get("title") or article.title
    return article


def read_jsonl(path: Path, data: bytes | None = None) -> Iterator[Article | Skipped]:
    """One article per line (of ``data``, if the file was read already); a bad line is skipped on its own."""
    try:
        text = decode(path.read_bytes() if data is None else data)
    except (OSError, InputError) as error:
        yield Skipped(str(path), str(error))
        return
    if not text.strip():
        yield Skipped(str(path), "empty file")
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            article = _record_article(json.loads(line), where)
            article.origin = f"{path}:{number}"
            yield article
        except json.JSONDecodeError as error:
            yield Skipped(f"{path}:{number}", f"invalid JSON ({error.msg})")
        except InputError as error:
            yield Skipped(f"{path}:{number}", str(error).removeprefix(where + ": "))


def read_text_file(path: Path, data: bytes | None = None) -> Article | Skipped:
    try:
        article = parse_text(path.stem, decode(path.read_bytes() if data is None else data))
        article.origin = str(path)
        return article
    except OSError as error:
        return Skipped(str(path), error.strerror or str(error))
    except InputError as error:
        return Skipped(str(path), str(error))


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the readable files inside directories named, in sorted order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            )
        else:
            yield path


def read_file(path: Path, data: bytes | None = None) -> list[Article | Skipped]:
    """The articles of one corpus file (of ``data``, if it was read already)."""
    if data is None and not path.exists():
        return [Skipped(str(path), "no such file or directory")]
    if path.suffix.lower() in JSONL_SUFFIXES:
        return list(read_jsonl(path, data))
    return [read_text_file(path, data)]


def read_corpus(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Every article in ``paths``; unreadable inputs come out as :class:`Skipped`."""
    for path in expand(paths):
        yield from read_file(path)


def _split(items: Iterable[Article | Skipped]) -> tuple[list[Article], list[Skipped]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in items:
        (skipped if isinstance(item, Skipped) else articles).append(item)
    return articles, skipped


def split_corpus(paths: Iterable[str | Path]) -> tuple[list[Article], list[Skipped]]:
    """The readable articles of ``paths``, and the inputs that were skipped."""
    return _split(read_corpus(paths))


class CorpusReader:
    """:func:`split_corpus` for a corpus read again and again (``kg build --watch``): a file
    whose bytes did not change is not parsed again."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[bytes, list[Article | Skipped]]] = {}

    def split(self, paths: Iterable[str | Path]) -> tuple[list[Article], list[Skipped]]:
        items: list[Article | Skipped] = []
        files = {}
        for path in expand(paths):
            try:
                data = path.read_bytes()
            except OSError:
                items += read_file(path)  # says why it cannot be read
                continue
            digest = _digest(data)
            known = self._files.get(path)
            parsed = known[1] if known is not None and known[0] == digest else read_file(path, data)
            files[path] = (digest, parsed)
            items += parsed
        self._files = files
        return _split(items)

    def unchanged(self, paths: Iterable[str | Path]) -> bool:
        """Whether ``paths`` now hold the very files, with the same bytes, that the last
        :meth:`split` read (an unreadable file never counts as unchanged)."""
        count = 0
        for path in expand(paths):
            known = self._files.get(path)
            try:
                if known is None or known[0] != _digest(path.read_bytes()):
                    return False
            except OSError:
                return False
            count += 1
        return count == len(self._files)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
