"""Speed and memory of `warmonitor extract` over the whole fa-kes corpus (804 articles).

Runs each command 5 times on one core (taskset) and reports the median wall time, the
median CPU time (user + system: what to compare on a busy machine, where wall time also
counts the time other processes held the core), reports per CPU second (issue 15:
200 or more) and the peak resident memory, beside a bare pass that only reads the corpus
and splits it into sentences: the difference is what extract and resolve cost.

    .venv/bin/python bench/extract_speed.py [--corpus PATH] [--runs 5]

Corpus: FA-KES (Abu Salem et al., ICWSM 2019), CC BY 4.0, in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import summary_row  # bench/timing.py: run as `python bench/<script>.py`

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "fa-kes.csv"

BARE_PASS = """
import sys
from warmonitor.ingest import read_input
from warmonitor.extract.tokens import sentence_spans
n = sum(len(sentence_spans(d.text)) for d in read_input(sys.argv[1]))
print(n, file=sys.stderr)
"""


def run(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one run of ``command``, output discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def measure(name: str, command: list[str], runs: int, reports: int) -> dict:
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    results = [run(one_core + command) for _ in range(runs)]
    cpu = statistics.median(c for _, _, c in results)
    row = summary_row(name, [(wall, rss) for wall, rss, _ in results])
    return {**row, "median_cpu_s": round(cpu, 3), "reports_per_cpu_s": round(reports / cpu, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    bindir = Path(sys.executable).parent
    reports = _count_reports(args.corpus)
    rows = [
        measure("bare pass (read + sentences)", [sys.executable, "-c", BARE_PASS, str(args.corpus)], args.runs, reports),
        measure(
            "warmonitor extract --no-text --workers 1",
            [str(bindir / "warmonitor"), "extract", "--no-text", "--workers", "1", str(args.corpus)], args.runs, reports,
        ),
    ]
    for row in rows:
        print(json.dumps(row))


def _count_reports(corpus: Path) -> int:
    from warmonitor.ingest import read_input

    return sum(1 for _ in read_input(str(corpus)))


if __name__ == "__main__":
    main()
