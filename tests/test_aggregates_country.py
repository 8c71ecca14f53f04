"""Aggregates by country and conflict; conflict filters by a pack's name or slug in any case.

The store holds two invented reports, their conflict and country set by hand as the
conflict packs set them: 9 civilians killed by shelling in Sudan with a quoted total of
at least 300 civilians since the start of the year (no place named: the report's country),
and 12 civilians killed in an air strike on Azaz with a total of 150 "in Syria".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from warmonitor.extract import extract
from warmonitor.publish.aggregates import aggregate_items
from warmonitor.publish.filters import FilterError, IncidentFilter, conflict_named, parse_where
from warmonitor.publish.tally import tally
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.store.database import open_store
from warmonitor.store.writer import StoreWriter

REPORTS = [
    ("market", "Shelling killed 9 civilians in a market on Monday. Since the start of the year, at least 300 "
               "civilians have been killed in the state, a monitor said.", "Sudan", "SD"),
    ("azaz", "An air strike killed 12 civilians in the town of Azaz on Sunday. Since the start of the year, at "
             "least 150 civilians have been killed in Syria, a monitor said.", "Syria", "SY"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = open_store(str(tmp_path_factory.mktemp("aggregates") / "store.sqlite"))
    writer = StoreWriter(engine)
    for name, text, conflict, country in REPORTS:
        report = resolve(extract(Document(id=name, text=text, published=date(2024, 6, 4), outlet=name)))
        writer.add(replace(report, conflict=conflict, country=country))
    yield engine
    engine.dispose()


def totals(engine, **filters) -> list[tuple]:
    with engine.connect() as connection:
        items = aggregate_items(connection, None, None, None, **filters)
    return sorted((i["count"], i["country"], i["ours_killed"]) for i in items)


def test_aggregates_by_country_code_or_name(engine):
    # Each total beside its own country's incidents (9 and 12), not all 21 of the store.
    assert totals(engine) == [(150, "SY", 12), (300, "SD", 9)]
    assert totals(engine, country="SD") == totals(engine, country="sudan") == [(300, "SD", 9)]
    assert totals(engine, country="UA") == []


def test_aggregates_by_conflict_name_or_slug_in_any_case(engine):
    assert totals(engine, conflict="SYRIA") == totals(engine, conflict="syria") == [(150, "SY", 12)]
    assert totals(engine, conflict="Yemen") == []


def test_an_unknown_country_or_conflict_is_one_line(engine):
    for filters in ({"country": "Narnia"}, {"conflict": "Narnia war"}):
        with pytest.raises(FilterError, match="Narnia") as error:
            totals(engine, **filters)
        assert "\n" not in str(error.value)


def test_conflict_names_and_slugs_fold_case_and_dashes():
    assert conflict_named("yemen") == conflict_named("Yemen War") == "Yemen war"
    assert conflict_named("ukraine-russia") == conflict_named("RUSSIA–UKRAINE WAR") == "Russia-Ukraine war"
    assert conflict_named("Narnia") is None
    assert parse_where(["conflict=dr-congo"]) == {"conflict": "DR Congo"}


def test_incidents_filter_by_a_conflicts_slug_in_any_case(engine):
    with engine.connect() as connection:
        rows = tally(connection, "country", IncidentFilter(conflict="sudan"))
        everywhere = tally(connection, "country", IncidentFilter())
    assert [(r.key, r.killed) for r in rows] == [("SD", 9)]
    assert sorted((r.key, r.killed) for r in everywhere) == [("SD", 9), ("SY", 12)]


def test_the_cli_and_the_api_filter_aggregates_by_country_and_conflict(engine):
    from fastapi.testclient import TestClient

    from conftest import run_cli
    from warmonitor.publish.api import create_app

    store = engine.url.database
    shown = run_cli("aggregates", "--db", store, "--country", "SD")
    assert shown.returncode == 0 and "300" in shown.stdout and "150" not in shown.stdout
    refused = run_cli("aggregates", "--db", store, "--conflict", "Narnia war")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    client = TestClient(create_app(engine))
    items = client.get("/api/aggregates", params={"conflict": "syria"}).json()["items"]
    assert [(i["count"], i["country"]) for i in items] == [(150, "SY")]
    assert client.get("/api/aggregates", params={"country": "Narnia"}).status_code == 422
