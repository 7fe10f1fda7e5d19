"""Reading inputs: formats, encodings, and bad files reported by name without stopping the batch."""

from __future__ import annotations

import json

from kg.corpus import Article, CorpusReader, Skipped, read_corpus, split_corpus

RUSSIAN = "Министр иностранных дел провел переговоры в Москве."


def read(*paths):
    items = list(read_corpus(paths))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_raw_header_gives_the_date_and_is_stripped(tmp_path):
    (tmp_path / "a.txt").write_text(f" date 2025-12-03 {RUSSIAN}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(RUSSIAN, encoding="utf-8")
    articles, skipped = read(tmp_path)
    assert [(a.id, a.date, a.text) for a in articles] == [("a", "2025-12-03", RUSSIAN), ("b", None, RUSSIAN)]
    assert skipped == []


def test_cp1251_and_utf8_decode_to_the_same_text(tmp_path):
    (tmp_path / "utf.txt").write_bytes(RUSSIAN.encode("utf-8"))
    (tmp_path / "win.md").write_bytes(RUSSIAN.encode("cp1251"))
    articles, _ = read(tmp_path)
    assert {a.text for a in articles} == {RUSSIAN}


def test_bad_inputs_are_skipped_with_file_and_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "english.txt").write_text("The minister held talks in Moscow today.", encoding="utf-8")
    (tmp_path / "good.txt").write_text(RUSSIAN, encoding="utf-8")
    articles, skipped = read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "not Russian" in reasons["english.txt"]


def test_jsonl_records_and_a_bad_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"id": "x1", "date": "2025-12-01", "source": "agency", "url": "https://example.org/1", "title": "T", "text": RUSSIAN}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{broken\n" + json.dumps({"id": "x2"}) + "\n", encoding="utf-8")
    articles, skipped = read(path)
    assert [(a.id, a.url, a.source) for a in articles] == [("x1", "https://example.org/1", "agency")]
    assert [s.path.rsplit(":", 1)[-1] for s in skipped] == ["2", "3"]
    assert "invalid JSON" in skipped[0].reason and "no 'text'" in skipped[1].reason


def test_missing_path_is_reported(tmp_path):
    _, skipped = read(tmp_path / "nope.txt")
    assert skipped[0].reason == "no such file or directory"


def test_short_first_line_without_full_stop_is_the_headline(tmp_path):
    (tmp_path / "a.txt").write_text(f"Визит министра в Москву\n\n{RUSSIAN}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{RUSSIAN}\n\n{RUSSIAN}", encoding="utf-8")
    articles, _ = read(tmp_path)
    assert [a.title for a in articles] == ["Визит министра в Москву", None]


def test_a_corpus_read_again_parses_only_the_files_that_changed(tmp_path):
    feed, note = tmp_path / "feed.jsonl", tmp_path / "note.txt"
    records = [{"id": f"r{i}", "date": "2024-02-0{}".format(i + 1), "text": RUSSIAN} for i in range(3)]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n", encoding="utf-8")
    note.write_text(RUSSIAN, encoding="utf-8")
    reader = CorpusReader()
    first, skipped = reader.split([tmp_path, tmp_path / "gone.txt"])
    assert (first, skipped) == split_corpus([tmp_path, tmp_path / "gone.txt"])
    assert [s.path for s in skipped] == [f"{feed}:4", str(tmp_path / "gone.txt")]

    note.write_text(RUSSIAN + " Второе предложение.", encoding="utf-8")
    again, _ = reader.split([tmp_path])
    assert again == split_corpus([tmp_path])[0]
    assert all(a is b for a, b in zip(again[:3], first[:3]))  # feed.jsonl unchanged: not parsed again
    assert again[3] is not first[3] and again[3].text.endswith("Второе предложение.")


def test_a_reader_tells_whether_the_corpus_still_holds_the_bytes_it_read(tmp_path):
    note, other = tmp_path / "note.txt", tmp_path / "other.txt"
    note.write_text(RUSSIAN, encoding="utf-8")
    reader = CorpusReader()
    reader.split([tmp_path])
    assert reader.unchanged([tmp_path])
    note.write_text(RUSSIAN, encoding="utf-8")  # written again, same bytes
    assert reader.unchanged([tmp_path])
    other.write_text(RUSSIAN, encoding="utf-8")
    assert not reader.unchanged([tmp_path])  # a file more
    reader.split([tmp_path])
    other.unlink()
    assert not reader.unchanged([tmp_path])  # a file less
    reader.split([tmp_path])
    note.write_text(RUSSIAN + " Второе предложение.", encoding="utf-8")
    assert not reader.unchanged([tmp_path])
    reader.split([tmp_path, tmp_path / "gone.txt"])
    assert not reader.unchanged([tmp_path, tmp_path / "gone.txt"])  # unreadable: never unchanged
