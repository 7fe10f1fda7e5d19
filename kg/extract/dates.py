"""Dates in a sentence, resolved against the article's date.

«2 декабря» → 2025-12-02, «20–21 декабря», «2 и 3 декабря», «с 1 по 3 декабря» or «30
ноября – 1 декабря» → a range, «в
субботу» → the last Saturday on or before the article date («в прошлую субботу»: before
it; «в ночь на субботу»: from Friday to it; «во вторник и среду»: those two days), «в
(минувшие) выходные» → that weekend, «на прошлой неделе» → that week, «в начале декабря» → its first ten days, «вчера»,
«накануне» → the day before (that of the meeting told before, if one was dated, else the
article's). :func:`find_period` reads a month, «в апреле (2024 года)», or a year, «в 2024
году», «в прошлом году», as a range that does not run past the article date.
Without an article date a day and month keep an unknown year: ``XXXX-12-02``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

from kg.extract.lexicon import table
from kg.names import parses

UNKNOWN_YEAR = "XXXX"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def numbered(name: str) -> dict[str, int]:
    """A lexicon of «word number» lines."""
    return {word: int(number) for word, number in table(name).items()}


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    months = "|".join(numbered("months"))
    weekdays = "|".join(numbered("weekdays"))
    relative = "|".join(numbered("relative_days"))
    month_parts = "|".join(table("month_parts"))
    in_months = "|".join(prepositional_months())
    years = "|".join(numbered("relative_years"))
    return {
        "day_month": re.compile(
            rf"\b(?:(?:с\s+)?(?P<first>\d{{1,2}})(?:-?го)?(?:\s+(?P<first_month>{months}))?"
            rf"(?:\s*[-–—]\s*|\s+(?:и|по|на)\s+))?"  # «20–21», «2 и 3», «с 1 по 3», «в ночь с 2 на 3»
            rf"(?P<day>\d{{1,2}})(?:-?го)?\s+(?P<month>{months})(?:\s+(?P<year>\d{{4}})\s*(?:г\.|года|год)?)?",
            re.I,
        ),
        "weekday": re.compile(rf"\bв[о]?\s+(?P<past>(?:прошл|минувш)\w+\s+)?(?P<weekday>{weekdays})\b"
                              rf"(?:\s+и\s+(?:в[о]?\s+)?(?P<second>{weekdays})\b)?", re.I),
        "night": re.compile(rf"\bв\s+ночь\s+на\s+(?P<weekday>{weekdays})\b", re.I),
        "eve": re.compile(r"\b[Нн]акануне\b(?:\s+(?P<next>\w+))?"),
        "weekend": re.compile(r"\b(?:в|на)\s+(?:(?:прошл|минувш)\w+\s+)?выходны\w+", re.I),
        "week": re.compile(r"\bна\s+(?P<which>прошл|минувш|эт)\w*\s+неделе\b", re.I),
        "month_part": re.compile(
            rf"\bв\s+(?P<part>{month_parts})\s+"
            rf"(?:(?P<month>{months})\b(?:\s+(?P<year>\d{{4}}))?|(?P<which>{years})\w*\s+месяца\b)",
            re.I,
        ),
        "relative": re.compile(rf"\b(?P<word>{relative})\b", re.I),
        "month": re.compile(
            rf"\bв\s+(?:(?P<month>{in_months})\b(?:\s+(?:(?P<year>\d{{4}})\s*(?:г\.|года)?|(?P<which>{years})\w*\s+года))?"
            rf"|(?P<relative>{years})\w*\s+месяце\b)",
            re.I,
        ),
        "year": re.compile(rf"\bв\s+(?:(?P<year>\d{{4}})\s*(?:г\.|году)|(?P<which>{years})\w*\s+году)", re.I),
    }


def in_month(genitive: str) -> str:
    """A month's name after «в» from its genitive: «декабря» → «декабре»."""
    return genitive[:-1] + "е"


@lru_cache(maxsize=1)
def prepositional_months() -> dict[str, int]:
    """Each month's number by the form «в» takes («декабре» → 12)."""
    return {in_month(word): number for word, number in numbered("months").items()}


def _iso(day: date) -> str:
    return day.isoformat()


def _day_month(match: re.Match, published: date | None) -> str | None:
    """«2 декабря», «3-го декабря», «20–21 декабря», «2 и 3 декабря», «с 1 по 3 декабря», «в ночь
    с 2 на 3 декабря», «30 ноября – 1 декабря» (a range across months)."""
    month = numbered("months")[match.group("month").lower()]
    first_month = numbered("months")[match.group("first_month").lower()] if match.group("first_month") else month
    last = int(match.group("day"))
    first = int(match.group("first")) if match.group("first") else last
    if first_month == month and first > last:
        first, last = last, first
    year = int(match.group("year")) if match.group("year") else None
    if year is None and published is not None:
        year = _year_of_month(month, published)
    first_year = year - 1 if year is not None and first_month > month else year  # «30 декабря – 2 января»
    try:
        if year is None:
            bounds = [f"{UNKNOWN_YEAR}-{m:02d}-{d:02d}" for m, d in ((first_month, first), (month, last))]
        else:
            bounds = [_iso(date(first_year, first_month, first)), _iso(date(year, month, last))]
    except ValueError:
        return None
    return bounds[0] if bounds[0] == bounds[1] else f"{bounds[0]}/{bounds[1]}"


def _month_part(match: re.Match, published: date) -> str:
    """«в начале декабря» → its first ten days, «в середине» the next ten, «в конце» the rest
    (``month_parts``), in the year a day of that month would have; «в конце прошлого
    месяца» counts from the article's month (``relative_years``). Up to the article date
    if that falls in it."""
    first, last = (int(day) for day in table("month_parts")[match.group("part").lower()].split("-"))
    if match.group("which"):
        year, month = _months_later(published, _offset(match.group("which")))
    else:
        month = numbered("months")[match.group("month").lower()]
        year = int(match.group("year")) if match.group("year") else _year_of_month(month, published)
    last = min(last, monthrange(year, month)[1])
    return _period(date(year, month, first), date(year, month, last), published)


def _year_of_month(month: int, published: date) -> int:
    """The year of a month named without one: the article's, or the year before when the
    month lies more than a month after the article's («в декабре» told in January)."""
    return published.year - 1 if month > published.month + 1 else published.year


def _offset(word: str) -> int:
    """The offset in years (or months) of a word relative to the article's (``relative_years``)."""
    return numbered("relative_years")[word.lower()]


def _months_later(published: date, months: int) -> tuple[int, int]:
    """The year and month ``months`` after the article's (before it, if negative)."""
    index = published.year * 12 + published.month - 1 + months
    return index // 12, index % 12 + 1


def find_date(text: str, published: str | None, previous: str | None = None) -> str | None:
    """The first date the text names, as "YYYY-MM-DD" or a "A/B" range; «накануне» is the
    day before ``previous`` (the date of the meeting told before) if that is one day,
    else the day before the article's."""
    when = date.fromisoformat(published) if published else None
    found = patterns()["day_month"].search(text)
    if found:
        return _day_month(found, when)
    if when is None:
        return None
    found = patterns()["month_part"].search(text)
    if found:
        return _month_part(found, when)
    found = patterns()["night"].search(text)
    if found:  # «в ночь на среду»: from Tuesday evening to Wednesday
        day = _last_weekday(when, numbered("weekdays")[found.group("weekday").lower()])
        return f"{_iso(day - timedelta(days=1))}/{_iso(day)}"
    found = patterns()["weekday"].search(text)
    if found:
        weekdays = numbered("weekdays")
        first = weekdays[found.group("weekday").lower()]
        last = weekdays[found.group("second").lower()] if found.group("second") else first
        day = _last_weekday(when, last)
        past = day == when and found.group("past")  # «в прошлую пятницу» on a Friday: a week before
        day -= timedelta(days=7) if past else timedelta()
        if last == first:
            return _iso(day)
        return f"{_iso(day - timedelta(days=(last - first) % 7))}/{_iso(day)}"  # «во вторник и среду»
    if patterns()["weekend"].search(text):
        saturday = when - timedelta(days=(when.isoweekday() - 6) % 7 or 7)
        return f"{_iso(saturday)}/{_iso(saturday + timedelta(days=1))}"
    found = patterns()["week"].search(text)
    if found:  # «на прошлой неделе»: Monday to Sunday before this week; «на этой неделе»: up to the article
        monday = when - timedelta(days=when.isoweekday() - 1)
        if found.group("which").lower() == "эт":
            return _iso(monday) if monday == when else f"{_iso(monday)}/{_iso(when)}"
        return f"{_iso(monday - timedelta(days=7))}/{_iso(monday - timedelta(days=1))}"
    found = patterns()["relative"].search(text)
    if found:
        return _iso(when + timedelta(days=numbered("relative_days")[found.group("word").lower()]))
    found = patterns()["eve"].search(text)
    if found and not _governed(found.group("next")):
        return shift_day(previous, -1) or _iso(when - timedelta(days=1))
    return None


def shift_day(value: str | None, days: int) -> str | None:
    """A date ``days`` later, for a single known day only ("2025-12-02"; not a range nor a
    day of an unknown year)."""
    if value is None or not ISO_DAY.fullmatch(value):
        return None
    return _iso(date.fromisoformat(value) + timedelta(days=days))


def find_period(text: str, published: str | None) -> str | None:
    """The first month («в апреле», «в мае 2019 года», «в прошлом месяце») or else year («в
    2024 году», «в прошлом году») the text names, as a range. A period is often another event's («Y,
    избранный в 2024 году, …»): the text should be the words a meeting governs
    (:func:`kg.extract.meetings.governed_period`)."""
    if not published:
        return None
    when = date.fromisoformat(published)
    found = patterns()["month"].search(text)
    if found:
        if found.group("relative"):  # «в прошлом месяце»
            year, month = _months_later(when, _offset(found.group("relative")))
        else:
            month = prepositional_months()[found.group("month").lower()]
            year = _year(found, when) or _year_of_month(month, when)
        return _period(date(year, month, 1), date(year, month, monthrange(year, month)[1]), when)
    found = patterns()["year"].search(text)
    if found:
        year = _year(found, when)
        return _period(date(year, 1, 1), date(year, 12, 31), when)
    return None


def _year(match: re.Match, published: date) -> int | None:
    """The year a match names: written out, or relative to the article's (``relative_years``)."""
    if match.group("year"):
        return int(match.group("year"))
    if match.group("which"):
        return published.year + _offset(match.group("which"))
    return None


def _period(first: date, last: date, published: date) -> str:
    """A month or a year as a range, up to the article date if that falls in it (what
    is told as done is done by then)."""
    if first <= published < last:
        last = published
    return _iso(first) if first == last else f"{_iso(first)}/{_iso(last)}"


def _last_weekday(when: date, weekday: int) -> date:
    """The last day of that weekday (1 for Monday) on or before ``when``."""
    return when - timedelta(days=(when.isoweekday() - weekday) % 7)


def _governed(word: str | None) -> bool:
    """«накануне визита», «накануне его поездки»: a genitive after «накануне» is what it
    is the eve of, never a person («накануне Сомов провёл»: not the eve of catfish) nor
    a name that may be nominative («накануне Лавров заявил»: not of laurels); «накануне
    министр заявил», «накануне, …» is the day before, and so is «накануне в Женеве …»: a
    preposition is no genitive (pymorphy3 also reads «в» as the letter's name)."""
    if word is None:
        return False
    readings = [p for p in parses(word.lower()) if p.is_known]
    if any(p.tag.POS in ("PREP", "CONJ", "PRCL") for p in readings):
        return False
    return (any(p.tag.case == "gent" and not (p.tag.POS == "NOUN" and p.tag.animacy == "anim") for p in readings)
            and not any(p.tag.case == "nomn" and {"Surn", "Name"} & p.tag.grammemes for p in readings))
