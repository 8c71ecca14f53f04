"""Tell a report's background apart from its news: sentences about an earlier time.

Reports recall older events beside the one they tell: "The worst attack was a sarin
attack in August 2013 on Ghouta that killed hundreds", "August 21 2013: Washington
accuses the regime of killing more than 1,400 people". The extractor groups sentences by
event type, so such a sentence joins today's event of the same type, and its figure
would be added to today's toll. Here, a sentence with a figure whose every date lies
wholly more than :data:`BACKGROUND_DAYS` before the report's date is taken out of its
event and told as an event of its own on that date: the 2013 attack becomes a 2013
incident. A weekday, "yesterday" or "earlier this month" never makes a sentence
background, nor does a date without its year that would lie most of a year back ("the
June 3 poll" in a May report lies ahead). The day of a statement ("a rights group said
on Tuesday") is not a date of what the sentence tells, and does not count. A sentence
with a figure and no date of its own that points back to an event ("that attack, which
killed 1,400") is background when the sentence just before it is: "Investigators found
that sarin was used there in 2013. Washington blamed the government for that attack,
which killed 1,400 people."
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ..extract.tokens import sentence_spans
from ..records import Event
from .dates import ResolvedDate, find_dates, of_statement, refers_back

BACKGROUND_DAYS = 30
YEARLESS_REACH = 183  # days back a date without its year may lie
_YEAR = re.compile(r"\b(1[89]|2[01])\d\d\b")


def split_background(text: str, event: Event, reference: date | None, *, dateline_reach: int) -> list[Event]:
    """``event`` without its background figures, then one event per earlier date that
    background names, dated by it. Only sentences holding a figure move: one without is
    context (it may name the place of the next sentence's figure) and stays, unless a
    figure's sentence points back to it ("that attack"): the two then tell one event. Just
    ``[event]`` when nothing moves. When everything would, the event is about that time:
    it is dated by it here, not left to the report's date when its date expression lies
    nearer another event's word ("air strikes to punish an August 21 gas attack that
    killed 1,400")."""
    if reference is None:
        return [event]
    earlier: dict[date, tuple[ResolvedDate, list[tuple[int, int]]]] = {}
    sentences: list[tuple[int, int]] = []
    for sentence in event.evidence:
        if not any(sentence[0] <= c.span[0] < sentence[1] for c in event.claims):
            continue
        told = [sentence]
        when = _earlier_date(text, sentence, reference, dateline_reach)
        if when is None and refers_back(text, *sentence) and not _dates(text, sentence, reference, dateline_reach):
            sentences = sentences or sentence_spans(text)
            before = max((s for s in sentences if s[1] <= sentence[0]), default=None)
            if before is not None and (when := _earlier_date(text, before, reference, dateline_reach)):
                told = [before, sentence]  # the event is told over both
        if when is not None:
            spans = earlier.setdefault(when.date, (when, []))[1]
            spans.extend(s for s in told if s not in spans)
    if not earlier:
        return [event]
    background = {s for _, spans in earlier.values() for s in spans}
    told_now = [s for s in event.evidence if s not in background]
    parts = [_part(event, sorted(spans), when=when) for when, spans in earlier.values()]
    return [_part(event, told_now), *parts] if told_now else parts


def _earlier_date(text: str, sentence: tuple[int, int], reference: date, dateline_reach: int) -> ResolvedDate | None:
    """The sentence's first date, if every date it names ended long before ``reference``.

    A date without its year is read as the latest one on or before the report ("an
    August 21 gas attack" in October); when that lies more than :data:`YEARLESS_REACH`
    back it is more likely ahead ("the June 3 poll" in late May), so it moves nothing.
    """
    dates = _dates(text, sentence, reference, dateline_reach)
    if not dates or not all(d.last_day < reference - timedelta(days=BACKGROUND_DAYS) for d in dates):
        return None
    first = dates[0]
    if not _YEAR.search(first.expression) and first.last_day < reference - timedelta(days=YEARLESS_REACH):
        return None
    return first


def _dates(text: str, sentence: tuple[int, int], reference: date, dateline_reach: int) -> list[ResolvedDate]:
    """The dates of what the sentence tells: not the report's own dateline, nor the day of
    a statement."""
    return [
        d for d in find_dates(text, reference, *sentence)
        if (d.span[0] >= dateline_reach or d.date != reference) and not of_statement(text, d.span)
    ]


def _part(event: Event, sentences: list[tuple[int, int]], *, when: ResolvedDate | None = None) -> Event:
    """The part of ``event`` told in ``sentences``; a background part (``when``) is dated by
    its date and keeps only the parties named in it."""
    def inside(span: tuple[int, int]) -> bool:
        return any(start <= span[0] < end for start, end in sentences)

    part = replace(
        event, evidence=sentences, triggers=[t for t in event.triggers if inside(t)],
        claims=[c for c in event.claims if inside(c.span)],
    )
    if when is None:
        return part
    named = [a for a in (event.actor1, event.actor2) if a and inside(a.span)]
    return replace(
        part, date=when.date, date_precision=when.precision, date_expression=when.expression,
        actor1=named[0] if named else None, actor2=named[1] if len(named) > 1 else None,
    )
