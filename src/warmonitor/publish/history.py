"""An incident's toll over time: every change of its figures, with the report that caused it.

A best figure that moves from 12 to 40 killed between two visits looks like an error
unless the reader can see which report moved it. Ingest records each change in
``incident_history``; :func:`load_history` reads it, joined to its reports, for
`/api/events/{id}/history`, the event page and `warmonitor show` alike, so the three
always tell the same story.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import Connection, select

from ..store import schema as t


@dataclass(frozen=True)
class HistoryEntry:
    """The incident's figures just after one report changed them."""

    document_id: int
    external_id: str
    outlet: str | None
    title: str | None
    published: date | None  # the report's date
    reports: int  # how many reports told the incident at that point
    killed: int
    killed_low: int
    killed_high: int
    injured: int
    injured_low: int
    injured_high: int
    civilians_killed: int

    def as_json(self) -> dict:
        """Plain JSON data: the date as YYYY-MM-DD."""
        return {**asdict(self), "published": self.published.isoformat() if self.published else None}


_FIGURES = ("reports", "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high", "civilians_killed")


def load_history(connection: Connection, incident_id: int) -> list[HistoryEntry]:
    """Every recorded change of the incident's toll, in the order it was recorded (empty
    when there is none, or no such incident)."""
    h, d = t.incident_history.c, t.document.c
    query = (
        select(h.document_id, d.external_id, d.outlet, d.title, h.published, *(h[name] for name in _FIGURES))
        .join(t.document, h.document_id == d.id)
        .where(h.incident_id == incident_id)
        .order_by(h.id)
    )
    return [HistoryEntry(*row) for row in connection.execute(query)]


def killed_steps(history: list[HistoryEntry]) -> str:
    """An SVG path of best killed after each change, as steps at even intervals across a
    240 × 48 box (the event page's viewBox), zero at the bottom.

    Even intervals, not dates: changes are recorded in the order reports arrived, which
    need not be the order of their dates, and several often share a day."""
    if not history:
        return ""
    width, height = 240, 48
    top = max(entry.killed for entry in history) or 1
    step = width / len(history)

    def y(killed: int) -> str:
        return f"{height - killed / top * height:.1f}"

    steps = (f"V{y(entry.killed)} H{(i + 1) * step:.1f}" for i, entry in enumerate(history))
    return " ".join([f"M0 {y(history[0].killed)}", *steps])
