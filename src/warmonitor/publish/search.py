"""Full-text search of the dashboard's table and the API's ``q``: which incidents a few
words find.

A word finds an incident when its place (location or region), one of its actors, the
quote of one of its claims ("killed 12 civilians") or a source its reports credit holds
it, in any case; every word must find the incident (so
"Saraqib civilians" narrows, as a search box does). It is plain SQL ``LIKE`` (``ILIKE``
on PostgreSQL), so it works the same on both stores and needs no search index: ``%``
and ``_`` in the words are escaped and mean themselves. On SQLite, ``LIKE`` alone folds
case as its ``lower()`` does (ASCII letters only), so the ``lower()`` on every row that
SQLAlchemy's ``ilike`` writes there is left out: it tripled the cost of a search.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Boolean, String, bindparam, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from ..store import schema as t
from .filters import IncidentFilter

MAX_WORDS = 8  # each word adds a scan of the claims' quotes: a query stays cheap


@dataclass(frozen=True)
class SearchFilter(IncidentFilter):
    """The filters, and the words of a search (``text``): what the table, the map, the
    timeline, the totals and the downloads of one view select."""

    text: str | None = None

    def apply(self, query):
        query = super().apply(query)
        for word in search_words(self.text):
            query = query.where(_finds(word))
        return query

    def prepare(self, query) -> tuple:
        statement, values = super().prepare(query)
        for word in search_words(self.text):  # bound as they are: a search costs more than its building
            statement = statement.where(_finds(word))
        return statement, values


def search_words(text: str | None) -> list[str]:
    """The words of a search, the first :data:`MAX_WORDS` distinct ones."""
    return list(dict.fromkeys((text or "").split()))[:MAX_WORDS]


def _finds(word: str):
    """The condition that ``word`` is in the incident's place, actors or quotes."""
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    c = t.incident.c
    quoted = (
        select(t.event.c.incident_id)
        .join(t.claim, t.claim.c.event_id == t.event.c.id)
        .where(_Holds(t.claim.c.quote, pattern))
    )
    credited = select(t.event.c.incident_id).where(_Holds(t.event.c.sources, pattern))
    return or_(
        *(_Holds(column, pattern) for column in (c.location, c.admin1, c.actor1, c.actor2)),
        c.id.in_(quoted),
        c.id.in_(credited),
    )


class _Holds(ColumnElement):
    """``column`` matches the ``LIKE`` pattern in any case, escaped by a backslash:
    ``ILIKE`` on PostgreSQL, plain ``LIKE`` on SQLite (see the module's docstring)."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a comparison already: SQLite needs no "= 1" after it
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("pattern", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, pattern: str) -> None:
        self.column = column
        self.pattern = bindparam(None, pattern, type_=String())


@compiles(_Holds)
def _ilike(element: _Holds, compiler, **kw) -> str:
    return compiler.process(element.column.ilike(element.pattern, escape="\\"), **kw)


@compiles(_Holds, "sqlite")
def _like(element: _Holds, compiler, **kw) -> str:
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)
