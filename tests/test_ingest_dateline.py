"""Datelines: the date a report gives for itself, in the forms wire copy and sites use."""

from __future__ import annotations

from datetime import date

import pytest

from warmonitor.ingest.dateline import find_dateline, parse_row_date, publication_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use", date(2017, 4, 5)),
        ("Sun 10 Jul 2016 at 0914 At least 29 Syrian rebels were killed", date(2016, 7, 10)),
        ("23-04-2016 Child killed 9 Civilians Injured in Terrorist Attacks", date(2016, 4, 23)),
        ("6-09-2013 Extremists in Syria Admit Killing 30 Alawites", date(2013, 9, 6)),
        ("05.10.2017(updated 1935 05.10.2017) Get short URL 101 A mortar", date(2017, 10, 5)),
        (
            "Date of publication 26 October 2016 Warplanes carried out six strikes",
            date(2016, 10, 26),
        ),
        ("12 February 2015 Casualties mount in the Eastern Ghouta city", date(2015, 2, 12)),
        ("2015-02-12 Casualties mount in the Eastern Ghouta city", date(2015, 2, 12)),
        ("Published February 23 2015 Ten children were among at least 48", date(2015, 2, 23)),
        ("Posted on April 19 2017 by Asharq Al-Awsat English Six Killed", date(2017, 4, 19)),
        ("Thu Sep 5 2013 Car bomb kills four in Damascus.", date(2013, 9, 5)),
        ("Monday 11 January 2016 18:41 Silence over Russias Crimes", date(2016, 1, 11)),
        ("Last updated at Oct 042017 BEIRUT A Russian air strike killed 38", date(2017, 10, 4)),
        ("DAMASCUS, Sept. 3rd, 2019 - Shelling killed two", date(2019, 9, 3)),
        (
            "Syria forces execute 10 children of alleged rebels Monitor AFP Saturday 21 Feb 2015",
            date(2015, 2, 21),
        ),
    ],
)
def test_dateline_forms(text: str, expected: date) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Clashes between regime loyalists and insurgents in northwest Syria killed 55 combatants.",
        "31-02-2016 is not a day, nor is 2016-13-01.",
        "Syria's conflict has killed more than 370,000 people since 2011.",
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
