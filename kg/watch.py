"""``kg build --watch``: keep a corpus's outputs up to date while its files change.

One long-running process keeps what a new ``kg build`` would load again: the models,
the cached facts and each article's part of the graph (:class:`kg.build.Build` with
``keep``). So an article added, changed or removed costs its own extraction and the
corpus-wide merge, not the start of a process. File events come from watchfiles
(inotify, FSEvents or polling); the outputs and the cache are never watched, so a
corpus directory may hold them. A ``kg build`` into the same directory is built by the
watch (:mod:`kg.handoff`), one build at a time.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from kg.build import Build, console
from kg.corpus import JSONL_SUFFIXES, TEXT_SUFFIXES
from kg.engine import collector_paused, warm_up
from kg.handoff import UNIX_SOCKETS, Reply, WatchServer, corpus_key


WAKE_MS = 300
"""How often the watcher hands back control when nothing changed (ms)."""

OPTION_FLAGS = {
    "code": "another version of kg",
    "cache": "--cache/--no-cache",
    "graph": "--facts-only",
    "explorer": "--no-explorer",
    "targets": "--store/--endpoint",
}
"""How a refused ``kg build`` is told which of :meth:`Build.options` differ."""


class CorpusFilter(DefaultFilter):
    """Changes to the corpus's own files: named files, and article files inside named directories."""

    def __init__(self, corpus: Sequence[str | Path], ignore: Sequence[str | Path] = ()):
        super().__init__(ignore_paths=[os.path.join(Path(p).resolve(), "") for p in ignore])
        paths = [Path(p).resolve() for p in corpus]
        self.files = {p for p in paths if not p.is_dir()}
        self.dirs = [p for p in paths if p.is_dir()]

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        file = Path(path)
        if file in self.files:
            return True
        suffixes = TEXT_SUFFIXES | JSONL_SUFFIXES
        return file.suffix.lower() in suffixes and any(file.is_relative_to(d) for d in self.dirs)

    def roots(self) -> list[Path]:
        """What to watch: the named directories, and the directory of each named file
        (an editor or ``mv`` replaces a file, which a watch on the file itself would lose)."""
        return sorted({*self.dirs, *(f.parent for f in self.files)})


def watch_corpus(
    corpus: Sequence[str],
    build: Build,
    *,
    stop: threading.Event | None = None,
    on_build: Callable[[float], None] | None = None,
) -> None:
    """Build ``corpus``, then build again after each batch of changes until ``stop`` is set
    (or Ctrl-C, or SIGTERM), and build for each ``kg build`` into the same directory. A
    failed run is reported and the watch goes on. ``on_build`` gets the seconds each run took."""
    stop = stop if stop is not None else threading.Event()
    ignore = [build.out_dir] + ([build.cache.root] if build.cache is not None else [])
    files = CorpusFilter(corpus, ignore)
    events = watch(
        *files.roots(), watch_filter=files, stop_event=stop, raise_interrupt=False,
        yield_on_timeout=True, rust_timeout=WAKE_MS,
    )
    lock = threading.Lock()  # one build at a time: a batch of changes, or a kg build's
    garbage = threading.Event()  # set by each build: the cyclic collector is to run when idle
    answer = _answerer(build, corpus, lock, garbage, on_build)
    with _stop_on_signals(stop):
        try:
            with WatchServer(build.out_dir, answer) if UNIX_SOCKETS else nullcontext():
                if next(events, None) is None:  # from here on the watcher runs: no change during the first build is lost
                    return
                if build.engine.kind == "local":
                    warm_up(build.model)  # so that the first change does not wait for the models
                with lock:
                    _timed_run(build, corpus, garbage, on_build, "built")
                console.print(f"watching {', '.join(map(str, files.roots()))} (Ctrl-C to stop)")
                for changes in events:
                    if not changes:
                        _collect_when_idle(lock, garbage)
                        continue
                    with lock:
                        if not build.is_current(corpus):  # a kg build may have built the changes already
                            _timed_run(build, corpus, garbage, on_build, f"rebuilt after {len(changes)} change(s)")
        except KeyboardInterrupt:  # the way a user ends a watch; outputs are written atomically
            pass
        finally:
            build.close()
    console.print("stopped watching")


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C, and SIGTERM from a service manager, end the watch: they set ``stop``, which
    the watcher reads each time it wakes, and interrupt a build under way (so the engine's
    worker processes are stopped too). The event is what ends a watch whose interrupt is
    lost: raised in a finalizer the cyclic collector runs, it is only printed. Only the
    main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        stop.set()
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _answerer(
    build: Build,
    corpus: Sequence[str],
    lock: threading.Lock,
    garbage: threading.Event,
    on_build: Callable[[float], None] | None,
) -> Callable[[list[str], dict], Reply]:
    """How the watch answers a ``kg build`` of ``asked`` with ``options`` (:mod:`kg.handoff`)."""
    own_corpus, own_options = corpus_key(corpus), build.options()
    holder = f"{build.out_dir} is kept up to date by kg build --watch (pid {os.getpid()})"

    def answer(asked: list[str], options: dict) -> Reply:
        if asked != own_corpus:
            why = f"of {' '.join(own_corpus)}, not of {' '.join(asked)}"
        else:
            why = ", ".join(OPTION_FLAGS.get(name, name) for name, value in own_options.items()
                            if options.get(name) != value)
            why = why and f"with other options ({why})"
        if why:
            return Reply(2, f"{holder} {why}: stop that watch, or build into another directory\n")
        with lock:
            if build.is_current(corpus):
                return Reply(1 if build.skipped else 0, f"{holder}; it is up to date:\n{build.report_text()}")
            error = _timed_run(build, corpus, garbage, on_build, "rebuilt for a kg build")
            if error is not None:
                return Reply(1, f"{holder}; its build failed: {error}\n")
            return Reply(1 if build.skipped else 0, f"{holder}; it built:\n{build.report_text()}")

    return answer


def _collect_when_idle(lock: threading.Lock, garbage: threading.Event) -> None:
    """The cyclic collector, once no build runs: it scans all that the watch keeps (half a
    second at 1,000 articles), which neither a kg build waiting for its answer nor the
    next batch of changes should wait for."""
    if garbage.is_set() and lock.acquire(blocking=False):
        try:
            garbage.clear()
            gc.collect()
        finally:
            lock.release()


def _timed_run(
    build: Build,
    corpus: Sequence[str],
    garbage: threading.Event,
    on_build: Callable[[float], None] | None,
    what: str,
) -> str | None:
    """Run ``build`` on ``corpus``; why it failed, or None."""
    start = time.perf_counter()
    # A run allocates much and frees little, so the cyclic collector would only scan
    # what the watch keeps: it runs when the watch is idle (_collect_when_idle).
    try:
        with collector_paused():
            build.run(corpus)
    except Exception as error:  # noqa: BLE001 - one failed run must not end the watch
        reason = f"{type(error).__name__}: {error}"
        console.print(f"[red]build failed[/]: {reason}")
        return reason
    finally:
        garbage.set()
    elapsed = time.perf_counter() - start
    console.print(f"{what} in {elapsed:.2f} s")
    if on_build is not None:
        on_build(elapsed)
    return None
