"""``kg build`` end to end on the bundled samples, scored by ``kg eval`` against the gold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import evaluate, read_articles

from conftest import BENCH, REPO

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for path in (REPO / "corpus").iterdir():
        shutil.copy(path, corpus / path.name)
    (corpus / "broken.txt").write_bytes(b"\x00\xff binary")
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(corpus), "-o", str(out)])
    return result, out


def test_build_writes_every_output_and_reports_the_skipped_file(sample_build):
    result, out = sample_build
    assert result.exit_code == 1  # one input was skipped
    assert "broken.txt" in result.output and "binary" in result.output
    assert "skipped inputs" in result.output
    lines = (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert (out / "graph.ttl").stat().st_size > 0
    assert (out / "explorer.html").stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_every_fact_points_at_its_sentence(sample_build):
    _, out = sample_build
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (REPO / "corpus").iterdir()}
    for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        text = texts[article["id"]]
        for fact in article["meetings"] + article["roles"] + article["statements"]:
            assert fact["evidence"].strip()
            assert 0 <= fact["start"] < fact["end"] <= len(text)
        for statement in article["statements"]:
            assert statement["speaker"]
            assert statement["text"] in text


def test_sample_scores_reach_the_targets(sample_build):
    _, out = sample_build
    report = evaluate(read_articles(REPO / "tests" / "seeds.jsonl"), read_articles(out / "facts.jsonl"))
    assert report.entities.f1 >= 0.95
    assert report.attendance.f1 >= 0.85
    assert report.roles.f1 >= 0.80
    assert report.statements.f1 >= 0.80
    assert report.meeting_dates.accuracy >= 0.90


def test_same_person_is_one_actor_across_articles(sample_build):
    _, out = sample_build
    ids = {}
    for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        for entity in json.loads(line)["entities"]:
            ids.setdefault(entity["name"], set()).add(entity["id"])
    assert all(len(v) == 1 for v in ids.values())
    people = [name for name in ids if name.split()[-1].startswith("Трамп") or name.split()[-1].startswith("Трап")]
    assert people == ["Дональд Трамп"]  # «Дональда Трапа» is not a new person


@pytest.mark.skipif(not BENCH.exists(), reason="../shared/bench is not beside the repo")
def test_public_benchmark_beats_the_raw_ner_baseline(tmp_path):
    result = runner.invoke(app, ["build", str(BENCH / "corpus.jsonl"), "-o", str(tmp_path), "--facts-only"])
    assert result.exit_code == 0, result.output
    report = evaluate(read_articles(BENCH / "gold.jsonl"), read_articles(tmp_path / "facts.jsonl"))
    assert report.entities.f1 > 0.73  # Natasha's spans alone, per the benchmark's README
    assert report.roles.f1 > 0.5
    assert report.attendance.recall > 0.3


def test_the_kg_script_exits_with_the_builds_status_and_its_output_flushed(tmp_path):
    """``kg.cli.main`` ends the process without freeing its heap: the status, the outputs
    and everything printed must be those of a usual exit."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Министр заявил, что переговоры продолжатся.\n", encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\xff binary")
    kg = [sys.executable, "-m", "kg.cli"]
    done = subprocess.run([*kg, "build", str(corpus), "-o", str(tmp_path / "out"), "--no-explorer"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1  # one input was skipped
    assert "broken.txt" in done.stderr and done.stderr.rstrip().endswith("graph.ttl")
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    misused = subprocess.run([*kg, "build", str(corpus), "--no-such-option"], capture_output=True, text=True,
                             timeout=300)
    assert misused.returncode == 2 and "--no-such-option" in misused.stderr
    helped = subprocess.run([*kg, "--help"], capture_output=True, text=True, timeout=300)
    assert helped.returncode == 0 and "build" in helped.stdout
