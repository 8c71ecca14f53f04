"""A toll told over several governorates is no toll of one of them (issue 9).

Invented reports; the figures a careful monitor would publish are worked out by hand."""

from __future__ import annotations

from pathlib import Path

from test_incidents import export, ingest

# By hand: the Homs market strike of Saturday 10 March killed 20 (report g1). A report of
# Sunday tells, as the day before's news, 60 civilians killed in strikes on Homs and Hama
# together: that is not Homs's toll (the 20 are among them, with Hama's dead), so the
# Homs incident keeps 20, and the 60 stand apart, placed in no governorate.
TWO_PROVINCES = [
    ("g1", "Market strike in Homs", "Air strikes on a market in the city of Homs killed 20 people on Saturday, "
     "the Syrian Observatory for Human Rights said.", "alpha", "2018-03-10"),
    ("g2", "Shelling near Hama", "Rebels shelled a village on Sunday, a day after more than 60 civilians were "
     "killed in government air strikes on Homs and Hama, activists said.", "beta", "2018-03-11"),
]


def test_a_total_over_two_governorates_does_not_become_one_governorates_toll(tmp_path: Path):
    db = str(tmp_path / "store.sqlite")
    ingest(db, tmp_path, TWO_PROVINCES)
    killed = sorted((i["admin1"] or "", i["fatalities"]) for i in export(db) if i["fatalities"])
    assert killed == [("", 60), ("Homs", 20)]
