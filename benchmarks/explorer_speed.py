"""How fast is the HTML explorer on big graphs?

For each size it generates a synthetic graph in the project vocabulary (people,
organisations, places, meetings, roles, statements; clustered, with hubs),
writes it as Turtle, runs ``kg explore`` on it and opens the page in headless
Chromium, then clicks a node with the mouse and waits for the side panel.

Printed per size: the graph's node/edge counts (the default view, and all
nodes including the statement nodes hidden by default), ``kg explore``'s parse
/ layout / HTML-write times and its wall time, and the browser time from
navigation to drawn (first frame) and to a click answered (panel open).
"Total" is ``kg explore`` wall time + browser time-to-interactive.

    .venv/bin/python benchmarks/explorer_speed.py              # 5,000 and 20,000 nodes
    .venv/bin/python benchmarks/explorer_speed.py --sizes 2000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.namespaces import KG, KGID, NIF, SCHEMA  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGETS = {5000: 10.0, 20000: 30.0}

_FIRST = ["Алексей", "Мария", "Игорь", "Ольга", "Павел", "Анна", "Олег", "Елена", "Роман", "Ирина", "Денис", "Наталья"]
_SYL = ["ва", "ло", "ри", "ко", "ме", "на", "ту", "са", "ге", "бо", "ли", "да", "фе", "ра", "но", "ши"]
_ROLES = ["министр", "посол", "советник", "глава", "спикер", "заместитель министра", "депутат", "губернатор"]


def _surname(rng: random.Random) -> str:
    stem = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3)))
    return stem.capitalize() + rng.choice(["ов", "ев", "ин", "ский", "енко"])


def synthetic_graph(n_nodes: int, seed: int = 0) -> Graph:
    """About ``n_nodes`` visible explorer nodes and twice as many edges, plus
    statements (hidden by default) worth another fifth of the nodes."""
    rng = random.Random(seed)
    g = Graph()
    n_people = int(n_nodes * 0.40)
    n_orgs = int(n_nodes * 0.05)
    n_places = int(n_nodes * 0.05)
    n_meetings = int(n_nodes * 0.30)
    n_roles = n_nodes - n_people - n_orgs - n_places - n_meetings
    n_statements = int(n_nodes * 0.20)
    n_clusters = max(4, n_nodes // 100)
    n_articles = max(10, n_nodes // 10)

    articles = []
    for i in range(n_articles):
        a = KGID[f"article/{i}"]
        articles.append(a)
        g.add((a, RDF.type, SCHEMA.NewsArticle))
        g.add((a, SCHEMA.identifier, Literal(f"{i:05d}")))
        g.add((a, SCHEMA.headline, Literal(f"Новость номер {i}", lang="ru")))
        g.add((a, SCHEMA.datePublished, Literal(f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", datatype=XSD.date)))

    def cluster_of(i: int, n: int) -> int:
        return i * n_clusters // n

    people = []
    by_cluster: dict[int, list] = {}
    for i in range(n_people):
        p = KGID[f"person/{i}"]
        people.append(p)
        by_cluster.setdefault(cluster_of(i, n_people), []).append(p)
        surname = _surname(rng)
        g.add((p, RDF.type, SCHEMA.Person))
        g.add((p, SCHEMA.name, Literal(f"{rng.choice(_FIRST)} {surname}", lang="ru")))
        g.add((p, KG.alias, Literal(surname + "а", lang="ru")))
    orgs = []
    for i in range(n_orgs):
        o = KGID[f"org/{i}"]
        orgs.append(o)
        g.add((o, RDF.type, SCHEMA.Organization))
        g.add((o, SCHEMA.name, Literal(f"Министерство {_surname(rng)}", lang="ru")))
    places = []
    for i in range(n_places):
        pl = KGID[f"place/{i}"]
        places.append(pl)
        g.add((pl, RDF.type, SCHEMA.Place))
        g.add((pl, SCHEMA.name, Literal(_surname(rng)[:-2] + "ск", lang="ru")))

    def popular(members: list):
        # Zipf-like: a few people in each cluster attend most meetings
        return members[min(len(members) - 1, int(rng.paretovariate(1.2)) - 1)]

    for i in range(n_meetings):
        m = KGID[f"meeting/{i}"]
        c = rng.randrange(n_clusters)
        g.add((m, RDF.type, SCHEMA.Event))
        g.add((m, SCHEMA.startDate, Literal(f"2025-{1 + c % 12:02d}-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((m, SCHEMA.location, places[(c * len(places) // n_clusters + rng.randrange(2)) % len(places)]))
        g.add((m, PROV.wasDerivedFrom, rng.choice(articles)))
        k = rng.choice([2, 3, 3, 4, 4, 5, 6])
        attendees = set()
        while len(attendees) < k:
            cc = c if rng.random() < 0.85 else rng.randrange(n_clusters)
            attendees.add(popular(by_cluster[cc]) if rng.random() < 0.6 else rng.choice(by_cluster[cc]))
        for a in attendees:
            g.add((m, SCHEMA.attendee, a))
    for i in range(n_roles):
        r = KGID[f"role/{i}"]
        holder = people[(i * 7919) % n_people]
        title = rng.choice(_ROLES)
        g.add((r, RDF.type, KG.Role))
        g.add((r, KG.holder, holder))
        g.add((r, KG.roleName, Literal(f"{title} {_surname(rng)}", lang="ru")))
        g.add((r, KG.title, Literal(title)))
        if rng.random() < 0.7:
            g.add((r, KG.organization, rng.choice(orgs)))
        g.add((r, PROV.wasDerivedFrom, rng.choice(articles)))
    for i in range(n_statements):
        s = KGID[f"statement/{i}"]
        c = rng.randrange(n_clusters)
        speaker = popular(by_cluster[c])
        text = f"Мы обсудили вопрос номер {i} и продолжим работу"
        g.add((s, RDF.type, SCHEMA.Quotation))
        g.add((s, SCHEMA.spokenByCharacter, speaker))
        g.add((s, SCHEMA.text, Literal(text, lang="ru")))
        g.add((s, KG.statementKind, Literal(rng.choice(["direct", "indirect"]))))
        g.add((s, SCHEMA.mentions, rng.choice(by_cluster[(c + rng.randrange(2)) % n_clusters])))
        g.add((s, PROV.wasDerivedFrom, rng.choice(articles)))
        ev = KGID[f"evidence/{i}"]
        g.add((s, KG.evidence, ev))
        g.add((ev, NIF.anchorOf, Literal(f"«{text}», — сказал он.")))
        g.add((ev, NIF.beginIndex, Literal(0)))
        g.add((ev, NIF.endIndex, Literal(len(text) + 16)))
    anon = KGID["anon/0"]
    g.add((anon, RDF.type, KG.AnonymousSource))
    g.add((anon, RDFS.label, Literal("источник", lang="ru")))
    return g


def _kg_command() -> list[str]:
    exe = Path(sys.executable).with_name("kg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def run_explore(ttl: Path, html: Path) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        _kg_command() + ["explore", str(ttl), "-o", str(html)], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    figures = {"explore_wall": wall}
    for key in ("parse", "read", "layout", "html"):
        m = re.search(rf"{key} ([0-9.]+)s", proc.stdout)
        figures[key] = float(m.group(1)) if m else float("nan")
    return figures


def browser_time(html: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        t_launch = time.perf_counter()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        launch = time.perf_counter() - t_launch
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(html.resolve().as_uri(), timeout=120_000)
        while not page.evaluate("!!(window.kgExplorer && window.kgExplorer.ready)"):
            if errors:
                raise RuntimeError(errors[0])
            time.sleep(0.02)
        drawn = time.perf_counter() - start
        info = page.evaluate(
            """() => {
              const d = kgExplorer.data, deg = new Array(d.nodes.length).fill(0);
              d.edges.forEach(e => { deg[e[0]]++; deg[e[1]]++; });
              let best = -1;
              d.nodes.forEach((n, i) => { if (n.t === 'person' && (best < 0 || deg[i] > deg[best])) best = i; });
              const c = kgExplorer.counts();
              return {id: best, visible: c.visible, visibleEdges: c.visibleEdges, nodes: c.nodes, edges: c.edges,
                      inVis: c.drawn, pos: kgExplorer.domPosition(best)};
            }"""
        )
        t_click = time.perf_counter()
        page.mouse.click(info["pos"]["x"], info["pos"]["y"])
        while page.evaluate("kgExplorer.selected") != info["id"]:
            if time.perf_counter() - t_click > 30:
                raise RuntimeError("the click was not answered")
            time.sleep(0.01)
        assert page.locator("#panel").is_visible()
        done = time.perf_counter()
        browser.close()
    return {
        "launch": launch,
        "drawn": drawn,
        "click": done - t_click,
        "interactive": done - start,
        **{k: info[k] for k in ("visible", "visibleEdges", "nodes", "edges", "inVis")},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="kg-explorer-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in args.sizes:
            ttl = workdir / f"graph_{size}.ttl"
            html = workdir / f"explorer_{size}.html"
            graph = synthetic_graph(size, seed=size)
            graph.serialize(ttl, format="turtle")
            print(f"\n== {size} nodes: {len(graph)} triples, {ttl.stat().st_size / 1e6:.1f} MB Turtle", flush=True)
            ex = run_explore(ttl, html)
            print(
                f"kg explore: parse {ex['parse']:.2f}s  read graph {ex['read']:.2f}s  layout {ex['layout']:.2f}s"
                f"  html write {ex['html']:.2f}s"
                f"  (wall {ex['explore_wall']:.2f}s, {html.stat().st_size / 1e6:.1f} MB HTML)",
                flush=True,
            )
            row = {"size": size, **ex}
            if not args.no_browser:
                br = browser_time(html)
                row.update(br)
                print(
                    f"graph in page: {br['visible']} nodes / {br['visibleEdges']} edges shown"
                    f" ({br['nodes']} nodes / {br['edges']} edges with statements; vis holds {br['inVis']})"
                )
                print(
                    f"browser: drawn {br['drawn']:.2f}s, click answered {br['click']:.2f}s later,"
                    f" time-to-interactive {br['interactive']:.2f}s  (Chromium launch {br['launch']:.2f}s, not counted)"
                )
                total = ex["explore_wall"] + br["interactive"]
                target = TARGETS.get(size)
                verdict = "" if target is None else f"  target ≤ {target:.0f}s: {'OK' if total <= target else 'MISSED'}"
                print(f"total kg explore → interactive: {total:.2f}s{verdict}", flush=True)
                row["total"] = total
            rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    if rows and not args.no_browser:
        print("\n| nodes / edges shown | parse + read | layout | HTML write | kg explore wall | browser: drawn | click answered | total |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(
                f"| {r['visible']:,} / {r['visibleEdges']:,} | {r['parse'] + r['read']:.1f} s | {r['layout']:.1f} s"
                f" | {r['html']:.1f} s"
                f" | {r['explore_wall']:.1f} s | {r['drawn']:.1f} s | +{r['click']:.2f} s | **{r['total']:.1f} s** |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
