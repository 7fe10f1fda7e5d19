"""Scoring by the rules of gold/FORMAT.md, on small hand-made gold/pred pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import (
    InputError,
    dates_agree,
    evaluate,
    greedy_match,
    name_key,
    normalize,
    parse_articles,
    person_key,
    read_articles,
    score_article,
    score_attendance,
    score_entities,
    score_roles,
    score_statements,
    speaker_key,
    stems,
    tokens,
)

SEEDS = Path(__file__).parent / "seeds.jsonl"
BENCH = Path("/work/shared/bench/gold.jsonl")


def words(first: int, last: int) -> str:
    """A text of distinct tokens whose stems never collide: w0001 w0002 …"""
    return " ".join(f"w{i:04d}" for i in range(first, last))


def counts(score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --- normalisation and keys ---------------------------------------------------


def test_normalize_folds_case_and_yo():
    assert normalize("Пётр ЁЛКИН") == "петр елкин"


def test_tokens_are_letter_digit_runs():
    assert tokens("«МИД РФ», 20–21 декабря!") == ["мид", "рф", "20", "21", "декабря"]
    assert stems("Российский фонд") == ["росси", "фонд"]


def test_inflected_person_names_share_the_surname_key():
    assert person_key("Уиткоффа") == person_key("Стив Уиткофф") == "уитко"
    assert person_key("Владимиром Путиным") == person_key("Владимир Владимирович Путин")


def test_other_names_compare_all_stems_in_order():
    assert name_key("России") == name_key("Россия")
    assert name_key("МИД РФ") != name_key("МИД России")
    assert name_key("Белый дом") != name_key("дом Белый")


def test_anonymous_and_null_speakers_are_keys_of_their_own():
    assert speaker_key(None) is None
    assert speaker_key("anonymous") == "anonymous"
    assert speaker_key("Юрия Ушакова") == speaker_key("Юрий Ушаков")
    assert len({speaker_key(None), speaker_key("anonymous"), speaker_key("Ушаков")}) == 3


# --- entities -------------------------------------------------------------------


def test_entity_needs_key_and_one_of_the_gold_types():
    gold = [
        {"name": "Стив Уиткофф", "type": "PER"},
        {"name": "Кремль", "type": ["ORG", "LOC"]},
        {"name": "Россия", "type": "LOC"},
    ]
    pred = [
        {"name": "Уиткоффа", "type": "PER", "mentions": [[0, 8]]},
        {"name": "Кремля", "type": "LOC"},
        {"name": "России", "type": "ORG"},
    ]
    assert counts(score_entities(gold, pred)) == (2, 1, 1)


def test_entity_aliases_match():
    gold = [{"name": "Российский фонд прямых инвестиций", "type": "ORG", "aliases": ["РФПИ"]}]
    assert counts(score_entities(gold, [{"name": "РФПИ", "type": "ORG"}])) == (1, 0, 0)
    assert counts(score_entities(gold, [{"name": "Фонд", "type": "ORG"}])) == (0, 1, 1)


def test_each_gold_item_is_matched_at_most_once():
    gold = [{"name": "Владимир Путин", "type": "PER"}]
    pred = [{"name": "Путин", "type": "PER"}, {"name": "Путина", "type": "PER"}]
    assert counts(score_entities(gold, pred)) == (1, 1, 0)


# --- greedy matching ----------------------------------------------------------------


def test_greedy_takes_the_best_overlap_first():
    table = {("g1", "pa"): 0.7, ("g2", "pa"): 0.9, ("g1", "pb"): 0.8}
    pairs = greedy_match(["g1", "g2"], ["pa", "pb"], lambda g, p: table.get((g, p)), lambda g: False)
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_greedy_prefers_a_required_item_on_equal_scores():
    pairs = greedy_match(["opt", "req"], ["p"], lambda g, p: 1.0, lambda g: g == "opt")
    assert pairs == [(1, 0)]


def test_best_overlap_decides_which_statement_a_prediction_takes():
    gold = [
        {"speaker": "Песков", "text": words(0, 10)},
        {"speaker": "Песков", "text": words(0, 7)},
    ]
    # the first prediction fits both gold texts, the second one best; the second fits only the first
    # (7 of its 24 tokens are under 30 %), so taking matches in input order would lose it
    pred = [
        {"speaker": "Песков", "text": words(0, 7)},
        {"speaker": "Песков", "text": words(0, 10) + " " + words(100, 114)},
    ]
    assert counts(score_statements(gold, pred)) == (2, 0, 0)


# --- statements ---------------------------------------------------------------------


def test_wrong_speaker_does_not_match():
    gold = [{"speaker": "Юрий Ушаков", "text": "переговоры были полезными", "kind": "direct"}]
    assert counts(score_statements(gold, [{"speaker": "Дмитрий Песков", "text": gold[0]["text"]}])) == (0, 1, 1)
    assert counts(score_statements(gold, [{"speaker": "Ушакова", "text": "Переговоры были полезные"}])) == (1, 0, 0)
    assert counts(score_statements(gold, [{"speaker": None, "text": gold[0]["text"]}])) == (0, 1, 1)


@pytest.mark.parametrize(
    ("pred_text", "matches"),
    [
        (words(0, 6), True),  # 6 of 10 gold tokens: 60 %
        (words(0, 5), False),  # 50 % of the gold text
        (words(0, 6) + " " + words(100, 114), True),  # 6 of 20 predicted tokens: 30 %
        (words(0, 6) + " " + words(100, 115), False),  # 6 of 21: under 30 % of the prediction
        (words(0, 10) + " " + words(100, 123), True),  # 10 of 33: over 30 %
        (words(0, 10) + " " + words(100, 124), False),  # 10 of 34: under 30 %
    ],
)
def test_statement_overlap_thresholds(pred_text, matches):
    gold = [{"speaker": "anonymous", "text": words(0, 10)}]
    expected = (1, 0, 0) if matches else (0, 1, 1)
    assert counts(score_statements(gold, [{"speaker": "anonymous", "text": pred_text}])) == expected


def test_optional_statement_earns_and_costs_nothing():
    gold = [
        {"speaker": None, "text": words(0, 10), "optional": True},
        {"speaker": "Песков", "text": words(20, 30)},
    ]
    assert counts(score_statements(gold, [{"speaker": None, "text": words(0, 10)}])) == (0, 0, 1)
    assert counts(score_statements(gold, [{"speaker": "Песков", "text": words(20, 30)}])) == (1, 0, 0)


# --- roles ------------------------------------------------------------------------------


def test_role_needs_half_of_the_gold_stems():
    gold = [{"person": "Стив Уиткофф", "role": "спецпосланник президента США"}]
    assert counts(score_roles(gold, [{"person": "Уиткофф", "role": "спецпосланника президента"}])) == (1, 0, 0)
    assert counts(score_roles(gold, [{"person": "Уиткофф", "role": "спецпосланник"}])) == (0, 1, 1)
    assert counts(score_roles(gold, [{"person": "Кушнер", "role": gold[0]["role"]}])) == (0, 1, 1)


# --- attendance and dates -------------------------------------------------------------


def test_attendance_unrolls_meetings_into_participant_pairs():
    gold = [{"participants": ["Стив Уиткофф", "Владимир Путин"], "place": ["Кремль", "Москва"], "date": None}]
    pred = [{"participants": ["Уиткоффа", "Путина", "Ушакова"], "place": ["Москве"], "kind": "встреча"}]
    assert counts(score_attendance(gold, pred)[0]) == (2, 1, 0)


def test_only_the_first_predicted_place_counts():
    gold = [{"participants": ["Путин"], "place": ["Кремль"], "date": None}]
    assert counts(score_attendance(gold, [{"participants": ["Путин"], "place": ["Москва", "Кремль"]}])[0]) == (0, 1, 1)


@pytest.mark.parametrize(
    ("gold_place", "pred_place", "matches"),
    [
        (None, ["Женева"], True),  # not annotated: any place
        (None, [], True),
        ([], [], True),  # both have no place
        ([], None, True),
        ([], ["Женева"], False),
        (["Женева"], [], False),
    ],
)
def test_null_and_empty_places(gold_place, pred_place, matches):
    gold = [{"participants": ["Лавров"], "place": gold_place, "date": None}]
    pred = [{"participants": ["Лавров"], "place": pred_place}]
    assert counts(score_attendance(gold, pred)[0]) == ((1, 0, 0) if matches else (0, 1, 1))


def test_optional_participants_earn_and_cost_nothing():
    gold = [{"participants": ["Путин"], "optional_participants": ["Ушаков"], "place": None, "date": None}]
    assert counts(score_attendance(gold, [{"participants": ["Путин", "Ушаков"]}])[0]) == (1, 0, 0)
    assert counts(score_attendance(gold, [{"participants": ["Путин"]}])[0]) == (1, 0, 0)


def test_date_ranges_match_when_they_overlap():
    assert dates_agree("2025-12-02", "2025-12-02")
    assert dates_agree("2025-12-20/2025-12-21", "2025-12-21")
    assert dates_agree("2025-12-21", "2025-12-20/2025-12-22")
    assert dates_agree("2025-12-20/2025-12-21", "2025-12-21/2025-12-25")
    assert not dates_agree("2025-12-20/2025-12-21", "2025-12-22")
    assert not dates_agree("2025-12-02", None)


def test_meeting_date_accuracy_counts_matched_pairs_with_a_gold_date():
    gold = [
        {"participants": ["Дмитриев", "Уиткофф"], "place": ["Майами"], "date": "2025-12-20/2025-12-21"},
        {"participants": ["Путин"], "place": [], "date": None},
    ]
    pred = [
        {"participants": ["Дмитриев"], "place": ["Майами"], "date": "2025-12-20"},
        {"participants": ["Уиткофф"], "place": ["Майами"], "date": "2025-12-24"},
        {"participants": ["Путин"], "place": [], "date": "2025-12-01"},
    ]
    attendance, dates = score_attendance(gold, pred)
    assert counts(attendance) == (3, 0, 0)
    assert (dates.correct, dates.n, dates.accuracy) == (1, 2, 0.5)


# --- articles and files ---------------------------------------------------------------


def test_null_gold_field_is_not_scored():
    gold = {"id": "a", "entities": [], "meetings": None, "roles": [], "statements": None}
    pred = {"id": "a", "meetings": [{"participants": ["Путин"]}], "statements": [{"speaker": None, "text": "x"}]}
    report = score_article(gold, pred)
    assert counts(report.attendance) == counts(report.statements) == (0, 0, 0)


def test_missing_prediction_is_all_missed_and_extra_articles_are_ignored():
    gold = {"a": {"id": "a", "entities": [{"name": "Путин", "type": "PER"}], "meetings": [], "roles": []}}
    pred = {"b": {"id": "b", "entities": [{"name": "Трамп", "type": "PER"}]}}
    report = evaluate(gold, pred)
    assert report.articles == 1
    assert counts(report.entities) == (0, 0, 1)
    assert report.entities.f1 == 0.0 and report.entities.precision is None


@pytest.mark.parametrize("path", [SEEDS, BENCH])
def test_gold_against_itself_scores_one(path):
    if not path.exists():
        pytest.skip(f"{path} not present")
    gold = read_articles(path)
    report = evaluate(gold, gold)
    for name in ("entities", "attendance", "statements", "roles"):
        score = getattr(report, name)
        assert score.fp == score.fn == 0
        assert score.f1 in (1.0, None)  # None only for a field the gold never annotates
    assert report.entities.f1 == report.attendance.f1 == report.roles.f1 == 1.0
    assert report.meeting_dates.accuracy in (1.0, None)


def test_seeds_against_themselves_score_every_field():
    report = evaluate(read_articles(SEEDS), read_articles(SEEDS))
    assert report.statements.f1 == 1.0 and report.meeting_dates.accuracy == 1.0


def test_malformed_line_names_file_and_line():
    with pytest.raises(InputError, match=r"pred\.jsonl:2: malformed JSON"):
        parse_articles(['{"id": "a"}', "{oops"], "pred.jsonl")
    with pytest.raises(InputError, match=r"pred\.jsonl:1: .*\"id\""):
        parse_articles(["[1, 2]"], "pred.jsonl")


# --- command line ------------------------------------------------------------------------


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def test_cli_json_output_parses(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "a", "entities": [{"name": "Путин", "type": "PER"}]}])
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "a", "entities": [{"name": "Путина", "type": "PER"}]}])
    result = CliRunner().invoke(app, ["eval", str(gold), str(pred), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1
    assert data["entities"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["statements"]["f1"] is None
    assert data["meeting_dates"] == {"correct": 0, "n": 0, "accuracy": None}


def test_cli_table_on_seeds():
    result = CliRunner().invoke(app, ["eval", str(SEEDS), str(SEEDS)])
    assert result.exit_code == 0, result.output
    for label in ("entities", "attendance", "statements", "roles", "meeting dates"):
        assert label in result.output


def test_cli_missing_file_exits_2_and_names_it(tmp_path):
    missing = tmp_path / "nope.jsonl"
    result = CliRunner().invoke(app, ["eval", str(SEEDS), str(missing), "--json"])
    assert result.exit_code == 2
    assert "nope.jsonl" in result.output


def test_cli_malformed_line_exits_2_and_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(SEEDS), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2" in result.output
