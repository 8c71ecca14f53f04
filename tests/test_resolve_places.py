"""Places: transliteration keys, the bundled gazetteer, context, and GeoNames dumps."""

import subprocess
import sys

import pytest

from warmonitor.extract.tokens import sentence_spans
from warmonitor.resolve.gazetteer import open_gazetteer
from warmonitor.resolve.names import exact_key, loose_key, skeleton_key
from warmonitor.resolve.places import find_places

from conftest import REPO


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kafr Zita", "Kfar Zeita"),
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Khan Sheikhoun", "Khān Shaykhūn"),
        ("Khan Sheikhoun", "Khan Cheikhoun"),
        ("Al-Latamneh", "Al Laţāminah"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir Ezzor", "Deir ez-Zor"),
        ("Jisr al-Shughur", "Jisr ash Shughur"),
        ("Ras al-Ain", "Ra’s al ‘Ayn"),
        ("Afrin", "Efrin"),
        ("Douma", "Dūmā"),
    ],
)
def test_transliterations_share_a_skeleton(a, b):
    assert skeleton_key(a) == skeleton_key(b)


def test_loose_key_folds_how_vowels_ayn_and_ta_marbuta_are_written():
    assert loose_key("Saada") == loose_key("Sa‘dah") == loose_key("Saadeh") == "sada"
    assert loose_key("Houn") == loose_key("Hūn") == "hun"
    assert loose_key("Taizz") == loose_key("Ta'iz")
    assert loose_key("Marib") != loose_key("Mareb")  # every consonant and the vowels between them kept


def test_exact_key_folds_case_accents_hyphens_and_article():
    assert exact_key("Al-Ḩasakah") == exact_key("al Hasakah") == "hasakah"


def test_different_towns_keep_different_skeletons():
    assert skeleton_key("Kafr Zita") != skeleton_key("Kafranbel")
    assert skeleton_key("Homs") != skeleton_key("Hama")


def places_of(text):
    return find_places(text, sentence_spans(text), open_gazetteer())


def by_name(places):
    return {p.name: p for p in places}


def test_both_spellings_of_kafr_zita_resolve_to_one_geonames_place():
    places = by_name(places_of("Forces aim to capture Kafr Zita. They closed in on Kfar Zeita on Sunday."))
    assert places["Kafr Zita"].geonameid == places["Kfar Zeita"].geonameid == 168620
    assert places["Kfar Zeita"].admin1 == "Hama"
    assert places["Kfar Zeita"].precision == "locality"


def test_khan_sheikhoun_in_any_spelling_is_in_idlib():
    for spelling in ("Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikoun"):
        place = by_name(places_of(f"Air strikes hit {spelling} on Monday."))[spelling]
        assert (place.geonameid, place.admin1, place.country) == (168325, "Idlib", "SY")


def test_governorate_named_by_province_or_direction():
    places = by_name(places_of("Strikes hit northern Hama and the province of Idlib, and Aleppo city."))
    assert places["northern Hama"].precision == "governorate"
    assert places["northern Hama"].admin1 == "Hama"
    assert places["Idlib"].precision == "governorate"
    assert places["Aleppo"].precision == "locality"


def test_every_name_of_a_list_of_provinces_is_a_governorate():
    places = by_name(places_of("Rebels hold parts of Deir ez-Zor, Raqqa and Hasakah provinces."))
    assert {p.precision for p in places.values()} == {"governorate"}


def test_unknown_village_takes_the_governorate_of_its_context():
    text = "Troops reached Morek in northern Hama and then the village of Al-Latamneh. Residents fled Latamneh."
    places = places_of(text)
    unknown = [p for p in places if p.name in ("Al-Latamneh", "Latamneh")]
    assert len(unknown) == 2
    assert all(p.geonameid is None and p.admin1 == "Hama" and p.precision == "governorate" for p in unknown)


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck Kafr Dabbas, Idlib province, overnight.",
        "Jets struck Kafr Dabbas in the Idlib countryside overnight.",
        "Jets struck Kafr Dabbas in rural Idlib overnight.",
    ],
)
def test_a_name_followed_by_its_division_is_a_place_of_that_division(text):
    # "Kafr Dabbas" is invented: the gazetteer lacks it, the text gives its governorate.
    first = places_of(text)[0]
    assert (first.name, first.admin1, first.precision) == ("Kafr Dabbas", "Idlib", "governorate")


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck Kafr Jales overnight.",  # Jales, Brazil
        "Jets struck Hawsh es Safi overnight.",  # Safi, Morocco
        "A medic who calls himself Abu al-Hassan said so.",  # Hassan, India
        "The Hama Press Center said so.",  # Center, Texas
    ],
)
def test_the_end_of_a_longer_unknown_name_is_not_a_town_abroad(text):
    assert [p.name for p in places_of(text) if p.country != "SY"] == []


@pytest.mark.parametrize(
    "text", ["The governor said five were killed, quoted by Al Mayadeen TV.", "The Aleppo Media Center said 12 died."]
)
def test_a_place_name_that_names_an_outlet_is_no_place(text):
    assert places_of(text) == []


def test_region_and_country():
    places = by_name(places_of("Clashes in northwest Syria and in Eastern Ghouta killed 20."))
    assert places["northwest Syria"].precision == "region"
    assert places["northwest Syria"].admin1 is None
    assert places["Eastern Ghouta"].admin1 == "Rif Dimashq"


@pytest.mark.parametrize("spelling", ["Qalamoun", "Qalamun", "Qalmoun", "Kalamoun"])
def test_a_region_is_found_under_each_of_its_transliterations(spelling):
    [place] = places_of(f"Troops clashed with jihadists in the {spelling} region near the border.")
    assert (place.canonical, place.admin1) == ("Qalamoun", "Rif Dimashq")


def test_words_are_not_places():
    assert places_of("The Observatory said on Monday that President Assad met the Minister.") == []


def test_a_dateline_city_in_capitals_is_not_where_it_happened():
    assert [p.name for p in places_of("DAMASCUS, May 3 - Shelling hit Aleppo.")] == ["Aleppo"]


def test_loading_a_geonames_dump_resolves_a_village_and_is_idempotent(tmp_path):
    fixture = REPO / "tests" / "fixtures" / "geonames" / "SY-sample.txt"
    env = {"WARMONITOR_HOME": str(tmp_path), "PATH": ""}
    run = [sys.executable, "-m", "warmonitor"]
    for _ in range(2):
        loaded = subprocess.run([*run, "gazetteer", "load", str(fixture)], capture_output=True, text=True, env=env)
        assert loaded.returncode == 0, loaded.stderr
    info = subprocess.run([*run, "gazetteer", "info"], capture_output=True, text=True, env=env).stdout
    assert "dump:SY-sample.txt: 24 places" in info
    probe = (
        "from warmonitor.resolve.gazetteer import open_gazetteer;"
        "places, exact = open_gazetteer().lookup('Al-Latamneh'); print(places[0].geonameid, exact)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.stdout.split() == ["171530", "True"], result.stderr


def test_a_file_that_is_not_a_dump_is_one_line_of_error(tmp_path):
    bad = tmp_path / "SY.txt"
    bad.write_bytes(b"\x00\xff binary")
    result = subprocess.run(
        [sys.executable, "-m", "warmonitor", "gazetteer", "load", str(bad)],
        capture_output=True, text=True, env={"WARMONITOR_HOME": str(tmp_path), "PATH": ""},
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def _indexed(path, *places):
    """A gazetteer index of just ``places`` (GeoNames rows), with its name hashes."""
    from warmonitor.resolve import gazetteer

    with gazetteer._connect(path) as connection:
        for place in places:
            gazetteer._insert(connection, place, "test", place.alternatenames)
        gazetteer._ensure_name_hashes(connection)
    connection.close()
    return gazetteer.Gazetteer(path)


def _village(geonameid, name, *alternates):
    from warmonitor.resolve.geonames import GeoNamesPlace

    return GeoNamesPlace(geonameid, name, name, alternates, 35.0, 36.0, "P", "PPL", "SY", "10", 0)


def test_a_name_the_index_lacks_costs_no_query(tmp_path):
    index = _indexed(tmp_path / "index.sqlite", _village(1, "Tell Qarmoun", "Tal Qarmun"), _village(2, "Birket Hanoun"))
    queries = []
    index._connection.set_trace_callback(queries.append)
    assert index.lookup("Nowhere Springs") == ((), False)
    assert index.lookup("Zzyzx") == ((), False)  # a skeleton too short to look up
    assert queries == []
    places, exact = index.lookup("Tal Qarmun")
    assert ([p.geonameid for p in places], exact) == ([1], True)
    places, exact = index.lookup("Tell Karmoun")  # same skeleton, tlkrmn
    assert ([p.geonameid for p in places], exact) == ([1], False)
    assert len(queries) == 2


def test_prefetched_names_answer_as_lookups_do(tmp_path):
    names = ["Birket Hanoun", "Tell Qarmoun", "Tel Qarmoun", "Nowhere Springs", "al-Birka"]
    one_by_one = _indexed(tmp_path / "a.sqlite", _village(1, "Tell Qarmoun"), _village(2, "Birket Hanoun"))
    prefetched = _indexed(tmp_path / "b.sqlite", _village(1, "Tell Qarmoun"), _village(2, "Birket Hanoun"))
    prefetched.prefetch(names)
    queries = []
    prefetched._connection.set_trace_callback(queries.append)
    assert [prefetched.lookup(n) for n in names] == [one_by_one.lookup(n) for n in names]
    assert queries == []


def test_runs_of_name_words_end_on_a_name_word():
    from warmonitor.extract.tokens import tokenize
    from warmonitor.resolve.places import _names_in

    text = "Fighters left Ras al Ain for Daesh-held Tal Hamis's outskirts."
    tokens = tokenize(text)
    runs = {tokens[i].text: [name for _, _, name in at] for i, at in enumerate(_names_in(text, tokens)) if at}
    assert runs == {
        "Fighters": ["Fighters"],
        "Ras": ["Ras al Ain", "Ras"],  # not "Ras al": a particle stands inside a name only
        "Ain": ["Ain"],
        "Tal": ["Tal Hamis", "Tal"],
        "Hamis's": ["Hamis"],
    }


def test_a_name_after_a_persons_title_is_the_persons():
    # "George" and "Hague" are towns abroad; here they name people
    text = (
        "Opposition figure George Marwan said in Ankara that 40 people were killed in Hasakah. "
        "Foreign Secretary William Hague spoke in London."
    )
    names = [p.name for p in find_places(text, sentence_spans(text), open_gazetteer())]
    assert "George" not in names and "Hague" not in names and "William" not in names
    assert "Hasakah" in names and "London" in names


def test_a_capital_that_acts_or_speaks_is_its_government():
    text = (
        "BERLIN (Agency) - Shelling killed 12 people in Homs on Monday. "
        "Moscow denied any part in it, and strikes carried out by Washington were condemned. "
        "A car bomb killed five near Ankara said the ministry."
    )
    names = [p.name for p in find_places(text, sentence_spans(text), open_gazetteer())]
    assert names.count("Homs") == 1
    assert "Moscow" not in names and "Washington" not in names and "BERLIN" not in names
    assert "Ankara" in names  # "near Ankara": a place, whatever verb follows


def test_a_capital_that_opens_the_report_before_a_dash_is_the_dateline():
    text = "Beirut London- Warplanes struck Saraqeb on Monday, killing 7 people."
    names = [p.name for p in find_places(text, sentence_spans(text), open_gazetteer())]
    assert "Beirut" not in names and "London" not in names and "Saraqeb" in names


def test_a_name_placed_by_its_spelling_once_is_a_place_wherever_the_report_writes_it():
    """ "the town of Boukamal" places a name the gazetteer spells otherwise (Ālbū Kamāl);
    "the Boukamal raid" has no such cue, but the report has said what Boukamal is."""
    places = places_of("Jets struck the town of Boukamal overnight. Medics said the Boukamal raid killed seven people.")
    assert [(p.name, p.admin1) for p in places] == [("Boukamal", "Deir ez-Zor"), ("Boukamal", "Deir ez-Zor")]


@pytest.mark.parametrize(
    "text, named",
    [
        ("Clashes in the Damascus suburbs killed 100 fighters.", "Damascus suburbs"),
        ("Clashes in the suburbs of Damascus killed 100 fighters.", "suburbs of Damascus"),
        ("Shelling hit the outskirts of Damascus.", "outskirts of Damascus"),
        ("Medics in the towns east of Damascus counted 80 dead.", "east of Damascus"),
        ("Jets bombed a besieged Damascus suburb.", "Damascus suburb"),
        ("Jets bombed a rebel-held town outside the capital Damascus.", "outside the capital Damascus"),
        ("Shells fell on farms east of the capital Damascus.", "east of the capital Damascus"),
        ("An air raid on a farm near Damascus killed four people.", "near Damascus"),
    ],
)
def test_a_capitals_suburbs_are_the_governorate_around_it(text, named):
    [place] = places_of(text)
    assert (place.name, place.admin1, place.precision) == (named, "Rif Dimashq", "governorate")


def test_the_capital_alone_is_the_city():
    [place] = places_of("A car bomb killed seven people in Damascus.")
    assert (place.admin1, place.precision) == ("Damascus", "locality")
    [east] = places_of("Mortar rounds fell on east Damascus.")
    assert east.admin1 == "Damascus"


def test_a_town_the_gazetteer_lacks_is_in_the_governorate_the_text_places_it_in_wherever_it_is_told():
    # "Zorbaya" (unknown to the gazetteer) is first told in a sentence naming no other
    # place; the sentence after places it "southeast of Deir Ezzor city". By hand: both
    # mentions are in Deir ez-Zor, not in Aleppo, the governorate of the report's other
    # town (Manbij).
    text = ("Kurdish-led fighters advanced near Manbij on Monday. "
            "Air strikes on the opposition-held town of Zorbaya killed 30 people on Sunday, a monitor said. "
            "The raids on Zorbaya, southeast of Deir Ezzor city, also wounded dozens.")
    assert [(p.name, p.admin1) for p in places_of(text) if p.name == "Zorbaya"] == [
        ("Zorbaya", "Deir ez-Zor"), ("Zorbaya", "Deir ez-Zor")]
