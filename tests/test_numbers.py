"""Number parsing: digits with and without separators, number words, vague words, qualifiers."""

import pytest
from hypothesis import given, strategies as st
from num2words import num2words

from warmonitor.extract.lexicon import load
from warmonitor.extract.numbers import find_quantities, parse_number
from warmonitor.extract.tokens import tokenize


def quantities(text):
    return find_quantities(tokenize(text), load())


def value_of(text):
    tokens = tokenize(text)
    parsed = parse_number(tokens, 0, load())
    assert parsed is not None and parsed[0] == len(tokens), f"{text!r} not read as one number"
    return parsed[1]


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_and_without_separators(n):
    assert value_of(str(n)) == n
    assert value_of(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_spaces_between_thousands(n):
    assert value_of(f"{n:,}".replace(",", " ")) == n
    assert value_of(f"{n:,}".replace(",", "\u202f")) == n  # a narrow no-break space


@pytest.mark.parametrize(
    "text, counts",
    [
        # the second group has two digits: minutes, not thousands
        ("died 14 35 minutes later", [14, 35]),
        # a four-digit year is no first group
        ("in 2021 300 homes burned", [2021, 300]),
        # a day after its month is a date, not thousands
        ("on March 9 250 families fled", [9, 250]),
    ],
)
def test_numbers_side_by_side_stay_apart(text, counts):
    assert [q.count for q in quantities(text) if not q.singular] == counts


def test_quote_marks_around_a_count_join_it():
    (q,) = [q for q in quantities('the medic counted "nearly sixty" wounded') if not q.singular]
    assert (q.count, q.qualifier) == (60, "nearly")
    assert (q.start, q.end) == (3, 7)  # both quote marks are part of it: the victims come next


@given(st.integers(min_value=1, max_value=999_999))
def test_number_words(n):
    assert value_of(num2words(n).replace(",", "")) == n


@given(st.integers(min_value=1, max_value=999))
def test_number_words_without_and(n):
    assert value_of(num2words(n).replace(" and ", " ")) == n


@pytest.mark.parametrize(
    "text, count",
    [("a dozen", 12), ("half a dozen", 6), ("1.5 million", 1_500_000), ("twenty-three", 23), ("Ten", 10)],
)
def test_written_numbers(text, count):
    assert value_of(text) == count


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("at least 45", "at_least"),
        ("no fewer than 45", "at_least"),
        ("more than 45", "more_than"),
        ("over 45", "more_than"),
        ("nearly 45", "nearly"),
        ("almost 45", "nearly"),
        ("about 45", "about"),
        ("some 45", "about"),
        ("an estimated 45", "about"),
        ("up to 45", "up_to"),
        ("45", "exact"),
    ],
)
def test_qualifier_stands_before_its_number(text, qualifier):
    (q,) = quantities(text)
    assert (q.count, q.qualifier) == (45, qualifier)


def test_ranges_keep_both_bounds():
    (q,) = quantities("10 to 15")
    assert (q.count, q.high) == (10, 15)
    (q,) = quantities("between 10 and 15")
    assert (q.count, q.high) == (10, 15)


def test_plus_suffix_means_more_than():
    (q,) = quantities("20+")
    assert (q.count, q.qualifier) == (20, "more_than")


@pytest.mark.parametrize(
    "word", ["dozens", "scores", "hundreds", "several", "hundreds of thousands", "several dozen", "a few hundred"]
)
def test_vague_quantities_have_no_count(word):
    (q,) = quantities(word)
    assert q.count is None and q.vague == word


def test_dates_written_with_separators_are_not_quantities():
    assert [q.count for q in quantities("23-04-2016") if not q.singular] == []
    assert [q.count for q in quantities("07.04.2017") if not q.singular] == []
