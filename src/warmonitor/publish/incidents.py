"""Read reconciled incidents and their figures out of the store, for exports and `show`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, select

from ..store import schema as t
from .filters import IncidentFilter


@dataclass
class Incident:
    id: int
    public_id: str | None  # the same in any store of the same reports (store/public_id.py)
    type: str
    date: date | None
    date_precision: str | None
    admin1: str | None
    country: str | None  # ISO-2
    conflict: str | None
    location: str | None
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    actor1: str | None
    actor1_side: str | None
    actor2: str | None
    actor2_side: str | None
    reports: int
    killed: int
    killed_low: int
    killed_high: int
    injured: int
    injured_low: int
    injured_high: int
    figures: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # outcome, category, best, low, high

    def total(self, outcome: str) -> tuple[int, int, int]:
        """Best, low and high of the whole toll (low and high are the sources' totals',
        not sums of the categories')."""
        if outcome == "killed":
            return self.killed, self.killed_low, self.killed_high
        return self.injured, self.injured_low, self.injured_high


def load_incidents(connection: Connection, where: IncidentFilter = IncidentFilter(), *, ids: list[int] | None = None) -> list[Incident]:
    """The matching incidents (or those of ``ids``), by date, with their figures."""
    query = where.apply(select(t.incident).order_by(t.incident.c.date, t.incident.c.id))
    if ids is not None:
        query = query.where(t.incident.c.id.in_(ids))
    incidents = {
        row.id: Incident(**{k: getattr(row, k) for k in Incident.__dataclass_fields__ if k != "figures"})
        for row in connection.execute(query)
    }
    figures = select(
        t.incident_figure.c.incident_id, t.incident_figure.c.outcome, t.incident_figure.c.category,
        t.incident_figure.c.best, t.incident_figure.c.low, t.incident_figure.c.high,
    ).where(t.incident_figure.c.incident_id.in_(list(incidents)))
    for incident_id, *figure in connection.execute(figures):
        incidents[incident_id].figures.append(tuple(figure))
    return list(incidents.values())
