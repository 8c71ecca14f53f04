"""Resolve the dates and periods a report names against the report's own date.

A count becomes an event once we know when it happened ("killed on Saturday") or what
span a total covers ("since the end of April"). Reports name dates relative to their
dateline, so each is resolved against the report's date, the *reference*: a weekday,
or a day or month without a year, is the latest on or before it ("on Saturday" in a
Saturday report is that day); "overnight" is the reference itself (the night that ends
on the report's day, as wire copy uses it), "yesterday" and "last night" the day before;
weeks run Monday to Sunday, and a week, month or year is dated by its first day; an edge
word picks an end of its unit ("since the end of April" starts on 30 April; "in early
October" is October's first :data:`EARLY_PART_DAYS` days); "since ..."
is a period, which find_dates leaves out; a period never ends after the reference, and
"over the past month" is 30 days. Slashed dates (4/5/2017) are ambiguous: not read. A
year needs a word before it ("in 2016") or, to tell it from a count, a determiner before
and an event noun after it ("the 2013 sarin attack"). :func:`of_statement` tells the day
something was said from the day something was done.

The vocabulary is ``data/dates_en.toml``. A regular expression of that many alternatives
is slow where it cannot match, so each is tried only at a word it needs (a month, a
weekday, "ago", a year...) and at the few words before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Literal, NamedTuple

from ..packs import read_data

EARLY_PART_DAYS = 10  # "early October", "the start of October": the month's first third


@dataclass(frozen=True)
class ResolvedDate:
    """A date a report names; a week, month or year is given by its first day."""

    date: date
    precision: Literal["day", "week", "month", "year"]
    expression: str  # the text as written, e.g. "on Monday"
    span: tuple[int, int]  # [start, end) in the whole text
    early: bool = False  # only the month's first days ("in early October")

    @property
    def last_day(self) -> date:
        """The last day of the day, week, month or year it names (of a month's early part)."""
        if self.early and self.precision == "month":
            return self.date + timedelta(days=EARLY_PART_DAYS - 1)
        return last_day(self.date, self.precision)


@dataclass(frozen=True)
class Period:
    """The days a total covers: both None for "in that same period" (the caller takes the
    period before), start None for "since the war began" without a year."""

    start: date | None
    end: date | None
    expression: str
    span: tuple[int, int]


def find_dates(text: str, reference: date, start: int = 0, end: int | None = None) -> list[ResolvedDate]:
    """Date expressions in text[start:end] resolved against the report's date `reference`, in text order."""
    return list(_dates_in(text, reference, start, end))


@lru_cache(maxsize=256)
def _dates_in(text: str, reference: date, start: int, end: int | None) -> tuple[ResolvedDate, ...]:
    """What :func:`find_dates` finds, kept for the next calls: resolve asks the same
    sentences again (an event's date, then whether each of its sentences tells the
    background: fa-kes makes 8,788 calls for 5,207 sentences)."""
    found = []
    for match in _matches(_vocabulary().date, _Text(text, start, end)):
        with suppress(ValueError, OverflowError, KeyError):  # KeyError: "ſept" matches sept
            if not _since(match):
                first, unit = _point(match, reference)
                early = _vocabulary().edges.get(_key(match["edge"] or "")) == "first"
                found.append(ResolvedDate(first, "day" if unit == "hour" else unit, match[0], match.span(), early))
    return tuple(found)


def find_period(text: str, reference: date, start: int = 0, end: int | None = None) -> Period | None:
    """The period a total covers ("since the end of April", "over the past week", "in 2016",
    "between March and May", "since the war began in 2011", "in that same period") — the
    first one in text[start:end], or None."""
    v, within = _vocabulary(), _Text(text, start, end)
    found = []
    readers = [(v.date, _unit_period), (v.past, _past), (v.range, _range), (v.war, _war),
               (v.same, lambda m, ref: (None, None))]  # "in that same period": the caller links it
    for rule, read in readers:
        for match in _matches(rule, within):
            with suppress(ValueError, OverflowError, KeyError):
                if (days := read(match, reference)) is not None:
                    found.append(Period(*days, match[0], match.span()))
                    break
    return min(found, key=lambda p: (p.span[0], -p.span[1]), default=None)


_CLAUSE = 120  # characters before a date searched for the verb of saying it belongs to
_BETWEEN = 4  # words that may stand between that verb and the date ("in a statement")


def of_statement(text: str, span: tuple[int, int]) -> bool:
    """Is the date at ``text[span]`` the day something was said rather than done? It is
    when a verb of saying comes right before it ("Human Rights Watch said on Tuesday",
    "told reporters on Monday", "said in a statement on Monday") or right after it ("who on
    Monday blamed ..."). Such a day bounds the violence the sentence tells — it happened by
    then — but the violence may lie weeks back ("a gas attack that killed 1,400, a rights
    group said on Tuesday"), so it does not date it. "X was killed on Tuesday, the monitor
    said" keeps its date: that one is joined to "killed", and so does "said Monday's
    attack", a possessive naming the event."""
    v = _vocabulary()
    if text[span[1] : span[1] + 2] in ("'s", "’s"):
        return False
    if v.said_after.match(text, span[1]):
        return True
    words = re.split(r"[.!?;:,\"“”()]", text[max(0, span[0] - _CLAUSE) : span[0]])[-1].split()
    for end in range(len(words), max(len(words) - _BETWEEN, 0) - 1, -1):
        lower = [w.lower() for w in words[:end]]
        if said := next((verb for verb in v.said if tuple(lower[-len(verb) :]) == verb), None):
            return end == len(said) or lower[-len(said) - 1] not in v.passive
        if end == 0 or not (words[end - 1][0].isupper() or lower[-1] in v.between):
            return False
    return False


def refers_back(text: str, start: int, end: int) -> bool:
    """Does text[start:end] point back to an event told just before ("that attack", "the
    same massacre")? Such a sentence, without a date of its own, is about that event."""
    return _vocabulary().anaphora.search(text, start, end) is not None


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    triggers: frozenset[str]  # a match holds one of these words ("####": four digits)
    words: frozenset[str]  # the words a match may have before it ("#": a number)


_REACH = 8  # words a match may have before its trigger: "ever since the end of the 15th of April"
_FLAT = str.maketrans({c: "#" if c.isdigit() else " " for c in map(chr, range(128)) if not c.isalpha() and c != "_"})


class _Text:
    """text[start:end], and a copy of the same length in lower case, with each digit a "#"
    and each other non-word character a space, and the set of its words."""

    def __init__(self, text: str, start: int, end: int | None) -> None:
        start, end, _ = slice(start, end).indices(len(text))
        self.text, self.start, self.end = text, start, max(start, end)
        flat = text[start:end].lower()
        if len(flat) != self.end - start:  # a few letters grow in lower case ("İ")
            flat = "".join(c.lower()[0] for c in text[start:end])
        flat = flat.translate(_FLAT)
        self.flat = flat if flat.isascii() else re.sub(r"\W", " ", flat)
        self.words = frozenset(self.flat.split())


def _matches(rule: _Rule, within: _Text) -> Iterator[re.Match[str]]:
    """What ``rule.pattern.finditer`` finds in ``within``, trying it only at each trigger
    word and at the words before it that a match may have."""
    flat, hits = within.flat, []
    for trigger in rule.triggers & within.words:
        at = flat.find(trigger)
        while at >= 0:
            if flat[at - 1 : at].strip() == flat[at + len(trigger) : at + len(trigger) + 1].strip() == "":
                hits.append(at)
            at = flat.find(trigger, at + 1)
    pos = 0
    for hit in sorted(hits):
        if hit < pos:
            continue
        begins = [hit]
        while len(begins) <= _REACH:  # walk back over the words a match may have
            stop = pos + len(flat[pos : begins[-1]].rstrip())
            first = max(flat.rfind(" ", pos, stop) + 1, pos)
            if first == stop or ("#" if flat[first] == "#" else flat[first:stop]) not in rule.words:
                break
            begins.append(first)
        for begin in reversed(begins):
            if match := rule.pattern.match(within.text, within.start + begin, within.end):
                yield match
                pos = match.end() - within.start
                break


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
    year = m["y1"] or m["y2"] or m["y3"] or m["y4"] or m["y5"]
    return _calendar(m["d1"] or m["d2"], m["m1"] or m["m2"] or m["m3"], year, ref)


def _calendar(day: str | None, month: str | None, year: str | None, ref: date) -> tuple[date, str]:
    """A written day, month and year; without a year, the latest on or before ``ref``."""
    v = _vocabulary()
    if not (month or year) or month and month.islower() and month in v.lowercase_words:  # "15 may have died"
        raise ValueError("not a date")
    number, unit = v.months[month.lower()] if month else 1, "day" if day else "month" if month else "year"
    if year:
        if not v.earliest_year <= int(year) <= ref.year + 1:  # "in 3000 strikes"
            raise ValueError(f"{year} is not a year of this report")
        return date(int(year), number, int(day or 1)), unit
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
        start = last_day(first, unit) if edge == "last" else first
        return (start, ref) if start <= ref else None
    if m["count"] or edge or unit in ("day", "hour") or first > ref:
        return None
    return first, min(last_day(first, unit), ref)


def _past(m: re.Match[str], ref: date) -> tuple[date, date]:
    v = _vocabulary()
    unit = v.units[m["unit"].lower().removesuffix("s")]
    hours = _count(m["count"] or "1") * unit["count"] * v.hours[unit["unit"]]
    return ref - timedelta(days=-(-hours // 24)), ref


def _range(m: re.Match[str], ref: date) -> tuple[date, date]:
    last, unit = _calendar(m["bd"], m["bm"], m["by"] or m["byy"], ref)
    return _calendar(m["ad"], m["am"], m["ay"] or m["ayy"], last)[0], min(last_day(last, unit), ref)


def _war(m: re.Match[str], ref: date) -> tuple[date | None, date]:
    return (_calendar(None, m["month"], m["year"], ref)[0] if m["year"] else None), ref


def _first_day(ref: date, unit: str, n: int) -> date:
    """The first day of the unit ``n`` units from the one holding ``ref`` (hours: whole days)."""
    if unit in ("hour", "day"):
        return ref + timedelta(days=n if unit == "day" else int(n / 24))
    if unit == "week":
        return ref + timedelta(days=7 * n - ref.weekday())
    if unit == "month":
        return date((ref.year * 12 + ref.month - 1 + n) // 12, (ref.month - 1 + n) % 12 + 1, 1)
    return date(ref.year + n, 1, 1)


def last_day(first: date, unit: str) -> date:
    """The last day of the day, week, month or year that starts on ``first``."""
    return _first_day(first, unit, 1) - timedelta(days=1) if unit in ("week", "month", "year") else first


def _since(m: re.Match[str]) -> bool:
    return _key(m["lead"] or "") in _vocabulary().since


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _vocabulary().numbers[_key(word)]


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _alternatives(phrases) -> str:
    """A regular expression for any of the phrases, longest first, any whitespace between words."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


def _split(phrases, last: bool = False) -> frozenset[str]:
    """Every word of the phrases in lower case, or only the last of each."""
    return frozenset(w for p in phrases for w in p.lower().split()[-1 if last else 0 :])


@cache
def _vocabulary() -> SimpleNamespace:
    """Read data/dates_en.toml once and build the rules from it."""
    data = read_data("dates_en.toml")
    leads, edges, named = data["leads"] + data["since"], data["edges"], data["relative"] | data["after_edge"]
    units = [*data["units"], *(unit + "s" for unit in data["units"])]
    past, same, ranges, war = data["past"], data["same_period"]["phrases"], data["ranges"], data["war"]
    alt = {key: _alternatives(value) for key, value in {  # a regular expression for each list of phrases
        "leads": leads, "edges": edges, "relative": data["relative"], "after_edge": data["after_edge"],
        "months": data["months"], "weekdays": data["weekdays"], "day_parts": data["day_parts"],
        "numbers": data["numbers"], "units": units, "since": data["since"], "past_leads": past["leads"],
        "past_words": past["words"], "same": same, "openers": ranges["openers"], "closers": ranges["closers"],
        "nouns": war["nouns"], "began": war["began"], "onsets": war["onsets"],
        "determiners": data["attributive"]["determiners"], "events": data["events"]["nouns"] + war["nouns"],
        "incidents": data["events"]["nouns"], "anaphora": data["anaphora"]["determiners"],
        "said": data["statements"]["verbs"],
    }.items()}
    count, unit = rf"(?P<count>\d{{1,3}}|{alt['numbers']})", rf"(?P<unit>{alt['units']})"
    day, year = r"(?:the\s+)?(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?", r"(?P<{}>\d{{4}})"
    weekday = rf"(?:(?:{alt['weekdays']}),?\s+)?"  # "Saturday, 25 May"
    word = r"[^\W\d][\w'’-]*"  # "the", "Syrian", "Syria's"

    def end(p: str) -> str:  # either end of "between 15 March 2011 and 2014"
        return rf"(?:{day.format(p + 'd')}\s+(?:of\s+)?)?(?P<{p}m>{alt['months']})\.?(?:,?\s+{year.format(p + 'y')})?|{year.format(p + 'yy')}"

    def rule(pattern: str, triggers, words) -> _Rule:
        return _Rule(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), frozenset(triggers), frozenset(words))

    return SimpleNamespace(
        date=rule(
            rf"(?:(?P<lead>{alt['leads']})\s+)?(?:(?P<edge>{alt['edges']})\s+)?(?:"
            rf"{count}\s+{unit}\s+ago|(?P<relative>{alt['relative']})|(?P<after_edge>{alt['after_edge']})"
            rf"|{weekday}{day.format('d1')}\s+(?:of\s+)?(?P<m1>{alt['months']})\.?(?:,?\s+{year.format('y1')})?"
            rf"|{weekday}(?P<m2>{alt['months']})\.?\s+{day.format('d2')}(?:,?\s+{year.format('y2')})?"
            rf"|(?P<m3>{alt['months']})\.?(?:,?\s+{year.format('y3')})?|{year.format('y4')}"
            rf"|(?:{alt['determiners']})\s+{year.format('y5')}(?=\s+(?:{word}\s+){{0,2}}?(?:{alt['events']})\b)"
            rf"|(?P<weekday>{alt['weekdays']})(?:\s+(?:{alt['day_parts']}))?)",
            {*data["weekdays"], *data["months"], *_split(named, last=True), "ago", "####"},
            _split([*leads, *edges, *named, *data["numbers"], *units, *data["weekdays"], *data["months"], "the of #",
                    *data["attributive"]["determiners"]]),
        ),
        past=rule(
            rf"(?:{alt['past_leads']})\s+(?:the\s+)?(?:{alt['past_words']})\s+(?:{count}\s+)?{unit}",
            _split(past["words"]), _split([*past["leads"], "the"]),
        ),
        same=rule(rf"(?:(?:{alt['past_leads']})\s+)?(?:{alt['same']})", _split(same, last=True), _split(past["leads"] + same)),
        range=rule(
            rf"(?:{alt['openers']})\s+(?:{end('a')})\s+(?:{alt['closers']})\s+(?:{end('b')})",
            _split(ranges["openers"], last=True), _split(ranges["openers"]),
        ),
        war=rule(  # "since Syria's war began", "since it started with ... in 2011" (the year within 12 words)
            rf"(?:{alt['since']})\s+(?:(?:it|(?:{word}\s+){{1,3}}?(?:{alt['nouns']}))\s+(?:{alt['began']})"
            rf"|the\s+(?:{alt['onsets']})\s+of\s+(?:{word}\s+){{0,3}}?(?:{alt['nouns']}))"
            rf"(?:(?:\s+[^\s.!?;]+){{0,12}}?\s+in\s+(?:(?P<month>{alt['months']})\s+)?{year.format('year')})?",
            _split(data["since"], last=True), _split(data["since"]),
        ),
        anaphora=re.compile(rf"\b(?:{alt['anaphora']})\s+(?:{word}\s+)?(?:{alt['incidents']})\b", re.IGNORECASE),
        said=[tuple(verb.split()) for verb in data["statements"]["verbs"]],
        said_after=re.compile(rf"\s+(?:{alt['said']})\b"),
        between=frozenset(data["statements"]["between"]),
        passive=frozenset(data["statements"]["passive"]),
        weekdays={day: index for index, day in enumerate(data["weekdays"])},
        since=frozenset(map(_key, data["since"])),
        months=data["months"],
        numbers={_key(number): n for number, n in data["numbers"].items()},
        edges={_key(phrase): which for phrase, which in edges.items()},
        relative={_key(phrase): value for phrase, value in named.items()},
        lowercase_words=frozenset(data["rules"]["lowercase_words"]),
        earliest_year=data["rules"]["earliest_year"],
        units=data["units"],
        hours=data["hours"],
    )
