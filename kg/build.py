"""``kg build``: corpus in, facts (and the graph and explorer) out, with progress and a summary."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.atomic import atomic_write
from kg.cache import CacheStats, FactCache, code_version
from kg.corpus import Article, CorpusReader, Skipped
from kg.engine import Engine, collector_paused, extract_all
from kg.records import ArticleFacts
from kg.store import is_oxigraph

console = Console(stderr=True)

GRAPH_RECORDS = "graph.marshal"
"""The file in the cache's version directory that carries each article's part of the graph to the next build."""


def fact_line(article: ArticleFacts) -> str:
    """An article's resolved facts as one JSON line (without the newline)."""
    return json.dumps(article.to_json(), ensure_ascii=False)


def fact_lines(facts: list[ArticleFacts]) -> list[str]:
    return [fact_line(article) for article in facts]


def write_lines(lines: list[str], path: Path) -> None:
    with atomic_write(path) as handle:
        handle.writelines(line + "\n" for line in lines)


def summary_table(facts: list[ArticleFacts], skipped: list[Skipped]) -> Table:
    actors = {e.id for a in facts for e in a.entities}
    meetings = {m.id for a in facts for m in a.meetings}
    table = Table(title="kg build", show_header=False)
    for label, value in (
        ("articles", len(facts)),
        ("actors", len(actors)),
        ("meetings", len(meetings)),
        ("roles", sum(len(a.roles) for a in facts)),
        ("statements", sum(len(a.statements) for a in facts)),
        ("skipped inputs", len(skipped)),
    ):
        table.add_row(label, str(value))
    return table


class Build:
    """``kg build``'s stages over a corpus, ready to run again on a changed corpus.

    With ``keep`` (what ``kg build --watch`` uses) the models, the cached facts and each
    article's part of the graph stay in memory between runs, so a run after one
    article changed costs that article's extraction and the corpus-wide merge.
    Without it a run is exactly a one-off ``kg build``.
    """

    def __init__(
        self,
        out: str | Path,
        model: str | None = None,
        *,
        workers: int = 1,
        engine: str = "local",
        scheduler: str | None = None,
        cache_dir: str | None = None,
        use_cache: bool = True,
        graph: bool = True,
        explorer: bool = True,
        targets: Sequence[str] = (),
        keep: bool = False,
    ):
        self.out_dir = Path(out)
        self.model, self.keep = model, keep
        self.engine = Engine(engine, workers, scheduler, model=model)
        self.cache = (
            FactCache(cache_dir or self.out_dir / ".cache", model=model, in_memory=keep) if use_cache else None
        )
        self.graph, self.explorer, self.targets = graph, explorer, list(targets)
        self.reader = CorpusReader()
        self._last_lines: dict[str, tuple[ArticleFacts, str]] | None = {} if keep else None
        """Each article's resolved facts and line in the last run (``keep``)."""
        self._pushed: dict[str, int] = {}
        """Each store or endpoint that holds the last run's graph (``keep``), with its size."""
        self.graph_cache = None
        """Each article's part of the last run's graph (``keep``); a one-off build reads it from the cache."""
        self.report: list[tuple[Any, ...]] = []
        """What the last run printed (a watch sends it to the ``kg build`` it built for)."""
        self.skipped: list[Skipped] = []
        """The inputs the last run skipped."""
        self._written: list[Path] | None = None
        """The files the last run wrote; None until a run went through."""

    def options(self) -> dict[str, Any]:
        """What decides this build's outputs besides its corpus: a ``kg build`` hands itself
        to a watch (:mod:`kg.handoff`) only when they are equal. Engines and workers are not
        among them: every engine gives the same outputs."""
        return {
            "code": code_version(self.model),
            "cache": str(self.cache.root.resolve()) if self.cache is not None else None,
            "graph": self.graph,
            "explorer": self.explorer,
            "targets": [f"oxigraph:{Path(t[len('oxigraph:'):]).resolve()}" if is_oxigraph(t) else t
                        for t in self.targets],
        }

    def is_current(self, corpus: Sequence[str]) -> bool:
        """Whether the last run went through on the very bytes ``corpus`` holds now and its
        files are still there: running again would write the same outputs."""
        return (self._written is not None and all(path.exists() for path in self._written)
                and self.reader.unchanged(corpus))

    def report_text(self) -> str:
        """The last run's report as plain text."""
        out = Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)
        for items in self.report:
            out.print(*items)
        return out.file.getvalue()

    def _print(self, *items: Any) -> None:
        console.print(*items)
        self.report.append(items)

    def run(self, corpus: Sequence[str], stats: CacheStats | None = None) -> list[Skipped]:
        """Build everything into the output directory; returns the inputs that were skipped.

        Per-article facts come from the cache or from extraction on the engine;
        ``stats``, if given, gets the cache's hit and miss counts.
        """
        from kg.resolve import resolve_corpus  # spaCy: not loaded by a kg build that a watch runs

        self.report, self._written = [], None
        articles, skipped = self.reader.split(corpus)
        for item in skipped:
            self._print(f"[yellow]skipped[/] {item.path}: {item.reason}")
        try:
            facts = self._extract(articles, stats, skipped)
            with collector_paused():
                facts = resolve_corpus(facts)
                lines = self._fact_lines(facts)
                write_lines(lines, self.out_dir / "facts.jsonl")
                written = [self.out_dir / "facts.jsonl"]
                if self.graph:
                    written += self._write_graph_outputs(facts, lines)
        except BaseException:
            self._pushed.clear()  # a run cut short may have left a target behind the graph cache
            raise
        self._print(summary_table(facts, skipped))
        self._print("wrote " + ", ".join(map(str, written)))
        self.skipped, self._written = skipped, [path for path in written if isinstance(path, Path)]
        return skipped

    def close(self) -> None:
        """Stop the engine's worker processes (or Dask client) that a kept build holds."""
        self.engine.close()

    def _fact_lines(self, facts: list[ArticleFacts]) -> list[str]:
        """:func:`fact_lines`; a kept build reuses the line of an article whose resolved facts
        are equal to last run's (comparing costs a fifth of serialising)."""
        if self._last_lines is None:
            return fact_lines(facts)
        lines = []
        for article in facts:
            last = self._last_lines.get(article.id)
            lines.append(last[1] if last is not None and last[0] == article else fact_line(article))
        self._last_lines = {article.id: (article, line) for article, line in zip(facts, lines)}
        return lines

    def _extract(self, articles: list[Article], stats: CacheStats | None, skipped: list[Skipped]) -> list[ArticleFacts]:
        """Facts of the articles, from the cache or the engine; an article whose extraction
        fails is reported, added to ``skipped`` and left out."""
        cache = self.cache
        if cache is not None:
            cache.stats = CacheStats()
        columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        failed: list[Skipped] = []
        try:
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task("extract", total=len(articles))
                facts = extract_all(articles, self.engine, cache=cache, skipped=failed,
                                    progress=lambda n: progress.advance(task, n))
        finally:
            if not self.keep:
                self.engine.close()
        for item in failed:
            self._print(f"[red]skipped[/] {item.path}: {item.reason}")
        skipped += failed
        if cache is not None:
            cache.prune()
            cache.forget_unused()
            self._print(f"cache: {cache.stats.hits} articles reused, {cache.stats.misses} extracted")
            if cache.write_error:
                self._print(f"[yellow]cache not written[/]: {cache.write_error}")
            if stats is not None:
                stats.add(cache.stats)
        return facts

    def _write_graph_outputs(self, facts: list[ArticleFacts], lines: list[str]) -> list:
        """graph.ttl (and explorer.html) beside facts.jsonl; the graph pushed to each store or endpoint.

        The graph is built from the last run's parts (:mod:`kg.graphcache`): kept in memory
        by a long-running build, saved in the cache directory for the next one.
        """
        from kg.graph import ntriples_to_turtle, rdflib_triples, write_atomic
        from kg.graphcache import GraphCache

        saved = self.cache.dir / GRAPH_RECORDS if self.cache is not None else None
        version = code_version(self.model)
        graph_cache = self.graph_cache
        if graph_cache is None:
            graph_cache = GraphCache.load(saved, version) if saved is not None else GraphCache()
        size = len(graph_cache.build(facts, lines))
        ntriples = graph_cache.ntriples()
        written = [write_atomic(self.out_dir / "graph.ttl", ntriples_to_turtle(ntriples))]
        if self.explorer:
            import pyoxigraph as ox

            from kg.explore import write_explorer  # networkx and pyvis: only when asked for

            triples = rdflib_triples(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
            written.append(write_explorer(triples, self.out_dir / "explorer.html"))
        for target in self.targets:
            self._push(target, size, ntriples, graph_cache)
            written.append(target)
        if saved is not None:
            try:
                graph_cache.save(saved, version)
            except OSError:
                pass  # like a fact cache entry that cannot be written: the next build is slower
        if self.keep:
            self.graph_cache = graph_cache
        return written

    def _push(self, target: str, size: int, ntriples: bytes, graph_cache) -> None:
        """The graph to a store or endpoint. A kept build sends a target that holds last run's
        graph only the triples that changed since (``kg.store.push_changes``)."""
        from kg.store import push, push_changes

        held = self._pushed.pop(target, None)  # until this push goes through, the target is unknown
        if held is None or not push_changes(target, *graph_cache.changes, held):
            push(ntriples, target)
        if self.keep:
            self._pushed[target] = size


def run_build(corpus: Sequence[str], out: str | Path, model: str | None = None, *,
              stats: CacheStats | None = None, **options) -> list[Skipped]:
    """One ``kg build`` of ``corpus`` into ``out`` (options as for :class:`Build`)."""
    return Build(out, model, **options).run(corpus, stats)
