"""Totals over a period that reports quote, set beside our own events for the same period.

An aggregate ("more than 800 civilians since the end of April", per the Observatory)
is a figure someone reported, kept with its source and period; it is never added to
incidents. Beside each, the killed (or injured, or civilians killed) that our reconciled
incidents give for the same period — and governorate, when the aggregate names one —
show how much of it our reports cover. Only like is set beside like: a total of all
people or of civilians, not of "children" or "a nurse".
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from rich.table import Table
from sqlalchemy import Connection, func, select

from ..store import schema as t


def aggregate_items(connection: Connection, start: date | None, end: date | None, admin1: str | None) -> list[dict]:
    query = (
        select(t.aggregate, t.claim.c.count, t.claim.c.qualifier, t.claim.c.outcome, t.claim.c.grp, t.claim.c.quote,
               t.document.c.external_id)
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
            ours_killed, ours_events = connection.execute(ours).one()
        items.append({
            "count": row.count, "qualifier": row.qualifier, "outcome": row.outcome, "group": row.grp,
            "period_start": row.period_start.isoformat() if row.period_start else None,
            "period_end": row.period_end.isoformat() if row.period_end else None,
            "area": row.area, "admin1": row.admin1, "source": row.source, "document_id": row.document_id,
            "external_id": row.external_id, "quote": row.quote, "ours_killed": ours_killed, "ours_events": ours_events,
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
