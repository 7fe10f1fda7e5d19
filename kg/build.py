"""``kg build``: corpus in, facts (and the graph and explorer) out, with progress and a summary."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.atomic import atomic_write
from kg.cache import CacheStats, FactCache
from kg.corpus import Skipped, split_corpus
from kg.engine import extract_all
from kg.records import ArticleFacts
from kg.resolve import resolve_corpus

console = Console(stderr=True)


def write_facts(facts: list[ArticleFacts], path: Path) -> None:
    with atomic_write(path) as handle:
        for article in facts:
            handle.write(json.dumps(article.to_json(), ensure_ascii=False) + "\n")


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


def run_build(
    corpus: list[str],
    out: str,
    model: str | None = None,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: str | None = None,
    use_cache: bool = True,
    stats: CacheStats | None = None,
    graph: bool = True,
    explorer: bool = True,
    targets: list[str] = (),
) -> list[Skipped]:
    """Build everything into ``out``; returns the inputs that were skipped.

    Per-article facts come from the cache (``cache_dir``, default ``OUT/.cache``)
    or from extraction on ``engine`` with ``workers``; ``stats``, if given, gets
    the cache's hit and miss counts.
    """
    out_dir = Path(out)
    articles, skipped = split_corpus(corpus)
    for item in skipped:
        console.print(f"[yellow]skipped[/] {item.path}: {item.reason}")
    cache = FactCache(cache_dir or out_dir / ".cache", model=model) if use_cache else None
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("extract", total=len(articles))
        facts = extract_all(
            articles, engine, workers, scheduler, model=model, cache=cache,
            progress=lambda n: progress.advance(task, n),
        )
    if cache is not None:
        cache.prune()
        console.print(f"cache: {cache.stats.hits} articles reused, {cache.stats.misses} extracted")
        if stats is not None:
            stats.add(cache.stats)
    facts = resolve_corpus(facts)
    write_facts(facts, out_dir / "facts.jsonl")
    written = [out_dir / "facts.jsonl"]
    if graph:
        written += write_graph_outputs(facts, out_dir, explorer=explorer, targets=targets)
    console.print(summary_table(facts, skipped))
    console.print("wrote " + ", ".join(map(str, written)))
    return skipped


def write_graph_outputs(facts: list[ArticleFacts], out_dir: Path, *, explorer: bool, targets: list[str]) -> list:
    """graph.ttl (and explorer.html) beside facts.jsonl; the graph pushed to each store or endpoint."""
    from kg.explore import write_explorer
    from kg.graph import build_triples, write_turtle
    from kg.store import push

    rdf = build_triples(facts)
    written = [write_turtle(rdf, out_dir / "graph.ttl")]
    if explorer:
        written.append(write_explorer(rdf, out_dir / "explorer.html"))
    for target in targets:
        push(rdf, target)
        written.append(target)
    return written
