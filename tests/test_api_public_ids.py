"""Public incident ids: the same incident gets the same id in any store built from the
same reports, whatever the order they were read in (SQLite and PostgreSQL), and the id
names the incident in addresses, the API, the cite line, JSON-LD and the exports.

Four invented reports tell three incidents:

- the air strike on Saraqib of 2 March 2020 (``strike``, published 2 March), whose toll
  ``revised`` (published 3 March) raises to 30: one incident, whose earliest report is
  ``strike`` (the earlier publication), its event the first (position 0) of that report;
- the shelling of Azaz of 10 May 2020 (``shelling``): one report, one event;
- the clash at Kafr Nabl of 20 May 2020 (``clash``): one report, one event.

So each id is :func:`public_id` of the earliest report's text hash and position 0 — in
either order, though read the other way round ``revised`` is stored first and the ids
(row numbers) of every incident differ.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from warmonitor.extract import extract
from warmonitor.publish.api import create_app
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store import schema as t
from warmonitor.store.database import open_store
from warmonitor.store.public_id import PATTERN, public_id
from warmonitor.store.writer import StoreWriter

from conftest import REVISED, SHELLING, STRIKE, fresh_postgres

CLASH = ("BEIRUT, 20 May 2020 - Clashes between government forces and rebels near the town of Kafr Nabl "
         "in Idlib province killed 6 fighters on Wednesday, a war monitor said.\n")
REPORTS = {
    "strike": (STRIKE, date(2020, 3, 2)), "revised": (REVISED, date(2020, 3, 3)),
    "shelling": (SHELLING, date(2020, 5, 10)), "clash": (CLASH, date(2020, 5, 20)),
}
ORDERS = {"as told": ["strike", "revised", "shelling", "clash"], "reversed": ["clash", "shelling", "revised", "strike"]}


def build(db: str, order: list[str]):
    """A store of the reports, read in ``order``."""
    engine = open_store(db)
    writer = StoreWriter(engine)
    for name in order:
        text, published = REPORTS[name]
        writer.add(resolve(extract(Document(id=name, text=text, published=published, outlet="wire"))))
    return engine


def incidents(engine) -> dict[str, tuple]:
    """Each incident's public id and what it is: its row id, date, place, killed and reports."""
    i = t.incident.c
    with engine.connect() as connection:
        rows = connection.execute(select(i.public_id, i.id, i.date, i.location, i.killed, i.reports)).all()
    return {row.public_id: tuple(row[1:]) for row in rows}


def expected_id(name: str) -> str:
    """The public id of an incident whose earliest event is the first of report ``name``."""
    return public_id(hashlib.sha256(REPORTS[name][0].encode()).hexdigest(), 0)  # the text as cleaned: as written


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stores(request, tmp_path_factory):
    """Two stores of the same reports read in the two orders, on one kind of database."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("public-ids")
        urls = [str(folder / f"{name}.sqlite") for name in ORDERS]
        cleanup = []
    else:
        cleanup = [fresh_postgres() for _ in ORDERS]
        urls = [next(generator) for generator in cleanup]
    engines = {name: build(url, order) for url, (name, order) in zip(urls, ORDERS.items())}
    yield engines
    for engine in engines.values():
        engine.dispose()
    for generator in cleanup:
        next(generator, None)  # drops the database


def test_the_same_incident_has_the_same_id_whatever_the_order(stores):
    told, reversed_ = incidents(stores["as told"]), incidents(stores["reversed"])
    assert set(told) == set(reversed_) == {expected_id("strike"), expected_id("shelling"), expected_id("clash")}
    for public in told:  # the same incident under each id: only its number in the store differs
        assert told[public][1:] == reversed_[public][1:]
    assert told[expected_id("strike")][1:] == (date(2020, 3, 2), "Saraqib", 30, 2)  # "the town of Saraqib in Idlib province", kept as written
    assert [told[expected_id(n)][0] for n in ("strike", "shelling", "clash")] == [1, 2, 3]
    assert [reversed_[expected_id(n)][0] for n in ("strike", "shelling", "clash")] == [3, 2, 1]


def test_ids_look_like_no_number(stores):
    import re

    assert all(re.fullmatch(PATTERN, public) for public in incidents(stores["as told"]))


def test_the_id_names_the_incident_in_addresses_the_api_and_exports(stores):
    strike = expected_id("strike")
    with TestClient(create_app(stores["reversed"])) as client:
        listed = client.get("/api/events", params={"sort": "date"}).json()["items"]
        assert [item["public_id"] for item in listed][0] == strike and listed[0]["event_id"] == 3
        detail = client.get(f"/api/events/{strike}").json()
        assert (detail["event_id"], detail["public_id"], detail["fatalities"]) == (3, strike, 30)
        assert client.get("/api/events/3").json()["public_id"] == strike  # the store's number still works
        assert client.get(f"/api/events/{strike}/history").json()[-1]["killed"] == 30
        html = client.get(f"/events/{strike}").text
        assert f'<code class="public-id" id="public-id"' in html and f">{strike}</code>" in html
        cite = html.split('<p class="cite-text" id="cite-text">')[1].split("</p>")[0]
        assert cite.startswith(f"warmonitor, incident {strike}: air strike, Saraqib, Idlib")
        assert f"http://testserver/events/{strike} (retrieved" in cite
        assert client.get("/events/3").text.count(f"http://testserver/events/{strike}") >= 2  # canonical link, cite line
        json_ld = json.loads(html.split('<script type="application/ld+json" id="json-ld">')[1].split("</script>")[0])
        assert (json_ld["identifier"], json_ld["url"]) == (f"warmonitor incident {strike}", f"http://testserver/events/{strike}")
        exported = list(csv.DictReader(io.StringIO(client.get("/api/export.csv").text)))
        assert [(row["event_id"], row["public_id"]) for row in exported][0] == ("3", strike)
        assert json.loads(client.get("/api/export.jsonl").text.splitlines()[0])["public_id"] == strike


@pytest.mark.parametrize("path", ["/api/events/bbbbbbbbbb", "/api/events/bbbbbbbbbb/history", "/api/events/2147483648"])
def test_an_unknown_id_is_404_and_a_malformed_one_422(stores, path):
    with TestClient(create_app(stores["as told"])) as client:
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json()["detail"].startswith("no event ")
        for malformed in ("Bbbbbbbbbb", "bbbbbbbbb1", "bbbbbbbbbbb", "0"):
            assert client.get(f"/api/events/{malformed}").status_code == 422
        page = client.get("/events/bbbbbbbbbb")
        assert page.status_code == 404 and "There is no event bbbbbbbbbb in this store." in page.text


def test_an_older_store_gets_the_same_ids_on_upgrade(db, tmp_path):
    """Migration 0009 gives the incidents of a store made before it the ids a new store of
    the same reports gives them."""
    from conftest import SAMPLES, run_cli, sample_store_upgraded_from

    upgraded = sample_store_upgraded_from(db, "0008")
    fresh_db = str(tmp_path / "fresh.sqlite")
    done = run_cli("ingest", "--quiet", "--db", fresh_db, str(SAMPLES / "fa-kes-rashidin-2017-04.csv"))
    assert done.returncode == 0, done.stderr
    fresh = open_store(fresh_db)
    try:
        old, new = incidents(upgraded), incidents(fresh)
        assert None not in old and len(old) == len(new) > 0
        assert old == new  # the same ids, for the same incidents
    finally:
        upgraded.dispose()
        fresh.dispose()
