"""Readable tables of claims for a terminal (Rich): `--format table` and `warmonitor demo`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..records import Report

_QUALIFIER_SIGNS = {"exact": "", "at_least": "≥ ", "more_than": "> ", "nearly": "< ~", "about": "~", "up_to": "≤ "}


def claims_table(report: Report) -> Table:
    document = report.document
    caption = f"published {document.published.isoformat()}" if document.published else None
    table = Table(title=f"{document.id}: {document.title or ''}".strip(": "), caption=caption, show_lines=False)
    for column in ("count", "outcome", "group", "side", "scope", "status"):
        table.add_column(column, no_wrap=True, justify="right" if column == "count" else "left")
    table.add_column("quote", overflow="fold", min_width=24, ratio=1)
    for claim in report.claims:
        if claim.count is None:
            count = claim.vague or ""
        else:
            count = f"{_QUALIFIER_SIGNS[claim.qualifier]}{claim.count:,}"
            if claim.high is not None:
                count += f"–{claim.high:,}"
        table.add_row(
            count,
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


def print_reports(reports, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:  # a file or a pipe: wide enough to keep quotes readable
            console = Console(width=160)
    for report in reports:
        console.print(claims_table(report))
