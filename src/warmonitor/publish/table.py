"""Readable tables for a terminal (Rich): `--format table` and `warmonitor demo`.

Per report: its claims, its events (what, when, where, who, tolls, sources), its
aggregates (totals over a period) and its primary place.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..records import ActorMention, Aggregate, Claim, Event, Place, Report

_QUALIFIER_SIGNS = {"exact": "", "at_least": "≥ ", "more_than": "> ", "nearly": "< ~", "about": "~", "up_to": "≤ "}


def claims_table(report: Report) -> Table:
    document = report.document
    caption = f"published {document.published.isoformat()}" if document.published else None
    table = Table(title=f"{document.id}: {document.title or ''}".strip(": "), caption=caption, show_lines=False)
    for column in ("count", "outcome", "group", "side", "scope", "status"):
        table.add_column(column, no_wrap=True, justify="right" if column == "count" else "left")
    table.add_column("quote", overflow="fold", min_width=24, ratio=1)
    for claim in report.claims:
        table.add_row(
            _count(claim),
            claim.outcome,
            claim.group,
            claim.side or "",
            claim.scope,
            claim.status,
            claim.quote,
            style="dim" if claim.status == "superseded" or claim.scope == "aggregate" else None,
        )
    if not report.claims:
        table.add_row("", "", "", "", "", "", "(no casualty claims)")
    return table


def _count(claim: Claim) -> str:
    if claim.count is None:
        return claim.vague or ""
    count = f"{_QUALIFIER_SIGNS[claim.qualifier]}{claim.count:,}"
    return count + (f"–{claim.high:,}" if claim.high is not None else "")


def _place(place: Place) -> str:
    where = place.name
    if place.geonameid:
        where += f" [{place.geonameid}]"
    if place.admin1 and place.admin1 != place.canonical:
        where += f", {place.admin1}"
    return f"{where} ({place.precision})"


def _actor(actor: ActorMention | None) -> str:
    if actor is None:
        return ""
    named = f" = {actor.canonical}" if actor.canonical and actor.canonical != actor.name else ""
    return f"{actor.name}{named} [{actor.side or 'side unknown'}]"


def events_table(report: Report) -> Table:
    table = Table(title="events", title_justify="left", show_lines=True)
    for column in ("type", "date", "places", "actors", "tolls", "sources"):
        table.add_column(column, overflow="fold", ratio=2 if column in ("places", "actors") else 1)
    for event in report.events:
        table.add_row(
            event.type.replace("_", " "),
            _event_date(event),
            "\n".join(dict.fromkeys(_place(p) for p in event.places)),
            "\n".join(filter(None, (_actor(event.actor1), _actor(event.actor2)))),
            "\n".join(f"{_count(c)} {c.outcome} ({c.side or c.group})" for c in event.claims),
            "\n".join(dict.fromkeys(s.canonical or s.name for s in event.sources)),
        )
    if not report.events:
        table.add_row("(no events: the report tells of no violence)", "", "", "", "", "")
    return table


def _event_date(event: Event) -> str:
    if event.date is None:
        return "unknown (no report date)"
    said = f' "{event.date_expression}"' if event.date_expression else " (report date)"
    return f"{event.date.isoformat()} {event.date_precision}{said}"


def aggregates_table(aggregates: list[Aggregate]) -> Table:
    table = Table(title="aggregates (totals over a period: never added to events)", title_justify="left")
    for column in ("count", "outcome", "period", "area", "source"):
        table.add_column(column, overflow="fold")
    for aggregate in aggregates:
        start, end = aggregate.period_start, aggregate.period_end
        period = f"{start or '?'} – {end or '?'}" if start or end else ""
        if aggregate.period_expression:
            period += f' "{aggregate.period_expression}"'
        source = aggregate.source.canonical or aggregate.source.name if aggregate.source else ""
        table.add_row(_count(aggregate.claim), aggregate.claim.outcome, period, _place(aggregate.area) if aggregate.area else "", source)
    return table


def print_reports(reports, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:  # a file or a pipe: wide enough to keep quotes readable
            console = Console(width=160)
    for report in reports:
        console.print(claims_table(report))
        console.print(events_table(report))
        if report.aggregates:
            console.print(aggregates_table(report.aggregates))
        primary = _place(report.primary_place) if report.primary_place else "none found"
        console.print(f"primary place: {primary}\n")
