"""Find the places a report names and locate each one.

A place is a run of capitalised words (with the particles of Arabic names: "Ras al
Ain", "Deir ez-Zor") that is a governorate or named region (``data/places/*.toml``), a
gazetteer place (:mod:`warmonitor.resolve.gazetteer`), or a name the text introduces as
a place ("the nearby village of Al-Latamneh"). Where several gazetteer places share a
name, context decides: a governorate named in the same sentence first, then the
governorates the whole report names, then the larger place.

A name that is both a town and a governorate ("Idlib", "Hama") is the governorate when
the text says so ("Idlib province", "northern Hama", "the countryside of Aleppo"), else
the town. A name the gazetteer lacks keeps ``geonameid`` None and takes the governorate
of the nearest place in its sentence, with precision "governorate" to say so; so does a
doubtful match (by skeleton, or a village of no recorded population) in a governorate the
report never names while its sentence names another: a namesake the gazetteer lacks.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import accumulate
from operator import attrgetter

from ..ingest.dateline import DATELINE_REACH, Dateline, read_dateline
from ..packs import read_data
from ..extract.tokens import tokenize
from ..records import Place, Sentence, Token
from .gazetteer import (
    MIN_SKELETON, Country, Gazetteer, GazetteerPlace, Governorate, NamedArea, area_named, division_spelled, divisions,
    governorate_of, monitored_countries, one_area,
)
from .names import exact_key, skeleton_key

_LONGEST_NAME = 5  # words
_WORLD_CITY = 100_000  # people: a city abroad that reports name without naming its country
_NAMED_COUNTRY_TOWN = 5_000  # a town abroad in a country the report names (not "Congress", Arizona)
_PRECISION_BY_CODE = {"ADM1": "governorate", "ADM2": "district", "ADM3": "district", "ADM4": "district"}
_DATELINE_MARKS = frozenset({"-", "–", "—", ":"})


class _Phrases(frozenset):
    """Phrases of lower-case words (tuples), with the words they start and end with: most
    words beside a name start or end none, which one look-up tells before any phrase of
    the words around it is built (this is asked several times for each name a report
    writes)."""

    def __new__(cls, phrases) -> _Phrases:
        self = super().__new__(cls, phrases)
        self.firsts = frozenset(phrase[0] for phrase in self)
        self.lasts = frozenset(phrase[-1] for phrase in self)
        return self


@dataclass(frozen=True)
class _Vocabulary:
    introducers: _Phrases
    heads: _Phrases
    governorate_heads: _Phrases
    governorate_openers: _Phrases
    particles: frozenset[str]
    compound_heads: frozenset[str]  # "Bab" of "Bab Tadmor": the head of a longer name
    not_places: frozenset[str]  # function words included
    function_words: frozenset[str]
    adjective_suffixes: tuple[str, ...]
    person_titles: frozenset[str]
    government_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    capitals: frozenset[str]
    outlet_heads: _Phrases
    treaty_heads: _Phrases
    district_introducers: _Phrases
    district_heads: _Phrases
    list_introducers: _Phrases  # "the towns of": several names follow
    around_openers: _Phrases  # "near", "west of": the area around a city, not the city
    quarter_heads: _Phrases  # "X neighbourhood", "the X area": a part of a town
    institution_openers: _Phrases  # "the Faculty of": a discipline or an office follows, not a place


@cache
def _vocabulary() -> _Vocabulary:
    data = read_data("places_en.toml")

    def phrases(key: str) -> _Phrases:
        return _Phrases(tuple(t.lower for t in tokenize(p)) for p in data[key])

    return _Vocabulary(
        phrases("introducers"), phrases("heads"), phrases("governorate_heads"), phrases("governorate_openers"),
        frozenset(data["inner_particles"]), frozenset(data["compound_heads"]),
        frozenset(data["not_places"]) | frozenset(data["function_words"]),
        frozenset(data["function_words"]), tuple(data["adjective_suffixes"]), frozenset(data["person_titles"]),
        frozenset(data["government_verbs"]), frozenset(data["place_prepositions"]),
        frozenset(c["capital"] for c in read_data("countries_en.toml")["countries"]), phrases("outlet_heads"),
        phrases("treaty_heads"), phrases("district_introducers"), phrases("district_heads"),
        phrases("list_introducers"), phrases("around_openers"), phrases("quarter_heads"),
        phrases("institution_openers"),
    )


@dataclass
class _Mention:
    """A place name found in the text, before it is located."""

    span: tuple[int, int]
    sentence: int
    area: NamedArea | Governorate | Country | None = None
    candidates: tuple[GazetteerPlace, ...] = ()
    introduced: bool = False  # named by the text as a place, unknown to the gazetteer
    directional: bool = False  # "northern Hama", "northwest Syria"
    exact: bool = True  # the candidates match the name exactly, not only by skeleton
    marked: bool = False  # the text says it is a place ("the Gulistan area"), whatever the gazetteer knows
    loose: bool = False  # a short name matched with other vowels (Gazetteer.loosely_named)
    district: bool = False  # a town's name told as its district's ("the township of X", "X LGA")
    quarter: bool = False  # told as a part of a town ("the X area", "X neighbourhood")


def find_places(
    text: str, sentences: list[tuple[int, int]], gazetteer: Gazetteer, *, not_in: list[tuple[int, int]] = (),
    country: str | None = None,
) -> list[Place]:
    """Every place named in ``text``, in order, located as well as the text allows.

    Words inside the spans ``not_in`` (actors' and sources' names: "Hayat Tahrir al-Sham",
    "loyal to Damascus") are not read as places. ``country`` is the report's country when
    the extract stage knows it (ISO code), else the country its names point to most.
    """
    read = [Sentence(start, end, tokenize(text, start, end)) for start, end in sentences]
    return places_and_country(text, read, gazetteer, not_in=not_in, country=country)[0]


def places_and_country(
    text: str, sentences: list[Sentence], gazetteer: Gazetteer, *, not_in: list[tuple[int, int]] = (),
    country: str | None = None,
) -> tuple[list[Place], str | None]:
    """:func:`find_places` over sentences already tokenized (the extract stage's Doc), and
    the country the places were resolved in."""
    masked = _Masked(not_in)
    tokens = [masked.unmasked(s.tokens, s.start, s.end) for s in sentences]
    # Words the report also writes in lower case are English words wherever they stand
    # capitalised ("Old City", "Air Raids"): a name is capitalised every time.
    english = frozenset({t.lower for words in tokens for t in words if t.text.isalpha() and t.text.islower()})
    names = [_names_in(text, words) for words in tokens]
    gazetteer.prefetch(name for at in names for runs in at for _, _, name in runs)

    def mentions_in(skeleton_in: frozenset[str]) -> list[_Mention]:
        found = [
            m for number, words in enumerate(tokens)
            for m in _mentions_in(text, words, names[number], number, gazetteer, english, skeleton_in)
        ]
        # A name placed by its spelling once ("the town of Boukamal") is a place wherever
        # the report writes it again ("the Boukamal strike"), in the sentences that have it.
        placed = {skeleton_key(text[m.span[0] : m.span[1]]) for m in found if m.candidates and not m.exact}
        if not placed:  # most reports: no name placed by its spelling alone
            return found
        again = {
            number for number, at in enumerate(names)
            if any(skeleton_key(name) in placed for runs in at for _, _, name in runs)
        }
        if not again:
            return found
        return sorted(
            [m for m in found if m.sentence not in again] + [
                m for number in sorted(again)
                for m in _mentions_in(text, tokens[number], names[number], number, gazetteer, english, skeleton_in, placed)
            ],
            key=lambda m: m.span,
        )

    mentions = mentions_in(monitored_countries() | {country} - {None})
    filed = read_dateline(text)
    dateline = filed.span if filed else None
    filed_in = _dateline_countries(filed, mentions, gazetteer) if filed else frozenset()
    home = _home_country(text, mentions, dateline, filed_in, country)
    if home and home not in monitored_countries() | {country}:  # "Tajoura" is Tājūrā' once the report is Libya's
        mentions = mentions_in(monitored_countries() | {home})
    named_countries = {m.area.iso for m in mentions if isinstance(m.area, Country)}
    for mention in mentions:
        _keep_home(mention, exact_key(text[mention.span[0] : mention.span[1]]), home, named_countries | {home})
    for mention in mentions:
        mention.introduced |= mention.marked and not (mention.area or mention.candidates)  # a namesake abroad
    mentions = [m for m in mentions if m.area or m.candidates or m.introduced]  # namesakes abroad dropped
    if dateline:  # "NAIROBI, Kenya (AP) -" over a story from Darfur: where the reporter filed, not a place it tells of
        mentions = [m for m in mentions if not (_inside(m.span[0], [dateline]) and _country_of(m) not in (home, None))]
    introduced = _Introduced(text[m.span[0] : m.span[1]] for m in mentions if m.introduced)
    if introduced:  # "the village of Al-Latamneh" ... "Latamneh": the same unknown place
        mentions = sorted(mentions + _repeats(text, tokens, mentions, introduced), key=lambda m: m.span)
    if home:  # "a town outside the capital", unnamed: the capital of the report's country, or around it
        mentions = sorted(mentions + _capital_unnamed(tokens, mentions, home, gazetteer), key=lambda m: m.span)
    areas = divisions().areas
    matched = [m for m in mentions if m.candidates and exact_key(text[m.span[0] : m.span[1]]) not in areas]
    for mention in _elsewhere(matched, mentions):  # decided before any is changed
        mention.candidates = ()
    located = _Located(mentions, home, text)
    return [_locate(text, m, located, gazetteer, home) for m in mentions], home


@cache
def _capital_countries() -> dict[str, str]:
    return {c["capital"]: c["code"] for c in read_data("countries_en.toml")["countries"]}


def _capital_unnamed(
    tokens: list[list[Token]], mentions: list[_Mention], home: str, gazetteer: Gazetteer,
) -> list[_Mention]:
    """Where the report calls its country's capital "the capital" without naming it: "in
    the capital" is that city; "outside the capital" (or near, north of ...) is the
    division the data names so around it ("outside Damascus": Rif Dimashq), else no place
    (how far outside is not told). Not "the capital Damascus": the name is read there;
    nor "the capital of Idlib province"."""
    capital = next((name for name, code in _capital_countries().items() if code == home), None)
    if capital is None:
        return []
    taken = sorted(m.span for m in mentions)
    found = []
    for number, words in enumerate(tokens):
        for i in range(len(words) - 1):
            if words[i].lower != "the" or words[i + 1].lower != "capital" or _inside(words[i].start, taken):
                continue
            if i + 2 < len(words) and (words[i + 2].text[0].isupper() or words[i + 2].lower == "of"):
                continue  # "the capital Damascus" is read by its name; "the capital of Idlib province" is another
            mention = _around_capital(words, i, capital, home, number) or _in_capital(words, i, capital, home, number, gazetteer)
            if mention:
                found.append(mention)
    return found


def _around_capital(words: list[Token], i: int, capital: str, home: str, sentence: int) -> _Mention | None:
    """ "outside the capital", "north of the capital" read as "outside Damascus": the
    division the data names so (``data/places``), with its words before "the capital"."""
    areas = divisions().areas
    for k in range(_AROUND, 0, -1):
        if i - k < 0:
            continue
        area = areas.get(exact_key(" ".join([*(t.text for t in words[i - k : i]), capital])))
        if area is not None and getattr(area, "country", None) == home and area is not areas.get(capital):
            return _Mention((words[i - k].start, words[i + 1].end), sentence, area, marked=True)
    return None


def _in_capital(
    words: list[Token], i: int, capital: str, home: str, sentence: int, gazetteer: Gazetteer,
) -> _Mention | None:
    """ "in the capital": the capital itself, as a division when the city is one
    (Damascus, Baghdad), else the city."""
    if i == 0 or words[i - 1].lower != "in":
        return None
    span = (words[i].start, words[i + 1].end)
    area = divisions().areas.get(capital)
    if area is not None and getattr(area, "country", None) == home:
        return _Mention(span, sentence, area, marked=True)
    cities = tuple(p for p in gazetteer.lookup(capital)[0] if p.country == home)
    return _Mention(span, sentence, candidates=cities, marked=True) if cities else None


def _dateline_countries(dateline: Dateline, mentions: list[_Mention], gazetteer: Gazetteer) -> frozenset[str]:
    """The countries a dateline names: those of its places (a capital, or a city of
    100,000 people called so, "GENEVA"; the country it names, "Kenya")."""
    found = {c for m in mentions if _inside(m.span[0], [dateline.span]) and (c := _country_of(m))}
    name = dateline.place
    if name.lower() in _capital_countries():
        found.add(_capital_countries()[name.lower()])
    elif name:
        cities = [p for p in gazetteer.lookup(name)[0] if p.population >= _WORLD_CITY]
        if cities:
            found.add(max(cities, key=lambda p: p.population).country)
    return frozenset(found)


def _home_country(
    text: str, mentions: list[_Mention], dateline: tuple[int, int] | None, filed_in: frozenset[str], hint: str | None,
) -> str | None:
    """The country the report's places are resolved in: ``hint`` (the extract stage's),
    else the one its names point to most. A dateline tells where the reporter filed,
    which wire stories do from capitals far from the fighting ("MOSCOW -", "NAIROBI,
    Kenya (AP) -"): its country counts only when the rest of the report names no place,
    and is no longer the report's when the rest names places in another country and none
    in it, even when the extract stage took it for the report's."""
    body = [m for m in mentions if not (dateline and _inside(m.span[0], [dateline]))]
    if hint and hint not in filed_in:
        return hint
    votes = _country_votes(text, body)
    if hint:
        return _best_voted(votes) if votes and not votes[hint] else hint
    return _likely_country(text, body if votes else mentions)


def _likely_country(text: str, mentions: list[_Mention]) -> str | None:
    """The country a report's names point to most. Each name votes once, however often
    the report repeats it: a country it names by two votes, a division or region by one,
    a town name for the country of its largest town in a monitored country
    (:func:`monitored_countries`), else anywhere if that is a town of some size: a whole
    vote for a city, half for a town (Damascus, not its namesake hamlets in America; not
    the English words that some hamlet is called: "Farms", "Congress"). With no vote, the
    monitored country that has the report's names (Palmyra in Syria, not in New York)."""
    votes = _country_votes(text, mentions)
    if votes:
        return _best_voted(votes)
    detailed = [c.country for m in mentions for c in m.candidates if c.country in monitored_countries()]
    return Counter(detailed).most_common(1)[0][0] if detailed else None


def _best_voted(votes: Counter) -> str:
    """The country most voted for; a tie goes to a monitored country."""
    return max(votes, key=lambda iso: (votes[iso], iso in monitored_countries()))


def _country_votes(text: str, mentions: list[_Mention]) -> Counter:
    """The votes of :func:`_likely_country`: each name once, a country by two, a division
    or region by one, a town for its largest namesake's country."""
    votes: Counter = Counter()
    unique = {exact_key(text[m.span[0] : m.span[1]]): m for m in mentions}
    for mention in unique.values():
        if isinstance(mention.area, Country):
            votes[mention.area.iso] += 2
        elif mention.area:
            votes[mention.area.country] += 1
        elif mention.candidates and (mention.exact or any(c.country in monitored_countries() for c in mention.candidates)):
            monitored = [c for c in mention.candidates if c.country in monitored_countries()]
            largest = max(monitored or mention.candidates, key=lambda c: c.population)
            if monitored or largest.population >= _NAMED_COUNTRY_TOWN:
                votes[largest.country] += 1 if largest.population >= _WORLD_CITY else 0.5
    return votes


def _keys_of(area: NamedArea | Governorate) -> set[str]:
    return {exact_key(area.name), *(exact_key(alias) for alias in getattr(area, "aliases", ()))}


def _keep_home(mention: _Mention, key: str, home: str | None, named: set[str | None]) -> None:
    """A name is the report's country's first: its namesakes abroad stay candidates only
    when called so by their main name (not an airport code among their alternate names)
    and large enough: a city (Moscow, Gaziantep), or a town in a country the text names;
    a division shared by several countries ("Punjab") is the home country's, and so is a
    division at home spelled otherwise, when every town so called is abroad. A city abroad
    told as a part of a town ("the Sulaymaniyah area" in a report from Aleppo) is kept only
    in a country the text names: else it is a quarter at home the gazetteer lacks."""
    if home is None:
        return
    area = mention.area
    if area and not isinstance(area, Country) and area.country != home:
        shared = [a for key in _keys_of(area) for a in divisions().namesakes.get(key, ())]
        area = next((a for a in shared if not isinstance(a, Country) and a.country == home), area)
        if area.country != home and area.country not in named and isinstance(area, Governorate) and area.seat is None:
            area = None  # "Victoria", "Sucre": a division abroad the text does not place there
        mention.area = area
    if mention.candidates:
        at_home = [c for c in mention.candidates if c.country == home]
        kept = [
            c for c in mention.candidates
            if exact_key(c.name) == key
            and (c.population >= _NAMED_COUNTRY_TOWN if c.country in named else c.population >= _WORLD_CITY and not mention.quarter)
        ]
        mention.candidates = tuple(at_home or kept)
        if not (mention.candidates or mention.loose):  # Hiiraan, not a village of Iraq called Hīrān
            mention.area = division_spelled(key, frozenset({home}))


class _Masked:
    """Spans whose words are no place names, sorted, with the furthest end reached by
    the first k of them, so that whether any reaches into a sentence is found by bisection
    and not by reading them all for every sentence of a long report."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]
        self._reach = list(accumulate(self._ends, max))

    def unmasked(self, tokens: list[Token], start: int, end: int) -> list[Token]:
        """A sentence's tokens outside the spans; all of them when no span reaches into
        the sentence, as in most sentences. A token is inside when it starts within the
        last span to start at or before it, as :func:`_inside` says, asked here of the
        spans' starts and ends without a call and a tuple per token."""
        starts, ends = self._starts, self._ends
        k = bisect.bisect_left(starts, end)  # the spans that start before the sentence ends
        if k == 0 or self._reach[k - 1] <= start:
            return tokens
        return [t for t in tokens if (at := bisect.bisect_right(starts, t.start)) == 0 or t.start >= ends[at - 1]]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


class _Introduced:
    """Names introduced as places, for their later mentions to be found however spelled:
    by consonant skeleton ("Latamneh" for "Al-Latamneh"); a skeleton too short to tell names
    apart ("Aliya": l) only with a close spelling as well ("Kafrya" and "Kafyra"; a man
    called "Ali" is not the village of Aliya)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.skeletons: set[str] = set()
        self.short: defaultdict[str, set[str]] = defaultdict(set)
        for name in names:
            skeleton = skeleton_key(name)
            if len(skeleton) >= MIN_SKELETON:
                self.skeletons.add(skeleton)
            else:
                self.short[skeleton].add(exact_key(name))

    def __bool__(self) -> bool:
        return bool(self.skeletons or self.short)

    def __contains__(self, name: str) -> bool:
        skeleton = skeleton_key(name)
        if skeleton in self.skeletons:
            return True
        key = exact_key(name)
        return any(key == known or SequenceMatcher(None, key, known).ratio() >= 0.8 for known in self.short.get(skeleton, ()))


def _repeats(text: str, tokens: list[list[Token]], mentions: list[_Mention], introduced: _Introduced) -> list[_Mention]:
    """Later mentions of names introduced as places, spelled alike or not ("Latamneh")."""
    taken = sorted(m.span for m in mentions)
    vocabulary = _vocabulary()
    found = []
    for number, words in enumerate(tokens):
        for i, word in enumerate(words):
            if not word.text[0].isupper() or _inside(word.start, taken):
                continue
            for n in (3, 2, 1):
                run = words[i : i + n]
                if len(run) == n and all(w.text[0].isupper() and w.lower not in vocabulary.not_places for w in run):
                    if text[run[0].start : run[-1].end] in introduced:
                        found.append(_Mention((run[0].start, run[-1].end), number, introduced=True))
                        break
    return found


_Run = tuple[list[Token], int, str]  # name words, where the name ends, the name
_TEXT = attrgetter("text")


def _names_in(text: str, tokens: list[Token]) -> list[list[_Run]]:
    """At each word of a sentence, the runs of name words a place may be called by there,
    longest first: capitalised words with Arabic particles inside ("Ras al Ain", "Deir
    ez-Zor"), none an adjective made of a name ("Daesh-held"); "Syria's" is "Syria".
    Found once, for the gazetteer to look up all of a report's names at once and for
    every reading of the sentence."""
    kinds = list(map(_word_kind, map(_TEXT, tokens)))  # _name_word of each, with no Python call per word
    runs: list[list[_Run]] = [[] for _ in tokens]
    for i in range(len(tokens)):
        if kinds[i] != _ANY_PLACE or not _can_start(tokens, i):
            continue
        reach = min(len(tokens), i + _LONGEST_NAME)  # up to the first word no name holds
        reach = next((j for j in range(i + 1, reach) if kinds[j] == _NOWHERE), reach)
        for last in range(reach - 1, i - 1, -1):
            if kinds[last] == _ANY_PLACE:  # a name ends on a name word, not a particle
                end = tokens[last].end - (2 if tokens[last].lower.endswith(("'s", "’s")) else 0)
                runs[i].append((tokens[i : last + 1], end, text[tokens[i].start : end]))
    return runs


def _mentions_in(
    text: str, tokens: list[Token], names: list[list[_Run]], sentence: int, gazetteer: Gazetteer, english: frozenset[str],
    skeleton_in: frozenset[str], placed: frozenset[str] = frozenset(),
) -> list[_Mention]:
    """Place names in one sentence: the longest known name at each word, else a name the
    text introduces as a place. ``names`` are the sentence's runs of name words
    (:func:`_names_in`); ``english`` holds the words the report writes in lower case;
    ``placed`` the skeletons of names the report has placed by their spelling elsewhere."""
    if not any(names):  # no run of capitalised words: nothing to look up
        return []
    vocabulary = _vocabulary()
    found: list[_Mention] = []
    words = [t for t in tokens if t.text[0].isalpha()]
    # In a Title Case Headline every word is capitalised: only exact names count there,
    # and a place the gazetteer lacks holds no word the report writes in lower case.
    title_case = len(words) > 3 and sum(w.text[0].isupper() for w in words) > 0.7 * len(words)
    i = 0
    while i < len(tokens):
        if not names[i] or _names_person(tokens, i, vocabulary) or _names_government(text, tokens, i, vocabulary):
            i += 1
            continue
        mention = (
            _known_at(tokens, i, names[i], sentence, gazetteer, vocabulary, english, skeleton_in, title_case, placed)
            or _unknown_at(text, tokens, i, sentence, vocabulary, english, title_case)
        )
        if mention:
            found.append(mention)
            i = next((k for k in range(i, len(tokens)) if tokens[k].start >= mention.span[1]), len(tokens))
        else:
            i += 1
    return found


def _names_person(tokens: list[Token], i: int, vocabulary: _Vocabulary) -> bool:
    """Is the capitalised word at ``i`` a person's name: right after a title, or after a
    first name that follows one ("opposition figure George Sabra": George and Sabra)?"""
    if i >= 1 and tokens[i - 1].lower in vocabulary.person_titles:
        return True
    return i >= 2 and tokens[i - 1].is_capitalized and tokens[i - 2].lower in vocabulary.person_titles


def _names_government(text: str, tokens: list[Token], i: int, vocabulary: _Vocabulary) -> bool:
    """Is the capital at ``i`` its government ("Washington said", "by Moscow") or the
    reporter's dateline ("MOSCOW (Sputnik) -"), rather than where something happened?"""
    if tokens[i].lower not in vocabulary.capitals:
        return False
    after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    before = tokens[i - 1].lower if i >= 1 else ""
    if before == "by" or (after in vocabulary.government_verbs and before not in vocabulary.place_prepositions):
        return True
    if tokens[i].start >= DATELINE_REACH:
        return False
    # "BEIRUT (AFP) -", "Beirut- Opposition factions ...", "Beirut London- Warplanes ..."
    if after == "(" and tokens[i].text.isupper() or after in _DATELINE_MARKS:
        return True
    return after in vocabulary.capitals and i + 2 < len(tokens) and tokens[i + 2].text in _DATELINE_MARKS


def _known_at(
    tokens: list[Token], i: int, runs: list[_Run], sentence: int, gazetteer: Gazetteer, vocabulary: _Vocabulary,
    english: frozenset[str], skeleton_in: frozenset[str], exact_only: bool = False, placed: frozenset[str] = frozenset(),
) -> _Mention | None:
    """The longest of the ``runs`` of name words at ``tokens[i]`` that names a known place."""
    # "On Sunday", "In June": a sentence's first word; only a whole gazetteer name ("The Hague") starts so.
    exact_only = exact_only or tokens[i].lower in vocabulary.function_words
    for words, end, name in runs:
        n = len(words)
        key = exact_key(name)
        if key in vocabulary.not_places or _phrase_after(tokens, i + n, vocabulary.outlet_heads):
            continue  # "Al Mayadeen TV" is a channel, not the town
        places, exact = _lookup(gazetteer, name, skeleton_in)
        loose = not places and n == 1 and not exact_only and _short_name_placed(tokens, i, name, vocabulary)
        if loose:
            places = gazetteer.loosely_named(name, skeleton_in)  # "in Houn": Hūn, spelled otherwise
        area = divisions().areas.get(key) or (divisions().area_skeletons.get(skeleton_key(name)) if n > 1 else None)
        if area is None and (not any(p.country in skeleton_in for p in places) or _names_governorate(tokens, i, i + n, vocabulary)):
            area = division_spelled(name, skeleton_in)  # a division's other spelling, when no town near is so called
        if places and (all(w.lower in english for w in words) or (n == 1 and words[0].text.isupper())):
            places = ()  # "Old City", "Air Raids": English words, capitalised here; "GOP", "IST": abbreviations
        if isinstance(area, Governorate) and (around := _division_around(tokens, i, i + n, area)):
            area, first, last = around  # "the Damascus suburbs": Rif Dimashq
            return _Mention((tokens[first].start, tokens[last - 1].end), sentence, area, marked=True)
        if (isinstance(area, Governorate) and places and not _names_governorate(tokens, i, i + n, vocabulary)
                and not (area.country in skeleton_in and _phrase_before(tokens, i, vocabulary.around_openers))
                and _seat_named(key, area, places)):
            area = None  # "Idlib" alone is the town; "Idlib province", or "near Idlib", the governorate
        if area is None and places and _phrase_after(tokens, i + n, vocabulary.treaty_heads):
            continue  # "the Geneva Conventions": a treaty; "the Syria talks" still name the country
        if area is None and places and not exact and (exact_only or not _trusted(tokens, i, words, name, vocabulary, placed)
                                                      or _phrase_before(tokens, i, vocabulary.institution_openers)):
            places = ()  # "the Faculty of Arts" is not Ar Rastan, whose consonants "Arts" has
        if area is None and places and n == 1 and key not in divisions().areas and _runs_on(tokens, i + 1, gazetteer, vocabulary, skeleton_in):
            places = ()  # "Khan" of "Khan Touman": a longer name the gazetteer lacks
        if area is None and places and _tail_of_a_name(tokens, i, vocabulary, english) and not any(p.country in skeleton_in for p in places):
            places = ()  # "Jales" of "Kafr Jales": not the town in Brazil
        if area or places:
            directional = bool(area) and _is_direction(tokens, i, vocabulary)
            start = tokens[i - 1].start if directional else words[0].start
            marked = _told_as_place(tokens, i, i + n, vocabulary, english)
            return _Mention(
                (start, end), sentence, area, () if area else tuple(places), directional=directional, exact=exact, marked=marked,
                loose=loose and not area, district=not area and _names_district(tokens, i, i + n, vocabulary),
                quarter=not area and _phrase_after(tokens, i + n, vocabulary.quarter_heads),
            )
    return None


def _names_district(tokens: list[Token], i: int, j: int, vocabulary: _Vocabulary) -> bool:
    """Does the text call the name from ``i`` to ``j`` a township, municipality or local
    government area ("the township of X", "X LGA")? A town so named stands for the
    district around it, and a village named in it is the more precise place."""
    return _phrase_before(tokens, i, vocabulary.district_introducers) or _phrase_after(tokens, j, vocabulary.district_heads)


def _tail_of_a_name(tokens: list[Token], i: int, vocabulary: _Vocabulary, english: frozenset[str]) -> bool:
    """Is the word before ``i`` (or before a particle there) a capitalised name word, so
    that a name starting at ``i`` is only the end of a longer name the gazetteer lacks
    ("Jales" of "Kafr Jales", "Safi" of "Aqareb es Safi", "Center" of "Aleppo Media
    Center", "al-Hassan" of a man called "Abu al-Hassan")? Such a match is kept only
    within the report's own and monitored countries. A sentence's first word is a name
    word only when the report never writes it in lower case."""
    k = i - 1 - (i >= 2 and tokens[i - 1].text in vocabulary.particles)  # "es", not "Abu"
    if k < 0:
        return False
    before = tokens[k]
    return (
        _name_word(before) == _ANY_PLACE and before.text[0].isupper()
        and not (k == 0 and before.lower in english)
        and (before.lower not in vocabulary.not_places or before.lower in vocabulary.particles)  # "Abu", not "Monday"
        and (before.lower,) not in vocabulary.governorate_openers
    )


def _seat_named(key: str, governorate: Governorate, places: tuple[GazetteerPlace, ...]) -> bool:
    """Is one of the towns called like a division inside it, or inside a division of its
    own name, as a capital often is (Idlib, Kharkiv, Aden; Moscow, in the city of Moscow,
    not in Moscow Oblast)? Else the name is the division's (Michoacán, not a hamlet so called)."""
    if governorate.seat is not None:
        return True
    return any((home := governorate_of(p)) and (home == governorate or exact_key(home.name) == key) for p in places)


def _lookup(gazetteer: Gazetteer, name: str, skeleton_in: frozenset[str]) -> tuple[tuple[GazetteerPlace, ...], bool]:
    """The gazetteer's places called ``name``; a match by skeleton only within the
    countries ``skeleton_in`` (the monitored ones and the report's): the world's towns are
    known by their own names ("Moscow"), and English words meet their skeletons
    ("Syrians" and Sariwŏn, "Another" and Ontario)."""
    places, exact = gazetteer.lookup(name)
    return (places, True) if exact else (tuple([p for p in places if p.country in skeleton_in]), False)


def _runs_on(tokens: list[Token], j: int, gazetteer: Gazetteer, vocabulary: _Vocabulary, skeleton_in: frozenset[str]) -> bool:
    """Does a name word that is not a place of its own follow, so that the known name
    is only the head of a longer one the gazetteer lacks ("Khan" of "Khan Touman", "Bab"
    of "Bab al-Maqam", a city's gate, not the town of al-Bab)?"""
    if j + 1 < len(tokens) and tokens[j].lower in vocabulary.particles:  # "Bab al Maqam"
        j += 1
    elif j < len(tokens) and _name_word(tokens[j]) == _ANY_PLACE and not tokens[j].text[0].isupper():
        return not _lookup(gazetteer, tokens[j].text, skeleton_in)[0]  # "Bab al-Maqam"
    if j >= len(tokens) or not tokens[j].text[0].isupper():
        return False
    if j > 0 and tokens[j - 1].lower in vocabulary.compound_heads:
        return True  # "Bab Tadmor", a gate of Homs, though Tadmor is a town
    key = exact_key(tokens[j].text)
    if key in vocabulary.not_places or (key,) in vocabulary.heads or key in divisions().areas:
        return False
    return not _lookup(gazetteer, tokens[j].text, skeleton_in)[0]


def _unknown_at(
    text: str, tokens: list[Token], i: int, sentence: int, vocabulary: _Vocabulary, english: frozenset[str],
    title_case: bool = False,
) -> _Mention | None:
    """ "the village of Al-Latamneh", "Almehemdiya village", "the Shaer gas field": a place
    the gazetteer lacks. Not "Three villages" (words the report also writes in lower case
    are English words), "Eastern areas" (a direction) or "Syria-Turkey border crossing";
    a governorate's or country's name after two words or more ends the run ("Sayeda Zeinab
    Syria"), though "Old Damascus" is a name, and so does one after a direction ("East
    Aleppo" is the governorate's east). In a Title Case Headline, where every word is
    capitalised, not a run with a word the report writes in lower case ("Rival Groups
    Clash in Eastern Ghouta": a headline's words, not a village), nor what an institution
    is of ("the Faculty of Arts")."""
    areas = divisions().areas
    if any(part in areas for part in tokens[i].lower.split("-")):
        return None  # "Syria-Turkey border crossing"
    direction = (tokens[i].lower,) in vocabulary.governorate_openers
    j = i
    while (  # each word is a name's last in turn, so a name word: "Ras al Ain" stops at "al"
        j < len(tokens) and j - i < _LONGEST_NAME and _name_word(tokens[j]) == _ANY_PLACE
        and tokens[j].lower not in vocabulary.not_places
        and not ((j - i >= 2 or direction) and exact_key(tokens[j].text) in areas)
    ):
        j += 1
    if j == i or _names_run_together(tokens, i, j, vocabulary) or _phrase_before(tokens, i, vocabulary.institution_openers):
        return None
    if title_case and _headline_words(tokens, i, j, vocabulary, english):
        return None
    if _told_as_place(tokens, i, j, vocabulary, english):
        return _Mention((tokens[i].start, tokens[j - 1].end), sentence, introduced=True)
    return None


def _headline_words(tokens: list[Token], i: int, j: int, vocabulary: _Vocabulary, english: frozenset[str]) -> bool:
    """In a Title Case Headline: are the words from ``i`` to ``j`` a headline's words
    rather than a name? So if one is a word the report writes in lower case ("Rival
    Groups Clash"), or the run goes on from one that is not a preposition ("Clash" of
    "Rival Militias Clash in Rural Idlib"; not "Kafr Tala" of "Near Kafr Tala in ...")."""
    if any(t.lower in english for t in tokens[i:j]):
        return True
    before = tokens[i - 1] if i else None
    return (
        before is not None and before.text[0].isupper() and before.lower in english
        and before.lower not in vocabulary.place_prepositions
    )


_MOST_WORDS_IN_A_LISTED_NAME = 2  # "Kafr Nabl", "Ras al Ain" (particles not counted)


def _names_run_together(tokens: list[Token], i: int, j: int, vocabulary: _Vocabulary) -> bool:
    """Are the words from ``i`` to ``j`` several names of a list whose commas the copy
    lost ("the neighborhoods of Sulaiman al-Halabi al-Midan al-Sulimaniah and ...")? After
    an introducer of several places, a run of more name words than a listed name has."""
    words = [t for t in tokens[i:j] if t.lower not in vocabulary.particles]
    return len(words) > _MOST_WORDS_IN_A_LISTED_NAME and _phrase_before(tokens, i, vocabulary.list_introducers)


def _told_as_place(tokens: list[Token], i: int, j: int, vocabulary: _Vocabulary, english: frozenset[str]) -> bool:
    """Does the text say that the words from ``i`` to ``j`` name a place, whatever the
    gazetteer knows: introduced ("the village of X") or headed ("X village", "X, Idlib
    province", "X in rural Hama")? Not a direction alone ("Eastern areas", "East Aleppo",
    though "West Bank" is a name), nor words the report also writes in lower case, nor a
    sentence's first word that only the division after it would place: the sentence
    capitalises it ("Activists in rural Idlib said", "Elsewhere in Aleppo province")."""
    if j - i == 1 and (tokens[i].lower,) in vocabulary.governorate_openers:
        return False
    if all(t.lower in english for t in tokens[i:j]):
        return False
    if _introduced(tokens, i, vocabulary) or _headed(tokens, j, vocabulary, by_division=False):
        return True
    opens = all(not t.text[0].isalnum() for t in tokens[:i])
    return not (j - i == 1 and opens) and _in_a_division(tokens, j, vocabulary)


def _can_start(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.text.isupper() and len(token.text) > 3:  # "DAMASCUS, May 3 -": where the reporter filed from
        return False
    return token.text[0].isupper() or (token.lower[:3] in ("al-", "el-") and len(token.text) > 3 and token.text[3].isupper())


_NOWHERE, _INSIDE, _ANY_PLACE = range(3)  # where a word may stand in a place name


def _name_word(word: Token) -> int:
    """Where ``word`` may stand in a place name: anywhere when capitalised or a particle
    joined to a capitalised word ("al-Bab"), only inside when a particle ("Ras al Ain"),
    nowhere when an adjective made of a name ("Daesh-held") or any other word."""
    return _word_kind(word.text)


@lru_cache(maxsize=100_000)
def _word_kind(text: str) -> int:
    """:func:`_name_word` of a word written ``text``: found once per word, not for each of
    the thousands of times a long report writes it."""
    vocabulary = _vocabulary()
    lower = text.lower()
    if not text[0].isalpha() or lower.endswith(vocabulary.adjective_suffixes):  # "Daesh-held"
        return _NOWHERE
    if text[0].isupper():
        return _ANY_PLACE
    particle = lower.split("-")[0]
    if "-" in lower and particle in vocabulary.particles and text[len(particle) + 1 :][:1].isupper():
        return _ANY_PLACE
    return _INSIDE if lower in vocabulary.particles else _NOWHERE


def _phrase_before(tokens: list[Token], i: int, phrases: _Phrases) -> bool:
    if i == 0 or tokens[i - 1].lower not in phrases.lasts:
        return False
    before = [t.lower for t in tokens[max(0, i - 3) : i]]
    return any(tuple(before[max(0, len(before) - k) :]) in phrases for k in (1, 2, 3))


def _phrase_after(tokens: list[Token], j: int, phrases: _Phrases) -> bool:
    if j >= len(tokens) or tokens[j].lower not in phrases.firsts:
        return False
    after = [t.lower for t in tokens[j : j + 3]]
    return any(tuple(after[:k]) in phrases for k in (1, 2, 3))


def _introduced(tokens: list[Token], i: int, vocabulary: _Vocabulary) -> bool:
    return _phrase_before(tokens, i, vocabulary.introducers)


def _headed(tokens: list[Token], j: int, vocabulary: _Vocabulary, *, by_division: bool = True) -> bool:
    """ "X village", "X, a quiet village" and "X, Idlib province": a head word after the
    name, or in an apposition of up to two more words, or (``by_division``) the division
    the name lies in."""
    if _phrase_after(tokens, j, vocabulary.heads):
        return True
    if j + 2 < len(tokens) and tokens[j].text == "," and tokens[j + 1].lower in ("a", "an", "the"):
        return any(_phrase_after(tokens, k, vocabulary.heads) for k in range(j + 2, min(j + 5, len(tokens))))
    return by_division and _in_a_division(tokens, j, vocabulary)


def _in_a_division(tokens: list[Token], j: int, vocabulary: _Vocabulary) -> bool:
    """ "Kafr Jales, Idlib province", "Ibtaa in the Daraa countryside", "X in rural Hama":
    a name followed by the division it lies in, told as a division (a head word after
    the division's name, or a direction or "rural" before it), is a place's."""
    if j >= len(tokens) or tokens[j].lower not in (",", "in"):
        return False
    k = j + 1 + (j + 1 < len(tokens) and tokens[j + 1].lower == "the")
    opened = k < len(tokens) and (tokens[k].lower,) in vocabulary.governorate_openers
    k += opened
    for n in range(1, 4):
        name = tokens[k : k + n]
        if len(name) == n and isinstance(area_named(" ".join(t.text for t in name)), (Governorate, NamedArea)):
            return opened or _phrase_after(tokens, k + n, vocabulary.governorate_heads)
    return False


def _is_direction(tokens: list[Token], i: int, vocabulary: _Vocabulary) -> bool:
    return i > 0 and (tokens[i - 1].lower,) in vocabulary.governorate_openers and tokens[i - 1].lower not in ("rural",)


_AROUND = 2  # words before or after a name that a division's alias may add ("outskirts of")


def _division_around(
    tokens: list[Token], i: int, j: int, own: Governorate,
) -> tuple[Governorate | NamedArea, int, int] | None:
    """Another division than ``own`` that the data (``data/places``) names by
    tokens[i:j] with the words just after or before it, and its token span: "the
    Damascus suburbs", "the outskirts of Damascus" and "rural Damascus" are Rif Dimashq,
    the governorate around the city's, not Damascus. "The capital" set before the name
    stands aside: "east of the capital Damascus" reads as "east of Damascus"."""
    areas = divisions().areas
    named = " ".join(t.text for t in tokens[i:j])
    aside = 2 if i >= 2 and [t.lower for t in tokens[i - 2 : i]] == ["the", "capital"] else 0
    for k in range(1, _AROUND + 1):
        before = i - aside - k
        phrases = [(i, j + k, " ".join(t.text for t in tokens[i : j + k])) if j + k <= len(tokens) else None,
                   (before, j, " ".join([*(t.text for t in tokens[before : i - aside]), named])) if before >= 0 else None]
        for first, last, phrase in filter(None, phrases):
            area = areas.get(exact_key(phrase))
            if area is not None and area != own:
                return area, first, last
    return None


def _names_governorate(tokens: list[Token], i: int, j: int, vocabulary: _Vocabulary) -> bool:
    """ "Idlib province", "northern Hama", and each name of a list that one of these
    qualifies: "the provinces of Hama and Idlib", "Hama, Aleppo and Latakia provinces"."""
    while i > 0 and tokens[i - 1].lower in (",", "and") and i >= 2 and tokens[i - 2].text[0].isupper():
        i -= 2
        while i > 0 and tokens[i - 1].text[0].isupper() and not _phrase_before(tokens, i, vocabulary.governorate_openers):
            i -= 1
    while j < len(tokens) - 1 and tokens[j].lower in (",", "and") and tokens[j + 1].text[0].isupper():
        j += 2
        while j < len(tokens) and tokens[j].text[0].isupper():
            j += 1
    return _phrase_before(tokens, i, vocabulary.governorate_openers) or _phrase_after(tokens, j, vocabulary.governorate_heads)


def _trusted(
    tokens: list[Token], i: int, words: list[Token], name: str, vocabulary: _Vocabulary, placed: frozenset[str]
) -> bool:
    """Is a match of ``name`` by skeleton only to be kept: placed by its spelling elsewhere
    in the report, or :func:`_skeleton_trusted` here? Asked only of such a match (most
    runs of name words are no place, or an exact one), not of every run."""
    return skeleton_key(name) in placed or _skeleton_trusted(tokens, i, words, vocabulary)


def _skeleton_trusted(tokens: list[Token], i: int, words: list[Token], vocabulary: _Vocabulary) -> bool:
    """A match by consonant skeleton only ("Kfar Zeita") needs more than one word (none
    of them a country: "Syrias Idlib" is no village), or a word the text marks as a place."""
    if any(isinstance(divisions().areas.get(exact_key(w.text)), Country) for w in words):
        return False
    n = len(words)
    return n > 1 or _introduced(tokens, i, vocabulary) or _headed(tokens, i + n, vocabulary) or _after_locative(tokens, i)


def _short_name_placed(tokens: list[Token], i: int, name: str, vocabulary: _Vocabulary) -> bool:
    """Is ``name`` one whose skeleton is too short to look up ("Houn": hn) that the
    text says is a place (after "in", "the town of", before "village")? Such a name may
    be a town's spelled with other vowels (:meth:`Gazetteer.loosely_named`)."""
    return len(skeleton_key(name)) < MIN_SKELETON and _skeleton_trusted(tokens, i, tokens[i : i + 1], vocabulary)


def _after_locative(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].lower in ("in", "near", "into", "towards", "toward", "around", "outside", "of", "from")


def _sure_admin1(mention: _Mention) -> str | None:
    if isinstance(mention.area, Governorate):
        return mention.area.name
    if isinstance(mention.area, NamedArea):
        return mention.area.admin1
    return _sure_admin1_of(mention.candidates)


def _sure_admin1_of(candidates: tuple[GazetteerPlace, ...]) -> str | None:
    """The governorate of a name with no division of its own: its only candidate's."""
    if len(candidates) == 1:
        governorate = governorate_of(candidates[0])
        return governorate.name if governorate else None
    return None


class _Located:
    """What locating one mention needs to know of the others, counted once for all: a
    report of megabytes has tens of thousands of mentions, and reading them all again
    for each one took hours.

    Mentions come in the order of the text, so each sentence's are in order too."""

    def __init__(self, mentions: list[_Mention], home: str | None, text: str) -> None:
        self.mentions = mentions
        self.report_admin1 = Counter(a for m in mentions if (a := _sure_admin1(m)))
        self.sentence_admin1: defaultdict[int, Counter] = defaultdict(Counter)
        self.at_home: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)  # (start, admin1) by sentence
        self._told: list[tuple[int, str]] = []  # all of them, for the governorate told last before a name
        for mention in mentions:
            if admin1 := _sure_admin1(mention):
                self.sentence_admin1[mention.sentence][admin1] += 1
                if home is None or _country_of(mention) == home:
                    self.at_home[mention.sentence].append((mention.span[0], admin1))
                    self._told.append((mention.span[0], admin1))
        home_admin1 = Counter({a: n for a, n in self.report_admin1.items() if home is None or _division_country(a) == home})
        self.home_admin1 = home_admin1.most_common(1)[0][0] if home_admin1 else None
        # A name the gazetteer lacks, told in a sentence that places it ("Al-Quriyah
        # southeast of Deir Ezzor city"), is in that governorate wherever else it is told
        # ("the opposition-held city of Al Quriyah"): the first such sentence's.
        self.unlisted_admin1: dict[str, str] = {}
        for mention in mentions:
            if not (mention.area or mention.candidates) and (admin1 := self.nearest_admin1(mention)):
                self.unlisted_admin1.setdefault(exact_key(text[mention.span[0] : mention.span[1]]), admin1)

    def in_sentence(self, mention: _Mention, admin1: str | None) -> int:
        """How many other mentions of ``mention``'s sentence are surely in ``admin1``."""
        own = admin1 is not None and _sure_admin1(mention) == admin1
        return self.sentence_admin1[mention.sentence][admin1] - own

    def preceding_admin1(self, mention: _Mention) -> str | None:
        """The governorate of the last place at home told before ``mention`` surely in one:
        a report tells its places a paragraph at a time ("In Aleppo, ... Earlier, shells hit
        the Midan neighbourhood")."""
        k = bisect.bisect_left(self._told, (mention.span[0], ""))
        return self._told[k - 1][1] if k else None

    def nearest_admin1(self, mention: _Mention) -> str | None:
        """The governorate of the nearest place at home in ``mention``'s sentence that is
        surely in one (the earlier of two as near); ``mention`` has none of its own."""
        found = self.at_home[mention.sentence]
        starts = [start for start, _ in found]
        at = mention.span[0]
        k = bisect.bisect_left(starts, at)
        before = found[bisect.bisect_left(starts, starts[k - 1])] if k > 0 else None
        after = found[k] if k < len(found) else None
        if before and (after is None or at - before[0] <= after[0] - at):
            return before[1]
        return after[1] if after else None


def _locate(text: str, mention: _Mention, located: _Located, gazetteer: Gazetteer, home: str | None) -> Place:
    name = sys.intern(text[mention.span[0] : mention.span[1]])  # a long report names a few places thousands of times
    area = mention.area
    if isinstance(area, Governorate):  # placed at its seat, else the middle of its towns, as the precision says
        seat = gazetteer.place(area.seat) if area.seat else None
        at = (seat.latitude, seat.longitude) if seat else gazetteer.centre(area.country, area.geonames_admin1)
        return Place(name, mention.span, "governorate", canonical=area.name, admin1=area.name, country=area.country,
                     latitude=at[0] if at else None, longitude=at[1] if at else None)
    if isinstance(area, NamedArea):
        return Place(name, mention.span, "region", canonical=area.name, admin1=area.admin1, country=area.country)
    if isinstance(area, Country):  # "Syria", or "northwest Syria": a region of it
        precision = "region" if mention.directional else "country"
        return Place(name, mention.span, precision, canonical=area.name, country=area.iso)
    if mention.candidates:
        best = _choose(mention, located)
        governorate = governorate_of(best)
        precision = "locality" if best.feature_class in "PST" else _PRECISION_BY_CODE.get(best.feature_code, "region")
        if precision == "locality" and mention.district:
            precision = "district"  # "the township of X": the municipality around the town
        # A governorate's seat of the same name is published under that name: "Raqqa", not "Ar Raqqah".
        same_name = governorate and governorate.seat == best.geonameid and exact_key(name) in map(exact_key, governorate.aliases)
        return Place(name, mention.span, precision, geonameid=best.geonameid, canonical=governorate.name if same_name else best.name,
                     latitude=best.latitude, longitude=best.longitude,
                     admin1=governorate.name if governorate else None, country=best.country)
    told_of = _country_told_beside(text, mention.span)
    if told_of is not None and told_of != home:  # "Kiryat Shmona, an Israeli town", in a report from Lebanon
        return Place(name, mention.span, "country", country=told_of)
    # A place the gazetteer lacks lies in the report's country: a division abroad named near it is no clue.
    admin1 = (located.nearest_admin1(mention) or located.unlisted_admin1.get(exact_key(name))
              or located.preceding_admin1(mention) or located.home_admin1)
    country = home or (divisions().governorates[admin1].country if admin1 else None)
    return Place(name, mention.span, "governorate" if admin1 else "country", admin1=admin1, country=country)


@cache
def _country_by_demonym() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """Patterns for a demonym and a settlement word told just after a name (", an Israeli
    town") or just before it ("the Israeli town of"), and each demonym's country."""
    by_demonym = {d: c["code"] for c in read_data("countries_en.toml")["countries"] for d in c["demonyms"]}
    demonym = "|".join(sorted(map(re.escape, by_demonym), key=len, reverse=True))
    word = "|".join(sorted(map(re.escape, read_data("places_en.toml")["settlement_words"]), key=len, reverse=True))
    after = re.compile(rf"\s*,\s*(?:an?|the) (?:\w+ )?({demonym}) (?:{word})\b", re.IGNORECASE)
    before = re.compile(rf"\b(?:an?|the) (?:\w+ )?({demonym}) (?:{word}) of\s*$", re.IGNORECASE)
    return after, before, by_demonym


def _country_told_beside(text: str, span: tuple[int, int]) -> str | None:
    """The country the text says a place is in by a demonym beside it ("Kiryat Shmona,
    an Israeli town located over the border"; "the Israeli town of Metula")."""
    after, before, by_demonym = _country_by_demonym()
    found = after.match(text, span[1]) or before.search(text[max(0, span[0] - _BESIDE_REACH) : span[0]])
    return by_demonym[found.group(1).lower()] if found else None


_BESIDE_REACH = 60  # characters before a name in which "the Israeli town of" is read


def _elsewhere(matched: list[_Mention], mentions: list[_Mention]) -> list[_Mention]:
    """The doubtful matches in a governorate the report never names, while their sentence
    names another (as a governorate, a region or a town of it). There the report speaks of
    a namesake the gazetteer lacks ("Mallah farms in rural Aleppo" is not the Malah of
    As-Suwayda), and the name is placed as an unknown place of its sentence's governorate.
    Doubtful: a match by skeleton only, villages with no recorded population, which
    share their names with many others, or small namesakes in several divisions; never a
    name that is itself a governorate's or region's. A short name matched with other vowels ("Rabia" and Rabī‘ah) is weaker
    still: it stands only in a governorate the report names elsewhere, whatever its
    sentence names.

    A match's own namesakes (mentions with the same candidates and no division) are no
    evidence for it: the counts below are of all mentions, less theirs."""
    admin1 = [_sure_admin1(m) for m in mentions]
    in_sentence = Counter(m.sentence for m, a in zip(mentions, admin1) if a)
    areas = {a: one_area(a) for a in set(admin1) - {None}}
    named = Counter(g for a in admin1 if a for g in areas[a])
    alike = Counter(m.candidates for m in mentions if not m.area)
    alike_in_sentence = Counter((m.candidates, m.sentence) for m in mentions if not m.area)
    found = []
    for mention in matched:
        if mention.exact and any(c.population for c in mention.candidates) and not _small_namesakes(mention.candidates):
            continue
        own = _sure_admin1_of(mention.candidates)  # every namesake's too
        here = in_sentence[mention.sentence] - (alike_in_sentence[mention.candidates, mention.sentence] if own else 0)
        if not here and not mention.loose:
            continue

        def is_named(governorate: str) -> bool:
            return named[governorate] - (alike[mention.candidates] if governorate in areas.get(own, ()) else 0) > 0

        if not any((g := governorate_of(c)) and is_named(g.name) for c in mention.candidates):
            found.append(mention)
    return found


def _small_namesakes(candidates: tuple[GazetteerPlace, ...]) -> bool:
    """Are these towns of one name in several divisions, none of them large? Such a name
    ("Agua Escondida", hamlets of three states) may as well be a fourth the gazetteer lacks."""
    return len({(c.country, c.admin1) for c in candidates}) > 1 and all(c.population < _NAMED_COUNTRY_TOWN for c in candidates)


def _choose(mention: _Mention, located: _Located) -> GazetteerPlace:
    conflict = set(divisions().countries)

    def rank(place: GazetteerPlace) -> tuple:
        governorate = governorate_of(place)
        name = governorate.name if governorate else None
        return (located.in_sentence(mention, name), located.report_admin1[name], place.country in conflict,
                place.feature_class == "P", place.population)

    return max(mention.candidates, key=rank)


def _division_country(admin1: str) -> str | None:
    governorate = divisions().governorates.get(admin1)
    return governorate.country if governorate else None


def _country_of(mention: _Mention) -> str | None:
    if isinstance(mention.area, Country):
        return mention.area.iso
    if mention.area:
        return mention.area.country
    return mention.candidates[0].country if mention.candidates else None

