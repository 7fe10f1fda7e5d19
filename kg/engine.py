"""Engines for per-article extraction: serial, a local process pool, or Dask.

Per-article extraction (parse + rules + article-level names) is independent of
every other article; only :func:`kg.resolve.resolve_corpus` looks at the whole
corpus, and it is cheap. :func:`extract_all` runs the first part in chunks of
articles on the chosen engine, with the fact cache in front of every engine,
and returns *unresolved* facts in input order. Every engine produces facts the
same way — a worker builds the NLP pipeline once per process, runs
:func:`kg.pipeline.extract_articles` over its chunk and returns JSON records —
so the result does not depend on the engine, the number of workers or the
cache.
"""

from __future__ import annotations

import gc
import itertools
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.cache import FactCache
from kg.corpus import Article, Skipped
from kg.records import ArticleFacts

ENGINES = ("local", "dask")
CHUNK_SIZE = 25
"""Articles per task: large enough to batch the taggers, small enough to balance workers."""

Progress = Callable[[int], None]
"""Called with the number of articles just finished."""

_NLP_LOCK = threading.Lock()
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads() -> None:
    """One BLAS thread per process, unless the user set otherwise.

    The Slovnet taggers multiply small matrices: extra BLAS threads bring no
    speed and, on a busy machine or beside other workers, spin for CPU (the
    bare Natasha benchmark ran up to 3.7× slower in wall time under load with
    OpenBLAS's default threads). Takes effect in processes that load numpy
    afterwards: the ``kg`` command calls it first thing, and pool workers
    inherit it. Dask's nanny sets the same variables for its workers.
    """
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def worker_nlp(model: str | None = None):
    """The NLP pipeline of this process, built on first use (models load once per process)."""
    return _nlp_for(model)


@lru_cache(maxsize=None)
def _nlp_for(model: str | None):
    from kg.nlp import make_nlp

    return make_nlp(model)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a stretch of extraction or merging.

    Those allocate much and leave almost no cycles (the Docs go by reference counting:
    400 generated articles left 1,537 objects in cycles), so the collector's passes
    only scan what the process keeps: the models, the lexicons and the facts so far.
    It runs again once the stretch is over, and was already off stays off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def extract_chunk(articles: Sequence[Article], model: str | None = None) -> list[dict[str, Any]]:
    """Unresolved facts of a chunk of articles, as ``ArticleFacts.to_json()`` records.

    An article whose parse or rules raise gives ``{"error": reason}`` instead: the chunk
    is then extracted again one article at a time (an article is tagged on its own, so
    its facts are the same either way), and one bad article costs only itself.
    """
    from kg.pipeline import extract_articles

    # A Dask worker may run several tasks on threads of one process: the spaCy
    # pipeline and its vocabulary are shared, so one chunk at a time per process.
    with _NLP_LOCK, collector_paused():
        nlp = worker_nlp(model)
        try:
            return [facts.to_json() for facts in extract_articles(list(articles), nlp)]
        except Exception as error:  # noqa: BLE001 - reported per article below
            if len(articles) == 1:
                return [{"error": failure(error)}]
        records = []
        for article in articles:
            try:
                records.append(next(extract_articles([article], nlp)).to_json())
            except Exception as error:  # noqa: BLE001 - one article's failure is its own
                records.append({"error": failure(error)})
        return records


def failure(error: BaseException) -> str:
    """What went wrong, and where in the code: the type, the message and the innermost frame."""
    import traceback

    frames = traceback.extract_tb(error.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name})" if frames else ""
    return f"extraction failed: {type(error).__name__}: {error}{where}"


WARM_UP = Article(
    id="warm-up",
    date="2020-01-01",
    text="Министр иностранных дел Иван Зуев встретился в Париже с послом. «Мы договорились», — заявил он.",
)
"""A made-up article touching every model and rule, extracted by :func:`warm_up`."""


def warm_up(model: str | None = None) -> None:
    """Load now what the first article would: the models (the taggers load on their first
    document, about a second) and the rules' word lists."""
    record = extract_chunk([WARM_UP], model)[0]
    if "error" in record:
        raise RuntimeError(f"the pipeline fails on a plain article: {record['error']}")


def _init_worker(model: str | None) -> None:
    worker_nlp(model)


def chunked(items: Sequence[Article], size: int) -> list[list[Article]]:
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def chunk_size_for(n_articles: int, workers: int, chunk_size: int | None = None) -> int:
    """At most CHUNK_SIZE, and small enough that every worker gets a few chunks."""
    if chunk_size:
        return chunk_size
    if workers <= 1:
        return CHUNK_SIZE
    return max(1, min(CHUNK_SIZE, math.ceil(n_articles / (workers * 4))))


def start_method() -> str:
    """'forkserver' where it exists (no fork of a process with threads), else 'spawn'."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods and sys.platform != "darwin" else "spawn"


# ---------------------------------------------------------------- engines


def _run_serial(chunks: list[list[Article]], model: str | None, done: Callable) -> None:
    for index, chunk in enumerate(chunks):
        done(index, extract_chunk(chunk, model))


def _run_on_pool(chunks: dict[int, list[Article]], model: str | None, pool: ProcessPoolExecutor, done: Callable) -> None:
    futures = {pool.submit(extract_chunk, chunk, model): index for index, chunk in chunks.items()}
    for future in as_completed(futures):
        done(futures[future], future.result())


WORKER_DIED = "extraction failed: its worker process died (killed, out of memory or a crash)"


class Pieces:
    """Chunks whose articles go again one per task, put back together for ``done``.

    A worker that dies takes its task with it, and the task cannot say which article
    killed it; run one at a time, the articles of a lost chunk tell.
    """

    def __init__(self, n_chunks: int, done: Callable):
        self.done = done
        self.owners: dict[int, tuple[int, int]] = {}  # an article's task -> (its chunk, its position)
        self.parts: dict[int, list] = {}  # a chunk in pieces -> its records so far
        self._tasks = itertools.count(n_chunks)

    def split(self, chunk: int, articles: list[Article]) -> dict[int, list[Article]]:
        """New tasks, an article each, for a chunk that has to go again."""
        self.parts[chunk] = [None] * len(articles)
        tasks = {}
        for position, article in enumerate(articles):
            task = next(self._tasks)
            tasks[task], self.owners[task] = [article], (chunk, position)
        return tasks

    def finished(self, task: int, records: list[dict[str, Any]]) -> None:
        """A task's records: a whole chunk's go to ``done``, a piece's once its chunk is complete."""
        if task not in self.owners:
            self.done(task, records)
            return
        chunk, position = self.owners.pop(task)
        self.parts[chunk][position] = records[0]
        if all(record is not None for record in self.parts[chunk]):
            self.done(chunk, self.parts.pop(chunk))


def run_dask_client(client, chunks: list[list[Article]], model: str | None, done: Callable) -> None:
    """Chunks as Dask tasks on an existing client; ``done(index, records)`` as each finishes.

    Dask runs a task whose worker died again elsewhere; a chunk it gives up on
    (``KilledWorker``) goes again an article per task. An article Dask gives up on may
    only have shared a worker with the one that killed it (a worker holds more than one
    task), so it goes again once nothing else of ours is running, one such article at a
    time; the one that kills its workers there is reported as failed.
    """
    from dask.distributed import KilledWorker
    from dask.distributed import as_completed as dask_completed

    pieces = Pieces(len(chunks), done)
    futures = client.map(extract_chunk, chunks, model=model, pure=False)
    tasks = {future.key: (i, chunk, False) for i, (future, chunk) in enumerate(zip(futures, chunks))}
    suspects: list[tuple[int, list[Article]]] = []  # articles given up on among others
    running = dask_completed(futures)

    def submit(task: int, articles: list[Article], alone: bool) -> None:
        future = client.submit(extract_chunk, articles, model=model, pure=False)
        tasks[future.key] = (task, articles, alone)
        running.add(future)

    for future in running:
        task, articles, alone = tasks.pop(future.key)
        try:
            records = future.result()
        except KilledWorker:
            records = None
            if alone:
                records = [{"error": WORKER_DIED}]
            elif len(articles) == 1:
                suspects.append((task, articles))
            else:
                for piece, article in pieces.split(task, articles).items():
                    submit(piece, article, alone=False)
        finally:
            future.release()
        if records is not None:
            pieces.finished(task, records)
        if suspects and not tasks:
            submit(*suspects.pop(0), alone=True)


class Engine:
    """Where per-article extraction runs: this process, a local process pool, or Dask.

    The pool's processes (or the Dask client and its local cluster) start when a run
    first needs them and stay until :meth:`close`, so a long-running build
    (``kg build --watch``) loads the models once per worker, not once per run. A
    given Dask ``client`` is used as it is and left open.
    """

    def __init__(
        self,
        kind: str = "local",
        workers: int = 1,
        scheduler: str | None = None,
        *,
        model: str | None = None,
        client: Any = None,
    ):
        if kind not in ENGINES:
            raise ValueError(f"unknown engine {kind!r}; choose one of {', '.join(ENGINES)}")
        self.kind, self.workers, self.scheduler, self.model = kind, workers, scheduler, model
        self._client, self._own_client = client, client is None
        self._cluster = None
        self._pool: ProcessPoolExecutor | None = None

    def chunk_size(self, n_articles: int, chunk_size: int | None = None) -> int:
        return chunk_size_for(n_articles, self.workers if self.kind == "local" else max(self.workers, 1), chunk_size)

    def run(self, chunks: list[list[Article]], done: Callable) -> None:
        """Extract every chunk; ``done(index, records)`` as each finishes."""
        if self.kind == "dask":
            run_dask_client(self._dask_client(), chunks, self.model, done)
        elif self.workers <= 1 or len(chunks) == 1:
            _run_serial(chunks, self.model, done)
        else:
            self._run_pool(chunks, done)

    def _run_pool(self, chunks: list[list[Article]], done: Callable) -> None:
        """Chunks on the process pool. A worker that dies (killed, out of memory, a crash in
        native code) breaks the pool: the unfinished chunks go again an article per task on a
        new pool, and each time that breaks, its first unfinished article runs on a pool of
        its own; the one that kills its worker there alone is reported as failed."""
        tasks = dict(enumerate(chunks))  # task -> its articles
        pieces = Pieces(len(chunks), done)

        def finished(task: int, records: list[dict[str, Any]]) -> None:
            del tasks[task]
            pieces.finished(task, records)

        while tasks:
            try:
                _run_on_pool(tasks, self.model, self._process_pool(), finished)
            except BrokenProcessPool:
                self._close_pool(wait=False)
                if not pieces.owners:  # the first break: what is left, an article per task
                    for chunk, articles in list(tasks.items()):
                        del tasks[chunk]
                        tasks.update(pieces.split(chunk, articles))
                else:
                    first = min(tasks)
                    finished(first, self._alone(tasks[first]))
            except BaseException:  # an interrupted pool is not reused
                self._close_pool(wait=False)
                raise

    def _alone(self, articles: list[Article]) -> list[dict[str, Any]]:
        """Extract on a pool of one worker, started for this alone."""
        context = multiprocessing.get_context(start_method())
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            try:
                return pool.submit(extract_chunk, articles, self.model).result()
            except BrokenProcessPool:
                return [{"error": WORKER_DIED} for _ in articles]

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            limit_blas_threads()
            method = start_method()
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                # Workers fork from a server that has imported spaCy and Natasha once.
                context.set_forkserver_preload(["kg.engine", "kg.pipeline"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_init_worker, initargs=(self.model,)
            )
        return self._pool

    def _dask_client(self):
        if self._client is None:
            from dask.distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(
                    n_workers=max(1, self.workers),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                self._client = Client(self._cluster)
        return self._client

    def _close_pool(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop what this engine started (worker processes, a Dask client and local cluster)."""
        self._close_pool()
        if self._own_client and self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- front door


def extract_all(
    articles: Sequence[Article],
    engine: str | Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    *,
    model: str | None = None,
    cache: FactCache | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
    client: Any = None,
    skipped: list[Skipped] | None = None,
) -> list[ArticleFacts]:
    """Unresolved facts of every article, in input order.

    ``engine`` is an :class:`Engine`, used and left open, or the kind of one to run
    this call on: ``"local"`` (serial when ``workers <= 1``, else a process pool of
    ``workers``) or ``"dask"`` (``scheduler`` address, or a local cluster of
    ``workers`` processes; or pass a ready ``client``). With a ``cache``, cached
    articles are not extracted and new results are stored; ``cache.stats``
    counts hits and misses. The facts are not resolved: pass them to
    :func:`kg.resolve.resolve_corpus`, which mutates them.

    An article whose extraction fails is left out (and not cached) and reported in
    ``skipped``; without that list, a failure raises :class:`ExtractionError` once the
    other articles are done.
    """
    own = not isinstance(engine, Engine)
    runner = Engine(engine, workers, scheduler, model=model, client=client) if own else engine
    results: list[ArticleFacts | None] = [None] * len(articles)
    todo: list[int] = []
    with collector_paused():  # reading the cache makes objects by the million, and no cycles
        for i, article in enumerate(articles):
            cached = cache.get(article) if cache is not None else None
            if cached is None:
                todo.append(i)
            else:
                results[i] = cached
    if progress and len(todo) < len(articles):
        progress(len(articles) - len(todo))
    if not todo:
        return results  # type: ignore[return-value]

    pending = [articles[i] for i in todo]
    size = runner.chunk_size(len(pending), chunk_size)
    chunks = chunked(pending, size)
    offsets = [todo[i:i + size] for i in range(0, len(todo), size)]

    failed: dict[int, str] = {}

    def done(chunk_index: int, records: list[dict[str, Any]]) -> None:
        for position, record in zip(offsets[chunk_index], records):
            if "error" in record:
                failed[position] = record["error"]
                continue
            if cache is not None:
                cache.put(articles[position], record)
            results[position] = ArticleFacts.from_json(record)
        if progress:
            progress(len(records))

    try:
        runner.run(chunks, done)
    finally:
        if own:
            runner.close()
    missing = [articles[i].id for i, facts in enumerate(results) if facts is None and i not in failed]
    if missing:
        raise RuntimeError(f"no facts came back for {len(missing)} articles, e.g. {missing[0]}")
    failures = [Skipped(articles[i].origin or f"article {articles[i].id}", reason) for i, reason in sorted(failed.items())]
    if failures and skipped is None:
        raise ExtractionError(failures)
    if skipped is not None:
        skipped += failures
    return [facts for facts in results if facts is not None]


class ExtractionError(RuntimeError):
    """Articles whose extraction failed (``extract_all`` without a ``skipped`` list)."""

    def __init__(self, failures: list[Skipped]):
        super().__init__("; ".join(f"{item.path}: {item.reason}" for item in failures))
        self.failures = failures
