"""Does the store's writer cost more per report as the store grows?

Every report of the corpus is read first (extract, resolve; cached in a pickle beside
``--cache`` so that later runs skip it), then stored into DB by `ingest_documents` in the
canonical order, as `warmonitor ingest` would. For each block of ``--block`` reports:
the writer's CPU and wall time per report, the statements sent per report, and the
statements that took most time (wall, grouped by their first 60 characters). Then the
store's table checksums (warmonitor.store.checksum), to compare two versions of the writer.

    taskset -c 1 .venv/bin/python bench/writer_growth.py --corpus /tmp/syn3k.csv --db /tmp/w.sqlite
    taskset -c 1 .venv/bin/python bench/writer_growth.py --corpus /tmp/syn3k.csv \\
        --db postgresql://postgres@127.0.0.1:5432/growth

DB must be new (a SQLite path that does not exist, or an empty PostgreSQL database).
Prints one JSON line per block, then one with the totals and checksums.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import time
from collections import Counter, defaultdict
from pathlib import Path


def read_all(corpus: Path, cache: Path | None, limit: int | None):
    from warmonitor.ingest import CorpusColumns, read_input
    from warmonitor.workers import Safely, read_report

    documents = [d for d in read_input(str(corpus), columns=CorpusColumns()) if d is not None]
    if limit:
        documents = documents[:limit]
    if cache and cache.exists():
        with open(cache, "rb") as stream:
            reports = pickle.load(stream)
    else:
        reports = {}
        for d in documents:
            reports[_key(d)] = Safely(read_report)(d)
        if cache:
            with open(cache, "wb") as stream:
                pickle.dump(reports, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return documents, reports


def _key(document) -> str:
    return hashlib.sha256(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--cache", type=Path, help="pickle of the read reports (made if missing)")
    parser.add_argument("--limit", type=int, help="only the corpus's first N reports")
    parser.add_argument("--block", type=int, default=250)
    parser.add_argument("--top", type=int, default=6, help="statements listed per block")
    parser.add_argument("--explain", type=int, default=0,
                        help="at the end, EXPLAIN ANALYZE the slowest instance of the N costliest statements (PostgreSQL)")
    parser.add_argument("--maintain", choices=("analyze", "vacuum"),
                        help="after each block, on PostgreSQL: ANALYZE, or VACUUM (ANALYZE), not timed (a test of what grows)")
    args = parser.parse_args()

    from sqlalchemy import event

    from warmonitor.store import writer as writer_module
    from warmonitor.store.checksum import table_checksums
    from warmonitor.store.database import open_store
    from warmonitor.store.ingest import ingest_documents

    documents, reports = read_all(args.corpus, args.cache, args.limit)
    engine = open_store(args.db)
    statements: Counter[str] = Counter()
    spent: defaultdict[str, float] = defaultdict(float)
    started_at: dict[int, float] = {}

    def before(_conn, cursor, statement, *_rest):
        started_at[id(cursor)] = time.perf_counter()

    slowest: dict[str, tuple[float, str, object]] = {}
    overall: defaultdict[str, float] = defaultdict(float)

    def after(_conn, cursor, statement, parameters, _context, executemany):
        what = " ".join(statement.split())[:60]
        took = time.perf_counter() - started_at.pop(id(cursor), time.perf_counter())
        statements[what] += 1
        spent[what] += took
        overall[what] += took
        if args.explain and not executemany and took > slowest.get(what, (0.0,))[0]:
            slowest[what] = (took, statement, parameters)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)

    block: list[tuple[float, float]] = []
    blocks = 0
    add = writer_module.StoreWriter.add
    totals = {"cpu": 0.0, "wall": 0.0, "n": 0}

    def emit_block() -> None:
        nonlocal blocks
        cpu = sum(c for c, _ in block)
        wall = sum(w for _, w in block)
        top = sorted(spent.items(), key=lambda kv: -kv[1])[: args.top]
        print(json.dumps({
            "block": blocks, "reports": f"{blocks * args.block + 1}-{blocks * args.block + len(block)}",
            "cpu_ms_per_report": round(1000 * cpu / len(block), 2), "wall_ms_per_report": round(1000 * wall / len(block), 2),
            "statements_per_report": round(sum(statements.values()) / len(block), 1),
            "top_ms_per_report": {k: [round(1000 * v / len(block), 3), statements[k]] for k, v in top},
        }), flush=True)
        blocks += 1
        block.clear()
        if args.maintain and engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE" if args.maintain == "analyze" else "VACUUM (ANALYZE)")
        statements.clear()
        spent.clear()

    def timed_add(self, report):
        wall, cpu = time.perf_counter(), time.process_time()
        stored = add(self, report)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        block.append((cpu, wall))
        totals["cpu"] += cpu
        totals["wall"] += wall
        totals["n"] += 1
        if len(block) == args.block:
            emit_block()
        return stored

    writer_module.StoreWriter.add = timed_add
    gc.collect()
    gc.freeze()
    counts = ingest_documents(engine, documents, lambda d: reports[_key(d)], progress=False)
    if block:
        emit_block()
    with engine.connect() as connection:
        checksums = table_checksums(connection)
        if args.explain and engine.dialect.name == "postgresql":
            for what, _ in sorted(overall.items(), key=lambda kv: -kv[1])[: args.explain]:
                if what not in slowest or not what.startswith("SELECT"):
                    continue
                took, statement, parameters = slowest[what]
                plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).scalars().all()
                print(json.dumps({"statement": statement, "slowest_ms": round(1000 * took, 2), "plan": plan}), flush=True)
    engine.dispose()
    print(json.dumps({"stored": counts.stored, "copies": counts.copies, "events": counts.events, "merged": counts.merged,
                      "writer_cpu_s": round(totals["cpu"], 2), "writer_wall_s": round(totals["wall"], 2),
                      "checksums": checksums}), flush=True)


if __name__ == "__main__":
    main()
