"""Totals over a period that reports quote, set beside our own tally for the same period.

An aggregate ("more than 800 civilians since the end of April", per the Observatory)
is a figure someone reported, kept with its source and period; it is never added to
incidents. Beside each, the killed our reconciled incidents give for the same period
(and governorate, when the aggregate names one) show how much of it our reports cover.
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from sqlalchemy import Connection, select

from ..store import schema as t
from .incidents import load_incidents


def aggregates_beside_tallies(connection: Connection, start: date | None, end: date | None, admin1: str | None) -> Table:
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
    incidents = load_incidents(connection)
    table = Table(title="reported totals over a period, beside our reconciled incidents for that period and area")
    for column in ("reported", "outcome", "group", "period", "area", "source", "report", "our incidents: killed"):
        table.add_column(column, overflow="fold")
    for row in connection.execute(query):
        ours = ""
        if row.period_start and row.period_end:
            chosen = [
                i for i in incidents
                if i.date and row.period_start <= i.date <= row.period_end and (row.admin1 is None or i.admin1 == row.admin1)
            ]
            ours = f"{sum(i.total(row.outcome)[0] for i in chosen)} in {len(chosen)} incidents"
        table.add_row(
            f"{row.qualifier.replace('_', ' ')} {row.count}" if row.count is not None else "", row.outcome, row.grp,
            f"{row.period_start or '?'} – {row.period_end or '?'}", row.area or "", row.source or "", row.external_id, ours,
        )
    return table
