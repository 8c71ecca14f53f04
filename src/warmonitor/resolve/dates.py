"""Resolve the dates and periods a report names against the report's own date.

A count becomes an event only once we know when it happened ("killed on
Saturday") or what span a total covers ("since the end of April"). Reports
rarely print those dates in full: they name them relative to their dateline,
so every expression is resolved against the report's date, the *reference*:

- a weekday is the latest such day on or before the reference ("on Saturday"
  in a Saturday report is that day); a day or month without a year takes the
  year that puts it on or before the reference ("on 28 December" in a report
  of 3 January 2017 is 28 December 2016);
- "overnight" is the reference itself, the night that ends on the report's
  day, as wire copy uses it; "yesterday" and "last night" are the day before;
- weeks run Monday to Sunday; a week, month or year is dated by its first day;
- an edge word picks one end of a unit: "since the end of April" starts on
  30 April, "since early 2012" on 1 January 2012;
- a period never ends after the reference; "over the past month" is 30 days;
- "since ..." names a period, not a date: find_dates leaves it out.

Slashed dates (4/5/2017) are ambiguous and are not read. The vocabulary is in
``data/dates_en.toml``. A regular expression of that many alternatives is slow
where it cannot match, so each is tried only just before a word it needs (a
month, a weekday, "ago", a year...): most sentences cost one split into words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from types import SimpleNamespace
from typing import Literal, NamedTuple


@dataclass(frozen=True)
class ResolvedDate:
    """A date a report names; a week, month or year is given by its first day."""

    date: date
    precision: Literal["day", "week", "month", "year"]
    expression: str  # the text as written, e.g. "on Monday"
    span: tuple[int, int]  # [start, end) in the whole text


@dataclass(frozen=True)
class Period:
    """The days a total covers; both None for "in that same period", start None for
    "since the war began" without a year."""

    start: date | None
    end: date | None
    expression: str
    span: tuple[int, int]


def find_dates(text: str, reference: date, start: int = 0, end: int | None = None) -> list[ResolvedDate]:
    """Date expressions in text[start:end] resolved against the report's date `reference`, in text order."""
    start, end, _ = slice(start, end).indices(len(text))
    found = []
    for match in _matches(_vocabulary().date, text, start, end):
        with suppress(ValueError, OverflowError):
            if not _since(match):
                first, unit = _point(match, reference)
                found.append(ResolvedDate(first, "day" if unit == "hour" else unit, match[0], match.span()))
    return found


def find_period(text: str, reference: date, start: int = 0, end: int | None = None) -> Period | None:
    """The period a total covers ("since the end of April", "over the past week", "in 2016",
    "between March and May", "since the war began in 2011", "in that same period") — the
    first one in text[start:end], or None."""
    v = _vocabulary()
    start, end, _ = slice(start, end).indices(len(text))
    found = []
    for rule, read in ((v.date, _unit_period), (v.past, _past), (v.same, _same), (v.range, _range), (v.war, _war)):
        for match in _matches(rule, text, start, end):
            with suppress(ValueError, OverflowError):
                if (days := read(match, reference)) is not None:
                    found.append(Period(*days, match[0], match.span()))
                    break
    return min(found, key=lambda p: (p.span[0], -p.span[1]), default=None)


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]  # a match holds one of these words ...
    years: bool  # ... or a four-digit number, when true
    words: frozenset[str]  # the words a match may have before it ("#": a number, "####": four digits)


_REACH = 8  # at most this many words before the trigger: "ever since the end of the 15th of April"
_DIGITS = re.compile(r"\d+")


def _matches(rule: _Rule, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """What ``rule.pattern.finditer(text, start, end)`` finds, trying the pattern only where
    it can match: at a trigger word, or at the run of possible words just before one."""
    low = text[start:end].lower()
    if len(low) != end - start:  # a few letters grow in lower case ("İ")
        low = "".join(c.lower()[0] for c in text[start:end])
    hits = [m.start() for m in _DIGITS.finditer(low) if len(m[0]) == 4] if rule.years else []
    for word in rule.triggers:
        at = low.find(word)
        while at >= 0:
            if not (low[at - 1 : at].isalnum() or low[at + len(word) : at + len(word) + 1].isalnum()):
                hits.append(at)
            at = low.find(word, at + 1)
    pos = 0
    for hit in sorted(hits):
        if hit < pos:
            continue
        for begin in _begins(low, hit, rule.words, pos):
            if match := rule.pattern.match(text, start + begin, end):
                yield match
                pos = match.end() - start
                break


def _begins(low: str, at: int, words: frozenset[str], limit: int) -> list[int]:
    """Where a match holding the word at ``at`` may begin, leftmost first: at the words
    just before it that ``words`` holds (none before ``limit``), or there."""
    begins = [at]
    while len(begins) <= _REACH:
        stop = begins[-1]
        while stop > limit and not low[stop - 1].isalnum():
            stop -= 1
        first = stop
        while first > limit and low[first - 1].isalnum():
            first -= 1
        word = low[first:stop]
        key = word if not word[:1].isdigit() else "####" if len(word) == 4 and word.isdigit() else "#"
        if not word or key not in words:
            break
        begins.append(first)
    return begins[::-1]


def _point(m: re.Match[str], ref: date) -> tuple[date, str]:
    """The first day and the unit of a date expression; ValueError if it is none."""
    v = _vocabulary()
    if m["unit"]:
        unit = v.units[m["unit"].lower().removesuffix("s")]
        return _first_day(ref, unit["unit"], -_count(m["count"]) * unit["count"]), unit["unit"]
    if phrase := m["relative"] or (m["edge"] and m["after_edge"]):
        named = v.relative[_key(phrase)]
        return _first_day(ref, named["unit"], named["offset"]), named["unit"]
    if m["weekday"]:
        return ref - timedelta(days=(ref.weekday() - v.weekdays[m["weekday"].lower()]) % 7), "day"
    if (m["m3"] and not m["y3"] or m["y4"]) and not (m["lead"] or m["edge"]):
        raise ValueError("a month or a year alone needs a word before it")
    return _calendar(m["d1"] or m["d2"], m["m1"] or m["m2"] or m["m3"], m["y1"] or m["y2"] or m["y3"] or m["y4"], ref)


def _calendar(day: str | None, month: str | None, year: str | None, ref: date) -> tuple[date, str]:
    """A written day, month and year; without a year, the latest on or before ``ref``."""
    if not (month or year):
        raise ValueError("no date")
    unit = "day" if day else "month" if month else "year"
    number = _month(month) if month else 1
    if year:
        return date(_year(year, ref), number, int(day or 1)), unit
    for candidate in range(ref.year, ref.year - 8, -1):  # 29 February may be years back
        with suppress(ValueError):
            if (found := date(candidate, number, int(day or 1))) <= ref:
                return found, unit
    raise ValueError(f"no {day} {month} before {ref}")


def _unit_period(m: re.Match[str], ref: date) -> tuple[date, date] | None:
    """ "since April" runs to the reference; "in 2016", "last week" cover their unit."""
    first, unit = _point(m, ref)
    edge = _vocabulary().edges.get(_key(m["edge"] or ""))
    if _since(m):
        start = _last_day(first, unit) if edge == "last" else first
        return (start, ref) if start <= ref else None
    if m["count"] or edge or unit in ("day", "hour") or first > ref:
        return None
    return first, min(_last_day(first, unit), ref)


def _past(m: re.Match[str], ref: date) -> tuple[date, date]:
    v = _vocabulary()
    unit = v.units[m["unit"].lower().removesuffix("s")]
    hours = _count(m["count"] or "1") * unit["count"] * v.hours[unit["unit"]]
    return ref - timedelta(days=-(-hours // 24)), ref


def _same(m: re.Match[str], ref: date) -> tuple[None, None]:
    return None, None  # the caller takes the period named before


def _range(m: re.Match[str], ref: date) -> tuple[date, date]:
    last, unit = _calendar(m["bd"], m["bm"], m["by"] or m["byy"], ref)
    first, _ = _calendar(m["ad"], m["am"], m["ay"] or m["ayy"], last)
    return first, min(_last_day(last, unit), ref)


def _war(m: re.Match[str], ref: date) -> tuple[date | None, date]:
    return (_calendar(None, m["month"], m["year"], ref)[0] if m["year"] else None), ref


def _first_day(ref: date, unit: str, n: int) -> date:
    """The first day of the unit ``n`` units from the one holding ``ref`` (hours: whole days)."""
    if unit in ("hour", "day"):
        return ref + timedelta(days=n if unit == "day" else int(n / 24))
    if unit == "week":
        return ref + timedelta(days=7 * n - ref.weekday())
    if unit == "month":
        months = ref.year * 12 + ref.month - 1 + n
        return date(months // 12, months % 12 + 1, 1)
    return date(ref.year + n, 1, 1)


def _last_day(first: date, unit: str) -> date:
    if unit == "week":
        return first + timedelta(days=6)
    if unit in ("month", "year"):
        return _first_day(first, unit, 1) - timedelta(days=1)
    return first


def _since(m: re.Match[str]) -> bool:
    return _key(m["lead"] or "") in _vocabulary().since


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _vocabulary().numbers[_key(word)]


def _month(word: str) -> int:
    v = _vocabulary()
    if word.islower() and word in v.lowercase_words:
        raise ValueError(f"{word!r} in lower case is a word, not a month")
    return v.months[word.lower()]


def _year(word: str, ref: date) -> int:
    if not _vocabulary().earliest_year <= (year := int(word)) <= ref.year + 1:
        raise ValueError(f"{year} is not a year of this report")
    return year


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _words(phrases) -> str:
    """A regex alternation of phrases, longest first, any whitespace between words."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in ordered)


def _split(phrases, last: bool = False) -> frozenset[str]:
    """Every word of the phrases in lower case, or only the last of each."""
    return frozenset(w for p in phrases for w in p.lower().split()[-1 if last else 0 :])


@cache
def _vocabulary() -> SimpleNamespace:
    """Read data/dates_en.toml once and build the rules from it."""
    data = tomllib.loads(resources.files("warmonitor.data").joinpath("dates_en.toml").read_text("utf-8"))
    leads, edges, named = data["leads"] + data["since"], data["edges"], data["relative"] | data["after_edge"]
    past, same, ranges, war = data["past"], data["same_period"]["phrases"], data["ranges"], data["war"]
    months, weekdays, past_lead = _words(data["months"]), _words(data["weekdays"]), _words(past["leads"])
    count = rf"(?P<count>\d{{1,3}}|{_words(data['numbers'])})"
    units = [*data["units"], *(unit + "s" for unit in data["units"])]
    unit = rf"(?P<unit>{_words(units)})"
    day, year = r"(?:the\s+)?(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?", r"(?P<{}>\d{{4}})"
    on_weekday = rf"(?:(?:{weekdays}),?\s+)?"

    def part(p: str) -> str:  # one end of "between 15 March 2011 and 2014"
        return rf"(?:{day.format(p + 'd')}\s+(?:of\s+)?)?(?P<{p}m>{months})\.?(?:,?\s+{year.format(p + 'y')})?|{year.format(p + 'yy')}"

    def rule(pattern: str, triggers, words) -> _Rule:
        compiled = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
        return _Rule(compiled, tuple(sorted(set(triggers) - {"####"})), "####" in triggers, frozenset(words))

    return SimpleNamespace(
        date=rule(
            rf"(?:(?P<lead>{_words(leads)})\s+)?(?:(?P<edge>{_words(edges)})\s+)?(?:"
            rf"{count}\s+{unit}\s+ago|(?P<relative>{_words(data['relative'])})|(?P<after_edge>{_words(data['after_edge'])})"
            rf"|{on_weekday}{day.format('d1')}\s+(?:of\s+)?(?P<m1>{months})\.?(?:,?\s+{year.format('y1')})?"
            rf"|{on_weekday}(?P<m2>{months})\.?\s+{day.format('d2')}(?:,?\s+{year.format('y2')})?"
            rf"|(?P<m3>{months})\.?(?:,?\s+{year.format('y3')})?|{year.format('y4')}"
            rf"|(?P<weekday>{weekdays})(?:\s+(?:{_words(data['day_parts'])}))?)",
            {*data["weekdays"], *data["months"], *_split(named, last=True), "ago", "####"},
            _split([*leads, *edges, *named, *data["numbers"], *units, *data["weekdays"], *data["months"], "the of # ####"]),
        ),
        past=rule(
            rf"(?:{past_lead})\s+(?:the\s+)?(?:{_words(past['words'])})\s+(?:{count}\s+)?{unit}",
            _split(past["words"]), _split([*past["leads"], "the"]),
        ),
        same=rule(rf"(?:(?:{past_lead})\s+)?(?:{_words(same)})", _split(same, last=True), _split(past["leads"] + same)),
        range=rule(
            rf"(?:{_words(ranges['openers'])})\s+(?:{part('a')})\s+(?:{_words(ranges['closers'])})\s+(?:{part('b')})",
            _split(ranges["openers"], last=True), _split(ranges["openers"]),
        ),
        war=rule(
            rf"(?:{_words(data['since'])})\s+(?:(?:it|(?:\S+\s+){{1,3}}?(?:{_words(war['nouns'])}))\s+(?:{_words(war['began'])})"
            rf"|the\s+(?:{_words(war['onsets'])})\s+of\s+(?:\S+\s+){{0,2}}?(?:{_words(war['nouns'])}))"
            rf"(?:(?:\s+[^\s.!?;]+){{0,12}}?\s+in\s+(?:(?P<month>{months})\s+)?{year.format('year')})?",
            _split(data["since"], last=True), _split(data["since"]),
        ),
        months=data["months"],
        weekdays={name: index for index, name in enumerate(data["weekdays"])},
        lowercase_words=frozenset(data["rules"]["lowercase_words"]),
        earliest_year=data["rules"]["earliest_year"],
        numbers={_key(word): n for word, n in data["numbers"].items()},
        since=frozenset(map(_key, data["since"])),
        edges={_key(phrase): end for phrase, end in edges.items()},
        relative={_key(phrase): value for phrase, value in named.items()},
        units=data["units"],
        hours=data["hours"],
    )
