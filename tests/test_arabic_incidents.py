"""One incident told in Arabic and in English, ingested into a store (SQLite and
PostgreSQL). The invented pair tells the same shelling of one town on one day with one
toll, each crediting the same monitor, so by hand it is one incident of 9 killed with
both reports as its sources and the monitor credited once, under its English name."""

from test_incidents import export, ingest

from conftest import db  # noqa: F401 - the store on SQLite and on PostgreSQL

PAIR = [
    ("en-1", "Shelling of Khan Shaykhun", "Artillery shelling of the town of Khan Shaykhun in Idlib province killed 9 "
     "civilians on Tuesday, the Syrian Observatory for Human Rights said.", "alpha", "2021-09-14"),
    ("ar-1", "قصف على خان شيخون", "قتل 9 مدنيين جراء قصف مدفعي على مدينة خان شيخون بريف إدلب الجنوبي يوم الثلاثاء، "
     "بحسب المرصد السوري لحقوق الإنسان.", "beta", "2021-09-14"),
]


def test_one_shelling_told_in_arabic_and_in_english_is_one_incident(db, tmp_path):
    ingest(db, tmp_path, PAIR)
    (incident,) = export(db)
    assert sorted(incident["document_ids"]) == ["ar-1", "en-1"]
    assert (incident["event_date"], incident["admin1"], incident["country"]) == ("2021-09-14", "Idlib", "SY")
    assert incident["location"] == "Khān Shaykhūn" and incident["fatalities"] == 9
    assert incident["source"].split("; ").count("Syrian Observatory for Human Rights") == 1
    assert incident["languages"] == "ar; en"  # the languages its reports were written in


def test_an_arabic_report_is_shown_right_to_left_on_the_event_page(db, tmp_path):
    from fastapi.testclient import TestClient

    from warmonitor.publish.api import create_app
    from warmonitor.store.database import open_store

    ingest(db, tmp_path, PAIR)
    engine = open_store(db)
    (incident,) = export(db)
    page = TestClient(create_app(engine)).get(f"/events/{incident['event_id']}").text
    engine.dispose()
    assert page.count('class="report-text" lang="ar" dir="rtl"') == 1
    assert page.count('class="report-text" lang="en" dir="ltr"') == 1
