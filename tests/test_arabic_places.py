"""Places in Arabic reports, through GeoNames' Arabic names, on invented sentences; each
expected value worked out by hand from GeoNames (Saraqib and Khan Shaykhun are towns of
Idlib governorate, Syria)."""

from datetime import date

from warmonitor.extract import extract
from warmonitor.extract.arabic.text import read_doc
from warmonitor.records import Document
from warmonitor.resolve import resolve
from warmonitor.resolve.arabic import arabic_places
from warmonitor.resolve.gazetteer import open_gazetteer


def places_of(text, country="SY"):
    doc = read_doc(text)
    places, _ = arabic_places(text, doc.spans, open_gazetteer(), country=country)
    return [(p.name, p.canonical, p.precision, p.admin1, p.country) for p in places]


def test_a_town_and_its_governorate_after_a_prefix_and_a_division_word():
    assert places_of("قصف مدفعي على سراقب بريف إدلب.") == [
        ("سراقب", "Saraqib", "locality", "Idlib", "SY"),
        ("إدلب", "Idlib", "governorate", "Idlib", "SY"),
    ]


def test_a_name_of_two_words_with_an_attached_conjunction():
    assert places_of("غارات على معرة النعمان وخان شيخون.") == [
        ("معرة النعمان", "Ma‘arrat an Nu‘mān", "locality", "Idlib", "SY"),
        ("وخان شيخون", "Khān Shaykhūn", "locality", "Idlib", "SY"),
    ]


def test_a_governorate_alone_and_its_town_after_a_town_word():
    assert [p[2] for p in places_of("في إدلب، وفي مدينة إدلب.")] == ["governorate", "locality"]


def test_places_abroad_weekdays_and_persons_are_not_places():
    # Paris is no town of Syria; Thursday and the revolution are some town's names too; a
    # woman "named" after a town is a person.
    assert places_of("وصل الوفد إلى باريس يوم الخميس بعد الثورة.") == []
    assert places_of("قتلت امرأة تدعى سراقب.") == []


def test_an_arabic_reports_event_and_primary_place_are_its_town():
    text = "قتل 7 مدنيين في قصف مدفعي على بلدة سراقب بريف إدلب يوم الاثنين."
    report = resolve(extract(Document(id="ar-p1", text=text, published=date(2024, 3, 5))))
    (event,) = report.events
    assert ("Saraqib", "Idlib", "SY") in [(p.canonical, p.admin1, p.country) for p in event.places]
    primary = report.primary_place
    assert (primary.canonical, primary.admin1, primary.country, primary.precision) == ("Saraqib", "Idlib", "SY", "locality")
    assert report.country == "SY"


def test_a_town_word_lets_a_long_vowel_more_or_less_than_geonames_match():
    # GeoNames writes Kismayo كسمايو; a town word before it allows كيسمايو, a short name not.
    assert places_of("انفجار قرب مدينة “كيسمايو” جنوبي البلاد.", country="SO") == [
        ("كيسمايو", "Kismayo", "locality", "Lower Juba", "SO"),
    ]
    assert places_of("انفجار في كيسمايو.", country="SO") == []
