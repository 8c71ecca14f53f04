"""How fresh the store is, and a live stream of its changes (`/api/status`, `/api/stream`).

The store may be written by another process (`warmonitor ingest`, a watcher polling
feeds), so the server cannot be told of a change: it asks. Once a second, while someone
listens, one statement reads three indexed maxima — the newest incident, event and
history row ids, which every new or changed incident advances — and only when they move
does the server read the counts and which incidents changed, once for every listener.

The stream is server-sent events (``text/event-stream``) that a browser's EventSource
reads and reconnects by itself. It is answered here, as a plain ASGI middleware, before
the response cache (which would keep a stream as if it were an answer) and without a
route in the OpenAPI schema (which cannot describe a stream that never ends).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select

from ..store import schema as t

STREAM_PATH = "/api/stream"
POLL_INTERVAL_S = 1.0
"""How often the store is asked whether incidents changed, while anyone listens."""
HEARTBEAT_S = 15.0
"""A comment line this often keeps proxies from closing a quiet stream."""
RECONNECT_MS = 3000
"""How long EventSource waits before reconnecting a stream that was cut."""
MAX_SUBSCRIBERS = 200
QUEUE_SIZE = 16
"""Events waiting for one slow listener; beyond, its oldest are dropped (the newest
always says the store's current state)."""
MAX_IDS = 500
"""At most this many incident ids in one change event (``more`` says when there were more)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Marker:
    """The newest ids that move whenever an incident is added or changes."""

    incident: int
    event: int
    history: int

    @property
    def version(self) -> str:
        return f"{self.incident}.{self.event}.{self.history}"


@dataclass(frozen=True)
class Status:
    """How fresh the store is (`/api/status`)."""

    version: str  # changes whenever an incident is added or changes
    reports: int  # documents stored
    incidents: int
    last_report_at: str | None  # when the newest report was stored (UTC, ISO 8601)
    last_change_at: str | None  # when the newest report that told an incident was stored

    def as_json(self) -> dict:
        return asdict(self)


def read_marker(connection: Connection) -> Marker:
    """The change marker: three maxima of primary keys, one statement."""
    maxima = [select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery()
              for table in (t.incident, t.event, t.incident_history)]
    return Marker(*connection.execute(select(*maxima)).one())


def read_status(connection: Connection) -> Status:
    marker = read_marker(connection)
    d = t.document.c
    reports = connection.execute(select(func.count()).select_from(t.document)).scalar_one()
    incidents = connection.execute(select(func.count()).select_from(t.incident)).scalar_one()
    newest = connection.execute(select(d.ingested_at).where(d.id == select(func.max(d.id)).scalar_subquery())).scalar()
    told = select(t.event.c.document_id).where(t.event.c.id == marker.event).scalar_subquery()
    changed = connection.execute(select(d.ingested_at).where(d.id == told)).scalar() if marker.event else None
    return Status(marker.version, reports, incidents, _utc(newest), _utc(changed))


def read_changes(connection: Connection, since: Marker, now: Marker) -> dict:
    """The incidents added and those changed between two markers, each list capped at
    :data:`MAX_IDS` (``more`` is true when one was)."""
    i, e, h = t.incident.c, t.event.c, t.incident_history.c
    added = connection.execute(
        select(i.id).where(i.id > since.incident, i.id <= now.incident).order_by(i.id).limit(MAX_IDS + 1)).scalars().all()
    told = select(e.incident_id.label("id")).where(e.id > since.event, e.id <= now.event)
    moved = select(h.incident_id.label("id")).where(h.id > since.history, h.id <= now.history)
    ids = told.union(moved).subquery()
    changed = connection.execute(  # incidents older than the last marker: the others were added
        select(ids.c.id).where(ids.c.id <= since.incident).order_by(ids.c.id).limit(MAX_IDS + 1)).scalars().all()
    more = len(added) > MAX_IDS or len(changed) > MAX_IDS
    return {"added": list(added[:MAX_IDS]), "changed": list(changed[:MAX_IDS]), "more": more}


def _utc(moment: datetime | None) -> str | None:
    """A stored (naive, UTC) time as ISO 8601 with its zone."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


class TooManySubscribers(Exception):
    """The stream's listeners are at :data:`MAX_SUBSCRIBERS`: one line for the client."""


class ChangeFeed:
    """Polls the store while anyone listens and hands each listener every change.

    One poll serves every listener; it starts with the first and stops with the last.
    """

    def __init__(self, engine: Engine, *, interval: float = POLL_INTERVAL_S, max_subscribers: int = MAX_SUBSCRIBERS) -> None:
        self.engine = engine
        self.interval = interval
        self.max_subscribers = max_subscribers
        self.queues: set[asyncio.Queue] = set()
        self.poller: asyncio.Task | None = None
        self.marker: Marker | None = None

    async def subscribe(self) -> tuple[asyncio.Queue, Status]:
        """A queue of change events, and the store's status now (the stream's first event)."""
        marker, status = await asyncio.to_thread(self._status)
        if len(self.queues) >= self.max_subscribers:  # counted after the wait: listeners may have come meanwhile
            raise TooManySubscribers(f"more than {self.max_subscribers} live streams are open; try again later")
        queue: asyncio.Queue = asyncio.Queue(QUEUE_SIZE)
        self.queues.add(queue)
        if self.poller is None or self.poller.done():
            self.marker = marker  # what the status said: a change from there on is news
            self.poller = asyncio.create_task(self._poll())
        return queue, status

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self.queues.discard(queue)
        if not self.queues and self.poller is not None:
            self.poller.cancel()
            self.poller = None

    def _status(self) -> tuple[Marker, Status]:
        """The marker, and the status read after it (as new or newer)."""
        with self.engine.connect() as connection:
            return read_marker(connection), read_status(connection)

    def _changes(self) -> tuple[Marker, dict | None]:
        """The marker now, and what changed since the last one (None when nothing did)."""
        with self.engine.connect() as connection:
            now = read_marker(connection)
            if self.marker is None or now == self.marker:
                return now, None
            return now, {**read_status(connection).as_json(), **read_changes(connection, self.marker, now)}

    async def _poll(self) -> None:
        failing = False
        while True:
            try:
                marker, change = await asyncio.to_thread(self._changes)
                self.marker, failing = marker, False
            except Exception as error:  # noqa: BLE001 - a store briefly away: say so once, keep polling
                if not failing:
                    log.warning("live stream: cannot read the store: %s", str(error).splitlines()[0] if str(error) else error)
                failing, change = True, None
            if change is not None:
                self.publish(change)
            await asyncio.sleep(self.interval)

    def publish(self, change: dict) -> None:
        """Hand ``change`` to every listener; one too slow to keep up loses its oldest."""
        for queue in list(self.queues):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(change)


def sse(event: str, data: dict, *, event_id: str | None = None) -> bytes:
    """One server-sent event (the data on one line: JSON never holds a line break)."""
    lines = [f"event: {event}"] + ([f"id: {event_id}"] if event_id else []) + [f"data: {json.dumps(data, separators=(',', ':'))}"]
    return ("\n".join(lines) + "\n\n").encode()


class LiveStream:
    """Answer GET :data:`STREAM_PATH` with the change feed as server-sent events; pass
    everything else on.

    Events: ``status`` at once (the store's :class:`Status`), then ``change`` whenever
    incidents are added or change (the status plus ``added``, ``changed`` and ``more``);
    each event's id is the store's version. A comment every :data:`HEARTBEAT_S` keeps
    the connection alive; the stream ends when the client goes.
    """

    def __init__(self, app, feed: ChangeFeed, *, heartbeat: float = HEARTBEAT_S) -> None:
        self.app = app
        self.feed = feed
        self.heartbeat = heartbeat

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != STREAM_PATH:
            return await self.app(scope, receive, send)
        try:
            queue, status = await self.feed.subscribe()
        except TooManySubscribers as error:
            body = json.dumps({"detail": str(error)}).encode()
            await send({"type": "http.response.start", "status": 503, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", b"30"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        gone = asyncio.ensure_future(_disconnected(receive))
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-store"),
                (b"x-accel-buffering", b"no")]})
            first = f"retry: {RECONNECT_MS}\n\n".encode() + sse("status", status.as_json(), event_id=status.version)
            await send({"type": "http.response.body", "body": first, "more_body": True})
            while not gone.done():
                change = await _next(queue, gone, self.heartbeat)
                if gone.done():
                    break
                chunk = b": keepalive\n\n" if change is None else sse("change", change, event_id=change["version"])
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except OSError:  # the client went while we wrote
            pass
        finally:
            gone.cancel()
            self.feed.unsubscribe(queue)


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _next(queue: asyncio.Queue, gone: asyncio.Future, timeout: float) -> dict | None:
    """The next change, or None after ``timeout`` s or when the client is gone."""
    getting = asyncio.ensure_future(queue.get())
    done, _ = await asyncio.wait({getting, gone}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if getting in done:
        return getting.result()
    getting.cancel()
    return None
