"""The resolve stage: put an extracted report's events in place, in time and on a side.

- places: every place the report names, located in the gazetteer (:mod:`.places`);
  each event takes those of its sentences;
- background: sentences about a time long before the report ("in August 2013") leave
  their event and tell one of their own (:mod:`.background`);
- dates: an event's date is the first date expression in its sentences that belongs to
  it (the nearest event word in that sentence is one of its own: "on Monday scrapped a
  ceasefire" dates the ceasefire, not the advance told in the same sentence) and is not
  the day of a statement ("a rights group said on Tuesday"), else the day of such a
  statement (the violence happened by then), else the report's date; an aggregate's
  period comes from its sentence (:mod:`.dates`);
- actors: generic names take the actor the report names for that side (:mod:`.actors`);
- the report's primary place: where its main event (the most killed; the first on a
  tie) happened.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from ..extract.tokens import sentence_spans
from ..records import Aggregate, Event, Place, Report
from .actors import named_by_side, resolve_actor
from .background import BACKGROUND_DAYS, split_background
from .dates import Period, ResolvedDate, find_dates, find_period, last_day, of_statement
from .gazetteer import Gazetteer, one_area, open_gazetteer
from .places import find_places

_DATELINE_REACH = 200  # characters a dateline may take before the headline
_NUMBER = re.compile(r"\d[\d,]*")
_PLACE_RANK = {"locality": 0, "district": 1, "governorate": 2, "region": 3, "country": 4}


def resolve(report: Report, gazetteer: Gazetteer | None = None) -> Report:
    """The report with places, dates, actors and primary place filled in."""
    gazetteer = gazetteer or open_gazetteer()
    text = report.document.text
    sentences = sentence_spans(text)
    names = [m.span for m in report.actors] + [s.span for s in report.sources]
    places = find_places(text, sentences, gazetteer, not_in=names)
    named = named_by_side(report.actors)
    told = [
        part for event in report.events
        for part in split_background(text, event, report.document.published, dateline_reach=_DATELINE_REACH)
    ]
    split = replace(report, events=told)
    events = [_resolve_event(split, event, places, named) for event in told]
    aggregates = _resolve_aggregates(report, sentences, places)
    return replace(
        report, events=events, aggregates=aggregates, places=places,
        primary_place=_primary_place(events, places, report.document.title or "", _title_span(report)),
    )


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in spans)


def _resolve_event(report: Report, event: Event, places: list[Place], named: dict) -> Event:
    date, precision, expression = (
        (event.date, event.date_precision, event.date_expression) if event.date else _event_date(report, event)
    )
    return replace(
        event,
        places=[p for p in places if _within(p.span, event.evidence)],
        actor1=resolve_actor(event.actor1, named),
        actor2=resolve_actor(event.actor2, named),
        date=date, date_precision=precision, date_expression=expression,
    )


def _event_date(report: Report, event: Event) -> tuple:
    """The first date of the event's sentences that belongs to it — the nearest event word
    is its own — and is not a dateline. The day something was said ("a rights group said on
    Tuesday") is passed over for a date of the violence itself, but bounds it: the violence
    happened by then, so a later date counts only if :func:`_told_by` finds it a date of
    that violence; else the statement's day is the best date known."""
    reference = report.document.published
    if reference is None:
        return None, None, None
    text = report.document.text
    all_triggers = [(t, e is event) for e in report.events for t in e.triggers]
    said: ResolvedDate | None = None
    for start, end in event.evidence:
        here = [(t, own) for t, own in all_triggers if start <= t[0] < end]
        dates = find_dates(text, reference, start, end)
        for found in dates:
            if _is_dateline(text, found.span, found.date == reference) or not _own(found, here):
                continue
            if of_statement(text, found.span):
                said = said or found
            elif said is None or _told_by(found, said, said in dates or _has_figure(text, event, (start, end), dates)):
                return found.date, found.precision, found.expression
    if said is not None:
        return said.date, said.precision, said.expression
    return reference, "day", None


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


def _is_dateline(text: str, span: tuple[int, int], on_report_date: bool) -> bool:
    """A printed date at the head of the report that is the report's own date: its
    dateline ("AFP Tuesday 14 Oct 2014"), not the day the event happened."""
    printed = any(c.isdigit() for c in text[span[0] : span[1] + 3])
    return on_report_date and printed and span[0] < _DATELINE_REACH


def _resolve_aggregates(report: Report, sentences: list[tuple[int, int]], places: list[Place]) -> list[Aggregate]:
    reference = report.document.published
    text = report.document.text
    resolved: list[Aggregate] = []
    previous: Period | None = None
    for aggregate in report.aggregates:
        sentence = next((s for s in sentences if s[0] <= aggregate.claim.span[0] < s[1]), aggregate.claim.span)
        period = find_period(text, reference, *sentence) if reference else None
        if period and period.start is None and period.end is None and previous:  # "in that same period"
            period = replace(previous, expression=period.expression, span=period.span)
        previous = period or previous
        area = next((p for p in places if sentence[0] <= p.span[0] < sentence[1] and not _agent(text, p)), None)
        resolved.append(replace(
            aggregate,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            period_expression=period.expression if period else None,
            area=area,
        ))
    return resolved


def _agent(text: str, place: Place) -> bool:
    """ "bombardment by Damascus": a capital standing for its government, not an area."""
    return text[max(0, place.span[0] - 12) : place.span[0]].rstrip().lower().endswith((" by", "backer"))


def _main_event(events: list[Event], headline: str) -> Event | None:
    """The event a report leads with: the first whose toll its headline gives ("... kills
    19"), else the first told with a casualty figure, else the first."""
    in_headline = {int(n.replace(",", "")) for n in _NUMBER.findall(headline)}
    headlined = [e for e in events if any(c.count in in_headline for c in e.claims)]
    with_figures = [e for e in events if e.claims]
    return min(headlined or with_figures or events, key=lambda e: e.evidence[0], default=None)


def _title_span(report: Report) -> tuple[int, int] | None:
    """Where the headline sits in the text (after a dateline, if one comes first)."""
    title = report.document.title
    at = report.document.text.find(title, 0, len(title) + _DATELINE_REACH) if title else -1
    return (at, at + len(title)) if at >= 0 else None


def _primary_place(events: list[Event], places: list[Place], headline: str, title: tuple[int, int] | None) -> Place | None:
    """Where the main event happened: the place a headline gives, else the most precise
    place of the main event, else the governorate the report names most."""
    in_title = [p for p in places if title and p.span[1] <= title[1] and p.admin1]
    if in_title:
        return min(in_title, key=lambda p: _PLACE_RANK[p.precision])

    main = _main_event(events, headline)
    located = [p for p in (main.places if main else []) if p.admin1]
    if located:
        return min(located, key=lambda p: _PLACE_RANK[p.precision])
    counts = Counter(p.admin1 for p in places if p.admin1)
    if not counts:
        return None
    top = counts.most_common(1)[0][0]
    return min((p for p in places if p.admin1 == top), key=lambda p: _PLACE_RANK[p.precision])
