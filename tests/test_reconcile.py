"""Reconciliation rules: which events are one incident, and which figure counts."""

from dataclasses import replace
from datetime import date

from hypothesis import given, strategies as st

from warmonitor.reconcile import IncidentSummary, StoredClaim, best_match, reconcile_figures
from warmonitor.reconcile.matching import score


def claim(id, document, count, *, source="SOHR", published=date(2017, 4, 16), group="unspecified", side=None,
          outcome="killed", status="current", scope="incident", is_copy=False, high=None, part_of=None, beside=None):
    return StoredClaim(id, document, published, source, is_copy, outcome, group, side, count, high, scope, status,
                       part_of, beside)


def figures(claims):
    return {(f.outcome, f.category): (f.best, f.low, f.high) for toll in reconcile_figures(claims) for f in toll.figures}


def test_a_raised_toll_from_the_same_source_replaces_the_earlier():
    earlier = claim(1, 1, 112, published=date(2017, 4, 15))
    later = claim(2, 2, 126, published=date(2017, 4, 16))
    assert figures([earlier, later]) == {("killed", "unspecified"): (126, 126, 126)}


def test_a_later_report_retelling_a_sources_lower_first_count_does_not_lower_it():
    # By hand: the monitor said 31 on the 3rd; an outlet on the 4th retells its first
    # count, 22 civilians. Its toll stays 31 (unspecified), with no civilians counted.
    first = claim(1, 1, 31, published=date(2016, 10, 3))
    retold = claim(2, 2, 22, group="civilians", published=date(2016, 10, 4))
    assert figures([first, retold]) == {("killed", "unspecified"): (31, 31, 31)}
    assert figures([retold, first]) == {("killed", "unspecified"): (31, 31, 31)}


def test_different_sources_give_the_range_and_the_most_common_figure_is_best():
    claims = [claim(1, 1, 112, source="A"), claim(2, 2, 126, source="B"), claim(3, 3, 112, source="C")]
    assert figures(claims) == {("killed", "unspecified"): (112, 112, 126)}


def test_nearly_equal_totals_agree_and_the_one_given_most_often_is_best():
    # 86, 87, 87 and 90 are one count told by four outlets; the monitor cited most gave 58 on the first day.
    claims = [claim(1, 1, 58, source="SOHR", published=date(2017, 4, 15)), claim(2, 2, 58, source="SOHR", published=date(2017, 4, 15)),
              claim(3, 3, 86, source="A"), claim(4, 4, 87, source="B"), claim(5, 5, 87, source="C"),
              claim(6, 6, 90, source="D"), claim(7, 7, 80, source="E")]
    assert figures(claims) == {("killed", "unspecified"): (87, 58, 90)}


def test_without_agreement_the_most_cited_source_gives_best():
    claims = [claim(1, 1, 112, source="SOHR", published=date(2017, 4, 15)), claim(2, 2, 126, source="SOHR"),
              claim(3, 3, 120, source="outlet A", published=date(2017, 4, 18)),
              claim(4, 4, 6, source="outlet B", published=date(2017, 4, 19))]
    assert figures(claims) == {("killed", "unspecified"): (126, 6, 126)}


def test_superseded_aggregate_and_copied_figures_never_count():
    claims = [
        claim(1, 1, 50),
        claim(2, 1, 30, status="superseded"),
        claim(3, 1, 800, scope="aggregate"),
        claim(4, 2, 99, is_copy=True, source="B"),
    ]
    assert figures(claims) == {("killed", "unspecified"): (50, 50, 50)}


def test_a_total_is_not_added_to_its_parts():
    claims = [claim(1, 1, 55), claim(2, 1, 23, side="government", group="combatants"),
              claim(3, 1, 32, side="jihadist", group="combatants")]
    assert figures(claims) == {("killed", "government"): (23, 23, 23), ("killed", "jihadist"): (32, 32, 32)}


def test_another_reports_sub_count_is_not_added_twice():
    claims = [claim(1, 1, 126, source="A"), claim(2, 2, 70, source="B", group="civilians")]
    result = figures(claims)
    assert result[("killed", "civilians")][0] + result[("killed", "unspecified")][0] == 126


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 500), st.sampled_from(["civilians", "unspecified", "combatants"]),
                          st.sampled_from([None, "government", "jihadist"]), st.integers(0, 3)), max_size=12))
def test_low_best_high_are_always_ordered(rows):
    claims = [claim(i, d, n, group=g, side=s, source=f"S{src}", published=date(2017, 4, 10 + d))
              for i, (d, n, g, s, src) in enumerate(rows)]
    for toll in reconcile_figures(claims):
        assert 0 <= toll.low <= toll.best <= toll.high
        assert toll.best == sum(f.best for f in toll.figures)  # the toll is the sum of its categories
        for figure in toll.figures:
            assert 0 <= figure.low <= figure.best <= figure.high


def incident(id, type="explosion", day=16, admin1="Aleppo", geonameid=None, sides=(), documents=()):
    return IncidentSummary(id, type, date(2017, 4, day), admin1, geonameid, frozenset(sides), frozenset(documents))


def test_events_merge_within_two_days_in_one_governorate_with_compatible_types():
    event = incident(None, "air_strike", 15)
    assert best_match(event, [incident(1, "explosion", 16)]).id == 1
    assert score(event, incident(2, "explosion", 18)) is None  # three days apart
    assert score(event, incident(3, "explosion", 16, admin1="Idlib")) is None
    assert score(event, incident(4, "protest", 16)) is None


def test_different_towns_or_opposed_parties_do_not_merge():
    event = incident(None, geonameid=1, sides={"government"})
    assert score(event, incident(1, geonameid=2)) is None
    assert score(event, incident(2, sides={"kurdish"})) is None
    assert score(event, incident(3, sides={"government", "opposition"})) is not None


def test_two_events_of_one_report_are_two_incidents():
    assert score(incident(None, documents={7}), incident(1, documents={7})) is None


def test_two_events_of_one_report_in_one_town_are_one_incident():
    # "An air strike hit Kafr Nabl ..." then "The chemical attack on Kafr Nabl killed 12": two names of one attack.
    event = incident(None, "armed_clash", geonameid=5, documents={7})
    assert score(event, incident(1, "air_strike", geonameid=5, documents={7})) is not None
    assert score(event, incident(2, "air_strike", geonameid=None, documents={7})) is None


def test_two_events_of_one_report_in_one_town_the_gazetteer_lacks_are_one_incident():
    # "IS fighters seized the Shaar gas field, killing 270 ... the death toll from the raid on Shaar rose to 115"
    raid = replace(incident(None, "territory", admin1="Homs", documents={7}), place_name="shaar")
    assert score(raid, replace(incident(1, "armed_clash", admin1="Homs", documents={7}), place_name="Shaar")) is not None
    assert score(raid, replace(incident(2, "armed_clash", admin1="Homs", documents={7}), place_name="Palmyra")) is None
    assert score(raid, replace(incident(3, "armed_clash", admin1="Hama", documents={7}), place_name="Shaar")) is None


def test_two_days_strikes_on_one_town_told_by_one_report_are_two_incidents():
    # "On Tuesday 25 were killed in air strikes on the town ... On Monday air strikes killed 23 in the town."
    monday = incident(None, "air_strike", day=15, geonameid=5, documents={7})
    assert score(monday, incident(1, "air_strike", day=16, geonameid=5, documents={7})) is None
    assert score(monday, incident(2, "air_strike", day=16, geonameid=5, documents={8})) is not None  # another report's


def test_a_report_of_the_first_count_joins_an_incident_whose_toll_has_risen():
    # The incident's sources said 58, then 100; a report of 58 in the governorate, typed
    # differently, agrees with a toll its sources gave (within a factor of two).
    risen = IncidentSummary(1, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset(), frozenset(), 100,
                            killed_low=58, killed_high=100)
    first_count = IncidentSummary(None, "armed_clash", date(2017, 4, 16), "Aleppo", None, frozenset(), frozenset({3}), 58)
    assert score(first_count, risen) is not None
    far_off = IncidentSummary(None, "armed_clash", date(2017, 4, 16), "Aleppo", None, frozenset(), frozenset({3}), 12)
    assert score(far_off, risen) is None  # 12 is neither the town's type nor near its tolls


def test_an_event_that_fits_two_stored_incidents_shows_them_to_be_one():
    from warmonitor.reconcile.matching import also_matched

    # Stored apart: the province's first count (no town, rebels named) and the town's attack
    # (government named). A third report in the town, naming both parties, fits both.
    province = IncidentSummary(1, "armed_clash", date(2017, 4, 16), "Aleppo", None, frozenset({"opposition"}), frozenset({1}), 40)
    town = IncidentSummary(2, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset({"government"}), frozenset({2}), 44)
    bridge = IncidentSummary(None, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset({"government", "opposition"}), frozenset({3}), 44)
    assert [i.id for i in also_matched(bridge, town, [province, town])] == [1]
    # Two incidents one report told apart stay apart.
    told_together = IncidentSummary(1, "armed_clash", date(2017, 4, 16), "Aleppo", None, frozenset(), frozenset({2}), 40)
    assert also_matched(bridge, town, [told_together, town]) == []


def test_on_another_day_a_governorates_incident_needs_a_toll_near_the_towns():
    # Sunday: one fighter killed somewhere in the province. Tuesday: 58 killed in a town.
    # Two days apart and no town in common, 1 and 58 are two incidents; 40 and 58 may be one.
    sunday = IncidentSummary(1, "air_strike", date(2017, 4, 14), "Idlib", None, frozenset(), frozenset({1}), 1)
    tuesday = IncidentSummary(None, "attack_on_civilians", date(2017, 4, 16), "Idlib", 9, frozenset(), frozenset({2}), 58)
    assert score(tuesday, sunday) is None
    assert score(tuesday, replace(sunday, killed=40)) is not None
    assert score(tuesday, replace(sunday, date=date(2017, 4, 16))) is not None  # the same day: the province's first count


def test_a_large_toll_told_again_on_the_same_day_is_one_attack_whoever_fought():
    # One report read the gas attack as the government's, the stored incident as rebels'
    # and Turkey's; both say 1,400 killed in the Damascus area that day: one attack. Told as
    # two events of one report it is one attack too; 40 killed is not such a toll.
    stored = IncidentSummary(1, "attack_on_civilians", date(2013, 8, 21), "Rif Dimashq", 5, frozenset({"opposition", "foreign"}),
                             frozenset({1}), 1400)
    event = IncidentSummary(None, "shelling", date(2013, 8, 21), "Damascus", None, frozenset({"government"}), frozenset({1}), 1380)
    assert score(event, stored) is not None
    assert score(replace(event, killed=40), replace(stored, killed=40)) is None
    assert score(replace(event, date=date(2013, 8, 22)), stored) is None  # parties contradict on another day


def test_only_an_event_with_figures_of_incidents_a_day_apart_bridges_them():
    from warmonitor.reconcile.matching import also_matched

    province = IncidentSummary(1, "air_strike", date(2017, 4, 15), "Aleppo", None, frozenset(), frozenset({1}), 6)
    town = IncidentSummary(2, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset(), frozenset({2}), 8)
    bridge = IncidentSummary(None, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset(), frozenset({3}), 7)
    assert [i.id for i in also_matched(bridge, town, [province, town])] == [1]
    assert also_matched(replace(bridge, killed=0, has_figures=False), town, [province, town]) == []
    two_days_before = replace(province, date=date(2017, 4, 14))
    assert also_matched(bridge, town, [two_days_before, town]) == []


def test_without_a_place_only_large_agreeing_tolls_name_one_incident():
    from warmonitor.reconcile.matching import tolls_agree

    assert tolls_agree(1400, 1300) and tolls_agree(147, 147)
    assert tolls_agree(126, 112)  # a toll revised through the day
    assert not tolls_agree(1400, 1100)  # more than 15 % apart
    assert not tolls_agree(30, 30)  # such tolls are too common on one day to tell incidents apart


def test_counts_told_beside_each_other_add_up_and_a_total_elsewhere_covers_them():
    # "killed 55 combatants ... 23 pro-government forces as well as 32 jihadists and allied rebels"
    seed = [claim(1, 1, 55, group="combatants", side="mixed"), claim(2, 1, 23, group="combatants", side="government"),
            claim(3, 1, 32, group="combatants", side="mixed", beside=2)]
    assert figures(seed) == {("killed", "government"): (23, 23, 23), ("killed", "combatants"): (32, 32, 32)}
    # "23 soldiers as well as 32 rebels and jihadists", no total: 55 all the same
    assert sum(f[0] for f in figures(seed[1:]).values()) == 55
    # "25 people, among them 10 children": 10 civilians and 15 not said to be
    assert figures([claim(1, 1, 25), claim(2, 1, 10, group="civilians", part_of=1)]) == {
        ("killed", "civilians"): (10, 10, 10), ("killed", "unspecified"): (15, 15, 15)}


def test_sources_telling_different_sides_add_up():
    claims = [claim(1, 1, 5, source="army", group="combatants", side="government"),
              claim(2, 2, 12, source="rebels", group="combatants", side="opposition")]
    (toll,) = reconcile_figures(claims)
    assert (toll.best, toll.low, toll.high) == (17, 5, 17)


def test_the_most_cited_sources_raised_count_overtakes_earlier_lower_counts():
    # Three outlets give the first day's 100; the monitor cited by four reports says 126 the next day.
    claims = [claim(1, 1, 100, source="A", published=date(2017, 4, 15)), claim(2, 2, 100, source="B", published=date(2017, 4, 15)),
              claim(3, 3, 100, source="C", published=date(2017, 4, 15))]
    claims += [claim(10 + k, 10 + k, n, source="SOHR", published=date(2017, 4, 15 + k // 2)) for k, n in enumerate((100, 112, 126, 126))]
    (toll,) = reconcile_figures(claims)
    assert (toll.best, toll.low, toll.high) == (126, 100, 126)


def test_a_period_is_recalled_only_when_its_last_day_is_long_past():
    from warmonitor.reconcile.matching import told_long_after

    assert not told_long_after(date(2017, 4, 1), "month", date(2017, 5, 2))  # "during April", told on 2 May
    assert told_long_after(date(2017, 3, 1), "month", date(2017, 5, 2))  # March ended 32 days before
    assert told_long_after(date(2017, 3, 31), "day", date(2017, 5, 2))



def test_a_date_known_only_to_its_month_matches_no_attack_of_a_day():
    from dataclasses import replace

    in_april = replace(incident(None, day=1), date_precision="month")  # "in April"
    assert score(in_april, incident(1, day=2)) is None
    assert score(in_april, replace(incident(2, day=1), date_precision="month")) is not None


def test_one_count_of_fighters_named_as_two_sides_by_two_sources_is_not_added_twice():
    # State media: "62 rebel fighters"; the monitor: "62 militants" — one count, not 124.
    claims = [claim(1, 1, 62, source="SANA", group="combatants", side="opposition"),
              claim(2, 2, 62, source="SOHR", group="combatants", side=None)]
    assert figures(claims) == {("killed", "opposition"): (62, 62, 62)}
    # Two sources telling two sides' different losses still add up.
    claims = [claim(1, 1, 30, source="SOHR", group="combatants", side="kurdish"),
              claim(2, 2, 35, source="A", group="combatants", side="jihadist")]
    assert sum(best for best, _, _ in figures(claims).values()) == 65


def test_what_a_total_leaves_is_credited_to_the_claim_that_tells_it():
    # "55 combatants ... 23 pro-government forces as well as 32 jihadists and allied rebels"
    claims = [claim(1, 1, 55, group="combatants"), claim(2, 1, 23, group="combatants", side="government"),
              claim(3, 1, 32, group="combatants", beside=2)]
    (toll,) = reconcile_figures(claims)
    behind = {f.category: f.claim_ids for f in toll.figures}
    assert toll.best == 55 and behind == {"combatants": (1, 3), "government": (2,)}


def test_civilians_are_counted_by_the_sources_of_the_chosen_toll():
    # By hand: the monitor (cited by three reports) says 86, 30 of them children; two more
    # sources say 86 and 87 without a breakdown; two outlets say 100 civilians. 86 is the
    # toll most sources give (86, 86, 87 agree within 5 %), so its civilians are the
    # monitor's 30, not the outlets' 100: 86 = 30 civilians + 56 unspecified. Civilians
    # range over every source (30 to 100); unspecified is what they leave of the toll's
    # low 86 and high 100: 56 to 70.
    claims = [
        claim(1, 1, 86, source="SOHR"), claim(2, 1, 30, source="SOHR", group="civilians", part_of=1),
        claim(3, 2, 86, source="SOHR"), claim(4, 3, 86, source="SOHR"),
        claim(5, 4, 86, source="Medics"), claim(6, 5, 87, source="Officials"),
        claim(7, 6, 100, source="OutletA", group="civilians"), claim(8, 7, 100, source="OutletB", group="civilians"),
    ]
    assert figures(claims) == {("killed", "civilians"): (30, 30, 100), ("killed", "unspecified"): (56, 56, 70)}


def test_a_reports_toll_that_adds_up_its_other_events_is_their_sum():
    from warmonitor.reconcile.matching import sums_of_others

    # "140 killed in Hama and Homs" (the headline's event) beside 100 near Hama and 40 at
    # Palmyra: the 140 is their sum. Two tellings of the sum are both sums. Small tolls add
    # up by chance: 2 = 1 + 1 is not taken for a sum.
    assert sums_of_others([140, 100, 40, 0]) == {0}
    assert sums_of_others([30, 18, 12, 30]) == {0, 3}
    assert sums_of_others([2, 1, 1]) == set()
    assert sums_of_others([25, 10, 12]) == set()


def test_a_sides_single_figure_that_sums_the_reports_other_fighters_is_their_total():
    # By hand: a headline "kills 90 rebels" (opposition) over the body's "60 jihadists and
    # 30 foreign fighters" (jihadist, foreign; told beside each other): 90 in all, not 180.
    claims = [
        claim(1, 1, 90, group="combatants", side="opposition"),
        claim(2, 1, 60, group="combatants", side="jihadist"),
        claim(3, 1, 30, group="combatants", side="foreign", beside=2),
    ]
    assert figures(claims) == {("killed", "jihadist"): (60, 60, 60), ("killed", "foreign"): (30, 30, 30)}


def test_two_sides_equal_counts_that_are_no_sum_both_count():
    # By hand: 40 soldiers and 40 rebels, one figure each: 80.
    claims = [claim(1, 1, 40, group="combatants", side="government"),
              claim(2, 1, 40, group="combatants", side="opposition", beside=1)]
    assert figures(claims) == {("killed", "government"): (40, 40, 40), ("killed", "opposition"): (40, 40, 40)}


def test_a_date_known_to_its_week_matches_an_attack_on_any_of_its_days():
    # "earlier this week" in a Sunday report is the week of Monday 10 April 2017: the
    # Saturday 15th's executions in the same town are within it; the 19th is not.
    week = replace(incident(None, "execution", day=10, geonameid=5, documents={7}), date_precision="week")
    assert score(week, incident(1, "execution", day=15, geonameid=5, documents={8})) is not None
    assert score(week, incident(2, "execution", day=19, geonameid=5, documents={8})) is None


def test_a_week_known_toll_far_from_a_governorates_days_toll_is_another_attack():
    # 300 executed "earlier this week" in the governorate is not the 19 executed on its Monday.
    week = replace(incident(None, "execution", day=10, documents={7}), date_precision="week", killed=300)
    assert score(week, replace(incident(1, "execution", day=10, documents={8}), killed=19)) is None
    assert score(week, replace(incident(2, "execution", day=14, documents={8}), killed=290)) is not None


def test_strikes_and_ground_fighting_in_one_town_on_one_day_are_one_attack_only_when_their_tolls_agree():
    # Coalition raids killed 21 civilians in the town (sources: 15 to 21); the same day
    # a militia "foiled an attack near the town, killing 80". Air strike and clash, 80
    # against 15-21: two attacks. A clash "killing 20 people" there agrees with 21 (within
    # 15 %): one attack whose type two outlets named differently.
    raids = IncidentSummary(1, "air_strike", date(2017, 4, 16), "Aleppo", 9, frozenset(), frozenset(), 21,
                            killed_low=15, killed_high=21)
    battle = IncidentSummary(None, "armed_clash", date(2017, 4, 16), "Aleppo", 9, frozenset(), frozenset({3}), 80)
    assert score(battle, raids) is None
    assert score(replace(battle, killed=20), raids) is not None
    assert score(replace(battle, type="shelling"), raids) is not None  # one family: strikes from afar
