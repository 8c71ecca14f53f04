"""Dates in Arabic reports: "15 أكتوبر 2016", "13 تموز/يوليو", "يوم السبت", "أمس",
resolved against the report's own date (data/dates_ar.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ...packs import read_data
from ...records import Token
from .text import normalise
from .words import Phrases, stems


@dataclass(frozen=True)
class Told:
    """A date as the report tells it: the day, how precisely, and the words."""

    day: date
    precision: str
    expression: str


@cache
def _tables() -> tuple[Phrases, dict[str, int], Phrases]:
    data = read_data("dates_ar.toml")
    months = Phrases({name: str(number) for name, number in data["months"].items()})
    weekdays = {normalise(name): number for name, number in data["weekdays"].items()}
    relative = Phrases({name: str(days) for name, days in data["relative"].items()})
    return months, weekdays, relative


def date_in(text: str, tokens: list[Token], published: date | None) -> Told | None:
    """The first date the tokens tell: a day and month (year from the text or the report's
    date), else a weekday or "أمس"/"اليوم" counted back from the report's date."""
    months, weekdays, relative = _tables()
    for k, token in enumerate(tokens):
        if token.is_digit and token.lower.isdigit() and 1 <= int(token.lower) <= 31:
            told = _day_and_month(text, tokens, k, months, published)
            if told:
                return told
    if published is None:
        return None
    for k, token in enumerate(tokens):
        back = relative.match(tokens, k)
        if back:
            return Told(published - timedelta(days=int(back[1])), "day", text[token.start : tokens[k + back[0] - 1].end])
        weekday = next((weekdays[s] for s in stems(token.lower) if s in weekdays), None)
        if weekday is not None:
            return Told(published - timedelta(days=(published.weekday() - weekday) % 7), "day", token.text)
    return None


def names_a_day(tokens: list[Token]) -> bool:
    """Do the tokens name a day of a month ("1 نيسان", "13 تموز/يوليو"), year or not?"""
    months = _tables()[0]
    return any(
        t.is_digit and t.lower.isdigit() and 1 <= int(t.lower) <= 31 and months.match(tokens, k + 1)
        for k, t in enumerate(tokens)
    )


def _day_and_month(text: str, tokens: list[Token], k: int, months: Phrases, published: date | None) -> Told | None:
    """ "13 تموز/يوليو 2025": a day, a month (maybe in both calendars), maybe a year."""
    found = months.match(tokens, k + 1)
    if not found:
        return None
    end = k + 1 + found[0]
    if end + 1 < len(tokens) and tokens[end].text == "/" and months.match(tokens, end + 1):
        end += 1 + months.match(tokens, end + 1)[0]
    year = published.year if published else None
    if end < len(tokens) and tokens[end].lower.isdigit() and len(tokens[end].lower) == 4:
        year, end = int(tokens[end].lower), end + 1
    if year is None:
        return None
    try:
        day = date(year, int(found[1]), int(tokens[k].lower))
    except ValueError:  # "31 شباط": no such day
        return None
    return Told(day, "day", text[tokens[k].start : tokens[end - 1].end])
