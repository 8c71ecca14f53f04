"""The resolve stage: put an extracted report's events in place, in time and on a side.

- places: every place the report names, located in the gazetteer (:mod:`.places`);
  each event takes those of its sentences;
- areas: a total over several governorates, or a day's over a province or country whose
  parts the report tells at its towns, becomes an aggregate of that day and area
  (:mod:`.areas`);
- background: sentences about a time long before the report ("in August 2013") leave
  their event and tell one of their own (:mod:`.background`);
- dates: an event's date is the first date expression in its sentences that belongs to
  it (the nearest event word in that sentence is one of its own: "on Monday scrapped a
  ceasefire" dates the ceasefire, not the advance told in the same sentence) and is not
  the day of a statement ("a rights group said on Tuesday"), else the day of such a
  statement (the violence happened by then), else the report's date; an aggregate's
  period comes from its sentence (:mod:`.dates`);
- actors: generic names take the actor the report names for that side (:mod:`.actors`);
- the report's primary place: where its main event (the most killed; the first on a
  tie) happened; the report's country is that place's, else the one extract gave.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from functools import cache

from ..extract.doc import pieces, read_doc
from ..extract.screen import Screened
from ..packs import read_data
from ..records import Aggregate, Doc, Event, Place, Report
from ..spans import any_between
from .actors import named_by_side, resolve_actor
from .areas import over_several_areas, split_by_area, split_area_totals, split_spread
from .background import split_background
from .dates import Period, find_period, last_day
from .event_dates import event_date
from .gazetteer import Gazetteer, one_area, open_gazetteer
from .names import names_its_region
from .places import DATELINE_REACH, places_and_country

_NUMBER = re.compile(r"\d[\d,]*")
_PLACE_RANK = {"locality": 0, "district": 1, "governorate": 2, "region": 3, "country": 4}


def resolve(report: Report, gazetteer: Gazetteer | None = None) -> Report:
    """The report with places, dates, actors and primary place filled in. A report that
    extract read in pieces (:func:`..extract.doc.pieces`) is resolved piece by piece, each
    as a report of its own (its places, its country), and its primary place chosen among
    all of them in the country most of its pieces are in."""
    gazetteer = gazetteer or open_gazetteer()
    text = report.document.text
    windows = pieces(text)
    if len(windows) == 1:
        resolved = [_resolve_piece(report, report.doc or read_doc(text), gazetteer)]
    else:
        parts = zip(_split(report, windows), windows)
        resolved = [_resolve_piece(part, read_doc(text, *window), gazetteer) for part, window in parts]
    return joined(report, resolved)


def resolve_piece(piece: Report, gazetteer: Gazetteer | None = None) -> Report:
    """One piece of a long report as ``extract.extract_piece`` read it (its Doc kept),
    resolved as a report of its own: its events and aggregates, the places it names and
    the country they are in (as ``country``). :func:`joined` makes the pieces one report."""
    return _resolve_piece(piece, piece.doc, gazetteer or open_gazetteer())


def joined(report: Report, resolved: list[Report]) -> Report:
    """``report`` (as extract gave it) with the events, aggregates and places of its
    pieces ``resolved``, in text order; its primary place chosen among all of them, in
    the country most pieces are in."""
    text = report.document.text
    events = [e for piece in resolved for e in piece.events]
    places = [p for piece in resolved for p in piece.places]
    homes = Counter(piece.country for piece in resolved if piece.country)
    home = homes.most_common(1)[0][0] if homes else None
    primary = _primary_place(events, places, report.document.title or "", _title_span(report), home)
    events = _placed_by_anaphora(events, places, text)
    return replace(
        report, events=_main_event_placed(events, primary, report.document.title or "", text),
        aggregates=[a for piece in resolved for a in piece.aggregates], places=places,
        primary_place=primary, country=(primary.country if primary else None) or home, doc=None,
    )


def _split(report: Report, windows: list[tuple[int, int]]) -> list[Report]:
    """The parts of ``report`` told in each window of its text (the pieces extract read)."""
    starts = [start for start, _ in windows]

    def by_window(items: list, start_of) -> list[list]:
        grouped: list[list] = [[] for _ in windows]
        for item in items:
            grouped[bisect_right(starts, start_of(item)) - 1].append(item)
        return grouped

    claims = by_window(report.claims, lambda c: c.span[0])
    events = by_window(report.events, lambda e: e.evidence[0][0])
    aggregates = by_window(report.aggregates, lambda a: a.claim.span[0])
    sources = by_window(report.sources, lambda s: s.span[0])
    actors = by_window(report.actors, lambda a: a.span[0])
    return [
        replace(report, claims=claims[k], events=events[k], aggregates=aggregates[k], sources=sources[k], actors=actors[k])
        for k in range(len(windows))
    ]


def _resolve_piece(report: Report, doc: Doc, gazetteer: Gazetteer) -> Report:
    """The events and aggregates of the sentences of ``doc`` resolved, the places they
    name, and the country those places were resolved in (as ``country``)."""
    text = report.document.text
    names = [m.span for m in report.actors] + [s.span for s in report.sources] + _keyword_lists(text, doc)
    if report.language == "ar":  # Arabic names are looked up by their Arabic keys (.arabic)
        from .arabic import arabic_places  # imported at the first Arabic report, as its reader is

        places, home = arabic_places(text, doc.spans, gazetteer, not_in=names, country=report.country)
    else:
        places, home = places_and_country(text, doc.sentences, gazetteer, not_in=names, country=report.country)
    named = named_by_side(report.actors)
    by_start = _PlacesByStart(places)
    told, day_totals = split_area_totals(text, report.events, by_start.within)
    told = [
        part for event in told
        for dated in split_background(text, event, report.document.published, dateline_reach=DATELINE_REACH)
        for spread in split_spread(text, dated, by_start.within)
        for part in split_by_area(spread, by_start.within, home)
    ]
    split = replace(report, events=told)
    events = [_resolve_event(split, event, by_start, named, home) for event in told]
    totals = sorted(report.aggregates + day_totals, key=lambda a: a.claim.span)
    aggregates = _resolve_aggregates(replace(report, aggregates=totals), doc.spans, by_start)
    return replace(report, events=events, aggregates=aggregates, places=places, country=home, doc=None)


@cache
def _keyword_list() -> Screened:
    labels = "|".join(map(re.escape, read_data("places_en.toml")["keyword_list_labels"]))
    word = r"[^\W\d_][\w'’()-]*"
    prose = rf"\s+[A-Z][\w'’-]*\s+[a-z][\w'’-]*\s+[a-z]"  # a capitalised word, then two in lower case
    return Screened(rf"\b(?:{labels})\b(?:(?!{prose})\s+{word}){{1,30}}")


def _keyword_lists(text: str, doc: Doc) -> list[tuple[int, int]]:
    """The spans of a page's keyword lists run into the sentences of ``doc``, a piece of
    ``text`` (``keyword_list_labels``): their names place nothing. Only the piece is read:
    a report of megabytes is resolved in some fifty pieces; and only a text that holds a
    label ("Tags"), which few do: the expression gives the engine no first character to
    look for, so it is tried at every position of the text."""
    if not doc.sentences:
        return []
    keyword_list, start, end = _keyword_list(), doc.sentences[0].start, doc.sentences[-1].end
    if not keyword_list.may_match(text[start:end]):
        return []
    return [m.span() for m in keyword_list.pattern.finditer(text, start, end)]


class _PlacesByStart:
    """A report's places sorted by where they start, so that those inside a span are found
    without reading them all: a report of megabytes names tens of thousands of places and
    has thousands of events, and reading every place for every event took hours."""

    def __init__(self, places: list[Place]) -> None:
        self._places = places
        self._order = sorted(range(len(places)), key=lambda i: places[i].span[0])
        self._starts = [places[i].span[0] for i in self._order]

    def within(self, spans: list[tuple[int, int]]) -> list[Place]:
        """The places that start inside one of ``spans``, in the report's order."""
        found: set[int] = set()
        for start, end in spans:
            found.update(self._order[bisect_left(self._starts, start) : bisect_left(self._starts, end)])
        return [self._places[i] for i in sorted(found)]


def _resolve_event(report: Report, event: Event, places: _PlacesByStart, named: dict, home: str | None) -> Event:
    date, precision, expression = (
        (event.date, event.date_precision, event.date_expression) if event.date or event.recalled  # dated by its background
        else event_date(report, event, DATELINE_REACH)
    )
    return replace(
        event,
        places=_where(event, [p for p in places.within(event.evidence) if not _origin(report.document.text, p)], home),
        actor1=resolve_actor(event.actor1, named),
        actor2=resolve_actor(event.actor2, named),
        date=date, date_precision=precision, date_expression=expression,
    )


def _where(event: Event, places: list[Place], home: str | None) -> list[Place]:
    """The places of an event's sentences, less whole countries abroad when they are all
    it names and it has no figure: such a sentence names a party ("The United States
    accused ... and fired missiles"), a source's seat ("a charity based in Germany") or
    what a group did elsewhere long ago ("IS seized swathes of Syria" in a report from
    Iraq), not where the report's news happened. A region of a country ("northern Iraq")
    or a town abroad stays, and so does any place of an event with a figure."""
    if home is None or event.claims or not places:
        return places
    if all(p.precision == "country" and p.canonical and p.country != home for p in places):
        return []
    return places


@cache
def _origin_phrases() -> tuple[str, ...]:
    return tuple(read_data("places_en.toml")["origin_phrases"])


def _origin(text: str, place: Place) -> bool:
    """Is ``place`` named as where a person comes from ("a native of Kazakhstan")?"""
    before = " ".join(text[max(0, place.span[0] - 24) : place.span[0]].lower().split())
    return before.endswith(_origin_phrases())


def _resolve_aggregates(report: Report, sentences: list[tuple[int, int]], places: _PlacesByStart) -> list[Aggregate]:
    reference = report.document.published
    text = report.document.text
    resolved: list[Aggregate] = []
    previous: Period | None = None
    for aggregate in report.aggregates:
        sentence = _sentence_of(aggregate.claim.span, sentences)
        period = find_period(text, reference, *sentence) if reference else None
        if period and period.start is None and period.end is None and previous:  # "in that same period"
            period = replace(previous, expression=period.expression, span=period.span)
        previous = period or previous
        area = next((p for p in places.within([sentence]) if not _agent(text, p)), None)
        resolved.append(replace(
            aggregate,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            period_expression=period.expression if period else None,
            area=area,
        ))
    return resolved


def _sentence_of(span: tuple[int, int], sentences: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence ``span`` starts in (``sentences`` are in order and apart), else ``span``."""
    k = bisect_right(sentences, (span[0], float("inf"))) - 1
    return sentences[k] if k >= 0 and sentences[k][0] <= span[0] < sentences[k][1] else span


def _agent(text: str, place: Place) -> bool:
    """ "bombardment by Damascus": a capital standing for its government, not an area."""
    return text[max(0, place.span[0] - 12) : place.span[0]].rstrip().lower().endswith((" by", "backer"))


def _town_within(area: Place, places: list[Place]) -> Place | None:
    """The town the report names inside ``area`` (its main event's most precise place,
    a governorate, region or country), when the main event's own sentences name none:
    the first town of the area, or village the gazetteer lacks that the text names as one
    ("the commune of Mozogo" a sentence on, in the same division and country)."""
    return next(
        (p for p in places
         if p.admin1 == area.admin1 and p.country == area.country and p.name != area.name and _is_town(p)),
        None,
    )


def _is_town(place: Place) -> bool:
    """A locality not named like its province, or a place the gazetteer lacks that the
    text names as one ("the town of Al-Quriyah", "the commune of Mozogo")."""
    return (place.precision == "locality" or place.canonical is None) and not names_its_region(place)


def _main_event_placed(events: list[Event], primary: Place | None, headline: str, text: str) -> list[Event]:
    """The events, the main one placed in the report's town when its own sentences name
    no place but the country ("the toll from an attack on a rebel-held Syrian town has
    risen to 86", the town named a paragraph on). Only a town: a governorate may be where the report's
    other events were, and a toll told of no place may be the whole country's. An event
    told "in northwest Syria" keeps that: its fighting may be in many towns; unless its
    figures are told of one town it does not name ("killed 47 people in a militant-held
    town in eastern Syria"), which is then the report's town."""
    main = _main_event(events, headline)
    if main is None or not main.claims or primary is None or not primary.admin1 or not _is_town(primary):
        return events
    if any(p.admin1 for p in main.places):
        return events
    regions = any(p.precision != "country" for p in main.places)  # "in northwest Syria": it names where, if roughly
    if regions and not _told_of_a_town(main, text):
        return events
    return [replace(e, places=[*e.places, primary]) if e is main else e for e in events]


@cache
def _a_town() -> re.Pattern:
    """ "a (militant-held) town", "an IS-held village": one place of a kind, not named."""
    kinds = "|".join(re.escape(h) for h in read_data("places_en.toml")["anaphora_heads"])
    return re.compile(rf"\ban? (?:[\w'’-]+ ){{0,3}}?(?:{kinds})\b(?! of\b)", re.IGNORECASE)


def _told_of_a_town(event: Event, text: str) -> bool:
    """Is one of the event's figures told in a sentence that tells it of "a town"?"""
    figures_at = sorted(c.span[0] for c in event.claims)
    return any(any_between(figures_at, start, end) and _a_town().search(text, start, end) for start, end in event.evidence)


@cache
def _anaphora() -> tuple[re.Pattern, frozenset[str]]:
    """The pattern of a place told again by its kind ("the town", "the Old City"), and the
    kinds that may be a city named like its province."""
    data = read_data("places_en.toml")
    heads = "|".join(re.escape(h) for h in data["anaphora_heads"])
    modifiers = "|".join(re.escape(m) for m in data["anaphora_modifiers"])
    pattern = re.compile(rf"\b(?:the|that|this) (?:(?:{modifiers}) )?(?P<head>{heads})\b(?! of\b)", re.IGNORECASE)
    return pattern, frozenset(data["anaphora_cities"])


def _placed_by_anaphora(events: list[Event], places: list[Place], text: str) -> list[Event]:
    """An event with figures whose sentences name no place below the country but tell it
    "in the town" (no name: not "the town of X") is in the town the report named last
    before that sentence: "... air strikes on Talbisseh. On Monday air strikes killed 23
    people in the town." "The city" may also be a city named like its province ("Aleppo
    ... a tunnel in the Old City"), which "the town" is not ("Idlib" may be the province)."""
    towns = sorted((p for p in places if p.admin1 and (p.precision == "locality" or p.canonical is None)),
                   key=lambda p: p.span[0])
    if not towns:
        return events
    starts = [p.span[0] for p in towns]
    placed = []
    for event in events:
        if event.claims and not any(p.precision != "country" for p in event.places):
            town = _town_told_before(event, towns, starts, text)
            if town is not None:
                event = replace(event, places=[*event.places, town])
        placed.append(event)
    return placed


def _town_told_before(event: Event, towns: list[Place], starts: list[int], text: str) -> Place | None:
    figures_at = sorted(c.span[0] for c in event.claims)
    pattern, cities = _anaphora()
    for start, end in event.evidence:
        told = any_between(figures_at, start, end) and pattern.search(text, start, end)
        if told:
            city = told["head"].lower() in cities
            before = range(bisect_left(starts, start) - 1, -1, -1)  # nearest first, without copying the list
            return next((towns[k] for k in before if city or not names_its_region(towns[k])), None)
    return None


def _main_event(events: list[Event], headline: str) -> Event | None:
    """The event a report leads with: the first whose toll its headline gives ("... kills
    19"), else the first told with a casualty figure, else the first."""
    in_headline = {int(n.replace(",", "")) for n in _NUMBER.findall(headline)}
    headlined = [e for e in events if any(c.count in in_headline for c in e.claims)]
    with_figures = [e for e in events if e.claims]
    return min(headlined or with_figures or events, key=lambda e: e.evidence[0], default=None)


def _title_span(report: Report) -> tuple[int, int] | None:
    """Where the headline sits in the text (after a dateline, if one comes first)."""
    title = report.document.title
    at = report.document.text.find(title, 0, len(title) + DATELINE_REACH) if title else -1
    return (at, at + len(title)) if at >= 0 else None


def _primary_place(
    events: list[Event], places: list[Place], headline: str, title: tuple[int, int] | None, home: str | None
) -> Place | None:
    """Where the main event happened: the place a headline gives, else the most precise
    place of the main event, else the governorate the report names most, else the region
    or country it names; a place in the
    report's country ``home`` only (a report from Idlib may name Washington)."""

    def at_home(candidates: list[Place]) -> list[Place]:
        return [p for p in candidates if p.country == home] if home else candidates

    places = at_home(places)
    in_title = [p for p in places if title and p.span[1] <= title[1] and p.admin1]
    if in_title:
        return min(in_title, key=lambda p: _PLACE_RANK[p.precision])

    main = _main_event(events, headline)
    located = at_home([p for p in (main.places if main else []) if p.admin1])
    if located:
        best = min(located, key=lambda p: _PLACE_RANK[p.precision])
        return best if best.precision == "locality" else _town_within(best, places) or best
    counts = Counter(p.admin1 for p in places if p.admin1)
    if not counts:  # "northern Cameroon", "Libya": no division named, the country is known
        best = min(at_home(main.places if main else []) or places, key=lambda p: _PLACE_RANK[p.precision], default=None)
        return best and (_town_within(best, places) or best)
    top = counts.most_common(1)[0][0]
    best = min((p for p in places if p.admin1 == top), key=lambda p: _PLACE_RANK[p.precision])
    return best if best.precision == "locality" else _town_within(best, places) or best

__all__ = ["last_day", "names_its_region", "one_area", "over_several_areas", "resolve"]
