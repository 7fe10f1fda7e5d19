"""kg build --watch: rebuilds on corpus changes give what a build from scratch gives."""

from __future__ import annotations

import gc
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph
from watchfiles import Change

from kg.build import Build, fact_lines, run_build
from kg.synth import generate_facts
from kg.watch import CorpusFilter, _stop_on_signals, watch_corpus

ARTICLES = {
    "a": ("2024-05-14", "Министр иностранных дел Франции Жан Дюбуа встретился в Берлине с канцлером Германии "
                        "Карлом Шульцем. «Мы обсудили поставки газа», — заявил Дюбуа после встречи."),
    "b": ("2024-05-15", "Премьер-министр Италии Марко Росси провел переговоры с Карлом Шульцем в Риме. "
                        "Шульц сообщил, что стороны договорились о новой встрече."),
    "c": ("2024-05-16", "Жан Дюбуа и Марко Росси встретились в Мадриде. "
                        "Росси заявил журналистам, что переговоры были трудными."),
}


def write_article(folder: Path, key: str) -> Path:
    date, text = ARTICLES[key]
    path = folder / f"{key}.jsonl"
    path.write_text(json.dumps({"id": key, "date": date, "text": text}, ensure_ascii=False) + "\n", "utf-8")
    return path


def outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "facts.jsonl").read_bytes(), (out / "graph.ttl").read_bytes()


def from_scratch(corpus: Path, out: Path) -> tuple[bytes, bytes]:
    run_build([str(corpus)], str(out), use_cache=False, explorer=False)
    return outputs(out)


def test_the_filter_sees_corpus_files_only(tmp_path):
    corpus, named = tmp_path / "corpus", tmp_path / "extra.jsonl"
    corpus.mkdir()
    files = CorpusFilter([corpus, named], ignore=[corpus / "out"])
    assert files.roots() == sorted([corpus.resolve(), tmp_path.resolve()])
    seen = lambda path: files(Change.modified, str(path.resolve()))  # noqa: E731
    assert seen(corpus / "new.txt") and seen(corpus / "deep" / "feed.jsonl") and seen(named)
    assert not seen(corpus / "out" / "facts.jsonl")  # the build's own output
    assert not seen(corpus / "out2.pdf") and not seen(corpus / ".a.jsonl.x1y2.tmp")
    assert not seen(tmp_path / "other.jsonl")  # beside a named file, not named


@contextmanager
def watching(tmp_path: Path) -> Iterator[tuple[Path, Path, Build, queue.Queue]]:
    """A watch of ``corpus`` (articles a and b) into ``out``, in a thread, after its first
    build: the corpus, the output directory, the kept build and the queue of run times."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    write_article(corpus, "a")
    write_article(corpus, "b")
    build = Build(out, explorer=False, keep=True)
    stop, runs = threading.Event(), queue.Queue()
    watcher = threading.Thread(target=watch_corpus, args=([str(corpus)], build),
                               kwargs={"stop": stop, "on_build": runs.put}, daemon=True)
    watcher.start()
    try:
        runs.get(timeout=120)
        yield corpus, out, build, runs
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()


def test_watch_rebuilds_on_each_change_as_a_build_from_scratch(tmp_path):
    with watching(tmp_path) as (corpus, out, build, runs):
        write_article(corpus, "c")
        runs.get(timeout=60)
        added = outputs(out)
        assert b'"id": "c"' in added[0]
        assert added == from_scratch(corpus, tmp_path / "scratch-added")
        assert build.graph_cache.replayed >= 1  # the unchanged articles were not built again

        (corpus / "a.jsonl").unlink()
        runs.get(timeout=60)
        removed = outputs(out)
        assert b'"id": "a"' not in removed[0] and b"article/a>" not in removed[1]
        assert removed == from_scratch(corpus, tmp_path / "scratch-removed")


def test_a_kept_build_reuses_the_lines_of_unchanged_facts_only(tmp_path):
    build = Build(tmp_path, keep=True, graph=False)
    first = build._fact_lines(generate_facts(6, seed=1))
    changed = generate_facts(6, seed=1)
    changed[2].entities[0].aliases.append("Другое имя")
    del changed[4]
    lines = build._fact_lines(changed)
    assert lines == fact_lines(changed)
    assert lines[2] != first[2] and lines[0] is first[0]  # rewritten; reused


def test_a_kept_build_sends_its_store_only_what_changed(tmp_path, monkeypatch):
    import kg.store
    from kg.store import fetch_graph, open_store

    corpus, out, target = tmp_path / "corpus", tmp_path / "out", f"oxigraph:{tmp_path / 'store'}"
    corpus.mkdir()
    write_article(corpus, "a")
    write_article(corpus, "b")
    whole: list[str] = []
    push = kg.store.push
    monkeypatch.setattr(kg.store, "push", lambda graph, to, **kw: (whole.append(to), push(graph, to, **kw)))

    def holds_the_graph() -> bool:
        return set(fetch_graph(target)) == set(Graph().parse(out / "graph.ttl"))

    build = Build(out, explorer=False, keep=True, targets=[target])
    build.run([str(corpus)])
    assert whole == [target] and holds_the_graph()
    write_article(corpus, "c")
    build.run([str(corpus)])
    assert whole == [target] and holds_the_graph()  # the change only
    with open_store(target) as store:  # someone else changed the store: the whole graph again
        store.clear()
    (corpus / "a.jsonl").unlink()
    build.run([str(corpus)])
    assert whole == [target, target] and holds_the_graph()


def descendants(pid: int) -> set[int]:
    """Processes below ``pid`` (Linux /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_lost_in_a_finalizer_still_stops_the_watch():
    """Ctrl-C while the cyclic collector runs a finalizer: the KeyboardInterrupt raised there
    is only printed, so the watch must learn of it from the stop event the handler sets."""
    class Finalised:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)

    stop = threading.Event()
    before = signal.getsignal(signal.SIGINT)
    with _stop_on_signals(stop):
        cycle = Finalised()
        cycle.itself = cycle
        del cycle
        gc.collect()
    assert stop.is_set()
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize(("stop", "workers"), [(signal.SIGINT, 1), (signal.SIGTERM, 2)], ids=["ctrl-c", "sigterm-pool"])
def test_kg_build_watch_rebuilds_and_stops_cleanly(tmp_path, stop, workers):
    """Ctrl-C, or SIGTERM from a service manager, ends the watch with 0 and stops its worker processes."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    write_article(corpus, "a")
    write_article(corpus, "b")  # two articles: two chunks, so -j 2 starts its pool
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--watch", "--no-explorer",
         "--workers", str(workers)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env={**os.environ, "COLUMNS": "200"},
    )
    lines: list[str] = []

    def wait_for(text: str) -> None:
        for line in process.stderr:
            lines.append(line)
            if text in line:
                return
        pytest.fail(f"kg build --watch ended before {text!r}: {''.join(lines)}")

    try:
        wait_for("watching")
        write_article(corpus, "c")
        wait_for("rebuilt after")
        assert b'"id": "c"' in (out / "facts.jsonl").read_bytes()
        children = descendants(process.pid)
        if workers > 1:
            assert len(children) >= workers  # the pool's processes are alive between runs
        process.send_signal(stop)
        assert process.wait(timeout=60) == 0, "".join(lines)
        for _ in range(50):  # a worker exits once its queue closes
            if not children & descendants(1):
                break
            time.sleep(0.1)
        assert not children & descendants(1)
    finally:
        for pid in descendants(process.pid):  # a failed run leaves no workers behind
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()
