"""Checksums of a store's tables with every id replaced by a natural key.

Ids depend on the order rows were written (and on PostgreSQL, on sequence values a
rolled-back transaction used up): two stores that hold the same reports, incidents and
figures must still compare equal. So a document is its cleaned text's hash, a claim its
document and span, an event its document, type and evidence, an incident the sorted
keys of its events; each table's rows, so rewritten, are sorted and hashed. Used by the
tests and ``bench/store_order.py`` to show that the result does not depend on the
order of the input.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import Connection, select

from . import schema as t

_CLOCKS = {"ingested_at"}  # when a row was written is not what it says


def table_checksums(connection: Connection) -> dict[str, str]:
    """Each table's name and the hash of its rows, ids replaced by natural keys."""
    documents = {row.id: row.content_hash for row in connection.execute(select(t.document.c.id, t.document.c.content_hash))}
    claims = {row.id: (documents[row.document_id], row.span_start, row.span_end)
              for row in connection.execute(select(t.claim.c.id, t.claim.c.document_id, t.claim.c.span_start, t.claim.c.span_end))}
    events = {row.id: (documents[row.document_id], row.type, row.evidence)
              for row in connection.execute(select(t.event.c.id, t.event.c.document_id, t.event.c.type, t.event.c.evidence))}
    members = defaultdict(list)
    for row in connection.execute(select(t.event.c.id, t.event.c.incident_id)):
        members[row.incident_id].append(events[row.id])
    incidents = {incident_id: tuple(sorted(keys)) for incident_id, keys in members.items() if incident_id is not None}

    def claim_list(text: str) -> tuple:
        return tuple(claims[int(i)] for i in text.split(",") if i)

    keys = {
        "document_id": documents.get, "copy_of": documents.get, "claim_id": claims.get, "part_of_id": claims.get,
        "beside_id": claims.get, "event_id": events.get, "incident_id": incidents.get, "claim_ids": claim_list,
    }
    own = {"document": documents, "claim": claims, "event": events, "incident": incidents,
           "incident_history": _history_steps(connection)}
    checksums = {}
    for table in t.metadata.sorted_tables:
        rows = []
        for row in connection.execute(select(table)).mappings():
            natural = {"id": own.get(table.name, {}).get(row["id"])} if "id" in row else {}
            for name, value in row.items():
                if name != "id" and name not in _CLOCKS:
                    natural[name] = keys[name](value) if name in keys and value is not None else value
            rows.append(repr(sorted(natural.items())))
        checksums[table.name] = hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()[:16]
    return checksums


def _history_steps(connection: Connection) -> dict[int, int]:
    """Each history row's place in its incident's history (0 for the first change): one
    incident's history is a sequence, and its order must match too."""
    history = t.incident_history.c
    steps, seen = {}, defaultdict(int)
    for row_id, incident_id in connection.execute(select(history.id, history.incident_id).order_by(history.id)):
        steps[row_id] = seen[incident_id]
        seen[incident_id] += 1
    return steps
