"""Read reconciled incidents and their figures out of the store, for tallies and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, select

from ..store import schema as t

from .fields import FILTERS


@dataclass
class Incident:
    id: int
    type: str
    date: date | None
    date_precision: str | None
    admin1: str | None
    country: str | None
    location: str | None
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    actor1: str | None
    actor1_side: str | None
    actor2: str | None
    actor2_side: str | None
    reports: int
    figures: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # outcome, category, best, low, high

    def total(self, outcome: str) -> tuple[int, int, int]:
        rows = [f for f in self.figures if f[0] == outcome]
        return sum(f[2] for f in rows), sum(f[3] for f in rows), sum(f[4] for f in rows)


class FilterError(ValueError):
    """A --where that names no known field: one line for the user."""


def parse_where(clauses: list[str]) -> dict[str, str]:
    """ "admin1=Idlib" clauses into a dict; the fields are those of FILTERS."""
    where = {}
    for clause in clauses:
        key, sep, value = clause.partition("=")
        key = key.strip().lower()
        if not sep or key not in FILTERS or not value.strip():
            raise FilterError(f"--where {clause!r}: expected FIELD=VALUE with FIELD one of {', '.join(FILTERS)}")
        where[key] = value.strip()
    return where


def load_incidents(
    connection: Connection, *, start: date | None = None, end: date | None = None, where: dict[str, str] | None = None
) -> list[Incident]:
    """Incidents in [start, end] matching ``where`` (case-insensitive), with their figures."""
    query = select(t.incident).order_by(t.incident.c.date, t.incident.c.id)
    if start:
        query = query.where(t.incident.c.date >= start)
    if end:
        query = query.where(t.incident.c.date <= end)
    incidents = {row.id: Incident(**{k: getattr(row, k) for k in Incident.__dataclass_fields__ if k != "figures"}) for row in connection.execute(query)}
    figures = select(
        t.incident_figure.c.incident_id, t.incident_figure.c.outcome, t.incident_figure.c.category,
        t.incident_figure.c.best, t.incident_figure.c.low, t.incident_figure.c.high,
    )
    for incident_id, *figure in connection.execute(figures):
        if incident_id in incidents:
            incidents[incident_id].figures.append(tuple(figure))
    return [i for i in incidents.values() if _matches(i, where or {})]


def _matches(incident: Incident, where: dict[str, str]) -> bool:
    def same(value: str | None, wanted: str) -> bool:
        return (value or "").lower() == wanted.lower()

    checks = {
        "type": lambda v: same(incident.type, v),
        "admin1": lambda v: same(incident.admin1, v),
        "place": lambda v: same(incident.location, v),
        "country": lambda v: same(incident.country, v),
        "actor": lambda v: same(incident.actor1, v) or same(incident.actor2, v),
        "side": lambda v: any(same(f[1], v) for f in incident.figures) or same(incident.actor1_side, v) or same(incident.actor2_side, v),
    }
    return all(checks[key](value) for key, value in where.items())
