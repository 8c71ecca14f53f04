"""One place, one name: words that are not places are never stored as locations, a
province told alone is an area, and a place has one canonical name however it is
spelled (docs/places.md). Sentences are invented."""

import pytest

from warmonitor.extract.tokens import sentence_spans
from warmonitor.resolve.gazetteer import open_gazetteer
from warmonitor.resolve.places import find_places


def places_of(text, country=None):
    return {p.name: p for p in find_places(text, sentence_spans(text), open_gazetteer(), country=country)}


@pytest.mark.parametrize(
    "text, places",
    [
        # A sentence's first word, capitalised for the sentence, that only the division after it would place
        ("Activists in rural Hama said two barrel bombs fell on a bakery.", {"Hama"}),
        ("Elsewhere in Deir Ezzor province a mortar round hit a school.", {"Deir Ezzor"}),
        # A direction alone, capitalised, before a head word
        ("Shells fell on farms in the Western countryside of Daraa.", {"Daraa"}),
        # English words that some hamlet abroad is called
        ("A rocket hit a cafe in the central district of Old Homs.", {"Homs"}),
        ("The army retook al-Zahra Farms area west of Aleppo.", {"al-Zahra", "Aleppo"}),
        ("Turkey began Operation Spring Dawn in Raqqa province on Tuesday.", {"Turkey", "Raqqa"}),
        # Peoples and faiths, and adjectives made of a name
        ("Mortars hit a Shiite village and an Alawite suburb in DAESH-held parts of Homs.", {"Homs"}),
    ],
)
def test_words_that_are_not_places_are_not_stored(text, places):
    assert set(places_of(text, country="SY")) == places


def test_a_one_word_village_introduced_or_headed_is_still_a_place():
    assert "Kafr Dubsin" in places_of("Two farmers were killed in Kafr Dubsin, Hasakah province, on Monday.", country="SY")
    assert "Zarzour" in places_of("Jets bombed the village of Zarzour in rural Idlib.", country="SY")


def test_spellings_of_one_town_are_one_place():
    places = places_of("A car bomb hit Raqqa. Later jets struck al-Raqqa, then Ar Raqqah again.", country="SY")
    assert {(p.geonameid, p.canonical) for p in places.values()} == {(places["Raqqa"].geonameid, "Raqqa")}


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Fighting spread across Idlib province on Monday.", "Idlib", "SY"),
        ("Shelling hit villages in the Kherson oblast overnight.", "Kherson", "UA"),
        ("Gunmen attacked herders in Zamfara State on Sunday.", "Zamfara", "NG"),
        ("Drones struck the outskirts of towns in North Kordofan state.", "North Kordofan", "SD"),
    ],
)
def test_a_province_told_alone_is_an_area_not_its_capital(text, name, country):
    place = next(p for found, p in places_of(text).items() if found.startswith(name))
    # no GeoNames id of a town: the map draws it as an area (publish/web/static/app.js), not its capital's dot
    assert (place.precision, place.geonameid, place.country) == ("governorate", None, country)
    assert place.admin1


def test_a_name_headed_by_farms_is_the_place_the_farms_are_named_after():
    assert set(places_of("Troops raided militants in Aliya farms near Douma.", country="SY")) == {"Aliya", "Douma"}


def test_a_short_name_introduced_as_a_place_is_not_repeated_by_a_persons_name_spelled_alike():
    text = "Jets hit the village of Aliya near Douma. Among the dead was a teacher, Omar Ali. Aliya was shelled again."
    names = [p.name for p in find_places(text, sentence_spans(text), open_gazetteer(), country="SY")]
    assert names == ["Aliya", "Douma", "Aliya"]


def test_a_short_name_introduced_as_a_place_is_found_again_in_a_close_spelling():
    text = "Mortars hit Bazra and Kafyra. Later the village of Kafrya near Idlib was shelled."
    assert "Kafyra" in places_of(text, country="SY")


def test_a_province_abroad_is_drawn_at_the_middle_of_its_towns():
    place = next(p for name, p in places_of("Shelling hit the Kherson oblast overnight.").items() if name.startswith("Kherson"))
    assert place.geonameid is None and place.precision == "governorate"
    # the oblast spans about 45.9-47.6 N and 32.0-35.3 E; its capital, Kherson city, lies at its western edge
    assert 45.9 < place.latitude < 47.6 and 32.8 < place.longitude < 35.3


def test_the_capital_unnamed_is_the_capital_of_the_reports_country():
    places = places_of("Missiles struck an apartment block in the capital on Monday, killing five people.", country="UA")
    assert (places["the capital"].canonical, places["the capital"].admin1) == ("Kyiv", "Kyiv City")


def test_outside_the_capital_is_the_division_the_data_names_around_it():
    # Damascus governorate is the city alone: what lies outside it is Rif Dimashq.
    places = places_of("Air strikes killed four civilians in a town outside the capital on Thursday.", country="SY")
    assert (places["outside the capital"].canonical, places["outside the capital"].precision) == ("Rif Dimashq", "governorate")


def test_outside_an_unnamed_capital_with_no_division_around_it_is_no_place():
    assert places_of("Drones hit a village outside the capital on Monday, killing two people.", country="UA") == {}


def test_the_capital_named_after_it_is_read_by_its_name():
    assert set(places_of("Rebels shelled a district of the capital Damascus, killing three.", country="SY")) == {"Damascus"}


def test_the_capital_of_a_province_is_not_the_countrys():
    assert "the capital" not in places_of("Shells fell in the capital of Idlib province on Monday.", country="SY")
