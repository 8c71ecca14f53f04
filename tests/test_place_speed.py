"""The faster paths of place resolution and cleaning give what the plain ones gave
(docs/scale.md: each was made to leave every output byte for byte as it was)."""

from __future__ import annotations

import sqlite3

from warmonitor.ingest.furniture import is_menu, vocabulary
from warmonitor.records import Token
from warmonitor.resolve.gazetteer import index_path, open_gazetteer
from warmonitor.resolve.names import exact_key, fold
from warmonitor.resolve.places import _inside, _Masked


def test_masked_tokens_are_those_inside_says() -> None:
    """Overlapping and nested spans too: a token is judged by the last span to start at
    or before it, as :func:`_inside` judges it."""
    spans = [(0, 10), (2, 5), (12, 14), (12, 20), (30, 31)]
    tokens = [Token("w", "w", start, start + 1) for start in range(0, 40)]
    expected = [t for t in tokens if not _inside(t.start, sorted(spans))]
    assert _Masked(spans).unmasked(tokens, 0, 40) == expected
    assert _Masked([]).unmasked(tokens, 0, 40) is tokens
    assert _Masked([(50, 60)]).unmasked(tokens, 0, 40) is tokens


def test_fold_of_ascii_and_accented_names() -> None:
    assert fold("Al-Hasakah") == "al hasakah"
    assert fold("Al-Ḩasakah") == "al hasakah"
    assert fold("Khān Shaykhūn") == fold("Khan Shaykhun") == "khan shaykhun"
    assert exact_key("Ma'arat  al-Nu'man") == exact_key("Maarat al-Numan")


def test_a_divisions_centre_is_read_through_its_index_and_is_the_plain_mean() -> None:
    gazetteer = open_gazetteer()
    connection = sqlite3.connect(index_path())
    query = ("SELECT avg(latitude), avg(longitude) FROM place {} WHERE country = ? AND admin1 = ?"
             " AND feature_class = 'P'")
    plan = connection.execute("EXPLAIN QUERY PLAN " + query.format(""), ("SY", "09")).fetchall()
    assert "place_division" in str(plan)
    for key in connection.execute("SELECT DISTINCT country, admin1 FROM place WHERE country IN ('SY', 'IQ', 'YE')"):
        unindexed = connection.execute(query.format("NOT INDEXED"), key).fetchone()
        assert gazetteer.centre(*key) in (unindexed, None)


def test_names_of_one_short_skeleton_share_their_query() -> None:
    gazetteer = open_gazetteer()
    countries = frozenset({"LY", "SY"})
    gazetteer.loosely_named("Houn", countries)
    rows = dict(gazetteer._by_skeleton)
    gazetteer.loosely_named("Hana", countries)  # another loose key ("hana"), the same skeleton ("hn")
    assert gazetteer._by_skeleton == rows  # "Hana" read the rows "Houn" read


def test_menus_offers_and_prose() -> None:
    assert is_menu("home › world › middle east")
    assert is_menu("news | sport | weather")
    assert is_menu("home > world > syria")
    assert not is_menu("shelling killed 12 people in idlib on monday.")
    offer = vocabulary().is_offer
    assert offer("$4.99 a month") and offer("3 months") and offer("₹900")
    assert not offer("12 killed in idlib") and not offer("a month of shelling")
