"""Each article's part of the graph, kept between the builds of a long-running process.

:func:`kg.graph.build_triples` adds the articles one by one, and what an article adds
depends on its resolved facts and on what it reads on the way: the first name of a
node, whether a node is already a place or an organisation, the corpus-wide name
index. :class:`GraphCache` records each article's adds and reads with the answers
they got; the next build replays an article's record when its facts are the same and
every read gets the same answer again. When one does not, the article's adds are
undone and it is built afresh, so the graph is always the one a build from scratch
makes (``tests/test_graphcache.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib.term import Node

from kg.graph import NameIndex, Triple, Triples, add_article, ntriples_line
from kg.records import ArticleFacts, Entity

ADD, VALUE, HAS, NAME = range(4)
"""Kinds of recorded step: add a triple; read a node's first value, a triple's presence, a name."""

Step = tuple[int, Any, Any]
"""(ADD, triple, its N-Triples line) or (VALUE | HAS | NAME, what was read, the answer)."""


class _RecordingGraph:
    """The graph as one article sees it, noting each new triple and each read.

    ``lines`` gets the N-Triples line of every triple new to the graph.
    """

    def __init__(self, triples: Triples, steps: list[Step], lines: list[str]):
        self.triples, self.steps, self.lines = triples, steps, lines
        self._seen: set[Triple] = set()

    def add(self, triple: Triple) -> None:
        if triple in self._seen:  # added by this article already: in the graph, replayed once
            return
        self._seen.add(triple)
        line = ntriples_line(triple)
        self.steps.append((ADD, triple, line))
        if self.triples.add(triple):
            self.lines.append(line)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        found = self.triples.value(subject, predicate)
        self.steps.append((VALUE, (subject, predicate), found))
        return found

    def __contains__(self, triple: Triple) -> bool:
        found = triple in self.triples
        self.steps.append((HAS, triple, found))
        return found


class _RecordingIndex:
    """The corpus-wide name index as one article sees it, noting each lookup."""

    def __init__(self, index: NameIndex, steps: list[Step]):
        self.index, self.steps = index, steps

    def get(self, name: str) -> Entity | None:
        found = self.index.get(name)
        self.steps.append((NAME, name, found))
        return found


def _replay(triples: Triples, index: NameIndex, steps: list[Step], lines: list[str]) -> bool:
    """Redo an article's steps, adding the lines of new triples to ``lines``; False (with
    its adds undone) as soon as a read differs.

    Up to that read a fresh build of the article does exactly what the replay did, so
    it adds the same triples again and their lines stay (each line is written once).
    """
    added: list[Triple] = []
    for kind, key, answer in steps:
        if kind == ADD:
            if triples.add(key):
                added.append(key)
                lines.append(answer)
            continue
        if kind == VALUE:
            same = triples.value(*key) == answer
        elif kind == HAS:
            same = (key in triples) == answer
        else:
            same = index.get(key) == answer
        if not same:
            triples.remove(reversed(added))
            return False
    return True


class GraphCache:
    """Builds the graph of a corpus again and again, from what it did last time.

    :meth:`build` replays what each unchanged article added; :meth:`ntriples` sorts
    the graph's lines starting from the last graph's order.
    """

    def __init__(self) -> None:
        self._steps: dict[str, list[Step]] = {}
        self._lines: list[str] = []
        self._sorted: list[str] = []
        self._sorted_set: set[str] = set()
        self.changes: tuple[list[str], list[str]] = ([], [])
        """The N-Triples lines that the last :meth:`ntriples` removed and added, sorted."""
        self.replayed = 0
        self.built = 0

    def build(self, facts: Sequence[ArticleFacts], keys: Sequence[str]) -> Triples:
        """The graph of ``facts``, each article known by ``keys`` (its resolved facts as a JSON line).

        Equal to :func:`kg.graph.build_triples` of ``facts``; the records of articles
        no longer in ``facts`` are dropped.
        """
        index = NameIndex.from_facts(facts)
        triples = Triples()
        lines: list[str] = []
        kept: dict[str, list[Step]] = {}
        self.replayed = self.built = 0
        for article, key in zip(facts, keys, strict=True):
            steps = self._steps.get(key)
            if steps is not None and _replay(triples, index, steps, lines):
                self.replayed += 1
            else:
                steps = []
                recorder = _RecordingGraph(triples, steps, lines)
                add_article(recorder, article, _RecordingIndex(index, steps))
                self.built += 1
            kept[key] = steps
        self._steps, self._lines = kept, lines
        return triples

    def ntriples(self) -> bytes:
        """Exactly :func:`kg.graph.sorted_ntriples` of the last graph built.

        The graph is mostly the one before: the lines it kept stay in their order and
        the few new ones are merged in.
        """
        present = set(self._lines)  # an article that failed its replay gave some lines twice
        merged = [line for line in self._sorted if line in present]
        added = sorted(present - self._sorted_set)
        self.changes = (sorted(self._sorted_set - present), added)
        merged += added
        merged.sort()  # two sorted runs: one merge pass
        self._sorted, self._sorted_set = merged, present
        return "".join(merged).encode("utf-8")
