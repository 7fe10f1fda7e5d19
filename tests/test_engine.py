"""Engines and the fact cache: every way of building gives the same facts.jsonl."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
import kg.cache
from kg.build import GRAPH_RECORDS, run_build
from kg.cache import CacheStats, FactCache, pipeline_version
from kg.cli import app
from kg.corpus import Article, Skipped, read_corpus
from kg.engine import Engine, ExtractionError, chunk_size_for, extract_all
from kg.resolve import resolve_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PINNED = pipeline_version()


def as_lines(facts) -> list[str]:
    return [json.dumps(f.to_json(), ensure_ascii=False, sort_keys=True) for f in facts]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    items = list(read_corpus([CORPUS]))
    assert items and not any(isinstance(i, Skipped) for i in items)
    return items


@pytest.fixture(scope="module")
def serial(articles) -> list[str]:
    return as_lines(resolve_corpus(extract_all(articles, "local", 1)))


@pytest.fixture()
def pinned_version(monkeypatch) -> str:
    """The version as of this process's imports: edits to the package on disk while the
    tests run (the loaded code does not change) must not invalidate the cache mid-test."""
    version = PINNED
    monkeypatch.setattr(kg.cache, "pipeline_version", lambda model=None: version)
    return version


@pytest.fixture()
def corpus_copy(tmp_path, pinned_version) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def build(corpus: Path, out: Path, **options) -> tuple[str, CacheStats]:
    stats = CacheStats()
    skipped = run_build([str(corpus)], str(out), stats=stats, graph=False, **options)
    assert skipped == []
    return (out / "facts.jsonl").read_text(encoding="utf-8"), stats


def add_article(corpus: Path) -> str:
    """A copy of the first sample under a new name, with an extra sentence."""
    source = sorted(corpus.glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8").rstrip() + "\nВ заявлении также говорится, что переговоры продолжатся.\n"
    (corpus / "zz_added.txt").write_text(text, encoding="utf-8")
    return "zz_added"


def test_chunks_never_exceed_the_task_size():
    assert chunk_size_for(1000, 1) == 25
    assert chunk_size_for(1000, 2) == 25
    assert chunk_size_for(10, 2) == 2


def test_facts_do_not_depend_on_how_articles_are_chunked(articles, serial):
    for size in (1, 2):
        assert as_lines(resolve_corpus(extract_all(articles, chunk_size=size))) == serial


def test_two_workers_give_the_same_facts_as_one(articles, serial):
    facts = extract_all(articles, "local", 2)
    assert [f.id for f in facts] == [a.id for a in articles]
    assert as_lines(resolve_corpus(facts)) == serial


def test_an_engine_keeps_its_worker_processes_until_closed(articles, serial):
    with Engine("local", 2) as engine:
        extract_all(articles, engine, chunk_size=2)
        workers = {p.pid for p in multiprocessing.active_children()} - {None}
        facts = extract_all(articles, engine, chunk_size=2)
        assert workers and {p.pid for p in multiprocessing.active_children()} >= workers  # the same processes
    assert as_lines(resolve_corpus(facts)) == serial
    assert not workers & {p.pid for p in multiprocessing.active_children()}  # stopped


def test_dask_engine_gives_the_same_facts_as_local(articles, serial):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        facts = extract_all(articles, "dask", 1, cluster.scheduler_address, chunk_size=2)
    assert [f.id for f in facts] == [a.id for a in articles]
    assert as_lines(resolve_corpus(facts)) == serial


def test_cache_sits_in_front_of_the_dask_engine(articles, serial, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    cache = FactCache(tmp_path / "cache")
    extract_all(articles[:2], "local", 1, cache=cache)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
        dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:
        cache = FactCache(tmp_path / "cache")
        facts = extract_all(articles, "dask", client=client, cache=cache)
    assert (cache.stats.hits, cache.stats.misses) == (2, len(articles) - 2)
    assert as_lines(resolve_corpus(facts)) == serial


def test_rebuild_extracts_only_the_new_article_and_equals_a_fresh_build(corpus_copy, tmp_path):
    out = tmp_path / "out"
    first, stats = build(corpus_copy, out)
    assert (stats.hits, stats.misses) == (0, 5)
    again, stats = build(corpus_copy, out)
    assert (stats.hits, stats.misses) == (5, 0)
    assert again == first

    added = add_article(corpus_copy)
    incremental, stats = build(corpus_copy, out)
    assert (stats.hits, stats.misses) == (5, 1)
    fresh, _ = build(corpus_copy, tmp_path / "fresh", use_cache=False)
    assert incremental == fresh
    assert added in {json.loads(line)["id"] for line in incremental.splitlines()}


def test_a_changed_article_is_extracted_again(corpus_copy, tmp_path):
    out = tmp_path / "out"
    build(corpus_copy, out)
    target = sorted(corpus_copy.glob("*.txt"))[1]
    target.write_text(target.read_text(encoding="utf-8") + "\nОб этом сообщает агентство.\n", encoding="utf-8")
    changed, stats = build(corpus_copy, out)
    assert (stats.hits, stats.misses) == (4, 1)
    fresh, _ = build(corpus_copy, tmp_path / "fresh", use_cache=False)
    assert changed == fresh


def test_a_removed_article_leaves_the_output(corpus_copy, tmp_path):
    out = tmp_path / "out"
    first, _ = build(corpus_copy, out)
    victim = sorted(corpus_copy.glob("*.txt"))[2]
    assert victim.stem in first
    victim.unlink()
    after, stats = build(corpus_copy, out)
    assert (stats.hits, stats.misses) == (4, 0)
    assert victim.stem not in {json.loads(line)["id"] for line in after.splitlines()}
    fresh, _ = build(corpus_copy, tmp_path / "fresh", use_cache=False)
    assert after == fresh


def test_the_graph_of_a_rebuild_equals_one_from_scratch_whatever_became_of_its_records(corpus_copy, tmp_path):
    """The graph's records beside the fact cache: appended to when an article is added,
    and a file cut short or not records at all only costs building the graph again."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_build([str(corpus_copy)], str(out), explorer=False)
    records = next((out / ".cache").glob(f"*/{GRAPH_RECORDS}"))
    size = records.stat().st_size
    add_article(corpus_copy)
    run_build([str(corpus_copy)], str(out), explorer=False)
    assert records.stat().st_size > size
    run_build([str(corpus_copy)], str(fresh), explorer=False, use_cache=False)
    expected = (fresh / "graph.ttl").read_bytes()
    assert (out / "graph.ttl").read_bytes() == expected
    for damaged in (records.read_bytes()[: size + 10], b"not records"):
        records.write_bytes(damaged)
        (out / "graph.ttl").unlink()
        run_build([str(corpus_copy)], str(out), explorer=False)
        assert (out / "graph.ttl").read_bytes() == expected


def test_version_and_lexicon_changes_invalidate(articles, tmp_path, monkeypatch):
    root = tmp_path / "cache"
    cache = FactCache(root)
    extract_all(articles[:1], cache=cache)
    assert FactCache(root).get(articles[0]) is not None

    monkeypatch.setattr(kg, "__version__", kg.__version__ + ".post1")
    bumped = FactCache(root)
    assert bumped.version != cache.version
    assert bumped.get(articles[0]) is None
    monkeypatch.undo()

    lexicons = tmp_path / "lexicons"
    shutil.copytree(kg.cache.LEXICON_DIR, lexicons)
    monkeypatch.setattr(kg.cache, "LEXICON_DIR", lexicons)
    assert pipeline_version() == cache.version
    speech = lexicons / "speech_verbs.txt"
    speech.write_text(speech.read_text(encoding="utf-8") + "\nпроговорить\n", encoding="utf-8")
    changed = FactCache(root)
    assert changed.version != cache.version
    assert changed.get(articles[0]) is None
    assert changed.stats.misses == 1
    changed.put(articles[0], extract_all(articles[:1])[0])
    assert changed.prune() == 1  # the old version's entries are gone
    assert not cache.dir.exists()


def test_a_damaged_entry_is_a_miss(articles, tmp_path):
    cache = FactCache(tmp_path / "cache")
    extract_all(articles[:1], cache=cache)
    cache.path(articles[0]).write_text("{not json", encoding="utf-8")
    assert FactCache(tmp_path / "cache").get(articles[0]) is None


def test_cli_build_options(corpus_copy, tmp_path):
    runner = CliRunner()
    cache = tmp_path / "elsewhere"
    result = runner.invoke(
        app, ["build", str(corpus_copy), "-o", str(tmp_path / "out"), "--cache", str(cache), "--facts-only"]
    )
    assert result.exit_code == 0, result.output
    assert list(cache.rglob("*.json"))
    assert not (tmp_path / "out" / ".cache").exists()
    result = runner.invoke(app, ["build", str(corpus_copy), "--engine", "spark"])
    assert result.exit_code != 0


FAULT = "СБОЙ"
"""A word no sample has: the stages patched below fail on an article that holds it."""


def failing_on_fault(real):
    def stage(doc, *args):
        if FAULT in doc.text:
            raise ValueError("made-up failure")
        return real(doc, *args)

    return stage


def test_a_parse_failure_costs_only_its_article(articles, serial, monkeypatch):
    """One article failing inside a batch of the tagger: the others keep their own facts."""
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "fill_doc", failing_on_fault(kg.nlp.fill_doc))
    bad = Article(id="bad", text=f"Министр Иван Петров встретился с послом. {FAULT}.", origin="feed.jsonl:7")
    skipped: list[Skipped] = []
    facts = extract_all([*articles[:2], bad, *articles[2:]], chunk_size=10, skipped=skipped)  # one chunk
    assert as_lines(resolve_corpus(facts)) == serial
    assert [item.path for item in skipped] == ["feed.jsonl:7"]
    assert skipped[0].reason.startswith("extraction failed: ValueError: made-up failure (at test_engine.py:")
    with pytest.raises(ExtractionError, match="feed.jsonl:7: extraction failed"):
        extract_all([bad])


def test_kg_build_reports_a_failed_article_and_builds_the_rest(corpus_copy, tmp_path, monkeypatch):
    import kg.pipeline

    bad = corpus_copy / "zz_bad.txt"
    bad.write_text(f"Министр Иван Петров встретился в Париже с послом. {FAULT}.", encoding="utf-8")
    real = kg.pipeline.extract_meetings
    monkeypatch.setattr(kg.pipeline, "extract_meetings", failing_on_fault(real))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus_copy), "-o", str(out), "--no-explorer"])
    assert result.exit_code == 1  # as for any skipped input
    assert "zz_bad.txt" in result.output and "made-up failure" in result.output
    ids = [json.loads(line)["id"] for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(path.stem for path in CORPUS.glob("*.txt"))
    assert (out / "graph.ttl").stat().st_size > 0

    monkeypatch.setattr(kg.pipeline, "extract_meetings", real)  # fixed: the article was not cached as done
    stats = CacheStats()
    assert run_build([str(corpus_copy)], str(out), stats=stats, graph=False) == []
    assert (stats.hits, stats.misses) == (5, 1)


def test_an_article_that_kills_its_worker_costs_only_itself(articles, serial, monkeypatch):
    """A worker that dies on an article (here: exits at once, as one killed for its memory
    would) breaks the pool; the other articles are extracted anyway, with their own facts."""
    import os

    import kg.engine
    import kg.nlp

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork, so that the workers inherit the patched parser")
    real = kg.nlp.fill_doc

    def dying(doc, *args):
        if FAULT in doc.text:
            os._exit(3)
        return real(doc, *args)

    monkeypatch.setattr(kg.nlp, "fill_doc", dying)
    monkeypatch.setattr(kg.engine, "start_method", lambda: "fork")
    alone, run_alone = [], Engine._alone
    monkeypatch.setattr(Engine, "_alone", lambda self, chunk: alone.append(chunk) or run_alone(self, chunk))
    bad = Article(id="bad", text=f"Министр Иван Петров встретился с послом. {FAULT}.", origin="feed.jsonl:9")
    skipped: list[Skipped] = []
    with Engine("local", 2) as engine:
        facts = extract_all([*articles[:3], bad, *articles[3:]], engine, chunk_size=2, skipped=skipped)
    assert as_lines(resolve_corpus(facts)) == serial
    assert [(item.path, item.reason) for item in skipped] == [
        ("feed.jsonl:9", "extraction failed: its worker process died (killed, out of memory or a crash)")
    ]
    assert alone[-1] == [bad]  # found on a pool of its own


@pytest.mark.parametrize(("n_workers", "chunk_size", "saturation"), [
    (2, 2, 1.1),
    (1, 1, "inf"),  # every task is on the one worker when it dies: all are given up on
])
def test_dask_reports_an_article_that_kills_its_workers(articles, serial, n_workers, chunk_size, saturation):
    """On Dask too: a chunk whose worker dies goes again an article per task, and only
    the article that kills its worker while nothing else runs is reported, not those
    that were on the worker with it."""
    import dask
    distributed = pytest.importorskip("dask.distributed")

    class DieOnFault(distributed.WorkerPlugin):
        """Each worker process, restarted ones too, dies on the article holding FAULT."""

        def setup(self, worker):
            import os

            import kg.nlp

            real = kg.nlp.fill_doc

            def dying(doc, *args):
                if FAULT in doc.text:
                    os._exit(3)
                return real(doc, *args)

            kg.nlp.fill_doc = dying

    bad = Article(id="bad", text=f"Министр Иван Петров встретился с послом. {FAULT}.", origin="feed.jsonl:11")
    skipped: list[Skipped] = []
    settings = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": saturation}
    with dask.config.set(settings), distributed.LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:
        client.register_plugin(DieOnFault())
        facts = extract_all([*articles[:3], bad, *articles[3:]], "dask", client=client, chunk_size=chunk_size,
                            skipped=skipped)
    assert as_lines(resolve_corpus(facts)) == serial
    assert [(item.path, item.reason) for item in skipped] == [
        ("feed.jsonl:11", "extraction failed: its worker process died (killed, out of memory or a crash)")
    ]


def test_a_cache_that_cannot_be_written_slows_the_next_build_only(corpus_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus_copy), "-o", str(out), "--cache", str(blocker / "cache"),
                                      "--no-explorer"])
    assert result.exit_code == 0, result.output
    assert "cache not written" in result.output and "Not a directory" in result.output
    assert len((out / "facts.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(corpus_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(corpus_copy), "-o", str(blocker / "out"), "--no-explorer"])
    assert result.exit_code == 2
    assert f"kg build: cannot write {blocker / 'out'}: Not a directory" in result.output
    assert "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_the_cyclic_collector_is_paused_for_extraction_and_merging_only(corpus_copy, tmp_path, monkeypatch):
    """Extraction and the corpus-wide stages allocate much and leave almost no cycles:
    kg build runs them with the collector off, and turns it back on afterwards."""
    import gc

    import kg.pipeline

    seen: dict[str, set[bool]] = {"extract": set(), "resolve": set()}
    real_extract, real_resolve = kg.pipeline.extract_article, kg.resolve.resolve_corpus

    def extract(*args, **kwargs):
        seen["extract"].add(gc.isenabled())
        return real_extract(*args, **kwargs)

    def resolve(facts):
        seen["resolve"].add(gc.isenabled())
        return real_resolve(facts)

    monkeypatch.setattr(kg.pipeline, "extract_article", extract)
    monkeypatch.setattr(kg.resolve, "resolve_corpus", resolve)
    assert gc.isenabled()
    assert run_build([str(corpus_copy)], str(tmp_path / "out"), use_cache=False, explorer=False) == []
    assert seen == {"extract": {False}, "resolve": {False}}
    assert gc.isenabled()


def test_a_paused_collector_comes_back_after_an_error_and_stays_off_if_it_was():
    import gc

    from kg.engine import collector_paused

    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a stage failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
