"""Speed and memory of `warmonitor extract` over the whole fa-kes corpus (804 articles).

Runs each command 5 times on one core (taskset) and reports the median wall time and
the peak resident memory, beside a bare pass that only reads the corpus and splits it
into sentences: the difference is what the claim reader costs.

    .venv/bin/python bench/extract_speed.py [--corpus PATH] [--runs 5]

Corpus: FA-KES (Abu Salem et al., ICWSM 2019), CC BY 4.0, in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one run of ``command``, output discarded."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024


def measure(name: str, command: list[str], runs: int) -> dict:
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    return summary_row(name, [run(one_core + command) for _ in range(runs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"no corpus at {args.corpus}")
    bindir = Path(sys.executable).parent
    rows = [
        measure("bare pass (read + sentences)", [sys.executable, "-c", BARE_PASS, str(args.corpus)], args.runs),
        measure("warmonitor extract --no-text", [str(bindir / "warmonitor"), "extract", "--no-text", str(args.corpus)], args.runs),
    ]
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
