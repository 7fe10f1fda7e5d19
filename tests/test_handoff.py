"""A kg build into a directory that a watch keeps is built by the watch, as from scratch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from kg.build import Build
from kg.handoff import INFO_FILE, HandOffError, Reply, WatchServer, hand_off, watcher
from test_watch import from_scratch, outputs, watching, write_article


@pytest.fixture
def watched(tmp_path):
    """A watch of ``corpus`` (articles a and b) into ``out``, in a thread, after its first build."""
    with watching(tmp_path) as (corpus, out, _, runs):
        yield corpus, out, runs
    assert not (out / INFO_FILE).exists() and watcher(out) is None  # the watch cleans up after itself


def test_a_build_into_a_watched_directory_is_the_watchs_and_equals_one_from_scratch(watched, tmp_path):
    corpus, out, runs = watched
    assert watcher(out) == os.getpid()
    options = Build(out, explorer=False).options
    reply = hand_off(out, [corpus], options)  # nothing changed: the watch's outputs are current
    assert reply.status == 0 and "it is up to date" in reply.text and "articles" in reply.text

    write_article(corpus, "c")
    reply = hand_off(out, [corpus], options)  # before or after the watch saw the change, never before it is built
    assert reply.status == 0 and "kept up to date by kg build --watch" in reply.text
    assert b'"id": "c"' in outputs(out)[0]
    assert outputs(out) == from_scratch(corpus, tmp_path / "scratch")
    runs.get(timeout=5)  # the change was built once: by the watch or for the request
    time.sleep(1)  # the watch has seen the change by now
    assert runs.empty()


def test_a_watch_refuses_a_build_of_another_corpus_or_with_other_options(watched, tmp_path):
    corpus, out, runs = watched
    before = outputs(out)
    other = hand_off(out, [corpus / "a.jsonl"], Build(out, explorer=False).options)
    explorer = hand_off(out, [corpus], Build(out).options)
    uncached = hand_off(out, [corpus], Build(out, explorer=False, use_cache=False).options)
    assert {other.status, explorer.status, uncached.status} == {2}
    assert f"not of {corpus / 'a.jsonl'}" in other.text
    assert "(--no-explorer)" in explorer.text and "(--cache/--no-cache)" in uncached.text
    assert outputs(out) == before and runs.empty()


def test_kg_build_hands_itself_to_the_watch_and_a_second_watch_is_refused(watched):
    corpus, out, _ = watched
    write_article(corpus, "c")
    kg = [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--no-explorer"]
    done = subprocess.run(kg, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"kept up to date by kg build --watch (pid {os.getpid()})" in done.stderr
    assert "│ articles       │ 3" in done.stderr
    second = subprocess.run([*kg, "--watch"], capture_output=True, text=True, timeout=120)
    assert second.returncode == 2 and "already" in second.stderr


def test_no_watch_or_a_gone_one_leaves_the_build_to_its_own_process(tmp_path):
    assert hand_off(tmp_path, [tmp_path], dict) is None
    (tmp_path / INFO_FILE).write_text(json.dumps({"pid": 1, "socket": str(tmp_path / "gone")}))
    assert hand_off(tmp_path, [tmp_path], dict) is None and watcher(tmp_path) is None
    (tmp_path / INFO_FILE).write_text("{not json")
    assert hand_off(tmp_path, [tmp_path], dict) is None


def test_a_watch_that_dies_while_it_builds_is_an_error_not_a_wait(tmp_path):
    def crash(corpus, options) -> Reply:
        raise RuntimeError("killed")  # the request's connection closes without an answer, as a dying watch's would

    with WatchServer(tmp_path, crash):
        with pytest.raises(HandOffError, match="stopped before it answered"):
            hand_off(tmp_path, [tmp_path], dict)


def test_a_build_is_current_until_its_corpus_or_outputs_change(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    write_article(corpus, "a")
    build = Build(out, explorer=False, keep=True)
    assert not build.is_current([str(corpus)])  # never run
    build.run([str(corpus)])
    assert build.is_current([str(corpus)])
    write_article(corpus, "a")  # the same bytes again
    assert build.is_current([str(corpus)])
    (out / "graph.ttl").unlink()
    assert not build.is_current([str(corpus)])
    build.run([str(corpus)])
    write_article(corpus, "b")
    assert not build.is_current([str(corpus)])


def test_without_unix_sockets_a_watch_takes_no_builds_and_kg_build_builds_alone(tmp_path, monkeypatch):
    import kg.handoff
    import kg.watch

    monkeypatch.setattr(kg.handoff, "UNIX_SOCKETS", False)
    monkeypatch.setattr(kg.watch, "UNIX_SOCKETS", False)
    with watching(tmp_path) as (corpus, out, _, _runs):
        assert not (out / INFO_FILE).exists()
        assert hand_off(out, [corpus], Build(out, explorer=False).options) is None
