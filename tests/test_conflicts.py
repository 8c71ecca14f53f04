"""Conflict packs (data/conflicts/*.toml) and how a report's pack is chosen (docs/actors.md)."""

import re
from datetime import date

import pytest

from warmonitor.extract import extract
from warmonitor.extract.conflict import choose
from warmonitor.extract.lexicon import load
from warmonitor.packs import packs, read_data
from warmonitor.extract.tokens import tokenize
from warmonitor.records import Document

TYPES = {"state forces", "rebel group", "jihadist group", "militia", "foreign force"}
SIDES = {"government", "opposition", "jihadist", "kurdish", "foreign"}
COUNTRIES = {country["code"] for country in read_data("countries_en.toml")["countries"]}


def named_actors(text, pack, country):
    """(canonical, side) of every actor the pack's lexicon finds in ``text``."""
    actors = load(pack, country).actors
    tokens = tokenize(text)
    return {(m[1].canonical, m[1].side) for i in range(len(tokens)) if (m := actors.match(tokens, i))}


@pytest.mark.parametrize("slug", sorted(packs()))
def test_a_pack_file_follows_the_format(slug):
    pack = packs()[slug]
    assert pack.name and pack.countries and set(pack.countries) <= COUNTRIES
    assert pack.until is None or pack.since < pack.until
    assert all(cue == cue.lower() for cue in pack.cues)
    for actor in pack.actors:
        assert actor["canonical"] and actor["type"] in TYPES and actor["side"] in SIDES, actor
        assert all(alias == alias.lower() for alias in actor["aliases"]), actor["canonical"]
        assert set(actor.get("side_in", {}).values()) <= SIDES
    assert len(pack.examples) >= 3


@pytest.mark.parametrize(
    "slug, example", [(slug, example) for slug, pack in sorted(packs().items()) for example in pack.examples]
)
def test_a_pack_reads_its_examples(slug, example):
    country = example.get("country", packs()[slug].countries[0])
    assert (example["actor"], example["side"]) in named_actors(example["text"], slug, country)


def test_a_dateline_chooses_the_war_and_its_country():
    conflict = choose(Document("t", "KHARKIV, Ukraine (Reuters) - Shelling killed three people on Tuesday, officials said."))
    assert (conflict.pack.slug, conflict.country) == ("ukraine-russia", "UA")


def test_a_capital_in_the_dateline_is_enough():
    conflict = choose(Document("t", "DAMASCUS, May 3 - Twelve people were killed in a blast on Sunday, state media said."))
    assert (conflict.pack.slug, conflict.country) == ("syria", "SY")


@pytest.mark.parametrize("text, slug, country", [
    # By hand: filed from Beirut, told of Idlib: the Syrian war (Idlib is one of its words);
    # filed from Beirut and told of south Lebanon: the Israel-Lebanon war, in Lebanon.
    ("BEIRUT, March 3 (AFP) - Air strikes on the town of Saraqib in Idlib province killed 12 civilians on Monday.",
     "syria", "SY"),
    ("BEIRUT, March 3 (AFP) - An Israeli drone strike on a car in south Lebanon killed two people on Monday.",
     "israel-gaza-lebanon", "LB"),
])
def test_a_dateline_of_a_city_agencies_file_other_wars_from_does_not_choose_the_war(text, slug, country):
    conflict = choose(Document("t", text, title="Strike kills civilians", published=date(2024, 3, 4)))
    assert (conflict.pack.slug, conflict.country) == (slug, country)


def test_a_syrian_report_keeps_syrian_names():
    report = extract(Document(
        "t", "Syrian army troops clashed with rebels near Idlib on Monday, killing 12 fighters, the Observatory said.",
        published=date(2018, 5, 2),
    ))
    assert (report.conflict, report.country) == ("Syria", "SY")
    assert "Syrian government forces" in {a.canonical for a in report.actors}


def test_a_sudanese_report_never_yields_a_syrian_actor():
    report = extract(Document(
        "t",
        "KHARTOUM, Sudan - Fighting between the army and rebels killed 40 civilians in Omdurman, "
        "the government said. Pro-government fighters and the opposition traded fire.",
        published=date(2024, 6, 1),
    ))
    syrian = {actor["canonical"] for actor in packs()["syria"].actors}
    assert report.conflict != "Syria" and report.country == "SD"
    assert not {a.canonical for a in report.actors} & syrian


def test_no_evidence_no_pack_and_soldiers_stay_generic():
    report = extract(Document("t", "Gunmen killed four soldiers at a checkpoint on Monday, officials said."))
    assert (report.conflict, report.country) == (None, None)
    soldiers = [a for a in report.actors if a.name.lower() == "soldiers"]
    assert soldiers and all(a.canonical is None and a.side == "government" for a in soldiers)


def test_a_pack_is_not_chosen_outside_its_war():
    text = "GAZA CITY (Reuters) - An air strike killed five people in Khan Younis, Gaza health officials said."
    assert choose(Document("t", text, published=date(2024, 2, 1))).pack.slug == "israel-gaza-lebanon"
    assert choose(Document("t", text, published=date(2014, 7, 20))).pack is None


def test_a_side_depends_on_where_the_fighting_is():
    sentence = "Russian troops shelled the village."
    assert named_actors(sentence, "ukraine-russia", "UA") == {("Russian armed forces", "foreign")}
    assert named_actors(sentence, "ukraine-russia", "RU") == {("Russian armed forces", "government")}


def test_a_neighbour_named_as_a_party_does_not_take_the_report_away():
    text = (
        "Turkish troops and Turkish-backed factions shelled Tal Abyad on Saturday, Turkey's defence ministry said. "
        "Five Kurdish fighters were killed, the Syrian Observatory said."
    )
    conflict = choose(Document("t", text))
    assert (conflict.pack.slug, conflict.country) == ("syria", "SY")


def test_a_country_in_no_pack_gives_no_pack_but_its_country():
    text = "MOGADISHU, Somalia - A car bomb killed seven people near a Somali army base, police said. Al-Qaeda's allies claimed it."
    conflict = choose(Document("t", text))
    assert conflict.country == "SO"
    assert conflict.pack is None or "SO" in conflict.pack.countries


def test_country_codes_are_iso_alpha_2():
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in COUNTRIES)


def test_a_plugin_package_adds_its_packs(tmp_path, monkeypatch):
    from importlib import metadata

    from warmonitor import packs as data_packs

    folder = tmp_path / "madeup_packs"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "ruritania.toml").write_text(
        'name = "Ruritania"\ncountries = ["RU"]\nsince = "2030-01-01"\n'
        '[[actors]]\ncanonical = "Black Michael\'s guard"\ntype = "militia"\nside = "opposition"\naliases = ["black guard"]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    plugin = metadata.EntryPoint(name="madeup", value="madeup_packs", group=data_packs.PLUGIN_GROUP)
    monkeypatch.setattr(data_packs.metadata, "entry_points", lambda group: [plugin] if group == data_packs.PLUGIN_GROUP else [])
    data_packs.packs.cache_clear()
    try:
        assert packs()["ruritania"].name == "Ruritania" and "syria" in packs()
    finally:
        data_packs.packs.cache_clear()


def test_a_war_of_several_countries_named_alike_leaves_the_country_to_the_places():
    # Burkina Faso and Mali are each named once as the place: the Sahel pack applies, and
    # which of its countries the attack was in is for the places of the whole text to tell.
    text = "Jihadists killed 12 villagers in Burkina Faso on Sunday, days after an ambush in Mali, officials said."
    conflict = choose(Document("t", text, published=date(2023, 5, 2)))
    assert (conflict.pack.slug, conflict.country) == ("sahel", None)
