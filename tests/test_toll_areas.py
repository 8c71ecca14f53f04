"""A toll told over several governorates is no toll of one of them (issue 9).

Invented reports; the figures a careful monitor would publish are worked out by hand."""

from __future__ import annotations

from pathlib import Path

from test_incidents import export, ingest


def published(tmp_path: Path, reports: list[tuple]) -> list[dict]:
    """The incidents a new store publishes once ``reports`` are ingested into it."""
    db = str(tmp_path / "store.sqlite")
    ingest(db, tmp_path, reports)
    return export(db)


# By hand: the Homs market strike of Saturday 10 March killed 20 (report g1). A report of
# Sunday tells, as the day before's news, 60 civilians killed in strikes on Homs and Hama
# together: that is not Homs's toll (the 20 are among them, with Hama's dead), so the
# Homs incident keeps 20, and the 60 stand apart, placed in no governorate.
TWO_PROVINCES = [
    ("g1", "Market strike in Homs", "Air strikes on a market in the city of Homs killed 20 people on Saturday, "
     "the Syrian Observatory for Human Rights said.", "alpha", "2018-03-10"),
    ("g2", "Shelling near Hama", "Rebels shelled a village on Sunday, a day after more than 60 civilians were "
     "killed in government air strikes on Homs and Hama, activists said.", "beta", "2018-03-11"),
]


def test_a_total_over_two_governorates_does_not_become_one_governorates_toll(tmp_path: Path):
    incidents = published(tmp_path, TWO_PROVINCES)
    killed = sorted((i["admin1"] or "", i["fatalities"]) for i in incidents if i["fatalities"])
    assert killed == [("", 60), ("Homs", 20)]


# By hand: the army's day total over Idlib province (30 militants and 10 foreign fighters)
# is told in parts at two towns: 25 in clashes at Saraqib and 12 in an air strike on Kafr
# Nabl (the rest of the day's dead not placed). A careful monitor publishes the two
# attacks (25 and 12) and keeps the total as the province's day, not as Saraqib's toll
# beside Kafr Nabl's 12 (52 in all).
# The headline's 40 retells the total (30 + 10) and goes with it.
DAY_IN_PARTS = [
    ("p1", "Army says it killed 40 militants in Idlib",
     "Some 30 militants and 10 foreign fighters were killed in army strikes in Idlib province over the past 24 "
     "hours, a military source said on Monday. "
     "The source said 25 militants were killed in clashes near the town of Saraqib. "
     "Warplanes also struck the village of Kafr Nabl, killing 12 militants, the source added.", "alpha", "2018-03-12"),
]
# By hand: the same day total told with no part at a town is the province's one toll.
DAY_WHOLE = [
    ("w1", "Army kills militants in Idlib",
     "The army killed 40 militants in Idlib province over the past 24 hours, a military source said on Monday.",
     "alpha", "2018-03-12"),
]


def test_a_day_total_over_a_province_told_in_parts_is_not_one_attacks_toll(tmp_path: Path):
    incidents = published(tmp_path, DAY_IN_PARTS)
    killed = sorted((i["location"], i["fatalities"]) for i in incidents if i["fatalities"])
    assert killed == [("Kafranbel", 12), ("Saraqib", 25)]


def test_a_day_total_over_a_province_with_no_parts_is_its_toll(tmp_path: Path):
    incidents = published(tmp_path, DAY_WHOLE)
    assert [(i["admin1"], i["fatalities"]) for i in incidents] == [("Idlib", 40)]


def test_the_day_total_is_kept_as_a_total_over_that_day_and_province():
    from datetime import date

    from warmonitor.extract import extract
    from warmonitor.records import Document
    from warmonitor.resolve import resolve

    _, title, text, _, published = DAY_IN_PARTS[0]
    report = resolve(extract(Document(id="p1", title=title, text=f"{title}\n\n{text}", published=date(2018, 3, 12))))
    totals = [(a.claim.count, a.area.admin1 if a.area else None) for a in report.aggregates]
    assert totals == [(40, "Idlib"), (30, "Idlib"), (10, "Idlib")]  # the headline's 40, the body's 30 and 10
    assert sorted(c.count for e in report.events for c in e.claims) == [12, 25]


# By hand: a battle for one town goes on for weeks, and fighters' tolls of like size
# recur. 24 militants killed in clashes in Tabqa on Saturday 11 March, and 23 killed in
# clashes there told on 28 March with no day of their own, are two days' fighting: two
# incidents, 47 killed, not one of 24.
BATTLE_DAYS = [
    ("b1", "Clashes in Tabqa", "Kurdish fighters killed 24 jihadists in clashes in the town of Tabqa on Saturday, "
     "the Syrian Observatory for Human Rights said.", "alpha", "2017-03-12"),
    ("b2", "Fighters advance in Tabqa", "Kurdish fighters killed 23 jihadists in clashes in the town of Tabqa and "
     "captured three of its neighbourhoods, a spokesman said.", "beta", "2017-03-28"),
]


def test_a_fighters_toll_retold_weeks_later_in_the_same_town_is_another_days_fighting(tmp_path: Path):
    incidents = published(tmp_path, BATTLE_DAYS)
    killed = sorted((i["event_date"], i["fatalities"]) for i in incidents if i["fatalities"])
    assert killed == [("2017-03-11", 24), ("2017-03-28", 23)]


# By hand: one report tells a gas attack on Zamalka (100 killed) and, in another
# sentence naming only the province, the toll collated from its clinics that day (213).
# The clinics' toll counts the attack's dead, with those of the shelling around it: one
# incident of 213 at Zamalka, not two adding up to 313.
ONE_ATTACK_TOLD_TWICE = [
    ("z1", "Gas attack near Damascus",
     "A poison gas attack on the town of Zamalka killed at least 100 people on Wednesday, activists said. "
     "Government forces also shelled the area, and a doctor said the death toll collated from clinics across "
     "Rif Dimashq province had reached 213.", "alpha", "2013-08-21"),
]


def test_a_reports_toll_told_over_the_province_of_its_attack_is_that_attacks(tmp_path: Path):
    incidents = published(tmp_path, ONE_ATTACK_TOLD_TWICE)
    assert [(i["location"], i["fatalities"]) for i in incidents if i["fatalities"]] == [("Zamalka", 213)]


# By hand: an execution of 40 in one district of Aleppo told on Friday, and 51 civilians
# killed in air raids and shelling on the city and its countryside on Saturday: two kinds
# of violence on two days, two incidents (40 and 51), not one of 91.
TWO_DAYS_TWO_KINDS = [
    ("k1", "Militants execute 40 in Aleppo", "Militants executed 40 people in the Ansari district of Aleppo on "
     "Friday, the ministry said.", "alpha", "2016-08-12"),
    ("k2", "Raids kill 51 in Aleppo", "At least 51 civilians were killed in air raids and shelling on Aleppo city "
     "and its countryside on Saturday, a monitor said.", "beta", "2016-08-14"),
]


def test_another_kind_of_violence_on_another_day_joins_only_on_an_agreeing_toll(tmp_path: Path):
    incidents = published(tmp_path, TWO_DAYS_TWO_KINDS)
    assert sorted(i["fatalities"] for i in incidents if i["fatalities"]) == [40, 51]


# By hand: one report's air strikes in two governorates: three fighters in Saraqib (Idlib),
# "others" of that strike with no count and no place of their own, then five civilians in
# Muhradah (Hama). The sentence naming no place tells of the strike before it, so the
# report tells two attacks: Saraqib 3 and Muhradah 5, not one of 8 in either town.
TWO_GOVERNORATES_ONE_UNPLACED = [
    ("u1", "Strikes hit Idlib and Hama",
     "Air strikes killed three fighters in the town of Saraqib in Idlib province on Monday, activists said. "
     "A number of other fighters were also killed. "
     "Air strikes also killed five civilians in the town of Muhradah in Hama province.", "alpha", "2016-05-02"),
]


def test_a_figure_sentence_naming_no_place_does_not_keep_two_governorates_in_one_toll(tmp_path: Path):
    incidents = published(tmp_path, TWO_GOVERNORATES_ONE_UNPLACED)
    killed = sorted((i["admin1"], i["fatalities"]) for i in incidents if i["fatalities"])
    assert killed == [("Hama", 5), ("Idlib", 3)]


# By hand: a province's toll of the day told with no "24 hours" (11 civilians across Hama
# province), then its parts at two towns: six in an air strike on Kafr Zita and five in
# rebel shelling of Suqaylabiyah. A careful monitor publishes the two attacks (6 and 5);
# the 11 is their sum, not the toll of the town it would be placed at.
PROVINCE_TOLD_IN_PARTS = [
    ("h1", "Eleven civilians killed in Hama",
     "Eleven civilians were killed across Hama province on Tuesday, a monitor said. "
     "In the town of Kafr Zita, an air strike killed six civilians. "
     "Rebel shelling killed five civilians in the town of Suqaylabiyah.", "alpha", "2016-05-03"),
]


def test_a_provinces_toll_told_in_parts_at_two_towns_is_their_sum(tmp_path: Path):
    incidents = published(tmp_path, PROVINCE_TOLD_IN_PARTS)
    assert sorted(i["fatalities"] for i in incidents if i["fatalities"]) == [5, 6]


# By hand: one report of the fall of the Tadef base (in Aleppo province): 40 soldiers
# killed, then the Islamic State's 12, then how the 40 died (25 executed, 9 in a car
# bombing, 6 in the assault: 40 again). A careful monitor publishes one incident of 52 at
# Tadef (Tādif in the gazetteer): 40 government and 12 jihadists, with no second
# incident of the 25 + 9 + 6.
BASE_FALLS = [
    ("b1", "Base falls", "At least 40 soldiers were killed when the Islamic State stormed the army base of Tadef in "
     "Aleppo province on Saturday, a monitor said. The Islamic State lost 12 fighters. More than 25 soldiers were "
     "summarily executed, nine more died in a suicide car bombing and at least six others were killed in the "
     "assault.", "alpha", "2031-03-02"),
]


def test_a_breakdown_told_after_its_total_adds_no_dead(tmp_path: Path):
    incidents = published(tmp_path, BASE_FALLS)
    assert [(i["location"], i["fatalities"]) for i in incidents if i["fatalities"]] == [("Tādif", 52)]
