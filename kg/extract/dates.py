"""Dates in a sentence, resolved against the article's date.

«2 декабря» → 2025-12-02, «20–21 декабря» → a range, «в субботу» → the last
Saturday on or before the article date, «в минувшие выходные» → that weekend.
Without an article date a day and month keep an unknown year: ``XXXX-12-02``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from kg.extract.lexicon import table

UNKNOWN_YEAR = "XXXX"


def numbered(name: str) -> dict[str, int]:
    """A lexicon of «word number» lines."""
    return {word: int(number) for word, number in table(name).items()}


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    months = "|".join(numbered("months"))
    weekdays = "|".join(numbered("weekdays"))
    relative = "|".join(numbered("relative_days"))
    return {
        "day_month": re.compile(
            rf"\b(?:(?P<first>\d{{1,2}})\s*[-–—]\s*)?(?P<day>\d{{1,2}})\s+(?P<month>{months})"
            rf"(?:\s+(?P<year>\d{{4}})\s*(?:г\.|года|год)?)?",
            re.I,
        ),
        "weekday": re.compile(rf"\bв[о]?\s+(?:(?:прошл|минувш)\w+\s+)?(?P<weekday>{weekdays})\b", re.I),
        "weekend": re.compile(r"\b(?:в|на)\s+(?:прошл|минувш)\w+\s+выходны\w+", re.I),
        "relative": re.compile(rf"\b(?P<word>{relative})\b", re.I),
    }


def _iso(day: date) -> str:
    return day.isoformat()


def _day_month(match: re.Match, published: date | None) -> str | None:
    month = numbered("months")[match.group("month").lower()]
    days = [int(match.group("day"))] + ([int(match.group("first"))] if match.group("first") else [])
    first, last = min(days), max(days)
    year = int(match.group("year")) if match.group("year") else None
    if year is None and published is not None:
        year = published.year - 1 if month > published.month + 1 else published.year
    try:
        if year is None:
            bounds = [f"{UNKNOWN_YEAR}-{month:02d}-{d:02d}" for d in (first, last)]
        else:
            bounds = [_iso(date(year, month, d)) for d in (first, last)]
    except ValueError:
        return None
    return bounds[0] if first == last else f"{bounds[0]}/{bounds[1]}"


def find_date(text: str, published: str | None) -> str | None:
    """The first date the text names, as "YYYY-MM-DD" or a "A/B" range."""
    when = date.fromisoformat(published) if published else None
    found = patterns()["day_month"].search(text)
    if found:
        return _day_month(found, when)
    if when is None:
        return None
    found = patterns()["weekday"].search(text)
    if found:
        weekday = numbered("weekdays")[found.group("weekday").lower()]
        return _iso(when - timedelta(days=(when.isoweekday() - weekday) % 7))
    if patterns()["weekend"].search(text):
        saturday = when - timedelta(days=(when.isoweekday() - 6) % 7 or 7)
        return f"{_iso(saturday)}/{_iso(saturday + timedelta(days=1))}"
    found = patterns()["relative"].search(text)
    if found:
        return _iso(when + timedelta(days=numbered("relative_days")[found.group("word").lower()]))
    return None
