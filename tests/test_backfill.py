"""`warmonitor backfill` (issue 15): reports read on a Dask cluster and stored by one
writer make the store a plain `ingest` of the same inputs makes, on SQLite and
PostgreSQL; a cluster that cannot be reached, a worker that dies and an input that
cannot be read are each told in one line. Invented reports (tests/test_workers.py's);
the expected store is the plain ingest's, which the rest of the suite checks against
hand-worked figures."""

from __future__ import annotations

import os
import sys

import cloudpickle
import dask
import psutil
from distributed import Client, LocalCluster
from sqlalchemy import create_engine

from warmonitor.backfill import DaskReaders
from warmonitor.records import Document
from warmonitor.store.checksum import table_checksums
from warmonitor.store.database import database_url
from warmonitor.workers import ReadFailed, Safely

from conftest import db, run_cli  # noqa: F401 - db: the store on SQLite and on PostgreSQL
from test_workers import MANY, corpus

# The test's own read functions go to the workers by value: they cannot import this module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def checksums(store: str) -> dict[str, str]:
    engine = create_engine(database_url(store))
    with engine.connect() as connection:
        sums = table_checksums(connection)
    engine.dispose()
    return sums


def test_backfill_on_two_workers_stores_what_ingest_stores(db, tmp_path):
    path, missing = corpus(tmp_path), str(tmp_path / "missing.txt")
    plain = str(tmp_path / "plain.sqlite")
    assert run_cli("ingest", "--quiet", "--workers", "1", "--db", plain, str(path), missing, timeout=300).returncode == 1
    done = run_cli("backfill", "--quiet", "--workers", "2", "--db", db, str(path), missing, timeout=300)
    assert done.returncode == 1  # the missing input: told, the others stored
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3 and "missing.txt" in lines[0], done.stderr
    assert lines[1].startswith(f"stored {MANY} reports") and "1 inputs unreadable" in lines[1]
    assert lines[2].startswith("read on 2 Dask workers, peak memory ")
    assert checksums(db) == checksums(plain)


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    environment = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"}
    done = run_cli("backfill", "--scheduler", "tcp://127.0.0.1:9", "--db", str(tmp_path / "s.sqlite"),
                      str(corpus(tmp_path)), env=environment, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "warmonitor: cannot reach the Dask scheduler at tcp://127.0.0.1:9: Timed out trying to connect to "
        "tcp://127.0.0.1:9 after 1 s"]


def _read(document: Document) -> str:
    """Stands for reading a report: d3 kills the worker that reads it, d5 raises."""
    if document.id == "d3":
        os._exit(1)
    if document.id == "d5":
        raise ValueError("unreadable")
    return document.text.upper()


def test_a_report_that_kills_its_workers_is_named_and_the_others_keep_their_order():
    documents = [Document(id=f"d{n}", text=f"text {n}") for n in range(10)]
    # A task is not given to another worker once its worker died (the default is 3):
    # the chunk is read again one report per task at once.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=50) as cluster, \
            Client(cluster) as client:
        results = list(DaskReaders(client, chunk=4).in_order(Safely(_read), documents))
    assert results == ["TEXT 0", "TEXT 1", "TEXT 2", ReadFailed("d3", "every Dask worker that read it died"),
                       "TEXT 4", ReadFailed("d5", "ValueError: unreadable"), "TEXT 6", "TEXT 7", "TEXT 8", "TEXT 9"]
    left = [p for p in psutil.Process().children(recursive=True) if "resource_tracker" not in " ".join(p.cmdline())]
    assert not left  # the cluster left no worker behind (multiprocessing's resource tracker ends with pytest)
