"""Named queries on a graph of a million triples: rdflib against Oxigraph.

    .venv/bin/python benchmarks/graph_scale.py [--triples 1000000] [--seed 0] [--repeat 3]

Generates synthetic facts (``kg.synth.generate_facts``: no real names, corpus-wide
ids, shared meetings, aliases, anonymous speakers) in the shape of the pipeline's
output, builds the graph in the project's ontology with ``kg.graph.build_graph``
until it holds at least ``--triples`` triples, writes it as N-Triples the way ``kg
build`` writes its graph and fills a store (``kg.graph.sorted_ntriples``: lines sorted,
so each node's triples are together; ``--order rdflib`` keeps the order of rdflib's
N-Triples serializer instead, which scatters them), then loads
that file into rdflib (``Graph.parse``) and into an in-memory pyoxigraph Store
(``bulk_load``), each in a fresh process (so the RSS growth is the store's), and
runs every named query of ``queries/*.rq`` through ``kg.query.run_query`` on
both, twice: the first page as ``kg query`` shows it (``limit=PAGE``) and all
rows (no limit). Each is timed on its first run (rdflib prepares and caches the
query then) and as the median of ``--repeat`` more. Parameters are filled from
the data (the most frequent speaker's, role holder's and mentioned entity's
last name word). The rows of both stores are compared, and each page with the
start of all rows. Target: every named query under 0.2 s on Oxigraph at 1M
triples. ``--disk`` also times them on a persistent Oxigraph store (RocksDB, what ``kg build
--store oxigraph:DIR`` fills). ``--variants`` also times the lookups on Oxigraph with their
parameters bound by a ``VALUES`` block (``kg.store.bind_values``) instead of
written into the query (``kg.store.bind_parameters``, what the store does).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph import build_graph, sorted_ntriples  # noqa: E402
from kg.query import list_queries, run_query  # noqa: E402
from kg.store import OxigraphStore, RdflibStore, bind_values  # noqa: E402
from kg.synth import generate_facts  # noqa: E402

TARGET_SECONDS = 0.2
MAX_PEOPLE = 2500
PAGE = 50  # kg query's default --limit
FORMS = {"page": PAGE, "all": None}  # what is timed: the first page, all rows


def rss_mb() -> float:
    """Current resident set size (Linux /proc), in MB."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def make_facts(triples: int, seed: int):
    """Enough synthetic articles for ``triples`` triples, sized from a 200-article probe."""
    probe = generate_facts(200, seed)
    per_article = len(build_graph(probe)) / 200
    n_articles = int(triples / per_article * 1.03) + 1
    while True:
        # The cast is capped at MAX_PEOPLE so that the graph is the one the published
        # figures (benchmarks/README.md) were measured on; generate_facts itself would take
        # more people (place names grow a syllable when the short ones run out).
        facts = generate_facts(n_articles, seed, n_people=min(n_articles // 2, MAX_PEOPLE))
        yield facts, n_articles
        n_articles = int(n_articles * 1.1) + 1


def parameters(facts) -> dict[str, str]:
    """A value for each known query parameter that matches something in the data."""
    def last_word(counter: Counter) -> str:
        return counter.most_common(1)[0][0].split()[-1] if counter else "а"

    speakers = Counter(s.speaker for a in facts for s in a.statements if s.speaker not in (None, "anonymous"))
    holders = Counter(r.person for a in facts for r in a.roles)
    mentioned = Counter(m for a in facts for s in a.statements for m in s.mentions)
    return {"speaker": last_word(speakers), "person": last_word(holders), "entity": last_word(mentioned)}


def run_named(run, repeat: int) -> tuple[list, float, float]:
    """``run()``'s rows, its first time and the median of ``repeat`` more."""
    rows, first = timed(run)
    if first > 5:  # rdflib at scale: one warm run is enough to show it
        repeat = min(repeat, 1)
    warm = [timed(run)[1] for _ in range(repeat)]
    return rows, first, statistics.median(warm) if warm else first


def variants(nt: str, params: dict, repeat: int) -> None:
    """Each lookup on Oxigraph with its parameter written in (as shipped) or bound by VALUES."""
    store = OxigraphStore()
    store.load(nt, "nt")
    print(f"\n{'lookup (Oxigraph)':17} {'written in':>11} {'VALUES block':>13}  same rows")
    for name, query in list_queries().items():
        if not query.params:
            continue
        p = {k: params.get(k, params["person"]) for k in query.params}
        shipped, _, written = run_named(lambda: run_query(store, query, p), repeat)
        bound, _, values = run_named(lambda: store.query(bind_values(query.text, p)), repeat)
        print(f"{name:17} {written:10.3f}s {values:12.3f}s  {'yes' if shipped == bound else 'NO'}", flush=True)


def store_child(backend: str, nt: str, params: dict, repeat: int) -> dict:
    """Load ``nt`` into one store in a fresh process and run every named query on it."""
    base = rss_mb()
    if backend == "oxigraph-disk":  # a persistent store, as `kg build --store oxigraph:DIR` fills
        store = OxigraphStore(Path(nt).parent / "store")
    else:
        store = OxigraphStore() if backend == "oxigraph" else RdflibStore()
    _, load = timed(store.load, nt, "nt")
    result = {"load": load, "triples": len(store), "rss_mb": rss_mb() - base, "queries": {}}
    for name, query in list_queries().items():
        params_for = {p: params.get(p, params["person"]) for p in query.params}
        result["queries"][name] = {}
        for form, limit in FORMS.items():
            rows, first, warm = run_named(lambda: run_query(store, query, params_for, limit=limit), repeat)
            result["queries"][name][form] = {"rows": json.dumps(rows, default=str, ensure_ascii=False),
                                             "n": len(rows), "first": first, "warm": warm}
    return result


def run_child(backend: str, nt: Path, params: dict, repeat: int) -> dict:
    command = [sys.executable, __file__, "--child", backend, "--nt", str(nt),
               "--params", json.dumps(params, ensure_ascii=False), "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{backend} run failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-rdflib", action="store_true", help="Oxigraph only")
    parser.add_argument("--disk", action="store_true",
                        help="also time the queries on a persistent (on-disk) Oxigraph store")
    parser.add_argument("--order", choices=("kg", "rdflib"), default="kg",
                        help="N-Triples as kg writes them (sorted) or in rdflib's serializer order")
    parser.add_argument("--variants", action="store_true",
                        help="also time each query rewritten for Oxigraph's planner and with inlined parameters")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--nt", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "variants":
        variants(args.nt, json.loads(args.params), args.repeat)
        return 0
    if args.child:
        print(json.dumps(store_child(args.child, args.nt, json.loads(args.params), args.repeat)))
        return 0

    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs", flush=True)
    start = time.perf_counter()
    for facts, n_articles in make_facts(args.triples, args.seed):
        generated = time.perf_counter()
        graph, build_time = timed(build_graph, facts)
        if len(graph) >= args.triples:
            break
        print(f"{n_articles} articles gave {len(graph):,} triples; more", flush=True)
    print(f"generated {n_articles:,} articles of facts in {generated - start:.1f}s; "
          f"build_graph: {len(graph):,} triples in {build_time:.1f}s "
          f"({len(graph) / build_time:,.0f} triples/s), process RSS {rss_mb():.0f} MB", flush=True)

    with tempfile.TemporaryDirectory(prefix="kg-graph-scale-") as tmp:
        nt = Path(tmp) / "graph.nt"
        if args.order == "kg":
            _, write_time = timed(lambda: nt.write_bytes(sorted_ntriples(graph)))
        else:
            _, write_time = timed(graph.serialize, destination=str(nt), format="nt", encoding="utf-8")
        size = nt.stat().st_size
        params = parameters(facts)
        del graph, facts
        print(f"N-Triples ({args.order} order): {size / 2**20:.0f} MB written in {write_time:.1f}s; "
              f"query parameters: {params}", flush=True)

        ox = run_child("oxigraph", nt, params, args.repeat)
        print(f"Oxigraph (in memory) bulk_load: {ox['load']:.1f}s, {ox['triples']:,} triples, "
              f"+{ox['rss_mb']:.0f} MB RSS", flush=True)
        rd = None
        if not args.skip_rdflib:
            rd = run_child("rdflib", nt, params, args.repeat)
            print(f"rdflib Graph.parse(nt): {rd['load']:.1f}s, {rd['triples']:,} triples, "
                  f"+{rd['rss_mb']:.0f} MB RSS; load ratio {rd['load'] / ox['load']:.1f}×", flush=True)
        disk = run_child("oxigraph-disk", nt, params, args.repeat) if args.disk else None
        if args.variants:
            command = [sys.executable, __file__, "--child", "variants", "--nt", str(nt),
                       "--params", json.dumps(params, ensure_ascii=False), "--repeat", str(args.repeat)]
            variant_report = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    worst = {}
    for form in FORMS:
        title = f"first page (limit={PAGE}, as kg query shows it)" if form == "page" else "all rows (no limit)"
        print(f"\n{title}\n{'query':16} {'rows':>6} {'rdflib first':>13} {'rdflib warm':>12} "
              f"{'oxigraph first':>15} {'oxigraph warm':>14} {'ratio':>7}  same rows  < {TARGET_SECONDS}s")
        for name, queries in ox["queries"].items():
            o = queries[form]
            worst[form] = max(worst.get(form, 0.0), o["first"], o["warm"])
            same = "—"
            if form == "page":  # a page is the start of all rows
                slice_ok = json.loads(o["rows"]) == json.loads(queries["all"]["rows"])[:PAGE]
                same = "yes" if slice_ok else "NOT A SLICE"
            if rd is not None:
                r = rd["queries"][name][form]
                if r["rows"] != o["rows"]:
                    same = f"NO ({r['n']} vs {o['n']})"
                elif same == "—":
                    same = "yes"
                rd_cells = f"{r['first']:12.3f}s {r['warm']:11.3f}s"
                ratio = f"{r['warm'] / o['warm']:6.0f}×"
            else:
                rd_cells, ratio = f"{'—':>13} {'—':>12}", f"{'—':>7}"
            ok = "yes" if max(o["first"], o["warm"]) < TARGET_SECONDS else "NO"
            print(f"{name:16} {o['n']:6} {rd_cells} {o['first']:14.3f}s {o['warm']:13.3f}s {ratio}  {same:9}  {ok}")
    for form, seconds in worst.items():
        verdict = "meets" if seconds < TARGET_SECONDS else "misses"
        print(f"slowest named query on Oxigraph, {'first page' if form == 'page' else 'all rows'}: "
              f"{seconds:.3f}s ({verdict} the {TARGET_SECONDS}s target)")
    if disk is not None:
        print(f"\nOxigraph on disk: bulk_load {disk['load']:.1f}s\n{'query':16} {'page first':>11} "
              f"{'page warm':>10} {'all first':>10} {'all warm':>9}")
        for name, queries in disk["queries"].items():
            page, rows = queries["page"], queries["all"]
            print(f"{name:16} {page['first']:10.3f}s {page['warm']:9.3f}s {rows['first']:9.3f}s {rows['warm']:8.3f}s")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end", flush=True)
    if args.variants:
        print(variant_report, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
