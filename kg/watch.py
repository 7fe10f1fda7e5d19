"""``kg build --watch``: keep a corpus's outputs up to date while its files change.

One long-running process keeps what a new ``kg build`` would load again: the models,
the cached facts and each article's part of the graph (:class:`kg.build.Build` with
``keep``). So an article added, changed or removed costs its own extraction and the
corpus-wide merge, not the start of a process. File events come from watchfiles
(inotify, FSEvents or polling); the outputs and the cache are never watched, so a
corpus directory may hold them.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from kg.build import Build, console
from kg.corpus import JSONL_SUFFIXES, TEXT_SUFFIXES
from kg.engine import warm_up


WAKE_MS = 300
"""How often the watcher hands back control when nothing changed (ms)."""


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
    (or Ctrl-C, or SIGTERM). A failed run is reported and the watch goes on. ``on_build`` gets the
    seconds each run took."""
    ignore = [build.out_dir] + ([build.cache.root] if build.cache is not None else [])
    files = CorpusFilter(corpus, ignore)
    events = watch(
        *files.roots(), watch_filter=files, stop_event=stop, raise_interrupt=False,
        yield_on_timeout=True, rust_timeout=WAKE_MS,
    )
    with _terminate_as_interrupt():
        try:
            if next(events, None) is None:  # from here on the watcher runs: no change during the first build is lost
                return
            if build.engine.kind == "local":
                warm_up(build.model)  # so that the first change does not wait for the models
            _timed_run(build, corpus, on_build, "built")
            console.print(f"watching {', '.join(map(str, files.roots()))} (Ctrl-C to stop)")
            for changes in events:
                if changes:
                    _timed_run(build, corpus, on_build, f"rebuilt after {len(changes)} change(s)")
        except KeyboardInterrupt:  # the way a user ends a watch; outputs are written atomically
            pass
        finally:
            build.close()
    console.print("stopped watching")


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the watch) ends it as Ctrl-C does, so the
    engine's worker processes are stopped too. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _timed_run(build: Build, corpus: Sequence[str], on_build: Callable[[float], None] | None, what: str) -> None:
    start = time.perf_counter()
    # A run allocates much and frees little, so the cyclic collector would only scan
    # what the watch keeps (half a second per run at 1,000 articles): it runs after.
    gc.disable()
    try:
        build.run(corpus)
    except Exception as error:  # noqa: BLE001 - one failed run must not end the watch
        console.print(f"[red]build failed[/]: {type(error).__name__}: {error}")
        return
    finally:
        gc.enable()
    elapsed = time.perf_counter() - start
    console.print(f"{what} in {elapsed:.2f} s")
    if on_build is not None:
        on_build(elapsed)
    gc.collect()
