"""What the words around a claim say about it: its scope, its status, its repeats.

- scope: a figure is an incident toll unless a time expression makes it a total over a
  period ("since the end of April", "this year"); the nearest expression wins.
- status: a figure introduced as an older toll ("updating a previous toll of 112") is
  superseded.
- repeats: the same figure told twice (headline and body, lead and later paragraph) is
  one claim, kept where it is told most fully.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..packs import read_data
from ..records import Claim
from .lexicon import Lexicon
from .tokens import Token

_SUPERSEDED_REACH = 10
# No single attack or day of fighting kills this many: such a figure is a war's total
# ("More than 300000 people have been killed"), even when its period is told elsewhere.
_WAR_TOTAL_MIN = 10_000
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# Small figures recur as separate incidents ("two children", then "two more civilians");
# a figure this large told twice in one report is the same figure.
_REPEAT_MIN_COUNT = 10
# ... and a small figure told again within this many sentences is usually the same one.
_REPEAT_SENTENCES = 3


@cache
def _time_data() -> dict:
    return read_data("time_en.toml")


@cache
def _time_patterns() -> tuple[list[re.Pattern], list[re.Pattern]]:
    data = _time_data()
    return [re.compile(p) for p in data["aggregate"]], [re.compile(p) for p in data["incident"]]


@cache
def _running_total() -> list[re.Pattern]:
    return [re.compile(p) for p in _time_data()["running_total"]]


def scope(tokens: list[Token], quantity_start: int, count: int | None) -> str:
    """ "aggregate" when the nearest time expression names a period, or when a sentence
    with no time expression tells a running total of fighting that goes on ("327 people
    have been killed in fighting in the province"); else "incident"."""
    if count is not None and count >= _WAR_TOTAL_MIN:
        return "aggregate"
    aggregate, incident = _time_patterns()
    words = [t.lower for t in tokens]
    joined = " ".join(words)
    offsets = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    here = offsets[quantity_start] if quantity_start < len(offsets) else position
    nearest_aggregate = _nearest(aggregate, joined, here)
    if nearest_aggregate is None:
        running = all(p.search(joined) for p in _running_total()) and _nearest(incident, joined, here) is None
        return "aggregate" if running else "incident"
    nearest_incident = _nearest(incident, joined, here)
    if nearest_incident is not None and nearest_incident < nearest_aggregate:
        return "incident"
    return "aggregate"


def _nearest(patterns: list[re.Pattern], joined: str, here: int) -> int | None:
    distances = [
        min(abs(m.start() - here), abs(m.end() - here))
        for pattern in patterns
        for m in pattern.finditer(joined)
    ]
    return min(distances) if distances else None


def status(tokens: list[Token], quantity_start: int, lex: Lexicon) -> str:
    """ "superseded" when the figure is introduced as an earlier toll."""
    for k in range(max(0, quantity_start - _SUPERSEDED_REACH), quantity_start):
        if lex.superseded.match(tokens, k):
            return "superseded"
    return "current"


@dataclass(frozen=True)
class FoundClaim:
    """A claim as read, with where it was told (sentence number) and whether it adds to
    figures told before ("two more civilians") rather than repeating one."""

    claim: Claim
    sentence: int
    announced_as_new: bool = False
    weekday: str | None = None  # the day its sentence names, if any
    part_of: tuple[int | None, str] | None = None  # (count, outcome) of the total it is a sub-count of


def drop_repeats(found: list[FoundClaim], title_span: tuple[int, int] | None) -> list[Claim]:
    """Keep each figure once: the body's statement over the headline's, the fullest over the rest.

    A figure repeats another when both give the same count and outcome and either the
    figure is large (two reports of "126 killed" in one article are one toll), or the two
    are told within a few sentences of each other and the later one is not announced as
    new ("Eight civilians were injured ... leaving eight people injured").
    """
    in_title = [f for f in found if title_span and f.claim.span[1] <= title_span[1]]
    body = [f for f in found if f not in in_title]
    kept = [f for f in in_title if not any(_same_count(f.claim, b.claim) for b in body)] + body
    result = []
    for item in kept:
        twins = [other for other in kept if _repeats(item, other)]
        fullest = max(twins, key=lambda f: (len(f.claim.quote), -f.claim.span[0]), default=item)
        if fullest is item:
            result.append(item.claim)
    return sorted(result, key=lambda c: c.span)


def _same_count(a: Claim, b: Claim) -> bool:
    if a.count is None or b.count is None:
        return a.count is None and b.count is None and a.vague == b.vague and a.outcome == b.outcome
    return (a.count, a.outcome) == (b.count, b.outcome)


def _repeats(a: FoundClaim, b: FoundClaim) -> bool:
    """Is ``b`` the same figure as ``a`` (``a`` itself included)?"""
    if a is b:
        return True
    x, y = a.claim, b.claim
    if x.count is None or not _same_count(x, y) or (x.high, x.status) != (y.high, y.status):
        return False
    if x.count >= _REPEAT_MIN_COUNT and x.scope == y.scope:
        return True
    if a.part_of is not None and a.part_of == b.part_of:  # "including two medics", told with its total twice
        return True
    later = a if a.sentence > b.sentence else b
    close = abs(a.sentence - b.sentence) <= _REPEAT_SENTENCES and a.sentence != b.sentence
    groups_agree = x.group == y.group or "unspecified" in (x.group, y.group)
    other_day = a.weekday and b.weekday and a.weekday != b.weekday
    return close and groups_agree and not other_day and not later.announced_as_new


def weekday(tokens: list[Token]) -> str | None:
    """The day of the week a sentence names ("on Sunday"), to tell two incidents apart."""
    return next((t.lower for t in tokens if t.lower in _WEEKDAYS), None)
