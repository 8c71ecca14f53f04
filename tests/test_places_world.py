"""Places in every country: divisions by GeoNames' admin1, the report's country first,
unknown villages kept where the text puts them. Sentences are invented."""

from warmonitor.extract.tokens import sentence_spans
from warmonitor.resolve.gazetteer import divisions, open_gazetteer
from warmonitor.resolve.places import find_places


def places_of(text, country=None):
    return find_places(text, sentence_spans(text), open_gazetteer(), country=country)


def by_name(places):
    return {p.name: p for p in places}


def test_every_country_has_its_first_level_divisions():
    by_code = divisions().by_code
    assert by_code[("UA", "07")].name.startswith("Kharkiv")
    assert by_code[("CD", "17")].name == "Ituri"
    assert by_code[("SY", "12")].name == "Idlib"  # Syria's own file still names its governorates


def test_a_ukrainian_oblast_is_a_governorate_and_its_capital_alone_the_town():
    oblast, town = places_of("Shelling hit the Kharkiv oblast overnight. In Kharkiv, two people were wounded.")
    assert (oblast.name, oblast.precision, oblast.country) == ("Kharkiv", "governorate", "UA")
    assert oblast.admin1.startswith("Kharkiv")
    assert (town.name, town.precision, town.country, town.admin1) == ("Kharkiv", "locality", "UA", oblast.admin1)
    assert town.geonameid


def test_a_sudanese_state_is_named_with_or_without_its_head():
    for text in ("Fighting spread across North Darfur state on Monday.", "Fighting spread across North Darfur on Monday."):
        place = by_name(places_of(text))["North Darfur"]
        assert (place.precision, place.country) == ("governorate", "SD")
        assert "Darfur" in place.admin1


def test_a_town_carries_its_division_and_country():
    place = by_name(places_of("A drone struck a market in Mogadishu."))["Mogadishu"]
    assert (place.country, place.admin1, place.precision) == ("SO", "Banaadir", "locality")


def test_a_congolese_village_unknown_to_the_gazetteer_stays_in_congo():
    text = "Militiamen attacked the village of Zokomavu in Ituri province, in the Democratic Republic of the Congo."
    place = by_name(places_of(text))["Zokomavu"]
    assert place.geonameid is None
    assert (place.country, place.admin1) == ("CD", "Ituri")


def test_an_unknown_village_takes_the_reports_country():
    place = by_name(places_of("Gunmen raided the village of Zokomavu at dawn.", country="CD"))["Zokomavu"]
    assert place.country == "CD"


def test_a_mexican_state_is_not_aleppo():
    places = by_name(places_of("Police found the bodies in Michoacan, in western Mexico, near a highway."))
    assert places["Michoacan"].country == "MX"
    assert places["Michoacan"].admin1 == "Michoacán"
    assert places["Michoacan"].precision == "governorate"


def test_raqqa_and_ar_raqqah_are_one_canonical_place():
    places = by_name(places_of("Jets struck Raqqa on Monday. Residents of Ar Raqqah fled east."))
    assert places["Raqqa"].canonical == places["Ar Raqqah"].canonical == "Raqqa"
    assert places["Raqqa"].geonameid == places["Ar Raqqah"].geonameid


def test_a_namesake_abroad_yields_to_the_reports_country():
    # Tripoli is a city of Libya and of Lebanon: the report's country decides.
    assert by_name(places_of("Clashes erupted in Tripoli overnight.", country="LB"))["Tripoli"].country == "LB"
    assert by_name(places_of("Clashes erupted in Tripoli overnight.", country="LY"))["Tripoli"].country == "LY"


def test_the_reports_country_comes_from_its_names_without_a_hint():
    places = by_name(places_of("Clashes erupted in Tripoli overnight, the Libyan capital. Libya's government said so."))
    assert places["Tripoli"].country == "LY"


def test_a_country_with_a_direction_is_a_region():
    place = by_name(places_of("Drones struck eastern Ukraine on Friday."))["eastern Ukraine"]
    assert (place.precision, place.country) == ("region", "UA")


def test_abbreviations_and_titles_are_not_towns():
    names = {p.name for p in places_of("Sen. Whitfield said the GOP would vote on the aid bill for Mexico.", country="MX")}
    assert names == {"Mexico"}


def test_fuaa_is_in_idlib():
    place = by_name(places_of("Aid trucks reached the besieged towns of Fuaa and Kefraya near Aleppo."))["Fuaa"]
    assert (place.admin1, place.country) == ("Idlib", "SY")


def test_the_reports_country_is_the_hint_when_no_place_is_named():
    from dataclasses import replace
    from datetime import date

    from warmonitor.extract import extract
    from warmonitor.records import Document
    from warmonitor.resolve import resolve

    extracted = extract(Document(id="t", text="Gunmen killed four people on Sunday, police said.", published=date(2020, 1, 5)))
    assert resolve(replace(extracted, country="CD")).country == "CD"


def test_a_capital_named_like_two_divisions_is_the_city():
    [moscow] = places_of("Officials in Moscow denied the report.", country="SY")
    assert (moscow.precision, moscow.country, moscow.geonameid) == ("locality", "RU", 524901)


def test_a_settlement_or_commune_the_gazetteer_lacks_is_a_place_of_the_reports_country():
    for text in ("Shells hit the settlement of Zarvenko overnight.", "Shells hit the commune of Zarvenko overnight."):
        place = by_name(places_of(text, country="RU"))["Zarvenko"]
        assert (place.geonameid, place.country) == (None, "RU")


def test_a_division_is_found_under_another_spelling_of_its_ayn_and_vowels():
    # GeoNames writes Yemen's Ma’rib and Ḩajjah; reports also write "Maarib" and "Hajja".
    for spelling, division in (("Maarib", "Ma’rib"), ("Hajja", "Ḩajjah")):
        text = f"A jet struck the market of Bazzar in {spelling} province on Monday, a rebel stronghold in Yemen."
        places = by_name(places_of(text))
        assert (places[spelling].precision, places[spelling].country) == ("governorate", "YE")
        assert places["Bazzar"].admin1 == places[spelling].admin1 == division


def test_a_loose_spelling_names_no_division_abroad_when_a_town_is_so_called():
    # "Mare" is a town near Aleppo; Tanzania's Mara region is no reading of it.
    place = by_name(places_of("Shells fell on Mare, north of Aleppo, on Monday."))["Mare"]
    assert place.country == "SY"


def test_a_short_name_spelled_with_other_vowels_is_the_town_where_the_report_is():
    # Hūn has the skeleton "hn", too short to look up alone; "in Houn" says it is a place.
    text = "A drone hit a depot in Houn on Tuesday. Houn is the largest town of the Jufra region."
    places = places_of(text, country="LY")
    houn, jufra = places[0], by_name(places)["Jufra"]
    assert (houn.name, houn.precision, houn.country) == ("Houn", "locality", "LY")
    assert houn.geonameid and houn.admin1 == jufra.admin1


def test_a_short_name_spelled_otherwise_stays_unknown_in_a_governorate_the_report_never_names():
    # Rabī‘ah is a town of Latakia; the report speaks of farms near Aleppo.
    text = "Troops shelled the farms around Rabia on Monday. The area lies north of Aleppo."
    place = by_name(places_of(text))["Rabia"]
    assert place.geonameid is None and place.admin1 == "Aleppo"


def test_small_namesakes_in_other_states_yield_to_the_state_the_text_names():
    # Agua Escondida is a hamlet of three Mexican states, none of them Michoacán.
    text = "Gunmen ambushed a patrol in Agua Escondida, a village in the township of Tepalcatepec, in Michoacan state."
    places = by_name(places_of(text))
    assert places["Agua Escondida"].geonameid is None
    assert (places["Agua Escondida"].admin1, places["Agua Escondida"].country) == ("Michoacán", "MX")


def test_a_town_told_as_its_township_is_a_district():
    text = "Gunmen ambushed a patrol in the township of Tepalcatepec, in Michoacan state."
    place = by_name(places_of(text))["Tepalcatepec"]
    assert (place.precision, place.admin1) == ("district", "Michoacán")
    assert place.geonameid


def test_a_division_at_home_spelled_otherwise_beats_a_village_abroad():
    # Somalia's Hiiraan is also written "Hiran"; a village of Iraq is called Hīrān.
    place = by_name(places_of("Two soldiers died in an ambush on the Hiran road on Monday.", country="SO"))["Hiran"]
    assert (place.precision, place.admin1, place.country) == ("governorate", "Hiiraan", "SO")


def test_a_treaty_or_a_meeting_named_after_a_town_is_no_place():
    text = "The shelling of the clinic broke the Geneva Conventions, and the Astana talks were forgotten."
    assert [p.name for p in places_of(text)] == []
    assert [p.name for p in places_of("Talks opened in Geneva on Monday.")] == ["Geneva"]


def test_an_unknown_town_the_text_calls_foreign_is_in_that_country_not_the_reports():
    # Invented names the gazetteer lacks: the demonym beside them says where they are.
    text = "Rockets hit Kfar Zarqin, an Israeli town over the border, and the Syrian village of Kafr Haya."
    places = by_name(places_of(text, country="LB"))
    assert (places["Kfar Zarqin"].country, places["Kfar Zarqin"].admin1) == ("IL", None)
    assert places["Kafr Haya"].country == "SY"
    at_home = by_name(places_of("Jets struck Ain Jdeideh, a Lebanese village near the border.", country="LB"))
    assert at_home["Ain Jdeideh"].country == "LB"
