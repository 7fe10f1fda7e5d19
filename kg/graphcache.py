"""Each article's part of the graph, kept from one build to the next: in memory by a
long-running process, and on disk (beside the fact cache) from one ``kg build`` to the next.

:func:`kg.graph.add_article` adds an article's triples one by one, and what it adds
depends on the article's resolved facts and on what it reads on the way: the first name
of a node, whether a node is already a place or an organisation, the corpus-wide name
index. :class:`GraphCache` records each article's adds and reads with the answers they
got; the next build replays an article's record when its facts are the same and every
read gets the same answer again. When one does not, the article's adds are undone and
it is built afresh, so the graph is always the one a build from scratch makes
(``tests/test_graphcache.py`` checks it).

Records hold N-Triples lines as UTF-8 bytes, not rdflib terms: a replay only hashes
them, the sorted graph is their concatenation, and :mod:`marshal` loads the records of a
thousand articles (37 MB) in about 0.06 s, where building their triples again took a
second (the same records as ``str`` took 0.2 s to decode, and 0.3 s to encode again).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib.term import Node

from kg.atomic import atomic_write
from kg.graph import NameIndex, Triple, add_article, ntriples_term, rdflib_triples
from kg.records import ArticleFacts, Entity

ADD, VALUE, HAS, NAME = range(4)
"""Kinds of recorded step: add a triple; read a node's first value, a triple's presence, a name."""

Steps = list[Any]
"""An article's steps, flat (a list of tuples takes longer to load): ADD, line, its subject
and predicate; VALUE, subject and predicate, the first line with them or None; HAS, line,
present?; NAME, name, :func:`_entity_key` of the answer. Lines and pairs are UTF-8 bytes."""

FORMAT = 2
"""Bumped when the layout of the saved records changes."""

STALE = 0.25
"""How many more records than articles the file may hold (old ones, overwritten or of
removed articles) before :meth:`GraphCache.save` writes it anew instead of appending."""


class LineGraph:
    """The graph as its N-Triples lines, and the first line added for each subject and predicate."""

    def __init__(self) -> None:
        self.lines: set[bytes] = set()
        self.first: dict[bytes, bytes] = {}

    def add(self, line: bytes, pair: bytes) -> bool:
        """Add ``line`` (whose subject and predicate are ``pair``); True if it was not there yet."""
        if line in self.lines:
            return False
        self.lines.add(line)
        self.first.setdefault(pair, line)
        return True

    def remove(self, added: Iterable[tuple[bytes, bytes]]) -> None:
        """Take back lines that :meth:`add` reported new, the last added first."""
        for line, pair in added:
            self.lines.discard(line)
            if self.first.get(pair) == line:  # it was the first: nothing came before
                del self.first[pair]

    def __len__(self) -> int:
        return len(self.lines)


@lru_cache(maxsize=1 << 16)
def _object(line: bytes) -> Node:
    """The object of an N-Triples line, as an rdflib term.

    Memoised: the lines read are the names of nodes, and an entity named in many
    articles has its name read in each."""
    import pyoxigraph as ox

    return rdflib_triples(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))[0][2]


@lru_cache(maxsize=1 << 20)
def _term(node: Node) -> bytes:
    """:func:`kg.graph.ntriples_term` as UTF-8 bytes; memoised here, so the uncached
    function underneath is called (a term is not kept in both caches)."""
    return ntriples_term.__wrapped__(node).encode("utf-8")


def _entity_key(entity: Entity | None) -> tuple | None:
    """What :func:`kg.graph.add_entity` reads of an entity the name index gives."""
    return None if entity is None else (entity.id, entity.type, entity.name, tuple(entity.aliases))


class _RecordingGraph:
    """The graph as one article's builders see it (rdflib terms in, rdflib terms out),
    noting each triple added and each read. A triple the article adds twice is noted
    twice: the replay's second add adds nothing, and checking for it here cost more.

    Equal lines and pairs are one object (``interned``), so that :mod:`marshal` writes each once.
    """

    def __init__(self, graph: LineGraph, steps: Steps, interned: dict[bytes, bytes]):
        self.graph, self.steps, self._interned = graph, steps, interned

    def _pair(self, subject: Node, predicate: Node) -> bytes:
        pair = b"%s %s" % (_term(subject), _term(predicate))
        return self._interned.setdefault(pair, pair)

    def _line(self, pair: bytes, obj: Node) -> bytes:
        line = b"%s %s .\n" % (pair, _term(obj))
        return self._interned.setdefault(line, line)

    def add(self, triple: Triple) -> None:
        pair = self._pair(triple[0], triple[1])
        line = self._line(pair, triple[2])
        self.steps.extend((ADD, line, pair))
        self.graph.add(line, pair)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        pair = self._pair(subject, predicate)
        line = self.graph.first.get(pair)
        self.steps.extend((VALUE, pair, line))
        return None if line is None else _object(line)

    def __contains__(self, triple: Triple) -> bool:
        line = self._line(self._pair(triple[0], triple[1]), triple[2])
        found = line in self.graph.lines
        self.steps.extend((HAS, line, found))
        return found


class _RecordingIndex:
    """The corpus-wide name index as one article sees it, noting each lookup."""

    def __init__(self, index: NameIndex, steps: Steps):
        self.index, self.steps = index, steps

    def get(self, name: str) -> Entity | None:
        found = self.index.get(name)
        self.steps.extend((NAME, name, _entity_key(found)))
        return found


def _replay(graph: LineGraph, index: NameIndex, steps: Steps) -> bool:
    """Redo an article's steps; False (with its adds undone) as soon as a read differs.

    Up to that read a fresh build of the article does exactly what the replay did.
    """
    added: list[tuple[bytes, bytes]] = []
    flat = iter(steps)
    for kind, key, answer in zip(flat, flat, flat):
        if kind == ADD:
            if graph.add(key, answer):
                added.append((key, answer))
            continue
        if kind == VALUE:
            same = graph.first.get(key) == answer
        elif kind == HAS:
            same = (key in graph.lines) == answer
        else:
            same = _entity_key(index.get(key)) == answer
        if not same:
            graph.remove(reversed(added))
            return False
    return True


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


def _frame(record: Any) -> bytes:
    """A record as the file holds it: its length, then its :mod:`marshal` bytes."""
    data = marshal.dumps(record)
    return len(data).to_bytes(8, "little") + data


def _unframe(data: bytes) -> Iterator[Any]:
    """The records of a file; ValueError where it is cut short."""
    view, offset = memoryview(data), 0
    while offset < len(data):
        end = offset + 8 + int.from_bytes(view[offset:offset + 8], "little")
        if end > len(data):
            raise ValueError("records cut short")
        yield marshal.loads(view[offset + 8:end])
        offset = end


class GraphCache:
    """Builds the graph of a corpus again and again, from what it did last time.

    :meth:`build` replays what each unchanged article added; :meth:`ntriples` sorts
    the graph's lines starting from the last graph's order; :meth:`save` and
    :meth:`load` carry both to the next process.

    The file is a first record, (FORMAT, version, sorted lines, steps of each article),
    followed by records of the articles built since, so that adding an article to a
    large corpus appends its steps instead of writing the whole file again (0.3 s for
    a thousand articles). The first record's order of lines may then be a little out of
    date: :meth:`ntriples` only starts from it.
    """

    def __init__(self) -> None:
        self._steps: dict[bytes, Steps] = {}
        self._sorted: list[bytes] = []
        self._sorted_set: set[bytes] | None = set()
        self._interned: dict[bytes, bytes] = {}
        self._unsaved: set[bytes] = set()
        """Articles built since the last :meth:`save` or :meth:`load`."""
        self._file: tuple[Path, str] | None = None
        self._records = 0
        """The file and version that :meth:`save` may append to, and how many article records it holds."""
        self.graph = LineGraph()
        self._changes: tuple[list[bytes], list[bytes]] = ([], [])
        self.replayed = 0
        self.built = 0

    def build(self, facts: Sequence[ArticleFacts], keys: Sequence[str]) -> LineGraph:
        """The graph of ``facts``, each article known by ``keys`` (its resolved facts as a JSON line).

        Its lines are those of :func:`kg.graph.build_triples` of ``facts``; the records
        of articles no longer in ``facts`` are dropped.
        """
        index = NameIndex.from_facts(facts)
        graph = LineGraph()
        kept: dict[bytes, Steps] = {}
        self.replayed = self.built = 0
        for article, key in zip(facts, keys, strict=True):
            digest = _digest(key)
            steps = self._steps.get(digest)
            if steps is not None and _replay(graph, index, steps):
                self.replayed += 1
            else:
                steps = []
                add_article(_RecordingGraph(graph, steps, self._interned), article, _RecordingIndex(index, steps))
                self._unsaved.add(digest)
                self.built += 1
            kept[digest] = steps
        self._steps, self.graph = kept, graph
        return graph

    @property
    def changes(self) -> tuple[list[str], list[str]]:
        """The N-Triples lines that the last :meth:`ntriples` removed and added, sorted
        (decoded when asked for: only a store kept up to date needs them)."""
        return tuple([line.decode("utf-8") for line in lines] for lines in self._changes)

    def ntriples(self) -> bytes:
        """Exactly :func:`kg.graph.sorted_ntriples` of the last graph built.

        The graph is mostly the one before: the lines it kept stay in their order and
        the few new ones are merged in.
        """
        present = self.graph.lines
        known = self._sorted_set if self._sorted_set is not None else set(self._sorted)
        merged = [line for line in self._sorted if line in present]
        added = sorted(present - known)
        self._changes = (sorted(known - present), added)
        merged += added
        merged.sort()  # two sorted runs: one merge pass
        self._sorted, self._sorted_set = merged, present
        return b"".join(merged)

    def save(self, path: Path, version: str) -> None:
        """The records and the last sorted graph to ``path``, for a build of the same ``version``:
        appended to what :meth:`load` or :meth:`save` found or left there, unless that holds
        too many records no longer used."""
        fresh = {digest: self._steps[digest] for digest in self._unsaved if digest in self._steps}
        if self._file == (path, version) and self._records + len(fresh) <= len(self._steps) * (1 + STALE):
            if fresh:
                with path.open("ab") as handle:
                    handle.write(_frame(fresh))
                self._records += len(fresh)
        else:
            data = _frame((FORMAT, version, self._sorted, self._steps))
            with atomic_write(path, "wb", durable=False) as handle:  # a damaged file only costs a rebuild
                handle.write(data)
            self._file, self._records = (path, version), len(self._steps)
        self._unsaved.clear()

    @classmethod
    def load(cls, path: Path, version: str) -> GraphCache:
        """What :meth:`save` wrote for ``version``; an empty cache if there is none (or it is
        of another version, or damaged). Of a file cut short (a build stopped while appending),
        the records before the cut."""
        cache = cls()
        try:
            records = _unframe(path.read_bytes())
            fmt, saved, lines, steps = next(records)
            if fmt != FORMAT or saved != version or not isinstance(lines, list) or not isinstance(steps, dict):
                return cache
            cache._sorted, cache._sorted_set, cache._steps = lines, None, steps
            cache._records = len(steps)
            for added in records:
                cache._steps.update(added)
                cache._records += len(added)
        except (OSError, EOFError, ValueError, TypeError, StopIteration):
            return cache  # what was read so far; the next save writes the file anew
        cache._file = (path, version)
        return cache
