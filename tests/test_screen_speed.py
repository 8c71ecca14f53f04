"""A screened expression (extract/screen.py) finds exactly what the expression finds:
it only skips a text that lacks every string a match needs. Checked on every time
expression of data/time_en.toml over the sentences of the bundled samples and over
invented sentences written to hold those expressions."""

import re

import pytest

from warmonitor.extract.doc import read_doc
from warmonitor.extract.screen import Screened, ScreenedGroup
from warmonitor.ingest import read_input
from warmonitor.packs import read_data

SAMPLES = [
    "src/warmonitor/samples/fa-kes-rashidin-2017-04.csv",
    "src/warmonitor/samples/seed-idlib-2019-05-25.txt",
]
INVENTED = [
    "since the end of april 64 soldiers have been killed on this front",
    "over the past three days , 40 people died in the ongoing bombardment of the town",
    "the offensive , which began last week , has killed 40 fighters so far",
    "in a second day of renewed bombing that has killed at least 32 people",
    "the death toll reached 330 overnight , a monitor said on monday that",
    "among the dead were 12 children , killed in a string of airstrikes",
    "a 10 - day siege ; a three-day truce ; a two week period",
    "between 4 and 11 march the clinics received 212 dead",
]


def _time_expressions() -> list[str]:
    data = read_data("time_en.toml")
    return [p for value in data.values() if isinstance(value, list) for p in value if isinstance(p, str)]


def _sentences() -> list[str]:
    found = list(INVENTED)
    for path in SAMPLES:
        for document in read_input(path):
            found += [" ".join(t.lower for t in s.tokens) for s in read_doc(document.text).sentences]
    return found


def test_screened_time_expressions_find_what_the_expressions_find():
    sentences = _sentences()
    for pattern in _time_expressions():
        screened = Screened(pattern)
        for sentence in sentences:
            expected = [m.span() for m in re.finditer(pattern, sentence)]
            assert [m.span() for m in screened.finditer(sentence)] == expected, (pattern, sentence)
            assert bool(screened.search(sentence)) == bool(expected)
            assert screened.sub("#", sentence) == re.sub(pattern, "#", sentence)


def test_most_time_expressions_have_strings_to_screen_with():
    screened = [Screened(p) for p in _time_expressions()]
    assert sum(s.needed is not None for s in screened) >= 0.9 * len(screened)


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"\bsince (?!dawn\b)", {"since "}),
        (r"\b(over|in) (the )?(past|last) (days|weeks)\b", {"past", "last"}),  # the first of the longest
        (r"\bon (monday|tuesday)\b", {"monday", "tuesday"}),
        (r"\b(\w+|\d+) - (day|week)\b", {" - "}),
        (r"(?i)\bsince\b", None),  # case folded: no screen
        (r"\w+", None),  # nothing literal
        (r"(a|\w)b", {"b"}),
    ],
)
def test_needed_strings(pattern, needed):
    screened = Screened(pattern)
    assert (set(screened.needed) if screened.needed is not None else None) == needed


def test_a_screened_group_finds_what_its_expressions_find_in_turn():
    sentences = _sentences()
    patterns = _time_expressions()
    group = ScreenedGroup([Screened(p) for p in patterns])
    for sentence in sentences:
        expected = [m.span() for p in patterns for m in re.finditer(p, sentence)]
        assert [m.span() for m in group.finditer(sentence)] == expected, sentence
