"""Throughput and memory of `warmonitor backfill` on 1 and 2 local Dask workers, and its
store against a plain `warmonitor ingest` of the same corpus.

1. A synthetic corpus of --count reports (bench/synthetic_corpus.py; not timed), unless
   --corpus names one.
2. `warmonitor ingest --workers 1` of it into a fresh store: the reference. --db names a
   PostgreSQL server (a database is created for each run, dropped at the end unless
   --keep is given) or, if it is not a postgresql:// URL, a folder for SQLite files.
3. `warmonitor backfill --workers N` of it into a fresh store for each N of --workers
   (default 1,2). For each run: wall time, reports per second, CPU time of the command
   and of the processes it reaped (its workers), the largest peak resident memory among
   them and each worker's (the command's last line), and the tables whose checksums
   (`warmonitor.store.checksum`, ids replaced by natural keys) are not the reference's.
4. The workers' part alone, for each N: the corpus read on a local cluster of N workers
   (`warmonitor.backfill.DaskReaders`, workers warmed up first) with nothing stored — the
   rate a writer would have to keep up with.

Prints one JSON line per run, then a summary in lines starting "#".

    .venv/bin/python bench/backfill_speed.py --count 20000 --db postgresql://postgres@127.0.0.1:5432

Corpus: recombined FA-KES sentences (Abu Salem et al., ICWSM 2019), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine

from warmonitor.store.checksum import table_checksums
from warmonitor.store.database import database_url

GENERATOR = Path(__file__).resolve().parent / "synthetic_corpus.py"
WARMONITOR = [sys.executable, "-m", "warmonitor"]


def run(command: list[str], log: Path) -> dict:
    """Wall seconds, CPU seconds (the command and every process it reaped) and peak
    resident memory (MB, the largest of those processes) of one run; its stderr in ``log``."""
    with open(log, "wb") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    if status not in (0, 256):  # exit status 1: some input was not read, which the log tells
        sys.exit(f"exit status {os.waitstatus_to_exitcode(status)}: {' '.join(command)}\n{log.read_text()[-2000:]}")
    return {"wall_s": round(wall, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_mb": usage.ru_maxrss // 1024}


def checksums(store: str) -> tuple[dict[str, str], int]:
    """The store's table checksums, and how many documents it holds."""
    engine = create_engine(database_url(store))
    with engine.connect() as connection:
        sums = table_checksums(connection)
        documents = connection.exec_driver_sql("SELECT count(*) FROM document").scalar()
    engine.dispose()
    return sums, documents


def reading_only(corpus: Path, workers: int) -> dict:
    """Reports per second that ``workers`` local Dask workers read, nothing stored."""
    from distributed import Client, LocalCluster

    from warmonitor.backfill import DaskReaders, fingerprint
    from warmonitor.ingest import CorpusColumns, read_input
    from warmonitor.workers import Safely, read_report

    documents = list(read_input(str(corpus), columns=CorpusColumns()))
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address="127.0.0.1:0",
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        client.run(fingerprint)  # imports and the gazetteer, on every worker, before the clock starts
        started = time.perf_counter()
        read = sum(1 for _ in DaskReaders(client).in_order(Safely(read_report), documents))
        wall = time.perf_counter() - started
    return {"run": f"reading alone on {workers} workers", "reports": read, "wall_s": round(wall, 1),
            "reports_per_s": round(read / wall, 1)}


def postgres(server: str, action: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"' if action == "create" else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def store_runs(args: argparse.Namespace, corpus: Path, work: Path) -> list[dict]:
    """Steps 2 and 3: the reference ingest, then a backfill on each number of workers."""
    postgresql = args.db.startswith("postgresql")
    made: list[str] = []

    def fresh_store(name: str) -> str:
        """A new store of the kind --db names (a database of the server, or a SQLite file)."""
        name = f"warmonitor_backfill_bench_{name}_{uuid.uuid4().hex[:8]}"
        if not postgresql:
            return str(Path(args.db) / f"{name}.sqlite")
        postgres(args.db, "create", name)
        made.append(name)
        return f"{args.db}/{name}"

    results = []
    try:
        reference = fresh_store("ingest")
        measured = run([*WARMONITOR, "ingest", "--quiet", "--workers", "1", "--db", reference, str(corpus)], work / "ingest.log")
        expected, reports = checksums(reference)
        print(json.dumps({"run": "ingest --workers 1 (the reference store)", "reports": reports, **measured,
                          "reports_per_s": round(reports / measured["wall_s"], 1)}), flush=True)
        for workers in [int(n) for n in args.workers.split(",")]:
            store, log = fresh_store(f"w{workers}"), work / f"backfill-{workers}.log"
            measured = run([*WARMONITOR, "backfill", "--quiet", "--workers", str(workers), "--db", store, str(corpus)], log)
            last = log.read_text().strip().splitlines()[-1]
            sums, _ = checksums(store)
            record = {"run": f"backfill --workers {workers}", "store": "postgresql" if postgresql else "sqlite",
                      "reports": reports, **measured, "reports_per_s": round(reports / measured["wall_s"], 1),
                      "worker_peak_rss_mb": [int(mb) for mb in re.findall(r"(\d+) MB", last)],
                      "tables_unlike_ingest": sorted(table for table in expected if sums.get(table) != expected[table])}
            results.append(record)
            print(json.dumps(record), flush=True)
    finally:
        for name in made if not args.keep else []:
            postgres(args.db, "drop", name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="reports in the synthetic corpus (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="a corpus CSV to use instead of making one")
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432",
                        help="a PostgreSQL server URL (no database), or a folder for SQLite stores")
    parser.add_argument("--workers", default="1,2", help="local Dask workers of each run (default 1,2)")
    parser.add_argument("--reading-only", action="store_true", help="only step 4: no store, no ingest")
    parser.add_argument("--keep", type=Path, help="keep corpus and logs in this folder, and the PostgreSQL databases")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="warmonitor-backfill-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus or work / f"synthetic-{args.count}.csv"
    if not corpus.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--count", str(args.count), "--seed", str(args.seed),
                        "--out", str(corpus)], check=True)
    subprocess.run([*WARMONITOR, "gazetteer", "info"], check=True, capture_output=True)  # no run pays for the index

    results = [] if args.reading_only else store_runs(args, corpus, work)
    reading = [reading_only(corpus, int(n)) for n in args.workers.split(",")]
    for record in reading:
        print(json.dumps(record), flush=True)
    for group in (results, reading):
        for record in group:
            line = (f"# {record['run']}: {record['reports_per_s']} reports/s "
                    f"({record['reports_per_s'] / group[0]['reports_per_s']:.2f}x the first), {record['wall_s']} s wall")
            if "tables_unlike_ingest" in record:
                unlike = record["tables_unlike_ingest"]
                line += (f", {record['cpu_s']} s CPU, workers' peak {record['worker_peak_rss_mb']} MB, store "
                         + ("identical to a plain ingest's" if not unlike else "UNLIKE a plain ingest's in " + ", ".join(unlike)))
            print(line)


if __name__ == "__main__":
    main()
