"""Reported totals beside ours, like with like: the same period, and the same area at the
same precision — a town's total beside our incidents in that town, a governorate's beside
the governorate's, a country's beside the country's, a region's beside nothing — and the
page driven by its filters (SQLite and PostgreSQL).

Three invented reports, all in Idlib, Syria:

- 2 March 2020: air strikes on Saraqib killed 17 civilians (the gazetteer bundled knows
  no Saraqib: the incident is placed in the governorate, Idlib, with no town);
- 5 March 2020: shelling of Maarat al-Numan killed 6 civilians (the town, GeoNames 167611);
- 10 March 2020, four totals, none of them an incident:

  ============================  ==========================  ==============  ===================
  total                         period                      compared with   ours
  ============================  ==========================  ==============  ===================
  40 civilians, Maarat al-Numan  2020-03-01 – 2020-03-10    the town        6 (1 incident)
  90 civilians, Idlib province   2020-01-01 – 2020-03-10    the governorate 17 + 6 = 23 (2)
  380,000 people, Syria          2011-01-01 – 2020-03-10    the country     23 (2)
  200 people, northern Syria     2020-02-01 – 2020-03-10    nothing         —
  ============================  ==========================  ==============  ===================

"Since 2011" is the period from 1 January 2011 to the report's day, not the year 2011: it
holds both incidents. Before, the town's total was set beside all of Idlib (23) and the
region's beside all of Syria (23).
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from warmonitor.extract import extract
from warmonitor.publish.api import create_app
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

REPORTS = [
    ("saraqib", date(2020, 3, 2), "BEIRUT, 2 March 2020 - Air strikes on the town of Saraqib in Idlib province killed "
     "17 civilians on Monday, a war monitor said.\n"),
    ("maarat", date(2020, 3, 5), "BEIRUT, 5 March 2020 - Shelling of the town of Maarat al-Numan in Idlib province "
     "killed 6 civilians on Thursday, a war monitor said.\n"),
    ("totals", date(2020, 3, 10), "BEIRUT, 10 March 2020 - Since the start of the month, at least 40 civilians have "
     "been killed in the town of Maarat al-Numan, a war monitor said. Since the start of the year, 90 civilians have "
     "been killed in Idlib province, the monitor said. Since 2011, more than 380,000 people have been killed in "
     "Syria, the monitor said. Since February, 200 people have been killed in northern Syria, it said.\n"),
]
EXPECTED = [  # count, period, area, compared as, ours killed, ours incidents; by period start
    (380000, "2011-01-01", "2020-03-10", "Syria", "country", 23, 2),
    (90, "2020-01-01", "2020-03-10", "Idlib", "governorate", 23, 2),
    (200, "2020-02-01", "2020-03-10", "northern Syria", None, None, None),
    (40, "2020-03-01", "2020-03-10", "Maarat al-Numan", "town", 6, 1),
]


@pytest.fixture
def client(db):
    engine = open_store(db)
    writer = StoreWriter(engine)
    for name, published, text in REPORTS:
        writer.add(resolve(extract(Document(id=name, text=text, published=published, outlet="wire"))))
    with TestClient(create_app(engine)) as client:
        yield client
    engine.dispose()


def compact(items: list[dict]) -> list[tuple]:
    return [(i["count"], i["period_start"], i["period_end"], i["area"], i["compared_as"], i["ours_killed"], i["ours_events"])
            for i in items]


def test_each_total_beside_ours_for_the_same_period_and_area(client):
    assert compact(client.get("/api/aggregates").json()["items"]) == EXPECTED


def test_the_page_shows_what_its_filters_select(client):
    page = client.get("/aggregates").text
    assert page.count('<tr class="aggregate-row') == 4
    assert "our incidents in the town" in page and "not compared: an area our events do not place" in page
    # the year 2011 alone: only "since 2011" overlaps it
    only_2011 = client.get("/aggregates", params={"from": "2011-01-01", "to": "2011-12-31"}).text
    assert only_2011.count('<tr class="aggregate-row') == 1 and "380,000" in only_2011
    assert 'name="from" value="2011-01-01"' in only_2011  # the form shows the filters
    idlib = client.get("/aggregates", params={"admin1": "Idlib", "country": "sy"}).text
    assert idlib.count('<tr class="aggregate-row') == 2  # the governorate's and the town's
    assert '<option value="SY" selected>Syria</option>' in idlib
    none = client.get("/aggregates", params={"from": "2021-01-01"}).text
    assert "No reported totals for these filters." in none


@pytest.mark.parametrize("params", [{"from": "2020-13-01"}, {"country": "Atlantis"}, {"conflict": "no such war"}])
def test_bad_filters_are_422(client, params):
    assert client.get("/aggregates", params=params).status_code == 422


def test_the_dashboard_links_to_the_totals_of_its_filters(client):
    assert '<a id="aggregates-link" href="/aggregates"' in client.get("/").text  # app.js keeps it in step
