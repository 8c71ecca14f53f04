"""Generic party names are one name across reports: case and number folded."""

from warmonitor.records import ActorMention
from warmonitor.resolve.actors import generic_name, named_by_side, resolve_actor


def mention(name, side=None, canonical=None):
    return ActorMention(name=name, canonical=canonical, type="unidentified armed group", side=side, span=(0, len(name)))


def test_a_generic_name_is_lower_case_and_plural_when_listed_in_both_numbers():
    assert generic_name("Terrorists") == generic_name("terrorist") == generic_name("TERRORIST") == "terrorists"
    assert generic_name("Gunmen") == "gunmen"
    assert generic_name("Police") == "police"  # no "polices": listed once


def test_a_generic_name_without_a_named_actor_of_its_side_keeps_its_side_and_one_spelling():
    resolved = resolve_actor(mention("Jihadist", side="jihadist"), named={})
    assert (resolved.name, resolved.side, resolved.canonical) == ("jihadists", "jihadist", None)
    assert resolved.span == (0, 8)


def test_a_generic_name_takes_the_named_actor_of_its_side():
    named = named_by_side([mention("the Brigade", side="opposition", canonical="Example Brigade")])
    resolved = resolve_actor(mention("rebels", side="opposition"), named)
    assert resolved.canonical == "Example Brigade"
