"""`warmonitor serve`'s application (docs/api.md), in-process with FastAPI's TestClient.

The store is built once per module, by the real command line, from the bundled samples;
a second store holds hostile reports (markup in their text, title and outlet) to show that
pages escape report text and the JSON API returns it unchanged, as plain text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warmonitor.publish.api import create_app
from warmonitor.publish.fields import DIMENSIONS
from warmonitor.store.database import open_store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "src" / "warmonitor" / "samples"
SAMPLE_FILES = [SAMPLES / "seed-idlib-2019-05-25.txt", SAMPLES / "fa-kes-rashidin-2017-04.csv"]

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    f"A car bomb killed 12 people in Azaz on Sunday {SCRIPT}, activists said.\n"
    f"The blast {IMG} wounded 20 others near the market, the Syrian Observatory for Human Rights said.\n"
)
HOSTILE_TITLE = '<script>alert("title")</script> Blast in Jisr al-Shughur'
HOSTILE_OUTLET = "<b>evil-outlet</b>"
HOSTILE_CSV = (
    "unit_id,article_title,article_content,source,date\n"
    f'h-1,"{HOSTILE_TITLE.replace(chr(34), chr(34) * 2)}","Sun 2 Jun 2019. An air strike killed 7 civilians in '
    f'Jisr al-Shughur <img src=x onerror=alert(2)> on Saturday, rescuers said.",{HOSTILE_OUTLET},2019-06-02\n'
)
TRACE_MARKERS = ("Traceback", 'File "', ".py\"", "sqlalchemy", "sqlite3", "Error:")


def ingest(db: Path, *inputs: Path) -> None:
    """`warmonitor ingest` into ``db``, as a user would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", str(db), *map(str, inputs)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"ingest failed ({done.returncode}):\n{done.stderr}"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "store.sqlite"
    ingest(db, *SAMPLE_FILES)
    engine = open_store(str(db))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(engine):
    with TestClient(create_app(engine)) as client:
        yield client


@pytest.fixture(scope="module")
def everything(client) -> list[dict]:
    """Every event, in the default order (newest first)."""
    body = client.get("/api/events", params={"limit": 500}).json()
    assert body["total"] == len(body["items"]) > 0
    return body["items"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    report = folder / "hostile-azaz-2019-06-02.txt"
    report.write_text(HOSTILE_TEXT, encoding="utf-8")
    corpus = folder / "hostile.csv"
    corpus.write_text(HOSTILE_CSV, encoding="utf-8")
    db = folder / "store.sqlite"
    ingest(db, report, corpus)
    engine = open_store(str(db))
    with TestClient(create_app(engine)) as client:
        yield client
    engine.dispose()


def events(client, **params) -> dict:
    response = client.get("/api/events", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])
    return body


def ids(items) -> list[int]:
    return [e["event_id"] for e in items]


def assert_clean_error(response) -> None:
    """An error: JSON with a detail, never a stack trace or a database message."""
    assert response.headers["content-type"].startswith("application/json"), response.headers
    assert "detail" in response.json()
    for marker in TRACE_MARKERS:
        assert marker not in response.text, f"{marker!r} in error body: {response.text[:500]}"


# --- the events list ---------------------------------------------------------------------


def test_events_shape(client, everything):
    body = client.get("/api/events").json()
    assert (body["limit"], body["offset"]) == (50, 0)
    assert body["total"] == len(everything)
    keys = {
        "event_id", "public_id", "event_date", "event_type", "actor1", "actor1_side", "actor2", "actor2_side", "conflict", "country", "admin1",
        "location", "latitude", "longitude", "geonameid", "fatalities", "fatalities_low", "fatalities_high",
        "civilian_fatalities", "injuries", "reports", "figures",
    }
    for event in everything:
        assert set(event) == keys
        for figure in event["figures"]:
            assert set(figure) == {"outcome", "category", "best", "low", "high"}
            if None not in (figure["low"], figure["best"], figure["high"]):
                assert figure["low"] <= figure["best"] <= figure["high"]
    # The samples: the Idlib seed report (2019) and April 2017 FA-KES rows, with figures.
    assert any(e["fatalities"] for e in everything)
    assert {"Idlib", "Aleppo"} <= {e["admin1"] for e in everything}


def test_default_sort_is_newest_first(everything):
    dates = [e["event_date"] for e in everything if e["event_date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("sort", ["date", "-date", "killed", "-killed"])
def test_sort(client, everything, sort):
    items = events(client, sort=sort)["items"]
    assert sorted(ids(items)) == sorted(ids(everything))
    key = "event_date" if sort.endswith("date") else "fatalities"
    values = [e[key] for e in items if e[key] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))
    # Ties are broken by id, in the same direction: the order is total and stable.
    pairs = [(e[key], e["event_id"]) for e in items if e[key] is not None]
    assert pairs == sorted(pairs, reverse=sort.startswith("-"))


@pytest.mark.parametrize("sort", ["-date", "killed"])
def test_pagination_walks_every_event_once(client, everything, sort):
    whole = ids(events(client, sort=sort)["items"])
    pages, offset = [], 0
    while True:
        body = client.get("/api/events", params={"sort": sort, "limit": 4, "offset": offset}).json()
        assert (body["total"], body["limit"], body["offset"]) == (len(everything), 4, offset)
        if not body["items"]:
            break
        assert len(body["items"]) <= 4
        pages += ids(body["items"])
        offset += 4
    assert pages == whole


def test_offset_past_the_end(client, everything):
    body = client.get("/api/events", params={"offset": 10_000}).json()
    assert body["total"] == len(everything) and body["items"] == []


def test_limit_bounds(client, everything):
    assert len(client.get("/api/events", params={"limit": 1}).json()["items"]) == 1
    assert len(client.get("/api/events", params={"limit": 500}).json()["items"]) == len(everything)


# --- filters -----------------------------------------------------------------------------


def test_filter_admin1(client, everything):
    expected = [e["event_id"] for e in everything if e["admin1"] == "Idlib"]
    assert expected, "the samples have an Idlib event"
    body = events(client, admin1="Idlib")
    assert ids(body["items"]) == expected and body["total"] == len(expected)
    assert events(client, admin1="Atlantis")["total"] == 0


def test_filter_dates(client, everything):
    body = events(client, **{"from": "2017-04-15", "to": "2017-04-16"})
    expected = [e["event_id"] for e in everything if e["event_date"] and "2017-04-15" <= e["event_date"] <= "2017-04-16"]
    assert expected and ids(body["items"]) == expected
    only_2019 = events(client, **{"from": "2019-01-01"})["items"]
    assert only_2019 and all(e["event_date"] >= "2019-01-01" for e in only_2019)
    until_2017 = events(client, to="2017-12-31")["items"]
    assert until_2017 and all(e["event_date"] <= "2017-12-31" for e in until_2017)
    assert len(only_2019) + len(until_2017) == sum(1 for e in everything if e["event_date"])
    assert events(client, **{"from": "2030-01-01"})["total"] == 0


def test_filter_type(client, everything):
    kind = next(e["event_type"] for e in everything if e["event_type"])
    body = events(client, type=kind)
    assert ids(body["items"]) == [e["event_id"] for e in everything if e["event_type"] == kind]


def test_filter_side(client, everything):
    def concerns(event, side):
        return side in {f["category"] for f in event["figures"]} or side in (event["actor1_side"], event["actor2_side"])

    for side in ("civilians", "government", "opposition"):
        expected = [e["event_id"] for e in everything if concerns(e, side)]
        assert expected, side
        assert ids(events(client, side=side)["items"]) == expected, side


def test_filter_min_killed(client, everything):
    body = events(client, min_killed=100)
    assert body["items"] and all(e["fatalities"] >= 100 for e in body["items"])
    assert ids(body["items"]) == [e["event_id"] for e in everything if (e["fatalities"] or 0) >= 100]
    assert events(client, min_killed=0)["total"] == sum(1 for e in everything if e["fatalities"] is not None)


def test_filter_bbox(client, everything):
    # North-west Syria: Idlib and Aleppo, not Rif Dimashq.
    west, south, east, north = 35.5, 35.5, 38.0, 37.0
    body = events(client, bbox=f"{west},{south},{east},{north}")
    expected = [
        e["event_id"] for e in everything
        if e["latitude"] is not None and west <= e["longitude"] <= east and south <= e["latitude"] <= north
    ]
    assert expected and ids(body["items"]) == expected
    assert "Rif Dimashq" not in {e["admin1"] for e in body["items"]}
    assert events(client, bbox="-10,-10,-5,-5")["total"] == 0


def test_filter_place_and_actor(client, everything):
    place = next(e["location"] for e in everything if e["location"])
    assert ids(events(client, place=place)["items"]) == [e["event_id"] for e in everything if e["location"] == place]
    actor = next((e["actor1"] for e in everything if e["actor1"]), None)
    if actor:
        expected = [e["event_id"] for e in everything if actor in (e["actor1"], e["actor2"])]
        assert ids(events(client, actor=actor)["items"]) == expected


def test_filters_combine(client, everything):
    body = events(client, admin1="Aleppo", min_killed=1, **{"from": "2017-01-01"})
    expected = [
        e["event_id"] for e in everything
        if e["admin1"] == "Aleppo" and (e["fatalities"] or 0) >= 1 and e["event_date"] >= "2017-01-01"
    ]
    assert expected and ids(body["items"]) == expected


def test_a_prepared_statement_selects_what_the_applied_filter_selects(engine):
    """/api/events runs a statement built once for each set of filters, their values
    bound (SearchFilter.prepare); tallies and exports put the values in (apply)."""
    from sqlalchemy import select

    from warmonitor.publish.search import SearchFilter
    from warmonitor.store import schema as t

    query = select(t.incident.c.id).order_by(t.incident.c.id)
    cases = [
        SearchFilter(), SearchFilter(recalled=True), SearchFilter(admin1="Idlib"),
        SearchFilter(admin1="Aleppo", min_killed=1, start=date(2017, 1, 1), end=date(2017, 4, 30)),
        SearchFilter(side="civilians", bbox=(35.5, 35.5, 38.0, 37.0)), SearchFilter(country="SY", conflict="syria"),
        SearchFilter(type="air_strike", min_killed=0), SearchFilter(text="killed", admin1="Idlib"),
    ]
    with engine.connect() as connection:
        for filters in cases:
            applied = connection.execute(filters.apply(query)).scalars().all()
            assert connection.execute(*filters.prepare(query)).scalars().all() == applied, filters
        assert connection.execute(*SearchFilter(admin1="Idlib").prepare(query)).scalars().all()
    # One statement for every value of the same filters.
    assert SearchFilter(admin1="Idlib").prepare(query)[0] is SearchFilter(admin1="Aleppo").prepare(query)[0]


# --- one event, one document ---------------------------------------------------------------


def test_event_detail(client, everything):
    deadliest = max(everything, key=lambda e: e["fatalities"] or 0)
    body = client.get(f"/api/events/{deadliest['event_id']}").json()
    summary = {k: v for k, v in body.items() if k not in ("reports", "source_figures")}
    assert summary == {k: v for k, v in deadliest.items() if k != "reports"}
    assert body["reports"]
    report_keys = {"document_id", "external_id", "outlet", "title", "published", "url", "is_copy", "language", "credited", "evidence", "claims"}
    claim_keys = {"claim_id", "count", "vague", "qualifier", "outcome", "group", "side", "scope", "status", "quote", "span", "counted", "why"}
    counted = 0
    for report in body["reports"]:
        assert set(report) == report_keys
        text = client.get(f"/api/documents/{report['document_id']}").json()["text"]
        for start, end in report["evidence"]:
            assert 0 <= start < end <= len(text)
        for claim in report["claims"]:
            assert set(claim) == claim_keys
            start, end = claim["span"]
            assert text[start:end] == claim["quote"], "a claim's span is its quote in the document's text"
            assert any(a <= start and end <= b for a, b in report["evidence"]), "each claim lies in an evidence sentence"
            counted += claim["counted"]
    assert counted, "the deadliest event has counted claims"


def test_event_seed_figures(client, everything):
    """The seed report: 23 pro-government forces among 55 combatants killed in Idlib/Hama."""
    seed = [e for e in everything if e["event_date"] == "2019-05-25" and e["fatalities"]]
    assert seed
    figures = {(f["outcome"], f["category"]): f["best"] for e in seed for f in e["figures"]}
    assert figures.get(("killed", "government")) == 23


def test_document(client, everything):
    event = client.get(f"/api/events/{everything[0]['event_id']}").json()
    document_id = event["reports"][0]["document_id"]
    body = client.get(f"/api/documents/{document_id}").json()
    assert set(body) == {"document_id", "external_id", "outlet", "title", "published", "url", "is_copy", "language", "text"}
    assert body["document_id"] == document_id and body["text"]
    published = [d for d in (client.get(f"/api/documents/{i}").json().get("published") for i in range(1, 4)) if d]
    for day in published:
        date.fromisoformat(day)


@pytest.mark.parametrize("path", ["/api/events/999999", "/api/documents/999999", "/api/nothing-here"])
def test_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_clean_error(response)


@pytest.mark.parametrize(("path", "says"), [
    ("/events/999999", "There is no event 999999 in this store."),
    ("/events/not-a-number", "There is no page at this address"),
    ("/nothing-here", "There is no page at this address."),
])
def test_a_page_not_found_is_a_page(client, path, says):
    """A person who follows a dead link gets a page that says so and leads back, not JSON."""
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert says in response.text and '<a href="/" id="back-to-dashboard">' in response.text
    assert "content-security-policy" in response.headers
    for marker in TRACE_MARKERS:
        assert marker not in response.text


# --- GeoJSON, tallies, timeline, aggregates ----------------------------------------------


def test_geojson(client, everything):
    response = client.get("/api/events.geojson")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    placed = [e for e in everything if e["latitude"] is not None]
    assert placed and len(body["features"]) == len(placed)
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        properties = feature["properties"]
        assert (lon, lat) == (properties["longitude"], properties["latitude"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert {"event_id", "event_type", "fatalities", "admin1"} <= set(properties)
    deadliest_first = [f["properties"]["fatalities"] for f in body["features"]]
    assert deadliest_first == sorted(deadliest_first, reverse=True)


def test_geojson_filters(client, everything):
    features = client.get("/api/events.geojson", params={"admin1": "Aleppo", "min_killed": 1}).json()["features"]
    expected = {e["event_id"] for e in everything if e["latitude"] is not None and e["admin1"] == "Aleppo" and (e["fatalities"] or 0) >= 1}
    assert expected and {f["properties"]["event_id"] for f in features} == expected
    box = client.get("/api/events.geojson", params={"bbox": "36,33,37,34"}).json()["features"]
    assert box and all(36 <= f["geometry"]["coordinates"][0] <= 37 and 33 <= f["geometry"]["coordinates"][1] <= 34 for f in box)


@pytest.fixture(scope="module")
def store_path(engine) -> str:
    return engine.url.database


@pytest.mark.parametrize("by", DIMENSIONS)
def test_tallies_by_every_dimension(client, by):
    body = client.get("/api/tallies", params={"by": by}).json()
    assert body["by"] == by and body["rows"]
    killed = [r["killed"] for r in body["rows"]]
    assert killed == sorted(killed, reverse=True), "the deadliest first"
    for row in body["rows"]:
        assert set(row) == {"key", "incidents", "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high"}
        assert row["killed_low"] <= row["killed"] <= row["killed_high"]


@pytest.mark.parametrize("by", ["side", "admin1", "week"])
def test_tallies_match_the_command_line_tally(client, store_path, by):
    body = client.get("/api/tallies", params={"by": by}).json()
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor", "tally", "--db", store_path, "--by", by, "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    expected = [{"key": row.pop(by), **row} for row in json.loads(done.stdout)]
    assert body["rows"] == expected


def test_tallies_default_and_filters(client, everything):
    assert client.get("/api/tallies").json()["by"] == "side"
    rows = client.get("/api/tallies", params={"by": "admin1", "admin1": "Aleppo"}).json()["rows"]
    assert [r["key"] for r in rows] == ["Aleppo"]
    aleppo = [e for e in everything if e["admin1"] == "Aleppo"]
    assert rows[0]["killed"] == sum(e["fatalities"] or 0 for e in aleppo)
    assert client.get("/api/tallies", params={"from": "2030-01-01"}).json()["rows"] == []


def test_timeline(client, everything):
    body = client.get("/api/timeline").json()
    assert body["series"] == sorted(body["series"]) and body["series"]
    weeks = [w["week"] for w in body["weeks"]]
    assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks)
    expected_total = 0
    for event in everything:
        if event["event_date"]:
            expected_total += sum(f["best"] or 0 for f in event["figures"] if f["outcome"] == "killed")
    assert sum(sum(w["killed"].values()) for w in body["weeks"]) == expected_total
    for week in body["weeks"]:
        start = date.fromisoformat(week["start"])
        year, number, weekday = start.isocalendar()
        assert weekday == 1 and week["week"] == f"{year}-W{number:02d}"
        assert set(week["killed"]) <= set(body["series"])
    assert "2017-W15" in weeks and "2019-W21" in weeks


def test_timeline_filters(client):
    body = client.get("/api/timeline", params={"side": "civilians"}).json()
    assert "civilians" in body["series"]
    only_2019 = client.get("/api/timeline", params={"from": "2019-01-01"}).json()
    assert only_2019["weeks"] and all(w["start"] >= "2018-12-31" for w in only_2019["weeks"])
    assert client.get("/api/timeline", params={"admin1": "Atlantis"}).json() == {"series": [], "weeks": []}


@pytest.mark.parametrize(("path", "by"), [("/api/events", None), ("/api/events.geojson", None), ("/api/tallies", "side"),
                                          ("/api/tallies", "group"), ("/api/tallies", "admin1"), ("/api/timeline", None)])
@pytest.mark.parametrize("side", ["civilians", "government", "nobody"])
def test_side_filter_on_every_endpoint(client, path, by, side):
    """The side filter's EXISTS over incident figures must not be swallowed by queries
    that themselves select from the figures (tallies by side/group, the timeline)."""
    response = client.get(path, params={"side": side, **({"by": by} if by else {})})
    assert response.status_code == 200, f"{path} by={by} side={side}: {response.status_code} {response.text[:200]}"


def test_side_filter_narrows_tallies_and_timeline(client, everything):
    civilians = [e for e in everything if "civilians" in {f["category"] for f in e["figures"]}
                 or "civilians" in (e["actor1_side"], e["actor2_side"])]
    rows = client.get("/api/tallies", params={"by": "side", "side": "civilians"}).json()["rows"]
    assert "civilians" in {r["key"] for r in rows}
    assert max(r["incidents"] for r in rows) <= len(civilians)
    weeks = client.get("/api/timeline", params={"side": "civilians"}).json()["weeks"]
    expected = sum(f["best"] or 0 for e in civilians for f in e["figures"] if f["outcome"] == "killed")
    assert sum(sum(w["killed"].values()) for w in weeks) == expected


def test_aggregates(client):
    items = client.get("/api/aggregates").json()["items"]
    assert items
    keys = {"count", "qualifier", "outcome", "group", "period_start", "period_end", "area", "admin1", "source",
            "document_id", "quote", "ours_killed", "ours_events"}
    for item in items:
        assert keys <= set(item)
    # The seed report's "more than 370,000 people" since 2011.
    assert any(i["count"] == 370000 for i in items)
    later = client.get("/api/aggregates", params={"from": "2019-01-01"}).json()["items"]
    assert later and all(i["period_end"] is None or i["period_end"] >= "2019-01-01" for i in later)
    assert len(later) < len(items)
    assert client.get("/api/aggregates", params={"admin1": "Atlantis"}).json()["items"] == []
    # Only like beside like: a total of all people or of civilians, never of children.
    for item in items:
        if item["period_start"] and item["period_end"]:
            comparable = item["group"] == "unspecified" or (item["group"], item["outcome"]) == ("civilians", "killed")
            assert (item["ours_killed"] is not None) == comparable


# --- pages, docs, schema -----------------------------------------------------------------


def test_openapi_lists_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/events", "/api/events.geojson", "/api/events/{event_id}", "/api/documents/{document_id}",
                 "/api/tallies", "/api/timeline", "/api/aggregates"):
        assert set(paths[path]) == {"get"}, path
    assert all(set(operations) == {"get"} for operations in paths.values())
    assert client.get("/docs").status_code == 200


def test_pages(client, everything):
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and dashboard.headers["content-type"].startswith("text/html")
    for hook in ('id="map"', 'id="filters"', 'id="timeline"', 'id="event-count"'):
        assert hook in dashboard.text
    assert '<option value="Idlib"' in dashboard.text
    page = client.get(f"/events/{everything[0]['event_id']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert client.get("/aggregates").status_code == 200
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


def test_event_page_marks_the_sentences_behind_figures(client, everything):
    seed = next(e for e in everything if e["event_date"] == "2019-05-25" and e["fatalities"])
    html = client.get(f"/events/{seed['event_id']}").text
    marks = Page.parse(html).marks
    assert any("23 pro-government forces" in m for m in marks), marks


def test_filters_reflected_on_the_dashboard_are_escaped(client):
    html = client.get("/", params={"admin1": SCRIPT, "type": IMG, "from": '"><script>alert(3)</script>'}).text
    assert SCRIPT not in html and IMG not in html and "<script>alert(3)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Page.parse(html).inline_scripts == []


# --- errors --------------------------------------------------------------------------------


BAD = [
    ("/api/events", {"from": "2017-13-01"}),
    ("/api/events", {"from": "yesterday"}),
    ("/api/events", {"to": "2017-02-30"}),
    ("/api/events", {"bbox": "1,2,3"}),
    ("/api/events", {"bbox": "a,b,c,d"}),
    ("/api/events", {"bbox": "40,30,35,36"}),  # west > east
    ("/api/events", {"bbox": "0,95,1,96"}),  # latitude out of range
    ("/api/events", {"bbox": "nan,nan,nan,nan"}),
    ("/api/events", {"limit": "0"}),
    ("/api/events", {"limit": "501"}),
    ("/api/events", {"limit": "many"}),
    ("/api/events", {"offset": "-1"}),
    ("/api/events", {"sort": "fatalities"}),
    ("/api/events", {"min_killed": "-1"}),
    ("/api/events", {"min_killed": "ten"}),
    ("/api/events", {"admin1": "x" * 81}),
    ("/api/events.geojson", {"bbox": "1,2,3,4,5"}),
    ("/api/events.geojson", {"from": "2017/04/01"}),
    ("/api/tallies", {"by": "colour"}),
    ("/api/tallies", {"by": "side", "bbox": "x"}),
    ("/api/timeline", {"to": "never"}),
    ("/api/aggregates", {"from": "01-04-2017"}),
    ("/api/events/0", {}),
    ("/api/events/abc", {}),
    ("/api/events/99999999999", {}),
    ("/api/documents/-1", {}),
    ("/api/events", {"q": "x" * 201}),
    ("/api/events", {"sort": "place;drop"}),
    ("/api/export.csv", {"min_killed": "ten"}),
    ("/api/export.jsonl", {"from": "soon"}),
]  # a page's address that is no page (/events/abc) is a 404 page: test_a_page_not_found_is_a_page


@pytest.mark.parametrize(("path", "params"), BAD, ids=[f"{p}?{q}" for p, q in BAD])
def test_invalid_parameters_are_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (400, 422), response.text
    assert_clean_error(response)
    assert response.json()["detail"], "says what is wrong"


def test_422_names_the_parameter(client):
    detail = client.get("/api/events", params={"limit": 0}).json()["detail"]
    assert any(d["parameter"] == "limit" for d in detail)
    detail = client.get("/api/events", params={"from": "2017-13-01"}).json()["detail"]
    assert any(d["parameter"] == "from" for d in detail)


ROUTES = ["/api/events", "/api/events.geojson", "/api/events/1", "/api/documents/1", "/api/tallies",
          "/api/timeline", "/api/aggregates", "/", "/events/1", "/aggregates", "/docs"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("path", ROUTES)
def test_nothing_but_get(client, path, method):
    response = client.request(method, path)
    assert response.status_code == 405, f"{method} {path}: {response.status_code}"
    assert response.headers.get("allow") == "GET"
    if method != "HEAD":
        assert_clean_error(response)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/static/vendor/leaflet/leaflet.js", "/no/such/page"])
def test_nothing_but_get_on_docs_static_and_unknown_paths(client, path, method):
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers.get("allow") == "GET"
    assert "content-security-policy" in response.headers


def test_an_internal_error_has_no_stack_trace(tmp_path):
    """A store without tables: every query fails inside the database layer."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with TestClient(create_app(engine), raise_server_exceptions=False) as broken:
        for path in ("/api/events", "/api/tallies", "/api/events/1", "/events/1"):
            response = broken.get(path)
            assert response.status_code == 500, path
            assert response.json() == {"detail": "internal error"}
            assert_clean_error(response)
    engine.dispose()


def test_an_internal_error_carries_the_security_headers(tmp_path):
    """docs/api.md: responses carry a Content-Security-Policy — 500s too. The handler of
    `Exception` runs in Starlette's ServerErrorMiddleware, outside the `http` middleware that
    sets the headers, so it has to set them itself."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with TestClient(create_app(engine), raise_server_exceptions=False) as broken:
        response = broken.get("/api/events")
        assert response.status_code == 500
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), response.headers
        assert response.headers.get("x-content-type-options") == "nosniff"
    engine.dispose()


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/events/1", "/aggregates", "/api/events", "/api/events/999999",
                                  "/api/events?limit=0", "/static/vendor/leaflet/leaflet.css", "/docs"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}
    assert directives.get("default-src") == ["'self'"], csp
    assert directives.get("script-src") == ["'self'"], csp
    assert directives.get("object-src") == ["'none'"], csp
    assert response.headers.get("x-content-type-options") == "nosniff"


def test_csp_allows_the_tile_host_for_images(engine):
    tiles = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    with TestClient(create_app(engine, tiles=tiles)) as client:
        response = client.get("/")
        csp = response.headers["content-security-policy"]
        img = next(d for d in csp.split(";") if d.strip().startswith("img-src")).split()
        assert "https://*.tile.openstreetmap.org" in img
        script = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()
        assert script == ["script-src", "'self'"]
        assert "data-tiles" in response.text


# --- hostile reports -----------------------------------------------------------------------


class Page(HTMLParser):
    """What a browser would make of a page: its elements, inline scripts, marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self.data_blocks: list[str] = []  # <script type="application/ld+json">: data a browser never runs
        self.marks: list[str] = []
        self._script: list[str] | None = None
        self._mark: list[str] | None = None

    @classmethod
    def parse(cls, html: str) -> "Page":
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = [] if not attrs.get("src") else None
            self._data = attrs.get("type") == "application/ld+json"
        if tag == "mark":
            self._mark = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            (self.data_blocks if self._data else self.inline_scripts).append("".join(self._script))
            self._script = None
        if tag == "mark" and self._mark is not None:
            self.marks.append("".join(self._mark))
            self._mark = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._mark is not None:
            self._mark.append(data)


def test_hostile_report_is_escaped_on_its_event_page(hostile):
    azaz = next(e for e in events(hostile)["items"] if e["fatalities"] == 12)
    response = hostile.get(f"/events/{azaz['event_id']}")
    assert response.status_code == 200
    html = response.text
    # Escaped, never raw.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert SCRIPT not in html and "<script>alert" not in html
    assert IMG not in html and "<img src=x" not in html and "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    page = Page.parse(html)
    # A browser would run no script but the app's own files, and build no <img> from the text.
    assert page.inline_scripts == []
    [json_ld] = page.data_blocks  # the citation's JSON-LD: report text in it cannot close the element
    assert "<" not in json_ld and json.loads(json_ld)["@type"] == "Dataset"
    assert all(attrs["src"].startswith("/static/") for tag, attrs in page.tags if tag == "script" and attrs.get("src"))
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    # The marked sentence is the one with the figure, shown with its markup as text.
    assert any(m == f"A car bomb killed 12 people in Azaz on Sunday {SCRIPT}, activists said." for m in page.marks), page.marks
    assert any(IMG in m and "wounded 20" in m for m in page.marks), page.marks


def test_hostile_title_and_outlet_are_escaped(hostile):
    strike = next(e for e in events(hostile)["items"] if e["civilian_fatalities"] == 7)
    html = hostile.get(f"/events/{strike['event_id']}").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;title&quot;)" in html
    assert "<script>alert(" not in html
    assert HOSTILE_OUTLET not in html and "&lt;b&gt;evil-outlet&lt;/b&gt;" in html
    assert "<img src=x" not in html
    page = Page.parse(html)
    assert page.inline_scripts == [] and not any(tag in ("img", "b") for tag, _ in page.tags)
    assert any(HOSTILE_TITLE in data for data in _texts(html))


def _texts(html: str) -> list[str]:
    texts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = texts.append  # type: ignore[method-assign]
    parser.feed(html)
    return texts


def test_hostile_report_is_plain_text_in_json(hostile):
    items = events(hostile)["items"]
    azaz = next(e for e in items if e["fatalities"] == 12)
    detail = hostile.get(f"/api/events/{azaz['event_id']}")
    assert detail.headers["content-type"] == "application/json"
    report = detail.json()["reports"][0]
    document = hostile.get(f"/api/documents/{report['document_id']}")
    assert document.headers["content-type"] == "application/json"
    text = document.json()["text"]
    assert text.strip() == HOSTILE_TEXT.strip(), "the text comes back as written, not escaped nor stripped"
    start, end = next(span for span in report["evidence"] if span[0] == 0)
    assert text[start:end] == f"A car bomb killed 12 people in Azaz on Sunday {SCRIPT}, activists said."
    # JSON strings: the markup is data (no HTML entities added).
    assert "&lt;" not in document.text
    strike = next(e for e in items if e["civilian_fatalities"] == 7)
    other = hostile.get(f"/api/events/{strike['event_id']}").json()["reports"][0]
    assert other["title"] == HOSTILE_TITLE and other["outlet"] == HOSTILE_OUTLET
    geojson = hostile.get("/api/events.geojson")
    assert geojson.headers["content-type"] == "application/json"


def test_answers_follow_the_store_while_it_is_served(tmp_path):
    """Repeated GETs are answered from memory only until an ingest adds documents."""
    db = tmp_path / "growing.sqlite"
    ingest(db, SAMPLES / "seed-idlib-2019-05-25.txt")
    engine = open_store(str(db), read_only=True)
    with TestClient(create_app(engine)) as served:
        before = served.get("/api/events").json()["total"]
        assert served.get("/api/events").json()["total"] == before  # the kept answer
        ingest(db, SAMPLES / "fa-kes-rashidin-2017-04.csv")
        assert served.get("/api/events").json()["total"] > before
    engine.dispose()
