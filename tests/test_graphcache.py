"""GraphCache: a rebuild that replays unchanged articles gives exactly a build from scratch,
whether its records were kept in memory or saved to a file (even a damaged one)."""

from __future__ import annotations

import json

from handmade_facts import article_a, handmade_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import build_triples, ntriples_line, ntriples_term, sorted_ntriples
from kg.graphcache import GraphCache, LineGraph
from kg.records import ArticleFacts, Entity, Meeting, Statement
from kg.synth import generate_facts


def _renamed(facts: ArticleFacts, article_id: str, entity_id: str, name: str) -> ArticleFacts:
    """A copy of ``facts`` under another id, where one entity goes by another name."""
    copy = ArticleFacts.from_json(json.loads(json.dumps(facts.to_json())))
    copy.id = article_id
    for entity in copy.entities:
        if entity.id == entity_id:
            entity.name = name
    return copy


def _place_and_speaker() -> list[ArticleFacts]:
    """An organisation one article names, one meets at (a place, then) and one quotes (a
    country, if it is a place by then): the last two articles' triples depend on their order."""
    fund = Entity("org-x", "Фонд развития", "ORG")
    meeting = Meeting("m-x", ["Иван Петров"], ["Фонд развития"], None, "встреча", "Встреча прошла в фонде.", 0, 24)
    statement = Statement("Фонд развития", "Всё идёт по плану", "direct", None, [], "Фонд: «Всё идёт по плану».", 7, 24)
    return [
        ArticleFacts("named-x", "2024-03-01", entities=[fund]),
        ArticleFacts("place-x", "2024-03-02", entities=[fund], meetings=[meeting]),
        ArticleFacts("speaker-x", "2024-03-03", entities=[fund], statements=[statement]),
    ]


def _pool() -> list[ArticleFacts]:
    """Articles whose triples depend on each other: shared nodes named differently, places
    that become actors in another article, names only the corpus-wide index resolves."""
    return [
        *handmade_facts(),
        _renamed(article_a(), "renamed-1", "steve-witkoff", "С. Уиткофф"),
        _renamed(article_a(), "renamed-2", "miami", "Майами, Флорида"),
        *_place_and_speaker(),
        *generate_facts(8, seed=11, n_people=6, n_meetings=4),
    ]


def _copies(facts: list[ArticleFacts]) -> tuple[list[ArticleFacts], list[str]]:
    """Fresh records and their JSON lines, as a build hands them to the cache."""
    lines = [json.dumps(article.to_json(), ensure_ascii=False) for article in facts]
    return [ArticleFacts.from_json(json.loads(line)) for line in lines], lines


def _assert_same_as_scratch(cache: GraphCache, facts: list[ArticleFacts]) -> None:
    copies, lines = _copies(facts)
    replayed = cache.build(copies, lines)
    scratch = build_triples(_copies(facts)[0])
    assert cache.ntriples() == sorted_ntriples(scratch)
    assert replayed.lines == {ntriples_line(triple).encode() for triple in scratch}
    firsts = {}
    for subject, predicate, _ in scratch:  # the first value of each node, which names depend on
        pair = f"{ntriples_term(subject)} {ntriples_term(predicate)}".encode()
        firsts[pair] = ntriples_line((subject, predicate, scratch.value(subject, predicate))).encode()
    assert replayed.first == firsts


POOL = _pool()
corpora = st.lists(st.integers(0, len(POOL) - 1), unique=True, max_size=len(POOL))


@settings(max_examples=40, deadline=None)
@given(st.lists(corpora, min_size=2, max_size=4))
def test_any_sequence_of_corpora_rebuilds_as_from_scratch(sequence):
    cache = GraphCache()
    for indexes in sequence:
        _assert_same_as_scratch(cache, [POOL[i] for i in indexes])


def test_an_unchanged_corpus_is_replayed_entirely():
    cache = GraphCache()
    _assert_same_as_scratch(cache, POOL)
    assert (cache.replayed, cache.built) == (0, len(POOL))
    _assert_same_as_scratch(cache, POOL)
    assert (cache.replayed, cache.built) == (len(POOL), 0)


def test_an_article_whose_reads_changed_is_built_again():
    """The renamed copy read the node's name as another article's; put first, the name
    is its own, so the later article that named the node differently is rebuilt."""
    original, renamed = POOL[0], POOL[2]
    cache = GraphCache()
    _assert_same_as_scratch(cache, [original, renamed])
    _assert_same_as_scratch(cache, [renamed, original])
    assert cache.built >= 1
    assert cache.replayed + cache.built == 2


def test_whether_a_node_is_already_a_place_is_checked_on_replay():
    named, place, speaker = _place_and_speaker()
    cache = GraphCache()
    _assert_same_as_scratch(cache, [named, place, speaker])
    _assert_same_as_scratch(cache, [named, speaker, place])
    assert (cache.replayed, cache.built) == (2, 1)  # the quote no longer finds a place: rebuilt


def test_a_line_graph_takes_back_what_it_added():
    graph = LineGraph()
    name, kind = b"<n> <name>", b"<n> <type>"
    first_name, second_name, type_line = name + b' "a" .\n', name + b' "b" .\n', kind + b" <T> .\n"
    assert graph.add(first_name, name)
    assert graph.add(type_line, kind)
    assert not graph.add(type_line, kind)
    assert graph.add(second_name, name)
    graph.remove(reversed([(type_line, kind), (second_name, name)]))
    assert graph.lines == {first_name}
    assert graph.first == {name: first_name}
    graph.remove([(first_name, name)])
    assert len(graph) == 0 and graph.first == {}


def test_removed_articles_leave_the_graph_and_the_cache():
    cache = GraphCache()
    _assert_same_as_scratch(cache, POOL)
    _assert_same_as_scratch(cache, POOL[:-1])
    assert (cache.replayed, cache.built) == (len(POOL) - 1, 0)  # earlier articles never read later ones
    assert f"article/{POOL[-1].id}>".encode() not in cache.ntriples()
    _assert_same_as_scratch(cache, POOL)
    assert (cache.replayed, cache.built) == (len(POOL) - 1, 1)  # its record went with it


def _saved(cache: GraphCache, path, version: str = "v1") -> GraphCache:
    """``cache`` saved to ``path``, as the next process loads it."""
    cache.save(path, version)
    return GraphCache.load(path, version)


def test_saved_records_are_replayed_by_the_next_process(tmp_path):
    path = tmp_path / "graph.records"
    cache = GraphCache()
    _assert_same_as_scratch(cache, POOL[:-1])
    loaded = _saved(cache, path)
    _assert_same_as_scratch(loaded, POOL[:-1])
    assert (loaded.replayed, loaded.built) == (len(POOL) - 1, 0)
    assert loaded.changes == ([], [])  # the saved order of lines is the graph's

    size = path.stat().st_size
    _assert_same_as_scratch(loaded, POOL)
    loaded = _saved(loaded, path)
    assert path.stat().st_size > size  # the new article's record was appended
    _assert_same_as_scratch(loaded, POOL)
    assert (loaded.replayed, loaded.built) == (len(POOL), 0)


def test_a_file_of_mostly_unused_records_is_written_anew(tmp_path):
    path = tmp_path / "graph.records"
    cache = GraphCache()
    _assert_same_as_scratch(cache, POOL)
    cache = _saved(cache, path)
    size = path.stat().st_size
    _assert_same_as_scratch(cache, POOL[:3])
    cache = _saved(cache, path)
    assert path.stat().st_size < size
    _assert_same_as_scratch(cache, POOL[:3])
    assert (cache.replayed, cache.built) == (3, 0)


def test_records_of_another_version_or_damaged_only_cost_a_rebuild(tmp_path):
    path = tmp_path / "graph.records"
    cache = GraphCache()
    _assert_same_as_scratch(cache, POOL[:-1])
    cache = _saved(cache, path)
    size = path.stat().st_size
    _assert_same_as_scratch(cache, POOL)
    cache.save(path, "v1")

    other = GraphCache.load(path, "v2")
    _assert_same_as_scratch(other, POOL)
    assert (other.replayed, other.built) == (0, len(POOL))

    path.write_bytes(path.read_bytes()[: size + 20])  # a build stopped while appending the last record
    cut = GraphCache.load(path, "v1")
    _assert_same_as_scratch(cut, POOL)
    assert (cut.replayed, cut.built) == (len(POOL) - 1, 1)  # what came before the cut is kept
    cut = _saved(cut, path)  # and the file is written anew: whole again
    _assert_same_as_scratch(cut, POOL)
    assert (cut.replayed, cut.built) == (len(POOL), 0)

    for damaged in (b"", b"not records at all", path.read_bytes()[:-5]):
        path.write_bytes(damaged)
        broken = GraphCache.load(path, "v1")
        _assert_same_as_scratch(broken, POOL)
        assert broken.replayed == 0
    missing = GraphCache.load(tmp_path / "none", "v1")
    _assert_same_as_scratch(missing, POOL)
    assert missing.replayed == 0
