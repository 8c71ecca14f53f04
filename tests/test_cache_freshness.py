"""The answer cache (publish/cache.py) never serves an answer the store has outgrown: a
write made after an answer was kept, by another process or another connection, is seen
on the next request, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from conftest import REVISED, STRIKE, ingest_reports
from warmonitor.publish.api import create_app
from warmonitor.publish.cache import ResponseCache
from warmonitor.store import schema as t
from warmonitor.store.database import open_store


@pytest.fixture
def store(db):
    """An empty store, and a read-only engine on it as `warmonitor serve` opens it."""
    open_store(db).dispose()
    engine = open_store(db, read_only=True)
    yield db, engine
    engine.dispose()


def _cache(app) -> ResponseCache:
    layer = app.middleware_stack or app.build_middleware_stack()
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


def test_a_report_ingested_after_an_answer_was_kept_is_seen(store, tmp_path):
    db, engine = store
    client = TestClient(create_app(engine))
    assert client.get("/api/events?admin1=Idlib").json()["total"] == 0
    assert client.get("/api/events?admin1=Idlib").json()["total"] == 0  # kept, and served from memory

    ingest_reports(db, tmp_path, strike=STRIKE)  # another process
    first = client.get("/api/events?admin1=Idlib").json()
    assert first["total"] == 1 and first["totals"]["civilians_killed"] == 17

    ingest_reports(db, tmp_path, revised=REVISED)  # joins the incident: no new one
    assert client.get("/api/events?admin1=Idlib").json()["totals"]["civilians_killed"] == 30


def test_a_change_that_adds_no_report_is_seen(tmp_path):
    """On SQLite, any commit makes kept answers old, not only a new report's."""
    db = str(tmp_path / "store.sqlite")
    ingest_reports(db, tmp_path, strike=STRIKE)
    engine, writer = open_store(db, read_only=True), open_store(db)
    try:
        app = create_app(engine)
        client = TestClient(app)
        assert client.get("/api/events").json()["totals"]["killed"] == 17
        assert client.get("/api/events").json()["totals"]["killed"] == 17
        assert len(_cache(app).kept) == 1
        with writer.begin() as connection:
            connection.execute(update(t.incident).values(killed=18))
        assert client.get("/api/events").json()["totals"]["killed"] == 18
    finally:
        engine.dispose()
        writer.dispose()
