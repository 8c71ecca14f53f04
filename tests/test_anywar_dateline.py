"""A foreign dateline is where the reporter filed, not where the report's events happened
(docs/places.md, "The report's country"). Sentences are invented."""

from datetime import date

from warmonitor.extract import extract
from warmonitor.extract.tokens import sentence_spans
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.resolve.gazetteer import open_gazetteer
from warmonitor.ingest.dateline import read_dateline
from warmonitor.resolve.places import find_places


def places_of(text, country=None):
    return {p.name: p for p in find_places(text, sentence_spans(text), open_gazetteer(), country=country)}


def read(text, published):
    return resolve(extract(Document("t", text, published=published)))


def dateline_span(text):
    dateline = read_dateline(text)
    return dateline.span if dateline else None


def test_dateline_forms():
    assert dateline_span("MOSCOW - Rebels shelled a town.") == (0, 9)
    assert dateline_span("NAIROBI, Kenya (AP) — Gunmen attacked a camp.") == (0, 22)
    assert dateline_span("Quetta, March 2 (Reuters) - A bomb went off.") == (0, 28)
    assert dateline_span("Sudan: fighting spreads to the east") is None  # a headline's topic
    assert dateline_span("Militants attacked a post - and fled.") is None
    assert dateline_span("Ceasefire talks stall\nKHARTOUM - Shelling resumed.") == (22, 33)  # on a later line


def test_a_wire_dateline_says_where_the_report_was_filed():
    filed = {text: read_dateline(text).is_filing_place for text in (
        "KHARKIV, Ukraine (Reuters) - Shelling.", "MOSCOW - Shelling.", "Goma (AFP) - Shelling.", "Goma - Shelling.",
    )}
    assert list(filed.values()) == [True, True, True, False]
    assert read_dateline("KHARKIV, Ukraine (Reuters) - Shelling.").place == "KHARKIV"


def test_a_capital_dateline_does_not_move_a_syrian_village_to_russia():
    # The extract stage read the dateline as the report's country; the body names Syria's places only.
    text = "MOSCOW - Rebels shelled the village of Kafr Qadim in southern Idlib on Sunday, killing two soldiers."
    places = places_of(text, country="RU")
    assert (places["Kafr Qadim"].country, places["Kafr Qadim"].admin1) == ("SY", "Idlib")
    assert places["southern Idlib"].country == "SY"


def test_a_dateline_country_is_no_place_of_a_story_from_elsewhere():
    text = "NAIROBI, Kenya (AP) — Gunmen stormed a market in El Obeid on Thursday, killing 9 traders, witnesses said."
    places = places_of(text, country="KE")
    assert "Kenya" not in places
    assert places["El Obeid"].country == "SD"


def test_the_report_is_placed_where_its_body_tells():
    report = read(
        "NAIROBI, Kenya (AP) — Gunmen stormed a market in El Obeid on Thursday, killing 9 traders, witnesses said.",
        date(2024, 3, 2),
    )
    assert report.country == "SD"
    assert report.primary_place.name == "El Obeid"
    assert all(p.country != "KE" for e in report.events for p in e.places)


def test_a_dateline_still_places_a_report_that_names_no_other_place():
    report = read("KYIV, Ukraine (Reuters) - A missile hit a warehouse overnight, killing three workers.", date(2023, 6, 1))
    assert report.country == "UA"


def test_a_local_dateline_keeps_its_country():
    text = "Beirut, Lebanon (AP) — An air strike hit a car near Tyre on Monday, killing two men."
    places = places_of(text, country="LB")
    assert places["Lebanon"].country == "LB" and places["Tyre"].country == "LB"


def test_a_datelines_country_is_no_party_to_the_violence():
    # "Ukraine" in the dateline says where the report was filed, not who shelled whom.
    report = read("KHARKIV, Ukraine (Reuters) - Russian shelling killed three people in the city on Monday, "
                  "the governor said.", date(2023, 6, 6))
    [event] = report.events
    assert event.actor1.canonical == "Russian armed forces" and event.actor2 is None
