"""An incident's toll over time (`incident_history`), as published: the API, the event page
and `warmonitor show`.

The rows are written here directly, not by an ingest, so that what is checked is how the
history is published, whatever ingest records.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from typer.testing import CliRunner

from warmonitor.cli import app
from warmonitor.publish.api import create_app
from warmonitor.store import schema as t
from warmonitor.store.database import open_store

HOSTILE_TITLE = "Toll rises <script>alert(1)</script>"
REPORTS = [  # external_id, outlet, title, published
    ("idlib-1", "SANA", "Air strike on Maarrat al-Numan", date(2019, 5, 25)),
    ("idlib-2", "<b>Monitor</b>", HOSTILE_TITLE, date(2019, 5, 26)),
    ("idlib-0", "Reuters", None, date(2019, 5, 25)),  # read last, dated first
]
FIGURES = [  # reports, killed, low, high, injured, low, high, civilians killed: one change per report
    (1, 12, 12, 12, 20, 20, 20, 5),
    (2, 30, 12, 30, 20, 20, 25, 9),
    (3, 31, 12, 35, 41, 20, 41, 9),
]
KEYS = ("reports", "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high", "civilians_killed")


@pytest.fixture
def store(db):
    """A store (conftest's ``db``: SQLite, then PostgreSQL) with one incident told by three
    reports, each of which changed its toll, and a second incident without any recorded
    change: (engine, incident id, quiet id, document ids)."""
    engine = open_store(db)
    with engine.begin() as connection:
        incident_id = _incident(connection, FIGURES[-1])
        quiet_id = _incident(connection, (0,) * len(KEYS))
        document_ids = [_report(connection, incident_id, *report) for report in REPORTS]
        for document_id, (*_, published), figures in zip(document_ids, REPORTS, FIGURES):
            connection.execute(insert(t.incident_history), {
                "incident_id": incident_id, "document_id": document_id, "published": published, **dict(zip(KEYS, figures)),
            })
    yield engine, incident_id, quiet_id, document_ids
    engine.dispose()


def _incident(connection, figures) -> int:
    values = {"type": "air_strike", "date": date(2019, 5, 25), "admin1": "Idlib", **dict(zip(KEYS, figures))}
    return connection.execute(insert(t.incident), values).inserted_primary_key[0]


def _report(connection, incident_id: int, external_id: str, outlet: str, title: str | None, published: date) -> int:
    """A stored report with one event of the incident."""
    document_id = connection.execute(insert(t.document), {
        "external_id": external_id, "outlet": outlet, "title": title, "published": published,
        "content_hash": external_id, "text": f"Report {external_id}.", "ingested_at": datetime(2026, 1, 1),
    }).inserted_primary_key[0]
    connection.execute(insert(t.event), {
        "document_id": document_id, "incident_id": incident_id, "type": "air_strike", "evidence": "[]",
    })
    return document_id


def expected(document_ids: list[int]) -> list[dict]:
    """The history as the API gives it: exactly the rows inserted, in the order recorded."""
    return [
        {"document_id": document_id, "external_id": external_id, "outlet": outlet, "title": title,
         "published": published.isoformat(), **dict(zip(KEYS, figures))}
        for document_id, (external_id, outlet, title, published), figures in zip(document_ids, REPORTS, FIGURES)
    ]


@pytest.fixture
def client(store):
    with TestClient(create_app(store[0])) as client:
        yield client


def test_the_api_gives_every_change_in_the_order_recorded(store, client):
    _, incident_id, _, document_ids = store
    response = client.get(f"/api/events/{incident_id}/history")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json() == expected(document_ids)
    assert client.get(f"/api/events/{incident_id}/history").json() == expected(document_ids)  # from the cache


def test_an_incident_without_changes_has_an_empty_history(store, client):
    assert client.get(f"/api/events/{store[2]}/history").json() == []


def test_no_such_incident_is_404(client):
    response = client.get("/api/events/999999/history")
    assert response.status_code == 404
    assert response.json() == {"detail": "no event 999999"}  # the shape of /api/events/{id}'s 404
    assert client.get("/api/events/0/history").status_code == 422


def test_the_endpoint_is_a_documented_get(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths["/api/events/{event_id}/history"]) == {"get"}
    assert client.post("/api/events/1/history").status_code == 405


def test_the_event_page_lists_each_change(store, client):
    _, incident_id, quiet_id, document_ids = store
    html = client.get(f"/events/{incident_id}").text
    section = html[html.index('id="history-title"'):html.index('id="reports-title"')]
    rows = section.split('class="history-row"')[1:]
    assert len(rows) == 3
    assert "2019-05-25" in rows[0] and "<strong>12</strong>" in rows[0] and "Air strike on Maarrat al-Numan" in rows[0]
    assert f'href="#report-{document_ids[0]}"' in rows[0]
    assert "+18" in rows[1] and "30 [12–30]" in rows[1] and "20 [20–25]" in rows[1] and ">9<" in rows[1]
    assert "31 [12–35]" in rows[2] and "41 [20–41]" in rows[2] and "idlib-0" in rows[2]  # no title: its id
    assert "Killed (best) after each change: 12 → 30 → 31" in section and 'd="M0 29.4 V29.4 H80.0 V1.5 H160.0 V0.0 H240.0"' in section
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "&lt;b&gt;Monitor&lt;/b&gt;" in section
    assert "No change of the toll recorded" in client.get(f"/events/{quiet_id}").text


def test_show_prints_one_line_per_change(store, db):
    _, incident_id, quiet_id, _ = store
    shown = CliRunner().invoke(app, ["show", str(incident_id), "--db", db])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.split("toll over time", 1)[1].split("claims, by report")[0].strip().splitlines()[1:]
    assert [line.strip() for line in lines] == [
        "2019-05-25: killed 12 [12–12], injured 20 [20–20], civilians killed 5; 1 report — idlib-1 SANA",
        "2019-05-26: killed 30 [12–30], injured 20 [20–25], civilians killed 9; 2 reports — idlib-2 <b>Monitor</b>",
        "2019-05-25: killed 31 [12–35], injured 41 [20–41], civilians killed 9; 3 reports — idlib-0 Reuters",
    ]
    quiet = CliRunner().invoke(app, ["show", str(quiet_id), "--db", db])
    assert "no change recorded" in quiet.stdout
