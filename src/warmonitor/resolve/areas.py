"""One event per governorate its figures are told in, and apart from the figures told
over its other places (:func:`split_spread`).

The extractor groups a report's sentences by the kind of violence they tell, not by
where: "Bombs killed two children in Aleppo. Five civilians were also killed by regime
bombs that landed on eastern Ghouta." is one event of bombs, and its toll would be
placed in Aleppo and added up to seven. Once places are read, an event whose figures
are told in sentences that each name places of one governorate's area (Damascus and Rif
Dimashq are one: see :func:`one_area`), two or more areas in all, is split: one event per
area, each with its figures' sentences and the sentences without figures told after
them (the first area's also takes those told before any). An event is left whole when
one of its figure sentences names places of two areas ("strikes on northern Hama and
southern Idlib killed 20": one toll over both) or of none (a headline's "bombs kill
seven" may be the sum of both), or when a figure is a part of a total told in another
sentence (the total counts them together).

Before either, totals over an area — over several governorates, or a day's over a province
whose parts the report tells at its towns — leave their events (:func:`split_area_totals`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from ..packs import read_data
from ..records import Aggregate, Claim, Event, Place
from .background import part_told_in
from .gazetteer import one_area
from .names import names_its_region

Span = tuple[int, int]


@cache
def _spread_over() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_data("places_en.toml")["spread_over"]), re.IGNORECASE)


def split_spread(text: str, event: Event, places_in: Callable[[list[Span]], list[Place]]) -> list[Event]:
    """``event``, or its figures told over other places of an area than its town ("a further
    nine were killed in strikes on various other areas of Idlib province", "Elsewhere in
    Syria, 12 were killed in strikes on Ain Tarma") apart from the rest, each such sentence
    a part of its own: those dead are not the toll of the town the event's other figures
    are told in ("four medical staff were killed in Maarzita"), nor is that town where they
    died. Only a sentence that names where it tells of moves: "Another five were killed in
    two other districts" is of the place told before, and "Elsewhere, rescuers found the
    bodies of three children" may be the same dead. An event whose every figure is so told
    is left whole."""
    figures = sorted(c.span[0] for c in event.claims)
    with_figures = [s for s in event.evidence if any(s[0] <= f < s[1] for f in figures)]
    spread = [
        sentence for sentence in with_figures
        if _spread_over().search(text, *sentence) and not _part_of_a_total_elsewhere(event, sentence)
        and any(p.admin1 for p in places_in([sentence]))
    ]
    if not spread or len(spread) == len(with_figures):
        return [event]
    rest = [s for s in event.evidence if s not in spread]
    return [part_told_in(event, rest), *(part_told_in(event, [s]) for s in spread)]


# Characters between two places of one list ("Idlib and Aleppo", "Hama & Homs", "Homs, Hama"):
# a sentence's places are seen by their spans alone, and a list's joiners are short (so is
# the "to" of "from Aleppo to Idlib": a route between two governorates is in neither).
MAX_LIST_GAP = len(" and ")


@cache
def _day_total_over() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_data("places_en.toml")["day_total_over"]), re.IGNORECASE)


def split_area_totals(
    text: str, events: list[Event], places_in: Callable[[list[Span]], list[Place]],
) -> tuple[list[Event], list[Aggregate]]:
    """The events without their figures that are totals over an area, not one attack's
    toll, and those figures as aggregates. In a sentence naming no town:

    - a figure told over several governorates ("six civilians were killed in rocket
      attacks on Aleppo and Idlib", :func:`over_several_areas`) when the report gives
      figures at towns of them ("four were killed when shells hit the Midan
      neighbourhood"): the dead of several attacks, told apart. Without parts told, such a
      total stays an event's toll, of no governorate (see docs/store.md);
    - a day's total over a whole area ("120 fighters were killed in a series of air
      strikes in Syria over the past 24 hours") when the report gives figures at towns of
      that area in other sentences ("some 40 were killed around the town of Albu Kamal"):
      those are its parts, each an attack of its own. A day's total whose parts the report
      does not tell stays its event's toll;
    - a headline that retells such a day's total ("Russia says it kills 180" over "120
      fighters and 60 mercenaries": its killed add up to the total's).

    Published as one attack's toll, such a total would be a province's day placed at one
    of its villages, or counted beside its parts. Its sentence stays the events' (it may
    be what dates them)."""
    claims = sorted(((c, e) for e in events for c in e.claims), key=lambda pair: pair[0].span)
    starts = [c.span[0] for c, _ in claims]  # a long report has thousands: found by bisection

    def told_in(sentence: Span) -> list[tuple[Claim, Event]]:
        return claims[bisect_left(starts, sentence[0]) : bisect_left(starts, sentence[1])]

    figures = sorted({s for e in events for s in e.evidence if told_in(s)})
    named = {s: places_in([s]) for s in figures}
    towns = {s: [p for p in named[s] if _a_town(p)] for s in figures}
    # A total's sentence names no town, so its parts are the towns of any figure sentence.
    parts_told = _PartsTold([town for found in towns.values() for town in found])
    untowned = [s for s in figures if not towns[s]]
    days = {s for s in untowned if _day_total_over().search(text, *s) and parts_told.inside(_areas(named[s]))}
    days |= {s for s in untowned if _told_in_town_parts(s, named[s], towns, told_in)}
    summed = {_killed(told_in(s)) for s in days} - {0}
    retold = {s for s in untowned if s not in days and _killed(told_in(s)) in summed}
    totals = {  # by claim: two events may hold one sentence
        claim.span: (claim, event, s) for s in sorted(days | retold) for claim, event in told_in(s)
    }
    for s in untowned:
        located = [p for p in named[s] if p.admin1]
        several = [(c, e) for c, e in told_in(s) if over_several_areas(c, located)]
        if several and parts_told.inside(located):
            totals.update({c.span: (c, e, s) for c, e in several})
    if not totals:
        return events, []
    aggregates = [
        Aggregate(claim, source=next((source for source in event.sources if s[0] <= source.span[0] < s[1]), None))
        for _, (claim, event, s) in sorted(totals.items())
    ]
    return [replace(e, claims=[c for c in e.claims if c.span not in totals]) for e in events], aggregates


def _killed(told: list[tuple[Claim, Event]]) -> int:
    """The killed told, less the sub-counts of a figure told with them ("16, including
    three children"); the parts of a total told in another sentence count here."""
    spans = {c.span for c, _ in told}
    return sum(c.count or 0 for c, _ in told if c.outcome == "killed" and c.part_of not in spans)


def _largest_killed(told: list[tuple[Claim, Event]]) -> int:
    """The largest killed figure told: a sentence's toll, whatever sub-counts it breaks out
    ("seven people including two women and a child", "two children were killed")."""
    return max((c.count or 0 for c, _ in told if c.outcome == "killed"), default=0)


def _told_in_town_parts(
    total: Span, named: list[Place], towns: dict[Span, list[Place]], told_in: Callable[[Span], list[tuple[Claim, Event]]],
) -> bool:
    """Is ``total``, a figure told over one province or region ("Sixteen civilians were
    killed across Idlib province"), told again in parts at two or more of its towns in
    other sentences ("In Khan Sheikhun seven were killed", "Another seven were killed in
    Kafr Takharim"; "19 outside Saraqeb and another 23 in Ehsim"), whose killed add up
    to at least half of it and not more? It is then their sum, not the toll of one of
    them. One figure beside two towns ("a commander was killed near Hazano, by the Bab
    al-Hawa crossing") is one part, not a total's parts."""
    areas = {p.admin1 for p in named if p.admin1 and p.precision in ("governorate", "region")}
    if len(areas) != 1 or not (whole := _largest_killed(told_in(total))):
        return False
    (area,) = areas
    parts = [s for s, found in towns.items() if s != total and found and all(p.admin1 == area for p in found)]
    named_towns = {p.canonical or p.name for s in parts for p in towns[s]}
    figures = [c for s in parts for c, _ in told_in(s) if c.outcome == "killed" and c.count and not c.part_of]
    return len(named_towns) > 1 and len(figures) > 1 and whole / 2 <= sum(_largest_killed(told_in(s)) for s in parts) <= whole


def _areas(places: list[Place]) -> list[Place]:
    """The governorates, regions and countries among ``places``: what a day's total may be
    told over. Not a city named like its governorate: a city's day ("25 civilians were
    killed in Aleppo city during the past 24 hours") is one day's shelling of one place."""
    return [p for p in places if p.precision in ("governorate", "region", "country")]


class _PartsTold:
    """Whether the report gives figures at towns inside an area: the governorates and
    countries of the towns of its figure sentences, gathered once."""

    def __init__(self, towns: list[Place]) -> None:
        self._admin1 = {town.admin1 for town in towns}
        self._countries = {town.country for town in towns}

    def inside(self, areas: list[Place]) -> bool:
        """Is a town inside one of ``areas`` (its governorate, else its country)? A total
        naming no area may be of the place told before it, not a sum over the report's towns."""
        return any(area.admin1 in self._admin1 if area.admin1 else area.country in self._countries for area in areas)


def _a_town(place: Place) -> bool:
    """A place smaller than a governorate that is not named like one ("Deir Ezzor" may be
    the province), or a place the gazetteer lacks."""
    return (place.precision in ("locality", "district") or place.canonical is None) and not names_its_region(place)


def _part_of_a_total_elsewhere(event: Event, sentence: Span) -> bool:
    """Is a figure of ``sentence`` a part of a total told in another sentence? The total
    then counts it, wherever it was."""
    start, end = sentence
    return any(c.part_of and not start <= c.part_of[0] < end for c in event.claims if start <= c.span[0] < end)


def split_by_area(event: Event, places_in: Callable[[list[Span]], list[Place]], home: str | None) -> list[Event]:
    """``event``, or its parts told in different governorates' areas of the report's
    country ``home`` (a place abroad is where a figure was told: "the ministry in Moscow
    said"), in text order."""
    if home is None:
        return [event]
    areas = _areas_of_figures(event, lambda spans: [p for p in places_in(spans) if p.country == home])
    if len(set(areas.values())) < 2 or _parts_told_apart(event):
        return [event]
    groups: dict[frozenset[str], list[Span]] = {}
    current = next(iter(areas.values()))  # the first area also takes the sentences told before it
    for sentence in sorted(event.evidence):
        current = areas.get(sentence, current)
        groups.setdefault(current, []).append(sentence)
    return [part_told_in(event, sentences) for sentences in groups.values()]


def _areas_of_figures(event: Event, places_in: Callable[[list[Span]], list[Place]]) -> dict[Span, frozenset[str]]:
    """The area of each sentence with a figure, in text order, when each names places of
    exactly one area or, naming none, follows one that does ("Three fighters were killed
    in Albu Kamal. A number of others were also killed." tells of Albu Kamal); else empty.
    A figure sentence naming no place before any that does may be the sum of the places
    told after it (a headline's "bombs kill seven"), and one told after them that sums
    them up ("In all, seven were killed") is their total: the event is then left whole."""
    found: dict[Span, frozenset[str]] = {}
    unplaced: list[Span] = []
    for sentence in sorted(event.evidence):
        if not any(sentence[0] <= c.span[0] < sentence[1] for c in event.claims):
            continue
        areas = {one_area(p.admin1) for p in places_in([sentence]) if p.admin1}
        if len(areas) > 1 or (not areas and not found):
            return {}
        if areas:
            found[sentence] = areas.pop()
        else:
            unplaced.append(sentence)
            found[sentence] = found[max(found)]
    if len(set(found.values())) > 1 and any(_sums_up(event, s, found) for s in unplaced):
        return {}
    return found


def _sums_up(event: Event, sentence: Span, placed: dict[Span, frozenset[str]]) -> bool:
    """Does ``sentence`` give as many killed as the event's other figure sentences, told
    before it, together?"""
    def killed(span: Span) -> int:
        return _killed([(c, event) for c in event.claims if span[0] <= c.span[0] < span[1]])

    told = killed(sentence)
    return told > 0 and told == sum(killed(s) for s in placed if s < sentence)


def _parts_told_apart(event: Event) -> bool:
    """Is a figure a part of a total told in another sentence of the event?"""
    def sentence_of(span: Span) -> Span | None:
        return next((s for s in event.evidence if s[0] <= span[0] < s[1]), None)

    return any(c.part_of and sentence_of(c.part_of) != sentence_of(c.span) for c in event.claims)


def over_several_areas(claim: Claim, places: list[Place]) -> bool:
    """Is the figure told over several governorates' areas? Its place is the place of its
    sentence nearest to it (``places``, with their governorates); when that place is one
    of a list of places, each at most MAX_LIST_GAP characters from the next ("on Idlib
    and Aleppo", "in Hama & Homs", "Tartous, Homs and Hasakeh"), of two or more areas (Damascus and Rif Dimashq are one), the figure is their
    total: the dead of one of them cannot be told from it. A town and its governorate
    ("Saraqib, Idlib") are one area, not a list."""
    if not places:
        return False
    ordered = sorted(places, key=lambda p: p.span)
    at = ordered.index(min(ordered, key=lambda p: _distance(p.span, claim.span)))
    first = last = at
    while first > 0 and ordered[first].span[0] - ordered[first - 1].span[1] <= MAX_LIST_GAP:
        first -= 1
    while last + 1 < len(ordered) and ordered[last + 1].span[0] - ordered[last].span[1] <= MAX_LIST_GAP:
        last += 1
    return len({one_area(p.admin1) for p in ordered[first : last + 1]}) > 1


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans of text (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])
