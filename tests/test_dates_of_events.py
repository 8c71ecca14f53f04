"""An event's date from invented reports, worked out by hand (docs/events.md, "Dates")."""

from datetime import date

from warmonitor.extract import extract
from warmonitor.records import Document
from warmonitor.resolve import resolve


def main_event(text, published=None):
    report = resolve(extract(Document(id="t", text=text, published=published)))
    return next(e for e in report.events if e.claims)


def test_a_weekday_in_a_report_with_no_date_gives_no_date():
    event = main_event("Rebels shelled the market of Dorvan on Monday, killing 9 people.")
    assert (event.date, event.date_precision) == (None, None)


def test_a_day_without_its_year_in_a_report_with_no_date_gives_no_date():
    event = main_event("Rebels shelled the market of Dorvan on August 24, killing 9 people.")
    assert event.date is None


def test_a_day_written_with_its_year_dates_a_report_with_no_date():
    event = main_event("Rebels shelled the market of Dorvan on 20 January 2031, killing 9 people.")
    assert (event.date, event.date_precision) == (date(2031, 1, 20), "day")


def test_an_old_year_beside_a_recent_day_does_not_date_the_event():
    text = (
        "Gangs that grew up after the collapse of the monarchy in 1998 fought in the port city "
        "on Monday, killing 11 people."
    )
    event = main_event(text, published=date(2031, 3, 5))  # a Wednesday
    assert (event.date, event.date_precision) == (date(2031, 3, 3), "day")


def test_a_number_in_a_unit_name_does_not_date_the_event():
    event = main_event("Fighters of Brigade 317 clashed with a rival unit, killing 12 people.", date(2031, 3, 5))
    assert (event.date, event.date_precision) == (date(2031, 3, 5), "day")


def test_the_day_of_a_flight_the_violence_caused_is_the_violence_day():
    text = "Helicopters bombed the valley, killing three people and sending hundreds of families fleeing on Monday."
    event = main_event(text, published=date(2031, 3, 5))
    assert event.type == "air_strike"
    assert (event.date, event.date_precision) == (date(2031, 3, 3), "day")


def test_a_month_told_more_exactly_later_is_dated_by_its_day():
    text = (
        "Militiamen massacred villagers in the hills in late June, investigators said. "
        "The inquiry into the 27-28 June massacre found that 90 villagers were shot dead."
    )
    event = main_event(text, published=date(2031, 7, 10))
    assert event.date_precision == "day" and event.date in (date(2031, 6, 27), date(2031, 6, 28))


def test_a_month_with_no_day_told_stays_a_month():
    event = main_event("Militiamen massacred 90 villagers in the hills in late June, investigators said.", date(2031, 7, 10))
    assert (event.date, event.date_precision) == (date(2031, 6, 1), "month")


def test_a_killing_told_when_another_event_happened_takes_its_date():
    text = ("An activist told reporters that 40 men were executed in one day in the town of Abu Hamam "
            "when the militants stormed the town earlier this week.")
    event = main_event(text, published=date(2014, 8, 17))  # a Sunday: this week began on Monday 11 August
    assert (event.date, event.date_precision) == (date(2014, 8, 11), "week")


def test_a_killing_told_after_another_event_keeps_the_reports_day():
    text = "Shelling killed five people in the town of Abu Hamam, medics said, after rebels captured the hill on Monday."
    event = main_event(text, published=date(2014, 8, 17))
    assert (event.date, event.date_precision) == (date(2014, 8, 17), "day")


def test_the_calendar_day_of_the_attack_beats_the_day_a_statement_was_made():
    # By hand: the report of Thursday 13 April 2017 tells what investigators said on
    # Wednesday (the 12th) of an attack "on the 4th of April"; its figure sentence names no
    # date. The attack, and its 87 dead, are of 4 April, not of the statement's day.
    text = ("Scientists concluded that sarin was used in the chemical attack, the ambassador said on Wednesday. "
            "The regime was responsible for a sarin attack on the town of Dorvan on the 4th of April, "
            "the ambassador told the council. At least 87 people died in the attack.")
    event = main_event(text, published=date(2017, 4, 13))
    assert (event.date, event.date_precision) == (date(2017, 4, 4), "day")


def test_a_weekday_told_beside_the_attack_does_not_beat_the_statements_day():
    # By hand: "began on Monday" is a weekday, not a calendar day: the 20 killed stay
    # dated by the statement (Tuesday 14 March 2017), as before.
    text = ("The army said on Tuesday that 20 militants were killed. "
            "The offensive on the town of Dorvan began on Monday.")
    event = main_event(text, published=date(2017, 3, 15))
    assert event.date == date(2017, 3, 14)
