"""The sources pages, the event page's figures by source and its public id, in a real
browser (Chromium through Playwright) at a desktop's width and a phone's (390 px), with
no console error, light and dark.

The store holds the invented reports of tests/test_api_sources.py (a corpus CSV, whose
``source`` column is the outlet): three outlets tell the air strikes on Saraqib (the
Observatory 30, SANA 10, the White Helmets 32: SANA's 10 disagrees with both others) and
wire1 the shelling of Azaz (4). Five sources: wire1, wire2, SANA, the Observatory and
the White Helmets.
"""

from __future__ import annotations

import csv
import re
from urllib.parse import urlsplit

import httpx
import pytest

from browsing import ARTIFACTS, contrast, ingest, luminance, on_pages, rgb, serve
from test_api_sources import REPORTS
from test_browser import wait_for_map

pytestmark = on_pages("desktop", "phone", schemes=("light", "dark"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-sources")
    corpus, db = folder / "reports.csv", folder / "store.sqlite"
    with open(corpus, "w", encoding="utf-8", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerow(["unit_id", "article_title", "article_content", "source", "date"])
        for name, outlet, published, text in REPORTS:
            rows.writerow([name, f"Report {name}", text, outlet, published.isoformat()])
    ingest(db, corpus)
    yield from serve(db, folder / "serve.log")


def fits(page) -> None:
    """The page fits the viewport's width (tables scroll within their own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def shoot(page, name: str) -> None:
    """Save the page in tests/artifacts/, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width_name}-{page.scheme}.png"), full_page=True)


def test_sources_page_lists_every_source_and_leads_to_one(server, page):
    page.goto(f"{server}/sources")
    rows = page.locator("#sources tr.source-row")
    assert rows.count() == 5
    assert rows.first.get_attribute("data-key") == "wire1"  # the most reports first
    sana = page.locator('#sources tr.source-row[data-key="sana"]')
    assert "SANA (Syrian Arab News Agency)" in sana.inner_text() and "×0.32" in sana.inner_text()
    fits(page)
    shoot(page, "sources")
    with page.expect_navigation():
        sana.locator("a").click()
    assert urlsplit(page.url).path == "/sources/sana"
    flagged = page.locator("#source-figures tr.source-figure.disagrees")
    assert flagged.count() == 1 and "disagrees" in flagged.inner_text()
    assert "Syrian Observatory for Human Rights: 30" in flagged.inner_text()
    fits(page)
    shoot(page, "source")
    with page.expect_navigation():
        flagged.locator("a").first.click()
    assert re.fullmatch(r"/events/[a-z][a-z2-7]{9}", urlsplit(page.url).path)
    assert page.console.errors == [], page.console.errors


def test_event_page_flags_the_disagreeing_source_and_shows_its_public_id(server, page):
    saraqib = next(i for i in httpx.get(f"{server}/api/events").json()["items"] if i["location"] == "Saraqib")
    page.goto(f"{server}/events/{saraqib['public_id']}")
    assert page.locator("#public-id").inner_text() == saraqib["public_id"]
    assert f"incident {saraqib['public_id']}:" in page.locator("#cite-text").inner_text()
    rows = page.locator("#source-figures tr.source-figure")
    assert rows.count() == 3
    assert page.locator("#source-figures tr.disagrees").inner_text().startswith("SANA")
    fits(page)
    if page.width_name == "desktop":
        page.locator("#source-figures").scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"event-sources-{page.scheme}.png"))
    assert page.console.errors == [], page.console.errors


@pytest.mark.parametrize("path", ["/", "/sources", "/sources/sana", "/aggregates", "/events/1"])
def test_pages_follow_the_reader_s_colour_scheme(server, page, path):
    """Dark pages for a reader who asks for them, with text readable on them: the body's
    text, a link and muted text (the footer's) against the background reach WCAG's 4.5:1
    in either scheme."""
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    colours = page.evaluate("""() => {
        const colour = selector => getComputedStyle(document.querySelector(selector)).color;
        return {bg: getComputedStyle(document.body).backgroundColor, fg: colour('main'), link: colour('main a'),
                muted: colour('.site-footer')};
    }""")
    background = rgb(colours["bg"])
    assert (luminance(background) < 0.1) == (page.scheme == "dark"), colours
    for name in ("fg", "link", "muted"):
        assert contrast(rgb(colours[name]), background) >= 4.5, (name, colours)
    fits(page)
    assert page.console.errors == [], page.console.errors


def test_the_dashboard_links_to_the_reported_totals_of_its_filters(server, page):
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/events"):
        page.goto(f"{server}/?admin1=Idlib&from=2020-01-01&type=air_strike")
    page.wait_for_function("document.querySelector('#aggregates-link').getAttribute('href') !== '/aggregates'")
    href = page.locator("#aggregates-link").get_attribute("href")
    assert href == "/aggregates?from=2020-01-01&admin1=Idlib"  # the type is no filter of totals
    with page.expect_navigation():
        page.click("#aggregates-link")
    assert page.locator('#aggregate-filters select[name="admin1"]').input_value() == "Idlib"
    assert page.locator('#aggregate-filters input[name="from"]').input_value() == "2020-01-01"
    fits(page)
    assert page.console.errors == [], page.console.errors


def test_the_map_shows_how_precisely_each_event_is_placed(server, page):
    """A point for an event placed at a town; dashed for one placed by its region alone
    (the region's centre), and an area on its event page."""
    placed = httpx.get(f"{server}/api/events.geojson").json()["features"]
    by_region = [f["properties"] for f in placed if f["properties"]["geonameid"] is None]
    assert by_region and len(by_region) < len(placed), "the store has events of both kinds"
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/events.geojson"):
        page.goto(f"{server}/")
    shown = wait_for_map(page, len(placed))  # points alone, areas and the groups' numbers add up
    assert shown["areas"] == len(by_region), "an event placed by its region alone is an area, never grouped"
    assert "Dashed: placed by its region only" in page.locator("#map-legend").text_content()  # folded on phones
    for event in [f["properties"] for f in placed]:
        page.goto(f"{server}/events/{event['public_id']}")
        precision = page.locator("#event-map").get_attribute("data-precision")
        assert precision == ("area" if event["geonameid"] is None else "town")
        page.wait_for_selector("#event-map path.event-marker")
        assert page.locator("#event-map path.event-area").count() == (precision == "area")
    assert page.console.errors == [], page.console.errors
