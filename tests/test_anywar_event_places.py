"""An event's places: a whole country abroad that is all a figureless event names is a
party, a seat or history elsewhere, not where the report's news happened
(docs/places.md). Sentences are invented."""

from datetime import date

from warmonitor.extract import extract
from warmonitor.records import Document
from warmonitor.resolve import resolve


def read(text, published=date(2020, 5, 1)):
    return resolve(extract(Document("t", text, published=published)))


def test_a_figureless_event_told_of_a_whole_country_abroad_is_not_placed_there():
    report = read("Clashes with militants killed 4 soldiers near Baqubah in Diyala province on Monday. "
                  "Islamic State seized large parts of Syria years ago.")
    assert report.country == "IQ"
    assert all(p.country == "IQ" for e in report.events for p in e.places)


def test_a_country_that_acts_is_no_place_of_its_strike():
    report = read("Jets bombed the town of Saraqeb in Idlib province on Monday, killing 9 civilians. "
                  "The United States accused the government and fired missiles at an air base.", date(2017, 4, 10))
    assert report.country == "SY"
    assert not any(p.country == "US" for e in report.events for p in e.places)


def test_an_event_with_a_figure_keeps_a_country_abroad():
    report = read("A suicide bomber killed 6 soldiers in Iraq on Monday, the Syrian army said.")
    assert any(p.country == "IQ" for e in report.events for p in e.places)


def test_a_region_abroad_stays_a_place_of_a_figureless_event():
    report = read("Clashes with militants killed 4 soldiers near Baqubah in Diyala province on Monday. "
                  "Turkish jets also struck targets in northern Syria.")
    assert any(p.name == "northern Syria" for e in report.events for p in e.places)
