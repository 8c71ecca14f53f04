"""The writer stores a report in a few statements for all its events, places, links,
sources and figures (batched inserts, a report's incidents refreshed together): the rows
must be those the rules give, on SQLite and PostgreSQL. Three invented reports: a strike
told by a wire, then by an outlet that also tells a second strike and credits a
monitor's raised toll, then told again by the monitor itself."""

from __future__ import annotations

from sqlalchemy import create_engine, event, select

from conftest import db  # noqa: F401 - db: the store fixture, on SQLite and PostgreSQL
from hostile.conftest import write_corpus
from warmonitor.ingest import read_input
from warmonitor.store import schema as t
from warmonitor.store.checksum import table_checksums
from warmonitor.store.database import database_url, open_store
from warmonitor.store.ingest import ingest_documents
from warmonitor.store.writer import rebuild_figures

REPORTS = [
    {"unit_id": "bat-a", "article_title": "Strike on Saraqib", "source": "Invented Wire", "date": "2020-03-01",
     "article_content": "An air strike killed 5 people in Saraqib in Idlib province on Sunday. "
                        "Rescuers said the dead were a baker and his four sons."},
    {"unit_id": "bat-b", "article_title": "Toll rises in Saraqib", "source": "Invented Herald", "date": "2020-03-02",
     "article_content": "The air strike on Saraqib in Idlib province on Sunday killed 8 people, the Syrian "
                        "Observatory for Human Rights said on Monday. Separately, shelling killed 3 soldiers in "
                        "Ariha on Monday."},
    {"unit_id": "bat-c", "article_title": "Observatory: Saraqib toll", "source": "Invented Post", "date": "2020-03-03",
     "article_content": "The Syrian Observatory for Human Rights said 8 people were killed in the air strike on "
                        "Saraqib in Idlib province on Sunday, and 12 were injured."},
]


def _read(document):
    from warmonitor.extract import extract
    from warmonitor.resolve import resolve

    return resolve(extract(document))


def _rows(db: str) -> dict:
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        documents = dict(connection.execute(select(t.document.c.id, t.document.c.external_id)).all())
        incidents = {row.id: row for row in connection.execute(select(t.incident))}
        name = {i: (row.location, row.date.isoformat()) for i, row in incidents.items()}
        rows = {
            "incidents": sorted((*name[i], r.type, r.killed, r.killed_low, r.killed_high, r.injured, r.reports)
                                for i, r in incidents.items()),
            "events": sorted((documents[r.document_id], r.type, name.get(r.incident_id), r.sum_of_others)
                             for r in connection.execute(select(t.event))),
            "places": sorted((documents[r.document_id], r.name, r.admin1) for r in connection.execute(
                select(t.event.c.document_id, t.event_place.c.name, t.event_place.c.admin1)
                .join(t.event, t.event_place.c.event_id == t.event.c.id))),
            "sources": sorted((name[r.incident_id], r.source, r.reports) for r in connection.execute(select(t.incident_source))),
            "history": [(name[r.incident_id], documents[r.document_id], r.reports, r.killed, r.killed_low, r.killed_high,
                         r.injured) for r in connection.execute(select(t.incident_history).order_by(t.incident_history.c.id))],
            "public_ids": sorted(r.public_id is not None for r in incidents.values()),
        }
        sums = table_checksums(connection)
    engine.dispose()
    return {"rows": rows, "checksums": sums}


def test_the_batched_writer_stores_the_rows_the_rules_give(db, tmp_path):
    documents = list(read_input(str(write_corpus(tmp_path / "batched.csv", REPORTS))))
    engine = open_store(db)
    counts = ingest_documents(engine, documents, _read, progress=False)
    engine.dispose()
    assert (counts.stored, counts.failed, counts.duplicates) == (3, 0, 0)
    stored = _rows(db)
    saraqib, ariha = ("Saraqib", "2020-03-01"), ("Arīḩā", "2020-03-02")  # the gazetteer's name of the town
    assert stored["rows"] == {
        "incidents": [(*ariha, "shelling", 3, 3, 3, 0, 1), (*saraqib, "air_strike", 8, 5, 8, 12, 3)],
        "events": [("bat-a", "air_strike", saraqib, False), ("bat-b", "air_strike", saraqib, False),
                   ("bat-b", "shelling", ariha, False), ("bat-c", "air_strike", saraqib, False)],
        "places": [("bat-a", "Idlib", "Idlib"), ("bat-a", "Saraqib", "Idlib"), ("bat-b", "Ariha", "Idlib"),
                   ("bat-b", "Idlib", "Idlib"), ("bat-b", "Saraqib", "Idlib"), ("bat-c", "Idlib", "Idlib"),
                   ("bat-c", "Saraqib", "Idlib")],
        "sources": [(ariha, "Invented Herald", 1), (saraqib, "Invented Wire", 1),
                    (saraqib, "Syrian Observatory for Human Rights", 2)],
        "history": [(saraqib, "bat-a", 1, 5, 5, 5, 0), (saraqib, "bat-b", 2, 8, 5, 8, 0), (ariha, "bat-b", 1, 3, 3, 3, 0),
                    (saraqib, "bat-c", 3, 8, 5, 8, 12)],
        "public_ids": [True, True],
    }
    # the same store again: every report is known in one query, nothing is written
    engine = open_store(db)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    again = ingest_documents(engine, documents, _read, progress=False)
    engine.dispose()
    assert (again.stored, again.duplicates) == (0, 3)
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    # the figures rebuilt one incident and one report at a time (refresh_figures) are
    # those the writer refreshed a report's incidents together into
    engine = create_engine(database_url(db))
    with engine.begin() as connection:
        rebuild_figures(connection)
    engine.dispose()
    assert _rows(db) == stored
