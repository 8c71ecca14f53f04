"""The claim reader, sentence by sentence: each test is a rule of GUIDELINES.md."""

import pytest

from warmonitor.extract import read_claims
from warmonitor.extract.lexicon import load

SYRIA = load("syria")  # the rules are shown on sentences of the Syrian war


def read(text, title=None):
    return [(c.count, c.outcome) for c in read_claims(text, title, SYRIA)]


def one(text):
    (claim,) = read_claims(text, lex=SYRIA)
    return claim


@pytest.mark.parametrize(
    "text, count, outcome",
    [
        ("Clashes killed 47 combatants on Sunday.", 47, "killed"),
        ("41 people were killed in the ambush.", 41, "killed"),
        ("The death toll rose to 63 on Sunday.", 63, "killed"),
        ("Fighting claimed the lives of 36 soldiers.", 36, "killed"),
        ("The blast left a child dead.", 1, "killed"),
        ("Nearly 65 people have lost their lives in the town.", 65, "killed"),
        ("Ten civilians were martyred in the shelling.", 10, "killed"),
        ("The raid left 58 dead.", 58, "killed"),
        ("Rescuers recovered at least 100 bodies.", 100, "killed"),
        ("The shelling wounded twenty-three people.", 23, "injured"),
        ("19 others were injured.", 19, "injured"),
        ("The attack killed a nurse.", 1, "killed"),
        ("A child was killed when the shell hit.", 1, "killed"),
        ("Gunmen executed 18 civilians.", 18, "killed"),
        ("The bombing killed a dozen people.", 12, "killed"),
    ],
)
def test_outcomes_in_active_passive_and_nominal_forms(text, count, outcome):
    assert read(text) == [(count, outcome)]


@pytest.mark.parametrize(
    "text",
    [
        "The air force launched dozens of air strikes on the valley.",
        "The shelling has pushed 250,000 residents out of their villages.",
        "Some 5,000 people were evacuated from the district.",
        "Twelve barrels fell on the village.",
        "The offensive began in 2011.",
        "A 12-year-old boy was seen near the market.",
        "Troops advanced along Route 5.",
        "The 5 km road was shelled on 15 April.",
        "The toll could reach 200.",
        "Bread costs 300 pounds.",
        "Fifty people were killed or wounded.",
        "Mon Jun 6 2016 90 Gunmen Killed, Injured in Army Raids.",  # a headline that mixes outcomes
        "Mon Jun 6 2016 90 Gunmen Killed Injured in Army Raids.",
        "Mortar Shells on Old City: 31 Killed & Injured.",
        "Mortar Shells on Old City: 31 Killed/Wounded.",
        "Twenty people are missing after the raid.",
        "The envoy threatened action if the world body failed to act.",  # an organisation, not a corpse
        "The count was made by a group formed by an opposition body.",
        "Air raids between April 2 and May 18 had killed the cell's leaders.",  # a day of its month
        "Tue Mar 14 2017 Rebel Brigade Leader Killed in Deraa.",
        "March 3 2017 Gunmen executed fighters who tried to surrender.",
        "AFP 2019 RANA KHOURY British Sailor Dies of Injuries.",
    ],
)
def test_figures_that_are_not_casualty_claims(text):
    assert read(text) == []


def test_an_age_does_not_count_but_the_person_does():
    assert read("A 12-year-old boy was killed in the strike.") == [(1, "killed")]


@pytest.mark.parametrize(
    "text",
    [
        "Nine students between 6 and 11 years old were killed in the bombing.",
        "Nine students aged between 6 and 11 were killed in the bombing.",
        "Nine children, aged 6 to 11, were killed in the bombing.",
        "Nine children under the age of 11 were killed in the bombing.",
    ],
)
def test_an_age_range_between_victims_and_outcome_is_stepped_over(text):
    assert read(text) == [(9, "killed")]


def test_an_age_range_alone_is_not_a_count():
    assert read("The children aged from three to 9 were killed on Sunday.") == []


def test_qualifier_belongs_to_the_number_it_stands_before():
    claims = read_claims("The clashes killed at least 38 militants and 14 fighters.", lex=SYRIA)
    assert [(c.count, c.qualifier) for c in claims] == [(38, "at_least"), (14, "exact")]


def test_vague_quantities_are_claims_without_count():
    claim = one("Dozens of people were killed in the raids.")
    assert (claim.count, claim.vague, claim.outcome) == (None, "dozens", "killed")


def test_ranges_give_low_and_high():
    claim = one("Between 10 and 15 people were killed.")
    assert (claim.count, claim.high) == (10, 15)


@pytest.mark.parametrize(
    "text, group, side",
    [
        ("The strike killed 12 civilians.", "civilians", None),
        ("The strike killed 12 children.", "civilians", None),
        ("The strike killed 12 people.", "unspecified", None),
        ("Clashes killed 17 pro-government forces.", "combatants", "government"),
        ("Clashes killed 38 Islamic State militants.", "combatants", "jihadist"),
        ("Clashes killed 14 Kurdish militia fighters.", "combatants", "kurdish"),
        ("Clashes killed 26 jihadists and allied rebels.", "combatants", "mixed"),
        ("Clashes killed 47 combatants.", "combatants", "mixed"),
        ("The army killed 30 terrorists.", "combatants", "opposition"),
        ("Air strikes killed 9 Hezbollah fighters.", "combatants", "government"),
        ("Air strikes killed 9 Russian soldiers.", "combatants", "government"),
        ("Shelling killed 4 Turkish soldiers.", "combatants", "foreign"),
        ("The bombing killed 3 IS members.", "combatants", "jihadist"),
        ("The militia executed 300 members of a clan.", "unspecified", None),
    ],
)
def test_victims_give_group_and_side(text, group, side):
    claim = one(text)
    assert (claim.group, claim.side) == (group, side)


def test_unnamed_fighters_belong_to_the_one_armed_group_the_sentence_names():
    assert one("Army strikes on ISIL strongholds killed 31 terrorists.").side == "jihadist"
    assert one("The army killed 31 terrorists.").side == "opposition"
    # "terrorist group" after a group's name is what that group is called, not a second
    # group (of the opposition, as the label alone would be)
    assert one("Jets pounded a stronghold of the ISIL terrorist group, killing 19 terrorists.").side == "jihadist"
    assert one("Jets hit Islamic State positions and killed 16 rebels.").side == "opposition"


def test_two_counts_in_one_statement_are_two_claims():
    claims = read_claims("The battle claimed the lives of 17 regime soldiers as well as 26 jihadists and allied rebels.", lex=SYRIA)
    assert [(c.count, c.side) for c in claims] == [(17, "government"), (26, "mixed")]


def test_sub_count_takes_the_outcome_of_its_total():
    claims = read_claims("The strike killed 14 people including three nurses.", lex=SYRIA)
    assert [(c.count, c.outcome, c.group) for c in claims] == [(14, "killed", "unspecified"), (3, "killed", "civilians")]


def test_a_total_takes_the_verb_after_its_list_of_sub_counts():
    claims = read_claims("At least 21 villagers including six children and three women were killed in the raid.", lex=SYRIA)
    assert [(c.count, c.outcome) for c in claims] == [(21, "killed"), (6, "killed"), (3, "killed")]
    assert claims[1].part_of == claims[0].span


def test_a_total_does_not_take_the_outcome_a_sub_count_names_itself():
    """The clinic took in 31 victims; four of them dead is no toll of 31 dead."""
    claims = read_claims("The clinic took in 31 victims of the blast, including four dead.", lex=SYRIA)
    assert [(c.count, c.outcome) for c in claims] == [(4, "killed")]


def test_among_ties_a_sub_count_to_its_total():
    claims = read_claims("Four women were among at least 37 people killed.", lex=SYRIA)
    assert [(c.count, c.group) for c in claims] == [(4, "civilians"), (37, "unspecified")]


def test_a_count_among_a_later_total_is_a_part_of_it():
    first, total = read_claims("Four women were among at least 37 people killed.", lex=SYRIA)
    assert first.part_of == total.span and total.part_of is None


def test_a_bare_total_that_a_sub_count_is_among_keeps_no_group():
    claims = read_claims("Three children were among the 20 killed.", lex=SYRIA)
    assert [(c.count, c.group) for c in claims] == [(3, "civilians"), (20, "unspecified")]


def test_others_refers_back_to_the_victims_just_named():
    claims = read_claims("A bomber killed four Kurdish policemen. Six others were wounded.", lex=SYRIA)
    assert [(c.count, c.outcome, c.group, c.side) for c in claims] == [
        (4, "killed", "combatants", "kurdish"),
        (6, "injured", "combatants", "kurdish"),
    ]


def test_the_perpetrator_is_not_a_victim():
    assert read("A suicide bomber killed four guards.") == [(4, "killed")]


@pytest.mark.parametrize(
    "text",
    [
        "The war has killed more than 250,000 people since 2012.",
        "The shelling since the start of March has killed more than 600 civilians.",
        "Over the past year 3,000 people were killed.",
        "This year 300 civilians have been killed.",
        "Five days of air strikes killed 48 civilians.",
    ],
)
def test_totals_over_a_period_are_aggregate(text):
    assert one(text).scope == "aggregate"


def test_a_days_toll_is_an_incident():
    assert one("Clashes on Sunday killed 47 combatants.").scope == "incident"


def test_an_updated_toll_supersedes_the_old_one():
    claims = read_claims("The toll rose to 93, updating a previous toll of 81.", lex=SYRIA)
    assert [(c.count, c.status) for c in claims] == [(93, "current"), (81, "superseded")]


def test_a_figure_given_as_earlier_information_is_superseded():
    claims = read_claims("According to earlier information from the governor's office, 6 people were killed in the explosion.", lex=SYRIA)
    assert [(c.count, c.status) for c in claims] == [(6, "superseded")]


def test_the_same_figure_in_headline_and_body_counts_once():
    text = "Strike kills 40 civilians\n\nAn air strike killed 40 civilians on Monday in the town."
    claims = read_claims(text, title="Strike kills 40 civilians")
    assert [(c.count, c.quote) for c in claims] == [(40, "killed 40 civilians")]


def test_a_new_figure_announced_as_more_is_not_a_repeat():
    claims = read_claims("The shell killed three women. Three more civilians were killed in the village.", lex=SYRIA)
    assert [c.count for c in claims] == [3, 3]


def test_equal_figures_of_two_named_parties_are_two_figures():
    # Two fronts, one count each: the headline's 120 is their sum, so both 60s must stay.
    text = (
        "Army kills 120 terrorists on two fronts. Troops killed more than 60 Nusra Front militants "
        "in the eastern suburbs. Elsewhere the troops repelled an attack on the hills. "
        "Warplanes struck Islamic State positions in the desert, killing around 60 terrorists."
    )
    claims = read_claims(text, lex=SYRIA)
    assert [c.count for c in claims] == [120, 60, 60]


def test_spans_point_at_the_quote():
    text = "Intro line.\nClashes killed 47 combatants on Sunday."
    (claim,) = read_claims(text)
    assert text[claim.span[0] : claim.span[1]] == claim.quote == "killed 47 combatants"


def test_extremists_killed_are_jihadist_fighters():
    (claim,) = read_claims("At least 30 extremists were killed in the raids on the hills.", lex=SYRIA)
    assert (claim.count, claim.group, claim.side) == (30, "combatants", "jihadist")


def test_fighters_linked_to_a_named_party_are_of_its_side():
    (claim,) = read_claims("Troops killed at least 40 Al-Qaeda-linked terrorists near the border.", lex=SYRIA)
    assert (claim.group, claim.side) == ("combatants", "jihadist")


@pytest.mark.parametrize("text, side", [
    # the party the sentence opens with killed them: the victims are the other armed group
    ("Kurdish forces repelled an attack by Islamic State fighters near the dam, killing around 40 militants.", "jihadist"),
    ("Islamic State fighters stormed Kurdish positions near the dam, killing 12 fighters.", "kurdish"),
])
def test_unnamed_fighters_killed_by_the_sentences_subject_are_the_other_party(text, side):
    claim = one(text)
    assert (claim.group, claim.side) == ("combatants", side)


def test_a_speaker_the_sentence_opens_with_is_not_the_killer():
    claim = one("An opposition activist said the car bomb killed 20 militants.")
    assert claim.side == "opposition"  # the one armed group named: the speaker's party is not set aside


@pytest.mark.parametrize(
    "text, told",
    [
        # a place after the first count ("outside", "around", "across" as well as "in")
        # does not hide the count coordinated after it
        ("Raids killed 12 people outside the village and another 9 people in the town.", [(12, "killed"), (9, "killed")]),
        ("Shelling killed four soldiers around the base and another three at the checkpoint.",
         [(4, "killed"), (3, "killed")]),
    ],
)
def test_a_count_coordinated_after_a_place_is_read(text, told):
    assert read(text) == told


def test_another_count_after_a_sub_count_is_told_beside_the_total_not_the_part():
    # By hand: 12 people (5 of them children) outside the village, and another 9 in the
    # town: the 9 add to the 12 (21 in all), they are not told beside the 5 children.
    text = "Raids killed 12 people including five children outside the village and another 9 people in the town."
    twelve, children, nine = read_claims(text, lex=SYRIA)
    assert (twelve.count, children.count, nine.count) == (12, 5, 9)
    assert children.part_of == twelve.span
    assert nine.beside == twelve.span and nine.part_of is None


@pytest.mark.parametrize("text", [
    "The Kurdish-led SDF repelled ISIL's attacks near the river, killing around 80 militants.",
    # the same, as a text that lost its apostrophes gives it, and quoted
    '"The Kurdish-led SDF repelled ISILs attacks near the river, killing around 80 militants" the sources said.',
])
def test_a_party_named_in_the_possessive_gives_unnamed_fighters_their_side(text):
    # By hand: the SDF, the sentence's subject, did the killing; the only other party is
    # ISIL ("ISIL's attacks"), so the 80 militants are jihadists.
    assert one(text).side == "jihadist"
