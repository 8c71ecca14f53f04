"""`warmonitor sources list`: each watched source beside its health, as a table or JSON.

Health is what an operator asks first of a source: when it last answered well, what
went wrong last, how many articles it gave, how many wait to be read or were given up,
and its lag (how long since it last answered well).
"""

from __future__ import annotations

import json
from datetime import datetime

from warmonitor.ingest.sources_config import Source
from warmonitor.ingest.watch_state import Health


def health_rows(sources: tuple[Source, ...], known: dict[str, Health]) -> list[dict]:
    rows = []
    for source in sources:
        found = known.get(source.name)
        state = found.state if found else None
        rows.append({
            "name": source.name, "kind": source.kind, "url": source.url, "interval": source.interval,
            "last_success": _iso(state.last_success if state else None),
            "last_error": state.last_error if state and state.last_error else None,
            "last_error_at": _iso(state.last_error_at if state else None),
            "items": state.items if state else 0,
            "pending": found.pending if found else 0,
            "failed": found.failed if found else 0,
            "lag_seconds": round(found.lag.total_seconds(), 1) if found and found.lag is not None else None,
            "next_poll": _iso(state.next_poll if state else None),
        })
    return rows


def print_health(rows: list[dict], output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(rows, indent=2))
        return
    if output_format == "csv":
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["name"])
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    if not rows:
        print("no sources (add one: warmonitor sources add NAME URL)")
        return
    table = Table("source", "kind", "every", "last success", "lag", "items", "pending", "failed", "last error")
    for row in rows:
        lag = "never" if row["lag_seconds"] is None else f"{row['lag_seconds']:g} s"
        table.add_row(row["name"], row["kind"], f"{row['interval']:g} s", row["last_success"] or "never", lag,
                      str(row["items"]), str(row["pending"]), str(row["failed"]), row["last_error"] or "")
    Console().print(table)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None
