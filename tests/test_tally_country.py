"""Tallies, exports, the API and the dashboard by country and by conflict.

The store holds three invented reports, their conflict and country set by hand as the
conflict packs will set them: an air strike in Azaz (Syria, 12 civilians killed),
shelling in a market of Tawila and an attack near Umm Zeefa (Sudan, 9 and 7 civilians;
the gazetteer places neither, so both take their report's country). Expected figures
are worked out from those sentences.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from warmonitor.extract import extract
from warmonitor.publish.api import create_app
from warmonitor.publish.countries import country_code, country_name
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

from conftest import run_cli

REPORTS = [
    ("azaz", "An air strike killed 12 civilians in the town of Azaz on Sunday, a monitor said.", "Syria", "SY"),
    ("tawila", "Shelling killed 9 civilians in the market of Tawila on Monday, medics said.", "Sudan", "SD"),
    ("umm-zeefa", "Militiamen killed 7 villagers near the town of Umm Zeefa on Tuesday, residents said.", "Sudan", "SD"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("country") / "store.sqlite")
    engine = open_store(path)
    writer = StoreWriter(engine)
    for name, text, conflict, country in REPORTS:
        report = resolve(extract(Document(id=name, text=text, published=date(2024, 6, 4), outlet=name)))
        writer.add(replace(report, conflict=conflict, country=country))
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def client(db):
    engine = open_store(db, read_only=True)
    with TestClient(create_app(engine)) as client:
        yield client
    engine.dispose()


def warmonitor(*args: str) -> str:
    done = run_cli(*args, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def tallied(db: str, *args: str) -> dict[str, tuple[int, int]]:
    """`warmonitor tally ... --format json`: incidents and killed by key."""
    rows = json.loads(warmonitor("tally", "--db", db, "--format", "json", *args))
    by = args[args.index("--by") + 1]
    return {row[by]: (row["incidents"], row["killed"]) for row in rows}


def test_country_codes_and_names():
    assert country_name("SD") == "Sudan" and country_name("UA") == "Ukraine"
    assert country_code("sd") == country_code("Sudan") == country_code(" sudan ") == "SD"
    assert country_code("Narnia") is None and country_code("QQ") is None


def test_tally_by_country_and_by_conflict(db):
    assert tallied(db, "--by", "country") == {"SD": (2, 16), "SY": (1, 12)}
    assert tallied(db, "--by", "conflict") == {"Sudan": (2, 16), "Syria": (1, 12)}


def test_tally_filters_by_country_or_conflict(db):
    sudan = {"shelling": (1, 9), "attack_on_civilians": (1, 7)}
    assert tallied(db, "--by", "type", "--country", "SD") == sudan
    assert tallied(db, "--by", "type", "--country", "sudan") == sudan  # a name does as well as a code
    assert tallied(db, "--by", "type", "--where", "country=sd") == sudan
    assert tallied(db, "--by", "type", "--conflict", "Syria") == {"air_strike": (1, 12)}
    assert tallied(db, "--by", "type", "--where", "conflict=Syria") == {"air_strike": (1, 12)}
    assert tallied(db, "--by", "type", "--conflict", "Syria", "--country", "SD") == {}


def test_tally_table_names_the_country(db):
    table = warmonitor("tally", "--db", db, "--by", "country")
    assert "Sudan (SD)" in table and "Syria (SY)" in table


def test_an_unknown_country_is_refused_in_one_line(db):
    done = run_cli("tally", "--db", db, "--country", "Narnia", timeout=120)
    assert done.returncode == 2 and "Narnia" in done.stderr and "Traceback" not in done.stderr


def test_export_keys_the_country_by_its_code(db):
    rows = [json.loads(line) for line in warmonitor("export", "--db", db, "--format", "jsonl", "--conflict", "Sudan").splitlines()]
    assert sorted((r["country"], r["conflict"], r["fatalities"]) for r in rows) == [("SD", "Sudan", 7), ("SD", "Sudan", 9)]
    header = warmonitor("export", "--db", db, "--country", "SY").splitlines()[0].split(",")
    assert header[header.index("admin1") - 2:header.index("admin1")] == ["conflict", "country"]


def test_api_filters_by_country_and_conflict(client):
    def total(**params):
        body = client.get("/api/events", params=params)
        assert body.status_code == 200, body.text
        return body.json()["total"]

    assert (total(), total(country="SD"), total(country="sd"), total(country="SY"), total(country="UA")) == (3, 2, 2, 1, 0)
    assert (total(conflict="Sudan"), total(conflict="Syria"), total(conflict="Sudan", country="SY")) == (2, 1, 0)
    [event] = client.get("/api/events", params={"conflict": "Syria"}).json()["items"]
    assert (event["country"], event["conflict"], event["fatalities"]) == ("SY", "Syria", 12)
    rows = client.get("/api/tallies", params={"by": "country"}).json()["rows"]
    assert {r["key"]: r["killed"] for r in rows} == {"SD": 16, "SY": 12}
    rows = client.get("/api/tallies", params={"by": "conflict", "country": "SD"}).json()["rows"]
    assert [(r["key"], r["incidents"]) for r in rows] == [("Sudan", 2)]
    weeks = client.get("/api/timeline", params={"country": "SY"}).json()["weeks"]
    assert sum(sum(w["killed"].values()) for w in weeks) == 12


@pytest.mark.parametrize("country", ["Sudan", "S", "SDN", "S1"])
def test_api_refuses_a_country_that_is_not_a_code(client, country):
    answer = client.get("/api/events", params={"country": country})
    assert answer.status_code == 422 and answer.json()["detail"][0]["parameter"] == "country"


class Selects(HTMLParser):
    """The dashboard's selects: name -> [(value, text, selected)]."""

    def __init__(self) -> None:
        super().__init__()
        self.selects: dict[str, list] = {}
        self.current: str | None = None
        self.option: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.current = attrs.get("name")
            self.selects[self.current] = []
        elif tag == "option" and self.current:
            self.option = [attrs.get("value"), "", "selected" in attrs]
            self.selects[self.current].append(self.option)

    def handle_data(self, data):
        if self.option is not None:
            self.option[1] += data.strip()

    def handle_endtag(self, tag):
        if tag == "option":
            self.option = None
        elif tag == "select":
            self.current = None


def selects(html: str) -> dict[str, list]:
    parser = Selects()
    parser.feed(html)
    return {name: [tuple(option) for option in options] for name, options in parser.selects.items()}


def test_dashboard_selects_a_country_by_its_name_and_a_conflict(client):
    page = selects(client.get("/").text)
    assert page["country"] == [("", "all", False), ("SD", "Sudan", False), ("SY", "Syria", False)]
    assert page["conflict"] == [("", "all", False), ("Sudan", "Sudan", False), ("Syria", "Syria", False)]
    chosen = selects(client.get("/", params={"country": "SD", "conflict": "Sudan"}).text)
    assert [value for value, _, selected in chosen["country"] if selected] == ["SD"]
    assert [value for value, _, selected in chosen["conflict"] if selected] == ["Sudan"]


def test_event_page_names_its_country_and_conflict(client):
    [event] = client.get("/api/events", params={"country": "SY"}).json()["items"]
    page = client.get(f"/events/{event['event_id']}").text
    assert "<dt>Country</dt><dd>Syria</dd>" in page and "<dt>Conflict</dt><dd>Syria</dd>" in page


def test_show_names_the_country_and_conflict(db, client):
    [event] = client.get("/api/events", params={"country": "SY"}).json()["items"]
    shown = warmonitor("show", "--db", db, str(event["event_id"]))
    assert ", Syria (" in shown and "conflict: Syria" in shown


def test_a_reports_json_line_carries_its_country_and_conflict():
    from warmonitor.publish.jsonl import report_to_dict

    name, text, conflict, country = REPORTS[1]
    report = resolve(extract(Document(id=name, text=text, published=date(2024, 6, 4))))
    unknown = report_to_dict(replace(report, conflict=None, country=None))
    assert (unknown["country"], unknown["conflict"]) == (None, None)
    line = report_to_dict(replace(report, conflict=conflict, country=country))
    assert (line["country"], line["conflict"]) == ("SD", "Sudan")
