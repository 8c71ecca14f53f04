"""A long report must cost time in proportion to its length (issue 12, item 1).

Placing a report's events read every place for every event, and locating a place read
every other place of the report: 1 MB took 16 s, 10 MB ran past 400 s. Here the resolve
stage runs on an invented report of one event per sentence at two lengths, four times
apart: linear time gives a ratio near 4, the old quadratic steps gave more than 10.
"""

from __future__ import annotations

import cProfile
import pstats
import re

from warmonitor.extract.tokens import sentence_spans
from warmonitor.records import ActorMention, Document, Event, Report
from warmonitor.resolve import resolve
from warmonitor.resolve.gazetteer import open_gazetteer

TOWNS = ["Aleppo", "Idlib", "Hama", "Homs", "Daraa", "Raqqa", "Douma", "Manbij", "Saraqeb", "Afrin"]
LINES = [
    "Shelling by government forces on {a} killed {n} people on Monday, a monitor said.",
    "The village of Tell Sukkar near {a} was hit for the {n}th time, residents of {b} said.",
    "Rebel fighters said they took {n} checkpoints around {a} after clashes in {b} province.",
    "Families left {a} for {b} as bread ran short; {n} of them reached the border.",
]
SIDES = re.compile(r"government forces|Rebel fighters")


def invented_report(size: int) -> Report:
    """A report of about ``size`` characters, one event to a sentence, its sides as actors."""
    lines, length, k = [], 0, 0
    while length < size:
        line = LINES[k % len(LINES)].format(a=TOWNS[k % len(TOWNS)], b=TOWNS[(k * 7 + 3) % len(TOWNS)], n=k % 50 + 2)
        lines.append(line)
        length += len(line) + 1
        k += 1
    text = "\n".join(lines)
    actors = [ActorMention(m.group(), m.span(), None, None, None) for m in SIDES.finditer(text)]
    events = [Event(type="shelling", evidence=[span]) for span in sentence_spans(text)]
    return Report(document=Document(id="long", text=text), events=events, actors=actors)


def resolve_calls(report: Report, gazetteer) -> int:
    """How many Python function calls resolving the report makes: a count of work that,
    unlike a timing, a busy machine does not change (bench/long_report.py times it)."""
    profile = cProfile.Profile()
    profile.runcall(resolve, report, gazetteer)
    return pstats.Stats(profile).total_calls


def test_resolving_a_report_four_times_longer_takes_about_four_times_the_work():
    gazetteer = open_gazetteer()
    short, long = invented_report(100_000), invented_report(400_000)
    resolve(short, gazetteer)  # the gazetteer's caches warm up
    ratio = resolve_calls(long, gazetteer) / resolve_calls(short, gazetteer)
    assert ratio < 5, f"4x the length took {ratio:.1f}x the calls"


def test_every_event_still_gets_the_places_of_its_sentence():
    report = resolve(invented_report(2_000), open_gazetteer())
    first = report.events[0]  # "Shelling by government forces on Aleppo killed 2 people on Monday, ..."
    assert [p.name for p in first.places] == ["Aleppo"]
    second = report.events[1]  # "The village of Tell Sukkar near Idlib was hit ..., residents of Aleppo said."
    assert [p.name for p in second.places] == ["Tell Sukkar", "Idlib", "Aleppo"]
