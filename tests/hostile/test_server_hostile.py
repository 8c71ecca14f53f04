"""The API and its server against hostile clients (issue 12, items 5 and 9): control
characters in query parameters, junk parameters that would fill the response cache,
half-sent requests that would hold connections, headers that would fill its memory;
and hostile query strings, escaped."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from conftest import db, run_cli  # noqa: F401 - db: the store fixture, on SQLite and PostgreSQL
from hostile.conftest import STRIKES, write_corpus
from warmonitor.publish.api import create_app
from warmonitor.publish.cache import ResponseCache
from warmonitor.publish.server import IDLE_TIMEOUT_S, MAX_HEADER_BYTES, server_config
from warmonitor.store.database import open_store

TEXT_FILTERS = ["admin1", "place", "type", "actor", "side", "conflict", "country", "bbox"]
CONTROL = {"NUL": "%00", "line feed": "%0A", "escape": "%1B", "delete": "%7F", "C1 control": "%C2%85"}


@pytest.fixture
def client(db, tmp_path):
    done = run_cli("ingest", "--quiet", "--db", db, str(write_corpus(tmp_path / "strikes.csv", STRIKES)))
    assert done.returncode == 0, done.stderr
    engine = open_store(db, read_only=True)
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        yield client
    engine.dispose()


@pytest.mark.parametrize("control", CONTROL.values(), ids=CONTROL.keys())
def test_control_characters_in_any_filter_are_refused_with_422(client, control):
    for parameter in TEXT_FILTERS:
        for path in ("/api/events", "/api/events.geojson", "/api/tallies", "/api/timeline"):
            answer = client.get(f"{path}?{parameter}=Idlib{control}")
            assert answer.status_code == 422, (path, parameter, answer.text)
            assert answer.json() == {"detail": [{"parameter": parameter, "problem":
                                     "control characters (such as NUL or line breaks) are not allowed in query parameters"}]}
    assert client.get(f"/api/aggregates?admin1={control}").status_code == 422
    assert client.get(f"/?admin1={control}").status_code == 422


def test_a_filter_with_tabs_spaces_and_accents_is_still_answered(client):
    assert client.get("/api/events?admin1=Idlib%20%C3%A9").json()["total"] == 0


def _cache(client) -> ResponseCache:
    """The application's response cache, found in its middleware stack."""
    layer = client.app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


def test_junk_query_parameters_do_not_make_new_cache_entries(client):
    first = client.get("/api/events?limit=5").json()
    for number in range(200):
        assert client.get(f"/api/events?limit=5&junk{number}={'x' * 500}&_={number}").json() == first
    assert len(_cache(client).kept) == 1


def test_the_cache_is_capped_in_bytes(client, monkeypatch):
    monkeypatch.setattr(ResponseCache, "MAX_BYTES", 4000)
    answers = [client.get(f"/api/events?offset={offset}") for offset in range(60)]
    assert all(answer.status_code == 200 for answer in answers)
    cache = _cache(client)
    assert 0 < cache.size <= 4000 and len(cache.kept) < 60
    assert cache.size == sum(len(k) + sum(len(n) + len(v) for n, v in e[1]) + len(e[2]) for k, e in cache.kept.items())


def test_hostile_query_strings_are_escaped_in_pages(client):
    page = client.get("/?admin1=%3Cscript%3Ealert(1)%3C/script%3E&type=%22onmouseover%3D%22x")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and '"onmouseover="x' not in page.text


@pytest.fixture
def server(db, tmp_path):
    """A real server (a one-second header deadline) over a store, in a thread: its port."""
    done = run_cli("ingest", "--quiet", "--db", db, str(write_corpus(tmp_path / "strikes.csv", STRIKES)))
    assert done.returncode == 0, done.stderr
    engine = open_store(db, read_only=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(server_config(create_app(engine), host="127.0.0.1", port=port, header_timeout=1.0))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield port
    running.should_exit = True
    thread.join(10)
    engine.dispose()


def _closed_by_server(connection: socket.socket, within: float) -> bool:
    connection.settimeout(within)
    try:
        return connection.recv(1024) == b""
    except (TimeoutError, socket.timeout):
        return False
    except ConnectionResetError:
        return True


def test_half_sent_requests_are_closed_after_the_header_deadline(server):
    held = []
    for number in range(200):
        connection = socket.create_connection(("127.0.0.1", server))
        connection.sendall(b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Slow: " + str(number).encode())
        held.append(connection)
    with socket.create_connection(("127.0.0.1", server)) as whole:  # a whole request is still answered
        whole.sendall(b"GET /api/events?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert whole.recv(100).startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    assert all(_closed_by_server(connection, within=5) for connection in held)
    assert time.monotonic() - started < 5
    for connection in held:
        connection.close()


def test_a_client_dripping_its_headers_is_closed_at_the_deadline(server):
    with socket.create_connection(("127.0.0.1", server)) as connection:
        started = time.monotonic()
        connection.settimeout(0.2)
        closed = False
        for byte in b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Drip: aaaaaaaaaaaaaaaaaaaaaaaa":
            try:
                connection.sendall(bytes([byte]))
                if connection.recv(1) == b"":
                    closed = True
                    break
            except (TimeoutError, socket.timeout):
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
        assert closed and time.monotonic() - started < 3


def _answer(connection: socket.socket, within: float = 5) -> bytes:
    """Everything the server sends until it closes the connection."""
    connection.settimeout(within)
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def _one_response(connection: socket.socket) -> bytes:
    """One response (with a Content-Length) read off a kept-alive connection."""
    connection.settimeout(5)
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")).split(b":")[1])
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(server):
    with socket.create_connection(("127.0.0.1", server)) as connection:
        started = time.monotonic()
        assert _closed_by_server(connection, within=5)
        assert 0.5 < time.monotonic() - started < 3


def test_headers_over_the_cap_get_a_400_and_the_connection_closed(server):
    start = b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Big: "
    with socket.create_connection(("127.0.0.1", server)) as connection:
        # One byte over the cap, the end of the headers never sent: the server must not
        # wait for it, nor keep what arrived.
        connection.sendall(start + b"a" * (MAX_HEADER_BYTES + 1 - len(start)))
        answer = _answer(connection)
    assert answer.startswith(b"HTTP/1.1 400 ") and b"connection: close" in answer.lower()


def test_headers_under_the_cap_are_answered(server):
    start = b"GET /api/events?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    padding = b"".join(b"X-Pad-%d: %s\r\n" % (number, b"a" * 1000) for number in range(60))  # 60 KB, in 60 headers
    assert len(start + padding) < MAX_HEADER_BYTES
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.sendall(start + padding + b"\r\n")
        assert _answer(connection).startswith(b"HTTP/1.1 200 ")


def test_an_idle_kept_alive_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.sendall(b"GET /api/events?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _one_response(connection).startswith(b"HTTP/1.1 200")
        answered = time.monotonic()
        assert _closed_by_server(connection, within=IDLE_TIMEOUT_S + 3)
        assert IDLE_TIMEOUT_S - 0.5 < time.monotonic() - answered < IDLE_TIMEOUT_S + 2


def test_a_body_sent_a_byte_at_a_time_does_not_hold_the_connection(server):
    """Every route is a GET: once a request is answered, a body still dripping in is not
    read on (the idle timeout never fires while bytes keep coming)."""
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.sendall(b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        connection.settimeout(0.2)
        started, answer, closed = time.monotonic(), b"", False
        while not closed and time.monotonic() - started < 4:
            try:
                connection.sendall(b"a")
                chunk = connection.recv(4096)
                closed, answer = chunk == b"", answer + chunk
            except (TimeoutError, socket.timeout):
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
        assert answer.startswith(b"HTTP/1.1 405 ") and closed
