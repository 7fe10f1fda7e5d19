"""How fast is ``kg build`` next to the bare NLP it runs on?

    .venv/bin/python benchmarks/build_speed.py [--articles 1000] [--seed 7] [--profile]

For the bundled samples (``corpus/``) and for a generated corpus of ``--articles``
articles (sentences of ``corpus/*.txt`` and ``/work/shared/bench/corpus.jsonl``
recombined into new articles with varied dates, fixed seed, written as JSONL in a
temp dir; skipped when the bench corpus is absent) this prints:

- **bare NLP**: Natasha's own ``Doc`` API (Segmenter + NewsMorphTagger +
  NewsSyntaxParser + NewsNERTagger) over the texts, models loaded before timing;
- **kg pipeline**: the same texts through ``kg build``'s stages in one process
  (read → extract → resolve → facts.jsonl + cache → graph → Turtle, as ``kg build``
  makes them: :class:`kg.graphcache.GraphCache`, its records saved beside the fact cache),
  models loaded before timing, with a per-stage split;
- the throughput ratio (bare time / kg time; target ≥ 0.8), articles/s, tokens/s
  (Natasha tokens), peak RSS of each phase's process and, for the samples, the
  tracemalloc peak of Python allocations during the timed phase;
- **CLI**: ``kg build`` end to end (process start, model loading, cache) with
  ``--workers 1`` and ``--workers 2``, the speed-up, and an incremental rebuild
  after adding one article, against the full build (target ≤ 5 %); then
  ``kg build --watch`` on the same corpus, without and with an Oxigraph store to keep
  up to date (``--store``), timing its rebuild when one article is added, removed and
  added again, and then a ``kg build`` run while the watch runs (which the watch builds)
  right after one article is removed and added again; the outputs are compared with
  ``cmp`` against builds from scratch, and the store's triples with the graph's.

Each phase runs in its own process so memory and model loading do not leak
between them. CPU time is printed beside wall time: on a shared machine the
wall-clock figures move with the load average, which is printed too.
"""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus"
BENCH = Path("/work/shared/bench/corpus.jsonl")
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------- corpus


def source_sentences() -> list[str]:
    """Every sentence of the samples and the bench corpus, in a fixed order."""
    from kg.corpus import Article, read_corpus
    from kg.nlp import sentence_bounds

    sentences = []
    for article in read_corpus([SAMPLES, BENCH]):
        if isinstance(article, Article):
            text = article.text
            sentences.extend(text[a:b] for a, b in sentence_bounds(text))
    return [s for s in sentences if len(s) > 20]


def generate_corpus(path: Path, n_articles: int, seed: int) -> Path:
    """``n_articles`` new articles of 6–18 recombined sentences in 2–5 paragraphs, dated 2018–2025."""
    rng = random.Random(seed)
    sentences = source_sentences()
    start = date(2018, 1, 1)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n_articles):
            picked = rng.sample(sentences, rng.randint(6, 18))
            paragraphs, pos = [], 0
            while pos < len(picked):
                size = rng.randint(2, 5)
                paragraphs.append(" ".join(picked[pos:pos + size]))
                pos += size
            record = {
                "id": f"gen-{seed}-{i:05d}",
                "date": (start + timedelta(days=rng.randrange(8 * 365))).isoformat(),
                "source": "synthetic",
                "text": "\n".join(paragraphs),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def add_one_article(path: Path, target: Path, seed: int) -> Path:
    """A copy of the corpus plus one more generated article."""
    extra = generate_corpus(target.with_suffix(".extra"), 1, seed + 1)
    record = json.loads(extra.read_text(encoding="utf-8"))
    record["id"] = "added-article"
    target.write_text(path.read_text(encoding="utf-8") + json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    extra.unlink()
    return target


# ---------------------------------------------------------------- phases (child processes)


def _articles(corpus: str):
    from kg.corpus import Article, read_corpus

    return [a for a in read_corpus([corpus]) if isinstance(a, Article)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    def __init__(self, trace: bool = False):
        self.trace = trace

    def __enter__(self):
        if self.trace:
            import tracemalloc

            tracemalloc.start()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self.heap_mb = None
        if self.trace:
            import tracemalloc

            self.heap_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()


def bare_natasha(models=None):
    """Natasha's own Doc API over one text (segment, morphology, syntax, NER): its token count."""
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    segmenter = Segmenter()
    if models is None:
        embedding = NewsEmbedding()
        models = NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)
    morph, syntax, ner = models

    def run(text: str) -> int:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        return len(doc.tokens)

    run("Проверка загрузки моделей.")
    return run


def phase_bare(corpus: str, trace: bool) -> dict:
    texts = [a.text for a in _articles(corpus)]
    run = bare_natasha()
    with Timer(trace) as timer:
        tokens = sum(run(text) for text in texts)
    return {"articles": len(texts), "chars": sum(map(len, texts)), "tokens": tokens,
            "wall": timer.wall, "cpu": timer.cpu, "heap_mb": timer.heap_mb, "rss_mb": _rss_mb()}


def write_graph(facts, lines: list[str], out_dir: Path, cache) -> int:
    """graph.ttl as a first ``kg build`` writes it, with the graph's records for the next
    build beside the fact ``cache``; the number of triples."""
    from kg.build import GRAPH_RECORDS
    from kg.cache import code_version
    from kg.graph import ntriples_to_turtle, write_atomic
    from kg.graphcache import GraphCache

    graph_cache = GraphCache()
    triples = len(graph_cache.build(facts, lines))
    write_atomic(out_dir / "graph.ttl", ntriples_to_turtle(graph_cache.ntriples()))
    graph_cache.save(cache.dir / GRAPH_RECORDS, code_version())
    return triples


def phase_kg(corpus: str, out: str, trace: bool, profile: bool) -> dict:
    from kg.build import fact_lines, write_lines
    from kg.cache import FactCache
    from kg.corpus import Article, read_corpus
    from kg.engine import collector_paused, extract_all, warm_up
    from kg.resolve import resolve_corpus

    warm_up()  # the models and the rules' word lists, loaded once per process as kg build --watch does
    out_dir = Path(out)
    cache = FactCache(out_dir / ".cache")
    put, put_time = cache.put, [0.0]

    def timed_put(*args):
        start = time.perf_counter()
        put(*args)
        put_time[0] += time.perf_counter() - start

    cache.put = timed_put
    steps: dict[str, float] = {}
    profiler = cProfile.Profile(time.process_time) if profile else None

    def step(name, func, *args):
        start = time.perf_counter()
        result = func(*args)
        steps[name] = time.perf_counter() - start
        return result

    with Timer(trace) as timer:
        if profiler:
            profiler.enable()
        articles = step("read", lambda: [a for a in read_corpus([corpus]) if isinstance(a, Article)])
        facts = step("extract", lambda: extract_all(articles, cache=cache))
        with collector_paused():  # as kg build's corpus-wide stages run
            facts = step("resolve", resolve_corpus, facts)
            lines = fact_lines(facts)
            step("write facts", write_lines, lines, out_dir / "facts.jsonl")
            triples = step("graph", write_graph, facts, lines, out_dir, cache)
        if profiler:
            profiler.disable()
    steps["(of extract: cache writes)"] = put_time[0]
    result = {"articles": len(articles), "wall": timer.wall, "cpu": timer.cpu, "heap_mb": timer.heap_mb,
              "rss_mb": _rss_mb(), "steps": steps, "triples": triples}
    if profiler:
        result["profile"] = profile_summary(profiler)
    return result


def phase_interleaved(corpus: str, out: str, chunk: int = 25) -> dict:
    """The bare NLP and kg's extraction in one process on the same models, chunk by chunk in
    turn (which goes first alternates), then kg's corpus-wide stages: on a machine whose
    speed drifts from minute to minute, both sides of the ratio see the same drift."""
    from kg.build import fact_lines, write_lines
    from kg.cache import FactCache
    from kg.engine import collector_paused, extract_all, warm_up
    from kg.nlp import natasha_models
    from kg.resolve import resolve_corpus

    warm_up()
    run = bare_natasha(natasha_models())
    articles = _articles(corpus)
    out_dir = Path(out)
    cache = FactCache(out_dir / ".cache")
    bare = kg = 0.0
    facts = []

    def timed(func):
        start = time.process_time()
        result = func()
        return result, time.process_time() - start

    for i in range(0, len(articles), chunk):
        part = articles[i:i + chunk]
        sides = [lambda: sum(run(a.text) for a in part), lambda: extract_all(part, cache=cache)]
        for side in sides if (i // chunk) % 2 == 0 else reversed(sides):
            result, seconds = timed(side)
            if isinstance(result, int):
                bare += seconds
            else:
                kg += seconds
                facts += result

    def corpus_wide():
        with collector_paused():  # as kg build's corpus-wide stages run
            resolved = resolve_corpus(facts)
            lines = fact_lines(resolved)
            write_lines(lines, out_dir / "facts.jsonl")
            write_graph(resolved, lines, out_dir, cache)

    _, merge = timed(corpus_wide)
    return {"bare": bare, "extract": kg, "corpus_wide": merge, "kg": kg + merge}


def phase_breakdown(corpus: str) -> dict:
    """Where the time of extraction goes, by wall-clock wrappers around each part (no profiler)."""
    import kg.nlp
    import kg.pipeline as pipeline
    from kg.corpus import Article, read_corpus
    from kg.engine import worker_nlp
    from kg.nlp import MemoLemmatizer, NatashaAnnotator, natasha_models

    totals: dict[str, float] = {}

    def timed(label, func):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.perf_counter() - start
        return wrapper

    nlp = worker_nlp()
    nlp("Проверка загрузки моделей.")
    nlp.tokenizer = timed("razdel tokenizer", nlp.tokenizer)
    NatashaAnnotator._annotate = timed("Natasha annotator (models + filling the Doc)", NatashaAnnotator._annotate)
    for label, name in (("morph", "morph_tags"), ("syntax", "syntax_parses")):  # the models as kg.nlp runs them
        original = getattr(kg.nlp, name)
        setattr(kg.nlp, name, timed(f"  of which slovnet {label} model",
                                    lambda model, items, original=original: list(original(model, items))))
    ner = natasha_models()[2]
    ner.map = timed("  of which slovnet NER model", lambda items, original=ner.map: list(original(items)))
    MemoLemmatizer.__call__ = timed("spaCy pymorphy3 lemmatizer (memoized)", MemoLemmatizer.__call__)
    for name in ("clean_entities", "resolve_article", "extract_roles", "extract_meetings", "extract_statements"):
        setattr(pipeline, name, timed(f"  {name}", getattr(pipeline, name)))
    pipeline.extract_article = timed("kg.pipeline.extract_article (rules)", pipeline.extract_article)
    articles = [a for a in read_corpus([corpus]) if isinstance(a, Article)]
    start = time.perf_counter()
    list(pipeline.extract_articles(articles, nlp))
    total = time.perf_counter() - start
    return {"total": total, "parts": totals}


PROFILE_GROUPS = [  # (label, file, function[:line or the kg.nlp class it belongs to])
    ("razdel tokenizer (kg.nlp.RazdelTokenizer)", "kg/nlp.py", "__call__:RazdelTokenizer"),
    ("Natasha annotator (kg.nlp.NatashaAnnotator.pipe)", "kg/nlp.py", "pipe"),
    ("  of which slovnet morph model (kg.nlp.morph_tags)", "kg/nlp.py", "morph_tags"),
    ("  of which slovnet syntax model (kg.nlp.syntax_parses)", "kg/nlp.py", "syntax_parses"),
    ("  of which slovnet NER model (slovnet api.map)", "slovnet/api.py", "map"),
    ("  of which fill_doc", "kg/nlp.py", "fill_doc"),
    ("  of which set_entities", "kg/nlp.py", "set_entities"),
    ("  of which sentence_tokens", "kg/nlp.py", "sentence_tokens"),
    ("spaCy pymorphy3 lemmatizer (kg.nlp.MemoLemmatizer)", "kg/nlp.py", "__call__:MemoLemmatizer"),
    ("kg.pipeline.extract_article", "kg/pipeline.py", "extract_article"),
    ("  clean_entities", "kg/extract/entities.py", "clean_entities"),
    ("  resolve_article", "kg/resolve.py", "resolve_article"),
    ("  extract_roles", "kg/extract/roles.py", "extract_roles"),
    ("  extract_meetings", "kg/extract/meetings.py", "extract_meetings"),
    ("  extract_statements", "kg/extract/statements.py", "extract_statements"),
    ("kg.resolve.resolve_corpus", "kg/resolve.py", "resolve_corpus"),
    ("cache writes (FactCache.put)", "kg/cache.py", "put"),
    ("kg.graphcache.GraphCache.build", "kg/graphcache.py", "build"),
    ("kg.graphcache.GraphCache.ntriples", "kg/graphcache.py", "ntriples"),
    ("kg.graph.ntriples_to_turtle", "kg/graph.py", "ntriples_to_turtle"),
    ("kg.graphcache.GraphCache.save", "kg/graphcache.py", "save"),
    ("Doc.text (spaCy, rebuilt on every access)", "doc.pyx", "__get__:724"),
    ("pymorphy3 MorphAnalyzer.parse (all callers)", "pymorphy3/analyzer.py", "parse"),
]


def profile_summary(profiler: cProfile.Profile) -> dict:
    stats = pstats.Stats(profiler).stats  # (file, line, func) -> (cc, nc, tt, ct, callers)
    total = max(ct for (_, _, _), (_, _, _, ct, _) in stats.items())
    rows = []
    for label, file_part, func in PROFILE_GROUPS:
        name, _, line = func.partition(":")
        if line and not line.isdigit():  # a method of a kg.nlp class: its first line
            import kg.nlp

            line = str(getattr(getattr(kg.nlp, line), name).__code__.co_firstlineno)
        cum = sum(
            ct for (file, lineno, fn), (_, _, _, ct, _) in stats.items()
            if file.endswith(file_part) and fn == name and (not line or lineno == int(line))
        )
        rows.append((label, cum))
    own = sorted(
        ((tt, f"{Path(file).name}:{lineno}({fn})") for (file, lineno, fn), (_, _, tt, _, _) in stats.items()),
        reverse=True,
    )[:12]
    return {"total": total, "groups": rows, "own": own}


# ---------------------------------------------------------------- driver


ONE_BLAS_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
"""What ``kg build`` sets for itself (kg.engine.limit_blas_threads); both phases run with it."""


def child(phase: str, blas_default: bool = False, **options) -> dict:
    command = [sys.executable, __file__, "--phase", phase]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key}")
        elif value not in (None, False):
            command += [f"--{key}", str(value)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update({} if blas_default else ONE_BLAS_THREAD)
    if blas_default:
        for name in ONE_BLAS_THREAD:
            env.pop(name, None)
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {phase} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def kg_cli(corpus: Path, out: Path, *args: str) -> dict:
    """``kg build`` as a user runs it: wall time and the peak RSS of the main process."""
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(stderr)
        raise SystemExit(f"kg build {' '.join(args)} failed")
    cache_line = next((line for line in stderr.splitlines() if line.startswith("cache:")), "")
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
            "cache": cache_line.strip()}


def kg_watch(corpus: Path, added: Path, work: Path, cache: Path, *args: str) -> dict:
    """``kg build --watch`` on a folder holding ``corpus``: the time of each rebuild (as the
    watch prints it, and from the file write to that line) when ``added`` is put into the
    folder, taken out and put back; then the time from the file write to the exit of a
    ``kg build`` run straight after it, which the watch builds (``kg.handoff``), when
    ``added`` is taken out and put back once more. The outputs are those of the last build."""
    folder, out = work / "watch-corpus", work / "watch-out"
    folder.mkdir(exist_ok=True)
    (folder / "plus.jsonl").unlink(missing_ok=True)
    shutil.copy(corpus, folder / "corpus.jsonl")  # sorts before plus.jsonl: same article order
    build = [sys.executable, "-m", "kg.cli", "build", str(folder), "-o", str(out), "--cache", str(cache),
             "--no-explorer", *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    process = subprocess.Popen([*build, "--watch"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=env)

    def change(step: str) -> None:
        if step.startswith("add"):
            shutil.copy(added, folder / "plus.jsonl")
        else:
            (folder / "plus.jsonl").unlink()

    def wait_for(text: str) -> str:
        for line in process.stderr:
            if text in line:
                return line
        raise SystemExit(f"kg build --watch ended before printing {text!r}")

    runs = []
    try:
        wait_for("watching")
        for step in ("add", "remove", "add again"):
            start = time.perf_counter()
            change(step)
            line = wait_for("rebuilt after")
            runs.append({"step": step, "wall": time.perf_counter() - start,
                         "run": float(line.rsplit(" in ", 1)[1].split()[0])})
        for step in ("remove", "add"):
            start = time.perf_counter()
            change(step)
            done = subprocess.run(build, capture_output=True, text=True, env=env)
            runs.append({"step": f"{step}, then kg build", "wall": time.perf_counter() - start,
                         "handed": done.returncode == 0 and "kept up to date by kg build --watch" in done.stderr})
    finally:  # SIGTERM, which ends the watch as Ctrl-C does (a process started in the background ignores SIGINT)
        process.terminate()
        process.wait(timeout=60)
    return {"runs": runs, "out": out}


def compile_package() -> None:
    """Bytecode for the kg package, as an installed one has (pip compiles it, and Python
    caches it on first import). Where ``PYTHONDONTWRITEBYTECODE`` is set, as on the machine
    these figures come from, an editable install has none, and every ``kg`` process would
    compile the package again: about 0.1 s on each cold start."""
    import compileall

    compileall.compile_dir(ROOT / "kg", quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: compiled the kg package's bytecode once, as an installation has it")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report_corpus(name: str, corpus: Path, work: Path, args, cli: bool) -> None:
    print(f"\n=== {name}: {corpus}   (load average {load()}, {os.cpu_count()} CPUs)", flush=True)
    trace = args.tracemalloc or name == "samples"
    bare = child("bare", corpus=corpus)
    bare_default = child("bare", blas_default=True, corpus=corpus)
    kgp = child("kg", corpus=corpus, out=work / f"{name}-inproc")
    if args.profile:
        kgp["breakdown"] = child("breakdown", corpus=corpus)
    if args.profile:  # a separate run, on at most --profile-articles: the profiler slows everything down
        sample = corpus
        if corpus.is_file():
            sample = work / f"{name}-profile.jsonl"
            lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)[: args.profile_articles]
            sample.write_text("".join(lines), encoding="utf-8")
        kgp["profile"] = child("kg", corpus=sample, out=work / f"{name}-profile", profile=True)["profile"]
        kgp["profile"]["corpus"] = str(sample)
    if trace:
        bare["heap_mb"] = child("bare", corpus=corpus, trace=True)["heap_mb"]
        kgp["heap_mb"] = child("kg", corpus=corpus, out=work / f"{name}-trace", trace=True)["heap_mb"]
    n, tokens = bare["articles"], bare["tokens"]
    print(f"{n} articles, {bare['chars']:,} characters, {tokens:,} Natasha tokens")
    for label, r in (("bare NLP (natasha Doc API)", bare), ("kg pipeline, 1 process", kgp)):
        heap = f", tracemalloc peak {r['heap_mb']:.0f} MB" if r.get("heap_mb") is not None else ""
        print(f"{label:28} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU  "
              f"{n / r['wall']:6.1f} articles/s {tokens / r['wall']:8.0f} tokens/s  "
              f"peak RSS {r['rss_mb']:.0f} MB{heap}")
    r = bare_default
    print(f"{'  (bare, default BLAS threads)':28} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU  "
          f"{n / r['wall']:6.1f} articles/s {tokens / r['wall']:8.0f} tokens/s")
    ratio, cpu_ratio = bare["wall"] / kgp["wall"], bare["cpu"] / kgp["cpu"]
    print(f"throughput ratio kg/bare, separate processes: {ratio:.2f} wall, {cpu_ratio:.2f} CPU")
    inter = child("interleaved", corpus=corpus, out=work / f"{name}-interleaved")
    ratio = inter["bare"] / inter["kg"]
    verdict = "meets" if ratio >= 0.8 else "BELOW"
    print(f"throughput ratio kg/bare, interleaved in one process (CPU s: bare {inter['bare']:.2f}, kg extract "
          f"{inter['extract']:.2f} + corpus-wide {inter['corpus_wide']:.2f}): {ratio:.2f} ({verdict} the 0.8 target)")
    parts = ", ".join(f"{k} {v:.2f}s" for k, v in kgp["steps"].items())
    print(f"kg stages: {parts}")
    print(f"graph: {kgp['triples']:,} triples")
    if "breakdown" in kgp:
        parts = kgp["breakdown"]["parts"]
        order = ["razdel tokenizer", "Natasha annotator (models + filling the Doc)", "  of which slovnet morph model",
                 "  of which slovnet syntax model", "  of which slovnet NER model",
                 "spaCy pymorphy3 lemmatizer (memoized)", "kg.pipeline.extract_article (rules)"]
        order += sorted(k for k in parts if k not in order)
        total = kgp["breakdown"]["total"]
        print(f"extraction breakdown (wall-clock wrappers, separate run; extract_articles {total:.2f}s):")
        for label in order:
            if label in parts:
                print(f"  {label:52} {parts[label]:7.2f}s {100 * parts[label] / total:5.1f}%")
    if "profile" in kgp:
        prof = kgp["profile"]
        print(f"cProfile of the kg pipeline on {prof['corpus']} "
              f"(CPU time; profiler overhead inflates pure-Python code; total {prof['total']:.2f}s):")
        for label, cum in prof["groups"]:
            print(f"  {label:52} {cum:7.2f}s {100 * cum / prof['total']:5.1f}%")
        print("  top own time:", "; ".join(f"{name} {tt:.2f}s" for tt, name in prof["own"][:8]))
    if not cli:
        return

    out1, out2, out3 = work / f"{name}-w1", work / f"{name}-w2", work / f"{name}-fresh"
    full = kg_cli(corpus, out1, "--workers", "1", "--no-explorer")
    watch_cache = work / f"{name}-watch-cache"  # the cache before the incremental build below adds to it
    shutil.copytree(out1 / ".cache", watch_cache)
    two = kg_cli(corpus, out2, "--workers", "2", "--no-cache", "--no-explorer")
    same = filecmp.cmp(out1 / "facts.jsonl", out2 / "facts.jsonl", shallow=False)
    print("kg build CLI (facts + graph.ttl, --no-explorer; includes start-up and model loading):")
    print(f"kg build --workers 1 (cold cache)   {full['wall']:7.2f} s wall, peak RSS {full['rss_mb']:.0f} MB")
    print(f"kg build --workers 2 --no-cache     {two['wall']:7.2f} s wall → speed-up {full['wall'] / two['wall']:.2f}×"
          f"; facts.jsonl identical: {same}")
    plus = add_one_article(corpus, work / f"{name}-plus1.jsonl", args.seed)
    inc = kg_cli(plus, out1, "--workers", "1", "--no-explorer")
    kg_cli(plus, out3, "--workers", "2", "--no-cache", "--no-explorer")
    same = all(filecmp.cmp(out1 / f, out3 / f, shallow=False) for f in ("facts.jsonl", "graph.ttl"))
    share = inc["wall"] / full["wall"]
    print(f"kg build after adding 1 article     {inc['wall']:7.2f} s wall = {100 * share:.1f}% of the full build "
          f"({'meets' if share <= 0.05 else 'ABOVE'} the 5% target); {inc['cache']}")
    print(f"incremental outputs (facts.jsonl, graph.ttl) identical to a build from scratch: {same}")

    added = work / f"{name}-added.jsonl"
    added.write_text(plus.read_text(encoding="utf-8").splitlines(keepends=True)[-1], encoding="utf-8")
    store = work / f"{name}-watch-store"
    shutil.rmtree(store, ignore_errors=True)
    for label, extra in (("kg build --watch", ()), ("kg build --watch --store", ("--store", f"oxigraph:{store}"))):
        cache = work / f"{name}-watch-cache-now"  # each watch starts from the cache of the full build
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(watch_cache, cache)
        watch = kg_watch(corpus, added, work, cache, *extra)
        for run in watch["runs"]:
            if "handed" in run:
                share = run["wall"] / full["wall"]
                print(f"{label}, {run['step']}: {run['wall']:5.2f} s from the file write to its exit = "
                      f"{100 * share:.1f}% of the full build ({'meets' if share <= 0.05 else 'ABOVE'} the 5% target); "
                      f"built by the watch: {run['handed']}")
                continue
            share = run["run"] / full["wall"]
            print(f"{label}, {run['step']} 1 article: rebuilt in {run['run']:5.2f} s = {100 * share:.1f}% of the "
                  f"full build ({'meets' if share <= 0.05 else 'ABOVE'} the 5% target); "
                  f"{run['wall']:.2f} s from the file write to the rebuilt outputs")
        same = all(filecmp.cmp(watch["out"] / f, out3 / f, shallow=False) for f in ("facts.jsonl", "graph.ttl"))
        print(f"watch outputs (facts.jsonl, graph.ttl) identical to a build from scratch: {same}")
    from kg.store import fetch_graph
    from rdflib import Graph

    same = set(fetch_graph(f"oxigraph:{store}")) == set(Graph().parse(out3 / "graph.ttl"))
    print(f"the watch's Oxigraph store holds the graph of a build from scratch: {same}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the kg pipeline phase")
    parser.add_argument("--profile-articles", type=int, default=200, help="articles of a JSONL corpus to profile")
    parser.add_argument("--tracemalloc", action="store_true", help="tracemalloc peaks for the generated corpus too")
    parser.add_argument("--samples-only", action="store_true")
    parser.add_argument("--keep", help="keep the generated corpus and outputs in this directory")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "bare":
        print(json.dumps(phase_bare(args.corpus, args.trace)))
        return 0
    if args.phase == "interleaved":
        print(json.dumps(phase_interleaved(args.corpus, args.out)))
        return 0
    if args.phase == "breakdown":
        print(json.dumps(phase_breakdown(args.corpus)))
        return 0
    if args.phase == "kg":
        print(json.dumps(phase_kg(args.corpus, args.out, args.trace, args.profile)))
        return 0

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-build-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    compile_package()
    try:
        report_corpus("samples", SAMPLES, work, args, cli=False)
        if args.samples_only:
            return 0
        if not BENCH.exists():
            print(f"\n{BENCH} is absent: skipping the generated corpus")
            return 0
        generated = generate_corpus(work / f"generated-{args.articles}.jsonl", args.articles, args.seed)
        report_corpus(f"generated-{args.articles}", generated, work, args, cli=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
