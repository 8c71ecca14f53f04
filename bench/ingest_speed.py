"""Speed and memory of `warmonitor ingest` and `warmonitor tally` on SQLite stores.

Three measurements, each command run as a subprocess pinned to one core (taskset):

a. `warmonitor ingest` of the whole fa-kes corpus (804 articles) into a fresh SQLite
   file: median wall time of --runs runs (default 3) and peak resident memory.
   Target: 60 s or less.
b. `warmonitor tally --by X --format json` over the store of (a), for each X in
   side, group, admin1, place, month, week, actor: median of --tally-runs runs
   (default 5), beside `warmonitor --help`, the process start-up floor that every
   command pays. Target: any tally 1 s or less. Skipped if the CLI has no `tally` yet.
c. `warmonitor ingest` of synthetic corpora of --sizes reports (default
   1000,10000,100000; made by bench/synthetic_corpus.py, not timed), one run each into a
   fresh SQLite file: reports per second and peak resident memory, which should stay flat
   as the corpus grows, since corpora are streamed.

With ``--writer DB`` (a SQLite path or a postgresql:// URL of an empty database), only
the store's writer instead: the corpus is read (extract, resolve) first, in this process,
then stored into DB by `ingest_documents` with every report already read, so that only
storing is timed: wall and CPU seconds, per report, and the statements sent (counted
with SQLAlchemy's before_cursor_execute event), then the store's table checksums
(warmonitor.store.checksum) to compare two versions of the writer.

With ``--per-core``, issue 15's figure instead: `warmonitor ingest` of the corpus into a
new SQLite file pinned to one core (``taskset -c 1``, one worker), --runs times (default
5), median CPU seconds (user + system: on a busy machine the wall time also counts the
time other processes held the core) and reports per CPU second (the corpus's rows: 804
for fa-kes; target 150), beside `extract --no-text` of the same corpus on the same core
(the reading alone). With ``--base SRC`` (the ``src`` folder of another copy of the
code, e.g. a `git archive` of main), that code runs too, in turns with this one, so
that both meet the same load. With ``--workers-ratio``, `ingest` into a new SQLite file
and `extract --no-text` with --workers 1 and 2, in turns, not pinned: median wall
seconds of each and the ratio 1 worker / 2 workers (target 1.7 on two cores), with
whether 2 workers stored the same tables (checksums) and printed the same lines; with
``--base`` too, that code in turns with this one.

Every subprocess gets the same WARMONITOR_HOME, a folder made for this run; a first
`warmonitor gazetteer info` builds the gazetteer index there so that no measurement
pays for it. Prints one JSON line per measurement, then a summary in lines starting "#".

    .venv/bin/python bench/ingest_speed.py [--sizes 1000,10000] [--runs 3] [--keep DIR]
    taskset -c 1 .venv/bin/python bench/ingest_speed.py --writer postgresql://postgres@127.0.0.1:5432/empty
    .venv/bin/python bench/ingest_speed.py --per-core --runs 5 --base /tmp/main/src
    .venv/bin/python bench/ingest_speed.py --workers-ratio --runs 5

Corpus: FA-KES (Abu Salem et al., ICWSM 2019), CC BY 4.0, in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import summary_row  # bench/timing.py: run as `python bench/<script>.py`

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "fa-kes.csv"
GENERATOR = Path(__file__).resolve().parent / "synthetic_corpus.py"
TALLY_BY = ("side", "group", "admin1", "place", "month", "week", "actor")
INGEST_TARGET_S = 60.0
TALLY_TARGET_S = 1.0
ONE_CORE = ["taskset", "-c", "0"] if shutil.which("taskset") else []


class Failed(Exception):
    """A measured command did not exit 0."""


def run(command: list[str], env: dict[str, str], log: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one run of ``command``; stdout and stderr go to ``log``."""
    elapsed, peak, _cpu = timed(command, env, log)
    return elapsed, peak


def timed(command: list[str], env: dict[str, str], log: Path, stdout: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, of the command and the
    processes it waited for) of one run of ``command``; its stderr goes to ``log``, and
    its stdout too unless ``stdout`` is given."""
    with open(log, "wb") as errors, open(stdout or os.devnull, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output if stdout else errors, stderr=errors, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    if status != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-5:]
        raise Failed(f"exit status {os.waitstatus_to_exitcode(status)}: {' '.join(command)}\n" + "\n".join(tail))
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def emit(record: dict) -> dict:
    print(json.dumps(record), flush=True)
    return record


def last_line(log: Path) -> str:
    """The ingest's one-line summary: the last non-blank line it wrote."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def store_counts(store: Path) -> dict[str, int]:
    """How many documents (and copies among them), events, claims and incidents a store holds."""
    queries = {
        "documents": "SELECT count(*) FROM document",
        "copies": "SELECT count(*) FROM document WHERE copy_of IS NOT NULL",
        "events": "SELECT count(*) FROM event",
        "claims": "SELECT count(*) FROM claim",
        "incidents": "SELECT count(*) FROM incident",
    }
    counts = {}
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as connection:
            for key, query in queries.items():
                counts[key] = connection.execute(query).fetchone()[0]
    except sqlite3.Error:
        pass  # a schema other than the one expected: the ingest's own summary still tells
    return counts


def count_rows(corpus: Path) -> int:
    """How many rows a CSV corpus has below its header."""
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    with open(corpus, newline="", encoding="utf-8", errors="replace") as stream:
        return max(0, sum(1 for _ in csv.reader(stream)) - 1)


def remove_store(store: Path) -> None:
    for path in (store, Path(f"{store}-wal"), Path(f"{store}-shm"), Path(f"{store}-journal")):
        path.unlink(missing_ok=True)


def ingest(warmonitor: str, corpus: Path, store: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    """One ingest of ``corpus`` into a fresh SQLite file at ``store``."""
    remove_store(store)
    return run(ONE_CORE + [warmonitor, "ingest", str(corpus), "--db", str(store), "--quiet"], env, log)


def has_command(warmonitor: str, name: str, env: dict[str, str]) -> bool:
    probe = subprocess.run([warmonitor, name, "--help"], env=env, capture_output=True)
    return probe.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="runs of the fa-kes ingest (default 3)")
    parser.add_argument("--tally-runs", type=int, default=5, help="runs of each tally (default 5)")
    parser.add_argument(
        "--sizes", default="1000,10000,100000",
        help="synthetic corpus sizes, comma-separated; 0 or empty for none (default 1000,10000,100000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora")
    parser.add_argument("--keep", type=Path, help="keep the stores, corpora and logs in this folder")
    parser.add_argument("--writer", metavar="DB", help="measure only the store's writer, into DB (see above)")
    parser.add_argument("--per-core", action="store_true", help="CPU seconds of an ingest on one pinned core (see above)")
    parser.add_argument("--base", type=Path, metavar="SRC", help="another code's src folder, run in turns (with the two above)")
    parser.add_argument("--workers-ratio", action="store_true", help="ingest and extract on 1 and 2 workers (see above)")
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    if args.writer:
        measure_writer(args.corpus, args.writer)
        return
    if args.per_core or args.workers_ratio:
        with tempfile.TemporaryDirectory(prefix="warmonitor-bench-") as work:
            work = Path(work)
            env = {**os.environ, "WARMONITOR_HOME": os.environ.get("WARMONITOR_HOME") or str(work / "home")}
            try:
                run([sys.executable, "-m", "warmonitor", "gazetteer", "info"], env, work / "gazetteer-info.log")
                if args.per_core:
                    measure_per_core(args.corpus, args.runs, args.base, work, env)
                else:
                    measure_workers_ratio(args.corpus, args.runs, args.base, work, env)
            except Failed as error:
                sys.exit(f"failed: {error}")
        return
    sizes = [int(size) for size in args.sizes.split(",") if size.strip() and int(size) > 0]
    warmonitor = str(Path(sys.executable).parent / "warmonitor")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="warmonitor-bench-")
        work = Path(cleanup.name)
    home = Path(tempfile.mkdtemp(prefix="home-", dir=work))
    env = {**os.environ, "WARMONITOR_HOME": str(home)}
    try:
        measure_all(args, sizes, warmonitor, work, env)
    except Failed as error:
        sys.exit(f"failed: {error}")
    finally:
        if cleanup is not None:
            cleanup.cleanup()


def measure_writer(corpus: Path, db: str) -> None:
    """The store's writer alone: every report of ``corpus`` read first, then stored."""
    from collections import Counter

    from sqlalchemy import event

    from warmonitor.ingest import CorpusColumns, read_input
    from warmonitor.store.checksum import table_checksums
    from warmonitor.store.database import open_store
    from warmonitor.store.ingest import ingest_documents
    from warmonitor.workers import Safely, read_report

    documents = list(read_input(str(corpus), columns=CorpusColumns()))
    def key(document):  # the whole document: one text may come under several ids
        return pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)

    reports = {key(d): Safely(read_report)(d) for d in documents if d is not None}
    engine = open_store(db)
    statements: Counter[str] = Counter()
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cursor, statement, *_rest: statements.update([statement.split(None, 1)[0].upper()]))
    started, cpu = time.perf_counter(), time.process_time()
    counts = ingest_documents(engine, documents, lambda d: reports[key(d)], progress=False)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    with engine.connect() as connection:
        checksums = table_checksums(connection)
    engine.dispose()
    stored = max(counts.stored, 1)
    emit({"name": f"store writer, {corpus.name} into {engine.dialect.name}", "reports": counts.stored,
          "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "cpu_ms_per_report": round(1000 * cpu / stored, 2),
          "reports_per_s": round(counts.stored / wall, 1), "statements_per_report": round(sum(statements.values()) / stored, 1),
          "statements": dict(statements), "checksums": checksums})


def measure_per_core(corpus: Path, runs: int, base: Path | None, work: Path, env: dict[str, str]) -> None:
    """`warmonitor ingest` of ``corpus`` into a new SQLite file on one pinned core, one
    worker: median CPU seconds of ``runs`` runs, of this code and of ``base`` in turns;
    beside it, in the same turns, `warmonitor extract --no-text` of the corpus (the same
    reading, without the store): what ingest costs beyond it is the store's."""
    reports = count_rows(corpus)
    codes = {"this": Path(__file__).resolve().parents[1] / "src", **({"base": base.resolve()} if base else {})}
    pinned = ["taskset", "-c", "1"] if shutil.which("taskset") and len(os.sched_getaffinity(0)) > 1 else ONE_CORE
    commands = {"ingest": lambda store: ["ingest", str(corpus), "--db", str(store), "--quiet", "--workers", "1"],
                "extract": lambda _store: ["extract", "--no-text", "--workers", "1", str(corpus)]}
    results: dict[tuple[str, str], list[tuple[float, int, float]]] = {(c, k): [] for c in codes for k in commands}
    for number in range(runs):
        for (name, command), measured in results.items():
            store = work / f"{name}.sqlite"
            remove_store(store)
            measured.append(timed(pinned + [sys.executable, "-m", "warmonitor", *commands[command](store)],
                                  {**env, "PYTHONPATH": str(codes[name])}, work / f"{name}-{command}.log", work / "out"))
            print(f"# run {number + 1}/{runs}, {name}, {command}: {measured[-1][2]:.2f} CPU s, load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr)
    for (name, command), measured in results.items():
        cpu = statistics.median(c for _, _, c in measured)
        label = "new SQLite, " if command == "ingest" else "--no-text, "
        emit({**summary_row(f"warmonitor {command} {corpus.name} ({label}{' '.join(pinned)}, 1 worker), {name} ({codes[name]})",
                            [(wall, peak) for wall, peak, _ in measured]),
              "cpu_s": sorted(round(c, 2) for _, _, c in measured), "median_cpu_s": round(cpu, 3),
              "reports": reports, "reports_per_cpu_s": round(reports / cpu, 1),
              **({"summary": last_line(work / f"{name}-{command}.log")} if command == "ingest" else {})})


def measure_workers_ratio(corpus: Path, runs: int, base: Path | None, work: Path, env: dict[str, str]) -> None:
    """`ingest` (a new SQLite file) and `extract --no-text` on 1 and 2 workers, in turns
    (and in turns with ``base``'s code): median wall seconds and the ratio, with the
    outputs of 1 and 2 workers compared."""
    codes = {"this": Path(__file__).resolve().parents[1] / "src", **({"base": base.resolve()} if base else {})}
    cases = [(code, command, n) for code in codes for command in ("ingest", "extract") for n in (1, 2)]
    walls: dict[tuple[str, str, int], list[float]] = {case: [] for case in cases}
    for number in range(runs):
        for code, command, n in cases:
            out = work / f"{code}-{command}-{n}.out"
            if command == "ingest":
                remove_store(work / f"{code}-{n}.sqlite")
                args = ["ingest", str(corpus), "--db", str(work / f"{code}-{n}.sqlite"), "--quiet"]
            else:
                args = ["extract", "--no-text", str(corpus)]
            wall, _, _ = timed([sys.executable, "-m", "warmonitor", *args, "--workers", str(n)],
                               {**env, "PYTHONPATH": str(codes[code])}, work / "ratio.log", out)
            walls[code, command, n].append(wall)
            print(f"# run {number + 1}/{runs}, {code}: {command} --workers {n}: {wall:.2f} s wall, load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr)
    for code, src in codes.items():
        same = {"ingest": store_checksums(work / f"{code}-1.sqlite") == store_checksums(work / f"{code}-2.sqlite"),
                "extract": (work / f"{code}-extract-1.out").read_bytes() == (work / f"{code}-extract-2.out").read_bytes()}
        for command in ("ingest", "extract"):
            one, two = (statistics.median(walls[code, command, n]) for n in (1, 2))
            emit({"name": f"warmonitor {command} {corpus.name}, --workers 1 and 2, {code} ({src})",
                  "wall_s_1": sorted(round(t, 2) for t in walls[code, command, 1]),
                  "wall_s_2": sorted(round(t, 2) for t in walls[code, command, 2]),
                  "median_s_1": round(one, 3), "median_s_2": round(two, 3), "ratio": round(one / two, 2),
                  "same_output": same[command]})


def store_checksums(store: Path) -> dict[str, str]:
    """The table checksums (warmonitor.store.checksum) of a SQLite store."""
    from warmonitor.store.checksum import table_checksums
    from warmonitor.store.database import open_store

    engine = open_store(str(store), read_only=True)
    with engine.connect() as connection:
        checksums = table_checksums(connection)
    engine.dispose()
    return checksums


def measure_all(args: argparse.Namespace, sizes: list[int], warmonitor: str, work: Path, env: dict[str, str]) -> None:
    warm_up, _ = run([warmonitor, "gazetteer", "info"], env, work / "gazetteer-info.log")
    print(f"# gazetteer index built in {warm_up:.1f} s (not measured) in {env['WARMONITOR_HOME']}", file=sys.stderr)
    summary: list[str] = []

    # a. the whole fa-kes corpus
    store = work / "fa-kes.sqlite"
    log = work / "ingest-fa-kes.log"
    results = []
    for number in range(args.runs):
        results.append(ingest(warmonitor, args.corpus, store, env, log))
        print(f"# fa-kes ingest run {number + 1}/{args.runs}: {results[-1][0]:.1f} s", file=sys.stderr)
    fakes = emit(summary_row(
        f"warmonitor ingest {args.corpus.name} (fresh SQLite)", results,
        reports=count_rows(args.corpus), summary=last_line(log), store_mb=round(store.stat().st_size / 2**20, 1),
        **store_counts(store),
    ))
    verdict = "meets" if fakes["median_s"] <= INGEST_TARGET_S else "MISSES"
    summary.append(
        f"ingest {args.corpus.name} ({fakes['reports']} reports): median {fakes['median_s']:.1f} s of {fakes['runs']} "
        f"({fakes['min_s']:.1f}-{fakes['max_s']:.1f}), peak {fakes['peak_rss_mb']} MB; "
        f"{verdict} the {INGEST_TARGET_S:.0f} s target"
    )

    # b. tallies over that store, beside the start-up floor
    floor = emit(summary_row(
        "warmonitor --help (start-up floor)",
        [run(ONE_CORE + [warmonitor, "--help"], env, work / "help.log") for _ in range(args.tally_runs)],
    ))
    if has_command(warmonitor, "tally", env):
        tallies = []
        for by in TALLY_BY:
            command = ONE_CORE + [warmonitor, "tally", "--db", str(store), "--by", by, "--format", "json"]
            log = work / f"tally-{by}.log"
            results = [run(command, env, log) for _ in range(args.tally_runs)]
            tallies.append(emit(summary_row(
                f"warmonitor tally --by {by} --format json", results,
                over_floor_s=round(statistics.median(t for t, _ in results) - floor["median_s"], 3),
                output_bytes=log.stat().st_size,
            )))
        slowest = max(tallies, key=lambda record: record["median_s"])
        verdict = "meets" if slowest["median_s"] <= TALLY_TARGET_S else "MISSES"
        summary.append(
            f"tally: slowest {slowest['name'].split()[3]} {slowest['median_s']:.2f} s "
            f"(start-up floor {floor['median_s']:.2f} s, so {slowest['over_floor_s']:.2f} s of its own); "
            f"{verdict} the {TALLY_TARGET_S:.0f} s target; "
            + ", ".join(f"{record['name'].split()[3]} {record['median_s']:.2f}" for record in tallies)
        )
    else:
        print("# warmonitor has no tally command yet: tallies not measured", file=sys.stderr)
        summary.append(f"tally: not measured (no tally command); start-up floor {floor['median_s']:.2f} s")

    # c. synthetic corpora of growing size
    synthetic = []
    for size in sizes:
        corpus = work / f"synthetic-{size}-seed{args.seed}.csv"
        if not corpus.is_file():
            subprocess.run(
                [sys.executable, str(GENERATOR), "--count", str(size), "--seed", str(args.seed),
                 "--corpus", str(args.corpus), "--out", str(corpus)],
                check=True,
            )
        store = work / f"synthetic-{size}.sqlite"
        log = work / f"ingest-synthetic-{size}.log"
        print(f"# ingesting {size} synthetic reports", file=sys.stderr)
        result = ingest(warmonitor, corpus, store, env, log)
        record = emit(summary_row(
            f"warmonitor ingest synthetic-{size}.csv (fresh SQLite)", [result],
            reports=size, reports_per_s=round(size / result[0], 1),
            corpus_mb=round(corpus.stat().st_size / 2**20, 1),
            store_mb=round(store.stat().st_size / 2**20, 1),
            summary=last_line(log), **store_counts(store),
        ))
        synthetic.append(record)
        summary.append(
            f"ingest {size} synthetic reports: {record['median_s']:.1f} s, "
            f"{record['reports_per_s']:.1f} reports/s, peak {record['peak_rss_mb']} MB"
        )
    if len(synthetic) > 1:
        first, last = synthetic[0], synthetic[-1]
        summary.append(
            f"peak memory from {first['reports']} to {last['reports']} reports: {first['peak_rss_mb']} -> "
            f"{last['peak_rss_mb']} MB (x{last['peak_rss_mb'] / first['peak_rss_mb']:.2f}; flat is x1.0)"
        )

    for line in summary:
        print(f"# {line}")


if __name__ == "__main__":
    main()
