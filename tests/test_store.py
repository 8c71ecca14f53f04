"""The store, against SQLite and a real PostgreSQL: idempotent, safe to kill, safe to share."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from warmonitor.cli import app

from warmonitor.store import schema as t
from warmonitor.store.database import database_url

from conftest import run_cli as warmonitor
from conftest import POSTGRES, SAMPLES, _drop, _postgres_database, db, sample_store_upgraded_from  # noqa: F401 - db: the store fixture, on SQLite and PostgreSQL
VERSIONS = 4  # versions of each sample row in the test corpus
KILL_VERSIONS = 12  # enough for an ingest to be killed halfway


@pytest.fixture
def corpus(tmp_path) -> Path:
    return make_corpus(tmp_path, VERSIONS)


def make_corpus(tmp_path: Path, versions: int) -> Path:
    """The bundled FA-KES sample rows, each told in ``versions`` versions (so a run lasts a
    while): every version is a distinct text, most of them copies of one story."""
    with open(SAMPLES / "fa-kes-rashidin-2017-04.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = tmp_path / "corpus.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for version in range(versions):
            for row in rows:
                text = row["article_content"] + (f" This is update {version}." if version else "")
                writer.writerow({**row, "unit_id": f"{row['unit_id']}-{version}", "article_content": text})
    return path


def snapshot(db: str) -> dict:
    """The store's content without its ids and clocks: what two equal stores share."""
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        documents = {r.id: r for r in connection.execute(select(t.document))}
        digest = {i: r.content_hash for i, r in documents.items()}
        events = connection.execute(select(t.event)).all()
        members: dict[int, list] = {}
        for e in events:
            members.setdefault(e.incident_id, []).append((digest[e.document_id], e.evidence, e.type))
        key = {i: tuple(sorted(m)) for i, m in members.items()}
        figures = connection.execute(select(t.incident_figure)).all()
        snap = {
            "documents": sorted((r.content_hash, digest.get(r.copy_of), r.primary_admin1) for r in documents.values()),
            "claims": sorted((digest[c.document_id], c.span_start, c.count, c.outcome) for c in connection.execute(select(t.claim))),
            "incidents": sorted(key.values()),
            "figures": sorted((key[f.incident_id], f.outcome, f.category, f.best, f.low, f.high) for f in figures),
            "aggregates": connection.execute(select(t.aggregate.c.period_start)).all().__len__(),
        }
    engine.dispose()
    return snap


def test_ingest_stores_the_samples_and_reingest_changes_nothing(db):
    first = warmonitor("ingest", "--quiet", "--db", db, str(SAMPLES / "seed-idlib-2019-05-25.txt"), str(SAMPLES / "fa-kes-rashidin-2017-04.csv"))
    assert first.returncode == 0, first.stderr
    assert "stored 8 reports" in first.stderr
    before = snapshot(db)
    assert len(before["documents"]) == 8 and before["incidents"] and before["figures"]
    again = warmonitor("ingest", "--quiet", "--db", db, str(SAMPLES / "seed-idlib-2019-05-25.txt"), str(SAMPLES / "fa-kes-rashidin-2017-04.csv"))
    assert again.returncode == 0, again.stderr
    assert "skipped 8 already stored" in again.stderr
    assert snapshot(db) == before


def test_copies_of_one_story_are_linked_and_counted_once(db, corpus, tmp_path):
    result = warmonitor("ingest", "--quiet", "--db", db, str(corpus))
    assert result.returncode == 0, result.stderr
    snap = snapshot(db)
    copies = [d for d in snap["documents"] if d[1] is not None]
    assert len(snap["documents"]) == 7 * VERSIONS
    assert len(copies) >= 7 * (VERSIONS - 1)  # every later version is a copy of its first
    once = str(tmp_path / "once.sqlite")
    assert warmonitor("ingest", "--quiet", "--db", once, str(SAMPLES / "fa-kes-rashidin-2017-04.csv")).returncode == 0
    tally = warmonitor("tally", "--db", db, "--by", "side", "--format", "json").stdout
    assert tally == warmonitor("tally", "--db", once, "--by", "side", "--format", "json").stdout  # the copies count once


def test_two_concurrent_ingests_store_each_report_once(db, corpus):
    runs = [
        subprocess.Popen([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", db, str(corpus)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    snap = snapshot(db)
    hashes = [d[0] for d in snap["documents"]]
    assert len(hashes) == len(set(hashes)) == 7 * VERSIONS
    events_per_document = {}
    for members in snap["incidents"]:
        for member in members:
            events_per_document[member] = events_per_document.get(member, 0) + 1
    assert set(events_per_document.values()) == {1}  # no event stored twice


def test_kill_9_mid_ingest_then_rerun_equals_one_clean_run(db, tmp_path):
    corpus = make_corpus(tmp_path, KILL_VERSIONS)
    clean = str(tmp_path / "clean.sqlite") if db.endswith(".sqlite") else None
    if clean is None:  # a second PostgreSQL database for the clean run
        name = _postgres_database()
        clean = f"{POSTGRES}/{name}"
    try:
        done = warmonitor("ingest", "--quiet", "--db", clean, str(corpus))
        assert done.returncode == 0, done.stderr
        run = subprocess.Popen([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", db, str(corpus)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.time() + 120
        engine = None
        while time.time() < deadline:  # wait until some reports are committed, then kill
            time.sleep(0.3)
            try:
                engine = engine or create_engine(database_url(db))
                with engine.connect() as connection:
                    if len(connection.execute(select(t.document.c.id)).all()) >= 12:
                        break
            except Exception:  # noqa: BLE001 - the schema may not exist yet
                continue
        run.send_signal(signal.SIGKILL)
        run.wait()
        if engine is not None:
            engine.dispose()
        partial = snapshot(db)
        assert 0 < len(partial["documents"]) < 7 * KILL_VERSIONS, "the kill came too late to test anything"
        rerun = warmonitor("ingest", "--quiet", "--db", db, str(corpus))
        assert rerun.returncode == 0, rerun.stderr
        assert snapshot(db) == snapshot(clean)
    finally:
        if not clean.endswith(".sqlite"):
            _drop(clean.rsplit("/", 1)[1])


def test_unreadable_inputs_are_reported_and_skipped(db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    result = warmonitor("ingest", "--quiet", "--db", db, str(bad), str(SAMPLES / "seed-idlib-2019-05-25.txt"))
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "Traceback" not in result.stderr
    assert "stored 1 reports" in result.stderr


def test_tally_export_and_show(db):
    assert warmonitor("ingest", "--quiet", "--db", db, str(SAMPLES / "fa-kes-rashidin-2017-04.csv")).returncode == 0
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [*args, "--db", db])

    for by in ("side", "group", "admin1", "place", "month", "week", "actor"):
        result = run("tally", "--by", by, "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[0].startswith(f"{by},incidents,killed")
    exported = run("export", "--format", "csv")
    header = exported.stdout.splitlines()[0].split(",")
    for column in ("event_date", "event_type", "actor1", "actor2", "admin1", "location", "latitude", "longitude", "fatalities", "source", "notes"):
        assert column in header
    assert '"FeatureCollection"' in run("export", "--format", "geojson").stdout
    event_id = exported.stdout.splitlines()[1].split(",")[0]
    shown = run("show", event_id)
    assert shown.exit_code == 0 and "claims, by report" in shown.stdout
    assert run("show", "999999").exit_code == 1
    assert run("tally", "--where", "nonsense").exit_code == 2


def _figures_and_sources(db: str) -> dict:
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        tables = {
            name: sorted(tuple(row) for row in connection.execute(select(table)))
            for name, table in (("figures", t.incident_figure), ("sources", t.incident_source),
                                ("source_figures", t.incident_source_figure), ("history", t.incident_history))
        }
    engine.dispose()
    return tables


def test_incident_figures_kept_per_source_equal_a_reconciliation_of_every_claim(db, corpus):
    """The store updates figures from each source's latest ones; reading every claim of
    every incident again must give the very same figures."""
    from warmonitor.reconcile import StoredClaim, reconcile_figures

    assert warmonitor("ingest", "--quiet", "--db", db, str(corpus)).returncode == 0
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        rows = connection.execute(
            select(t.event.c.incident_id, t.claim, t.document.c.published, t.document.c.copy_of,
                   t.document.c.outlet, t.event.c.sources)
            .join(t.event, t.claim.c.event_id == t.event.c.id).join(t.document, t.claim.c.document_id == t.document.c.id)
            .order_by(t.claim.c.id)
        ).all()
    engine.dispose()
    claims: dict[int, list] = {}
    for r in rows:
        claims.setdefault(r.incident_id, []).append(StoredClaim(
            r.id, r.document_id, r.published, r.source or r.outlet, r.copy_of is not None,
            r.outcome, r.grp, r.side, r.count, r.high, r.scope, r.status, r.part_of_id, r.beside_id,
        ))
    expected = sorted(
        (incident_id, f.outcome, f.category, f.best, f.low, f.high, ",".join(map(str, f.claim_ids)))
        for incident_id, told in claims.items() for toll in reconcile_figures(told) for f in toll.figures
    )
    stored = _figures_and_sources(db)["figures"]
    assert stored == expected and len(stored) >= 3  # several figures: killed civilians and fighters, injured


def test_rebuilding_the_figures_gives_what_ingest_wrote(db):
    """Migration 0004 rebuilds every incident's sources, figures and history from the
    stored claims, report by report in the order they were stored: on a store the newest
    code ingested, that must change nothing, history included."""
    from warmonitor.store.writer import rebuild_figures

    assert warmonitor("ingest", "--quiet", "--db", db, str(SAMPLES / "fa-kes-rashidin-2017-04.csv"),
                      str(SAMPLES / "seed-idlib-2019-05-25.txt")).returncode == 0
    ingested = _figures_and_sources(db)
    assert ingested["sources"] and ingested["source_figures"] and ingested["history"]
    engine = create_engine(database_url(db))
    with engine.begin() as connection:
        rebuild_figures(connection)
    engine.dispose()
    rebuilt = _figures_and_sources(db)
    strip_ids = lambda rows: [row[1:] for row in rows]  # noqa: E731 - history ids are renumbered
    assert strip_ids(rebuilt.pop("history")) == strip_ids(ingested.pop("history"))
    assert rebuilt == ingested


def test_an_older_store_upgraded_has_figures_and_history_for_every_incident(db):
    """A store of revision 0002 upgraded to the newest: its claims lost whom they credit
    (the column came with 0004), so figures are the outlets', but every incident has its
    toll, equal to the sum of its categories, and a history."""
    engine = sample_store_upgraded_from(db, "0002")
    with engine.connect() as connection:
        incidents = connection.execute(select(t.incident.c.id, t.incident.c.killed)).all()
        by_category = dict(connection.execute(
            select(t.incident_figure.c.incident_id, func.sum(t.incident_figure.c.best))
            .where(t.incident_figure.c.outcome == "killed").group_by(t.incident_figure.c.incident_id)
        ).all())
        with_history = set(connection.execute(select(t.incident_history.c.incident_id)).scalars())
    engine.dispose()
    assert any(killed for _, killed in incidents)
    assert all(killed == by_category.get(incident_id, 0) for incident_id, killed in incidents)
    assert with_history == {incident_id for incident_id, _ in incidents}


def test_schema_revision_constant_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    from warmonitor.store.database import SCHEMA_REVISION, migration_config

    assert ScriptDirectory.from_config(migration_config()).get_current_head() == SCHEMA_REVISION



def test_opening_a_new_sqlite_store_waits_for_another_process_creating_it(tmp_path):
    """Two ingests started at once both create the store: the second must wait for the
    first, not fail with "database is locked" (SQLite's switch to WAL does not wait on
    its own busy handler; CI once hit this)."""
    import sqlite3
    import threading

    from warmonitor.store.database import open_store

    path = tmp_path / "store.sqlite"
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")  # another process, halfway through creating the file
    creator.execute("CREATE TABLE being_created (x)")
    release = threading.Timer(0.5, lambda: creator.execute("COMMIT"))
    release.start()
    try:
        open_store(str(path)).dispose()
    finally:
        release.join()
        creator.close()


def test_an_event_without_a_place_joins_the_incident_of_its_day_with_the_same_large_toll(db):
    from datetime import date

    from warmonitor.extract import extract
    from warmonitor.records import Document
    from warmonitor.resolve import resolve
    from warmonitor.store.database import open_store
    from warmonitor.store.writer import StoreWriter

    def told(name, text):
        return resolve(extract(Document(id=name, text=text, published=date(2016, 6, 25), outlet=name)))

    engine = open_store(db)
    writer = StoreWriter(engine)
    located = writer.add(told("a", "A car bomb in the town of Azaz in Aleppo killed at least 108 people on Saturday."))
    placeless = writer.add(told("b", "At least 121 people were killed in the attack on Saturday, a monitor said."))
    small = writer.add(told("c", "Russian air strikes killed 30 people on Saturday, a monitor said."))
    with engine.connect() as connection:
        incident_of = dict(connection.execute(select(t.event.c.document_id, t.event.c.incident_id)).all())
    engine.dispose()
    assert placeless.merged == 1 and incident_of[placeless.document_id] == incident_of[located.document_id]
    assert small.merged == 0 and incident_of[small.document_id] != incident_of[located.document_id]
