"""The dateline at a report's start: the date it gives for itself, and where it was filed.

Counts only make sense against a date ("killed on Saturday"), and the date a
report prints at its head is the most reliable one we have: a corpus's date
column or a page's metadata are sometimes those of a later update or a
re-post. Wire copy and scraped pages put it in many forms, all within the
first line or so, often after the headline:

    Wed 05 Apr 2017 ...                 Date of publication 26 October 2016 ...
    Published February 23 2015 ...      23-04-2016 ... / 05.10.2017 ...
    Syria strikes kill 47 Monitor AFP Saturday 25 Jun 2016 ...
    BEIRUT, May 25 (Reuters) - ...      (no year: it comes from a fallback date)

Plain regular expressions over :data:`HEAD_CHARS` characters keep this fast;
a general date parser would be slow and would find dates in the story too.
Numeric dates are read day first, as in the sources above, except ISO dates;
a slashed date such as 4/5/2017 is ambiguous and is not read from text.

:func:`read_dateline` finds the place of a dateline ("KHARKIV, Ukraine (Reuters) -"),
one reader for the stages after: extract weighs the countries it names in choosing the
report's war and keeps its names from being parties; resolve keeps its city from being
where the violence happened and reads the country the reporter filed from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

HEAD_CHARS = 160
"""How far into the text a dateline is looked for."""

MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

FULL_DATES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # 2015-02-12
        r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)",
        # 23-04-2016, 05.10.2017
        r"(?<!\d)(?P<day>\d{1,2})([-.])(?P<month>\d{1,2})\2(?P<year>\d{4})(?!\d)",
        # 12 February 2015, Wed 05 Apr 2017
        rf"(?<!\d){DAY}\s+(?:of\s+)?{MONTH},?\s+(?P<year>\d{{4}})(?!\d)",
        # February 23 2015, Oct 4, 2017 (and "Oct 042017", its comma and space lost)
        rf"\b{MONTH}\s+{DAY},?\s*(?P<year>\d{{4}})(?!\d)",
    )
]

WIRE_DATELINE = re.compile(
    # BEIRUT, May 25 (Reuters) -    DAMASCUS, Syria, May 25 (AP) -- ...
    rf"\s*[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){{0,3}}(?:,\s*[A-Z][\w .'-]*)?,\s+(?i:{MONTH})"
    rf"\s+{DAY}\b\s*(?:\(|[-\u2013\u2014])"
)


def publication_date(text: str, *fallbacks: date | None) -> date | None:
    """The dateline of ``text``, else the first fallback that is not None.

    A dateline without a year takes the year that puts it nearest to the
    first fallback; without any fallback it is ignored.
    """
    known = next((d for d in fallbacks if d is not None), None)
    return find_dateline(text, known) or known


def find_dateline(text: str, near: date | None = None) -> date | None:
    """The earliest full date in the head of ``text``, or a year-less wire dateline."""
    head = text[:HEAD_CHARS]
    found = [
        (match.start(), day)
        for pattern in FULL_DATES
        for match in pattern.finditer(head)
        if (day := date_from(match)) is not None
    ]
    if found:
        return min(found)[1]
    match = WIRE_DATELINE.match(head)
    if match is None or near is None:
        return None
    return nearest_date(month_number(match["month"]), int(match["day"]), near)


def parse_row_date(value: str) -> date | None:
    """Read a corpus's date column: month/day/year (as in FA-KES) or ISO."""
    value = value.strip()
    try:
        if "/" in value:
            return datetime.strptime(value, "%m/%d/%Y").date()
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_from(match: re.Match[str]) -> date | None:
    """The date a pattern matched, or None when it names no real day."""
    try:
        return date(int(match["year"]), month_number(match["month"]), int(match["day"]))
    except ValueError:
        return None


def month_number(month: str) -> int:
    """1-12 from "4", "04", "Apr", "April" or "Sept"."""
    return int(month) if month.isdigit() else MONTH_NUMBERS[month[:3].lower()]


def nearest_date(month: int, day: int, near: date) -> date | None:
    """The date with this month and day closest to ``near`` (the year around it)."""
    candidates = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs(d - near), default=None)


DATELINE_REACH = 200
"""Characters a dateline may take at the report's start, before the headline."""
_DATELINE_LINES = 4
_DATELINE = re.compile(
    r"""[ \t]*(?P<place>[A-Z][\w'’.]*(?:-[\w'’.]+)*(?:[ \t]+[A-Z][\w'’.]*(?:-[\w'’.]+)*){0,3})  # KHARKIV, Gaza City
        (?P<rest>[ \t]*(?:,[ \t]*[\w'’. ]{2,30}?)?                                        # , Ukraine / , May 3
        [ \t]*(?:\([\w .&/-]{2,30}\))?)                                                   # (Reuters)
        [ \t]*(?P<mark>[—–-]{1,2}|:)(?:\s|$)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    """A report's dateline: its span (up to its dash or colon), the place it names first
    ("KHARKIV", "Gaza City") and what follows that place (", Ukraine (Reuters)")."""

    span: tuple[int, int]
    place: str
    rest: str

    @property
    def is_filing_place(self) -> bool:
        """Does it say where a wire report was filed: its city in capitals, or a country,
        a date or an agency after it? Nothing in it is then a party to the violence."""
        return self.place.isupper() or "," in self.rest or "(" in self.rest


def read_dateline(text: str) -> Dateline | None:
    """The dateline on one of the report's first lines, within :data:`DATELINE_REACH`
    ("KHARKIV, Ukraine (Reuters) -", "MOSCOW -", "Beirut, Lebanon (AP) —"). A name in
    title case before a colon alone is a headline's topic ("Sudan: ..."), not a dateline."""
    offset = 0
    for line in text[:DATELINE_REACH].split("\n")[:_DATELINE_LINES]:
        found = _DATELINE.match(line)
        if found and (found["mark"] != ":" or found["place"].isupper() or found["rest"].strip()):
            return Dateline((offset, offset + found.end()), found["place"], found["rest"])
        offset += len(line) + 1
    return None
