"""One JSON object per report per line: the format of `warmonitor extract`.

The claim field names are those of ../shared/eval/GUIDELINES.md, so the output can be
scored directly; each claim also carries ``span``, its quote's [start, end] in ``text``.
Events, aggregates, places and the primary place follow (see docs/events.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from ..records import ActorMention, Aggregate, Claim, Event, Place, Report, Source


def claim_to_dict(claim: Claim) -> dict:
    return {
        "count": claim.count,
        "high": claim.high,
        "vague": claim.vague,
        "qualifier": claim.qualifier,
        "outcome": claim.outcome,
        "group": claim.group,
        "side": claim.side,
        "scope": claim.scope,
        "status": claim.status,
        "quote": claim.quote,
        "span": list(claim.span),
        "part_of": list(claim.part_of) if claim.part_of else None,
        "beside": list(claim.beside) if claim.beside else None,
        "source": claim.source,
    }


def place_to_dict(place: Place | None) -> dict | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "canonical": place.canonical,
        "lat": place.latitude,
        "lon": place.longitude,
        "admin1": place.admin1,
        "country": place.country,
        "precision": place.precision,
        "span": list(place.span),
    }


def actor_to_dict(actor: ActorMention | None) -> dict | None:
    if actor is None:
        return None
    return {"name": actor.name, "canonical": actor.canonical, "type": actor.type, "side": actor.side, "span": list(actor.span)}


def source_to_dict(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {"name": source.name, "canonical": source.canonical, "span": list(source.span)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def event_to_dict(event: Event) -> dict:
    return {
        "type": event.type,
        "date": _iso(event.date),
        "date_precision": event.date_precision,
        "date_expression": event.date_expression,
        "places": [place_to_dict(p) for p in event.places],
        "actor1": actor_to_dict(event.actor1),
        "actor2": actor_to_dict(event.actor2),
        "claims": [claim_to_dict(c) for c in event.claims],
        "sources": [source_to_dict(s) for s in event.sources],
        "evidence": [list(span) for span in event.evidence],
        **({"recalled": True} if event.recalled else {}),
    }


def aggregate_to_dict(aggregate: Aggregate) -> dict:
    return {
        **claim_to_dict(aggregate.claim),
        "period": {"start": _iso(aggregate.period_start), "end": _iso(aggregate.period_end), "expression": aggregate.period_expression},
        "area": place_to_dict(aggregate.area),
        "source": source_to_dict(aggregate.source),
    }


def report_to_dict(report: Report, *, include_text: bool = True) -> dict:
    document = report.document
    record = {
        "id": document.id,
        "published": _iso(document.published),
        "title": document.title,
        "language": report.language,  # ISO 639-1 of the language it was read in
    }
    if include_text:
        record["text"] = document.text
    record["claims"] = [claim_to_dict(c) for c in report.claims]
    record["events"] = [event_to_dict(e) for e in report.events]
    record["aggregates"] = [aggregate_to_dict(a) for a in report.aggregates]
    record["primary_place"] = place_to_dict(report.primary_place)
    record["country"] = report.country  # ISO-2 of its main event's country
    record["conflict"] = report.conflict  # the conflict pack it was read with
    record["places"] = [place_to_dict(p) for p in report.places]
    record["sources"] = [source_to_dict(s) for s in report.sources]
    return record


def report_to_line(report: Report, *, include_text: bool = True) -> str:
    """:func:`report_to_dict` as one line of JSON, the same as ``json.dumps`` of it but
    written a claim, event, aggregate, place and source at a time and joined once: a
    report of megabytes tells hundreds of thousands of them, and the dicts of all of them
    at once took more memory than the line itself (issue 12)."""
    listed = {
        "claims": (claim_to_dict, report.claims), "events": (event_to_dict, report.events),
        "aggregates": (aggregate_to_dict, report.aggregates), "places": (place_to_dict, report.places),
        "sources": (source_to_dict, report.sources),
    }
    head = report_to_dict(replace(report, claims=[], events=[], aggregates=[], places=[], sources=[]), include_text=include_text)
    return "".join(_pieces(head, listed))


def _pieces(head: dict, listed: dict) -> Iterator[str]:
    """The pieces of the JSON object ``head``, whose keys in ``listed`` are written from
    their (to_dict, items) one item at a time."""
    yield "{"
    for n, (key, value) in enumerate(head.items()):
        yield f"{', ' if n else ''}{_ENCODER.encode(key)}: "
        if key in listed:
            to_dict, items = listed[key]
            yield "["
            yield from (f"{', ' if k else ''}{_ENCODER.encode(to_dict(item))}" for k, item in enumerate(items))
            yield "]"
        else:
            yield _ENCODER.encode(value)
    yield "}"


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes for each call
