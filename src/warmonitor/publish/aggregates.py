"""Totals over a period that reports quote, set beside our own events for the same period.

An aggregate ("more than 800 civilians since the end of April", per the Observatory)
is a figure someone reported, kept with its source and period; it is never added to
incidents. Beside each, the killed (or injured, or civilians killed) that our reconciled
incidents give for the same period — and governorate and country, when the aggregate
names them — show how much of it our reports cover. Only like is set beside like: a
total of all people or of civilians, not of "children" or "a nurse".
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from rich.table import Table
from sqlalchemy import Connection, exists, func, select

from ..store import schema as t
from .filters import conflict_filter, country_filter


def aggregate_items(
    connection: Connection, start: date | None, end: date | None, admin1: str | None, *,
    country: str | None = None, conflict: str | None = None,
) -> list[dict]:
    """The aggregates of the period from ``start`` to ``end`` (either open), of one
    governorate, of one country (its ISO-2 code or name: "SD", "Sudan") and of one conflict
    (its pack's name or slug, in any case: "yemen" is "Yemen war"), each beside our
    incidents' figures for its period, governorate and country. A country or conflict
    that names none gives a :class:`FilterError` (one line for the user)."""
    # An aggregate's country is its area's, else its report's ("since January, 300 civilians
    # have been killed", in a report from Sudan): the country its report's events carry.
    reports_country = (
        select(t.event.c.country).where(t.event.c.document_id == t.aggregate.c.document_id, t.event.c.country.is_not(None))
        .limit(1).scalar_subquery()
    )
    country_of = func.coalesce(t.aggregate.c.country, reports_country)
    query = (
        select(t.aggregate, t.claim.c.count, t.claim.c.qualifier, t.claim.c.outcome, t.claim.c.grp, t.claim.c.quote,
               t.document.c.external_id, country_of.label("country_of"))
        .join(t.claim, t.aggregate.c.claim_id == t.claim.c.id)
        .join(t.document, t.aggregate.c.document_id == t.document.c.id)
        .order_by(t.aggregate.c.period_start, t.aggregate.c.id)
    )
    if start:
        query = query.where(t.aggregate.c.period_end >= start)
    if end:
        query = query.where(t.aggregate.c.period_start <= end)
    if admin1:
        query = query.where(t.aggregate.c.admin1 == admin1)
    if country:
        query = query.where(country_of == country_filter(country))
    if conflict:  # an aggregate is of its report's conflict, which its report's events carry
        named = conflict_filter(conflict)
        query = query.where(exists().where(t.event.c.document_id == t.aggregate.c.document_id, t.event.c.conflict == named))
    items = []
    for row in connection.execute(query):
        ours_killed = ours_events = None
        column = _comparable(row.outcome, row.grp)
        if row.period_start and row.period_end and column is not None:
            ours = select(func.coalesce(func.sum(column), 0), func.count()).where(
                t.incident.c.date.between(row.period_start, row.period_end), t.incident.c.recalled.is_(False)
            )
            if row.admin1:
                ours = ours.where(t.incident.c.admin1 == row.admin1)
            if row.country_of:  # "since April, 800 civilians" in Sudan: not the world's incidents
                ours = ours.where(t.incident.c.country == row.country_of)
            ours_killed, ours_events = connection.execute(ours).one()
        items.append({
            "count": row.count, "qualifier": row.qualifier, "outcome": row.outcome, "group": row.grp,
            "period_start": row.period_start.isoformat() if row.period_start else None,
            "period_end": row.period_end.isoformat() if row.period_end else None,
            "area": row.area, "admin1": row.admin1, "country": row.country_of, "source": row.source,
            "document_id": row.document_id, "external_id": row.external_id, "quote": row.quote, "ours_killed": ours_killed, "ours_events": ours_events,
        })
    return items


def _comparable(outcome: str, group: str):
    """The incident column that counts what an aggregate counts, if the store keeps one:
    all killed or injured, or civilians killed. "A nurse", "children" or "journalists"
    over a year have no such column: setting them beside all deaths says nothing."""
    if group == "unspecified":
        return t.incident.c.killed if outcome == "killed" else t.incident.c.injured
    if group == "civilians" and outcome == "killed":
        return t.incident.c.civilians_killed
    return None


def aggregates_table(items: list[dict]) -> Table:
    table = Table(title="reported totals over a period, beside our reconciled incidents for that period and area")
    for column in ("reported", "outcome", "group", "period", "area", "source", "report", "ours"):
        table.add_column(column, overflow="fold")
    for item in items:
        reported = f"{item['qualifier'].replace('_', ' ')} {item['count']}" if item["count"] is not None else ""
        ours = f"{item['ours_killed']} in {item['ours_events']} incidents" if item["ours_events"] is not None else ""
        table.add_row(
            reported, item["outcome"], item["group"], f"{item['period_start'] or '?'} – {item['period_end'] or '?'}",
            escape(item["area"] or ""), escape(item["source"] or ""), escape(item["external_id"]), ours,
        )
    return table
