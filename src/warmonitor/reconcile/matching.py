"""When do two reports' events describe the same incident?

Dates at most :data:`MAX_DAYS_APART` apart (a date known to its week stands for any of
its days; a date known only to its month or year matches only another such date), the same governorate (or one that shares
its seat: Damascus and Rif Dimashq around it) and, when both name a
town, the same town (a town and its governorate are "one inside the other"; a city that
names its governorate — "Idlib", "Aleppo", "Donetsk" — may mean either, so it names no
town), and parties that do not contradict (some side in common, or a side unknown on
one of them, or the same day's killed agreeing as :func:`tolls_agree` says: 1,400 killed
in one governorate on one day is one attack, whoever each report says fought). On
different days, an event and an incident that share no town (one of them is known only
by its governorate) must also give killed tolls within a factor of :data:`CLOSE_TOLLS`,
when both give one: a governorate sees an attack every day, and one fighter killed on
Sunday is not the 58 killed in one of its towns on Tuesday. Types must agree (the same,
or both remote violence — air strike, shelling, explosion — or one of them only "attack
on civilians" or "other"), except that
outlets name one attack's type loosely (a chemical attack is an "attack", an "air
strike", "shelling"): any two violent types agree in the same town, or when their tolls
are within a factor of :data:`CLOSE_TOLLS` on one day (on different days, when they agree
within :data:`TOLL_AGREEMENT`); but a strike from afar and fighting on the
ground, told with figures, agree only on a toll (within :data:`TOLL_AGREEMENT`): a town
sees both on one day.

Two events of one report are two incidents, except that an event without figures may
join the incident another event of its report told (a report tells one attack in
several sentences, one naming the town, another the type), and two events of one report
in one town on one day are one incident (the report named one attack's type two ways).
A town the gazetteer lacks is one town to an incident placed there when both name it
alike in one governorate ("the Shaar gas field": the raid, and its toll that "rose to 115").

An event without a governorate ("an August 21 gas attack the United States says killed
more than 1,400 people") merges only on a large toll: with a violent incident of the
same day whose killed agree within :data:`TOLL_AGREEMENT` and number at least
:data:`MIN_TOLL_WITHOUT_PLACE`. Without a date, or without a place and such a toll, an
event never merges: too little is known to say it is one.

An event with figures that fits two stored incidents which also fit each other (and
share no report) merges them: one attack stored twice until a report bridged them. The
two must be dated at most :data:`MAX_DAYS_BRIDGED` apart: an event may fit a Sunday
and a Tuesday, but that does not make Sunday's strike Tuesday's attack. An
event without figures (a report's aside: "the air strike") bridges nothing.

An event dated more than :data:`RECALL_AFTER_DAYS` before its report is *recalled*, not
news ("the 2013 sarin attack that killed 1,400"): it is a mention of the old incident
and adds nothing to its toll (see the store's writer).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from ..records import Claim, Event, Place
from ..resolve import last_day, names_its_region, one_area, over_several_areas

MAX_DAYS_APART = 2
MAX_DAYS_BRIDGED = 1  # two stored incidents an event bridges: the same attack dated by two reports' days
RECALL_AFTER_DAYS = 30  # an event this much older than its report is told as background
CLOSE_TOLLS = 2.0  # 58 killed on the day, 100 the next: one attack's toll as it rises
MIN_TOLL_WITHOUT_PLACE = 100  # a toll this large, on one day, names its incident (30 killed does not)
MIN_TOLL_IN_ONE_TOWN = 10  # in one town within weeks, a toll this large names its attack (two killed does not)
MAX_DAYS_ONE_TOWN_TOLL = 7  # one town's attack of one toll, dated by two reports up to a week apart
TOLL_AGREEMENT = 0.15  # tolls within 15 % of the larger agree (a toll rises through the day: 112, then 126)
_REMOTE = frozenset({"air_strike", "shelling", "explosion"})  # strikes from afar
_GROUND = frozenset({"armed_clash", "territory"})  # fighting on the ground
_FAMILIES = [_REMOTE, _GROUND, frozenset({"execution", "attack_on_civilians"})]
_UNSPECIFIC = frozenset({"attack_on_civilians", "other"})
_NON_VIOLENT = frozenset({"ceasefire", "displacement", "protest"})
_RANK = {"locality": 0, "district": 1, "governorate": 2, "region": 3, "country": 4}


@dataclass(frozen=True)
class IncidentSummary:
    """What matching needs to know of an incident (or of a new event)."""

    id: int | None
    type: str
    date: date | None
    admin1: str | None
    geonameid: int | None
    sides: frozenset[str]
    documents: frozenset[int] = frozenset()
    killed: int = 0
    has_figures: bool = True
    killed_low: int = 0  # the smallest and largest toll its sources give (an event: its own)
    killed_high: int = 0
    date_precision: str = "day"  # an event's or incident's date is that of a day, week, month or year
    # a place the gazetteer lacks, by its name as written ("Shaar"): the incident's location
    place_name: str | None = None
    # every killed it counts are fighters: such a toll names no attack days apart (see
    # :func:`names_an_attack_days_apart`)
    fighters_only: bool = False
    # placed by a governorate or a region alone, not by a town or a city (an event's)
    area_only: bool = False


def main_place(event: Event) -> Place | None:
    """Where the event happened: the most precise place with a governorate, first named
    first, among those of the sentences that give its figures (a report's other sentences
    name the capital that condemned it, or the base the jets flew from), else among all of
    its places. A town is more precise than a city named like its governorate ("Idlib"
    may mean the province), and so is a place the gazetteer lacks that those sentences
    name in the same governorate (kept as written, with that governorate).

    When the figures' sentences name no more than a governorate or a part of one, as
    such ("killed 100 militants in strikes in Hama province"), a town of that governorate
    that the event's other sentences name is where it happened ("the convoy was destroyed
    near Salamiyah"), unless they name several; a base abroad or in another governorate
    is not. A city named like its governorate ("in the city of Deir Ezzor", "in Hama")
    keeps the figures, as it may be the city itself, unless they also name the governorate
    as such ("250 soldiers in Raqqa ... in the province of Raqqa").

    An event whose figures are all told over several governorates ("more than 100
    civilians were killed in strikes on Idlib and Aleppo") happened in none of them: it
    has no main place (see :func:`..resolve.over_several_areas`), and joins no incident of one of
    them. An event that also gives a figure of one place keeps that place."""
    found = _located_and_told(event)
    if found is None:
        return None
    located, told = found
    return _sharpest(told or located, located)


def place_of_figures(event: Event) -> Place | None:
    """The place of the sentences that give the event's figures, if they name one: the
    place a report vouches for, as :func:`main_place` without its fallback."""
    found = _located_and_told(event)
    if found is None:
        return None
    located, told = found
    return _sharpest(told, located) if told else None


def _located_and_told(event: Event) -> tuple[list[Place], list[Place]] | None:
    """The event's places with a governorate, and those of them its figures' sentences
    name; None when every figure is told over several governorates. The figures'
    sentences are found once for both."""
    located = [p for p in event.places if p.admin1]
    sentences = _figure_sentences(event)
    if _figures_only_over_several_areas(located, sentences):
        return None
    return located, _told_with_figures(located, sentences)


def _sharpest(told: list[Place], located: list[Place]) -> Place | None:
    """The place :func:`main_place` describes, among ``told`` (the places of the figures'
    sentences, else all) and the event's other ``located`` places."""
    best = min(told, key=_precision, default=None)
    if best is None or _precision(best) < _RANK["governorate"]:
        return best
    # "executed in the town of Ghraneij", a village the gazetteer lacks, in the
    # governorate the sentence names: more precise than the governorate or its city.
    unlisted = next((p for p in told if p.canonical is None and p.admin1 == best.admin1), None)
    if unlisted:
        return unlisted
    ranked = {p.precision for p in told if _precision(p) == _RANK["governorate"]}
    if "locality" in ranked and "governorate" not in ranked:
        return best  # "near the city of Deir Ezzor": the figures may be the city's
    return _town_told_apart(best, located) or best


def _town_told_apart(area: Place, places: list[Place]) -> Place | None:
    """The one town in ``area``'s governorate and country among ``places``; None if they
    name several ("jets struck Jisr al-Shughur and Binnish" beside 22 killed "across the
    province": the toll is the province's)."""
    towns = [p for p in places  # a village the gazetteer lacks is a town too ("the village of Al-Baruda")
             if p.admin1 == area.admin1 and p.country == area.country
             and (_precision(p) < _RANK["governorate"] or (p.canonical is None and p.name != area.name))]
    return towns[0] if len({p.geonameid or p.name.casefold() for p in towns}) == 1 else None


def at_war(event: Event, countries: frozenset[str]) -> Event:
    """The event with only its places in the war's ``countries`` when it names a town or
    governorate there: a place abroad is then where the event was told or decided ("120
    militants were killed in strikes in Syria, the defence ministry in Moscow said", "a
    minister visiting Ramallah"), not where it happened. Without such a place at home,
    the event keeps every place (an attack abroad: a bombing in Ankara)."""
    if not countries or not any(p.admin1 and p.country in countries for p in event.places):
        return event
    return replace(event, places=[p for p in event.places if p.country in countries or p.country is None])


def _told_with_figures(places: list[Place], sentences: list[tuple[int, int, list[Claim]]]) -> list[Place]:
    """The ``places`` named in the figures' ``sentences`` (:func:`_figure_sentences`)."""
    return [p for p in places if any(start <= p.span[0] < end for start, end, _ in sentences)]


def _figure_sentences(event: Event) -> list[tuple[int, int, list[Claim]]]:
    """Each sentence of the event that gives figures, with its figures."""
    told = [(start, end, [c for c in event.claims if start <= c.span[0] < end]) for start, end in event.evidence]
    return [(start, end, figures) for start, end, figures in told if figures]


def _places_in(places: list[Place], start: int, end: int) -> list[Place]:
    return [p for p in places if start <= p.span[0] < end]


def _figures_only_over_several_areas(places: list[Place], sentences: list[tuple[int, int, list[Claim]]]) -> bool:
    """Does every figure of the event's ``sentences`` (:func:`_figure_sentences`) count
    the dead of several governorates?"""
    return bool(sentences) and all(
        over_several_areas(c, _places_in(places, start, end)) for start, end, figures in sentences for c in figures
    )


def _precision(place: Place) -> int:
    return _RANK["governorate"] if names_its_region(place) else _RANK[place.precision]


def town(place: Place | None) -> int | None:
    """The GeoNames id that tells this place's town apart from others, if any."""
    if place is None or place.precision != "locality" or names_its_region(place):
        return None
    return place.geonameid


def unlisted_town(place: Place | None) -> str | None:
    """The name, as written, of a place the gazetteer lacks ("the Shaar gas field": kept
    as written, with the governorate its sentence names), which tells it apart as a
    GeoNames id would; names are compared in lower case."""
    if place is None or place.canonical is not None or place.geonameid is not None or place.admin1 is None:
        return None
    return place.name.casefold()


def summarise(
    event: Event, document_id: int | None = None, killed: int = 0, has_figures: bool = True, fighters_only: bool = False,
) -> IncidentSummary:
    return summarise_at(event, main_place(event), document_id, killed, has_figures, fighters_only)


def summarise_at(
    event: Event, place: Place | None, document_id: int | None = None, killed: int = 0, has_figures: bool = True,
    fighters_only: bool = False,
) -> IncidentSummary:
    """:func:`summarise` of an event whose :func:`main_place` is known already: finding it
    costs more than the rest, and the store's writer needs it for more than the summary."""
    sides = frozenset(a.side for a in (event.actor1, event.actor2) if a and a.side)
    return IncidentSummary(
        None, event.type, event.date, place.admin1 if place else None, town(place), sides,
        frozenset({document_id}) if document_id is not None else frozenset(), killed, has_figures,
        date_precision=event.date_precision or "day", place_name=unlisted_town(place), fighters_only=fighters_only,
        area_only=place is not None and place.precision in ("governorate", "region") and place.canonical is not None,
    )


def names_an_attack_days_apart(event: IncidentSummary) -> bool:
    """May the event's toll alone name an attack dated days from it (:func:`one_attack_in_town`;
    an event the report dates by itself, matched weeks back by its toll)? A toll of
    civilians, or of people not told apart, is an attack's that outlets retell for days;
    a toll of fighters only recurs by chance in a battle that goes on for weeks ("23
    Daesh members killed" in a town on the 28th is not the 24 killed near it on the 15th)."""
    return not event.fighters_only


def recalled(event: Event, published: date | None) -> bool:
    """Is the event told as background, long after it happened (or at a time the report
    does not give)?"""
    return event.recalled or told_long_after(event.date, event.date_precision, published)


def told_long_after(happened: date | None, precision: str | None, published: date | None) -> bool:
    """Did the day, week, month or year ``happened`` starts end more than
    RECALL_AFTER_DAYS before ``published``? ("during April" in a 2 May report is news.)"""
    return bool(happened and published and (published - last_day(happened, precision or "day")).days > RECALL_AFTER_DAYS)


def types_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in _NON_VIOLENT or b in _NON_VIOLENT:
        return False
    return a in _UNSPECIFIC or b in _UNSPECIFIC or any(a in f and b in f for f in _FAMILIES)


def violent(event_type: str) -> bool:
    return event_type not in _NON_VIOLENT


def score(event: IncidentSummary, incident: IncidentSummary) -> float | None:
    """How well an event fits an incident; None when it cannot be the same incident."""
    if event.date is None or incident.date is None or event.admin1 is None or incident.admin1 is None:
        return None
    if _coarse(event) != _coarse(incident):  # "in August" names no day: it cannot say which attack of the month
        return None
    days = days_apart(event, incident)
    if days > MAX_DAYS_APART or incident.admin1 not in one_area(event.admin1):
        return None
    if event.geonameid and incident.geonameid and event.geonameid != incident.geonameid:
        return None
    same_town = bool(event.geonameid and event.geonameid == incident.geonameid) or _same_unlisted_town(event, incident)
    if not (types_compatible(event.type, incident.type) or _named_loosely(event, incident, same_town, days)):
        return None
    # A large toll told again on the same day names its attack, whoever a report says
    # fought (parties are read less surely than tolls) and however often one report tells it.
    same_toll = days == 0 and tolls_agree(event.killed, incident.killed)
    if event.sides and incident.sides and not event.sides & incident.sides and not same_toll:
        return None
    # a date known to its week may be another day of it, as a date days apart is
    some_other_day = days or "week" in (event.date_precision, incident.date_precision)
    if some_other_day and not same_town and event.killed and incident.killed and not _close_tolls(event.killed, incident):
        return None
    # Two events of one report are two incidents, unless in one town on one day: the report
    # told one attack under two of its names ("the air strike", "the chemical attack").
    # The same town's strikes of Monday and of Tuesday, told apart, are two.
    # ... nor when the event is placed by its governorate alone and the incident in one of
    # its towns: a long report retells one attack's toll from another source ("the death
    # toll as collated from medical centres in the suburbs east of Damascus was 213").
    one_place = same_town or event.area_only
    if event.documents & incident.documents and event.has_figures and not ((one_place and not days) or same_toll):
        return None
    close = _close_tolls(event.killed, incident)
    return 2.0 * same_town + (event.type == incident.type) + close - 0.5 * days + 0.5 * len(event.sides & incident.sides)


def _same_unlisted_town(event: IncidentSummary, incident: IncidentSummary) -> bool:
    """Do both name, in one governorate, one town the gazetteer lacks?"""
    return (
        event.place_name is not None and incident.geonameid is None  # an unlisted town has no GeoNames id
        and event.place_name == (incident.place_name or "").casefold() and event.admin1 == incident.admin1
    )


def days_apart(a: IncidentSummary, b: IncidentSummary) -> int:
    """Days between two dates, a week-precise one standing for its seven days ("earlier
    this week" is any day of it): 0 when they overlap."""
    a_last, b_last = _last_of(a), _last_of(b)
    return max(0, (max(a.date, b.date) - min(a_last, b_last)).days)


def _last_of(summary: IncidentSummary) -> date:
    return last_day(summary.date, "week") if summary.date_precision == "week" else summary.date


def _coarse(summary: IncidentSummary) -> bool:
    return summary.date_precision in ("month", "year")


def _named_loosely(event: IncidentSummary, incident: IncidentSummary, same_town: bool, days: int) -> bool:
    """One attack whose type two outlets named differently: violent, and in one town, or
    with tolls that agree, or told without figures by the report that told the incident.
    Strikes from afar (air strike, shelling, a blast) and fighting on the ground (a clash,
    a territory taken) are two kinds of violence a town sees on one day ("coalition raids
    killed 21 civilians in Manbij"; "the SDF foiled an IS attack near Manbij, killing
    80"): told with figures, they are one attack only when the event's toll agrees with a
    toll one of the incident's sources gave (:func:`agreeing_toll`)."""
    if not (violent(event.type) and violent(incident.type)):
        return False
    if not event.has_figures and event.documents & incident.documents:
        return True
    tolls = (incident.killed, incident.killed_low, incident.killed_high)
    agrees = agreeing_toll(event.killed, tolls, MIN_TOLL_IN_ONE_TOWN) is not None
    if _remote_and_ground(event.type, incident.type) and event.killed:
        return agrees
    if same_town:
        return True
    # Elsewhere in the governorate, a toll within a factor of CLOSE_TOLLS names the attack
    # on its own day; on another day only a toll that agrees does ("40 executed" in one
    # district and the next day's "51 killed in raids" on the city are two).
    return agrees if days else _close_tolls(event.killed, incident)


def _remote_and_ground(a: str, b: str) -> bool:
    """Is one type a strike from afar and the other fighting on the ground?"""
    return (a in _REMOTE and b in _GROUND) or (a in _GROUND and b in _REMOTE)


def _close_tolls(killed: int, incident: IncidentSummary) -> bool:
    """Is the event's toll within a factor of CLOSE_TOLLS of a toll the incident's sources
    give? Its best may already have risen (58, then 100 the next day) when a report of the
    first count arrives."""
    tolls = [k for k in (incident.killed, incident.killed_low, incident.killed_high) if k > 0]
    return killed > 0 and bool(tolls) and min(tolls) / CLOSE_TOLLS <= killed <= max(tolls) * CLOSE_TOLLS


def best_match(event: IncidentSummary, incidents: list[IncidentSummary]) -> IncidentSummary | None:
    scored = [(s, i) for i in incidents if (s := score(event, i)) is not None]
    return max(scored, key=lambda pair: (pair[0], -(pair[1].id or 0)))[1] if scored else None


def also_matched(event: IncidentSummary, chosen: IncidentSummary, incidents: list[IncidentSummary]) -> list[IncidentSummary]:
    """The other incidents the event fits, each of them also fitting ``chosen`` as one
    incident fits another: one attack stored twice (its first reports named the province,
    later ones the town). The event bridges them; the store merges them into ``chosen``.
    Incidents must carry all their reports (``documents``) for this judgement. Their
    parties are not compared: each incident keeps those of its first report, and the
    event already agrees with both."""
    if event.date_precision != "day" or not event.has_figures:
        return []  # only an event of a known day, with figures of its own, tells two incidents are one
    return [
        other for other in incidents
        # a scored incident has a date, and so has ``chosen``
        if other.id != chosen.id and score(event, other) is not None
        and days_apart(other, chosen) <= MAX_DAYS_BRIDGED
        and not other.documents & chosen.documents and score(replace(other, sides=frozenset()), chosen) is not None
    ]


def one_attack_in_town(event: IncidentSummary, other: IncidentSummary) -> bool:
    """Is ``other``, an incident of the event's town dated up to MAX_DAYS_ONE_TOWN_TOLL
    apart, the attack the event's toll names? In one town a toll of at least
    MIN_TOLL_IN_ONE_TOWN, agreeing, of an attack of a compatible type names its attack,
    however two reports dated it (one by the day a monitor raised the toll, one by the
    attack's own day)."""
    return (
        names_an_attack_days_apart(event)
        and event.geonameid is not None and other.geonameid == event.geonameid
        and event.date is not None and other.date is not None
        and event.date_precision == "day" and other.date_precision == "day"
        and abs((other.date - event.date).days) <= MAX_DAYS_ONE_TOWN_TOLL
        and violent(event.type) and types_compatible(event.type, other.type)
        and tolls_agree(event.killed, other.killed, MIN_TOLL_IN_ONE_TOWN)
    )


def sums_of_others(tolls: list[int], most: int = 4) -> set[int]:
    """The positions of a report's event tolls that add up others of its events (two to
    ``most`` of them, exactly): the headline's "140 terrorists killed in Hama and Homs"
    beside the body's 100 near Hama and 40 at Palmyra, each told as an event of its own.
    Such a toll is the report's sum, not one more attack. Only a toll of at least
    MIN_TOLL_IN_ONE_TOWN: small ones add up by chance (two killed here, one there, one
    elsewhere)."""
    told = [(k, toll) for k, toll in enumerate(tolls) if toll > 0]
    summed: set[int] = set()
    for k, toll in told:
        if toll < MIN_TOLL_IN_ONE_TOWN:
            continue
        others = [other for j, other in told if j != k and other < toll]
        if any(sum(parts) == toll for n in range(2, min(most, len(others)) + 1) for parts in combinations(others, n)):
            summed.add(k)
    return summed


def agreeing_toll(killed: int, tolls: tuple[int, ...], minimum: int = MIN_TOLL_WITHOUT_PLACE) -> int | None:
    """The toll among an incident's ``tolls`` (its best, low and high: each one a source
    gives) that agrees with ``killed`` as :func:`tolls_agree` says, the closest first:
    "some 100" retold days later is the attack whose sources range from 58 to 100, though
    its best is 87."""
    agreeing = [toll for toll in tolls if tolls_agree(killed, toll, minimum)]
    return min(agreeing, key=lambda toll: abs(toll - killed)) if agreeing else None


def tolls_agree(a: int, b: int, minimum: int = MIN_TOLL_WITHOUT_PLACE) -> bool:
    """Do two killed tolls name one incident when nothing else places it (or, with
    ``minimum`` MIN_TOLL_IN_ONE_TOWN, when a town is all that places both)?"""
    return min(a, b) >= minimum and abs(a - b) <= TOLL_AGREEMENT * max(a, b)
