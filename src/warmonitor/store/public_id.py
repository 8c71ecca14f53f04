"""Incident ids that do not depend on the store: the same incident gets the same public
id in any store built from the same reports, in whatever order they were read.

A row id counts rows as they were written (and on PostgreSQL, sequence values that a
rolled-back transaction used up), so two stores number the same incident differently
and a citation of "incident 96" names nothing outside its store. A public id is made
from natural keys instead (as store/checksum.py compares stores): the incident's
earliest event — its report's publication date first, then the hash of the report's
cleaned text, then the event's place among that report's events — hashed to ten
characters. Taking the earliest report keeps an incident's id when later reports join
it, as they usually do; a report published earlier than every other one of the incident,
or a merge of two incidents, gives it the id of its new earliest event.

The id starts with a letter and holds only lower-case letters and the digits 2 to 7
(base 32), so it can never be mistaken for a row id in an address (/events/a7kq2m4xzd).
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import Connection, bindparam, func, select, update

from . import schema as t

LENGTH = 10
PATTERN = "[a-z][a-z2-7]{9}"  # what :func:`public_id` makes, for routes to recognise
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_BASE32 = _LETTERS + "234567"


def public_id(content_hash: str, position: int) -> str:
    """The public id of the incident whose earliest event is the ``position``-th event
    (from 0) of the report with this ``content_hash``."""
    number = int.from_bytes(hashlib.sha256(f"{content_hash}/{position}".encode()).digest()[:8], "big")
    letters = [_LETTERS[number % 26]]
    number //= 26
    for _ in range(LENGTH - 1):
        letters.append(_BASE32[number % 32])
        number //= 32
    return "".join(letters)


def assign_public_ids(connection: Connection, incident_ids: list[int] | None = None) -> None:
    """Set the public id of each incident of ``incident_ids`` (every incident: None) from
    its earliest event, in the order the module's docstring gives (only those whose id
    changes are written)."""
    if incident_ids == []:
        return
    if incident_ids is None:
        rows = connection.execute(_MEMBERS.where(t.event.c.incident_id.is_not(None))).all()
    else:
        rows = connection.execute(_MEMBERS_OF, {"ids": incident_ids}).all()
    earliest: dict[int, tuple] = {}
    current = {row.incident_id: row.public_id for row in rows}
    for row in rows:
        key = (row.published is None, row.published or date.min, row.content_hash, row.position)
        if row.incident_id not in earliest or key < earliest[row.incident_id]:
            earliest[row.incident_id] = key
    values = [
        {"id_": incident_id, "public_id": new}
        for incident_id, key in earliest.items() if (new := public_id(key[2], key[3])) != current[incident_id]
    ]
    if values:
        connection.execute(_SET_PUBLIC_ID, values)


def _members():
    """Each event of an incident with what its public id is made of, its position among
    its report's events (0 for the first) included: a report's events are stored in the
    order the report tells them, whatever else the store holds, so the position is how
    many events of the report have a smaller id. Read in the same statement, not in one
    more for the events of the members' reports, as the writer asks this for every
    report it stores."""
    e, before = t.event.c, t.event.alias("before").c
    position = (select(func.count()).where(before.document_id == e.document_id, before.id < e.id)
                .scalar_subquery().label("position"))
    return (
        select(e.id, e.incident_id, e.document_id, t.document.c.published, t.document.c.content_hash,
               t.incident.c.public_id, position)
        .join(t.document, e.document_id == t.document.c.id).join(t.incident, e.incident_id == t.incident.c.id)
    )


# built once: the writer asks for the incidents of every report it stores
_MEMBERS = _members()
_MEMBERS_OF = _MEMBERS.where(t.event.c.incident_id.in_(bindparam("ids", expanding=True)))
_SET_PUBLIC_ID = update(t.incident).where(t.incident.c.id == bindparam("id_")).values(public_id=bindparam("public_id"))
