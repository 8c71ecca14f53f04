"""The Arabic claim reader on invented sentences; each expected value worked out by hand."""

from warmonitor.extract import extract
from warmonitor.extract.arabic import is_arabic
from warmonitor.extract.arabic.claims import read_claims
from warmonitor.extract.arabic.text import normalise, read_doc
from warmonitor.extract.arabic.words import load, stems
from warmonitor.records import Document


def claims(text, title=None):
    return read_claims(read_doc(text), title, load())


def brief(text):
    return [(c.count, c.outcome, c.group, c.qualifier) for c in claims(text)]


def test_outcome_before_the_count_and_others_after_it():
    found = claims("قتل ثلاثة مدنيين وأصيب سبعة آخرون في قصف على بلدة الزيتونة.")
    assert [(c.count, c.outcome, c.group) for c in found] == [(3, "killed", "civilians"), (7, "injured", "civilians")]


def test_quotes_stay_in_the_original_arabic():
    text = "قُتِلَ ١٢ مدنيًا في غارة جوية."
    (claim,) = claims(text)
    assert claim.count == 12 and claim.quote == "قُتِلَ ١٢ مدنيًا" and text[slice(*claim.span)] == claim.quote


def test_nouns_that_carry_their_outcome():
    assert brief("سقط في الهجوم 14 قتيلا و31 جريحا.") == [
        (14, "killed", "unspecified", "exact"), (31, "injured", "unspecified", "exact"),
    ]  # fmt: skip


def test_outcome_after_the_victims():
    assert brief("وأفادت مصادر أن 9 أشخاص على الأقل قتلوا في الانفجار.") == [(9, "killed", "unspecified", "at_least")]


def test_dual_nouns_count_two():
    assert brief("استشهد طفلان في القصف.") == [(2, "killed", "civilians", "exact")]
    found = claims("وأسفرت الغارة عن إصابة جنديين.")
    assert [(c.count, c.outcome, c.group, c.side) for c in found] == [(2, "injured", "combatants", "government")]


def test_a_single_person_counts_one():
    assert brief("مقتل امرأة برصاص قناص في المدينة.") == [(1, "killed", "civilians", "exact")]


def test_qualifiers():
    assert brief("مقتل ما لا يقل عن 40 شخصا.") == [(40, "killed", "unspecified", "at_least")]
    assert brief("إصابة أكثر من 200 مدني.") == [(200, "injured", "civilians", "more_than")]
    assert brief("لقي نحو 70 شخصا حتفهم.")[0][:2] == (70, "killed")
    assert claims("لقي نحو 70 شخصا حتفهم.")[0].qualifier == "about"


def test_vague_counts():
    (claim,) = claims("وأدى القصف إلى مقتل عشرات المدنيين.")
    assert (claim.count, claim.vague, claim.outcome, claim.group) == (None, "عشرات", "killed", "civilians")


def test_sub_counts_take_their_total():
    found = claims("قتل 12 شخصا بينهم خمسة أطفال وامرأتان في القرية.")
    assert [(c.count, c.outcome, c.group) for c in found] == [
        (12, "killed", "unspecified"), (5, "killed", "civilians"), (2, "killed", "civilians"),
    ]  # fmt: skip
    assert found[1].part_of == found[0].span


def test_a_raised_toll():
    assert brief("ارتفع عدد القتلى جراء التفجير إلى 19.") == [(19, "killed", "unspecified", "exact")]


def test_an_older_toll_is_superseded():
    (claim,) = claims("وكانت حصيلة سابقة ذكرت مقتل 12 شخصا.")
    assert claim.status == "superseded"


def test_totals_since_a_date_are_aggregate():
    (claim,) = claims("ووثقت الشبكة مقتل 640 مدنيا منذ مطلع العام.")
    assert claim.scope == "aggregate" and claim.group == "civilians"
    (claim,) = claims("قتل 5 مدنيين في قصف على السوق.")
    assert claim.scope == "incident"


def test_the_party_of_the_fighters():
    found = claims("مقتل 9 عناصر من قوات النظام و4 مقاتلين من الفصائل في اشتباكات.")
    assert [(c.count, c.group, c.side) for c in found] == [(9, "combatants", "government"), (4, "combatants", "opposition")]


def test_killed_and_injured_together_is_no_claim():
    assert claims("سقوط 30 قتيلا وجريحا في الانفجار.") == []
    assert claims("مقتل وإصابة 16 شخصا في الهجوم.") == []


def test_counts_of_things_are_not_claims():
    assert claims("شنت الطائرات 12 غارة على المنطقة يوم 5 أيار 2024.") == []


def test_the_same_figure_in_headline_and_body_is_one_claim():
    text = "مقتل 27 شخصا في هجوم على سوق شعبي\nقتل 27 شخصا اليوم في هجوم على سوق شعبي في المدينة."
    assert [c.count for c in claims(text)] == [27]


def test_prefixes_and_marks_are_folded_for_matching():
    assert normalise("قُتِلَ") == "قتل" and normalise("إصابة") == "اصابه" and normalise("١٣") == "13"
    assert "اطفال" in stems(normalise("وبالأطفال"))


def test_language_is_told_by_the_share_of_arabic_letters():
    assert is_arabic("قتل خمسة أشخاص في قصف")
    assert not is_arabic("Five people were killed in Deir al-Zor (دير الزور) on Sunday.")
    assert not is_arabic("") and not is_arabic("١٢٣ 456")


def test_an_arabic_document_goes_through_extract():
    report = extract(Document(id="ar-1", text="أصيب 6 أشخاص بجروح في انفجار عبوة ناسفة."))
    assert [(c.count, c.outcome) for c in report.claims] == [(6, "injured")]


def test_an_arabic_report_has_its_event_with_date_and_kind():
    from datetime import date

    text = "قتل 8 مدنيين في غارة جوية على قرية الوادي يوم 3 أيار/مايو 2024.\nوأصيب 4 آخرون."
    report = extract(Document(id="ar-2", text=text, published=date(2024, 5, 4)))
    (event,) = report.events
    assert report.language == "ar" and event.type == "air_strike"
    assert (event.date, event.date_expression) == (date(2024, 5, 3), "3 أيار/مايو 2024")
    assert [c.count for c in event.claims] == [8, 4]


def test_weekdays_and_yesterday_count_back_from_the_report_date():
    from datetime import date

    report = extract(Document(id="ar-3", text="قتل 3 جنود في انفجار عبوة ناسفة أمس.", published=date(2024, 5, 4)))
    assert report.events[0].date == date(2024, 5, 3) and report.events[0].type == "explosion"
    report = extract(Document(id="ar-4", text="قتل 3 جنود في اشتباكات يوم الخميس.", published=date(2024, 5, 4)))  # a Saturday
    assert report.events[0].date == date(2024, 5, 2) and report.events[0].type == "armed_clash"


def test_totals_over_a_period_are_aggregates_not_events():
    report = extract(Document(id="ar-5", text="ووثق المرصد مقتل 900 مدني منذ بداية العام."))
    assert report.events == [] and [a.claim.count for a in report.aggregates] == [900]


def test_english_reports_keep_their_language():
    report = extract(Document(id="en-1", text="Two civilians were killed in shelling on Monday."))
    assert report.language == "en" and [c.count for c in report.claims] == [2]


def test_bare_counts_before_the_next_outcome():
    assert brief("أسفر القصف عن مقتل 3 وإصابة 5 في البلدة.") == [
        (3, "killed", "unspecified", "exact"), (5, "injured", "unspecified", "exact"),
    ]  # fmt: skip


def test_persons_listed_one_by_one_with_pronoun_suffixes():
    assert brief("قتل رجل وزوجته وابنهما في غارة.") == [
        (1, "killed", "unspecified", "exact"), (1, "killed", "civilians", "exact"), (1, "killed", "civilians", "exact"),
    ]  # fmt: skip


def test_a_noun_of_the_dead_takes_the_people_named_after_it():
    assert brief("سقط 6 قتلى من المدنيين في القصف.") == [(6, "killed", "civilians", "exact")]
    assert brief("استشهد أربعة سوريين في القصف.") == [(4, "killed", "unspecified", "exact")]


def test_verb_then_doer_then_count():
    assert brief("قتلت القوات الجوية 8 مدنيين في القرية.") == [(8, "killed", "civilians", "exact")]


def test_expected_tolls_are_no_claims():
    assert claims("ويتوقع أن يرتفع عدد القتلى إلى 60.") == []


def test_a_nationality_after_a_person_is_an_adjective():
    found = claims("أصيب جندي تركي بجروح خطيرة.")
    assert [(c.count, c.outcome, c.group) for c in found] == [(1, "injured", "combatants")]


def test_a_run_with_no_full_stop_is_read_in_sentence_sized_pieces():
    from warmonitor.extract.arabic.text import MAX_SENTENCE_TOKENS

    text = "أصيب 4 مدنيين في قصف على الحي، " * 2000
    doc = read_doc(text)
    assert max(len(s.tokens) for s in doc.sentences) <= MAX_SENTENCE_TOKENS
    assert all(text[s.start : s.end].startswith("أصيب") for s in doc.sentences)
    assert {c.count for c in claims(text)} == {4}


def test_bad_input_gives_no_claim_and_no_error():
    for text in ("", "ـــ", "،،، ؟؟", "و5 و6", "31 شباط 2020", "مقتل ٫٫ ١٫٥"):
        assert claims(text) == []


def test_a_war_total_in_thousands():
    (claim,) = claims("ارتفعت حصيلة القتلى في البلاد إلى أكثر من 35 ألفا منذ بدء الحرب.")
    assert (claim.count, claim.qualifier, claim.outcome, claim.scope) == (35000, "more_than", "killed", "aggregate")


def test_ranges_keep_their_upper_bound():
    found = claims("قتل ما بين 10 و15 شخصا في الاشتباكات.")
    assert [(c.count, c.high) for c in found] == [(10, 15)]
    found = claims("قتل بين عشرة وخمسة عشر مدنيا.")
    assert [(c.count, c.high, c.group) for c in found] == [(10, 15, "civilians")]


def test_forces_named_as_the_counted_noun_give_the_side():
    found = claims("ولقي 4 عناصر من الفصائل مصرعهم، فيما قتل 6 من قوات النظام.")
    assert [(c.count, c.side) for c in found] == [(4, "opposition"), (6, "government")]


def test_the_country_of_an_arabic_report_from_the_places_it_names():
    report = extract(Document(id="ar-6", text="قتل 4 مدنيين في قصف على مدينة الفاشر في إقليم دارفور غربي السودان."))
    assert report.country == "SD"
    assert extract(Document(id="ar-7", text="قتل 4 مدنيين في قصف على القرية.")).country is None


def test_a_toll_takes_the_people_its_noun_names():
    found = claims("وبذلك يرتفع عدد قتلى قوات النظام منذ بداية الشهر إلى 120.")
    assert [(c.count, c.group, c.side, c.scope) for c in found] == [(120, "combatants", "government", "aggregate")]


def test_an_attack_that_killed_only_fighters_is_a_clash():
    report = extract(Document(id="ar-8", text="قتل 6 جنود في هجوم على حاجز عسكري."))
    assert report.events[0].type == "armed_clash"
    report = extract(Document(id="ar-9", text="قتل 6 مدنيين في هجوم على حافلة."))
    assert report.events[0].type == "attack_on_civilians"


def test_persons_listed_by_name():
    found = claims("ووفق مصادر محلية قتل كل من: سامر العلي، خالد يوسف، ومحمود الحسن، المسعفين في المركز، إثر غارة.")
    assert [(c.count, c.outcome, c.group, c.quote) for c in found] == [
        (1, "killed", "civilians", "قتل كل من: سامر العلي"), (1, "killed", "civilians", "خالد يوسف"),
        (1, "killed", "civilians", "ومحمود الحسن"),
    ]  # fmt: skip


def test_persons_of_one_total_are_each_a_claim():
    found = claims("استشهاد 4 بينهم طفل والمختار ومدير المدرسة في القصف.")
    assert [(c.count, c.group) for c in found] == [(4, "unspecified"), (1, "civilians"), (1, "unspecified"), (1, "unspecified")]


def test_two_others_and_fighters_of_both_sides():
    assert [c.count for c in claims("قتل شخص واحد على الأقل وأصيب آخران.")] == [1, 2]
    (claim,) = claims("أسفرت المعارك عن مقتل 200 مقاتل من الطرفين.")
    assert (claim.group, claim.side) == ("combatants", "mixed")


def test_shares_times_and_dates_are_no_counts():
    assert claims("ارتفع عدد القتلى بنسبة 45% مقارنة بالعام الماضي.") == []
    assert [c.count for c in claims("قتل 3 أشخاص في القصف الذي وقع عند الساعة 10:30 يوم 15/3/2020.")] == [3]


def test_the_language_a_report_was_read_in_is_stored_and_printed(tmp_path):
    import json
    import subprocess
    import sys

    from sqlalchemy import create_engine, select

    from warmonitor.store import schema as t

    english = tmp_path / "english.txt"
    english.write_text("Shelling killed four people in the town on Monday.", encoding="utf-8")
    arabic = tmp_path / "arabic.txt"
    arabic.write_text("قتل أربعة مدنيين في قصف على البلدة يوم الاثنين.", encoding="utf-8")
    printed = subprocess.run([sys.executable, "-m", "warmonitor", "extract", "--no-text", str(english), str(arabic)],
                             capture_output=True, text=True, timeout=300)
    assert [json.loads(line)["language"] for line in printed.stdout.splitlines()] == ["en", "ar"]
    store = tmp_path / "store.sqlite"
    done = subprocess.run([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", str(store), str(english), str(arabic)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    engine = create_engine(f"sqlite:///{store}")
    with engine.connect() as connection:
        stored = dict(connection.execute(select(t.document.c.external_id, t.document.c.language)).all())
    engine.dispose()
    assert sorted(stored.values()) == ["ar", "en"]
