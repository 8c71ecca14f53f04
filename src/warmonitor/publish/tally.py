"""`warmonitor tally` and `/api/tallies`: killed and injured of reconciled incidents, by one dimension.

Figures are the incidents' reconciled best, low and high (docs/store.md), summed in SQL;
totals over a period that monitors publish (aggregates) are never added in —
`warmonitor aggregates` lists them beside. CSV and JSON key a country by its code, as the
API does; the table names it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import Connection, String, case, cast, func, select

from ..reconcile.figures import SIDES
from ..store import schema as t
from .countries import country_name
from .filters import IncidentFilter

_INCIDENT_COLUMNS = {
    "country": t.incident.c.country, "conflict": t.incident.c.conflict, "admin1": t.incident.c.admin1,
    "place": t.incident.c.location, "actor": t.incident.c.actor1, "type": t.incident.c.type,
}


@dataclass
class TallyRow:
    key: str
    incidents: int = 0
    killed: int = 0
    killed_low: int = 0
    killed_high: int = 0
    injured: int = 0
    injured_low: int = 0
    injured_high: int = 0


FIELDS = tuple(f.name for f in fields(TallyRow))[1:]


def tally(connection: Connection, by: str, where: IncidentFilter = IncidentFilter()) -> list[TallyRow]:
    """One row per value of ``by``, the deadliest first; "side" and "group" split each
    incident by its figures' categories."""
    rows = _by_category(connection, by, where) if by in ("side", "group") else _by_incident(connection, by, where)
    return sorted(rows, key=lambda r: (-r.killed, r.key))


def _by_category(connection: Connection, by: str, where: IncidentFilter) -> list[TallyRow]:
    f = t.incident_figure.c
    key = f.category if by == "side" else case((f.category.in_(sorted(SIDES)), "combatants"), else_=f.category)
    query = where.apply(
        select(key.label("key"), f.outcome, func.count(func.distinct(f.incident_id)), func.sum(f.best), func.sum(f.low), func.sum(f.high))
        .join(t.incident, t.incident.c.id == f.incident_id)
    ).group_by(key, f.outcome)
    rows: dict[str, TallyRow] = {}
    for key_value, outcome, incidents, best, low, high in connection.execute(query):
        row = rows.setdefault(key_value, TallyRow(key_value))
        row.incidents = max(row.incidents, incidents)
        prefix = "killed" if outcome == "killed" else "injured"
        setattr(row, prefix, best)
        setattr(row, f"{prefix}_low", low)
        setattr(row, f"{prefix}_high", high)
    return list(rows.values())


def _by_incident(connection: Connection, by: str, where: IncidentFilter) -> list[TallyRow]:
    c = t.incident.c
    key = cast(c.date, String) if by in ("month", "week") else func.coalesce(_INCIDENT_COLUMNS[by], "unknown")
    sums = [func.sum(getattr(c, name)) for name in FIELDS[1:]]
    query = where.apply(select(key.label("key"), func.count(), *sums)).group_by(key)
    rows: dict[str, TallyRow] = defaultdict(lambda: TallyRow(""))
    for key_value, *values in connection.execute(query):
        label = _period(key_value, by) if by in ("month", "week") else key_value
        row = rows[label]
        row.key = label
        for name, value in zip(FIELDS, values):
            setattr(row, name, getattr(row, name) + (value or 0))
    return list(rows.values())


def _period(day: str | None, by: str) -> str:
    if not day:
        return "unknown"
    parsed = date.fromisoformat(day[:10])
    if by == "month":
        return parsed.strftime("%Y-%m")
    year, week, _ = parsed.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_killed(connection: Connection, where: IncidentFilter = IncidentFilter()) -> dict:
    """Killed per ISO week by category (each side, civilians, unspecified): the timeline."""
    f = t.incident_figure.c
    query = where.apply(
        select(cast(t.incident.c.date, String), f.category, func.sum(f.best))
        .join(t.incident, t.incident.c.id == f.incident_id)
        .where(f.outcome == "killed", t.incident.c.date.is_not(None))
    ).group_by(t.incident.c.date, f.category)
    weeks: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    series = set()
    for day, category, killed in connection.execute(query):
        if killed:
            year, week, _ = date.fromisoformat(day[:10]).isocalendar()
            weeks[(year, week)][category] += killed
            series.add(category)
    return {
        "series": sorted(series),
        "weeks": [
            {"week": f"{y}-W{w:02d}", "start": date.fromisocalendar(y, w, 1).isoformat(), "killed": dict(weeks[(y, w)])}
            for y, w in sorted(weeks)
        ],
    }


def render(rows: list[TallyRow], by: str, output_format: str) -> str | Table:
    if output_format == "json":
        return json.dumps([{by: r.key, **{f: getattr(r, f) for f in FIELDS}} for r in rows], ensure_ascii=False)
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([by, *FIELDS])
        for r in rows:
            writer.writerow([r.key, *(getattr(r, f) for f in FIELDS)])
        return buffer.getvalue()
    table = Table(title=f"killed and injured by {by} (reconciled incidents: best \\[low–high])")
    table.add_column(by)
    for column in ("incidents", "killed", "injured"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(escape(_label(r.key, by)), str(r.incidents), f"{r.killed} \\[{r.killed_low}–{r.killed_high}]",
                      f"{r.injured} \\[{r.injured_low}–{r.injured_high}]")
    return table


def _label(key: str, by: str) -> str:
    """A row's key for a reader: a country by its name and code ("Sudan (SD)")."""
    if by == "country" and key != "unknown":
        return f"{country_name(key)} ({key})"
    return key


def print_rendered(rendered: str | Table) -> None:
    if isinstance(rendered, Table):
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
        console.print(rendered)
    else:
        print(rendered.rstrip("\n"))
