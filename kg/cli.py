"""The ``kg`` command line: thin wrappers over the pipeline's stages."""

from __future__ import annotations

import atexit
import os
import sys
import threading

import typer

app = typer.Typer(
    help="Build and query a knowledge graph of Russian-language political news.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _commands() -> None:
    """A group callback keeps ``kg eval`` a subcommand even while it is the only one."""


@app.command("build")
def build_command(
    corpus: list[str] = typer.Argument(None, help="Files or directories of articles (default: corpus/)."),
    out: str = typer.Option("out", "-o", "--out", help="Output directory."),
    model: str = typer.Option(None, "--model", help="An installed spaCy pipeline to use instead of Natasha."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Extraction processes (or Dask workers)."),
    cache: str = typer.Option(None, "--cache", help="Per-article fact cache directory (default: OUT/.cache)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every article; neither read nor write the cache."),
    engine: str = typer.Option("local", "--engine", help="local (serial or a process pool) or dask."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    store: str = typer.Option(None, "--store", help="Also load the graph into oxigraph:PATH (a persistent store)."),
    endpoint: str = typer.Option(None, "--endpoint", help="Also push the graph to a SPARQL 1.1 endpoint URL."),
    no_explorer: bool = typer.Option(False, "--no-explorer", help="Skip OUT/explorer.html."),
    facts_only: bool = typer.Option(False, "--facts-only", help="Write OUT/facts.jsonl only (no graph, no explorer)."),
    watch: bool = typer.Option(
        False, "--watch",
        help="Then keep running: build again whenever a corpus file is added, changed or removed, "
             "and for each kg build into OUT.",
    ),
) -> None:
    """Extract facts from a corpus; write OUT/facts.jsonl, OUT/graph.ttl and OUT/explorer.html."""
    from kg.engine import ENGINES, limit_blas_threads

    limit_blas_threads()  # before anything loads numpy
    from kg.build import Build

    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    build = Build(
        out, model=model, workers=workers, engine=engine,
        scheduler=scheduler, cache_dir=cache, use_cache=not no_cache,
        graph=not facts_only, explorer=not (no_explorer or facts_only),
        targets=[t for t in (store, endpoint) if t], keep=watch,
    )
    corpus = corpus or ["corpus"]
    from kg.handoff import HandOffError, hand_off, watcher

    if watch:
        from kg.watch import watch_corpus

        if (pid := watcher(out)) is not None:
            typer.echo(f"kg build: {out} is kept up to date by kg build --watch already (pid {pid})", err=True)
            raise typer.Exit(2)
        watch_corpus(corpus, build)
        return
    try:
        reply = hand_off(out, corpus, build.options)
    except HandOffError as error:
        typer.echo(f"kg build: {error}", err=True)
        raise typer.Exit(1) from error
    if reply is not None:  # a watch keeps OUT: it built, or told why it would not
        typer.echo(f"kg build: {reply.text}", err=True, nl=False)
        raise typer.Exit(reply.status)
    try:
        skipped = build.run(corpus)
    except OSError as error:  # an output that cannot be written: nothing half-written is left
        typer.echo(f"kg build: cannot write {error.filename or out}: {error.strerror or error}", err=True)
        raise typer.Exit(2) from error
    raise typer.Exit(1 if skipped else 0)


@app.command("eval")
def eval_command(
    gold: str = typer.Argument(..., help="Gold facts, JSONL in the shape of gold/FORMAT.md."),
    pred: str = typer.Argument(..., help="Predicted facts, JSONL in the same shape."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Score predicted facts against gold facts (P/R/F1 per field, meeting-date accuracy)."""
    import json

    from rich.console import Console
    from rich.table import Table

    from kg.evaluate import FIELDS, InputError, evaluate, read_articles

    try:
        report = evaluate(read_articles(gold), read_articles(pred))
    except InputError as err:
        typer.echo(f"kg eval: {err}", err=True)
        raise typer.Exit(2) from err
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return

    def fmt(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    table = Table(title=f"kg eval: {report.articles} gold articles")
    for column in ("field", "P", "R", "F1", "tp/fp/fn"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name in FIELDS:
        score = getattr(report, name)
        counts = f"{score.tp}/{score.fp}/{score.fn}"
        table.add_row(name, fmt(score.precision), fmt(score.recall), fmt(score.f1), counts)
    console = Console()
    console.print(table)
    dates = report.meeting_dates
    console.print(f"meeting dates: accuracy {fmt(dates.accuracy)} ({dates.correct}/{dates.n})")


@app.command("explore")
def explore_command(
    graph: str = typer.Argument(..., help="The graph: a Turtle (.ttl) or N-Triples (.nt) file."),
    out: str = typer.Option("explorer.html", "-o", "--out", help="The HTML file to write."),
    title: str = typer.Option(None, "--title", help="Page title (default: the graph file's name)."),
    rdf_format: str = typer.Option(None, "--format", help="RDF syntax, if the file extension does not tell."),
) -> None:
    """Write a self-contained interactive HTML explorer of a graph (works offline)."""
    import time
    from pathlib import Path

    from kg.explore import read_rdf, write_explorer

    start = time.perf_counter()
    try:
        triples = read_rdf(graph, rdf_format)
    except (OSError, SyntaxError, ValueError) as err:
        typer.echo(f"kg explore: cannot read {graph}: {err}", err=True)
        raise typer.Exit(2) from err
    parsed = time.perf_counter()
    timings: dict[str, float] = {}
    path = write_explorer(triples, out, title=title or Path(graph).name, timings=timings)
    typer.echo(
        f"wrote {path} ({len(triples)} triples; parse {parsed - start:.2f}s, read {timings['extract']:.2f}s, "
        f"layout {timings['layout']:.2f}s, html {timings['render'] + timings['write']:.2f}s)"
    )


@app.command("query")
def query_command(
    graph: str = typer.Argument(..., help="The graph: a .ttl/.nt file, oxigraph:PATH, or an http(s) SPARQL endpoint URL."),
    query: str = typer.Argument(
        ..., help="A named query (meetings, timeline, co-attendance, statements-by, roles-of, mentions), a .rq file, or SPARQL text."
    ),
    param: list[str] = typer.Option(None, "--param", "-p", help="A query parameter as name=value (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    backend: str = typer.Option("oxigraph", "--backend", help="For a graph file: oxigraph or rdflib (in memory)."),
    limit: int = typer.Option(50, "--limit", min=0, help="Rows per page; 0 for all of them."),
    offset: int = typer.Option(0, "--offset", min=0, help="Rows to skip: where the page starts."),
) -> None:
    """Run a named SPARQL query, a page of rows at a time; parameters are bound as RDF terms, never raw text."""
    from kg.query import format_rows, load_query, parse_params, print_table, run_query
    from kg.store import open_store

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("choose table, csv or json", param_hint="--format")
    try:
        named = load_query(query)
        store = open_store(graph, backend=backend)
        # one row past the page tells whether there is a next one
        rows = run_query(store, named, parse_params(param), limit=limit + 1 if limit else None, offset=offset)
        store.close()
    except (KeyError, ValueError, OSError, RuntimeError, SyntaxError) as err:
        typer.echo(f"kg query: {err}", err=True)
        raise typer.Exit(2) from err
    more = bool(limit) and len(rows) > limit
    rows = rows[:limit] if limit else rows
    if fmt == "table":
        print_table(rows, title=named.name)
    else:
        typer.echo(format_rows(rows, fmt), nl=False)
    if more:
        typer.echo(f"kg query: more rows from --offset {offset + limit} (--limit 0 for all)", err=True)


@app.command("export")
def export_command(
    graph: str = typer.Argument(..., help="The graph: a .ttl/.nt file, oxigraph:PATH, or an http(s) SPARQL endpoint URL."),
    fmt: str = typer.Option("turtle", "--format", "-f", help="turtle, jsonld, nt, graphml or gexf."),
    out: str = typer.Option(..., "-o", "--out", help="The file to write (atomically)."),
) -> None:
    """Export a graph as Turtle, JSON-LD, N-Triples, or (actors/places/meetings/roles) GraphML/GEXF."""
    from kg.export import FORMATS, export_graph
    from kg.store import fetch_graph

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        rdf = fetch_graph(graph)
        path = export_graph(rdf, fmt, out)
    except (ValueError, OSError, RuntimeError, SyntaxError) as err:
        typer.echo(f"kg export: {err}", err=True)
        raise typer.Exit(2) from err
    typer.echo(f"wrote {path} ({len(rdf)} triples, {fmt})")


def main() -> None:
    """The ``kg`` script: :data:`app`, then an exit that does not free the heap.

    Freeing the models' and the libraries' objects one by one took 0.15–0.3 s, a tenth of
    a ``kg build`` that re-extracts one article; the exit handlers still run and the
    standard streams are flushed. With another thread still running, the exit is the usual one.
    """
    try:
        app()
    except SystemExit as done:
        if any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
            raise
        status = done.code
    else:
        status = 0
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (kg … | head) or stream
            pass
    os._exit(status or 0)


if __name__ == "__main__":
    main()
