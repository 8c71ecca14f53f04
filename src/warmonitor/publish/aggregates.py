"""Totals over a period that reports quote, set beside our own events for the same period.

An aggregate ("more than 800 civilians since the end of April", per the Observatory)
is a figure someone reported, kept with its source and period; it is never added to
incidents. Beside each, the killed (or injured, or civilians killed) that our reconciled
incidents give for the same period and the same area show how much of it our reports
cover. Only like is set beside like: a total of all people or of civilians, not of
"children" or "a nurse"; a total of a town beside our incidents in that town, of a
governorate beside its governorate's, of a country (or of no place named: its report's
country) beside the country's — and a total of an area our events never name as a town
or a governorate (a region, "the north") beside nothing.
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from rich.table import Table
from sqlalchemy import Connection, exists, func, literal, or_, select

from ..store import schema as t
from .countries import country_name
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
        compared_as, where = _same_area(connection, row)
        if row.period_start and row.period_end and column is not None and compared_as is not None:
            ours = select(func.coalesce(func.sum(column), 0), func.count()).where(
                t.incident.c.date.between(row.period_start, row.period_end), t.incident.c.recalled.is_(False), *where
            )
            ours_killed, ours_events = connection.execute(ours).one()
        else:
            compared_as = None
        items.append({
            "count": row.count, "qualifier": row.qualifier, "outcome": row.outcome, "group": row.grp,
            "period_start": row.period_start.isoformat() if row.period_start else None,
            "period_end": row.period_end.isoformat() if row.period_end else None,
            "area": row.area, "admin1": row.admin1, "country": row.country_of, "compared_as": compared_as, "source": row.source,
            "document_id": row.document_id, "external_id": row.external_id, "quote": row.quote, "ours_killed": ours_killed, "ours_events": ours_events,
        })
    return items


def _same_area(connection: Connection, row) -> tuple[str | None, list]:
    """What area an aggregate is of, and the conditions that select our incidents in it:
    ("town", its GeoNames ids), ("governorate", its name), ("country", its code — or every
    incident, when neither the total nor its report names one) or (None, []): an area our
    events never name as a town, a governorate or a country ("northern Syria", a misspelt name)."""
    i = t.incident.c
    country = [i.country == row.country_of] if row.country_of else []  # "since April, 800" in Sudan: not the world's
    if row.area is None:
        return "country", country
    # The precision our events give the name (in the total's governorate, if any): "Tabqa"
    # is a town, "Lattakia" a governorate (it is also its city: the wider reading wins),
    # "Syria's" the country, "northern Syria" a region.
    p, area = t.event_place.c, literal(row.area)
    named = connection.execute(
        select(p.precision, p.geonameid).where(
            p.admin1 == row.admin1 if row.admin1 else p.admin1.is_(None),
            or_(func.lower(p.name) == func.lower(area), func.lower(p.canonical) == func.lower(area)))
        .distinct()
    ).all()
    if row.admin1 is None:
        is_country = row.area.casefold() == (country_name(row.country_of) or "").casefold()
        return ("country", country) if is_country or any(precision == "country" for precision, _ in named) else (None, [])
    if row.area.casefold() == row.admin1.casefold() or any(precision == "governorate" for precision, _ in named):
        return "governorate", [i.admin1 == row.admin1, *country]
    towns = sorted({geonameid for precision, geonameid in named if precision == "locality" and geonameid})
    if towns:
        return "town", [i.geonameid.in_(towns)]
    return None, []


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
