"""A claim's scope (GUIDELINES.md): one attack or one day's fighting is an incident; a
total over more than one day, several attacks, a campaign or a front is an aggregate.
Invented sentences; each expected scope is read off the sentence by hand."""

import pytest

from warmonitor.extract import read_claims


def scope_of(text):
    (claim,) = read_claims(text)
    return claim.scope


@pytest.mark.parametrize(
    "text",
    [
        # a front's total
        "A field officer said nearly 2,600 conscripts have been killed on this front.",
        "Around 900 soldiers have died on all fronts.",
        # one week, one month: still more than one day
        "Over 300 Villagers Killed in One Week as Shelling Goes On",
        "More than 250 gunmen were killed in infighting in less than one month.",
        "Within a single month 140 people were killed in the district.",
        "A month of clashes in the valley has killed nearly 200 fighters.",
        "At least 80 fighters died in less than two weeks.",
        # two days, a span of dates, a month
        "At least 64 soldiers were killed on Tuesday and Wednesday as the army pushed north.",
        "Between 4 and 11 March the clinics received 212 dead.",
        "The group documented 410 civilians killed by shelling in the city during June.",
        # a campaign counted from its start, or still going on
        "Army units killed more than 95 militants in an offensive which began last month.",
        "Around 45 people have been wounded in the ongoing clashes.",
        "Since the start of the offensive 390 people have been killed.",
        "Since then over 340 villagers have been killed along the coast.",
        "The death toll reached 330 after four days of raids.",
        # several attacks, more than 24 hours
        "A string of car bombings in the capital left 96 people dead.",
        "Over the past 48 hours air strikes have killed 73 civilians.",
        "Twenty-six fighters have died over the last 72 hours, their commander said.",
        "Artillery fire has killed 29 residents in the past three days.",
        # a month's toll, told after the outcome
        "About 650 people were killed in the northern districts in September, the agency said.",
        # a running total of fighting that goes on, with no day and no single attack
        "At least 214 people have been killed in clashes in the northern province.",
        "The battle for the hills has killed some 160 fighters on both sides.",
        "Some 3,400 people have been killed in the insurgency in the coastal districts.",
        "More than 75 farmers have been beheaded as the violence in the hills goes on.",
    ],
)
def test_totals_over_more_than_one_day_are_aggregate(text):
    assert scope_of(text) == "aggregate"


@pytest.mark.parametrize(
    "text",
    [
        "Shelling killed 61 people in the province over the past 24 hours.",
        "The militia killed 38 villagers in one day.",
        # one attack named as such beats a period told further away
        "Years of war have scarred the town, and in a suicide bombing 27 people were killed.",
        "Rebels have held the pass since 2019, and an ambush there killed 41 soldiers.",
        # a comparison dates the attack's rank, not its toll
        "A truck bomb killed 47 shoppers in the deadliest attack on the port in almost a year.",
        "A mortar barrage killed 12 people in the heaviest shelling of the town in over a year.",
        # one of several blasts
        "A bomb killed 14 people in the market, the latest in a spate of blasts in the region.",
        # a present perfect of one attack, of one day, or of no named fighting is today's news
        "At least 33 people have been killed in a car bomb attack near the bus station.",
        "Clashes have killed 17 fighters on Monday near the dam.",
        "Heavy bombardment of the suburb has killed nine civilians.",
        # a day's attack
        "Nine people were wounded in Friday's raid on the fuel depot.",
        # a month told first dates one event
        "In August, gunmen stormed the wedding and killed 23 guests.",
    ],
)
def test_one_attack_or_one_day_is_an_incident(text):
    assert scope_of(text) == "incident"


def test_a_period_that_is_not_the_figures_is_not_read_as_one():
    # the siege has lasted a year; the toll is of today's raids
    text = "In the town, under siege for more than a year, raids killed 19 people today."
    assert scope_of(text) == "incident"


@pytest.mark.parametrize(
    "text",
    [
        # the period is the school's, told in a clause on the school
        "Seven pupils were killed at the school, which had been shut for the past two years.",
        "Nineteen people died in Saturday's blast at the depot, which had been rebuilt over the past month.",
    ],
)
def test_a_period_told_of_a_place_in_a_relative_clause_is_not_the_figures(text):
    assert scope_of(text) == "incident"


def test_a_period_told_of_the_fighting_in_a_relative_clause_is_the_figures():
    text = "The siege, which began in the spring and has lasted for the past five months, has killed 310 people."
    assert scope_of(text) == "aggregate"


def test_a_toll_counted_by_a_later_day_of_fighting_that_began_earlier_is_aggregate():
    text = "Clashes over the bridge erupted on Saturday. By Tuesday, 53 militiamen had been killed."
    assert scope_of(text) == "aggregate"


def test_a_toll_counted_by_the_day_the_fighting_began_is_an_incident():
    text = "The assault on the ridge began on Friday morning. By Friday evening 17 soldiers had been killed."
    assert scope_of(text) == "incident"


def test_a_day_named_without_fighting_that_began_earlier_is_not_a_period():
    text = "Officials met on Monday. By Wednesday, 14 people had been killed in a single strike."
    assert scope_of(text) == "incident"


def test_a_running_toll_goes_on_with_the_period_the_sentence_before_told():
    text = (
        "Rebels and the army have fought along the river since the truce collapsed in spring. "
        "Some 260 people have been killed in the region. Nine aid workers have also been killed."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate", "aggregate"]


def test_a_sentence_without_a_period_breaks_the_chain():
    text = (
        "Rebels and the army have fought along the river since the truce collapsed. "
        "The minister visited the front. Nine aid workers have been killed."
    )
    assert scope_of(text) == "incident"


def test_the_last_time_a_sentence_tells_decides_whether_it_told_a_period():
    # The report is dated today; what it counts runs since the militia took the valley.
    text = (
        "A rights group said in a report released today that the militia had driven 9,000 "
        "farmers from the valley since it took the district in March. "
        "The militia has executed about 140 people in the valley."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate"]
    told_today = (
        "Since March the militia has held the valley, a rights group said today. "
        "The militia has executed about 140 people in the valley."
    )
    assert [c.scope for c in read_claims(told_today)] == ["incident"]


def test_a_running_toll_after_fighting_told_as_going_on_for_days_is_aggregate():
    text = (
        "The monitor said on Monday that the shelling of the city went on for the twelfth consecutive day. "
        "At least 230 residents have been killed, the monitor said."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate"]
    hyphenated = (
        "The siege of the port went on for the twenty-second consecutive day, the monitor said. "
        "At least 410 residents have been killed, the monitor said."
    )
    assert [c.scope for c in read_claims(hyphenated)] == ["aggregate"]
    # its breakdown, told next, is counted over the same days
    broken_down = hyphenated + " Among those killed were 96 children."
    assert [c.scope for c in read_claims(broken_down)] == ["aggregate", "aggregate"]
    standing = (
        "Jets kept up their raids on the old city on Monday for the third day in a row. "
        "The death toll reached 190, rescuers said."
    )
    assert [c.scope for c in read_claims(standing)] == ["aggregate"]
    # the time of the raids, in a clause after the toll, is not the toll's own time
    raids_go_on = (
        "On Tuesday jets kept up their raids on the old city for the fifth day in a row. "
        "The death toll reached 240, medics said, as jets struck the market after dawn on Monday."
    )
    assert [c.scope for c in read_claims(raids_go_on)] == ["aggregate"]
    # a day's own toll, told as the fighting goes on, stays that day's
    assert scope_of("Jets pounded the city for the fourth day in a row, killing 30 people.") == "incident"


def test_losses_that_total_over_the_period_told_before_are_aggregate():
    text = (
        "Over the past three days the air force kept up its raids on the ridge. "
        "Losses of the insurgents there totalled 210 fighters killed, the ministry said."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate"]


def test_a_toll_that_names_its_own_day_keeps_it():
    text = (
        "Rebels and the army have fought along the river since the truce collapsed. "
        "Nine aid workers have been killed on Sunday."
    )
    assert scope_of(text) == "incident"


def test_an_attack_that_began_on_an_earlier_day_is_counted_over_days():
    # a place does not begin: the relative clause tells of the attack, told on another day
    text = "The toll of the raid on the northern depot in the hill district, which began on 3 May, has climbed to 96."
    assert scope_of(text) == "aggregate"


def test_the_parts_of_a_period_toll_told_next_are_counted_over_the_same_days():
    text = (
        "The death toll of the siege of the fort, which began on 8 June, has risen to 140. "
        "Engineers are still clearing the gate. "
        "The death toll includes 90 attackers, as well as 40 guards and ten civilians."
    )
    assert [(c.count, c.scope) for c in read_claims(text)] == [
        (140, "aggregate"), (90, "aggregate"), (40, "aggregate"), (10, "aggregate"),
    ]


def test_the_parts_of_a_days_toll_stay_one_incident():
    text = "On Sunday the blast killed 30 people. The toll includes 12 children."
    assert [(c.count, c.scope) for c in read_claims(text)] == [(30, "incident"), (12, "incident")]


def test_a_toll_during_a_counter_attack_told_before_counts_over_its_days():
    text = "The monitor said the militia had killed 48 villagers in shelling during their counter-attack."
    assert scope_of(text) == "aggregate"


def test_a_toll_of_several_offensives_is_aggregate():
    assert scope_of("Officers said 160 insurgents were killed in the army's large-scale offensives in the hills.") == "aggregate"


def test_an_ambush_during_an_offensive_is_the_ambushs_toll():
    assert scope_of("Nineteen soldiers were killed in an ambush during an offensive near the border.") == "incident"


def test_when_a_standing_toll_was_counted_is_no_time_of_the_killing():
    text = (
        "Jets pounded the rebel-held districts for the third day in a row. "
        "The death toll reached 240 overnight, rescue workers said."
    )
    assert scope_of(text) == "aggregate"


def test_a_toll_rising_on_a_day_after_a_days_attack_stays_that_attacks():
    assert scope_of("The death toll from Sunday's bombing rose to 31 on Monday.") == "incident"


def test_the_toll_of_the_fighting_told_by_a_later_day_counts_over_its_days():
    text = (
        "The army launched a push on the villages north of the city early this week. "
        "By Thursday the militants had retaken all but one of them. "
        "The heavy fighting claimed the lives of 84 soldiers and 77 militants, the monitor said."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate", "aggregate"]


def test_a_figure_with_no_time_between_two_period_totals_is_one_of_them():
    text = (
        "The group recorded 4,100 civilians killed in air raids over the past year. "
        "Meanwhile militia fire on the coastal towns killed 860 people. "
        "And 215 people died under siege in the past year."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate", "aggregate", "aggregate"]


def test_a_figure_with_its_own_day_between_period_totals_stays_an_incident():
    text = (
        "The group recorded 4,100 civilians killed in air raids over the past year. "
        "On Sunday a car bomb in the market killed 17 people. "
        "And 215 people died under siege in the past year."
    )
    assert [c.scope for c in read_claims(text)] == ["aggregate", "incident", "aggregate"]


def test_the_day_a_figure_was_announced_is_not_the_day_of_the_killing():
    text = "Army sources announced on Tuesday that 130 militants were killed in the army's offensives east of the oil fields."
    assert scope_of(text) == "aggregate"


def test_a_day_of_the_killing_stays_when_the_announcement_names_none():
    assert scope_of("The army announced that 14 militants were killed on Tuesday in its offensives.") == "incident"


def test_killings_a_later_sentence_says_took_place_over_days_are_a_total():
    text = (
        "Militants executed at least 64 villagers in the valley, a rights group said. "
        "The villagers were accused of helping the army. "
        "The group said the killings took place over a 12-day period."
    )
    assert scope_of(text) == "aggregate"


def test_killings_said_to_take_place_at_night_stay_an_incident():
    text = "Militants executed 64 villagers in the valley. The killings took place at night, a witness said."
    assert scope_of(text) == "incident"


def test_a_toll_of_recent_strikes_is_a_total_over_days():
    assert scope_of("Local media said at least 90 people were killed in recent airstrikes on the old city.") == "aggregate"


def test_a_toll_of_bombing_that_has_gone_on_for_days_is_a_total():
    text = "Jets pounded the eastern districts on Thursday in a third day of bombing that has killed at least 41 people."
    assert scope_of(text) == "aggregate"


def test_a_days_toll_told_as_the_third_day_of_bombing_stays_an_incident():
    assert scope_of("On the third day of bombing, strikes killed 12 people in the market.") == "incident"
