"""Does the store depend on the order of the input? Ingest one corpus in several random
orders, on SQLite and on PostgreSQL, and compare the stores' table checksums (ids
replaced by natural keys: warmonitor.store.checksum).

Each order is a shuffled copy of the corpus CSV written to a temporary folder; each is
ingested by `warmonitor ingest` into a fresh SQLite file and a fresh PostgreSQL
database. Prints one JSON line per store (wall seconds, incidents, killed, checksums),
then a summary in lines starting "#": the same tables in every order, or which differ.

With ``--late N``, one more store per database: the corpus without N random reports
first (as a run whose N reports a lost connection kept out), then the whole corpus
again (the rerun, which stores the whole store again in the canonical order): its
tables must be those of the clean runs; the rerun's wall time is printed.

    .venv/bin/python bench/store_order.py [--orders 3] [--late N] [--seed 1] [--postgres URL] [--no-postgres] [--keep DIR]

Corpus: FA-KES (Abu Salem et al., ICWSM 2019), CC BY 4.0, in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "fa-kes.csv"


def shuffled_copies(corpus: Path, orders: int, seed: int, folder: Path) -> list[Path]:
    """``orders`` copies of the corpus, rows in random orders (the header first)."""
    csv.field_size_limit(1 << 30)
    with open(corpus, encoding="utf-8", errors="surrogateescape", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    copies = []
    for number in range(orders):
        random.Random(seed + number).shuffle(rows)
        path = folder / f"order-{number}.csv"
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        copies.append(path)
    return copies


def without_some(corpus: Path, late: int, seed: int, folder: Path) -> Path:
    """The corpus without ``late`` random reports."""
    with open(corpus, encoding="utf-8", errors="surrogateescape", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    kept_out = set(random.Random(seed).sample(range(len(rows)), late))
    path = folder / f"without-{late}.csv"
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        csv.writer(handle).writerows([header, *(row for n, row in enumerate(rows) if n not in kept_out)])
    return path


def ingest(db: str, corpus: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", db, str(corpus)],
                          capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):  # 1: some rows of the corpus unreadable, as in any order
        raise SystemExit(f"ingest into {db} failed: {done.stderr.strip()}")
    return time.perf_counter() - started


def measure(db: str) -> dict:
    from sqlalchemy import create_engine, text

    from warmonitor.store.checksum import table_checksums
    from warmonitor.store.database import database_url

    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        incidents, killed = connection.execute(text("SELECT count(*), coalesce(sum(killed), 0) FROM incident")).one()
        sums = table_checksums(connection)
    engine.dispose()
    return {"incidents": incidents, "killed": int(killed), "checksums": sums}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--orders", type=int, default=3)
    parser.add_argument("--late", type=int, default=0, help="also: N reports stored by a rerun (see above)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server for the PostgreSQL stores")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--keep", type=Path, help="keep the shuffled copies and the SQLite stores in this folder")
    options = parser.parse_args()

    folder = options.keep or Path(tempfile.mkdtemp(prefix="warmonitor-store-order-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "WARMONITOR_HOME": os.environ.get("WARMONITOR_HOME", str(folder / "home"))}
    os.environ.update(env)
    copies = shuffled_copies(options.corpus, options.orders, options.seed, folder)
    plans = [(number, copy, None) for number, copy in enumerate(copies)]
    if options.late:
        plans.append(("late", copies[0], without_some(options.corpus, options.late, options.seed, folder)))
    backends = ["sqlite"] + ([] if options.no_postgres else ["postgresql"])
    results: dict[str, list[dict]] = {backend: [] for backend in backends}
    for backend in backends:
        for number, copy, first in plans:
            db, database = str(folder / f"store-{number}.sqlite"), None
            if backend == "postgresql":
                database = _create_database(options.postgres)
                db = f"{options.postgres}/{database}"
            try:
                if first is not None:
                    ingest(db, first, env)
                seconds = ingest(db, copy, env)
                result = {"backend": backend, "order": number, "seconds": round(seconds, 1), **measure(db)}
            finally:
                if database:
                    _drop_database(options.postgres, database)
            print(json.dumps(result), flush=True)
            results[backend].append(result)
    for backend, runs in results.items():
        first = runs[0]["checksums"]
        differing = sorted({table for run in runs[1:] for table, value in run["checksums"].items() if first[table] != value})
        verdict = "the same tables in every order" if not differing else f"tables differ: {', '.join(differing)}"
        print(f"# {backend}: {len(runs)} orders of {options.corpus.name} ({options.late} late in the last): {verdict}; "
              f"{runs[0]['incidents']} incidents, {runs[0]['killed']} killed; "
              f"ingest {', '.join(str(run['seconds']) for run in runs)} s")
    if not options.keep:
        shutil.rmtree(folder, ignore_errors=True)


def _create_database(server: str) -> str:
    import psycopg

    name = f"warmonitor_order_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
