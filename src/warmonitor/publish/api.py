"""`warmonitor serve`: the store over HTTP — a read-only JSON API and server-rendered pages.

See docs/api.md. Every route is a GET; queries filter in SQL on indexed incident columns
so that a page of events costs a few milliseconds. Report text reaches pages only through
Jinja2's autoescaping, and errors never carry a stack trace.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from datetime import date, datetime, timezone
from importlib import resources
from typing import Annotated, Literal
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from sqlalchemy import Engine, bindparam, func, select

from ..store import schema as t
from ..store.public_id import PATTERN as PUBLIC_ID
from .aggregates import aggregate_items
from .cache import ResponseCache
from .cite import citation, json_ld, outlet_of
from .countries import country_name
from .detail import SUMMARY_COLUMNS, event_detail, report_texts, summary
from .fields import DIMENSIONS
from .export import rows as export_rows, write as export_write
from .filters import FilterError, parse_bbox
from .history import HistoryEntry, killed_steps, load_history
from .incidents import load_incidents
from .live import ChangeFeed, LiveStream, Status, read_marker, read_status
from .search import SearchFilter
from .towns import MIN_POPULATION, towns_in
from .sources import DISAGREEMENT, source_detail, source_list
from .tally import FIELDS, tally, weekly_killed

GEOJSON_LIMIT = 5000
IN_LOOP_LIMIT = 100
"""A page of /api/events of at most this many events, without a search, is answered in
the event loop (on SQLite): the dashboard's pages are of 10 to 100."""
_SORTS = {
    "date": (t.incident.c.date.asc(), t.incident.c.id.asc()),
    "-date": (t.incident.c.date.desc(), t.incident.c.id.desc()),
    "killed": (t.incident.c.killed.asc(), t.incident.c.id.asc()),
    "-killed": (t.incident.c.killed.desc(), t.incident.c.id.desc()),
    # Incidents without a place come last either way: "no place" is not a name.
    "place": (t.incident.c.location.asc().nulls_last(), t.incident.c.admin1.asc().nulls_last(), t.incident.c.id.asc()),
    "-place": (t.incident.c.location.desc().nulls_last(), t.incident.c.admin1.desc().nulls_last(), t.incident.c.id.desc()),
}
# The statements of /api/events, built once: building a select of 21 columns or of five
# sums took longer than SQLite took to answer it. Filters narrow each once for every set
# of filters (SearchFilter.prepare), the page bound as a parameter too.
_SUMMARY = select(*SUMMARY_COLUMNS)
_PAGES = {sort: _SUMMARY.order_by(*order).limit(bindparam("limit")).offset(bindparam("offset")) for sort, order in _SORTS.items()}
_TOTAL_COLUMNS = (t.incident.c.killed, t.incident.c.killed_low, t.incident.c.killed_high, t.incident.c.civilians_killed,
                  t.incident.c.injured)
_TOTALS = select(func.count(), *(func.coalesce(func.sum(column), 0) for column in _TOTAL_COLUMNS))
_FIGURES = (
    select(t.incident_figure.c.incident_id, t.incident_figure.c.outcome, t.incident_figure.c.category,
           t.incident_figure.c.best, t.incident_figure.c.low, t.incident_figure.c.high)
    .where(t.incident_figure.c.incident_id.in_(bindparam("ids", expanding=True)))
)
_DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "geojson": "application/geo+json"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CSP = "default-src 'self'; img-src 'self' data: {tiles}; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """Answer nothing but GET, and add the security headers to every response (a plain
    ASGI middleware: Starlette's BaseHTTPMiddleware would cost more per request than a
    page of events).

    Every other method, HEAD included, gets 405 here, before any route: the schema and
    the static files would otherwise answer HEAD as Starlette does by default.
    """

    NOT_ALLOWED = b'{"detail":"Method Not Allowed"}'

    def __init__(self, app, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] != "GET":
            await send({"type": "http.response.start", "status": 405, "headers": [
                (b"allow", b"GET"), (b"content-type", b"application/json"),
                (b"content-length", str(len(self.NOT_ALLOWED)).encode()), *self.headers,
            ]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else self.NOT_ALLOWED})
            return

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_secured)


class RefuseControlCharacters:
    """Answer 422 to a request whose query parameters hold a control character (NUL,
    line breaks, escapes): no filter value has one, PostgreSQL refuses NUL in a text
    (an error per request), and a value with one would only reach a log or a page."""

    PROBLEM = "control characters (such as NUL or line breaks) are not allowed in query parameters"

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            for name, value in pairs:
                if _CONTROL.search(name) or _CONTROL.search(value):
                    parameter = _CONTROL.sub("?", name)
                    body = json.dumps({"detail": [{"parameter": parameter, "problem": self.PROBLEM}]}).encode()
                    await send({"type": "http.response.start", "status": 422, "headers": [
                        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)


async def event_filter(
    start: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="Country, ISO 3166-1 alpha-2 code (SD).")] = None,
    conflict: Annotated[str | None, Query(max_length=80, description="Conflict, as its pack names it (Sudan).")] = None,
    admin1: Annotated[str | None, Query(max_length=80, description="Region (governorate, oblast, state), as published.")] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=40, description="Event type, e.g. air_strike.")] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    side: Annotated[str | None, Query(max_length=20, description="A side with figures or actors in the event, or civilians.")] = None,
    min_killed: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=100)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find in places, actors and quotes (all of them).")] = None,
) -> SearchFilter:
    """The filters every event query accepts (docs/api.md). Async though it waits for
    nothing: FastAPI runs a plain function in a worker thread, a hop per request."""
    try:
        box = parse_bbox(bbox) if bbox else None
    except FilterError as error:
        raise HTTPException(422, str(error)) from None
    return SearchFilter(
        start=start, end=end, admin1=admin1, place=place, type=type, actor=actor, side=side,
        country=country.upper() if country else None, conflict=conflict, min_killed=min_killed, bbox=box,
        text=(q or "").strip() or None,
    )


Filters = Annotated[SearchFilter, Depends(event_filter)]


def create_app(engine: Engine, *, tiles: str | None = None) -> FastAPI:
    """The application over one store; ``tiles`` is an optional map tile URL template."""
    app = FastAPI(
        title="warmonitor", version="0.1.0", docs_url=None, redoc_url=None,
        description="Reconciled violent events from war reporting, every figure traced to its sentence (read-only).",
    )
    web = resources.files("warmonitor.publish").joinpath("web")
    templates = Jinja2Templates(directory=str(web.joinpath("templates")))  # autoescapes .html
    app.mount("/static", StaticFiles(directory=str(web.joinpath("static"))), name="static")
    tile_host = _origin(tiles)

    headers = [
        (b"content-security-policy", _CSP.format(tiles=tile_host).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def secure(response):
        for name, value in headers:
            response.headers[name.decode()] = value.decode()
        return response

    @app.exception_handler(Exception)
    async def no_stack_traces(request: Request, error: Exception):  # noqa: ARG001
        # Runs outside the middleware above (in Starlette's error middleware): secure it here.
        return secure(JSONResponse({"detail": "internal error"}, status_code=500))

    def not_found_page(request: Request, message: str):
        """A page, not JSON, for a person who followed a link to nothing."""
        return templates.TemplateResponse(request, "404.html", {
            "title": "not found", "tiles": tiles, "static": "/static", "message": message, "path": request.url.path,
        }, status_code=404)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 404 and _is_page(request.url.path):
            missing = str(error.detail).startswith(("no event ", "no source "))  # the page's own 404, not the router's
            return not_found_page(request, f"There is {error.detail} in this store." if missing else "There is no page at this address.")
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_parameters(request: Request, error: RequestValidationError):
        if _is_page(request.url.path) and any(e.get("loc", ("",))[0] == "path" for e in error.errors()):
            return not_found_page(request, "There is no page at this address: an event's address ends in its id or its number.")
        problems = [{"parameter": ".".join(str(p) for p in e.get("loc", [])[1:]), "problem": e.get("msg")} for e in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)

    # A bounded page of events is answered in the event loop itself: on SQLite it takes
    # about a millisecond, less than the hop to a worker thread and back costs the server
    # (docs/api.md). A search, a long page, or a store across the network (PostgreSQL:
    # the loop would wait on its round trips) still goes to a thread.
    in_loop = engine.dialect.name == "sqlite"

    def figures_of(connection, ids: list[int]) -> dict[int, list[dict]]:
        figures: dict[int, list[dict]] = defaultdict(list)
        if ids:
            for incident_id, outcome, category, best, low, high in connection.execute(_FIGURES, {"ids": ids}).all():
                figures[incident_id].append({"outcome": outcome, "category": category, "best": best, "low": low, "high": high})
        return figures

    def events_page(filters: SearchFilter, sort: str, limit: int, offset: int) -> Response:
        with engine.connect() as connection:
            totals = selection_totals(connection, filters)
            page, values = filters.prepare(_PAGES[sort])
            rows = connection.execute(page, {**values, "limit": limit, "offset": offset}).all()
            figures = figures_of(connection, [r[0] for r in rows])
        return _json({
            "total": totals["incidents"], "totals": totals, "limit": limit, "offset": offset,
            "items": [summary(r, figures[r[0]]) for r in rows],
        })

    @app.get("/api/events", tags=["events"])
    async def events(
        filters: Filters,
        sort: Literal["date", "-date", "killed", "-killed", "place", "-place"] = "-date",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict:
        """Reconciled events, filtered, searched, sorted and paginated, with the totals of
        the whole selection (not only of the page)."""
        if in_loop and filters.text is None and limit <= IN_LOOP_LIMIT:
            return events_page(filters, sort, limit, offset)
        return await run_in_threadpool(events_page, filters, sort, limit, offset)

    @app.get("/api/export.{output_format}", tags=["events"])
    def export(filters: Filters, output_format: Literal["csv", "jsonl", "geojson"]) -> Response:
        """Every event of the selection as a file, in the columns and order of `warmonitor
        export` (GeoJSON, as there, holds only the events with coordinates)."""
        with engine.connect() as connection:
            records = export_rows(connection, load_incidents(connection, filters))
        out = io.StringIO()
        export_write(records, output_format, out)
        disposition = f'attachment; filename="warmonitor-events.{output_format}"'
        return Response(out.getvalue(), media_type=_DOWNLOAD_TYPES[output_format], headers={"content-disposition": disposition})

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(filters: Filters) -> dict:
        """Events with coordinates as a GeoJSON FeatureCollection (at most 5,000, the deadliest first)."""
        with engine.connect() as connection:
            query = filters.apply(select(*SUMMARY_COLUMNS).where(t.incident.c.latitude.is_not(None)))
            rows = connection.execute(query.order_by(*_SORTS["-killed"]).limit(GEOJSON_LIMIT)).all()
        features = []
        for row in rows:
            properties = summary(row, [])
            point = {"type": "Point", "coordinates": [properties["longitude"], properties["latitude"]]}
            features.append({"type": "Feature", "geometry": point, "properties": properties})
        return _json({"type": "FeatureCollection", "features": features})

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: EventRef) -> dict:
        """One event (by its public id or its number in this store) with its reports, their
        claims and the spans of their sentences."""
        with engine.connect() as connection:
            found = event_detail(connection, incident_number(connection, event_id))
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return _json(found)

    @app.get("/api/events/{event_id}/history", tags=["events"])
    def event_history(event_id: EventRef) -> list[HistoryEntry]:
        """Every change of the event's toll, in the order recorded, with the report that caused it."""
        with engine.connect() as connection:
            number = incident_number(connection, event_id)
            entries = load_history(connection, number)
            if not entries and not _incident_exists(connection, number):
                raise HTTPException(404, f"no event {event_id}")
        return _json([entry.as_json() for entry in entries])

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def document(document_id: Annotated[int, _positive_id()]) -> dict:
        """One stored report and its cleaned text."""
        with engine.connect() as connection:
            row = connection.execute(select(t.document).where(t.document.c.id == document_id)).first()
        if row is None:
            raise HTTPException(404, f"no document {document_id}")
        return _json({
            "document_id": row.id, "external_id": row.external_id, "outlet": row.outlet, "title": row.title,
            "published": row.published.isoformat() if row.published else None, "url": row.url,
            "is_copy": row.copy_of is not None, "language": row.language, "text": row.text,
        })

    @app.get("/api/tallies", tags=["tallies"])
    def tallies(filters: Filters, by: Literal[DIMENSIONS] = "side") -> dict:  # type: ignore[valid-type]
        """Killed and injured from reconciled events, by one dimension (as `warmonitor tally`)."""
        with engine.connect() as connection:
            rows = tally(connection, by, filters)
        return _json({"by": by, "rows": [{"key": r.key, **{f: getattr(r, f) for f in FIELDS}} for r in rows]})

    @app.get("/api/timeline", tags=["tallies"])
    def timeline(filters: Filters) -> dict:
        """Killed per ISO week, by side and among civilians."""
        with engine.connect() as connection:
            return _json(weekly_killed(connection, filters))

    @app.get("/api/aggregates", tags=["aggregates"])
    def aggregates(
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="to")] = None,
        admin1: Annotated[str | None, Query(max_length=80)] = None,
        country: Annotated[str | None, Query(max_length=80)] = None,
        conflict: Annotated[str | None, Query(max_length=80)] = None,
    ) -> dict:
        """Totals reports quote, beside our events' killed for the same period, governorate,
        country and conflict."""
        with engine.connect() as connection:
            try:
                items = aggregate_items(connection, start, end, admin1, country=country, conflict=conflict)
            except FilterError as error:
                raise HTTPException(422, str(error)) from error
        return _json({"items": items})

    @app.get("/api/towns", tags=["map"])
    def towns(
        bbox: Annotated[str, Query(description="min_lon,min_lat,max_lon,max_lat", max_length=100)],
        min_population: Annotated[int, Query(ge=MIN_POPULATION, le=100_000_000)] = 100_000,
    ) -> dict:
        """The largest towns in the box (GeoNames, 15,000 people or more, in the conflict
        packs' countries; installed with the package): the dashboard's place names."""
        try:
            box = parse_bbox(bbox)
        except FilterError as error:
            raise HTTPException(422, str(error)) from error
        return _json({"towns": [
            {"name": t.name, "lat": t.latitude, "lon": t.longitude, "population": t.population, "country": t.country}
            for t in towns_in(box, min_population)
        ]})

    @app.get("/api/status", tags=["freshness"])
    def status() -> Status:
        """How fresh the data are: reports and incidents stored, when the newest report was
        stored and when the newest one that told an incident was, and the store's version
        (it changes whenever an incident is added or changes; `/api/stream` pushes it)."""
        with engine.connect() as connection:
            return _json(read_status(connection).as_json())

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request):
        with engine.connect() as connection:
            version = read_marker(connection).version  # the stream's, for the page to know what it shows
            options = _options(connection, ("country", "conflict", "admin1", "type", "side"))
        filters = {k: request.query_params.get(k) for k in ("q", "from", "to", "country", "conflict", "admin1", "type", "side", "min_killed")}
        return templates.TemplateResponse(request, "dashboard.html", {
            "title": "warmonitor", "tiles": tiles, "static": "/static", "filters": filters, "version": version, **options,
        })

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: EventRef):
        with engine.connect() as connection:
            found = event_detail(connection, incident_number(connection, event_id))
            if found is None:
                raise HTTPException(404, f"no event {event_id}")
            texts = report_texts(connection, [r["document_id"] for r in found["reports"]])
            history = load_history(connection, found["event_id"])
        reports = [{**r, "segments": segments(texts[r["document_id"]], r)} for r in found["reports"]]
        codes = {r["outlet"] for r in reports} | {h.outlet for h in history}
        country = country_name(found["country"])
        # cited by its public id: the address names the same incident in any store of the same reports
        page_url, today = f"{request.base_url}events/{found['public_id']}", datetime.now(timezone.utc).date()
        return templates.TemplateResponse(request, "event.html", {
            "title": f"event {found['public_id']}", "page_url": page_url, "tiles": tiles, "static": "/static", "event": found, "reports": reports,
            "history": history, "killed_steps": killed_steps(history), "country": country,
            "outlets": {code: outlet_of(code) for code in codes if outlet_of(code)},
            "citation": citation(found, country, page_url, today), "json_ld": json_ld(found, country, page_url, today),
        })

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        """The OpenAPI document as a page of our own: Swagger UI would load its scripts from
        a CDN, which neither our offline promise nor our Content-Security-Policy allows."""
        return templates.TemplateResponse(request, "apidocs.html", {
            "title": "API", "tiles": tiles, "static": "/static", "spec": app.openapi(), "describe": _describe,
        })

    @app.get("/api/sources", tags=["sources"])
    def sources() -> dict:
        """Every outlet and every credited body: its reports, incidents, how often its figure
        made the best, and how far its figures sit from the other sources' (docs/api.md)."""
        with engine.connect() as connection:
            return _json({"items": source_list(connection)})

    @app.get("/api/sources/{name:path}", tags=["sources"])
    def source(name: Annotated[str, Path(min_length=1, max_length=200)]) -> dict:
        """One source, and its figures beside the other sources', incident by incident."""
        with engine.connect() as connection:
            found = source_detail(connection, name)
        if found is None:
            raise HTTPException(404, f"no source {name}")
        return _json(found)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request):
        with engine.connect() as connection:
            items = source_list(connection)
        return templates.TemplateResponse(request, "sources.html", {
            "title": "sources", "tiles": tiles, "static": "/static", "items": items, "factor": DISAGREEMENT,
        })

    @app.get("/sources/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def source_page(request: Request, name: Annotated[str, Path(min_length=1, max_length=200)]):
        with engine.connect() as connection:
            found = source_detail(connection, name)
        if found is None:
            raise HTTPException(404, f"no source {name}")
        return templates.TemplateResponse(request, "source.html", {
            "title": found["source"], "tiles": tiles, "static": "/static", "source": found, "factor": DISAGREEMENT,
        })

    @app.get("/aggregates", response_class=HTMLResponse, include_in_schema=False)
    def aggregates_page(
        request: Request,
        start: Annotated[date | None, Query(alias="from")] = None,
        end: Annotated[date | None, Query(alias="to")] = None,
        admin1: Annotated[str | None, Query(max_length=80)] = None,
        country: Annotated[str | None, Query(max_length=80)] = None,
        conflict: Annotated[str | None, Query(max_length=80)] = None,
    ):
        """The reported totals of the filters' period and area (those of the dashboard,
        whose link carries them), beside our incidents'."""
        with engine.connect() as connection:
            try:
                items = aggregate_items(connection, start, end, admin1 or None, country=country or None, conflict=conflict or None)
            except FilterError as error:
                raise HTTPException(422, str(error)) from error
            options = _options(connection, ("country", "conflict", "admin1"))
        filters = {"from": start and start.isoformat(), "to": end and end.isoformat(), "admin1": admin1,
                   "country": country.upper() if country and len(country) == 2 else country, "conflict": conflict}
        return templates.TemplateResponse(request, "aggregates.html", {
            "title": "reported totals", "tiles": tiles, "static": "/static", "items": items, "filters": filters, **options,
        })

    app.add_middleware(ResponseCache, engine=engine, parameters=_query_parameters(app))
    app.add_middleware(LiveStream, feed=ChangeFeed(engine))  # outside the cache: a stream is never kept
    app.add_middleware(RefuseControlCharacters)
    app.add_middleware(SecurityHeaders, headers=headers)
    return app


def _query_parameters(app: FastAPI) -> frozenset[str]:
    """The names of every query parameter the API's routes take, as its OpenAPI
    document lists them (filters included)."""
    return frozenset(
        parameter["name"]
        for path in app.openapi()["paths"].values() for operation in path.values()
        for parameter in operation.get("parameters", []) if parameter["in"] == "query"
    )


_OPTION_COLUMNS = {
    "country": (t.incident.c.country, country_name), "conflict": (t.incident.c.conflict, None),
    "admin1": (t.incident.c.admin1, None), "type": (t.incident.c.type, None), "side": (t.incident_figure.c.category, None),
}


def _options(connection, names: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """The values a page's filter selects offer (``country_options``, ...): each column's
    values with the label a select shows (a country's name, "air strike"), by label."""
    options = {}
    for name in names:
        column, label = _OPTION_COLUMNS[name]
        values = connection.execute(select(column).distinct().where(column.is_not(None)).order_by(column)).scalars()
        labelled = ((v, label(v) if label else v.replace("_", " ")) for v in values)
        options[f"{name}_options"] = sorted(labelled, key=lambda option: option[1])
    return options


def _describe(schema: dict) -> str:
    """A parameter's type in a few words ("integer ≥ 1", "date or null", "one of: side, group")."""
    if "anyOf" in schema:
        return " or ".join(_describe(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "one of: " + ", ".join(map(str, schema["enum"]))
    kind = schema.get("format") or schema.get("type", "value")
    bounds = [f"≥ {schema['minimum']}"] if "minimum" in schema else []
    bounds += [f"≤ {schema['maximum']}"] if "maximum" in schema else []
    return " ".join([kind, *bounds])


def selection_totals(connection, filters: SearchFilter) -> dict:
    """Incidents, killed (best, low, high), civilians killed and injured of every
    incident the filters select: what `warmonitor tally` adds up for the same filters."""
    incidents, *sums = connection.execute(*filters.prepare(_TOTALS)).one()
    return {"incidents": incidents, **{column.name: int(value) for column, value in zip(_TOTAL_COLUMNS, sums)}}


def _is_page(path: str) -> bool:
    """Whether a path is a page's (a person's) rather than the API's or a static file's."""
    return not path.startswith(("/api/", "/static/")) and path != "/openapi.json"


def _incident_exists(connection, incident_id: int) -> bool:
    """Whether there is such an incident: an empty history alone does not tell."""
    return connection.execute(select(t.incident.c.id).where(t.incident.c.id == incident_id)).first() is not None


def _json(data: dict | list) -> Response:
    """A JSON response written directly: the data are plain already, and FastAPI's
    encoder would take longer than the query."""
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), media_type="application/json")


def _positive_id():
    return Path(ge=1, le=2**31 - 1)


# An event's address: its public id (store/public_id.py) or its number in this store.
EventRef = Annotated[str, Path(pattern=f"^(?:[1-9][0-9]{{0,9}}|{PUBLIC_ID})$", description=(
    "The event's public id (a7kq2m4xzd: the same in any store built from the same reports) or its number in this store."))]


def incident_number(connection, ref: str) -> int | None:
    """The row id of the incident an address names (by public id or number); None for none."""
    if ref.isdigit():
        return int(ref) if int(ref) < 2**31 else None  # no row id is larger: not a query PostgreSQL would refuse
    return connection.execute(select(t.incident.c.id).where(t.incident.c.public_id == ref)).scalar()


def _origin(url: str | None) -> str:
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else ""


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
