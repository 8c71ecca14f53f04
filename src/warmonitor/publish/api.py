"""`warmonitor serve`: the store over HTTP — a read-only JSON API and server-rendered pages.

See docs/api.md. Every route is a GET; queries filter in SQL on indexed incident columns
so that a page of events costs a few milliseconds. Report text reaches pages only through
Jinja2's autoescaping, and errors never carry a stack trace.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from importlib import resources
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, and_, exists, func, or_, select

from ..store import schema as t
from .fields import DIMENSIONS
from .incidents import Incident
from .tally import FIELDS, tally

GEOJSON_LIMIT = 5000
_SORTS = {
    "date": (t.incident.c.date.asc(), t.incident.c.id.asc()),
    "-date": (t.incident.c.date.desc(), t.incident.c.id.desc()),
    "killed": (t.incident.c.killed.asc(), t.incident.c.id.asc()),
    "-killed": (t.incident.c.killed.desc(), t.incident.c.id.desc()),
}
_SUMMARY_COLUMNS = (
    t.incident.c.id, t.incident.c.date, t.incident.c.type, t.incident.c.actor1, t.incident.c.actor1_side,
    t.incident.c.actor2, t.incident.c.actor2_side, t.incident.c.admin1, t.incident.c.location,
    t.incident.c.latitude, t.incident.c.longitude, t.incident.c.geonameid, t.incident.c.killed,
    t.incident.c.killed_low, t.incident.c.killed_high, t.incident.c.civilians_killed, t.incident.c.injured,
    t.incident.c.reports,
)
_CSP = "default-src 'self'; img-src 'self' data: {tiles}; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


class Filters:
    """The filters every event query accepts (docs/api.md)."""

    def __init__(
        self,
        start: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
        end: Annotated[date | None, Query(alias="to", description="Last day, YYYY-MM-DD.")] = None,
        admin1: Annotated[str | None, Query(max_length=80)] = None,
        place: Annotated[str | None, Query(max_length=200)] = None,
        type: Annotated[str | None, Query(max_length=40)] = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        side: Annotated[str | None, Query(max_length=20)] = None,
        min_killed: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=100)] = None,
    ) -> None:
        self.start, self.end, self.admin1, self.place, self.type = start, end, admin1, place, type
        self.actor, self.side, self.min_killed = actor, side, min_killed
        self.bbox = _parse_bbox(bbox) if bbox else None

    def apply(self, query):
        c = t.incident.c
        conditions = []
        if self.start:
            conditions.append(c.date >= self.start)
        if self.end:
            conditions.append(c.date <= self.end)
        for column, value in ((c.admin1, self.admin1), (c.location, self.place), (c.type, self.type)):
            if value:
                conditions.append(column == value)
        if self.actor:
            conditions.append(or_(c.actor1 == self.actor, c.actor2 == self.actor))
        if self.side:
            has_figure = exists().where(t.incident_figure.c.incident_id == c.id, t.incident_figure.c.category == self.side)
            conditions.append(or_(has_figure, c.actor1_side == self.side, c.actor2_side == self.side))
        if self.min_killed is not None:
            conditions.append(c.killed >= self.min_killed)
        if self.bbox:
            west, south, east, north = self.bbox
            conditions.append(and_(c.longitude.between(west, east), c.latitude.between(south, north)))
        return query.where(*conditions) if conditions else query


def _parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(422, "bbox must satisfy -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return west, south, east, north


def _summary(row, figures: list[dict]) -> dict:
    return {
        "event_id": row.id, "event_date": row.date.isoformat() if row.date else None, "event_type": row.type,
        "actor1": row.actor1, "actor1_side": row.actor1_side, "actor2": row.actor2, "actor2_side": row.actor2_side,
        "admin1": row.admin1, "location": row.location, "latitude": row.latitude, "longitude": row.longitude,
        "geonameid": row.geonameid, "fatalities": row.killed, "fatalities_low": row.killed_low,
        "fatalities_high": row.killed_high, "civilian_fatalities": row.civilians_killed, "injuries": row.injured,
        "reports": row.reports, "figures": figures,
    }


def create_app(engine: Engine, *, tiles: str | None = None) -> FastAPI:
    """The application over one store; ``tiles`` is an optional map tile URL template."""
    app = FastAPI(
        title="warmonitor", version="0.1.0", docs_url="/docs", redoc_url=None,
        description="Reconciled violent events from war reporting, every figure traced to its sentence (read-only).",
    )
    web = resources.files("warmonitor.publish").joinpath("web")
    templates = Jinja2Templates(directory=str(web.joinpath("templates")))  # autoescapes .html
    app.mount("/static", StaticFiles(directory=str(web.joinpath("static"))), name="static")
    tile_host = _origin(tiles)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP.format(tiles=tile_host)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(Exception)
    async def no_stack_traces(request: Request, error: Exception):  # noqa: ARG001
        return JSONResponse({"detail": "internal error"}, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def invalid_parameters(request: Request, error: RequestValidationError):  # noqa: ARG001
        problems = [{"parameter": ".".join(str(p) for p in e.get("loc", [])[1:]), "problem": e.get("msg")} for e in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)

    def figures_of(connection, ids: list[int]) -> dict[int, list[dict]]:
        figures: dict[int, list[dict]] = defaultdict(list)
        if ids:
            query = select(t.incident_figure).where(t.incident_figure.c.incident_id.in_(ids))
            for f in connection.execute(query):
                figures[f.incident_id].append({"outcome": f.outcome, "category": f.category, "best": f.best, "low": f.low, "high": f.high})
        return figures

    @app.get("/api/events", tags=["events"])
    def events(
        filters: Annotated[Filters, Depends()],
        sort: Literal["date", "-date", "killed", "-killed"] = "-date",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict:
        """Reconciled events, filtered, sorted and paginated."""
        with engine.connect() as connection:
            total = connection.execute(filters.apply(select(func.count()).select_from(t.incident))).scalar_one()
            rows = connection.execute(filters.apply(select(*_SUMMARY_COLUMNS)).order_by(*_SORTS[sort]).limit(limit).offset(offset)).all()
            figures = figures_of(connection, [r.id for r in rows])
        return {"total": total, "limit": limit, "offset": offset, "items": [_summary(r, figures[r.id]) for r in rows]}

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(filters: Annotated[Filters, Depends()]) -> dict:
        """Events with coordinates as a GeoJSON FeatureCollection (at most 5,000, the deadliest first)."""
        with engine.connect() as connection:
            query = filters.apply(select(*_SUMMARY_COLUMNS).where(t.incident.c.latitude.is_not(None)))
            rows = connection.execute(query.order_by(*_SORTS["-killed"]).limit(GEOJSON_LIMIT)).all()
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
             "properties": _summary(r, [])}
            for r in rows
        ]
        return {"type": "FeatureCollection", "features": features}

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[int, _positive_id()]) -> dict:
        """One event with its reports, their claims and the spans of their sentences."""
        with engine.connect() as connection:
            found = event_detail(connection, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def document(document_id: Annotated[int, _positive_id()]) -> dict:
        """One stored report and its cleaned text."""
        with engine.connect() as connection:
            row = connection.execute(select(t.document).where(t.document.c.id == document_id)).first()
        if row is None:
            raise HTTPException(404, f"no document {document_id}")
        return {
            "document_id": row.id, "external_id": row.external_id, "outlet": row.outlet, "title": row.title,
            "published": row.published.isoformat() if row.published else None, "url": row.url,
            "is_copy": row.copy_of is not None, "text": row.text,
        }

    @app.get("/api/tallies", tags=["tallies"])
    def tallies(filters: Annotated[Filters, Depends()], by: Literal[DIMENSIONS] = "side") -> dict:  # type: ignore[valid-type]
        """Killed and injured from reconciled events, by one dimension (as `warmonitor tally`)."""
        with engine.connect() as connection:
            incidents = load_filtered(connection, filters)
        return {"by": by, "rows": [{"key": r.key, **{f: getattr(r, f) for f in FIELDS}} for r in tally(incidents, by)]}

    @app.get("/api/timeline", tags=["tallies"])
    def timeline(filters: Annotated[Filters, Depends()]) -> dict:
        """Killed per ISO week, by side and among civilians."""
        with engine.connect() as connection:
            incidents = load_filtered(connection, filters)
        weeks: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        series: set[str] = set()
        for incident in incidents:
            if incident.date is None:
                continue
            year, week, _ = incident.date.isocalendar()
            for outcome, category, best, _, _ in incident.figures:
                if outcome == "killed" and best:
                    weeks[(year, week)][category] += best
                    series.add(category)
        return {
            "series": sorted(series),
            "weeks": [
                {"week": f"{y}-W{w:02d}", "start": date.fromisocalendar(y, w, 1).isoformat(), "killed": dict(weeks[(y, w)])}
                for y, w in sorted(weeks)
            ],
        }

    @app.get("/api/aggregates", tags=["aggregates"])
    def aggregates(
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="to")] = None,
        admin1: Annotated[str | None, Query(max_length=80)] = None,
    ) -> dict:
        """Totals reports quote, beside our events' killed for the same period and governorate."""
        with engine.connect() as connection:
            return {"items": aggregate_items(connection, start, end, admin1)}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request):
        with engine.connect() as connection:
            def distinct(column):
                return [v for (v,) in connection.execute(select(column).distinct().where(column.is_not(None)).order_by(column))]

            options = {
                "admin1_options": distinct(t.incident.c.admin1),
                "type_options": distinct(t.incident.c.type),
                "side_options": distinct(t.incident_figure.c.category),
            }
        filters = {k: request.query_params.get(k) for k in ("from", "to", "admin1", "type", "side", "min_killed")}
        return templates.TemplateResponse(request, "dashboard.html", {
            "title": "warmonitor", "tiles": tiles, "static": "/static", "filters": filters, **options,
        })

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: Annotated[int, _positive_id()]):
        with engine.connect() as connection:
            found = event_detail(connection, event_id)
            if found is None:
                raise HTTPException(404, f"no event {event_id}")
            texts = dict(connection.execute(
                select(t.document.c.id, t.document.c.text).where(t.document.c.id.in_([r["document_id"] for r in found["reports"]]))
            ).all())
        reports = [{**r, "segments": segments(texts[r["document_id"]], r)} for r in found["reports"]]
        return templates.TemplateResponse(request, "event.html", {
            "title": f"event {event_id}", "tiles": tiles, "static": "/static", "event": found, "reports": reports,
        })

    @app.get("/aggregates", response_class=HTMLResponse, include_in_schema=False)
    def aggregates_page(request: Request):
        with engine.connect() as connection:
            items = aggregate_items(connection, None, None, None)
        return templates.TemplateResponse(request, "aggregates.html", {
            "title": "reported totals", "tiles": tiles, "static": "/static", "items": items,
        })

    return app


def _positive_id():
    return Path(ge=1, le=2**31 - 1)


def _origin(url: str | None) -> str:
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else ""


def load_filtered(connection, filters: Filters) -> list[Incident]:
    """Filtered incidents with their figures, for tallies and the timeline."""
    query = filters.apply(select(
        t.incident.c.id, t.incident.c.type, t.incident.c.date, t.incident.c.admin1, t.incident.c.location,
        t.incident.c.actor1, t.incident.c.actor1_side, t.incident.c.actor2, t.incident.c.actor2_side, t.incident.c.reports,
    ))
    incidents = {
        r.id: Incident(r.id, r.type, r.date, None, r.admin1, None, r.location, None, None, None, r.actor1,
                       r.actor1_side, r.actor2, r.actor2_side, r.reports)
        for r in connection.execute(query)
    }
    figures = select(
        t.incident_figure.c.incident_id, t.incident_figure.c.outcome, t.incident_figure.c.category,
        t.incident_figure.c.best, t.incident_figure.c.low, t.incident_figure.c.high,
    ).where(t.incident_figure.c.incident_id.in_(filters.apply(select(t.incident.c.id)).scalar_subquery()))
    for incident_id, *figure in connection.execute(figures):
        incidents[incident_id].figures.append(tuple(figure))
    return list(incidents.values())


def event_detail(connection, event_id: int) -> dict | None:
    row = connection.execute(select(*_SUMMARY_COLUMNS).where(t.incident.c.id == event_id)).first()
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
        )
        .join(t.document, t.event.c.document_id == t.document.c.id)
        .where(t.event.c.incident_id == event_id)
        .order_by(t.document.c.published, t.document.c.id)
    ).all()
    for e in events:
        report = reports.setdefault(e.document_id, {
            "document_id": e.document_id, "external_id": e.external_id, "outlet": e.outlet, "title": e.title,
            "published": e.published.isoformat() if e.published else None, "url": e.url,
            "is_copy": e.copy_of is not None, "credited": [], "evidence": [], "claims": [],
        })
        report["credited"] += [n for n in (e.sources or "").split("; ") if n and n not in report["credited"]]
        report["evidence"] += [s for s in json.loads(e.evidence) if s not in report["evidence"]]
    claims = connection.execute(
        select(t.claim).join(t.event, t.claim.c.event_id == t.event.c.id).where(t.event.c.incident_id == event_id).order_by(t.claim.c.id)
    ).all()
    for c in claims:
        reports[c.document_id]["claims"].append({
            "claim_id": c.id, "count": c.count, "vague": c.vague, "qualifier": c.qualifier, "outcome": c.outcome,
            "group": c.grp, "side": c.side, "scope": c.scope, "status": c.status, "quote": c.quote,
            "span": [c.span_start, c.span_end], "counted": c.id in counted,
        })
    return {**_summary(row, figures), "reports": list(reports.values())}


def segments(text: str, report: dict) -> list[dict]:
    """The report's text cut into plain and highlighted pieces: each claim's sentence is
    marked, labelled with its figures."""
    marks: dict[tuple[int, int], list[str]] = defaultdict(list)
    for claim in report["claims"]:
        start, end = claim["span"]
        sentence = next(((a, b) for a, b in report["evidence"] if a <= start < b), (start, end))
        count = claim["count"] if claim["count"] is not None else claim["vague"]
        marks[tuple(sentence)].append(f"{count} {claim['outcome']} ({claim['group']}){'' if claim['counted'] else ' — not counted'}")
    pieces, position = [], 0
    for (start, end), labels in sorted(marks.items()):
        if start < position:
            continue
        pieces.append({"text": text[position:start], "mark": False, "label": None})
        pieces.append({"text": text[start:end], "mark": True, "label": "; ".join(labels)})
        position = end
    pieces.append({"text": text[position:], "mark": False, "label": None})
    return [p for p in pieces if p["text"]]


def aggregate_items(connection, start: date | None, end: date | None, admin1: str | None) -> list[dict]:
    query = (
        select(t.aggregate, t.claim.c.count, t.claim.c.qualifier, t.claim.c.outcome, t.claim.c.grp, t.claim.c.quote)
        .join(t.claim, t.aggregate.c.claim_id == t.claim.c.id)
        .order_by(t.aggregate.c.period_start, t.aggregate.c.id)
    )
    if start:
        query = query.where(t.aggregate.c.period_end >= start)
    if end:
        query = query.where(t.aggregate.c.period_start <= end)
    if admin1:
        query = query.where(t.aggregate.c.admin1 == admin1)
    items = []
    for row in connection.execute(query):
        ours_killed = ours_events = None
        if row.period_start and row.period_end:
            ours = select(func.coalesce(func.sum(t.incident.c.killed if row.outcome == "killed" else t.incident.c.injured), 0), func.count())
            ours = ours.where(t.incident.c.date.between(row.period_start, row.period_end))
            if row.admin1:
                ours = ours.where(t.incident.c.admin1 == row.admin1)
            ours_killed, ours_events = connection.execute(ours).one()
        items.append({
            "count": row.count, "qualifier": row.qualifier, "outcome": row.outcome, "group": row.grp,
            "period_start": row.period_start.isoformat() if row.period_start else None,
            "period_end": row.period_end.isoformat() if row.period_end else None,
            "area": row.area, "admin1": row.admin1, "source": row.source, "document_id": row.document_id,
            "quote": row.quote, "ours_killed": ours_killed, "ours_events": ours_events,
        })
    return items
