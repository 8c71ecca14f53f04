"""Dates and periods resolved against the report's date (warmonitor.resolve.dates)."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warmonitor.resolve.dates import Period, ResolvedDate, find_dates, find_period, of_statement, refers_back

SATURDAY = date(2019, 5, 25)  # the seed report's date


def only_date(text: str, reference: date = SATURDAY) -> tuple[date, str]:
    (found,) = find_dates(text, reference)
    assert text[found.span[0] : found.span[1]] == found.expression
    return found.date, found.precision


def period(text: str, reference: date = SATURDAY) -> tuple[date | None, date | None]:
    found = find_period(text, reference)
    assert found is not None, text
    assert text[found.span[0] : found.span[1]] == found.expression
    return found.start, found.end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("killed 47 combatants on Saturday, a monitor said", (date(2019, 5, 25), "day")),
        ("the army on Monday ended a truce", (date(2019, 5, 20), "day")),
        ("Air strikes on Sunday killed 12", (date(2019, 5, 19), "day")),
        ("Saturday morning shelling", (date(2019, 5, 25), "day")),
        ("late on Friday", (date(2019, 5, 24), "day")),
        ("on Tuesday night", (date(2019, 5, 21), "day")),
        ("today", (date(2019, 5, 25), "day")),
        ("earlier today", (date(2019, 5, 25), "day")),
        ("this morning", (date(2019, 5, 25), "day")),
        ("tonight", (date(2019, 5, 25), "day")),
        ("overnight", (date(2019, 5, 25), "day")),
        ("yesterday", (date(2019, 5, 24), "day")),
        ("Last night", (date(2019, 5, 24), "day")),
        ("on 15 April", (date(2019, 4, 15), "day")),
        ("April 15", (date(2019, 4, 15), "day")),
        ("on April 15th", (date(2019, 4, 15), "day")),
        ("on the 15th of April", (date(2019, 4, 15), "day")),
        ("15 April 2017", (date(2017, 4, 15), "day")),
        ("on Oct. 4, 2017", (date(2017, 10, 4), "day")),
        ("Saturday, 25 May 2019", (date(2019, 5, 25), "day")),
        ("on 28 May", (date(2018, 5, 28), "day")),  # after the report: the year before
        ("last week", (date(2019, 5, 13), "week")),
        ("this week", (date(2019, 5, 20), "week")),
        ("earlier this week", (date(2019, 5, 20), "week")),
        ("earlier this month", (date(2019, 5, 1), "month")),
        ("this month", (date(2019, 5, 1), "month")),
        ("last month", (date(2019, 4, 1), "month")),
        ("in April", (date(2019, 4, 1), "month")),
        ("in June", (date(2018, 6, 1), "month")),
        ("in March 2011", (date(2011, 3, 1), "month")),
        ("last year", (date(2018, 1, 1), "year")),
        ("in 2016", (date(2016, 1, 1), "year")),
        ("two days ago", (date(2019, 5, 23), "day")),
        ("12 days ago", (date(2019, 5, 13), "day")),
        ("three weeks ago", (date(2019, 4, 29), "week")),
        ("a month ago", (date(2019, 4, 1), "month")),
        ("eleven years ago", (date(2008, 1, 1), "year")),
    ],
)
def test_dates(text: str, expected: tuple[date, str]) -> None:
    assert only_date(text) == expected


def test_expression_and_span_in_the_whole_text() -> None:
    text = "Clashes killed 47 combatants on Saturday, as troops advanced."
    assert find_dates(text, SATURDAY) == [ResolvedDate(date(2019, 5, 25), "day", "on Saturday", (29, 40))]


def test_dates_in_text_order_and_within_bounds() -> None:
    text = "On Monday a strike hit Idlib; on 20 April another; yesterday a third."
    assert [d.expression for d in find_dates(text, SATURDAY)] == ["On Monday", "on 20 April", "yesterday"]
    start = text.index(";")
    assert [d.expression for d in find_dates(text, SATURDAY, start, text.rindex(";"))] == ["on 20 April"]


def test_the_early_part_of_a_month_ends_on_its_tenth() -> None:
    # By hand: "in early April" starts on 1 April and holds the month's first ten days;
    # "in late April" and "in April" hold the whole month.
    [early] = find_dates("Strikes hit the town in early April.", SATURDAY)
    assert (early.date, early.precision, early.last_day) == (date(2019, 4, 1), "month", date(2019, 4, 10))
    [late] = find_dates("Strikes hit the town in late April.", SATURDAY)
    [whole] = find_dates("Strikes hit the town in April.", SATURDAY)
    assert late.last_day == whole.last_day == date(2019, 4, 30)


def test_year_rollover() -> None:
    new_year = date(2017, 1, 3)  # a Tuesday
    assert only_date("on 28 December", new_year) == (date(2016, 12, 28), "day")
    assert only_date("in December", new_year) == (date(2016, 12, 1), "month")
    assert only_date("last month", new_year) == (date(2016, 12, 1), "month")
    assert only_date("last week", new_year) == (date(2016, 12, 26), "week")
    assert only_date("on Friday", new_year) == (date(2016, 12, 30), "day")
    assert only_date("yesterday", date(2017, 1, 1)) == (date(2016, 12, 31), "day")
    assert only_date("two months ago", new_year) == (date(2016, 11, 1), "month")
    assert period("so far this year", new_year) == (date(2017, 1, 1), new_year)
    assert period("last year", new_year) == (date(2016, 1, 1), date(2016, 12, 31))


def test_29_february_takes_the_latest_leap_year() -> None:
    assert only_date("on 29 February", date(2019, 5, 25)) == (date(2016, 2, 29), "day")


@pytest.mark.parametrize(
    "text",
    [
        "on 31 February",  # no such day
        "as many as 15 may have died",  # "may" in lower case is a verb
        "on 15/04/2017",  # slashed dates are ambiguous
        "killed in 3000 strikes",  # not a year
        "the May offensive",  # a month alone needs "in", "since", an edge...
        "2016 was the deadliest",  # ... and so does a year
        "the year before",  # "the year" only after an edge
        "since January",  # a period, not a date
        "the mayor of Saraqeb on Satur day",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SATURDAY) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the 2014 sarin attack on a suburb", (date(2014, 1, 1), "year")),
        ("blamed for a 2016 chemical attack", (date(2016, 1, 1), "year")),
        ("those who died in the 2012 massacre", (date(2012, 1, 1), "year")),
        ("its 2015 air strike on the bridge", (date(2015, 1, 1), "year")),
        ("the 2011 uprising", (date(2011, 1, 1), "year")),  # a period, read as its year
    ],
)
def test_a_year_before_an_event_noun_dates_it(text: str, expected: tuple[date, str]) -> None:
    assert only_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the 1500 fighters who joined",  # a count: no event noun after it
        "some 2000 people fled",  # no determiner
        "the 2000 attacks on the city",  # plural: a count of attacks
        "it killed 1,429 people",
        "the 2030 offensive",  # after the report's year
        "a 2016 report on the attack",  # the noun is too far
    ],
)
def test_counts_before_nouns_are_not_years(text: str) -> None:
    assert find_dates(text, SATURDAY) == []


def test_since_an_event_of_a_year_is_a_period() -> None:
    assert period("killed since the 2011 uprising") == (date(2011, 1, 1), SATURDAY)


@pytest.mark.parametrize(
    "text, expression, said",
    [
        ("a gas attack killed 300 people, a rights group said on Thursday", "on Thursday", True),
        ("the envoy who on Monday blamed the rebels for the massacre", "on Monday", True),
        ("the ministry told reporters on Monday that", "on Monday", True),
        ("the army said in a statement on Monday", "on Monday", True),
        ("the monitor told Reuters on Friday", "on Friday", True),
        ("the group claimed responsibility on Sunday", "on Sunday", True),
        ("Two men were killed on Tuesday, the monitor said", "on Tuesday", False),
        ("the monitor said 20 people were killed on Sunday", "on Sunday", False),
        ("heavy clashes were reported on Monday", "on Monday", False),  # a passive tells when they happened
        ("the blast claimed 30 lives on Sunday", "on Sunday", False),  # "claimed" lives: it killed
        ("the monitor reported clashes in Hama on Monday", "on Monday", False),
        ("rebels said Monday's attack killed ten", "Monday", False),  # the attack's day
    ],
)
def test_the_day_of_a_statement(text: str, expression: str, said: bool) -> None:
    [found] = find_dates(text, SATURDAY)
    assert found.expression == expression
    assert of_statement(text, found.span) is said


@pytest.mark.parametrize(
    "text, back",
    [
        ("The government denied that attack, which killed 40 people.", True),
        ("The same massacre left 200 wounded.", True),
        ("That same chemical attack wounded 90.", True),
        ("The attack killed 40 people.", False),  # as often today's attack
        ("This attack killed 40 people.", False),
        ("Rebels said that clashes killed 40 people.", False),
    ],
)
def test_a_sentence_that_points_back_to_an_event(text: str, back: bool) -> None:
    assert refers_back(text, 0, len(text)) is back


def test_seed_report() -> None:
    text = resources.files("warmonitor.samples").joinpath("seed-idlib-2019-05-25.txt").read_text("utf-8")
    dates = {d.expression: d.date for d in find_dates(text, SATURDAY)}
    assert dates["on Saturday"] == date(2019, 5, 25)
    assert dates["on Monday"] == date(2019, 5, 20)
    sentences = [s for s in text.splitlines() if s]
    by_words = {words: next(s for s in sentences if words in s) for words in ("end of April", "that same", "in 2011")}
    offset = text.index(by_words["end of April"])
    found = find_period(text, SATURDAY, offset, offset + len(by_words["end of April"]))
    assert found == Period(date(2019, 4, 30), SATURDAY, "since the end of April", found.span)
    assert text[found.span[0] : found.span[1]] == "since the end of April"
    assert period(by_words["that same"]) == (None, None)
    assert period(by_words["in 2011"]) == (date(2011, 1, 1), SATURDAY)
    assert find_period(by_words["in 2011"], SATURDAY).expression.startswith("since it started with the brutal")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("since January", (date(2019, 1, 1), SATURDAY)),
        ("since June", (date(2018, 6, 1), SATURDAY)),
        ("since the end of April", (date(2019, 4, 30), SATURDAY)),
        ("since late February", (date(2019, 2, 28), SATURDAY)),
        ("since the start of the year", (date(2019, 1, 1), SATURDAY)),
        ("since the beginning of the year", (date(2019, 1, 1), SATURDAY)),
        ("since the end of last year", (date(2018, 12, 31), SATURDAY)),
        ("since 2011", (date(2011, 1, 1), SATURDAY)),
        ("since March 2011", (date(2011, 3, 1), SATURDAY)),
        ("since 15 March 2011", (date(2011, 3, 15), SATURDAY)),
        ("since Monday", (date(2019, 5, 20), SATURDAY)),
        ("since yesterday", (date(2019, 5, 24), SATURDAY)),
        ("over the past week", (date(2019, 5, 18), SATURDAY)),
        ("in the past seven days", (date(2019, 5, 18), SATURDAY)),
        ("over the last 10 days", (date(2019, 5, 15), SATURDAY)),
        ("in the past 24 hours", (date(2019, 5, 24), SATURDAY)),
        ("over the past month", (date(2019, 4, 25), SATURDAY)),
        ("over the past two years", (date(2017, 5, 25), SATURDAY)),
        ("this year", (date(2019, 1, 1), SATURDAY)),
        ("so far this year", (date(2019, 1, 1), SATURDAY)),
        ("this week", (date(2019, 5, 20), SATURDAY)),
        ("earlier this month", (date(2019, 5, 1), SATURDAY)),
        ("last week", (date(2019, 5, 13), date(2019, 5, 19))),
        ("last month", (date(2019, 4, 1), date(2019, 4, 30))),
        ("last year", (date(2018, 1, 1), date(2018, 12, 31))),
        ("in 2016", (date(2016, 1, 1), date(2016, 12, 31))),
        ("during 2016", (date(2016, 1, 1), date(2016, 12, 31))),
        ("in February", (date(2019, 2, 1), date(2019, 2, 28))),
        ("between March and May", (date(2019, 3, 1), SATURDAY)),  # never after the report
        ("between 2012 and 2014", (date(2012, 1, 1), date(2014, 12, 31))),
        ("from March 2011 to May 2012", (date(2011, 3, 1), date(2012, 5, 31))),
        ("between November and January", (date(2018, 11, 1), date(2019, 1, 31))),
        ("in that same period", (None, None)),
        ("over the same period", (None, None)),
        ("since the war began in 2011", (date(2011, 1, 1), SATURDAY)),
        ("since the start of the conflict in 2011", (date(2011, 1, 1), SATURDAY)),
        ("since Syria's civil war erupted in March 2011", (date(2011, 3, 1), SATURDAY)),
        ("since the start of the Syrian civil war in 2011", (date(2011, 1, 1), SATURDAY)),
        ("since 2011, when the uprising began", (date(2011, 1, 1), SATURDAY)),
        ("since the start of the war", (None, SATURDAY)),  # began, but when is not said
    ],
)
def test_periods(text: str, expected: tuple[date | None, date | None]) -> None:
    assert period(text) == expected


def test_between_months_after_the_report() -> None:
    assert period("between March and May", date(2019, 7, 1)) == (date(2019, 3, 1), date(2019, 5, 31))


def test_first_period_wins() -> None:
    found = find_period("killed 600 since the start of March and 40 over the past week", SATURDAY)
    assert found.expression == "since the start of March"
    assert find_period("on Saturday, 47 fighters were killed", SATURDAY) is None
    assert find_period("the war has killed 250,000 people", SATURDAY) is None


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=120)
    | st.lists(
        st.sampled_from(
            ["on", "since", "the", "end", "of", "in", "April", "May", "may", "15", "2011", "3000", "Monday", "ago",
             "two", "days", "last", "week", "past", "between", "and", "war", "began", "same", "period", "ſept",
             "İ", ",", ".", "  ", "February", "29", "31", "year", "over", "late", "on", "from", "to"]
        ),
        max_size=25,
    ).map(" ".join),
    reference=st.dates(),
    start=st.integers(-130, 130),
    end=st.none() | st.integers(-130, 130),
)
def test_never_raises(text: str, reference: date, start: int, end: int | None) -> None:
    lo, hi, _ = slice(start, end).indices(len(text))
    for found in find_dates(text, reference, start, end):
        assert lo <= found.span[0] < found.span[1] <= hi
        assert text[found.span[0] : found.span[1]] == found.expression
    found = find_period(text, reference, start, end)
    if found is not None:
        assert lo <= found.span[0] < found.span[1] <= hi
        assert text[found.span[0] : found.span[1]] == found.expression
