"""Score predicted facts against gold facts by the rules of ``gold/FORMAT.md``.

Everything here is a small pure function over parsed JSON articles, so the
figures ``kg eval`` prints mean the same thing as the contract: names are
compared by token stems (inflection does not matter), each gold item is
matched at most once (greedy, best overlap first), optional gold items earn
and cost nothing, and a gold field that is ``null`` is not scored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STEM_LENGTH = 5
STATEMENT_GOLD_COVERAGE = 0.6
STATEMENT_PRED_COVERAGE = 0.3
ROLE_GOLD_COVERAGE = 0.5
FIELDS = ("entities", "attendance", "statements", "roles")

_TOKEN = re.compile(r"[^\W_]+")


# --- normalisation and keys -------------------------------------------------


def normalize(text: str) -> str:
    """Lower-case and fold ё into е, which Russian texts use interchangeably."""
    return text.lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Runs of letters/digits: punctuation and quote marks never decide a match."""
    return _TOKEN.findall(normalize(text))


def stem(token: str) -> str:
    """First five characters: a crude stem that makes case endings agree."""
    return token[:STEM_LENGTH]


def stems(text: str) -> list[str]:
    """The stems of a text's tokens, in order."""
    return [stem(t) for t in tokens(text)]


def person_key(name: str) -> str:
    """Surname stem: «Шольца» and «Олаф Шольц» are the same person."""
    words = tokens(name)
    return stem(words[-1]) if words else ""


def name_key(name: str) -> tuple[str, ...]:
    """All stems in order, so «МИД РФ» and «МИД России» stay different."""
    return tuple(stems(name))


def speaker_key(speaker: str | None) -> str | None:
    """Person key, except that ``anonymous`` and ``null`` are keys of their own."""
    if speaker is None:
        return None
    if normalize(speaker).strip() == "anonymous":
        return "anonymous"
    return person_key(speaker)


def as_list(value: Any) -> list:
    """Accept a single value where the format allows a list (types, places)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- overlaps and dates -----------------------------------------------------


def coverage(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """Shares of the gold and of the predicted stems that the other side has."""
    common = sum((Counter(gold) & Counter(pred)).values())
    return (common / len(gold) if gold else 0.0, common / len(pred) if pred else 0.0)


def dice(gold: list[str], pred: list[str]) -> float:
    """Symmetric overlap used to rank candidate pairs for greedy matching."""
    common = sum((Counter(gold) & Counter(pred)).values())
    total = len(gold) + len(pred)
    return 2 * common / total if total else 0.0


def date_range(value: str) -> tuple[str, str]:
    """``"A/B"`` as (A, B); a single date A is the range (A, A)."""
    start, _, end = value.partition("/")
    return start.strip(), (end or start).strip()


def dates_agree(gold: str | None, pred: str | None) -> bool:
    """Equal dates, or overlapping ranges (ISO dates compare as strings)."""
    if gold is None or pred is None:
        return False
    gold_start, gold_end = date_range(gold)
    pred_start, pred_end = date_range(pred)
    return pred_start <= gold_end and gold_start <= pred_end


# --- results ----------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | None:
    """``None`` rather than 0 when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass
class FieldScore:
    """Micro-averaged counts of one field; ratios are ``None`` when undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def add(self, other: FieldScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class DateScore:
    """Meeting-date accuracy over matched attendance pairs with a gold date."""

    correct: int = 0
    n: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.n)

    def add(self, other: DateScore) -> None:
        self.correct += other.correct
        self.n += other.n

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "accuracy": self.accuracy}


@dataclass
class Report:
    """All figures of one evaluation run."""

    articles: int = 0
    entities: FieldScore = field(default_factory=FieldScore)
    attendance: FieldScore = field(default_factory=FieldScore)
    statements: FieldScore = field(default_factory=FieldScore)
    roles: FieldScore = field(default_factory=FieldScore)
    meeting_dates: DateScore = field(default_factory=DateScore)

    def add(self, other: Report) -> None:
        self.articles += other.articles
        for name in FIELDS:
            getattr(self, name).add(getattr(other, name))
        self.meeting_dates.add(other.meeting_dates)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": self.articles}
        out.update({name: getattr(self, name).to_dict() for name in FIELDS})
        out["meeting_dates"] = self.meeting_dates.to_dict()
        return out


# --- matching ---------------------------------------------------------------


def greedy_match(
    gold: list[Any],
    pred: list[Any],
    score: Callable[[Any, Any], Any],
    optional: Callable[[Any], bool],
) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, best score first.

    ``score`` returns a comparable value, or ``None`` when the pair cannot
    match. On equal scores a required gold item wins over an optional one, so
    an optional item never steals a prediction that would earn a point.
    """
    candidates = [
        (s, not optional(g), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if (s := score(g, p)) is not None
    ]
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)  # stable: ties keep input order
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def count(
    gold: list[Any], pred: list[Any], pairs: list[tuple[int, int]], optional: Callable[[Any], bool]
) -> FieldScore:
    """tp/fp/fn where matching an optional gold item is neither a hit nor a false alarm."""
    matched = {gi for gi, _ in pairs}
    required = [gi for gi, g in enumerate(gold) if not optional(g)]
    tp = sum(gi in matched for gi in required)
    return FieldScore(tp=tp, fp=len(pred) - len(pairs), fn=len(required) - tp)


def _is_optional(item: Mapping[str, Any]) -> bool:
    return bool(item.get("optional"))


# --- entities ---------------------------------------------------------------


def entity_keys(entity: Mapping[str, Any], person: bool) -> set:
    """Keys of the name and its aliases, as a person or as another name."""
    key = person_key if person else name_key
    names = [entity.get("name") or "", *as_list(entity.get("aliases"))]
    return {k for k in map(key, names) if k}


def entity_score(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float | None:
    """1 when the predicted type is a gold type and some key of either side agrees."""
    shared = set(as_list(gold.get("type"))) & set(as_list(pred.get("type")))
    if not shared:
        return None
    person = "PER" in shared
    return 1.0 if entity_keys(gold, person) & entity_keys(pred, person) else None


def score_entities(gold: list[Mapping], pred: list[Mapping]) -> FieldScore:
    """Entities as (key, type) pairs."""
    return count(gold, pred, greedy_match(gold, pred, entity_score, _is_optional), _is_optional)


# --- attendance -------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """One (participant, meeting) pair.

    Gold pairs carry the set of accepted place keys (None: any place); predicted
    pairs carry the key of their first place (``()``: none stated).
    """

    person: str
    place: frozenset | tuple | None
    date: str | None
    optional: bool = False


def gold_pairs(meetings: list[Mapping[str, Any]]) -> list[Attendance]:
    """Unroll gold meetings; optional meetings and optional participants become optional pairs."""
    pairs = []
    for meeting in meetings:
        raw_place = meeting.get("place")
        place = None if raw_place is None else frozenset(map(name_key, as_list(raw_place)))
        for names, optional in (
            (meeting.get("participants"), _is_optional(meeting)),
            (meeting.get("optional_participants"), True),
        ):
            for name in as_list(names):
                pairs.append(Attendance(person_key(name), place, meeting.get("date"), optional))
    return pairs


def pred_pairs(meetings: list[Mapping[str, Any]]) -> list[Attendance]:
    """Unroll predicted meetings; only the first (most specific) place counts."""
    pairs = []
    for meeting in meetings:
        places = as_list(meeting.get("place"))
        place = name_key(places[0]) if places else ()
        for name in as_list(meeting.get("participants")):
            pairs.append(Attendance(person_key(name), place, meeting.get("date")))
    return pairs


def place_agrees(gold: frozenset | None, pred: tuple) -> bool:
    """Gold null accepts anything; gold [] wants no place; else the place must be listed."""
    if gold is None:
        return True
    if not gold:
        return not pred
    return pred in gold


def _pair_optional(pair: Attendance) -> bool:
    return pair.optional


def attendance_score(gold: Attendance, pred: Attendance) -> tuple[int, bool] | None:
    """A match when person and place agree; agreeing dates only break ties."""
    if gold.person != pred.person or not place_agrees(gold.place, pred.place):
        return None
    return (1, dates_agree(gold.date, pred.date))


def score_attendance(
    gold_meetings: list[Mapping], pred_meetings: list[Mapping]
) -> tuple[FieldScore, DateScore]:
    """Attendance P/R/F1 and, over its required hits with a gold date, date accuracy."""
    gold, pred = gold_pairs(gold_meetings), pred_pairs(pred_meetings)
    pairs = greedy_match(gold, pred, attendance_score, _pair_optional)
    dates = DateScore()
    for gi, pi in pairs:
        if not gold[gi].optional and gold[gi].date is not None:
            dates.n += 1
            dates.correct += dates_agree(gold[gi].date, pred[pi].date)
    return count(gold, pred, pairs, _pair_optional), dates


# --- statements and roles ---------------------------------------------------


def statement_score(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float | None:
    """Same speaker and enough shared stems: ≥60 % of the gold text, ≥30 % of the predicted."""
    if speaker_key(gold.get("speaker")) != speaker_key(pred.get("speaker")):
        return None
    gold_stems, pred_stems = stems(gold.get("text") or ""), stems(pred.get("text") or "")
    gold_cov, pred_cov = coverage(gold_stems, pred_stems)
    if gold_cov < STATEMENT_GOLD_COVERAGE or pred_cov < STATEMENT_PRED_COVERAGE:
        return None
    return dice(gold_stems, pred_stems)


def score_statements(gold: list[Mapping], pred: list[Mapping]) -> FieldScore:
    """Statements matched by speaker and text overlap."""
    return count(gold, pred, greedy_match(gold, pred, statement_score, _is_optional), _is_optional)


def role_score(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float | None:
    """Same person and the predicted role covers ≥50 % of the gold role's stems."""
    if person_key(gold.get("person") or "") != person_key(pred.get("person") or ""):
        return None
    gold_stems, pred_stems = stems(gold.get("role") or ""), stems(pred.get("role") or "")
    if coverage(gold_stems, pred_stems)[0] < ROLE_GOLD_COVERAGE:
        return None
    return dice(gold_stems, pred_stems)


def score_roles(gold: list[Mapping], pred: list[Mapping]) -> FieldScore:
    """Roles matched by person and title overlap."""
    return count(gold, pred, greedy_match(gold, pred, role_score, _is_optional), _is_optional)


# --- articles and files -----------------------------------------------------


def score_article(gold: Mapping[str, Any], pred: Mapping[str, Any] | None) -> Report:
    """Score one article; a gold field that is null is skipped, a missing prediction is empty."""
    pred = pred or {}
    report = Report(articles=1)
    if gold.get("entities") is not None:
        report.entities = score_entities(gold["entities"], as_list(pred.get("entities")))
    if gold.get("meetings") is not None:
        report.attendance, report.meeting_dates = score_attendance(
            gold["meetings"], as_list(pred.get("meetings"))
        )
    if gold.get("statements") is not None:
        report.statements = score_statements(gold["statements"], as_list(pred.get("statements")))
    if gold.get("roles") is not None:
        report.roles = score_roles(gold["roles"], as_list(pred.get("roles")))
    return report


def evaluate(gold: Mapping[str, Mapping], pred: Mapping[str, Mapping]) -> Report:
    """Micro-average over the gold articles; predictions for other articles are ignored."""
    report = Report()
    for article_id, gold_article in gold.items():
        report.add(score_article(gold_article, pred.get(article_id)))
    return report


class InputError(ValueError):
    """A gold or prediction file that cannot be read; the message names file and line."""


def parse_articles(lines: Iterable[str], source: str) -> dict[str, dict]:
    """Articles keyed by ``id``; a bad line raises :class:`InputError` naming it."""
    articles: dict[str, dict] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            article = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{source}:{number}: malformed JSON: {err.msg}") from err
        if not isinstance(article, dict) or not isinstance(article.get("id"), str):
            raise InputError(f'{source}:{number}: expected a JSON object with a string "id"')
        if article["id"] in articles:
            raise InputError(f"{source}:{number}: duplicate id {article['id']!r}")
        articles[article["id"]] = article
    return articles


def read_articles(path: str | Path) -> dict[str, dict]:
    """Read a JSONL file of articles, turning I/O failures into :class:`InputError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read: {err}") from err
    return parse_articles(text.splitlines(), str(path))
