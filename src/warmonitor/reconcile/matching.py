"""When do two reports' events describe the same incident?

Compatible type (the same, or both remote violence — air strike, shelling, explosion —
or one of them only "attack on civilians" or "other"), dates at most
:data:`MAX_DAYS_APART` apart, the same governorate and, when both name a town, the same
town (a town and its governorate are "one inside the other"), and parties that do not
contradict (some side in common, or a side unknown on one of them).

An event without a governorate ("an August 21 gas attack the United States says killed
more than 1,400 people") merges only on a large toll: with a violent incident of the
same day whose killed agree within :data:`TOLL_AGREEMENT` and number at least
:data:`MIN_TOLL_WITHOUT_PLACE` (any violent type: the toll is the stronger evidence, and
a report that names no place often names the attack loosely, "killed in the attack").
Without a date, or without a place and such a toll, an event never merges: too little is
known to say it is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import Event, Place

MAX_DAYS_APART = 2
MIN_TOLL_WITHOUT_PLACE = 100  # a toll this large, on one day, names its incident (30 killed does not)
TOLL_AGREEMENT = 0.15  # tolls within 15 % of the larger agree (a toll rises through the day: 112, then 126)
_FAMILIES = [
    frozenset({"air_strike", "shelling", "explosion"}),
    frozenset({"armed_clash", "territory"}),
    frozenset({"execution", "attack_on_civilians"}),
]
_UNSPECIFIC = frozenset({"attack_on_civilians", "other"})
_NON_VIOLENT = frozenset({"ceasefire", "displacement", "protest"})
_RANK = {"locality": 0, "district": 1, "governorate": 2, "region": 3, "country": 4}


@dataclass(frozen=True)
class IncidentSummary:
    """What matching needs to know of an incident (or of a new event)."""

    id: int | None
    type: str
    date: date | None
    admin1: str | None
    geonameid: int | None
    sides: frozenset[str]
    documents: frozenset[int] = frozenset()


def main_place(event: Event) -> Place | None:
    """The event's most precise place with a governorate, first named first."""
    located = [p for p in event.places if p.admin1]
    return min(located, key=lambda p: _RANK[p.precision]) if located else None


def summarise(event: Event, document_id: int | None = None) -> IncidentSummary:
    place = main_place(event)
    sides = frozenset(a.side for a in (event.actor1, event.actor2) if a and a.side)
    return IncidentSummary(
        None, event.type, event.date, place.admin1 if place else None,
        place.geonameid if place and place.precision == "locality" else None, sides,
        frozenset({document_id}) if document_id is not None else frozenset(),
    )


def types_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in _NON_VIOLENT or b in _NON_VIOLENT:
        return False
    return a in _UNSPECIFIC or b in _UNSPECIFIC or any(a in f and b in f for f in _FAMILIES)


def violent(event_type: str) -> bool:
    return event_type not in _NON_VIOLENT


def compatible_types(event_type: str) -> list[str]:
    """Every type an event of ``event_type`` may merge with (for the store's query)."""
    every = {t for f in _FAMILIES for t in f} | _UNSPECIFIC | _NON_VIOLENT
    return sorted(t for t in every if types_compatible(event_type, t))


def score(event: IncidentSummary, incident: IncidentSummary) -> float | None:
    """How well an event fits an incident; None when it cannot be the same incident."""
    if event.date is None or incident.date is None or event.admin1 is None or incident.admin1 is None:
        return None
    days = abs((event.date - incident.date).days)
    if days > MAX_DAYS_APART or event.admin1 != incident.admin1 or not types_compatible(event.type, incident.type):
        return None
    if event.geonameid and incident.geonameid and event.geonameid != incident.geonameid:
        return None
    if event.sides and incident.sides and not event.sides & incident.sides:
        return None
    if event.documents & incident.documents:  # two events of one report are two incidents
        return None
    same_town = bool(event.geonameid and event.geonameid == incident.geonameid)
    return 2.0 * same_town + (event.type == incident.type) - 0.5 * days + 0.5 * len(event.sides & incident.sides)


def best_match(event: IncidentSummary, incidents: list[IncidentSummary]) -> IncidentSummary | None:
    scored = [(s, i) for i in incidents if (s := score(event, i)) is not None]
    return max(scored, key=lambda pair: (pair[0], -(pair[1].id or 0)))[1] if scored else None


def tolls_agree(a: int, b: int) -> bool:
    """Do two killed tolls name one incident when nothing else places it?"""
    return min(a, b) >= MIN_TOLL_WITHOUT_PLACE and abs(a - b) <= TOLL_AGREEMENT * max(a, b)
