"""The writer as the store grows: what it stores does not depend on how the database
finds the rows, and a PostgreSQL store filled by one long ingest gets the statistics its
planner needs (bench/writer_growth.py measures the cost per report, docs/scale.md)."""

from __future__ import annotations

import time
from datetime import date, datetime

from sqlalchemy import insert, select, text, update

from conftest import db, fresh_postgres  # noqa: F401 - db: the store fixture, on SQLite and PostgreSQL
from hostile.conftest import write_corpus
from test_writer_batched import REPORTS, _read
from warmonitor.ingest import read_input
from warmonitor.store import schema as t
from warmonitor.store import writer
from warmonitor.store.database import open_store
from warmonitor.store.ingest import ingest_documents


def _incident(connection, **values) -> int:
    row = {"type": "air_strike", "date": date(2020, 3, 1), "date_precision": "day", "admin1": "Idlib", "country": "SY",
           "reports": 1, **values}
    return connection.execute(insert(t.incident).returning(t.incident.c.id), row).scalar_one()


def test_a_merge_takes_the_town_of_the_first_incident_by_id_whatever_the_plan(db):
    """An incident known by its governorate merged with two of towns takes the town of
    the first stored of them, though PostgreSQL read the rows in another order (its
    heap order, once the first was updated, scanned without an index)."""
    engine = open_store(db)
    with engine.begin() as connection:
        kept = _incident(connection)
        first = _incident(connection, location="Saraqib", geonameid=163270)
        second = _incident(connection, location="Ariha", geonameid=173811)
        # an updated row is written anew at the end of PostgreSQL's heap: a scan reads it last
        connection.execute(update(t.incident).where(t.incident.c.id == first).values(killed=1))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL enable_indexscan = off"))
            connection.execute(text("SET LOCAL enable_bitmapscan = off"))
            heap = connection.execute(select(t.incident.c.id).where(t.incident.c.id.in_([kept, first, second]))).scalars()
            assert list(heap) == [kept, second, first]  # the order the merge must not depend on
        writer._merge(connection, sorted([first, second]), into=kept)
    with engine.connect() as connection:
        merged = connection.execute(select(t.incident).where(t.incident.c.id == kept)).one()
        left = connection.execute(select(t.incident.c.id)).scalars().all()
    engine.dispose()
    assert (merged.location, merged.geonameid) == ("Saraqib", 163270)
    assert left == [kept]


def test_a_postgresql_writer_looks_at_its_statistics_every_hundred_reports(db, tmp_path, monkeypatch):
    looked = []
    monkeypatch.setattr(writer, "LOOK_AT_STATISTICS_EVERY", 2)
    monkeypatch.setattr(writer, "analyze_grown_tables", lambda engine: looked.append(engine) or [])
    documents = list(read_input(str(write_corpus(tmp_path / "three.csv", REPORTS))))
    engine = open_store(db)
    counts = ingest_documents(engine, documents, _read, progress=False)
    again = ingest_documents(engine, documents, _read, progress=False)  # duplicates store nothing: no look
    engine.dispose()
    assert (counts.stored, again.duplicates) == (3, 3)
    assert len(looked) == (1 if engine.dialect.name == "postgresql" else 0)


def _modified_since_analyze(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = :table"), {"table": table}
        ).scalar_one()


def test_tables_grown_past_autovacuums_threshold_are_analysed():
    url = fresh_postgres()
    try:
        engine = open_store(next(url))
        with engine.begin() as connection:
            document_id = connection.execute(insert(t.document).returning(t.document.c.id), {
                "external_id": "a", "content_hash": "0" * 64, "text": "x", "ingested_at": datetime(2020, 1, 1),
            }).scalar_one()
            connection.execute(insert(t.document_band), [{"band": band, "document_id": document_id} for band in range(200)])
        deadline = time.monotonic() + 10  # a backend reports its counts to the statistics within a second or so
        while _modified_since_analyze(engine, "document_band") < 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _modified_since_analyze(engine, "document_band") == 200
        grown = writer.analyze_grown_tables(engine)
        assert "document_band" in grown and "document" not in grown  # 1 row: under 50 + 10 %
        with engine.connect() as connection:
            analysed = connection.execute(
                text("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'document_band'")).scalar_one()
        assert analysed
        assert writer.analyze_grown_tables(engine) == []  # nothing changed since
        engine.dispose()
    finally:
        next(url, None)


RECALL = [
    {"unit_id": "rec-a", "article_title": "Remembering Saraqib", "source": "Invented Wire", "date": "2020-03-05",
     "article_content": "BEIRUT, March 5, 2020 - Traders in Saraqib reopened the market this week. An air strike killed "
                        "40 people in Saraqib in Idlib province on March 1, 2015, activists said."},
]
NEWS = [
    {"unit_id": "rec-b", "article_title": "Strike on Saraqib", "source": "Invented Herald", "date": "2015-03-02",
     "article_content": "An air strike killed 35 people in Saraqib in Idlib province on Sunday, the Syrian Observatory "
                        "for Human Rights said."},
    {"unit_id": "rec-c", "article_title": "Saraqib toll", "source": "Invented Post", "date": "2015-03-03",
     "article_content": "The air strike on Saraqib in Idlib province on Sunday killed 38 people, activists said on Tuesday."},
]


def test_news_of_an_incident_known_from_a_recall_replaces_the_recalls_figures_once(db, tmp_path):
    """A strike known only from a report recalling it five years on; then two news
    reports of it (stored after, as ``--append`` would): the first one's candidates'
    query finds the incident recalled, and the recall's figures give way; the second
    finds it news already and asks nothing more. The recall's 40 and its citation are gone."""
    engine = open_store(db)
    recall = list(read_input(str(write_corpus(tmp_path / "recall.csv", RECALL))))
    news = list(read_input(str(write_corpus(tmp_path / "news.csv", NEWS))))
    assert ingest_documents(engine, recall, _read, progress=False).stored == 1
    with engine.connect() as connection:
        (before,) = connection.execute(select(t.incident)).all()
    assert (before.recalled, before.killed) == (True, 40)
    counts = ingest_documents(engine, news, _read, progress=False, reorder=False)
    assert (counts.stored, counts.merged) == (2, 2)
    with engine.connect() as connection:
        (after,) = connection.execute(select(t.incident)).all()
        sources = dict(connection.execute(select(t.incident_source.c.source, t.incident_source.c.reports)).all())
        kept = sorted(connection.execute(select(t.incident_source_figure.c.value)).scalars())
    engine.dispose()
    assert after.id == before.id and after.recalled is False
    assert (after.killed_low, after.killed_high) == (35, 38)
    assert kept == [35, 38]
    assert sources.get("activists") == 1  # the recall's citation was dropped, the news report's counted
