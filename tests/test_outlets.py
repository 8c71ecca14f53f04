"""Outlets (data/outlets.toml): who owns them, and whose figures they print."""

from warmonitor.outlets import credited, outlets


def test_a_credited_source_wins_over_the_outlet():
    assert credited("Syrian Observatory for Human Rights", "sana", 7) == "Syrian Observatory for Human Rights"


def test_an_outlet_that_speaks_for_a_body_credits_the_body():
    assert credited(None, "SANA", 7) == "SANA"
    assert credited(None, "etilaf", 7) == "Syrian National Coalition"


def test_any_other_outlet_is_its_own_source_and_no_outlet_is_the_document():
    assert credited(None, "gamma", 7) == "gamma"
    assert credited(None, None, 7) == "document 7"


def test_every_outlet_names_an_owner_and_a_known_affiliation():
    assert outlets()["sputnik"].affiliation == "state"
    assert all(o.owner and o.affiliation in {"state", "party", "private", "public"} for o in outlets().values())
