"""One incident in full — its summary, figures, reports, claims and spans — as plain data.

The JSON of `/api/events/{id}`, the event page and `warmonitor show` are all built from
:func:`event_detail`, so the three always tell the same story; each adds the incident's
toll over time from :func:`warmonitor.publish.history.load_history` (the API at its own
`/api/events/{id}/history`, so that the event's JSON does not grow with every change).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from ..reconcile.figures import StoredClaim, explain
from ..store import schema as t
from .sources import incident_comparisons

SUMMARY_COLUMNS = (
    t.incident.c.id, t.incident.c.public_id, t.incident.c.date, t.incident.c.type, t.incident.c.actor1, t.incident.c.actor1_side,
    t.incident.c.actor2, t.incident.c.actor2_side, t.incident.c.conflict, t.incident.c.country,
    t.incident.c.admin1, t.incident.c.location,
    t.incident.c.latitude, t.incident.c.longitude, t.incident.c.geonameid, t.incident.c.killed,
    t.incident.c.killed_low, t.incident.c.killed_high, t.incident.c.civilians_killed, t.incident.c.injured,
    t.incident.c.reports,
)

SUMMARY_KEYS = (
    "event_id", "public_id", "event_date", "event_type", "actor1", "actor1_side", "actor2", "actor2_side", "conflict", "country",
    "admin1", "location",
    "latitude", "longitude", "geonameid", "fatalities", "fatalities_low", "fatalities_high", "civilian_fatalities",
    "injuries", "reports",
)  # in the order of SUMMARY_COLUMNS


def summary(row, figures: list[dict]) -> dict:
    """An event's summary from a row of SUMMARY_COLUMNS (read as a tuple: much faster)."""
    data = dict(zip(SUMMARY_KEYS, tuple(row)))
    data["event_date"] = data["event_date"].isoformat() if data["event_date"] else None
    data["figures"] = figures
    return data


def event_detail(connection: Connection, event_id: int) -> dict | None:
    """An incident with its figures and, per report, its credited sources, evidence spans
    and claims (each marked counted or not): `/api/events/{id}`, the event page, `show`."""
    row = connection.execute(select(*SUMMARY_COLUMNS).where(t.incident.c.id == event_id)).first()
    if row is None:
        return None
    figure_rows = connection.execute(select(t.incident_figure).where(t.incident_figure.c.incident_id == event_id)).all()
    counted = {int(i) for f in figure_rows for i in f.claim_ids.split(",") if i}
    figures = [{"outcome": f.outcome, "category": f.category, "best": f.best, "low": f.low, "high": f.high} for f in figure_rows]
    reports: dict[int, dict] = {}
    events = connection.execute(
        select(
            t.event.c.sources, t.event.c.evidence, t.document.c.id.label("document_id"), t.document.c.external_id,
            t.document.c.outlet, t.document.c.title, t.document.c.published, t.document.c.url, t.document.c.copy_of,
            t.document.c.language,
        )
        .join(t.document, t.event.c.document_id == t.document.c.id)
        .where(t.event.c.incident_id == event_id)
        .order_by(t.document.c.published, t.document.c.id)
    ).all()
    for e in events:
        report = reports.setdefault(e.document_id, {
            "document_id": e.document_id, "external_id": e.external_id, "outlet": e.outlet, "title": e.title,
            "published": e.published.isoformat() if e.published else None, "url": e.url,
            "is_copy": e.copy_of is not None, "language": e.language, "credited": [], "evidence": [], "claims": [],
        })
        report["credited"] += [n for n in (e.sources or "").split("; ") if n and n not in report["credited"]]
        report["evidence"] += [s for s in json.loads(e.evidence) if s not in report["evidence"]]
    claims = connection.execute(
        select(t.claim).join(t.event, t.claim.c.event_id == t.event.c.id).where(t.event.c.incident_id == event_id).order_by(t.claim.c.id)
    ).all()
    why = _why(connection, event_id, claims, reports, counted)
    for c in claims:
        reports[c.document_id]["claims"].append({
            "claim_id": c.id, "count": c.count, "vague": c.vague, "qualifier": c.qualifier, "outcome": c.outcome,
            "group": c.grp, "side": c.side, "scope": c.scope, "status": c.status, "quote": c.quote,
            "span": [c.span_start, c.span_end], "counted": c.id in counted, "why": why[c.id],
        })
    return {**summary(row, figures), "source_figures": incident_comparisons(connection, event_id), "reports": list(reports.values())}


def _why(connection: Connection, event_id: int, claims, reports: dict[int, dict], counted: set[int]) -> dict[int, str]:
    """For each claim, why it did or did not make a best figure: the reconcile rules'
    reason within its report (reconcile.figures.explain), else its place among sources."""
    kept = connection.execute(
        select(t.incident_source_figure.c.claim_ids).where(t.incident_source_figure.c.incident_id == event_id)
    ).scalars()
    in_range = {int(i) for ids in kept for i in ids.split(",") if i}
    stored = [
        StoredClaim(c.id, c.document_id, None, c.source or "", reports[c.document_id]["is_copy"], c.outcome, c.grp,
                    c.side, c.count, None, c.scope, c.status, c.part_of_id, c.beside_id)
        for c in claims
    ]
    reasons = {}
    for document_id in {c.document_id for c in stored}:
        reasons.update(explain([c for c in stored if c.document_id == document_id]))
    why = {}
    for c in claims:
        reason = reasons[c.id]
        if c.id in counted:
            why[c.id] = "counted"
        elif reason not in ("counted", "covers its parts"):
            why[c.id] = reason  # a copy, superseded, a period total, no count, a repeat
        elif reason == "covers its parts":
            why[c.id] = "a total: adds only what its parts leave"  # nothing, when they exceed it
        elif c.id not in in_range:
            why[c.id] = "replaced by its source's later count"
        else:
            why[c.id] = "another source's figure, within low–high"
    return why


def report_texts(connection: Connection, document_ids: list[int]) -> dict[int, str]:
    """The cleaned text of each report, by document id."""
    query = select(t.document.c.id, t.document.c.text).where(t.document.c.id.in_(document_ids))
    return dict(connection.execute(query).all())
