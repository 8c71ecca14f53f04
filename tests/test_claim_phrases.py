"""The claim reader links a count to its outcome through the phrases around it: asides,
prepositional and relative phrases, predicates, lists and single persons (issue 11).
Invented sentences; the expected claims are worked out by hand from GUIDELINES."""

import pytest

from warmonitor.extract.claims import read_claims


def read(text):
    return [(c.count, c.outcome, c.group) for c in read_claims(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a prepositional phrase between the victims and their verb
        ("Thirty-one miners from the northern shaft of the quarry were killed by the blast.", [(31, "killed", "civilians")]),
        # an aside between commas, and one inside the verb
        ("At least 9 shepherds, two of them brothers, were killed on the ridge.", [(9, "killed", "civilians"), (2, "killed", "civilians")]),
        ("Six guards were, witnesses said, shot dead at the gate.", [(6, "killed", "combatants")]),
        ("A policeman of the river patrol unit, was wounded.", [(1, "injured", "combatants")]),
        # a relative clause up to its verb
        ("Fourteen pupils who were waiting for the bus were injured.", [(14, "injured", "civilians")]),
        # how they were killed, between the verb and its auxiliary
        ("More than 30 villagers were summarily executed at the quarry.", [(30, "killed", "civilians")]),
        ("Seven fishermen were brutally killed on the shore.", [(7, "killed", "civilians")]),
    ],
)
def test_phrases_between_victims_and_outcome(text, expected):
    assert read(text) == expected


def test_an_outcome_across_a_phrase_yields_to_the_verb_right_before():
    # "left others injured" tells of others: the four were killed
    assert read("Rockets killed four members of a family in Varno and left others injured.")[0] == (4, "killed", "unspecified")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The death toll from Friday's bombing of the grain silo on the edge of the river port has risen to 71.", [(71, "killed", "unspecified")]),
        ("The number of injured reached 212.", [(212, "injured", "unspecified")]),
        ("The injury toll climbed to 35 overnight.", [(35, "injured", "unspecified")]),
    ],
)
def test_tolls_with_long_subjects(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clinics reported 57 deaths and 230 injuries after the flooding of the camp was shelled.", [(57, "killed", "unspecified"), (230, "injured", "unspecified")]),
        ("Divers recovered the bodies of 8 ferrymen on Tuesday.", [(8, "killed", "civilians")]),
        ("The battalion lost 14 soldiers at the crossing.", [(14, "killed", "combatants")]),
        ("Three traders were burned alive in their shops.", [(3, "killed", "civilians")]),
        ("Two guards sustained injuries.", [(2, "injured", "combatants")]),
        ("Relatives held the funerals of 6 farmers.", [(6, "killed", "civilians")]),
    ],
)
def test_death_and_injury_words(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A sniper shot dead the village imam and his son.", [(1, "killed", "civilians"), (1, "killed", "civilians")]),
        ("The strike killed the district's only surgeon.", [(1, "killed", "civilians")]),
        ("Another nurse was wounded.", [(1, "injured", "civilians")]),
        # a speaker is not a victim
        ("Nine people were killed, the governor said.", [(9, "killed", "unspecified")]),
        # a people noun before a place noun names the place
        ("Gunmen stormed a police station, killing 3 civilians.", [(3, "killed", "civilians")]),
    ],
)
def test_one_person_without_a_number(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The 11 dead included four nurses, two boys and a pharmacist.",
            [(11, "killed", "unspecified"), (4, "killed", "civilians"), (2, "killed", "civilians"), (1, "killed", "civilians")],
        ),
        ("Among the wounded were a driver and two porters.", [(1, "injured", "civilians"), (2, "injured", "civilians")]),
        (
            "Shelling raised the toll to 8 people: a farmer, two women and five children.",
            [(8, "killed", "unspecified"), (1, "killed", "civilians"), (2, "killed", "civilians"), (5, "killed", "civilians")],
        ),
        ("Of the 30 dead, 12 were rebels.", [(30, "killed", "unspecified"), (12, "killed", "combatants")]),
        ("Medics said four of the 16 dead were teachers.", [(4, "killed", "civilians"), (16, "killed", "unspecified")]),
        ("Officials counted 20 dead among the rebels.", [(20, "killed", "combatants")]),
        ("Eleven people died, a newborn among them, and 25 more were hurt.", [(11, "killed", "unspecified"), (1, "killed", "civilians"), (25, "injured", "unspecified")]),
        ("The toll includes 40 soldiers, 12 members of the coastal militia and three civilians.", [(40, "killed", "combatants"), (12, "killed", "unspecified"), (3, "killed", "civilians")]),
    ],
)
def test_lists_predicates_and_sub_counts(text, expected):
    assert read(text) == expected


def test_victims_of_two_sides_in_one_phrase_are_mixed():
    (claim,) = read_claims("The clashes killed 18 pro-government and rebel fighters.")
    assert (claim.count, claim.group, claim.side) == (18, "combatants", "mixed")


def test_a_countrys_people_are_victims_of_no_group():
    assert read("Some 41 Ukrainians were killed on Friday.") == [(41, "killed", "unspecified")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a page's stray number before a sentence is not the count its phrase goes on to
        ("3301 At least 6 farmers were killed near the dam.", [(6, "killed", "civilians")]),
        # a count inside a phrase stops the phrase: "90 percent" are not the 610
        ("The shelling hit 610 homes with 90 percent destroyed.", []),
        # "among them" before its sub-count opens it; it does not close one
        (
            "Nine soldiers were killed in the raid. Another 230 people among them many children were injured.",
            [(9, "killed", "combatants"), (230, "injured", "unspecified"), (None, "injured", "civilians")],
        ),
    ],
)
def test_what_a_phrase_may_not_cross(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bare count after its verb is one of the civilians the sentence named before it
        ("Armed men fired on farmers near the canal, killing three and wounding one.", [(3, "killed", "civilians"), (1, "injured", "civilians")]),
        ("Raiders attacked 14 herders at the well, killing two.", [(2, "killed", "civilians")]),
        # ... but not the people it was told to, nor the attackers named nearest
        ("The governor told reporters that 40 injured remain in hospital.", [(40, "injured", "unspecified")]),
        ("Gunmen stormed the checkpoint, killing four.", [(4, "killed", "unspecified")]),
        # men listed beside women and children are counted as civilians are
        ("Thirty men, nine women and four children were killed in the raid.", [(30, "killed", "civilians"), (9, "killed", "civilians"), (4, "killed", "civilians")]),
        ("Rescuers found the bodies of five children and three men.", [(5, "killed", "civilians"), (3, "killed", "civilians")]),
        ("Eleven men were killed in the raid.", [(11, "killed", "unspecified")]),
        # an age with no noun names one person: a child under 18 is a civilian
        ("Mortar fire injured two people, including a six-year-old.", [(2, "injured", "unspecified"), (1, "injured", "civilians")]),
        ("A 64-year-old was killed at the well.", [(1, "killed", "unspecified")]),
        ("Shrapnel wounded a 7-year-old girl.", [(1, "injured", "civilians")]),
        # people named by their work or errand are civilians
        ("The blast killed seven employees of the water board.", [(7, "killed", "civilians")]),
    ],
)
def test_who_a_count_refers_to(text, expected):
    assert read(text) == expected


def test_a_figure_a_toll_rose_from_is_an_earlier_toll():
    claims = read_claims("The death toll from the two blasts at the depot has risen to 23 from the initially reported 8.")
    assert [(c.count, c.outcome, c.status) for c in claims] == [(23, "killed", "current"), (8, "killed", "superseded")]
    claims = read_claims("The toll rose to 12 from 9.")
    assert [(c.count, c.status) for c in claims] == [(12, "current"), (9, "superseded")]
    # a count of other things after "from" is not an earlier figure
    assert [c.count for c in read_claims("Gunmen killed 12 people from 3 families.")] == [12]


def test_parties_of_many_wars_have_their_side_without_a_pack():
    (claim,) = read_claims("Of the 30 dead, 18 were al-Qaeda fighters.")[1:]
    assert (claim.count, claim.group, claim.side) == (18, "combatants", "jihadist")
    (claim,) = read_claims("At least 20 police officers and Kurdish fighters died at the crossing.")
    assert (claim.count, claim.group, claim.side) == (20, "combatants", "mixed")


def test_part_of_a_vague_count_told_by_what_it_belongs_to():
    assert read("The monitor counted several burned bodies, including those of four militiamen.") == [
        (None, "killed", "unspecified"), (4, "killed", "combatants"),
    ]


@pytest.mark.parametrize(
    "text",
    ["A shell hit the school but no one was hurt.", "No one was killed in the blast.", "Not one soldier was wounded."],
)
def test_no_one_is_nobody_not_one_person(text):
    assert read_claims(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Some 240 villagers have fallen victims of the poison gas, an official said.", [(240, "killed", "civilians")]),
        ("Eleven porters fell victim to the shelling of the depot.", [(11, "killed", "civilians")]),
    ],
)
def test_those_who_fell_victim_to_an_attack_died_of_it(text, expected):
    assert read(text) == expected
