"""`warmonitor show EVENT_ID`: one incident, every figure traced to its claims and sentences."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from sqlalchemy import Connection

from .countries import country_name
from .detail import event_detail, report_texts
from .history import HistoryEntry, load_history


def show(connection: Connection, incident_id: int, console: Console) -> bool:
    """Print the incident; False when there is none of that id."""
    event = event_detail(connection, incident_id)
    if event is None:
        return False
    _header(event, console)
    console.print("\n[bold]figures[/bold] (best \\[low–high]; the claims behind them are marked ✓)")
    for figure in event["figures"]:
        console.print(f"  {figure['outcome']} {figure['category']}: {_toll(figure['best'], figure['low'], figure['high'])}")
    _history(load_history(connection, incident_id), console)
    console.print("\n[bold]claims, by report[/bold]")
    texts = report_texts(connection, [r["document_id"] for r in event["reports"]])
    for report in event["reports"]:
        credited = "; ".join(report["credited"]) or "not named"
        for claim in report["claims"]:
            count = claim["count"] if claim["count"] is not None else claim["vague"]
            console.print(
                f"  {_mark(claim)} {count} {claim['outcome']} ({claim['group']}, {claim['side'] or 'side unknown'}) — "
                f"{escape(report['external_id'])} {escape(report['outlet'] or '')} {report['published'] or ''}, source: {escape(credited)}"
            )
            sentence = _sentence(texts[report["document_id"]], report["evidence"], claim["span"][0])
            console.print(f"      [dim]{escape(sentence)}[/dim]")
    return True


def _header(event: dict, console: Console) -> None:
    console.print(f"[bold]incident {event['event_id']}[/bold]: {event['event_type'].replace('_', ' ')} "
                  f"on {event['event_date'] or 'a date no report gives'}")
    country = country_name(event["country"])
    console.print(f"  where: {escape(event['location'] or 'unknown')}, {escape(event['admin1'] or '')}"
                  f"{escape(', ' + country) if country else ''} "
                  f"({event['latitude']}, {event['longitude']}) geonameid {event['geonameid']}")
    if event["conflict"]:
        console.print(f"  conflict: {escape(event['conflict'])}")
    console.print(f"  who: {escape(event['actor1'] or '?')} ({event['actor1_side'] or '?'}) vs "
                  f"{escape(event['actor2'] or '?')} ({event['actor2_side'] or '?'})")
    console.print(f"  reports: {len(event['reports'])}; "
                  f"killed {_toll(event['fatalities'], event['fatalities_low'], event['fatalities_high'])}")


def _history(history: list[HistoryEntry], console: Console) -> None:
    """One line per change of the toll, with the report that made it: why a number moved."""
    console.print("\n[bold]toll over time[/bold] (best \\[low–high] after each report that changed it)")
    if not history:
        console.print("  no change recorded")
    for h in history:
        console.print(
            f"  {h.published or 'undated'}: killed {_toll(h.killed, h.killed_low, h.killed_high)}, "
            f"injured {_toll(h.injured, h.injured_low, h.injured_high)}, civilians killed {h.civilians_killed}; "
            f"{h.reports} {'report' if h.reports == 1 else 'reports'} — {escape(h.external_id)} {escape(h.outlet or '')}"
        )


def _toll(best: int, low: int, high: int) -> str:
    """best [low–high], its bracket escaped from Rich's markup."""
    return f"{best} \\[{low}–{high}]"


def _mark(claim: dict) -> str:
    """✓ for a claim behind a figure, else why it did not count."""
    if claim["counted"]:
        return "✓"
    return f"· {claim['why']}:"


def _sentence(text: str, evidence: list[list[int]], start: int) -> str:
    """The sentence of the event's evidence that holds the claim."""
    return next((text[a:b] for a, b in evidence if a <= start < b), "")
