"""Events, aggregates and the primary place, read end to end from whole reports."""

from datetime import date

import pytest

from warmonitor.extract import extract
from warmonitor.reconcile.matching import recalled
from warmonitor.ingest import read_input
from warmonitor.records import Document
from warmonitor.resolve import resolve

from conftest import REPO

SEED = REPO / "src" / "warmonitor" / "samples" / "seed-idlib-2019-05-25.txt"


@pytest.fixture(scope="module")
def seed():
    document = next(read_input(str(SEED), published=date(2019, 5, 25)))
    return resolve(extract(document))


def events_of(report, event_type):
    return [e for e in report.events if e.type == event_type]


def test_seed_clash_on_saturday_between_government_and_hts(seed):
    [clash] = events_of(seed, "armed_clash")
    assert clash.date == date(2019, 5, 25) and clash.date_precision == "day"
    assert sorted(c.count for c in clash.claims) == [23, 32, 55]
    assert clash.actor1.canonical == "Syrian government forces" and clash.actor1.side == "government"
    assert clash.actor2.canonical == "Hayat Tahrir al-Sham" and clash.actor2.side == "jihadist"
    assert "rebels" in clash.actor2.name
    assert [p.name for p in clash.places] == ["northwest Syria"]
    assert clash.sources[0].canonical == "Syrian Observatory for Human Rights"


def test_seed_air_strikes_on_northern_hama_and_southern_idlib(seed):
    [strikes] = events_of(seed, "air_strike")
    assert strikes.actor1.side == "government"
    assert [(p.name, p.admin1) for p in strikes.places] == [("northern Hama", "Hama"), ("southern Idlib", "Idlib")]
    assert strikes.claims == []


def test_seed_advance_toward_kafr_zita_latamneh_and_khan_sheikhoun(seed):
    [advance] = events_of(seed, "territory")
    places = {p.name: p for p in advance.places}
    assert places["Kafr Zita"].geonameid == places["Kfar Zeita"].geonameid == 168620
    assert places["Kafr Zita"].admin1 == "Hama"
    for name in ("Al-Latamneh", "Latamneh"):
        assert places[name].geonameid is None  # not among the bundled places
        assert (places[name].admin1, places[name].precision) == ("Hama", "governorate")
    assert (places["Khan Sheikoun"].geonameid, places["Khan Sheikoun"].admin1) == (168325, "Idlib")


def test_seed_ceasefire_scrapped_on_monday(seed):
    [ceasefire] = events_of(seed, "ceasefire")
    assert ceasefire.date == date(2019, 5, 20)
    assert ceasefire.date_expression == "on Monday"


def test_seed_aggregates_have_periods_and_never_join_events(seed):
    periods = {a.claim.count: (a.period_start, a.period_end) for a in seed.aggregates}
    assert periods == {
        800: (date(2019, 4, 30), date(2019, 5, 25)),
        80: (date(2019, 4, 30), date(2019, 5, 25)),
        370000: (date(2011, 1, 1), date(2019, 5, 25)),
    }
    in_events = {c.count for e in seed.events for c in e.claims}
    assert not in_events & set(periods)


def test_seed_sources_are_the_observatory_and_the_un(seed):
    assert {s.canonical for s in seed.sources} == {"Syrian Observatory for Human Rights", "United Nations"}


def test_seed_primary_place_is_in_hama_or_idlib(seed):
    assert seed.primary_place.admin1 in ("Hama", "Idlib")
    assert seed.primary_place.country == "SY"


def report(text, published=date(2017, 4, 16), title=None):
    return resolve(extract(Document(id="t", text=text, title=title, published=published)))


def test_a_report_without_violence_yields_no_event():
    peace = report("Delegations met in Geneva on Monday to discuss a new constitution for Syria, the UN said.")
    assert peace.events == []


def test_a_headline_gives_the_primary_place():
    text = "Car bomb kills five in Homs\n\nA car bomb killed five people on Saturday, state media said. Damascus condemned it."
    primary = report(text, title="Car bomb kills five in Homs").primary_place
    assert primary.admin1 == "Homs"


def test_the_town_named_apart_from_the_toll_is_the_primary_place():
    # The toll's sentence names the province only; the next names the village (invented,
    # unknown to the gazetteer). The report happened there, not in the whole province.
    text = ("Gunmen killed 14 farmers in Idlib province on Sunday, activists said. "
            "The attack took place in the village of Kafr Dabbas near the main road.")
    primary = report(text).primary_place
    assert (primary.name, primary.admin1) == ("Kafr Dabbas", "Idlib")


def test_a_village_the_gazetteer_lacks_places_the_event_before_its_provinces_city():
    from warmonitor.reconcile.matching import main_place

    text = "A monitor in Idlib said gunmen executed 40 men in the town of Kafr Dabbas on Sunday."
    (event,) = report(text).events
    assert (main_place(event).name, main_place(event).admin1) == ("Kafr Dabbas", "Idlib")


def test_a_toll_told_of_no_place_is_the_town_the_report_names_a_sentence_on():
    from warmonitor.reconcile.matching import main_place

    # The toll's sentence names no place but the country ("a rebel-held Syrian town"); the
    # town comes a sentence later, with its province. The report's main event happened there.
    text = ("The death toll from an air strike on a rebel-held Syrian town has risen to 40, a monitor said on Wednesday. "
            "Rebels vowed revenge for the strike on the town of Saraqib in Idlib province.")
    main = next(e for e in report(text).events if e.claims)
    assert (main_place(main).canonical, main_place(main).admin1) == ("Saraqib", "Idlib")


def test_a_toll_told_of_no_place_takes_no_province_for_its_place():
    from warmonitor.reconcile.matching import main_place

    # Only a province is named: a toll told of no place may be the whole country's.
    text = "Air strikes killed 40 people on Wednesday, a monitor said. Rebels hold most of Idlib province."
    main = next(e for e in report(text).events if e.claims)
    assert main_place(main) is None


def test_a_toll_told_over_two_provinces_is_placed_in_neither():
    from warmonitor.reconcile.matching import main_place

    # The 45 are the dead of both provinces together: Hama's share cannot be told from them.
    text = "Government air strikes on Hama and Homs killed at least 45 civilians on Sunday, a monitor said."
    main = next(e for e in report(text).events if e.claims)
    assert main_place(main) is None


def test_a_city_named_like_its_province_is_no_town_of_it():
    text = ("Gunmen killed 14 farmers in Idlib province on Sunday, activists said. "
            "Their bodies were taken to Idlib, the provincial capital.")
    assert report(text).primary_place.precision == "governorate"


def test_a_figure_with_no_event_word_joins_the_event_before_it():
    text = "Air strikes hit the town of Saraqib on Sunday. Twelve civilians were killed, activists said."
    [strike] = report(text).events
    assert strike.type == "air_strike"
    assert [c.count for c in strike.claims] == [12]
    assert strike.date == date(2017, 4, 16)  # "on Sunday" in a report of Sunday 16 April 2017


def test_yesterday_is_the_day_before_the_report():
    [event] = report("A car bomb exploded in Azaz yesterday, killing eight people.").events
    assert event.type == "explosion"
    assert event.date == date(2017, 4, 15)


def test_without_a_report_date_an_event_has_no_date():
    [event] = report("A car bomb exploded in Azaz, killing eight people.", published=None).events
    assert event.date is None and event.date_precision is None


def test_a_figure_about_a_time_long_past_is_an_event_of_its_own_on_that_date():
    text = (
        "A suspected chemical attack killed at least 43 people in Kafr Nabl on Tuesday, a monitor said. "
        "In March 2014 a chlorine attack on Harasta near Damascus killed more than 300 people."
    )
    now, then = report(text, published=date(2017, 4, 4)).events
    assert [c.count for c in now.claims] == [43] and now.date == date(2017, 4, 4)
    assert [c.count for c in then.claims] == [300]
    assert (then.date, then.date_precision) == (date(2014, 3, 1), "month")


def test_a_date_earlier_this_month_is_not_background():
    text = "Air strikes killed 12 civilians in Saraqib on Sunday. Earlier this month, air strikes killed 20 people there."
    assert len(report(text, published=date(2017, 4, 16)).events) == 1


def test_the_event_whose_toll_the_headline_gives_is_the_main_one():
    text = (
        "A chlorine attack left dozens dead in Saraqib in Idlib on Tuesday. "
        "Air strikes on Harasta killed 14 civilians on Tuesday, a monitor said."
    )
    primary = report(text, published=date(2017, 4, 4), title="Air strikes kill 14 civilians").primary_place
    assert primary.admin1 in ("Damascus", "Rif Dimashq")


def test_a_date_without_its_year_is_not_background():
    text = "Rebels shelled a rally for the July 9 vote in Hama, killing at least 17 people. The shelling also wounded 26."
    [event] = [e for e in report(text, published=date(2014, 6, 28)).events if e.claims]
    assert event.date.year == 2014 and [c.count for c in event.claims] == [17, 26]


def test_resolving_moves_figures_between_events_but_never_loses_or_doubles_one(shared):
    """Background figures leave their event for one of their own, and a day's total told in
    parts becomes an aggregate: over the whole FA-KES corpus, every figure an event held
    before resolving is in exactly one event, or in one aggregate resolve made, after."""
    from warmonitor.ingest import CorpusColumns
    from warmonitor.ingest.corpus import read_corpus

    corpus = shared / "corpus" / "fa-kes.csv"
    for document in read_corpus(corpus, corpus.name, CorpusColumns(), None):
        extracted = extract(document)
        before = sorted(c.span for e in extracted.events for c in e.claims)
        resolved = resolve(extracted)
        told_as_totals = {a.claim.span for a in extracted.aggregates}
        made = [a.claim.span for a in resolved.aggregates if a.claim.span not in told_as_totals]
        after = sorted([c.span for e in resolved.events for c in e.claims] + made)
        assert after == before, document.id


def test_figures_never_sit_in_a_truce_a_flight_or_a_protest():
    text = (
        "A car bomb hit a convoy of evacuees leaving Morek on Saturday. "
        "At least 64 evacuees were killed, the Observatory said."
    )
    events = report(text, published=date(2017, 4, 15)).events
    assert [c.count for e in events if e.type == "explosion" for c in e.claims] == [64]
    assert all(not e.claims for e in events if e.type in ("displacement", "ceasefire", "protest"))


def test_a_recent_date_without_its_year_can_be_background():
    text = (
        "Air strikes killed 12 civilians in Saraqib on Sunday, a monitor said. "
        "An August 19 chlorine attack near Aleppo killed more than 300 people, Paris says."
    )
    now, then = report(text, published=date(2013, 10, 6)).events
    assert [c.count for c in now.claims] == [12] and [c.count for c in then.claims] == [300]
    assert then.date == date(2013, 8, 19)


def test_each_claim_is_credited_to_the_body_its_sentence_names():
    # A report of the Syrian war (Idlib): "the Observatory" is the Syrian Observatory there.
    made_up = report(
        "Shelling killed 14 people in Kafr Nabl in Idlib province on Sunday, the Observatory said. "
        "The Regional Health Directorate said the attack killed 19 people. "
        "Abdel Rahman told reporters that 16 people had been killed. "
        "Government Forces shelled the town, killing 30 people, it added."
    )
    credited = {c.count: c.source for c in made_up.claims}
    assert credited[14] == "Syrian Observatory for Human Rights"
    assert credited[19] == "The Regional Health Directorate"  # a body no list knows, as written
    assert credited[16] == "Syrian Observatory for Human Rights"  # a person: the source before
    assert credited[30] == "Syrian Observatory for Human Rights"  # a body is named, but "it" is credited


@pytest.mark.parametrize("credited", ["Civil defence", "The monitor", "State media"])
def test_a_body_of_one_war_is_not_named_in_another_wars_report(credited):
    # By hand: Gaza's civil defence, a monitor in Sudan or Mozambique's state media are not
    # the Syrian bodies the Syrian war's reports call so: credited as written, no body named.
    made_up = report(f"{credited} said an air strike on a school in Khan Younis in Gaza killed 12 people on Sunday.")
    [claim] = made_up.claims
    assert claim.source == credited and [s.canonical for s in made_up.sources] == [None]


@pytest.mark.parametrize("credited", ["Civil defence", "The monitor", "State media"])
def test_the_syrian_wars_reports_name_its_bodies(credited):
    made_up = report(f"{credited} said an air strike on a school in Saraqib in Idlib province killed 12 people on Sunday.")
    expected = {"Civil defence": "Syria Civil Defence (White Helmets)", "The monitor": "Syrian Observatory for Human Rights",
                "State media": "SANA"}[credited]
    assert [c.source for c in made_up.claims] == [expected]


def test_an_incident_is_placed_where_its_figures_are_told():
    from warmonitor.reconcile.matching import main_place

    made_up = report(
        "Jets took off from Hama airbase on Tuesday. An air strike on Saraqib in Idlib province killed 9 people."
    )
    [strike] = [e for e in made_up.events if e.claims]
    assert main_place(strike).name == "Saraqib"  # not the base in the sentence before, nor the province


def test_a_toll_told_of_a_province_is_placed_in_the_one_town_its_attack_is_told_in():
    from warmonitor.reconcile.matching import main_place

    made_up = report(
        "Government jets killed more than 60 militants in a series of air strikes in Hama province on Monday, "
        "state media said. The jets destroyed a convoy of armed trucks near the town of Salamiyah, it added."
    )
    [strike] = [e for e in made_up.events if e.claims]
    place = main_place(strike)
    assert (place.canonical, place.admin1) == ("As Salamīyah", "Hama")


def test_a_toll_across_a_province_whose_strikes_hit_several_towns_stays_the_provinces():
    from warmonitor.reconcile.matching import main_place

    made_up = report(
        "Air strikes across Idlib province killed 22 people on Sunday, a monitor said. "
        "Activists said jets struck the towns of Saraqib and Binnish."
    )
    [strike] = [e for e in made_up.events if e.claims]
    assert main_place(strike).precision == "governorate"


def test_a_toll_told_of_the_city_named_like_its_province_is_not_moved_to_another_town():
    from warmonitor.reconcile.matching import main_place

    made_up = report(
        "Shelling near the city of Deir Ezzor killed 30 soldiers on Sunday, a monitor said. "
        "Jets also destroyed a bridge at Al-Ashara, it said."
    )
    [shelling] = [e for e in made_up.events if e.claims]
    assert main_place(shelling).name == "Deir Ezzor"


def test_where_the_killings_took_place_places_the_figures_told_before():
    from warmonitor.reconcile.matching import main_place

    # "Aleppo" alone may be the city or the province; the province is named too, and the
    # sentence after the toll says where the killings took place, with no figure of its own.
    made_up = report(
        "Militants massacred 60 captured soldiers in Aleppo, in the province of Aleppo, a monitor said on Thursday. "
        "The killings, shown in a video posted online, took place on Wednesday in the town of Safira."
    )
    [massacre] = [e for e in made_up.events if e.claims]
    place = main_place(massacre)
    assert (place.canonical, place.admin1) == ("As Safīrah", "Aleppo")


def test_the_day_a_figure_was_told_does_not_date_the_violence():
    text = (
        "A chemical attack on a village near Hama killed 60 people, a rights group said on Thursday. "
        "The attack on 2 April also wounded 200 people."
    )
    [event] = report(text, published=date(2019, 4, 19)).events  # a Friday
    assert (event.date, event.date_expression) == (date(2019, 4, 2), "on 2 April")


def test_a_day_joined_to_the_killing_dates_it_though_a_source_said_it():
    [event] = report("Two civilians were killed on Tuesday in shelling near Idlib, the monitor said.", published=date(2019, 5, 22)).events
    assert (event.date, event.date_expression) == (date(2019, 5, 21), "on Tuesday")


def test_without_a_date_of_its_own_the_violence_takes_the_day_it_was_told():
    text = (
        "Officials said on Monday that air strikes killed 30 people in a market in Ariha. "
        "The strikes resumed a campaign that began on 2 May."  # context: no figure
    )
    [event] = report(text, published=date(2019, 5, 22)).events  # a Wednesday
    assert (event.date, event.date_expression) == (date(2019, 5, 20), "on Monday")


def test_a_statement_about_an_old_massacre_is_background():
    text = (
        "Air strikes killed 12 people in Ariha on Sunday, a monitor said. "
        "The minister on Monday blamed rebels for the 2015 massacre in the village, which killed 300 people."
    )
    now, then = report(text, published=date(2019, 5, 22)).events
    assert [c.count for c in now.claims] == [12] and now.date == date(2019, 5, 19)
    assert [c.count for c in then.claims] == [300]
    assert (then.date, then.date_precision, then.date_expression) == (date(2015, 1, 1), "year", "the 2015")


def test_a_named_past_attack_with_no_date_is_recalled_and_undated():
    # "the Kessab Massacre" (its event word capitalised) names an attack that is history;
    # the sentence does not say when: recalled, undated, never the report's news.
    text = (
        "Air strikes killed 12 people in Ariha on Sunday, a monitor said. "
        "The coalition on Monday condemned the envoy's remarks on the Kessab Massacre that claimed the lives of "
        "over 900 civilians."
    )
    now, then = report(text, published=date(2019, 5, 22)).events
    assert [c.count for c in now.claims] == [12] and not now.recalled and now.date == date(2019, 5, 19)
    assert [c.count for c in then.claims] == [900]
    assert (then.date, then.date_precision, then.recalled) == (None, None, True)
    assert recalled(then, date(2019, 5, 22))


@pytest.mark.parametrize("sentence", [
    "Shelling on the Kessab market that killed 9 people drew condemnation on Monday.",  # not a name
    "Monitors Say Kessab Massacre That Killed 9 Was The Worst In Months.",  # a Title Case headline
    "The Kessab Massacre, which killed 9 people on Monday, drew condemnation.",  # dated: this week's news
])
def test_a_lower_case_attack_a_headline_or_a_dated_one_is_not_an_undated_recall(sentence):
    events = [e for e in report(sentence, published=date(2019, 5, 22)).events if e.claims]
    assert events and not any(e.recalled for e in events) and all(e.date for e in events)


def test_that_attack_takes_the_date_of_the_sentence_before():
    text = (
        "Air strikes killed 12 people in Ariha on Sunday, a monitor said. "
        "Investigators found that chlorine was used in a town near Hama in 2016. "
        "The government denied that attack, which killed 40 people."
    )
    events = report(text, published=date(2019, 5, 22)).events
    [then] = [e for e in events if [c.count for c in e.claims] == [40]]
    assert (then.date, then.date_precision) == (date(2016, 1, 1), "year")
    found, denied = text.index("Investigators"), text.index("The government")
    assert then.evidence == [(found, denied - 1), (denied, len(text))]  # told over both sentences
    assert [c.count for e in events if e.date == date(2019, 5, 19) for c in e.claims] == [12]


def test_that_attack_after_a_recent_sentence_stays_news():
    text = "Air strikes hit Ariha on Sunday, a monitor said. That attack killed 40 people."
    [event] = [e for e in report(text, published=date(2019, 5, 22)).events if e.claims]
    assert not recalled(event, date(2019, 5, 22))  # the sentence before is news: nothing to inherit


def test_a_figure_told_only_in_background_is_dated_by_it():
    text = "Ministers approved sanctions to punish a March 3 gas attack that killed 90 villagers."  # "March 3" lies nearer "attack"
    [event] = [e for e in report(text, published=date(2018, 4, 20)).events if e.claims]
    assert (event.date, event.date_expression) == (date(2018, 3, 3), "March 3")


def test_last_week_is_a_week_and_not_recalled():
    [event] = report("Rebels shelled the town last week, killing nine people.", published=date(2019, 5, 25)).events
    assert (event.date, event.date_precision) == (date(2019, 5, 13), "week")
    assert not recalled(event, date(2019, 5, 25))


def test_the_bombing_is_a_bomb_attack_and_a_bombing_raid_is_from_the_air():
    bomb = report("The bombing of the bus station killed 12 people on Monday.")
    raid = report("A bombing raid on the bus station killed 12 people on Monday.")
    assert [e.type for e in bomb.events if e.claims] == ["explosion"]
    assert [e.type for e in raid.events if e.claims] == ["air_strike"]


def test_an_uncredited_figure_retold_with_credit_is_that_sources():
    made_up = report(
        "A truck bomb killed at least 27 people in the market town on Wednesday. "
        "State television gave a toll of 27 dead, SANA said. Two children were hurt."
    )
    assert {c.count: c.source for c in made_up.claims}[27] == "SANA"
    assert {c.count: c.source for c in made_up.claims}.get(2) is None  # small counts recur for other people


def test_a_party_that_speaks_for_itself_is_the_source_of_its_claims():
    made_up = report(
        "A suicide bomber struck a funeral in a town near Raqqa on Friday, killing 17 people, the Observatory said. "
        "The Islamic State (IS) group said in a statement that one of its members carried out the bombing. "
        "The claim said 30 people had been killed."
    )
    credited = {c.count: c.source for c in made_up.claims}
    assert credited == {17: "Syrian Observatory for Human Rights", 30: "Islamic State"}


def test_a_generic_party_is_one_name_whatever_its_capitals():
    text = (
        "Gunmen Kill 9 Traders On Market Road\n"
        "Gunmen killed nine traders on the market road on Monday, police said."
    )
    report = resolve(extract(Document(id="t", text=text, published=date(2031, 3, 5))))
    names = {e.actor1.name for e in report.events if e.actor1} | {e.actor2.name for e in report.events if e.actor2}
    assert "gunmen" in names and "Gunmen" not in names


@pytest.mark.parametrize("text, kind, count", [
    # the cause its outcome names
    ("Families still mourning the car bombing said at least 14 people were killed in an air strike on Kafr Nabl on Sunday.",
     "air_strike", 14),
    # no cause told with the figure: the first kind in precedence order
    ("A car bomb exploded near the bakery in Azaz on Sunday, killing 9 people, hours after air strikes hit the town.",
     "explosion", 9),
    # the cause told with another figure is not this one's
    ("A car bomb killed 9 people in Azaz on Sunday and 3 more died in an air strike nearby.", "explosion", 9),
])
def test_a_figure_belongs_to_the_kind_of_violence_that_caused_it(text, kind, count):
    report = extract(Document(id="two-kinds", text=text))
    holder = next(e for e in report.events if e.type == kind)
    assert count in [c.count for c in holder.claims]


def test_a_figure_far_down_a_report_of_one_attack_is_that_attacks():
    text = (
        "A barrel bomb hit the Sakour district of Aleppo on Tuesday, killing at least nine people. "
        "Bulldozers cleared the road. Neighbours carried water. Shops stayed shut. "
        "Near the mosque the crews uncovered one more body."
    )
    [strike] = report(text).events
    assert sorted(c.count for c in strike.claims) == [1, 9]


def test_a_toll_told_in_the_town_is_in_the_town_named_before():
    text = (
        "Jets struck the town of Saraqib in Idlib province on Sunday, killing nine people. "
        "On Saturday air strikes killed 14 people in the town, medics said."
    )
    saturday = next(e for e in report(text).events if [c.count for c in e.claims] == [14])
    assert [p.name for p in saturday.places] == ["Saraqib"]


def test_the_town_of_a_named_place_is_that_place():
    text = (
        "Jets struck the town of Saraqib in Idlib province on Sunday, killing nine people. "
        "On Saturday air strikes killed 14 people in the town of Binnish, medics said."
    )
    saturday = next(e for e in report(text).events if [c.count for c in e.claims] == [14])
    assert "Saraqib" not in [p.name for p in saturday.places]


def test_a_figure_told_days_after_is_an_earlier_attack_recalled_beside_the_news():
    # 17 March 2021 is a Wednesday; "days after" reaches four days back (Saturday the
    # 13th), whose week starts on Monday the 8th.
    text = ("A bomb blast killed six people in the market on Wednesday, state media said. The evacuation "
            "resumed on Wednesday, days after a bombing killed more than 120 evacuees.")
    news, earlier = [e for e in report(text, published=date(2021, 3, 17)).events if e.claims]
    assert [c.count for c in news.claims] == [6] and news.date == date(2021, 3, 17)
    assert [c.count for c in earlier.claims] == [120]
    assert (earlier.date, earlier.date_precision) == (date(2021, 3, 8), "week")


def test_a_figure_told_a_day_after_is_the_attack_of_the_day_before_the_news():
    # 21 October 2021 is a Thursday: the strike "a day after" which the rockets were fired
    # was on Wednesday the 20th, though the report came out on Friday.
    text = ("Rebel rockets killed four children in the west of the city on Thursday, state media said. Rebels "
            "fired more rockets on Thursday evening, just a day after air strikes on a school killed 31 people.")
    news, earlier = [e for e in report(text, published=date(2021, 10, 22)).events if e.claims]
    assert ([c.count for c in news.claims], news.date) == ([4], date(2021, 10, 21))
    assert ([c.count for c in earlier.claims], earlier.date, earlier.date_precision) == ([31], date(2021, 10, 20), "day")
    # with no day of its own, the sentence tells the report's news: the day before the report
    undated = "Rebels fired rockets at the west of the city, a day after air strikes on a school killed 31 people."
    [strike] = [e for e in report(undated, published=date(2021, 10, 22)).events if e.claims]
    assert (strike.date, strike.date_precision) == (date(2021, 10, 21), "day")


def test_a_figure_after_a_plain_after_with_a_date_days_back_is_that_days_attack():
    text = ("Three suicide bombers attacked a police station on Wednesday, killing two officers. It was the second "
            "attack on the police after at least 17 people were killed in an October 2 attack on a station.")
    events = [e for e in report(text, published=date(2021, 10, 7)).events if e.claims]
    assert [([c.count for c in e.claims], e.date) for e in events] == [([2], date(2021, 10, 6)), ([17], date(2021, 10, 2))]


def test_a_time_after_that_opens_the_sentence_dates_nothing_back():
    # the comma closes "A week after the truce began": the 20 are this week's dead
    [event] = [e for e in report("A week after the truce began, 20 people were killed in air strikes on the town.",
                                 published=date(2021, 3, 17)).events if e.claims]
    assert event.date == date(2021, 3, 17)


def test_a_report_whose_only_figure_is_the_earlier_attack_dates_it_back():
    # 14 March 2021 is a Sunday; four days back is Wednesday the 10th, in the week of the 8th
    [event] = [e for e in report("Rescuers were still searching the rubble on Sunday, days after an air strike "
                                 "killed 14 people in the village.", published=date(2021, 3, 14)).events if e.claims]
    assert (event.date, event.date_precision) == (date(2021, 3, 8), "week")


def test_an_after_that_opens_the_news_without_a_comma_dates_nothing_back():
    [event] = [e for e in report("Just days after a chemical attack a woman was killed and 25 others were wounded "
                                 "in a bus bombing on Saturday.", published=date(2021, 3, 14)).events if e.claims]
    assert event.date == date(2021, 3, 13)


def test_an_after_clause_dated_to_the_reports_days_is_news():
    # the words before "days after" are page furniture, not news; "on Saturday" is the day before the report
    [event] = [e for e in report("Published 14 March 2021 Just days after a chemical attack a woman was killed on a "
                                 "bus on Saturday.", published=date(2021, 3, 14)).events if e.claims]
    assert event.date == date(2021, 3, 13)


def test_one_kind_of_violence_told_in_two_governorates_is_two_events():
    text = ("Regime bombs killed two children in the city of Aleppo on Thursday, the Observatory said. Five civilians "
            "were also killed by regime bombs that landed on Douma in Rif Dimashq, the Observatory reported.")
    events = [e for e in report(text, published=date(2016, 6, 30)).events if e.claims]
    assert [(e.type, [c.count for c in e.claims], {p.admin1 for p in e.places}) for e in events] == [
        ("explosion", [2], {"Aleppo"}), ("explosion", [5], {"Rif Dimashq"})]


def test_a_headline_figure_with_no_place_keeps_the_governorates_one_event():
    # "seven" may be both towns' dead together: the event is not split
    text = ("Regime bombs killed two children in the city of Aleppo on Thursday, the Observatory said. Five civilians "
            "were also killed by regime bombs that landed on Douma in Rif Dimashq, the Observatory reported.")
    events = [e for e in report("Regime bombs kill seven. " + text, published=date(2016, 6, 30)).events if e.claims]
    assert [sorted(c.count for c in e.claims) for e in events] == [[2, 5, 7]]


def test_a_toll_told_over_two_governorates_keeps_them_one_event():
    text = "Air strikes on northern Hama and southern Idlib killed 20 people on Saturday. In Hama 12 of them died."
    events = [e for e in report(text, published=date(2019, 5, 25)).events if e.claims]
    assert [sorted(c.count for c in e.claims) for e in events] == [[12, 20]]


def test_a_toll_over_two_governorates_told_in_parts_at_their_towns_is_a_total():
    # By hand: the six are the dead of two attacks the report tells apart, four in Aleppo's
    # Midan district and two in Saraqib (Idlib): those are the events' figures; the six
    # are their total over both provinces, an aggregate.
    text = (
        "Six civilians were killed in rebel rocket attacks on Aleppo and Idlib on Monday, state media said. "
        "Four of them died when shells hit the Midan neighbourhood. "
        "A rocket that struck a house in the town of Saraqib killed two others."
    )
    told = report(text, published=date(2016, 10, 17))
    assert sorted(c.count for e in told.events for c in e.claims) == [2, 4]
    assert [a.claim.count for a in told.aggregates] == [6]


def _parties(text):
    report = resolve(extract(Document(id="t", text=text, published=date(2031, 3, 5))))
    return [(e.type, e.actor1 and e.actor1.name, e.actor2 and e.actor2.name) for e in report.events]


def test_the_parties_of_an_events_setting_are_not_its_own():
    told = _parties(
        "Seven medics were killed in an air strike on a clinic in the border town of Kadugli on Tuesday. "
        "The deadly attack comes amid a rise in tension between the army and the Rapid Support Forces."
    )
    assert told == [("air_strike", None, None)]  # the strike's maker is not named


def test_a_setting_that_tells_an_event_keeps_its_parties():
    told = _parties(
        "Seven medics were killed in an air strike on a clinic in the border town of Kadugli on Tuesday. "
        "The deadly attack comes amid weeks of fighting between the army and the Rapid Support Forces."
    )
    assert told == [("air_strike", None, None), ("armed_clash", "army", "Rapid Support Forces")]


@pytest.mark.parametrize("opening", ["When it controlled the old city of Tadef,", "During its rule over Tadef"])
def test_a_figure_told_of_a_past_rule_with_no_date_is_recalled(opening):
    # The second sentence opens on the time the group ruled the town: history, whose
    # figure is no part of the week's news, and which the report does not date.
    text = (
        "A car bomb killed 6 people in Tadef on Sunday, a monitor said. "
        f"{opening} the group beheaded 40 men in the main square."
    )
    events = report(text, published=date(2019, 5, 22)).events
    [now] = [e for e in events if not e.recalled]
    [then] = [e for e in events if e.recalled]
    assert [c.count for c in now.claims] == [6] and now.date == date(2019, 5, 19)
    assert [c.count for c in then.claims] == [40] and then.date is None


def test_a_past_rule_the_sentence_dates_this_week_is_news():
    text = "When the rebels controlled the checkpoint on Sunday, a car bomb killed 6 people in Tadef."
    [event] = [e for e in report(text, published=date(2019, 5, 22)).events if e.claims]
    assert not event.recalled and event.date == date(2019, 5, 19)


def test_the_old_city_is_the_city_named_before_even_one_named_like_its_province():
    # "Aleppo" may be the city or the province; "the Old City" told after it is the city's.
    # The report's main event is elsewhere (Saraqib), so only "the Old City" places the blast.
    text = (
        "Air strikes killed 5 people in Saraqib on Sunday, medics said. "
        "Rebels launched an assault on government-held districts of Aleppo on Monday. "
        "A monitor said 19 soldiers were killed when rebels blew up a tunnel in the Old City."
    )
    [blast] = [e for e in report(text).events if [c.count for c in e.claims] == [19]]
    assert [(p.name, p.admin1) for p in blast.places] == [("Aleppo", "Aleppo")]


def test_the_town_told_again_is_not_a_city_named_like_its_province():
    # "the town" cannot be "Idlib", which may be the province: the town named before it is.
    text = (
        "A car bomb killed 5 people in Ariha on Friday, medics said. "
        "Jets struck Saraqib and then Idlib on Sunday. "
        "On Saturday air strikes killed 14 people in the besieged town."
    )
    saturday = next(e for e in report(text).events if [c.count for c in e.claims] == [14])
    assert [p.name for p in saturday.places] == ["Saraqib"]


def test_a_toll_told_over_other_areas_of_a_province_is_apart_from_the_town_told_beside_it():
    # 4 died in Binnish; 9 more in "various other areas" of the province: two events,
    # the 9 not at Binnish and the 4 not replaced by the 9.
    text = (
        "Air strikes killed four medical staff at a clinic in the town of Binnish in Idlib province on Thursday, "
        "a monitor said. A further nine people were killed in strikes on various other areas of Idlib province, "
        "it said."
    )
    events = [e for e in report(text).events if e.claims]
    by_toll = {tuple(c.count for c in e.claims): e for e in events}
    assert set(by_toll) == {(4,), (9,)}
    assert "Binnish" in [p.name for p in by_toll[(4,)].places]
    assert "Binnish" not in [p.name for p in by_toll[(9,)].places]


def test_a_toll_told_of_a_town_in_a_region_is_the_town_the_report_names():
    from warmonitor.reconcile.matching import main_place

    # "in a militant-held town in eastern Syria": one town, named a sentence on; "in
    # northwest Syria" alone may be many towns' fighting and stays unplaced.
    town = ("Air strikes killed 47 people on Saturday in a militant-held town in eastern Syria, a monitor said. "
            "The monitor said the raids hit the town of Saraqib in Idlib province.")
    main = next(e for e in report(town).events if e.claims)
    assert (main_place(main).canonical, main_place(main).admin1) == ("Saraqib", "Idlib")
    region = ("Clashes killed 47 fighters on Saturday in northwest Syria, a monitor said. "
              "The monitor said the army pushed towards the town of Saraqib in Idlib province.")
    main = next(e for e in report(region).events if e.claims)
    assert main_place(main) is None


def test_a_country_a_fighter_comes_from_is_not_where_he_was_killed():
    text = ("Seven commanders were killed in Russian strikes on Sunday, among them a native of Kazakhstan, "
            "the ministry said.")
    [strike] = [e for e in report(text).events if e.claims]
    assert "Kazakhstan" not in [p.name for p in strike.places]


def test_a_sentence_with_no_figure_or_day_right_after_an_attacks_figures_retells_that_attack():
    # By hand: Tuesday's strikes near Zabadani are told first; Monday's strike kills two
    # commanders; the next sentence, with no figure and no day, says where they were killed:
    # Hasakeh is the place of Monday's strike, not of Tuesday's.
    text = ("Government air strikes hit rebel positions near Zabadani on Tuesday, activists said. "
            "A monitor reported the death of two rebel commanders in a suspected air strike on Monday. "
            "The commanders were killed in air strikes in Hasakeh, the monitor said.")
    [monday] = [e for e in report(text, published=date(2015, 7, 15)).events if e.claims]
    assert monday.date == date(2015, 7, 13) and [c.count for c in monday.claims] == [2]
    assert "Al-Hasakah" in [p.admin1 for p in monday.places]


def test_the_others_counted_after_a_figure_are_beside_it_not_within_it():
    # 31 civilians and "the 16 others": 47 in all, the others not a total covering the 31.
    text = ("The monitor said 31 civilians were identified among the dead in Binnish on Saturday but it was not clear "
            "whether the 16 others were civilians or fighters.")
    civilians, others = sorted(report(text).claims, key=lambda c: c.span)
    assert (civilians.count, others.count) == (31, 16)
    assert others.beside == civilians.span and others.part_of is None


def test_a_figure_told_on_a_calendar_day_days_before_the_report_is_that_days_attack():
    # By hand: the landmine's one dead are the report's news (23 October); the wedding
    # bombing's 30 died on 13 October, ten days before: two events, each of its day, not
    # one of 31 dated the 13th.
    text = (
        "A woman was killed and six other people were injured when a landmine exploded in a village near "
        "Qamishli, local sources said. On October 13th 30 people were killed and 90 others were injured after a "
        "suicide bomber blew himself up inside a wedding hall near Hasakah."
    )
    told = report(text, published=date(2016, 10, 23))
    killed = sorted((e.date, [c.count for c in e.claims if c.outcome == "killed"]) for e in told.events if e.claims)
    assert killed == [(date(2016, 10, 13), [30]), (date(2016, 10, 23), [1])]


def test_a_figure_told_in_an_early_part_of_a_month_weeks_back_is_that_times_attack():
    # By hand: the report of Wednesday 29 March tells a car bomb that wounded 12 that day;
    # "in early March" is 1 to 10 March, more than three days before: the market bombing's
    # 30 dead are an event of March, not the car bomb's toll of the 29th.
    text = (
        "A car bomb wounded 12 people in the city's main square on Wednesday, state television said. "
        "In early March a car bomb at a market in another district killed 30 people."
    )
    told = report(text, published=date(2017, 3, 29))
    dated = sorted((e.date, e.date_precision, [c.count for c in e.claims]) for e in told.events if e.claims)
    assert dated == [(date(2017, 3, 1), "month", [30]), (date(2017, 3, 29), "day", [12])]


def test_a_figure_told_in_the_month_before_is_that_months_attack():
    # By hand: December ended 26 days before the report of 26 January: its 19 dead are
    # December's blasts, not the checkpoint bombing's toll (22) of the report's Tuesday.
    text = (
        "At least 22 people were killed in a suicide bombing at an army checkpoint in the city on Tuesday. "
        "The district has been bombed before, in late December when 19 people were killed in two blasts."
    )
    told = report(text, published=date(2016, 1, 26))
    dated = sorted((e.date, [c.count for c in e.claims if c.outcome == "killed"]) for e in told.events if e.claims)
    assert dated == [(date(2015, 12, 1), [19]), (date(2016, 1, 26), [22])]


def test_the_month_of_the_report_is_not_an_earlier_attack():
    # By hand: "in early April" (1 to 10 April) holds the days before a report of 5 April:
    # the attack is the report's news, one event with its 9 dead and 14 wounded.
    text = "In early April a rocket attack on a market killed nine people, a monitor said. The attack also wounded 14."
    [event] = [e for e in report(text, published=date(2017, 4, 5)).events if e.claims]
    assert sorted(c.count for c in event.claims) == [9, 14]


def test_a_pages_keyword_list_run_into_the_text_places_nothing():
    # By hand: "Tags Idlib Hama Syria ..." is the page's keyword list; the report tells a
    # strike on Saraqib only. Hama is named nowhere else, so no place is Hama.
    text = ("Date of publication 12 March 2017 Jets hit a market. Tags Idlib Hama Syria children war "
            "At least six children were killed in air strikes on a market in the town of Saraqib on Sunday.")
    told = report(text, published=date(2017, 3, 12))
    assert "Hama" not in [p.name for p in told.places]
    assert "Saraqib" in [p.name for p in told.places]


def test_strikes_near_a_city_named_like_its_province_are_in_the_village_the_report_names():
    from warmonitor.reconcile.matching import main_place

    # By hand: "near Raqqa" is the country around the city, not the city; the next
    # sentence names the village hit (one the gazetteer lacks): that is where.
    text = ("Coalition air strikes near Raqqa killed 16 civilians on Tuesday, a monitor said. "
            "The monitor said the air strikes hit the village of Zorbaya.")
    [strike] = [e for e in report(text, published=date(2017, 5, 24)).events if e.claims]
    assert (main_place(strike).name, main_place(strike).admin1) == ("Zorbaya", "Raqqa")


@pytest.mark.parametrize("kind", ["terrorist group", "terrorist organizations", "extremist groups"])
def test_a_partys_kind_told_after_its_name_is_that_party(kind):
    # By hand: "the Daesh terrorist group" names one party, Daesh, with its kind after it;
    # "terrorist group" is not a second party (in Syria's pack it would be the rebels).
    # Nobody else is named, so the strike has one party.
    told = _parties(f"The Daesh {kind} shelled the village of Kafr Tala in Idlib province, killing nine civilians.")
    assert told == [("shelling", f"Daesh {kind}", None)]


def test_a_party_named_beside_another_partys_name_is_another_party():
    # By hand: a page's tags ("Kurds Islamic State group") run two names together; the
    # second is a party of its own name, not the first's kind.
    told = _parties("Kurdish fighters clashed with the Islamic State group in Raqqa province, killing 12 jihadists.")
    assert told[0][1:] == ("Kurdish fighters", "Islamic State group")


def test_captives_whose_throats_were_slit_were_executed():
    # By hand: the first sentence tells a killing with no kind of violence; the next, of
    # the same men, says how (an execution) and where. One execution, at Tadef, dated by
    # "on Sunday" (the report is of Wednesday 5 March 2031: Sunday is the 2nd).
    text = (
        "Activists say the militia has killed 14 shepherds in the north of the country. "
        "A monitor says its fighters slit the throats of the men near the town of Tadef in Aleppo province on Sunday."
    )
    report = resolve(extract(Document(id="t", text=text, published=date(2031, 3, 5))))
    assert [(e.type, str(e.date), [c.count for c in e.claims]) for e in report.events] == [("execution", "2031-03-02", [14])]
    assert any(p.name == "Tadef" for p in report.events[0].places)


@pytest.mark.parametrize("feared", ["for fear of air strikes", "fearing renewed air strikes"])
def test_an_attack_feared_is_no_event(feared):
    # By hand: the fighters stayed out of the base because air strikes were feared; the
    # sentence tells fighting (the clash that killed 12) and no air strike.
    told = _parties(
        f"Fighters of the militia clashed with soldiers outside the base in Tadef, killing 12 soldiers. "
        f"The militia has not moved into the base {feared}, a monitor said."
    )
    assert [t for t, _, _ in told] == ["armed_clash"]


BREAKDOWN = (
    "At least 40 soldiers were killed when the militia stormed the army base of Tadef, a monitor said. "
    "The militia lost 12 fighters. "
    "More than 25 soldiers were summarily executed, nine more died in a suicide car bombing and "
    "at least six others were killed in the assault."
)


def test_a_sentence_whose_figures_add_up_to_a_total_told_before_is_its_breakdown():
    # By hand: 25 + 9 + 6 = 40, the soldiers told two sentences before: they are how the
    # 40 died (parts of it), and go with its event whatever kinds their words name (an
    # execution, a bombing); the militia's 12 are not among them.
    report = extract(Document(id="t", text=BREAKDOWN, published=date(2031, 3, 5)))
    total = next(c for c in report.claims if c.count == 40)
    assert {c.count: c.part_of for c in report.claims} == {40: None, 12: None, 25: total.span, 9: total.span, 6: total.span}
    holding = [e for e in report.events if total in e.claims]
    assert sorted(c.count for c in holding[0].claims) == [6, 9, 12, 25, 40]
    assert all(not e.claims for e in report.events if e not in holding)


def test_small_figures_adding_up_by_chance_are_no_breakdown():
    # By hand: 2 + 4 = 6, but six is too small a total to tell a breakdown from chance.
    text = "Six people were killed in shelling on Tadef. Two soldiers and four rebels died in clashes in Kafr Tala."
    report = extract(Document(id="t", text=text, published=date(2031, 3, 5)))
    assert all(c.part_of is None for c in report.claims)


def test_a_witness_quoted_over_several_sentences_tells_of_the_attack_before():
    # By hand: the quotation opens right after the shelling and goes on for four
    # sentences; the 20 bodies its last sentence finds are the shelling's dead (a witness
    # counts more than the monitor), though three sentences lie between them and the
    # event word. One event with both figures.
    text = (
        "Shelling killed 14 villagers in Tadef on Monday, a monitor said. "
        "\u201cWe woke up at dawn to the noise. Then the houses of the street fell one after another. "
        "My brother ran to the mosque to help the old imam. By noon we had found 20 bodies,\u201d a farmer said."
    )
    report = extract(Document(id="t", text=text, published=date(2031, 3, 5)))
    assert [(e.type, sorted(c.count for c in e.claims)) for e in report.events] == [("shelling", [14, 20])]


def test_a_photo_caption_run_into_the_story_tells_no_event():
    # By hand: the caption (ended by its credit, no full stop) shows jets on 18 June; the
    # story is the strike that killed 30 at Tadef on Sunday (the report is of Monday 23
    # June 2031, so Sunday is the 22nd). The caption's date is the photo's, not the strike's.
    text = (
        "Warplanes are seen at an air base in the country June 18 2031 (Reuters Photo) "
        "Air strikes killed 30 people in the town of Tadef on Sunday, a monitor said."
    )
    report = resolve(extract(Document(id="t", text=text, published=date(2031, 6, 23))))
    assert [(e.type, str(e.date), [c.count for c in e.claims]) for e in report.events] == [("air_strike", "2031-06-22", [30])]


def test_the_assault_on_a_town_told_after_an_attacks_figures_places_that_attack():
    from warmonitor.reconcile.matching import main_place

    # By hand: "The assault on ... Tal Abyad" points back to the attack whose 12 dead the
    # sentence before told, though it names another weekday: the attack was on Tal Abyad,
    # not in the area where an activist says clashes go on (a place the gazetteer lacks).
    text = ("12 Killed as Jihadists Attack Kurdish Town. Jihadists attacked a mainly Kurdish town in northern Syria, "
            "sparking fighting in which 12 people were killed, a monitor said on Saturday. The assault on the border "
            "town of Tal Abyad was part of a wider offensive that began on Friday and was continuing on Saturday, the "
            "monitor said. \"Clashes are continuing in the Jarn al-Aswad area,\" an activist said.")
    [attack] = [e for e in report(text, published=date(2013, 8, 17)).events if e.claims]
    assert (main_place(attack).name, main_place(attack).admin1) == ("Tal Abyad", "Raqqa")


def test_a_sentence_after_the_figures_dated_weeks_before_places_nothing():
    # By hand: the strike of Saturday 6 August is told in the north-west; "in late July"
    # (before 3 August) four hospitals were hit in Aleppo city: background, not its place.
    text = ("A barrage of air strikes near a hospital in northwestern Syria killed at least 10 civilians on Saturday, "
            "a monitor said. In late July four makeshift hospitals in Aleppo city were hit by air raids in a single day.")
    [strike] = [e for e in report(text, published=date(2016, 8, 6)).events if e.claims]
    assert "Aleppo" not in [p.admin1 for p in strike.places]
