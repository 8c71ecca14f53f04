"""Repeats (GUIDELINES.md): the same figure told twice is one claim; equal counts of
other people or of another attack are claims of their own. Invented reports; each
expected list of counts is read off the text by hand."""

from warmonitor.extract import read_claims


def counts(text, title=None):
    return [(c.count, c.outcome) for c in read_claims(text, title)]


def test_a_headline_rounds_the_bodys_figure():
    title = "More than 40 dead as rockets hit bus station"
    text = f"{title}\n\nRockets fired at the bus station killed 43 people on Sunday, medics said."
    assert counts(text, title) == [(43, "killed")]


def test_a_headline_figure_far_from_the_bodys_is_its_own():
    title = "Over 20 killed in border clashes"
    text = f"{title}\n\nShelling of a border village killed 35 people on Friday, the governor said."
    assert counts(text, title) == [(20, "killed"), (35, "killed")]


def test_a_headline_rounds_only_a_figure_of_the_same_outcome():
    title = "Nearly 50 wounded in stadium blast"
    text = f"{title}\n\nThe blast at the stadium killed 47 spectators, police said."
    assert counts(text, title) == [(50, "injured"), (47, "killed")]


def test_equal_counts_of_fighters_and_civilians_are_two_figures():
    text = (
        "Drones killed 18 militants at a training camp on Wednesday. "
        "Mortar fire later killed 18 civilians in a market in the south."
    )
    assert counts(text) == [(18, "killed"), (18, "killed")]


def test_equal_counts_of_two_sides_are_two_figures():
    text = "The army said it killed 12 rebels. The rebels said they killed 12 soldiers."
    assert counts(text) == [(12, "killed"), (12, "killed")]


def test_a_sentence_telling_a_second_attack_brings_new_figures():
    text = "The first rocket wounded three farmers. A second rocket wounded three farmers on the road."
    assert counts(text) == [(3, "injured"), (3, "injured")]


def test_the_sentence_after_a_second_attack_with_no_figure_brings_new_figures():
    text = (
        "Shelling killed two farmers near the well. Another shell later hit the road to the mill. "
        "Rescuers said two farmers were killed there."
    )
    assert counts(text) == [(2, "killed"), (2, "killed")]


def test_a_reply_in_kind_is_another_attack():
    text = (
        "Artillery killed two shepherds on the hillside. By evening the militia had retaliated with mortars. "
        "Two shepherds were killed on the other side of the valley."
    )
    assert counts(text) == [(2, "killed"), (2, "killed")]


def test_the_same_small_figure_told_again_is_one_claim():
    text = "Three farmers were wounded by a rocket. The three wounded farmers were taken to hospital in the city."
    assert counts(text) == [(3, "injured")]


def test_the_same_large_figure_of_the_same_people_is_one_claim():
    text = (
        "Government forces killed 27 insurgents in the hills on Monday. "
        "The army said 27 insurgents were killed and their weapons seized."
    )
    assert counts(text) == [(27, "killed")]


def test_a_figure_below_and_one_above_the_same_count_are_two_sources_figures():
    text = (
        "Firefighters said almost 30 people were killed in the depot. "
        "A provincial official later said at least 30 people were killed."
    )
    assert counts(text) == [(30, "killed"), (30, "killed")]


def test_more_than_and_at_least_the_same_count_may_be_one_figure():
    text = (
        "Shelling of the suburb killed nine residents and wounded more than 60 others. "
        "At least 60 others were injured and taken to the city hospital."
    )
    assert counts(text) == [(9, "killed"), (60, "injured")]


def test_a_line_without_a_full_stop_is_a_headline_even_when_no_title_is_given():
    text = (
        "Militia kills 6 villagers near the lake\n\n"
        "Gunmen raided a cattle market at dawn.\n"
        "The village chief said the market had been quiet for weeks.\n"
        "Witnesses said the dust was thick and the shooting lasted an hour.\n"
        "Police later confirmed that six villagers were killed."
    )
    assert [c.quote for c in read_claims(text)] == ["six villagers were killed"]


def test_a_line_wrapped_at_a_fixed_width_is_no_headline():
    text = (
        "Gunmen killed at least 6\n"
        "villagers at the cattle market on Friday, police said.\n"
        "Witnesses said the dust was thick and the shooting lasted an hour.\n"
        "The village chief said the market had been quiet for weeks.\n"
        "A nurse said 6 had died."
    )
    assert [(c.count, c.qualifier) for c in read_claims(text)] == [(6, "at_least"), (6, "exact")]


def test_the_kept_telling_takes_the_group_its_headline_names():
    title = "Drone strike kills 14 villagers in the north"
    text = f"{title}\n\nA drone struck a wedding party in the north on Saturday and killed 14 people."
    (claim,) = read_claims(text, title)
    assert (claim.count, claim.group, claim.quote) == (14, "civilians", "killed 14 people")



def test_a_sentence_printed_twice_is_one_claim():
    sentence = "Troops killed at least 40 gunmen linked to the insurgents near the dam. "
    assert counts(sentence + "Rescuers reached the area. " + sentence) == [(40, "killed")]


def test_another_large_figure_of_the_same_count_is_a_claim_of_its_own():
    # By hand: 12 militants killed near the dam, then "another 12" in the town: 24 dead,
    # two claims of 12 (a large count told again is usually one toll, but not "another").
    text = ("Twelve militants were killed in fighting near the dam on Monday, a monitor said. "
            "Another 12 militants were killed in the town as troops advanced.")
    assert counts(text) == [(12, "killed"), (12, "killed")]


def test_two_persons_listed_and_told_again_are_two_claims():
    # By hand: the first sentence lists two persons killed (a claim of 1 each), the
    # second retells the same two; 14 injured once. Four tellings of "one killed" close
    # together are still two persons, not one.
    text = (
        "A farmer and his young son were killed and 14 others were injured when a shell hit the market of Tadef on Monday. "
        "A police officer said a farmer and his young son died and others were hurt."
    )
    assert counts(text) == [(1, "killed"), (1, "killed"), (14, "injured")]


def test_one_person_told_three_times_is_one_claim():
    # By hand: the same woman in three sentences: one claim.
    text = (
        "A woman was killed when a rocket hit her home in Tadef on Monday. "
        "Medics said a woman died of her wounds. Residents said a woman was killed."
    )
    assert counts(text) == [(1, "killed")]


def test_other_people_are_new_figures():
    # By hand: "three other shepherds" are not the three told before: six killed in all.
    text = (
        "Three shepherds were killed when a mine exploded near Tadef on Monday. "
        "Three other shepherds were killed by sniper fire near the village."
    )
    assert counts(text) == [(3, "killed"), (3, "killed")]
