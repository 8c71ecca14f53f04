"""The dashboard's events table, its search, its downloads and the 404 page in a real
browser (Chromium through Playwright), at a desktop's width and a phone's (390 px),
against `warmonitor serve` over a store of the samples and one invented report.

The invented report tells of an incident with no place: "Gunmen killed 3 soldiers and
wounded 5 others on Wednesday" — searched for as "gunmen soldiers", it is the only
incident found: 1 incident, 3 killed, 0 civilians, 5 injured, listed as "no place".
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from browsing import ARTIFACTS, SAMPLES, ingest, on_pages, serve
from test_browser import api_call

NOWHERE = "Gunmen killed 3 soldiers and wounded 5 others on Wednesday, a monitor said.\n"
pytestmark = on_pages("desktop", "phone")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser-table")
    db = folder / "store.sqlite"
    nowhere = folder / "nowhere-2019-05-29.txt"
    nowhere.write_text(NOWHERE, encoding="utf-8")
    ingest(db, SAMPLES / "seed-idlib-2019-05-25.txt", SAMPLES / "fa-kes-rashidin-2017-04.csv", nowhere)
    return db


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    yield from serve(store, tmp_path_factory.mktemp("serve") / "serve.log")


def table_loaded(page, response) -> dict:
    """The JSON of the table's /api/events answer, once the table shows it."""
    body = response.json()
    page.wait_for_function("n => document.querySelector('#table-totals').dataset.incidents === String(n)", arg=body["total"])
    return body


def totals_shown(page) -> dict[str, int]:
    data = page.eval_on_selector("#table-totals", "box => Object.assign({}, box.dataset)")
    return {re.sub("[A-Z]", lambda m: "_" + m.group().lower(), name): int(value) for name, value in data.items()}  # civiliansKilled


def rows_shown(page) -> list[int]:
    return [int(i) for i in page.eval_on_selector_all("#events-rows tr.event-row", "rows => rows.map(r => r.dataset.eventId)")]


def no_sideways_scroll(page) -> None:
    """The page fits the viewport's width (the table scrolls within its own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def tally(store: Path, *args: str) -> tuple[int, int, int]:
    """Incidents, killed and injured of `warmonitor tally --by type` with ``args``, added up."""
    done = subprocess.run([sys.executable, "-m", "warmonitor", "tally", "--db", str(store), "--by", "type", "--format", "json", *args],
                          capture_output=True, text=True, timeout=120)
    rows = json.loads(done.stdout)
    return sum(r["incidents"] for r in rows), sum(r["killed"] for r in rows), sum(r["injured"] for r in rows)


def test_table_lists_the_selection_with_its_totals(server, store, page):
    with page.expect_response(api_call("/api/events")) as answer:
        page.goto(f"{server}/?per=10")
    body = table_loaded(page, answer.value)
    api = httpx.get(f"{server}/api/events", params={"limit": 1}).json()
    assert body["total"] == api["total"] > 10, "the samples fill more than a page"
    assert totals_shown(page) == api["totals"]
    assert (api["totals"]["incidents"], api["totals"]["killed"], api["totals"]["injured"]) == tally(store)
    assert rows_shown(page) == [item["event_id"] for item in body["items"]] and len(body["items"]) == 10
    assert page.locator("#page-info").inner_text().startswith(f"1–10 of {body['total']}")
    assert page.locator("#page-prev").is_disabled() and not page.locator("#page-next").is_disabled()
    no_sideways_scroll(page)
    if page.width_name == "desktop":
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#table-panel").screenshot(path=str(ARTIFACTS / "table.png"))
    assert page.console.errors == [], page.console.errors


def test_search_sort_and_page_make_a_permalink(server, page):
    with page.expect_response(api_call("/api/events")) as answer:
        page.goto(f"{server}/?per=10")
    everything = table_loaded(page, answer.value)["total"]
    assert everything > 10, "the samples fill more than a page"

    with page.expect_response(lambda r: api_call("/api/events")(r) and "sort=-killed" in r.url) as answer:
        page.click("#events-table .sort-button[data-sort=killed]")
    killed = [item["fatalities"] for item in table_loaded(page, answer.value)["items"]]
    assert killed == sorted(killed, reverse=True)
    assert page.locator("#events-table th[data-sort=killed]").get_attribute("aria-sort") == "descending"

    with page.expect_response(lambda r: api_call("/api/events")(r) and "offset=10" in r.url):
        page.click("#page-next")
    page.wait_for_function("() => document.querySelector('#page-info').textContent.startsWith('11–')")
    query = parse_qs(urlsplit(page.url).query)
    assert (query["sort"], query["page"], query["per"]) == (["-killed"], ["2"], ["10"])

    with page.expect_response(lambda r: api_call("/api/events")(r) and "q=killed" in r.url) as answer:
        page.fill("#filters input[name=q]", "killed")
        page.press("#filters input[name=q]", "Enter")
    found = table_loaded(page, answer.value)
    assert 0 < found["total"] < everything and found["offset"] == 0, "another selection starts at its first page"
    assert totals_shown(page) == httpx.get(f"{server}/api/events", params={"q": "killed", "limit": 1}).json()["totals"]
    query = parse_qs(urlsplit(page.url).query)
    assert (query["q"], query["sort"], query.get("page")) == (["killed"], ["-killed"], None)

    # The URL is the view: opened afresh, it shows the same rows.
    shown = rows_shown(page)
    with page.expect_response(api_call("/api/events")) as answer:
        page.goto(page.url)
    table_loaded(page, answer.value)
    assert rows_shown(page) == shown and page.input_value("#filters input[name=q]") == "killed"
    no_sideways_scroll(page)
    assert page.console.errors == [], page.console.errors


def test_an_incident_without_a_place_is_listed_and_counted(server, page):
    with page.expect_response(lambda r: api_call("/api/events")(r) and "q=gunmen" in r.url) as answer:
        page.goto(f"{server}/?q=gunmen+soldiers")
    table_loaded(page, answer.value)
    assert totals_shown(page) == {"incidents": 1, "killed": 3, "killed_low": 3, "killed_high": 3, "civilians_killed": 0, "injured": 5}
    row = page.locator("#events-rows tr.event-row")
    assert row.count() == 1 and row.locator(".no-place").inner_text() == "no place"
    with page.expect_navigation():
        row.locator("td.date a").click()
    assert "incident" in page.locator("#cite-text").inner_text() and "3 killed" in page.locator("#cite-text").inner_text()
    assert page.console.errors == [], page.console.errors


def test_download_links_give_the_selection_as_export_does(server, store, page):
    with page.expect_response(lambda r: api_call("/api/events")(r) and "admin1=Aleppo" in r.url) as answer:
        page.goto(f"{server}/?admin1=Aleppo")
    table_loaded(page, answer.value)
    for output_format in ("csv", "geojson", "jsonl"):
        link = page.locator(f"#download-{output_format}")
        assert link.get_attribute("href") == f"/api/export.{output_format}?admin1=Aleppo"
        if output_format == "csv":
            link.scroll_into_view_if_needed()
            with page.expect_download() as download:
                link.click()
            exported = subprocess.run(
                [sys.executable, "-m", "warmonitor", "export", "--db", str(store), "--where", "admin1=Aleppo", "--format", "csv"],
                capture_output=True, timeout=120,
            )
            assert Path(download.value.path()).read_bytes() == exported.stdout
            assert download.value.suggested_filename == "warmonitor-events.csv"
    assert page.console.errors == [], page.console.errors


def test_a_missing_event_is_a_page_that_leads_back(server, page):
    response = page.goto(f"{server}/events/999999")
    assert response.status == 404 and "text/html" in response.headers["content-type"]
    assert page.locator("h1").inner_text() == "Not found"
    assert "no event 999999" in page.locator("#not-found").inner_text()
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.click("#back-to-dashboard")
    assert urlsplit(page.url).path == "/"
    page.wait_for_selector("#events-rows tr.event-row")
    # the only errors: the 404 itself, which the page was asked for, and Chromium's note of it
    assert page.console.errors == [
        f"HTTP 404: {server}/events/999999",
        "console.error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ], page.console.errors
