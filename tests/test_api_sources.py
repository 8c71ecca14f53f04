"""Sources: a page and an API entry per outlet and per credited body, and the flag on a
figure that disagrees with every other source of its incident (SQLite and PostgreSQL).

Four invented reports, by three outlets:

=======  ======  ==========  =====================================================
report   outlet  published   says
=======  ======  ==========  =====================================================
sohr     wire1   2020-03-02  air strikes on Saraqib killed 30 civilians (the Observatory)
sana     sana    2020-03-02  air strikes on Saraqib killed 10 people (uncredited: SANA's)
helmets  wire2   2020-03-03  air strikes on Saraqib killed 32 civilians (the White Helmets)
azaz     wire1   2020-05-10  shelling of Azaz killed 4 fighters (uncredited: wire1's)
=======  ======  ==========  =====================================================

The first three are one incident, Saraqib, whose best is the White Helmets' 32
civilians (low 10, high 32). Its tolls by source: Observatory 30, SANA 10, White Helmets
32. SANA's 10 is less than half of 30 and of 32: it disagrees with every other source,
and is flagged; 30 and 32 are within a factor of two of one of the others, and are not.
Beside the others' median: SANA 10/31 = 0.32, the Observatory 30/21 = 1.43, the White
Helmets 32/20 = 1.6. wire1 published two reports (two incidents); its own figure (Azaz,
4) has no other source to compare with. wire2 published one report and gave no figure
of its own (its figure is the White Helmets').
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from warmonitor.extract import extract
from warmonitor.publish.api import create_app
from warmonitor.publish.sources import disagreeing
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

REPORTS = [
    ("sohr", "wire1", date(2020, 3, 2), "BEIRUT, 2 March 2020 - Government air strikes on the town of Saraqib in Idlib "
     "province killed 30 civilians on Monday, the Syrian Observatory for Human Rights said.\n"),
    ("sana", "sana", date(2020, 3, 2), "DAMASCUS, 2 March 2020 - Air strikes on the town of Saraqib in Idlib province "
     "killed 10 people on Monday.\n"),
    ("helmets", "wire2", date(2020, 3, 3), "BEIRUT, 3 March 2020 - Government air strikes on the town of Saraqib in "
     "Idlib province killed 32 civilians on Monday, the White Helmets said.\n"),
    ("azaz", "wire1", date(2020, 5, 10), "BEIRUT, 10 May 2020 - Shelling of the town of Azaz in Aleppo province killed "
     "4 fighters on Sunday.\n"),
]
SOHR, HELMETS = "Syrian Observatory for Human Rights", "Syria Civil Defence (White Helmets)"


@pytest.fixture
def client(db):
    engine = open_store(db)
    writer = StoreWriter(engine)
    for name, outlet, published, text in REPORTS:
        writer.add(resolve(extract(Document(id=name, text=text, published=published, outlet=outlet))))
    with TestClient(create_app(engine)) as client:
        yield client
    engine.dispose()


def test_every_outlet_and_credited_body_is_a_source(client):
    items = {item["source"]: item for item in client.get("/api/sources").json()["items"]}
    assert set(items) == {"wire1", "wire2", "SANA", SOHR, HELMETS}
    compact = {name: (i["reports"], i["published"], i["incidents"], i["figures"], i["chosen"], i["compared"],
                      i["median_ratio"], i["within_factor_two"], i["disagreements"]) for name, i in items.items()}
    assert compact == {
        "wire1": (2, 2, 2, 1, 1, 0, None, 0, 0),
        "wire2": (1, 1, 1, 0, 0, 0, None, 0, 0),
        "SANA": (1, 1, 1, 1, 0, 1, 0.32, 0, 1),
        SOHR: (1, 0, 1, 1, 0, 1, 1.43, 1, 0),
        HELMETS: (1, 0, 1, 1, 1, 1, 1.6, 1, 0),
    }
    assert items["SANA"]["outlet"]["owner"] == "Syrian government"  # the outlet "sana" and the body "SANA" are one
    assert [i["source"] for i in client.get("/api/sources").json()["items"]][0] == "wire1"  # the most reports first


def test_a_source_lists_its_figures_beside_the_others(client):
    sana = client.get("/api/sources/sana").json()
    assert client.get("/api/sources/SANA").json() == sana  # any case
    assert sana["names"] == ["SANA", "sana"]
    (saraqib,) = sana["figures_listed"]
    assert (saraqib["event_date"], saraqib["outcome"], saraqib["value"], saraqib["others"], saraqib["ratio"],
            saraqib["chosen"], saraqib["disagrees"]) == ("2020-03-02", "killed", 10, {SOHR: 30, HELMETS: 32}, 0.32, False, True)
    answer = client.get("/api/sources/no such source")
    assert answer.status_code == 404 and answer.json() == {"detail": "no source no such source"}
    assert client.get("/api/sources/" + "x" * 201).status_code == 422


def test_the_event_flags_the_figure_that_disagrees_with_every_other(client):
    saraqib = next(i for i in client.get("/api/events").json()["items"] if i["location"] == "Saraqib")
    detail = client.get(f"/api/events/{saraqib['public_id']}").json()
    assert [(f["source"], f["outcome"], f["value"], f["chosen"], f["disagrees"]) for f in detail["source_figures"]] == [
        ("SANA", "killed", 10, False, True), (HELMETS, "killed", 32, True, False), (SOHR, "killed", 30, False, False)]
    html = client.get(f"/events/{saraqib['public_id']}").text
    assert html.count("disagrees with every other source</span>") == 1
    assert '<a href="/sources/SANA">SANA</a>' in html


def test_source_pages(client):
    listing = client.get("/sources")
    assert listing.status_code == 200 and listing.text.count('<tr class="source-row"') == 5
    assert '<a href="/sources/sana">SANA (Syrian Arab News Agency)</a>' in listing.text
    page = client.get("/sources/sana")
    assert page.status_code == 200 and '<tr class="source-figure disagrees"' in page.text
    assert '<dd data-value="1">1 (1 published by it)</dd>' in page.text
    missing = client.get("/sources/nobody")
    assert missing.status_code == 404 and "There is no source nobody in this store." in missing.text


@pytest.mark.parametrize(("totals", "flagged"), [
    ({"a": 10, "b": 30, "c": 32}, {"a"}),
    ({"a": 10, "b": 20, "c": 32}, set()),  # exactly twice is not more than twice
    ({"a": 10, "b": 21}, {"a", "b"}),  # two sources that far apart: neither is known to be the odd one
    ({"a": 10}, set()),  # nothing to disagree with
    ({"a": 0, "b": 5}, set()),  # a toll of none is not a factor of anything
])
def test_disagreeing(totals, flagged):
    assert disagreeing(totals) == flagged
