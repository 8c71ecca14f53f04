"""The dashboard's events table through the API: search (``q``), sorting, pages, the
selection's totals and its downloads, on SQLite and PostgreSQL.

The store holds five invented reports, their conflict and country set by hand:

====  ===========  ==========================  ======  =========  =======
id    date         what, where                 killed  civilians  injured
====  ===========  ==========================  ======  =========  =======
1     2024-06-02   air strike, Azaz (Aleppo)     12       12         0
2     2024-06-03   car bomb, Saraqib (Idlib)      4        0        10
3     2024-06-03   shelling, Tawila (no place)    9        9         0
4     2024-06-04   militiamen (no place)          7        7         0
5     2024-05-29   gunmen vs soldiers (no place)  3        0         5
====  ===========  ==========================  ======  =========  =======

The gazetteer places Azaz and Saraqib only: 1 and 2 are in Syria, 3 and 4 in Sudan
(their report's country) and 5 in Syria, all three without a place. In all: 5
incidents, 35 killed, 28 civilians, 15 injured. The Azaz report is SANA's, an outlet
data/outlets.toml knows; the others' outlets are their names, which it does not.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from fastapi.testclient import TestClient

from warmonitor.extract import extract
from warmonitor.publish.api import create_app
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

from conftest import run_cli

REPORTS = [
    ("azaz", "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said.", "Syria", "SY"),
    ("saraqib", "A car bomb killed 4 people and wounded 10 others in the town of Saraqib on Monday, rescuers said.", "Syria", "SY"),
    ("tawila", "Shelling killed 9 civilians in the market of Tawila on Monday, medics said.", "Sudan", "SD"),
    ("umm-zeefa", "Militiamen killed 7 villagers near the town of Umm Zeefa on Tuesday, residents said.", "Sudan", "SD"),
    ("nowhere", "Gunmen killed 3 soldiers and wounded 5 others on Wednesday, a monitor said.", "Syria", "SY"),
]
ALL = {"incidents": 5, "killed": 35, "killed_low": 35, "killed_high": 35, "civilians_killed": 28, "injured": 15}


@pytest.fixture
def client(db):
    engine = open_store(db)
    writer = StoreWriter(engine)
    for name, text, conflict, country in REPORTS:
        outlet = "sana" if name == "azaz" else name  # an outlet data/outlets.toml knows, and others it does not
        report = resolve(extract(Document(id=name, text=text, published=date(2024, 6, 4), outlet=outlet)))
        writer.add(replace(report, conflict=conflict, country=country))
    with TestClient(create_app(engine)) as client:
        client.db = db
        yield client
    engine.dispose()


def listed(client, **params) -> tuple[list[int], dict]:
    """The ids of the page of events the parameters select, and the selection's totals."""
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["total"] == body["totals"]["incidents"]
    return [item["event_id"] for item in body["items"]], body["totals"]


def test_search_finds_places_actors_and_quotes_in_any_case(client):
    found = {q: listed(client, q=q, sort="date")[0] for q in (
        "Saraqib",  # a location
        "idlib",  # a region, in another case
        "MILITIAMEN",  # an actor
        "villagers",  # a claim's quote ("killed 7 villagers")
        "medics",  # a credited source
        "killed civilians",  # both words, in one quote: "killed 12 civilians", "killed 9 civilians"
        "Saraqib people",  # one word in the place, one in a quote ("killed 4 people")
        "Saraqib civilians",  # Saraqib's dead are "people"
        "Kharkiv",
    )}
    assert found == {"Saraqib": [2], "idlib": [2], "MILITIAMEN": [4], "villagers": [4], "medics": [3],
                     "killed civilians": [1, 3], "Saraqib people": [2], "Saraqib civilians": [], "Kharkiv": []}


@pytest.mark.parametrize("q", ["%", "_", "a%z", "%_%", "\\"])
def test_search_wildcards_mean_themselves(client, q):
    # unescaped, "%" and "_" would match every incident
    assert listed(client, q=q) == ([], {**{k: 0 for k in ALL}})


def test_a_blank_search_selects_everything_and_a_long_one_is_refused(client):
    assert listed(client, q="   ")[1] == ALL
    answer = client.get("/api/events", params={"q": "x" * 201})
    assert answer.status_code == 422 and answer.json()["detail"][0]["parameter"] == "q"


def test_sorts_and_pages_list_unplaced_incidents_too(client):
    assert listed(client, sort="-date")[0] == [4, 3, 2, 1, 5]  # the same day: the newer id first
    assert listed(client, sort="killed")[0] == [5, 2, 4, 3, 1]
    assert listed(client, sort="place")[0] == [1, 2, 3, 4, 5]  # I‘zāz, Saraqib, then those without a place
    assert listed(client, sort="-place")[0] == [2, 1, 5, 4, 3]  # without a place still last
    ids, totals = listed(client, sort="killed", limit=2, offset=2)
    assert ids == [4, 3] and totals == ALL  # the totals are the selection's, not the page's
    assert listed(client, sort="killed", limit=2, offset=4)[0] == [1]
    assert client.get("/api/events", params={"sort": "deaths"}).status_code == 422


def test_totals_follow_filters_and_search_as_tally_does(client):
    assert listed(client)[1] == ALL
    sudan = listed(client, country="SD")[1]
    assert sudan == {"incidents": 2, "killed": 16, "killed_low": 16, "killed_high": 16, "civilians_killed": 16, "injured": 0}
    assert listed(client, country="SD", q="civilians") == ([3], {**sudan, "incidents": 1, "killed": 9, "killed_low": 9,
                                                                 "killed_high": 9, "civilians_killed": 9})
    rows = json.loads(run_cli("tally", "--db", client.db, "--by", "type", "--country", "SD", "--format", "json", timeout=120).stdout)
    assert (sum(r["incidents"] for r in rows), sum(r["killed"] for r in rows), sum(r["injured"] for r in rows)) == (2, 16, 0)
    sides = json.loads(run_cli("tally", "--db", client.db, "--by", "side", "--format", "json", timeout=120).stdout)
    assert {r["side"]: r["killed"] for r in sides}["civilians"] == ALL["civilians_killed"]


def test_the_map_and_timeline_follow_the_search(client):
    features = client.get("/api/events.geojson", params={"q": "people"}).json()["features"]
    assert [f["properties"]["event_id"] for f in features] == [2]
    weeks = client.get("/api/timeline", params={"q": "gunmen"}).json()["weeks"]
    assert sum(sum(w["killed"].values()) for w in weeks) == 3


def test_downloads_are_the_selection_as_export_writes_it(client):
    for output_format in ("csv", "jsonl", "geojson"):
        answer = client.get(f"/api/export.{output_format}", params={"country": "SD"})
        assert answer.status_code == 200
        assert f'filename="warmonitor-events.{output_format}"' in answer.headers["content-disposition"]
        exported = subprocess.run([sys.executable, "-m", "warmonitor", "export", "--db", client.db, "--country", "SD",
                                   "--format", output_format], capture_output=True, timeout=120)
        assert answer.content == exported.stdout  # bytes: CSV's lines end in CRLF in both
    searched = client.get("/api/export.csv", params={"q": "villagers"})
    exported = subprocess.run([sys.executable, "-m", "warmonitor", "export", "--db", client.db, "--search", "villagers"],
                              capture_output=True, timeout=120)
    assert searched.content == exported.stdout  # the CLI's --search is the API's q
    rows = list(csv.DictReader(io.StringIO(searched.text)))
    assert [(r["event_id"], r["location"], r["fatalities"]) for r in rows] == [("4", "", "7")]
    placed = client.get("/api/export.geojson").json()["features"]
    assert sorted(f["properties"]["event_id"] for f in placed) == [1, 2]  # GeoJSON: only what has a place
    assert len(client.get("/api/export.jsonl").text.splitlines()) == 5
    assert client.get("/api/export.xlsx").status_code == 422


def test_event_page_cites_the_incident_and_names_its_outlet(client):
    html = client.get("/events/1").text
    today = datetime.now(timezone.utc).date().isoformat()
    public = client.get("/api/events/1").json()["public_id"]  # cited by it: tests/test_api_public_ids.py
    line = (f"warmonitor, incident {public}: air strike, I‘zāz, Aleppo, Syria, 2024-06-02. 12 killed, of whom 12 civilians; "
            f"0 injured. Sources: SANA (Syrian Arab News Agency) (1 report). http://testserver/events/{public} (retrieved {today}).")
    assert f'<p class="cite-text" id="cite-text">{line}</p>' in html
    json_ld = json.loads(html.split('<script type="application/ld+json" id="json-ld">')[1].split("</script>")[0])
    assert (json_ld["@type"], json_ld["url"], json_ld["description"], json_ld["sdDatePublished"]) == (
        "Dataset", f"http://testserver/events/{public}", line, today)
    assert [(v["name"], v["value"]) for v in json_ld["variableMeasured"]] == [("killed", 12), ("civilians killed", 12), ("injured", 0)]
    assert json_ld["isBasedOn"][0]["publisher"]["name"] == "SANA (Syrian Arab News Agency)"
    assert '<span class="outlet-owner">(Syrian government; state-affiliated)</span>' in html
    unknown = client.get("/events/3").text  # an outlet the data file does not know keeps its code
    assert '<span class="outlet" data-outlet="tawila">tawila</span>' in unknown
    assert "Sources: tawila; medics (1 report)" in unknown
