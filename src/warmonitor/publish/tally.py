"""`warmonitor tally`: killed and injured from reconciled incidents, by one dimension.

Figures are the incidents' reconciled best, low and high (docs/store.md); totals over a
period that monitors publish (aggregates) are never added in — `warmonitor aggregates`
lists them beside.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .incidents import Incident

from .fields import DIMENSIONS  # noqa: F401 - part of this module's interface
_COMBATANT_SIDES = frozenset({"government", "opposition", "jihadist", "kurdish", "foreign"})


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


def tally(incidents: list[Incident], by: str) -> list[TallyRow]:
    """One row per value of ``by``; "side" and "group" split each incident's figures."""
    rows: dict[str, TallyRow] = defaultdict(lambda: TallyRow(""))
    for incident in incidents:
        if by in ("side", "group"):
            seen = set()
            for outcome, category, best, low, high in incident.figures:
                key = category if by == "side" else _group(category)
                _add(rows[key], outcome, best, low, high)
                if key not in seen:
                    rows[key].incidents += 1
                    seen.add(key)
            continue
        key = _key(incident, by)
        rows[key].incidents += 1
        for outcome, _, best, low, high in incident.figures:
            _add(rows[key], outcome, best, low, high)
    for key, row in rows.items():
        row.key = key
    return sorted(rows.values(), key=lambda r: (-r.killed, r.key))


def _group(category: str) -> str:
    return "combatants" if category in _COMBATANT_SIDES else category


def _key(incident: Incident, by: str) -> str:
    if by in ("month", "week"):
        if incident.date is None:
            return "unknown"
        if by == "month":
            return incident.date.strftime("%Y-%m")
        year, week, _ = incident.date.isocalendar()
        return f"{year}-W{week:02d}"
    value = {"admin1": incident.admin1, "place": incident.location, "actor": incident.actor1, "type": incident.type}[by]
    return value or "unknown"


def _add(row: TallyRow, outcome: str, best: int, low: int, high: int) -> None:
    if outcome == "killed":
        row.killed += best
        row.killed_low += low
        row.killed_high += high
    else:
        row.injured += best
        row.injured_low += low
        row.injured_high += high


FIELDS = ("incidents", "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high")


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
        table.add_row(escape(r.key), str(r.incidents), f"{r.killed} \\[{r.killed_low}–{r.killed_high}]",
                      f"{r.injured} \\[{r.injured_low}–{r.injured_high}]")
    return table


def print_rendered(rendered: str | Table) -> None:
    if isinstance(rendered, Table):
        console = Console()
        if not console.is_terminal:
            console = Console(width=160)
        console.print(rendered)
    else:
        print(rendered.rstrip("\n"))
