"""Datelines: the date a report gives for itself, in the forms wire copy and sites use."""

from __future__ import annotations

from datetime import date

import pytest

from warmonitor.ingest.dateline import find_dateline, parse_row_date, publication_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tue 07 Mar 2017 Doctors in Hama treat wounded from overnight shelling", date(2017, 3, 7)),
        ("Fri 14 Oct 2016 at 1127 At least 17 Syrian soldiers were killed", date(2016, 10, 14)),
        ("17-08-2016 Woman killed 6 Civilians Injured in Rocket Attacks", date(2016, 8, 17)),
        ("4-11-2013 Gunmen in Syria Claim Killing 12 Guards", date(2013, 11, 4)),
        ("14.03.2018(updated 1210 14.03.2018) Get short URL 230 A rocket", date(2018, 3, 14)),
        (
            "Date of publication 19 November 2016 Helicopters dropped four barrels",
            date(2016, 11, 19),
        ),
        ("9 March 2015 Wounded crowd the only clinic in the valley town", date(2015, 3, 9)),
        ("2015-03-09 Wounded crowd the only clinic in the valley town", date(2015, 3, 9)),
        ("Published March 17 2015 Four women were among at least 37", date(2015, 3, 17)),
        ("Posted on June 8 2017 by Levant Desk English Three Killed", date(2017, 6, 8)),
        ("Tue Nov 12 2013 Roadside bomb kills three in Homs.", date(2013, 11, 12)),
        ("Thursday 14 April 2016 09:52 Questions over the Convoy Raid", date(2016, 4, 14)),
        ("Last updated at Mar 142018 ALEPPO A drone strike killed 6", date(2018, 3, 14)),
        ("DAMASCUS, Sept. 3rd, 2019 - Shelling killed two", date(2019, 9, 3)),
        (
            "Gunmen kill 7 farmers near Hama Monitor AFP Tuesday 17 Mar 2015",
            date(2015, 3, 17),
        ),
    ],
)
def test_dateline_forms(text: str, expected: date) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Clashes between army troops and rebels in southern Syria killed 47 combatants.",
        "31-02-2016 is not a day, nor is 2016-13-01.",
        "The conflict has killed more than 250,000 people since 2012.",
        "Air strikes on Saturday, 4/5/2017, killed 12.",  # month or day first? not guessed
        "BEIRUT, May 25 (Reuters) - Air strikes killed 12.",  # no year and nothing to take it from
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_only_the_head_is_read() -> None:
    assert find_dateline("x " * 100 + "12 February 2015") is None


def test_wire_dateline_takes_its_year_from_the_fallback() -> None:
    text = "BEIRUT, May 25 (Reuters) - Air strikes killed 12."
    assert publication_date(text, date(2019, 5, 26)) == date(2019, 5, 25)
    assert publication_date("DAMASCUS, Syria, Dec. 31 (AP) — A blast", date(2020, 1, 2)) == date(
        2019, 12, 31
    )


def test_fallbacks_in_order() -> None:
    text = "Shelling killed two people."
    assert publication_date(text, None, date(2016, 1, 8)) == date(2016, 1, 8)
    assert publication_date(text, date(2016, 1, 9), date(2016, 1, 8)) == date(2016, 1, 9)
    assert publication_date(text) is None
    assert publication_date("12 February 2015 " + text, date(2016, 1, 9)) == date(2015, 2, 12)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("4/5/2017", date(2017, 4, 5)),
        ("12/31/2016", date(2016, 12, 31)),
        ("2017-04-05", date(2017, 4, 5)),
        ("2017-04-05T10:00:00Z", date(2017, 4, 5)),
        ("", None),
        ("yesterday", None),
        ("31/12/2016", None),
    ],
)
def test_row_dates(value: str, expected: date | None) -> None:
    assert parse_row_date(value) == expected
