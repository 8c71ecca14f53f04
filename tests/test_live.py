"""The API's freshness (`/api/status`) and its live stream (`/api/stream`, server-sent
events), on SQLite and PostgreSQL, with the store written by another process as a
watcher or `warmonitor ingest` would.

The stream is read from the real server (uvicorn with publish/server.py's limits, in a
thread on a loopback port): Starlette's test client waits for a response to end, and a
stream never does.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from datetime import datetime, timezone

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from conftest import REVISED, SHELLING, STRIKE, ingest_reports
from warmonitor.publish.api import create_app
from warmonitor.publish.background import free_port
from warmonitor.publish.live import STREAM_PATH, ChangeFeed, LiveStream, Marker, Status
from warmonitor.publish.server import IDLE_TIMEOUT_S, server_config
from warmonitor.store.database import open_store

def utc_now() -> datetime:
    """Now in UTC, naive, as the store keeps times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@pytest.fixture
def store(db):
    """An empty store (made as `warmonitor ingest` makes it), and a read-only engine on it
    as `warmonitor serve` opens it."""
    open_store(db).dispose()
    engine = open_store(db, read_only=True)
    yield db, engine
    engine.dispose()


class Server:
    """The app over ``engine`` served by uvicorn in a thread, with a short header deadline."""

    def __init__(self, engine) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(server_config(create_app(engine), host="127.0.0.1", port=self.port, header_timeout=1.0))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def stop(self) -> float:
        """Stop the server; how long it took."""
        began = time.monotonic()
        self.server.should_exit = True
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the server did not stop"
        return time.monotonic() - began

    def __exit__(self, *_) -> None:
        if self.thread.is_alive():
            self.stop()


class EventReader:
    """Server-sent events of a streamed response, one at a time (comments counted apart)."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.iter_lines()
        self.comments = 0

    def next(self) -> tuple[str, str | None, dict]:
        """(event, id, data) of the next event."""
        fields: dict[str, str] = {}
        for line in self.lines:
            if line.startswith(":"):
                self.comments += 1
            elif line:
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
            elif "data" in fields:
                return fields.get("event", "message"), fields.get("id"), json.loads(fields["data"])
        raise AssertionError("the stream ended")


def test_status_says_how_fresh_the_data_are(store, tmp_path):
    db, engine = store
    client = TestClient(create_app(engine))
    empty = client.get("/api/status").json()
    assert empty == {"version": "0.0.0", "reports": 0, "incidents": 0, "last_report_at": None, "last_change_at": None}

    before = utc_now().replace(microsecond=0)
    ingest_reports(db, tmp_path, strike=STRIKE)
    status = client.get("/api/status").json()
    assert status["reports"] == 1 and status["incidents"] == 1
    assert status["version"] != empty["version"]
    stored = datetime.fromisoformat(status["last_report_at"].removesuffix("Z"))
    assert status["last_report_at"].endswith("Z") and before <= stored <= utc_now()
    assert status["last_change_at"] == status["last_report_at"]

    ingest_reports(db, tmp_path, revised=REVISED)  # joins the incident: a change, not a new one
    revised = client.get("/api/status").json()
    assert (revised["reports"], revised["incidents"]) == (2, 1)
    assert revised["version"] not in (status["version"], empty["version"])
    assert revised["last_change_at"] >= status["last_change_at"]


def test_status_is_in_the_openapi_schema(store):
    _, engine = store
    paths = TestClient(create_app(engine)).get("/openapi.json").json()["paths"]
    assert "/api/status" in paths
    assert STREAM_PATH not in paths  # a stream that never ends: described in docs/api.md


def test_the_stream_pushes_changes_another_process_writes(store, tmp_path):
    """Each new or changed incident reaches an open stream, which no server timeout cuts."""
    db, engine = store
    with Server(engine) as server, httpx.Client(timeout=30) as client:
        with client.stream("GET", server.url + STREAM_PATH) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-store"
            assert "content-security-policy" in response.headers
            events = EventReader(response)
            kind, version, status = events.next()
            assert (kind, version, status["incidents"]) == ("status", "0.0.0", 0)

            ingest_reports(db, tmp_path, strike=STRIKE)
            kind, version, change = events.next()
            assert kind == "change" and version == change["version"] != "0.0.0"
            assert (change["added"], change["changed"], change["more"], change["incidents"]) == ([1], [], False, 1)

            time.sleep(IDLE_TIMEOUT_S + 1.5)  # past the idle timeout and the (1 s) header deadline
            ingest_reports(db, tmp_path, revised=REVISED)
            kind, _, change = events.next()
            assert (kind, change["added"], change["changed"], change["reports"]) == ("change", [], [1], 2)

            ingest_reports(db, tmp_path, shelling=SHELLING)
            _, _, change = events.next()
            assert (change["added"], change["changed"], change["incidents"]) == ([2], [], 2)
        assert server.stop() < 5, "an open stream does not hold the server at shutdown"


def test_each_stream_starts_from_the_store_as_it_is(store, tmp_path):
    """The stream is answered before the response cache: a second stream starts from the
    store as it is then, not from a kept copy of the first."""
    db, engine = store
    with Server(engine) as server, httpx.Client(timeout=30) as client:
        for incidents in (0, 1):
            with client.stream("GET", server.url + STREAM_PATH) as response:
                assert EventReader(response).next()[2]["incidents"] == incidents
            if not incidents:
                ingest_reports(db, tmp_path, strike=STRIKE)


STATUS = Status(version="1.1.1", reports=1, incidents=1, last_report_at=None, last_change_at=None)


class FakeFeed(ChangeFeed):
    """A change feed without a store: its status fixed, its changes published by the test."""

    def __init__(self, **kwargs) -> None:
        super().__init__(engine=None, **kwargs)

    def _status(self) -> tuple[Marker, Status]:
        return Marker(1, 1, 1), STATUS

    async def _poll(self) -> None:
        await asyncio.Event().wait()


async def call_stream(middleware: LiveStream, *, seconds: float) -> tuple[list[dict], ChangeFeed]:
    """Run one stream request for ``seconds``, then disconnect; what it sent."""
    sent: list[dict] = []
    leave = asyncio.Event()

    async def receive():
        await leave.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": STREAM_PATH, "query_string": b"", "headers": []}
    task = asyncio.create_task(middleware(scope, receive, send))
    await asyncio.sleep(seconds)
    leave.set()
    await asyncio.wait_for(task, 2)
    return sent, middleware.feed


def test_heartbeats_and_a_clean_disconnect():
    feed = FakeFeed()
    sent, _ = asyncio.run(call_stream(LiveStream(None, feed, heartbeat=0.1), seconds=0.45))
    assert sent[0]["status"] == 200
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert body.startswith(b"retry: 3000\n\nevent: status\nid: 1.1.1\ndata: {\"version\":\"1.1.1\",\"reports\":1,")
    assert body.count(b": keepalive\n\n") >= 3
    assert feed.queues == set() and feed.poller is None, "the listener and the poll are gone"


def test_listeners_are_bounded():
    async def two_streams():
        feed = FakeFeed(max_subscribers=1)
        first = asyncio.create_task(call_stream(LiveStream(None, feed), seconds=0.3))
        await asyncio.sleep(0.1)
        second, _ = await call_stream(LiveStream(None, feed), seconds=0)
        return (await first)[0], second

    first, second = asyncio.run(two_streams())
    assert first[0]["status"] == 200
    assert second[0]["status"] == 503 and (b"retry-after", b"30") in second[0]["headers"]
    assert "live streams" in json.loads(second[1]["body"])["detail"]


def test_a_slow_listener_keeps_the_newest_changes():
    async def flood():
        feed = FakeFeed()
        queue, _ = await feed.subscribe()
        for n in range(100):
            feed.publish({"version": str(n)})
        return [queue.get_nowait()["version"] for _ in range(queue.qsize())]

    kept = asyncio.run(flood())
    assert kept[-1] == "99" and len(kept) < 100
