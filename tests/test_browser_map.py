"""The dashboard's map groups stacked events (leaflet.markercluster), in a real browser
(Chromium through Playwright), at a desktop's width and a phone's (390 px), light and
dark, against `warmonitor serve` over a store of the samples and three invented reports.

The invented reports tell of three incidents in the town of Mayadin (Deir ez-Zor), weeks
apart: an air strike that killed 17, shelling that killed 5, a car bomb that killed 8.
They stand at one point, far from the samples' places: one group of 3 events, 30 killed,
which a click fans out into its three events.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import ARTIFACTS, SAMPLES, contrast, ingest, on_pages, rgb, serve
from test_browser import MAP_SHOWN, map_shown, settled_box, wait_for_map

MAYADIN = {
    "mayadin-a-2018-02-05.txt": "Government air strikes on the town of Mayadin in Deir ez-Zor province killed 17 civilians "
                                "on Monday, a war monitor said.\n",
    "mayadin-b-2018-03-13.txt": "Shelling hit the town of Mayadin in Deir ez-Zor province on Tuesday, killing 5 people, "
                                "a war monitor said.\n",
    "mayadin-c-2018-04-18.txt": "A car bomb exploded in the town of Mayadin in Deir ez-Zor province on Wednesday, killing "
                                "8 people, a war monitor said.\n",
}
MAYADIN_ID = 173480  # GeoNames
pytestmark = on_pages("desktop", "phone", schemes=("light", "dark"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-map")
    db = folder / "store.sqlite"
    for name, text in MAYADIN.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest(db, SAMPLES / "seed-idlib-2019-05-25.txt", SAMPLES / "fa-kes-rashidin-2017-04.csv",
           *(folder / name for name in MAYADIN))
    yield from serve(db, folder / "serve.log")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#map").screenshot(path=str(ARTIFACTS / f"{name}-{page.width_name}-{page.scheme}.png"))


def clusters(page) -> list[dict]:
    """Each group of events in view: its number of events and its killed, and the two as shown."""
    return page.eval_on_selector_all("#map .event-cluster-box", """boxes => boxes.map(b => ({
        count: Number(b.dataset.count), killed: Number(b.dataset.killed),
        shown_killed: (b.querySelector('.event-cluster-killed') || {}).textContent || null,
        number: b.querySelector('.event-cluster-count').textContent}))""")


def test_stacked_events_are_grouped_and_open_on_click(server, page):
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/events.geojson") as answer:
        page.goto(f"{server}/")
    features = answer.value.json()["features"]
    mayadin = [f["properties"] for f in features if f["properties"]["geonameid"] == MAYADIN_ID]
    assert sorted(p["fatalities"] for p in mayadin) == [5, 8, 17], mayadin
    assert len({(f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][1]) for f in features
                if f["properties"]["geonameid"] == MAYADIN_ID}) == 1, "the three stand at one point"

    # Every event with a place is on the map: alone, or counted in its group's number.
    shown = wait_for_map(page, len(features))
    assert shown["areas"] == sum(f["properties"]["geonameid"] is None for f in features), "areas are never grouped"
    groups = clusters(page)
    assert {"count": 3, "killed": 30, "number": "3", "shown_killed": "30"} in groups, groups
    assert all(g["number"] == str(g["count"]) and g["count"] >= 2 for g in groups), groups
    assert all(g["shown_killed"] == (f"{g['killed']:,}" if g["killed"] else None) for g in groups), groups
    assert len(groups) + shown["points"] + shown["areas"] < len(features), "stacked events take fewer symbols"
    label = page.locator('#map .event-cluster-box[data-count="3"]').get_attribute("title")
    assert label == "3 events, 30 killed — click to open"
    assert "Events at nearby points" in page.locator("#map-legend").text_content()  # folded on phones
    # The offline base map names the countries wide enough on screen for their names (Natural Earth's).
    # drawn with the base map's tiles, which a loaded machine may still be laying out
    page.wait_for_function("document.querySelectorAll('#map .country-label').length > 0", timeout=15_000)
    names = page.eval_on_selector_all("#map .country-label", "ls => ls.map(l => l.textContent)")
    assert "Syria" in names and "Iraq" in names, names

    # The group is readable in either scheme: its numbers against its circle.
    circle = page.locator('#map .event-cluster-box[data-count="3"] .event-cluster-circle')
    background = rgb(circle.evaluate("e => getComputedStyle(e).backgroundColor"))
    for part in (".event-cluster-count", ".event-cluster-killed"):
        colour = rgb(circle.locator(part).evaluate("e => getComputedStyle(e).color"))
        assert contrast(colour, background) >= 4.5, (part, colour, background)
    shoot(page, "map-clusters")

    # A click on the group fans out its three events (they share one point: no zoom would part them).
    group = page.locator('#map .leaflet-marker-icon.event-cluster:has(.event-cluster-box[data-count="3"])')
    box = settled_box(group)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelectorAll('#map path.cluster-leg').length === 3")
    page.wait_for_function(f"() => !({MAP_SHOWN})().moving")
    page.wait_for_timeout(400)  # the fan's legs are drawn out in 0.3 s
    shoot(page, "map-spiderfied")
    # Each fanned-out event opens its own popup.
    before = map_shown(page)["points"]
    assert before >= 3
    opened = set()
    for index in range(3):
        settled_box(page.locator("#map path.cluster-leg").first)  # the last popup's pan into view has ended
        markers = page.eval_on_selector_all(
            "#map path.event-marker:not(.event-area)",
            "ps => ps.map(p => { const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })")
        legs = page.eval_on_selector_all(
            "#map path.cluster-leg",
            "ls => ls.map(l => { const r = l.getBoundingClientRect(); return [r.x, r.y, r.right, r.bottom]; })")
        # The leg ends where its event is: the markers at a leg's far corner are the fanned-out ones.
        fanned = [m for m in markers if any(min(abs(m[0] - x) for x in (leg[0], leg[2])) < 12
                                            and min(abs(m[1] - y) for y in (leg[1], leg[3])) < 12 for leg in legs)]
        assert len(fanned) >= 3, (markers, legs)
        x, y = sorted(fanned)[index]
        page.mouse.click(x, y)
        popup = page.locator(".leaflet-popup .event-popup")
        popup.wait_for(state="visible")
        opened.add(popup.get_attribute("data-event-id"))
        assert "Deir ez-Zor" in popup.locator(".popup-place").inner_text()
        # It covers its neighbours. The function returns nothing: Playwright would copy a returned
        # Leaflet map, every layer's points with it (~370,000 objects, half a minute).
        page.evaluate("() => { window.warmonitorDashboard.map.closePopup(); }")
        popup.wait_for(state="detached")
    assert opened == {str(p["event_id"]) for p in mayadin}, opened
    assert page.console.errors == [], page.console.errors


def test_a_group_of_nearby_points_zooms_in_on_click(server, page):
    """A group whose events stand at nearby but different points opens by zooming in: the
    samples' events in Madaya and Zabadani (Rif Dimashq), 4 km apart."""
    page.goto(f"{server}/?admin1=Rif+Dimashq")
    page.wait_for_function("() => document.querySelector('#event-count').dataset.count !== ''")
    total = int(page.locator("#event-count").get_attribute("data-count"))
    wait_for_map(page, total)
    groups = clusters(page)
    assert groups, "Madaya's and Zabadani's events are grouped"
    zoom = page.evaluate("() => window.warmonitorDashboard.map.getZoom()")
    group = page.locator("#map .leaflet-marker-icon.event-cluster").first
    box = settled_box(group)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("z => window.warmonitorDashboard.map.getZoom() > z", arg=zoom)
    page.wait_for_function(f"() => !({MAP_SHOWN})().moving")
    page.wait_for_timeout(400)
    after = map_shown(page)
    assert after["points"] + after["areas"] + after["clustered"] <= total
    assert after["points"] >= 1 or len(after["clusters"]) > len(groups), "the group came apart"
    assert page.console.errors == [], page.console.errors


def town_names_at(page, lat: float, lon: float, zoom: int, expected: str) -> list[str]:
    """The towns named once the map shows ``zoom`` around (lat, lon) and names ``expected``;
    the view is set again if the dashboard moves it meanwhile (its first fit to the data)."""
    return page.wait_for_function("""([lat, lon, zoom, expected]) => {
        const map = window.warmonitorDashboard.map;
        if (map.getZoom() !== zoom) { map.setView([lat, lon], zoom); return null; }
        const names = [...document.querySelectorAll('#map .town-label')].map(l => l.textContent);
        return names.includes(expected) ? names : null;
    }""", arg=[lat, lon, zoom, expected]).json_value()


def test_the_offline_map_names_towns_more_of_them_as_it_zooms_in(server, page):
    page.goto(f"{server}/")
    page.wait_for_function(MAP_SHOWN)
    # over Syria at zoom 6 only cities of 250,000 or more are named; at zoom 9, towns of 15,000
    wide = town_names_at(page, 34.8, 36.9, 6, "Damascus")
    assert "Homs" in wide and "Ar Rastan" not in wide, wide
    near = town_names_at(page, 34.85, 36.75, 9, "Ar Rastan")
    assert len(near) == len(set(near)) and "Damascus" not in near, near  # Damascus is out of this view
