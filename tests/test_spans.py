"""Positions inside a set of spans, by bisection (warmonitor.spans): the answers of the
plain scan it replaces, worked out by hand."""

from warmonitor.spans import Spans, any_between


def test_a_position_is_inside_when_a_span_holds_it_end_excluded():
    spans = Spans([(30, 40), (0, 10)])  # given out of order
    assert [p in spans for p in (0, 9, 10, 29, 30, 39, 40, -1)] == [True, True, False, False, True, True, False, False]


def test_overlapping_spans_answer_as_their_union():
    spans = Spans([(0, 10), (5, 20), (20, 25), (40, 41)])  # (0, 25) and (40, 41)
    assert [p in spans for p in (4, 12, 19, 20, 24, 25, 39, 40, 41)] == [
        True, True, True, True, True, False, False, True, False,
    ]


def test_a_span_inside_another_does_not_shorten_it():
    spans = Spans([(0, 100), (10, 20)])
    assert 50 in spans and 99 in spans and 100 not in spans


def test_empty_spans_hold_nothing():
    assert 5 not in Spans([(5, 5)]) and 0 not in Spans([])


def test_any_between_finds_a_position_in_the_half_open_range():
    positions = [3, 17, 42]
    assert any_between(positions, 0, 4) and any_between(positions, 17, 18) and any_between(positions, 40, 100)
    assert not any_between(positions, 4, 17) and not any_between(positions, 43, 50) and not any_between([], 0, 9)


def test_a_photo_credit_ends_its_caption():
    # By hand: the caption has no full stop; its bracketed credit, then a capital, ends it.
    # A source's initials in brackets do not ("(SOHR) said"), nor a dateline's "(AFP) -".
    from warmonitor.extract.tokens import sentence_spans

    def sentences(text):
        return [text[a:b] for a, b in sentence_spans(text)]

    assert sentences("Jets at an air base June 18 2031 (TRT World and Agencies) The toll rose to 82.") == [
        "Jets at an air base June 18 2031 (TRT World and Agencies)", "The toll rose to 82."]
    assert sentences("The Observatory (SOHR) said 5 died.") == ["The Observatory (SOHR) said 5 died."]
    assert sentences("BEIRUT (AFP) - Troops advanced.") == ["BEIRUT (AFP) - Troops advanced."]
