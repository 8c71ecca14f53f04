"""Store a whole store again in the canonical order, when new reports sort before stored ones.

Which reports make one incident, and its figures and history, depend on the order
reports are stored in (docs/store.md), and one ingest stores its reports in the
canonical order: by report date, then id, then the hash of the cleaned text. A later
ingest whose reports sort before some already stored — the rerun of a report a lost
connection kept out, an archive added to a store — would store them after those, and
the store would differ from one clean run of all the reports. Nothing stored can be
taken back exactly (a report may have merged two incidents), so the store's own
documents are read again, with the new ones, into a new temporary store in the
canonical order, whose tables then replace the store's in one transaction: the store
is never half rebuilt, and a failure leaves it as it was.

Kept across the rebuild: when each document was first ingested, what ``watch`` knows of
its sources and articles (re-linked to their documents by the text's hash), and the
alerts sent (re-linked to the incident that holds the same first event).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from ..records import Document
from . import schema as t
from .database import open_store
from .writer import take_write_lock

OrderKey = tuple[bool, date, str, str]
"""Where a report falls in the canonical order: undated last, date, id, hash of its text."""

_KEPT = {"watch_source", "watch_article", "alert_delivery"}  # not made from the reports
_BATCH = 1000


def order_key(published: date | None, document_id: str, digest: str) -> OrderKey:
    return (published is None, published or date.min, document_id, digest)


@dataclass(frozen=True)
class StoreState:
    """How many documents a store holds and its newest id: unchanged, if nobody else wrote."""

    documents: int
    newest: int | None


def state(connection: Connection) -> StoreState:
    row = connection.execute(select(func.count(), func.max(t.document.c.id)).select_from(t.document)).one()
    return StoreState(row[0], row[1])


def last_stored(engine: Engine) -> OrderKey | None:
    """The key of the stored document that comes last in the canonical order (None: empty)."""
    doc = t.document.c
    with engine.connect() as connection:
        undated = connection.execute(select(func.count()).where(doc.published.is_(None))).scalar_one()
        latest = doc.published.is_(None) if undated else doc.published == select(func.max(doc.published)).scalar_subquery()
        rows = connection.execute(select(doc.published, doc.external_id, doc.content_hash).where(latest)).all()
    return max((order_key(*row) for row in rows), default=None)


def stored_documents(engine: Engine) -> Iterator[tuple[str, Document]]:
    """Every stored document, as ingest read it, with the hash of its text."""
    doc = t.document.c
    columns = (doc.id, doc.external_id, doc.text, doc.title, doc.published, doc.url, doc.outlet, doc.raw_text,
               doc.content_hash)
    with engine.connect() as connection:
        after = 0
        while True:  # in pages: a store's texts need not fit in memory at once
            rows = connection.execute(select(*columns).where(doc.id > after).order_by(doc.id).limit(_BATCH)).all()
            if not rows:
                return
            for row in rows:
                yield row.content_hash, Document(
                    id=row.external_id, text=row.text, title=row.title, published=row.published, url=row.url,
                    outlet=row.outlet, raw=row.raw_text,
                )
            after = rows[-1].id


@contextmanager
def temporary_store() -> Iterator[Engine]:
    """A new SQLite store in a temporary folder, gone afterwards."""
    with tempfile.TemporaryDirectory(prefix="warmonitor-reorder-") as folder:
        engine = open_store(str(Path(folder) / "store.sqlite"))
        try:
            yield engine
        finally:
            engine.dispose()


class StoreChanged(Exception):
    """Another writer stored reports while this one rebuilt the store."""


def replace_tables(rebuilt: Engine, target: Engine, expected: StoreState) -> None:
    """Put ``rebuilt``'s report tables in place of ``target``'s, in one transaction."""
    made = [table for table in t.metadata.sorted_tables if table.name not in _KEPT]
    with rebuilt.connect() as source, target.begin() as connection:
        take_write_lock(connection)
        if state(connection) != expected:
            raise StoreChanged("another ingest stored reports meanwhile; run this ingest again")
        first_ingested = dict(connection.execute(select(t.document.c.content_hash, t.document.c.ingested_at)).all())
        articles = _article_documents(connection)
        alerts = _alerts_by_first_event(connection)
        connection.execute(update(t.watch_article).values(document_id=None))
        connection.execute(delete(t.alert_delivery))
        for table in reversed(made):
            connection.execute(delete(table))
        for table in made:
            rows = source.execute(select(table)).mappings()
            while batch := [dict(row) for row in islice(rows, _BATCH)]:
                if table is t.document:
                    for row in batch:
                        row["ingested_at"] = first_ingested.get(row["content_hash"], row["ingested_at"])
                connection.execute(insert(table), batch)
        _relink_articles(connection, articles)
        _relink_alerts(connection, alerts)
        if connection.dialect.name == "postgresql":
            for table in made:
                if "id" in table.c:  # the next id after the copied ones
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce(max(id), 0) + 1, false) FROM {table.name}"))


def _article_documents(connection: Connection) -> list[tuple[int, str]]:
    article, doc = t.watch_article.c, t.document.c
    query = select(article.id, doc.content_hash).join(t.document, doc.id == article.document_id)
    return [tuple(row) for row in connection.execute(query)]


def _relink_articles(connection: Connection, articles: list[tuple[int, str]]) -> None:
    ids = dict(connection.execute(select(t.document.c.content_hash, t.document.c.id)).all())
    for article_id, digest in articles:
        connection.execute(update(t.watch_article).where(t.watch_article.c.id == article_id)
                           .values(document_id=ids.get(digest)))


def _first_events(connection: Connection) -> dict[int, tuple]:
    """Each incident's first event, by its natural key (its text's hash, type, evidence)."""
    event, doc = t.event.c, t.document.c
    query = (select(event.incident_id, doc.content_hash, event.type, event.evidence)
             .join(t.document, doc.id == event.document_id).where(event.incident_id.is_not(None)))
    first: dict[int, tuple] = {}
    for incident_id, *key in connection.execute(query):
        first[incident_id] = min(first.get(incident_id, tuple(key)), tuple(key))
    return first


def _alerts_by_first_event(connection: Connection) -> list[tuple[tuple, dict]]:
    first = _first_events(connection)
    rows = connection.execute(select(t.alert_delivery)).mappings()
    return [(first[row["incident_id"]], dict(row)) for row in rows if row["incident_id"] in first]


def _relink_alerts(connection: Connection, alerts: list[tuple[tuple, dict]]) -> None:
    """An alert stays with the incident holding its old incident's first event (an
    incident that no longer exists loses its alert row: the rule may fire again)."""
    incident_of = {key: incident_id for incident_id, key in _first_events(connection).items()}
    rows = {}
    for key, row in alerts:  # two old incidents now one: one alert row per rule stays
        if key in incident_of:
            rows.setdefault((row["rule"], incident_of[key]), {**row, "incident_id": incident_of[key]})
    if rows:
        connection.execute(insert(t.alert_delivery), list(rows.values()))
