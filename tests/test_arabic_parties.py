"""Parties, sides and sources of Arabic reports on invented sentences, read with the
Arabic names of their war's pack (data/conflicts/*.toml); each expected value worked out
by hand from the packs' sides."""

from datetime import date

from warmonitor.extract import extract
from warmonitor.records import Document


def read(text, day=date(2024, 10, 20)):
    return extract(Document(id="ar-party", text=text, published=day))


def party(mention):
    return mention and (mention.canonical, mention.side)


def test_the_doer_and_the_party_of_the_counted():
    report = read("قتل 4 عناصر من قوات النظام في هجوم لتنظيم الدولة الإسلامية في ريف حمص يوم الأحد.")
    (event,) = report.events
    assert report.conflict == "Syria"
    assert party(event.actor1) == ("Islamic State", "jihadist")
    assert party(event.actor2) == ("Syrian government forces", "government")


def test_one_party_is_on_the_side_its_war_gives_it():
    in_lebanon = read("قتل 3 عناصر من حزب الله في غارة إسرائيلية على بلدة في جنوب لبنان.")
    in_syria = read("قتل عنصران من حزب الله في اشتباكات مع هيئة تحرير الشام في ريف حلب.", date(2016, 5, 2))
    assert in_lebanon.conflict == "Israel-Gaza-Lebanon war" and in_syria.conflict == "Syria"
    assert party(in_lebanon.events[0].actor1) == ("Israel Defense Forces", "foreign")
    assert ("Hezbollah", "opposition") in [party(a) for a in in_lebanon.actors]
    assert ("Hezbollah", "government") in [party(a) for a in in_syria.actors]


def test_attached_prepositions_on_a_partys_name():
    (event,) = read("قتل 6 مدنيين في قصف لقوات الدعم السريع على مدينة الفاشر.").events
    assert (event.actor1.name, party(event.actor1)) == ("لقوات الدعم السريع", ("Rapid Support Forces", "opposition"))


def test_a_named_monitor_is_credited_by_its_english_name():
    report = read("قتل 5 مدنيين في غارة جوية على بلدة في ريف إدلب، وفق المرصد السوري لحقوق الإنسان.")
    (event,) = report.events
    assert [s.canonical for s in event.sources] == ["Syrian Observatory for Human Rights"]
    assert [c.source for c in report.claims] == ["Syrian Observatory for Human Rights"]


def test_an_unnamed_source_is_kept_as_written_and_a_name_without_crediting_is_none():
    credited = read("قال مصدر طبي إن 3 أشخاص قتلوا في انفجار عبوة ناسفة في بغداد.")
    assert [(s.name, s.canonical) for s in credited.sources] == [("مصدر طبي", None)]
    assert [c.source for c in credited.claims] == ["مصدر طبي"]
    uncredited = read("قتل 3 أشخاص قرب مقر المرصد في حلب.")
    assert uncredited.sources == [] and [c.source for c in uncredited.claims] == [None]


def test_fighters_of_a_party_take_the_side_of_the_reports_war():
    in_lebanon = read("قتل 3 مقاتلين من حزب الله في غارة إسرائيلية على بلدة في جنوب لبنان.")
    in_syria = read("قتل 3 مقاتلين من حزب الله في اشتباكات قرب حلب.", date(2016, 5, 2))
    assert [(c.count, c.side) for c in in_lebanon.claims] == [(3, "opposition")]
    assert [(c.count, c.side) for c in in_syria.claims] == [(3, "government")]
    assert [(c.count, c.side) for c in in_syria.events[0].claims] == [(3, "government")]


def test_the_party_a_ministry_belongs_to_is_no_actor_of_the_event():
    report = read("أعلنت وزارة الصحة التابعة لحكومة الوحدة الوطنية مقتل 4 أشخاص في اشتباكات في طرابلس.")
    (event,) = report.events
    assert report.conflict == "Libya" and event.actor1 is None


def test_a_body_of_one_war_is_named_only_in_that_wars_reports():
    # By hand: "the civil defence said" is the White Helmets in a report of Idlib, and the
    # Lebanese civil defence, credited as written, in a report of south Lebanon.
    in_syria = read("قال الدفاع المدني إن 7 مدنيين قتلوا في غارة على ريف إدلب يوم الأحد.", date(2019, 5, 26))
    in_lebanon = read("قال الدفاع المدني إن 7 مدنيين قتلوا في غارة إسرائيلية على بلدة في جنوب لبنان.")
    assert in_syria.conflict == "Syria" and in_lebanon.conflict == "Israel-Gaza-Lebanon war"
    assert [s.canonical for s in in_syria.sources] == ["Syria Civil Defence (White Helmets)"]
    assert [(s.name, s.canonical) for s in in_lebanon.sources] == [("الدفاع المدني", None)]
