"""Which kind of event a report tells: invented sentences, types worked out by hand
from docs/events.md."""

from warmonitor.extract import extract
from warmonitor.records import Document


def types(text):
    return [e.type for e in extract(Document("t", text)).events]


def main_type(text):
    """The type of the first event that holds a figure, as a reader would take it."""
    events = extract(Document("t", text)).events
    return next(e.type for e in events if e.claims)


def test_an_attack_whose_dead_are_civilians_is_an_attack_on_civilians():
    text = "Militiamen killed 23 villagers in an attack on a hillside hamlet on Thursday."
    assert main_type(text) == "attack_on_civilians"


def test_an_attack_whose_dead_are_soldiers_is_an_armed_clash():
    text = "Insurgents attacked an army post on Friday, killing 12 soldiers."
    assert main_type(text) == "armed_clash"


def test_an_attack_told_in_the_headline_is_the_kind_the_lead_tells():
    text = (
        "Deadly attack on a seaside hotel kills 7 holidaymakers\n"
        "12-03-2031\n"
        "Share\n"
        "Artillery shells fell on the hotel in Port Verano on Tuesday, killing seven guests, officials said."
    )
    assert types(text) == ["shelling"]


def test_an_attack_of_a_told_kind_is_that_kind():
    assert main_type("Gunmen killed 9 people in a grenade attack on a market.") == "explosion"
    assert main_type("A missile attack on the city killed 14 people on Sunday.") == "shelling"


def test_the_attack_of_a_report_of_one_massacre_is_that_massacre():
    text = (
        "At least 80 people were killed in an attack on the town of Lorvane in the spring. "
        "Witnesses described armed men arriving on motorbikes at dawn. "
        "The wells were poisoned and the crops burned. "
        "Aid workers reached the town a week later. "
        "The government condemned the massacre."
    )
    assert types(text) == ["attack_on_civilians"]


def test_figures_with_no_event_word_whose_dead_are_soldiers_are_a_clash():
    assert main_type("Five soldiers were killed near the border on Sunday, the army said.") == "armed_clash"


def test_bombs_dropped_by_jets_are_an_air_strike():
    text = "Fighter jets dropped bombs on the river market, killing at least 26 people."
    assert main_type(text) == "air_strike"


def test_executed_the_attack_is_carried_it_out_not_an_execution():
    text = "The militants executed the assault at dawn and killed 20 villagers."
    assert "execution" not in types(text)


def test_a_massacre_with_executions_is_an_attack_on_civilians():
    text = "The victims were summarily executed during the massacre, in which 60 people were killed."
    assert main_type(text) == "attack_on_civilians"


def test_gunmen_are_actors_not_an_event_kind():
    text = "Gunmen ambushed a police convoy on Monday, killing 13 officers."
    assert main_type(text) == "armed_clash"


def test_a_party_named_in_a_speakers_title_is_no_party_to_the_event():
    text = "A car bomb killed 8 people at a bus station on Sunday, a government official said."
    event = extract(Document("t", text)).events[0]
    assert event.actor1 is None and event.actor2 is None


def test_the_dead_of_a_raid_with_abductions_are_the_raids_not_the_abductions():
    text = "Gunmen attacked a farming hamlet on Thursday, killing 9 farmers and abducting 25 others."
    events = extract(Document("t", text)).events
    assert sorted(e.type for e in events) == ["abduction", "attack_on_civilians"]
    assert next(e for e in events if e.type == "abduction").claims == []


def test_an_attack_that_killed_people_none_said_to_be_fighters_is_on_civilians():
    text = "Armed men attacked the village of Torrel on Sunday, killing 22 people."
    assert main_type(text) == "attack_on_civilians"


def test_an_attack_on_an_armed_target_is_a_clash_whoever_died():
    text = "An attack targeting an army barracks left more than 30 people dead on Friday."
    assert main_type(text) == "armed_clash"


def test_a_drone_strike_is_remote_fire_not_an_air_strike():
    """Drones are flown by parties with no air force as often as by armies: they are
    typed with missiles and shells, and an air strike tells an aircraft."""
    assert main_type("A drone hit a fuel market in Korvane on Monday, killing 11 traders.") == "shelling"
    assert main_type("Paramilitary drone strikes on the city killed 6 people.") == "shelling"
    assert main_type("Warplanes struck the village at dawn, killing 8 farmers.") == "air_strike"


def test_civilians_killed_in_coalition_raids_are_an_air_strike_not_the_clash_told_before():
    # By hand: the fighters' 40 are the clash's; the civilians' 12 died in the
    # coalition's raids from the air, an attack of its own.
    report = extract(Document(id="t", text=(
        "Kurdish-led fighters repelled an attack near the town of Manbij on Monday, killing 40 militants, a "
        "spokesman said. The monitor said 12 civilians had been killed in coalition raids in the area.")))
    assert sorted((e.type, [c.count for c in e.claims]) for e in report.events if e.claims) == [
        ("air_strike", [12]), ("armed_clash", [40])]


def test_a_coalition_strike_is_an_air_strike():
    assert main_type("A US-led coalition strike in the city killed at least 18 civilians on Tuesday.") == "air_strike"


def test_a_weapon_destroyed_or_seized_is_no_attack_of_its_kind():
    # By hand: the fighters repelled an attack and destroyed mortar shells: a clash; the
    # shells were destroyed, not fired. Destroyed *by* shelling, the shelling is the attack.
    text = "Fighters repelled an attack on their positions, killing 30 militants and destroying their trucks and mortar shells."
    assert main_type(text) == "armed_clash"
    assert main_type("The school was destroyed by shelling that killed four pupils.") == "shelling"
