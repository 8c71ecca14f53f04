"""The dashboard's first view, in a real browser (Chromium through Playwright) at a
desktop's width and a phone's (390 px): it opens on the country holding most events, not
on the world, though one event stands far away; a note counts that event and a button
shows it; a filter that selects it alone fits it. At a country's zoom the offline map
draws the governorates' borders.

The store holds the samples and invented reports of air strikes on 16 Syrian towns (25
events in Syria), and one of an incident in Tumaco, Colombia, 12,000 km away: 1 event of
26, under the 5% a country needs to be in the first view.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import SAMPLES, ingest, on_pages, serve
from test_browser import MAP_SHOWN

TUMACO = ("BOGOTA, 3 March 2019 - Armed men killed 3 people in the town of Tumaco in Narino department "
          "on Sunday, local authorities said.\n")
TOWNS = [("Saraqib", "Idlib"), ("Ariha", "Idlib"), ("Khan Shaykhun", "Idlib"), ("Jisr al-Shughur", "Idlib"),
         ("Azaz", "Aleppo"), ("Manbij", "Aleppo"), ("Al-Bab", "Aleppo"), ("Douma", "Rif Dimashq"),
         ("Harasta", "Rif Dimashq"), ("Rastan", "Homs"), ("Talbiseh", "Homs"), ("Mayadin", "Deir ez-Zor"),
         ("Tabqa", "Raqqa"), ("Daraa", "Daraa"), ("Hama", "Hama"), ("Latakia", "Latakia")]
pytestmark = on_pages("desktop", "phone")

# The map's view once it has stopped moving: its bounds (south, west, north, east) and zoom.
VIEW = """() => { const m = window.warmonitorDashboard.map, b = m.getBounds();
    return {bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()], zoom: m.getZoom()}; }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-view")
    db = folder / "store.sqlite"
    reports = [folder / "tumaco-2019-03-03.txt"]
    reports[0].write_text(TUMACO, encoding="utf-8")
    for n, (town, province) in enumerate(TOWNS):  # a month apart: 16 incidents
        reports.append(folder / f"strike-{2018 + n // 12}-{n % 12 + 1:02d}-05.txt")
        reports[-1].write_text(f"Government air strikes on the town of {town} in {province} province killed "
                               f"{n + 5} civilians on Monday, a war monitor said.\n", encoding="utf-8")
    ingest(db, SAMPLES / "seed-idlib-2019-05-25.txt", SAMPLES / "fa-kes-rashidin-2017-04.csv", *reports)
    yield from serve(db, folder / "serve.log")


def view(page) -> dict:
    page.wait_for_function(f"() => !({MAP_SHOWN})().moving")
    page.wait_for_timeout(300)  # a fit's animation ends after its last frame
    return page.evaluate(VIEW)


def inside(bounds: list[float], feature: dict) -> bool:
    lon, lat = feature["geometry"]["coordinates"][:2]
    south, west, north, east = bounds
    return south <= lat <= north and west <= lon <= east


def test_the_map_opens_on_the_country_of_most_events(server, page):
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/events.geojson") as answer:
        page.goto(f"{server}/")
    features = answer.value.json()["features"]
    syria = [f for f in features if f["properties"]["country"] == "SY"]
    far = [f for f in features if f["properties"]["country"] != "SY"]
    assert [f["properties"]["country"] for f in far] == ["CO"] and len(syria) >= 20, far

    first = view(page)
    assert first["zoom"] >= 5, first  # a country's view, not the world's (zoom 2)
    assert all(inside(first["bounds"], f) for f in syria), first
    assert not inside(first["bounds"], far[0])
    # The offline map draws the governorates' borders at a country's zoom (Natural Earth's admin-1).
    page.wait_for_selector("#map path.admin1-border", state="attached")
    note = page.locator("#map-elsewhere")
    assert note.get_attribute("data-count") == "1"
    assert note.inner_text().startswith("1 event elsewhere")
    assert "Colombia 1" in note.get_attribute("title")

    page.click("#map-elsewhere button")  # show all: the far event comes into view
    shown = view(page)
    assert all(inside(shown["bounds"], f) for f in features), shown
    assert note.count() == 0
    assert shown["zoom"] < 5 and page.locator("#map path.admin1-border").count() == 0, "too small to tell apart"
    assert page.console.errors == [], page.console.errors


def test_a_filter_fits_its_selection(server, page):
    """A selection of the far country alone is fitted, with no note: its country is the bulk."""
    page.goto(f"{server}/")
    page.wait_for_selector("#map-elsewhere")
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/events.geojson" and "country=CO" in r.url) as answer:
        page.select_option("#filters select[name=country]", "CO")
    tumaco = answer.value.json()["features"]
    assert len(tumaco) == 1
    page.wait_for_function("() => !document.body.classList.contains('loading')")
    shown = view(page)
    assert inside(shown["bounds"], tumaco[0]) and shown["zoom"] >= 5, shown
    assert page.locator("#map-elsewhere").count() == 0
    assert page.console.errors == [], page.console.errors
