"""Reports that sort before stored ones (issue 12, item 4): a rerun storing the report a
lost connection kept out, or an archive ingested later, gives the store of one clean run
of all the reports, on SQLite and on PostgreSQL; what is not made from the reports (when
each was first ingested, watch's articles, the alerts sent) is kept."""

from __future__ import annotations

from datetime import datetime

import psycopg
from sqlalchemy import insert, select, text

from conftest import POSTGRES, _drop, _postgres_database, db, run_cli  # noqa: F401 - db: the store fixture
from hostile.conftest import STRIKES, checksums, write_corpus
from hostile.test_store_faults import _fail_storing, _read, _strikes
from warmonitor.store import schema as t
from warmonitor.store.database import open_store
from warmonitor.store.ingest import ingest_documents

FIRST, MIDDLE, LAST = STRIKES  # 1, 3 and 5 March: which strikes are one incident depends on the order


def _ingest(db: str, corpus, *options: str):
    done = run_cli("ingest", "--quiet", "--db", db, *options, str(corpus))
    assert done.returncode == 0, done.stderr
    return done


def _killed(db: str) -> list[int]:
    engine = open_store(db, read_only=True)
    with engine.connect() as connection:
        killed = connection.execute(text("SELECT killed FROM incident WHERE type = 'air_strike' ORDER BY date")).scalars().all()
    engine.dispose()
    return killed


def test_a_report_that_sorts_before_stored_ones_gives_the_clean_run(db, tmp_path):
    """Clean, by date: the first strike takes in the middle one (5 and 9 killed: 9 is
    the later figure) and the last stays apart (14). Stored first, the middle and last
    strikes are one incident (two days apart); the first strike, ingested later, must
    still give the clean run's incidents."""
    clean = db + "-clean" if db.endswith(".sqlite") else None
    clean_db = clean or f"{POSTGRES}/{_postgres_database()}"
    try:
        _ingest(clean_db, write_corpus(tmp_path / "all.csv", STRIKES))
        assert _killed(clean_db) == [9, 14]

        _ingest(db, write_corpus(tmp_path / "later.csv", [MIDDLE, LAST]))
        assert _killed(db) == [14]
        late = _ingest(db, write_corpus(tmp_path / "first.csv", [FIRST]))
        assert "1 new reports sort before reports already stored: storing all 3 again in the canonical order" in late.stderr
        assert "stored 1 reports" in late.stderr and "stored 2 reports again in the canonical order" in late.stderr
        assert _killed(db) == [9, 14]
        assert checksums(db) == checksums(clean_db)
    finally:
        if clean is None:
            _drop(clean_db.rsplit("/", 1)[1])


def test_append_stores_them_after_as_before(tmp_path):
    db = str(tmp_path / "store.sqlite")
    _ingest(db, write_corpus(tmp_path / "later.csv", [MIDDLE, LAST]))
    late = _ingest(db, write_corpus(tmp_path / "first.csv", [FIRST]), "--append")
    assert "again" not in late.stderr
    assert _killed(db) == [14]  # the first strike joined the incident of the other two


def test_a_report_a_lost_connection_kept_out_then_a_rerun_give_the_clean_run(postgres, tmp_path):
    documents = _strikes(tmp_path, STRIKES)
    clean = f"{POSTGRES}/{_postgres_database()}"
    try:
        engine = open_store(clean)
        ingest_documents(engine, documents, _read, progress=False)
        engine.dispose()
        engine = open_store(postgres)
        lost = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
        _fail_storing(engine, {FIRST["unit_id"]: 2}, lost)  # lost twice: not stored, the run goes on
        first = ingest_documents(engine, documents, _read, progress=False)
        engine.dispose()
        assert first.not_stored == [FIRST["unit_id"]]
        engine = open_store(postgres)  # the connection is back
        rerun = ingest_documents(engine, documents, _read, progress=False)
        engine.dispose()
        assert (rerun.stored, rerun.stored_again, rerun.duplicates) == (1, 2, 2)
        assert checksums(postgres) == checksums(clean)
    finally:
        _drop(clean.rsplit("/", 1)[1])


def test_what_is_not_made_from_reports_is_kept(tmp_path):
    db = str(tmp_path / "store.sqlite")
    _ingest(db, write_corpus(tmp_path / "later.csv", [MIDDLE, LAST]))
    engine = open_store(db)
    doc, event = t.document.c, t.event.c
    with engine.begin() as connection:
        first_id, first_hash, ingested = connection.execute(
            select(doc.id, doc.content_hash, doc.ingested_at).where(doc.external_id == MIDDLE["unit_id"])).one()
        incident = connection.execute(select(event.incident_id).where(event.document_id == first_id)).scalar_one()
        connection.execute(insert(t.watch_article).values(
            url_hash="0" * 64, url="https://example.org/middle", source="wire", status="stored", document_id=first_id,
            first_seen=datetime(2020, 3, 1)))
        connection.execute(insert(t.alert_delivery).values(rule="big", incident_id=incident, figure=5))
    engine.dispose()

    _ingest(db, write_corpus(tmp_path / "first.csv", [FIRST]))

    engine = open_store(db, read_only=True)
    with engine.connect() as connection:
        article_hash = connection.execute(select(doc.content_hash).join(t.watch_article, t.watch_article.c.document_id == doc.id)).scalar_one()
        assert article_hash == first_hash
        assert connection.execute(select(doc.ingested_at).where(doc.content_hash == first_hash)).scalar_one() == ingested
        alert_incident, figure = connection.execute(select(t.alert_delivery.c.incident_id, t.alert_delivery.c.figure)).one()
        first_now = connection.execute(select(event.incident_id).join(t.document, doc.id == event.document_id)
                                       .where(doc.content_hash == first_hash)).scalar_one()
        assert (alert_incident, figure) == (first_now, 5)
    engine.dispose()
