"""Which incidents a tally, an export or an API query is about: one filter, applied in SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from sqlalchemy import and_, bindparam, exists, false, or_

from ..packs import packs
from ..store import schema as t
from .countries import country_code
from .fields import FILTERS


class FilterError(ValueError):
    """A filter that cannot be applied: one line for the user."""


@dataclass(frozen=True)
class IncidentFilter:
    start: date | None = None
    end: date | None = None
    admin1: str | None = None
    place: str | None = None
    type: str | None = None
    actor: str | None = None
    side: str | None = None
    country: str | None = None  # ISO-2 code
    conflict: str | None = None  # a conflict pack's name ("Yemen war") or slug ("yemen"), in any case
    min_killed: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    # Incidents known only from later reports that recall them are left out of tallies,
    # lists and exports unless asked for: the news of them is not in the store.
    recalled: bool = False

    def values(self) -> dict[str, object]:
        """The filters that are set, each by the name of the bind parameter it is compared
        with in SQL (a conflict by its pack's name; the box by its sides, ``west`` ...)."""
        values: dict[str, object] = {}
        for name in ("start", "end", "admin1", "place", "type", "country"):
            if getattr(self, name):
                values[name] = getattr(self, name)
        if self.conflict:
            values["conflict"] = conflict_named(self.conflict) or self.conflict
        for name in ("actor", "side"):
            if getattr(self, name):
                values[name] = getattr(self, name)
        if self.min_killed is not None:
            values["min_killed"] = self.min_killed
        if self.bbox:
            values.update(zip(_SIDES, self.bbox))
        return values

    def apply(self, query):
        """``query`` (over the incident table) narrowed to the matching incidents."""
        values = self.values()
        return query.where(*_conditions(self.recalled, values, values.__getitem__))

    def prepare(self, query) -> tuple:
        """``query`` narrowed as :meth:`apply` does, but by conditions on named bind
        parameters, and their values: the statement is built once for each set of filters
        and reused (``query`` must be one built once too, a module's constant). Building
        a statement cost a page of events more than SQLite took to answer it."""
        values = self.values()
        return _prepared(query, self.recalled, frozenset(values)), values


_SIDES = ("west", "south", "east", "north")


@lru_cache(maxsize=512)
def _prepared(query, recalled: bool, names: frozenset[str]):
    return query.where(*_conditions(recalled, names, bindparam))


def _conditions(recalled: bool, names, value) -> list:
    """The conditions of the filters ``names`` (those of :meth:`IncidentFilter.values`),
    each compared with ``value(name)``: the filter's value, or a bind parameter."""
    c = t.incident.c
    conditions = [] if recalled else [c.recalled.is_(false())]
    if "start" in names:
        conditions.append(c.date >= value("start"))
    if "end" in names:
        conditions.append(c.date <= value("end"))
    equal = ((c.admin1, "admin1"), (c.location, "place"), (c.type, "type"), (c.country, "country"), (c.conflict, "conflict"))
    for column, name in equal:
        if name in names:
            conditions.append(column == value(name))
    if "actor" in names:
        conditions.append(or_(c.actor1 == value("actor"), c.actor2 == value("actor")))
    if "side" in names:
        figure = t.incident_figure.alias("side_figure")  # its own name: queries may join the figures too
        has_figure = exists().where(figure.c.incident_id == c.id, figure.c.category == value("side"))
        conditions.append(or_(has_figure, c.actor1_side == value("side"), c.actor2_side == value("side")))
    if "min_killed" in names:
        conditions.append(c.killed >= value("min_killed"))
    if "west" in names:
        west, south, east, north = map(value, _SIDES)
        conditions.append(and_(c.longitude.between(west, east), c.latitude.between(south, north)))
    return conditions


def parse_where(clauses: list[str]) -> dict[str, str]:
    """ "admin1=Idlib" clauses (the CLI's --where) into keyword arguments of IncidentFilter."""
    where = {}
    for clause in clauses:
        key, sep, value = clause.partition("=")
        key = key.strip().lower()
        if not sep or key not in FILTERS or not value.strip():
            raise FilterError(f"--where {clause!r}: expected FIELD=VALUE with FIELD one of {', '.join(FILTERS)}")
        where[key] = value.strip()
    if "country" in where:
        where["country"] = country_filter(where["country"])
    if "conflict" in where:
        where["conflict"] = conflict_filter(where["conflict"])
    return where


def country_filter(text: str) -> str:
    """The code a country filter stands for: "SD", "sd" and "Sudan" are all "SD"."""
    code = country_code(text)
    if code is None:
        raise FilterError(f"country {text!r}: not a country's two-letter code (such as SD) or its name")
    return code


def conflict_filter(text: str) -> str:
    """The conflict a filter stands for, as its pack names it and the store keeps it."""
    name = conflict_named(text)
    if name is None:
        raise FilterError(f"conflict {text!r}: not a conflict pack's name or slug ({', '.join(sorted(packs()))})")
    return name


def conflict_named(text: str) -> str | None:
    """The pack name ``text`` stands for: the name or the slug (the pack file's name),
    in any case, with spaces, hyphens and dashes alike ("yemen", "Yemen War" and
    "russia-ukraine-war" name "Yemen war" and "Russia-Ukraine war"); None for no pack."""
    return _conflicts().get(_conflict_key(text))


@cache
def _conflicts() -> dict[str, str]:
    return {_conflict_key(key): pack.name for slug, pack in packs().items() for key in (slug, pack.name)}


def _conflict_key(text: str) -> str:
    return re.sub(r"[\s\-\u2010-\u2015]+", "-", text.strip().casefold())


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise FilterError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise FilterError("bbox must satisfy -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return west, south, east, north
