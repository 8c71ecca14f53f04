"""`warmonitor show EVENT_ID`: one incident, every figure traced to its claims and sentences."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape
from sqlalchemy import Connection, select

import json

from ..store import schema as t
from .incidents import Incident, load_incidents


def show(connection: Connection, incident_id: int, console: Console) -> bool:
    """Print the incident; False when there is none of that id."""
    incident = next(iter(load_incidents(connection, ids=[incident_id])), None)
    if incident is None:
        return False
    _header(incident, console)
    claims = connection.execute(
        select(t.claim, t.document.c.external_id, t.document.c.outlet, t.document.c.published, t.document.c.text,
               t.document.c.copy_of, t.event.c.sources, t.event.c.evidence)
        .join(t.event, t.claim.c.event_id == t.event.c.id)
        .join(t.document, t.claim.c.document_id == t.document.c.id)
        .where(t.event.c.incident_id == incident_id)
        .order_by(t.document.c.published, t.claim.c.id)
    ).all()
    used = {int(i) for row in connection.execute(select(t.incident_figure.c.claim_ids).where(t.incident_figure.c.incident_id == incident_id)) for i in row[0].split(",") if i}
    console.print("\n[bold]figures[/bold] (best \\[low–high]; the claims behind them are marked ✓)")
    for outcome, category, best, low, high in incident.figures:
        console.print(f"  {outcome} {category}: {best} \\[{low}–{high}]")
    console.print("\n[bold]claims, by report[/bold]")
    for row in claims:
        why = "✓" if row.id in used else _why_not(row)
        count = row.count if row.count is not None else row.vague
        console.print(
            f"  {why} {count} {row.outcome} ({row.grp}, {row.side or 'side unknown'}) — "
            f"{escape(row.external_id)} {escape(row.outlet or '')} {row.published or ''}, source: {escape(row.sources or 'not named')}"
        )
        console.print(f"      [dim]{escape(_sentence(row.text, json.loads(row.evidence), row.span_start))}[/dim]")
    return True


def _header(incident: Incident, console: Console) -> None:
    killed = incident.total("killed")
    console.print(f"[bold]incident {incident.id}[/bold]: {incident.type.replace('_', ' ')} on {incident.date} ({incident.date_precision})")
    console.print(f"  where: {escape(incident.location or 'unknown')}, {incident.admin1 or ''} {incident.country or ''} "
                  f"({incident.latitude}, {incident.longitude}) geonameid {incident.geonameid}")
    console.print(f"  who: {escape(incident.actor1 or '?')} ({incident.actor1_side or '?'}) vs "
                  f"{escape(incident.actor2 or '?')} ({incident.actor2_side or '?'})")
    console.print(f"  reports: {incident.reports}; killed {killed[0]} \\[{killed[1]}–{killed[2]}]")


def _why_not(row) -> str:
    if row.copy_of is not None:
        return "· copy of an earlier report:"
    if row.status != "current":
        return "· superseded:"
    if row.scope != "incident":
        return "· a total over a period:"
    return "·"


def _sentence(text: str, evidence: list[list[int]], start: int) -> str:
    """The sentence of the event's evidence that holds the claim."""
    return next((text[a:b] for a, b in evidence if a <= start < b), "")
