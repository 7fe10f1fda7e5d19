"""``kg build`` into a directory that a ``kg build --watch`` keeps up to date: the watch builds.

A watch holds what a new process would load again (the models, the cached facts, each
article's part of the graph), so its build after one article changed costs that article
and the corpus-wide merge, while a new process pays for its own start as well. And two
processes writing one output directory would race. So a watch listens on a Unix socket
in a temporary directory of its own (mode 0700: only its user can connect) and names it
in ``OUT/.watch.json``. A ``kg build`` into OUT sends it the corpus and the options that
decide the outputs (:meth:`kg.build.Build.options`); the watch builds, unless its outputs
are of that very corpus already, and answers with the status and the report of the
build. A corpus or options of its own are refused: the outputs would not be the ones
that ``kg build`` asked for.

One JSON line each way. A watch that is gone refuses the connection (its file may stay
behind), and ``kg build`` then builds in its own process.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import socketserver
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write

INFO_FILE = ".watch.json"
"""In the output directory: the pid and socket of the watch that keeps it."""

UNIX_SOCKETS = hasattr(socket, "AF_UNIX")
"""Where there are none (Windows), a watch takes no builds and ``kg build`` builds on its own."""


@dataclass
class Reply:
    status: int
    """The exit status of the build (0, or 1 when inputs were skipped or the build failed, 2 when refused)."""
    text: str
    """The build's report, or why there was none."""


class HandOffError(RuntimeError):
    """The watch took the build but did not answer."""


def corpus_key(corpus: Sequence[str | Path]) -> list[str]:
    """A corpus as a watch and a build compare it: its paths, resolved."""
    return [str(Path(path).resolve()) for path in corpus]


def _info(out_dir: str | Path) -> dict[str, Any] | None:
    try:
        info = json.loads((Path(out_dir) / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and isinstance(info.get("socket"), str) else None


def _connect(info: dict[str, Any] | None) -> socket.socket | None:
    if info is None or not UNIX_SOCKETS:
        return None
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(info["socket"])
    except OSError:  # the watch is gone (killed, so its file stayed behind)
        client.close()
        return None
    return client


def watcher(out_dir: str | Path) -> int | None:
    """The pid of the watch that keeps ``out_dir`` up to date, or None."""
    info = _info(out_dir)
    client = _connect(info)
    if client is None:
        return None
    client.close()  # a connection without a request: the watch answers nothing
    return info.get("pid")


def hand_off(
    out_dir: str | Path, corpus: Sequence[str | Path], options: Callable[[], dict[str, Any]]
) -> Reply | None:
    """The build of ``corpus`` into ``out_dir`` by the watch that keeps it, or None when no
    watch does. ``options()`` (:meth:`kg.build.Build.options`) is only called for a watch."""
    info = _info(out_dir)
    client = _connect(info)
    if client is None:
        return None
    request = {"corpus": corpus_key(corpus), "options": options()}
    with client, client.makefile("rwb") as stream:
        stream.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        stream.flush()
        line = stream.readline()
    if not line:
        raise HandOffError(f"the watch that keeps {out_dir} (pid {info.get('pid')}) stopped before it answered")
    answer = json.loads(line)
    return Reply(int(answer["status"]), str(answer["text"]))


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline()
        if not line:  # watcher()'s probe
            return
        try:
            request = json.loads(line)
            reply = self.server.answer(request["corpus"], request["options"])
        except (ValueError, KeyError, TypeError) as error:
            reply = Reply(2, f"a request the watch cannot read: {error}")
        self.wfile.write(json.dumps({"status": reply.status, "text": reply.text}, ensure_ascii=False).encode() + b"\n")


_UnixServer = socketserver.UnixStreamServer if UNIX_SOCKETS else socketserver.TCPServer
"""A base class on every platform; a watch only serves with Unix sockets."""


class WatchServer(socketserver.ThreadingMixIn, _UnixServer):
    """The socket a watch answers ``kg build`` on, while the ``with`` block runs.

    ``answer(corpus, options)`` builds in the thread of the request; the watch runs it
    under the lock of its own builds.
    """

    daemon_threads = True

    def __init__(self, out_dir: str | Path, answer: Callable[[list[str], dict[str, Any]], Reply]):
        self.answer = answer
        self.info_file = Path(out_dir) / INFO_FILE
        self._dir = tempfile.mkdtemp(prefix="kg-watch-")
        super().__init__(os.path.join(self._dir, "socket"), _Handler)
        self._thread = threading.Thread(target=self.serve_forever, name="kg-watch-server", daemon=True)

    def __enter__(self) -> WatchServer:
        self._thread.start()
        with atomic_write(self.info_file) as handle:
            json.dump({"pid": os.getpid(), "socket": self.server_address}, handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if (_info(self.info_file.parent) or {}).get("socket") == self.server_address:
            self.info_file.unlink(missing_ok=True)  # unless another watch has taken the directory since
        self.shutdown()
        self.server_close()
        shutil.rmtree(self._dir, ignore_errors=True)
