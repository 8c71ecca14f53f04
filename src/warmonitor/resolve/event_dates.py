"""An event's date: the first date of its sentences that belongs to it (see :func:`event_date`).

A report with no date of its own dates its events only by a day written with its year
("on 20 January 2031"): "on Monday" or "August 24" then gives no date, not a wrong one."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..records import Event, Report
from ..spans import any_between
from .background import BACKGROUND_DAYS, MONTH_NAME
from .dates import ResolvedDate, find_dates, of_statement

_NUMBER = re.compile(r"\d[\d,]*")
_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")
_WHEN = re.compile(r"\b(?:when|as|while|during)\b", re.IGNORECASE)  # the killing's time is the other event's
_CONSEQUENCES = frozenset({"displacement"})  # told of the same day as the violence that caused it


def event_date(report: Report, event: Event, dateline_reach: int) -> tuple:
    """The first date of the event's sentences that belongs to it — the nearest event word
    is its own — and is not a dateline. The day something was said ("a rights group said on
    Tuesday") is passed over for a date of the violence itself, but bounds it: the violence
    happened by then, so a later date counts only if :func:`_told_by` finds it a date of
    that violence; else the statement's day is the best date known."""
    reference = report.document.published
    text = report.document.text
    if reference is None:
        return _written_in_full(text, event)
    all_triggers = [(t, _shares_dates(e, event)) for e in report.events for t in e.triggers]
    said: ResolvedDate | None = None
    for start, end in event.evidence:
        here = [(t, own) for t, own in all_triggers if start <= t[0] < end]
        dates = _recent_first(find_dates(text, reference, start, end), reference)
        for found in dates:
            if _is_dateline(text, found.span, found.date == reference, dateline_reach) or not _own(found, here):
                continue
            if of_statement(text, found.span):
                said = said or found
            elif said is None or _told_by(found, said, said in dates or _has_figure(text, event, (start, end), dates)):
                found = _narrowed(report, event, found, dateline_reach) if found.precision != "day" else found
                return found.date, found.precision, found.expression
    if said is not None:
        told_on = _calendar_day_of_the_attack(report, event, said, all_triggers, dateline_reach)
        found = told_on or said
        return found.date, found.precision, found.expression
    told_with = _date_of_the_same_telling(report, event, dateline_reach)
    if told_with is not None:
        return told_with.date, told_with.precision, told_with.expression
    return reference, "day", None


def _calendar_day_of_the_attack(
    report: Report, event: Event, said: ResolvedDate, all_triggers: list, dateline_reach: int,
) -> ResolvedDate | None:
    """For an event whose figures' sentences name no date and that a statement dates: the
    calendar day (its month written) that a sentence of the event gives its own attack,
    days before the statement ("the ambassador said on Wednesday ... a sarin attack on Khan
    Sheikhun on the 4th of April" ... "87 people died in the attack"). Such a date is
    written to say when the attack was; a weekday is not enough ("the offensive began on
    Monday" dates the offensive, not Tuesday's toll)."""
    text, reference = report.document.text, report.document.published
    figures_at = sorted(c.span[0] for c in event.claims)
    for start, end in event.evidence:
        if any_between(figures_at, start, end):
            continue
        here = [(t, own) for t, own in all_triggers if start <= t[0] < end]
        for found in find_dates(text, reference, start, end):
            calendar = found.precision == "day" and MONTH_NAME.search(found.expression)
            if calendar and here and _own(found, here) and not of_statement(text, found.span) and _told_by(found, said, True):
                if not _is_dateline(text, found.span, found.date == reference, dateline_reach):
                    return found
    return None


def _date_of_the_same_telling(report: Report, event: Event, dateline_reach: int) -> ResolvedDate | None:
    """For an event its own words date nowhere: a date of the sentence that gives its
    figures, though nearer the word of another event of no figure that the sentence ties
    to the killing's time ("300 men were executed ... when the militants stormed the town
    earlier this week"): the killing was then. Not "... after rebels captured the hill
    on Monday": after is any time later."""
    text, reference = report.document.text, report.document.published
    figureless = [t for e in report.events if e is not event and not e.claims for t in e.triggers]
    figures_at = sorted(c.span[0] for c in event.claims)
    for start, end in event.evidence:
        if not any_between(figures_at, start, end):
            continue
        for found in _recent_first(find_dates(text, reference, start, end), reference):
            if _is_dateline(text, found.span, found.date == reference, dateline_reach) or of_statement(text, found.span):
                continue
            if found.date <= reference and any(
                start <= t[0] < end and _WHEN.search(text, c.span[1], t[0]) for t in figureless for c in event.claims
                if c.span[1] <= t[0]
            ):
                return found
    return None


def _narrowed(report: Report, event: Event, vague: ResolvedDate, dateline_reach: int) -> ResolvedDate:
    """A week or month the event's later sentences tell more exactly: "late last month"
    ... "the November 29-30 massacres" is the 29th. The first day told inside it, not
    said of a statement; else the vague date itself."""
    text, reference = report.document.text, report.document.published
    for start, end in event.evidence:
        for found in find_dates(text, reference, start, end):
            inside = vague.date <= found.date <= vague.last_day
            if found.precision == "day" and inside and found.span != vague.span and not of_statement(text, found.span):
                if not _is_dateline(text, found.span, found.date == reference, dateline_reach):
                    return found
    return vague


def _written_in_full(text: str, event: Event) -> tuple:
    """The first day of the event's sentences written with its year, for a report with no
    date to resolve "on Monday" or "August 24" against."""
    for start, end in event.evidence:
        for found in find_dates(text, date.max, start, end):
            if found.precision == "day" and _YEAR.search(found.expression):
                return found.date, found.precision, found.expression
    return None, None, None


def _shares_dates(other: Event, event: Event) -> bool:
    """Is a date told beside ``other``'s word also ``event``'s? Its own are; so are those of
    what violence causes ("killing two and sending thousands fleeing on Wednesday")."""
    return other is event or (other.type in _CONSEQUENCES and event.type not in _CONSEQUENCES)


def _recent_first(dates: list[ResolvedDate], reference: date) -> list[ResolvedDate]:
    """A sentence's dates, passing over those long before the report when it also names a
    recent one: "groups formed after the fall of the regime in 2011 clashed on Monday"
    tells of Monday; the year dates the fall."""
    old = [d for d in dates if d.last_day < reference - timedelta(days=BACKGROUND_DAYS)]
    return [d for d in dates if d not in old] if len(old) < len(dates) else dates


def _told_by(found: ResolvedDate, said: ResolvedDate, tells_violence: bool) -> bool:
    """May ``found`` date the violence a statement of day ``said`` told? Only a day or a
    week (a month is vaguer than the statement's own day), on or before that day and at
    most BACKGROUND_DAYS before it, in a sentence that tells the violence: the statement's
    own ("said on Thursday that a strike late on Wednesday hit ...") or one that gives a
    figure (:func:`_has_figure`; a sentence without one is context: "the strike on the
    army on 17 September drew condemnation")."""
    recent = said.date - timedelta(days=BACKGROUND_DAYS) <= found.date <= said.date
    return tells_violence and recent and found.precision in ("day", "week")


def _has_figure(text: str, event: Event, sentence: tuple[int, int], dates: list[ResolvedDate]) -> bool:
    """Does the sentence tell the event's figures: has the event none, or does the sentence
    hold one of its claims, or a number besides its dates' ("the attack on August 21 killed
    1,400": the extractor keeps a figure said twice once)?"""
    if not event.claims or any(sentence[0] <= c.span[0] < sentence[1] for c in event.claims):
        return True
    kept, at = [], sentence[0]
    for d in dates:
        kept.append(text[at : d.span[0]])
        at = d.span[1]
    kept.append(text[at : sentence[1]])
    return any(_NUMBER.search(part) for part in kept)


def _own(found: ResolvedDate, here: list) -> bool:
    """Does the date belong to the event: is the nearest event word of its sentence (if it
    has any) one of the event's own?"""
    if not here:
        return True
    nearest = min(here, key=lambda item: min(abs(item[0][0] - found.span[1]), abs(found.span[0] - item[0][1])))
    return nearest[1]


def _is_dateline(text: str, span: tuple[int, int], on_report_date: bool, reach: int) -> bool:
    """A printed date at the head of the report that is the report's own date: its
    dateline ("AFP Tuesday 14 Oct 2014"), not the day the event happened."""
    printed = any(c.isdigit() for c in text[span[0] : span[1] + 3])
    return on_report_date and printed and span[0] < reach
