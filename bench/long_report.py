"""Speed and memory of `warmonitor extract` on one very long report (issue 12).

A report of several megabytes (a whole archive pasted into one CSV cell, a live blog
kept for months) must cost time in proportion to its length, never hang: extract once
took 16 s on 1 MB and ran past 400 s on 10 MB. This builds one invented report of each
size in --sizes (MB, default 1,2,4,8,10) by repeating varied invented paragraphs
(places, numbers, days and sides drawn from a seeded generator; no copied text), writes
it to a plain-text file, and times `warmonitor extract --no-text --workers N FILE`: the
median of --runs runs (wall seconds, and CPU seconds of the command and its workers),
seconds per MB and the peak resident memory of the largest of its processes. Targets: 10
MB in 20 s or less, seconds per MB flat across sizes, peak 500 MB or less.

Such a report is read in pieces of at most 200,000 characters (src/warmonitor/extract/
doc.py), each extracted and resolved as a report of its own: what grows with the size is
then only what it tells (claims, places, events) and the JSON line written of it. With
--workers 1 (pinned to one core with taskset) the pieces are read in turn; with more
(default: the cores this process may use, as `extract` does) a report of 16 pieces or
more spreads them over a pool of processes, one piece an item, as it would many reports.

    .venv/bin/python bench/long_report.py [--sizes 1,2,4,8,10] [--runs 3] [--workers N] [--timeout 600]

Prints one JSON line per size, then a summary line starting "#". A run stopped at
--timeout seconds (default 600) counts as Infinity.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from timing import summary_row  # bench/timing.py: run as `python bench/<script>.py`

MB = 1024 * 1024

PLACES = [
    "Aleppo", "Idlib", "Hama", "Homs", "Daraa", "Raqqa", "Deir ez-Zor", "Latakia", "Douma", "Manbij",
    "Saraqeb", "Khan Shaykhun", "Maarat al-Numan", "Jisr al-Shughur", "Tadmur", "Qamishli", "Afrin", "al-Bab",
]
SIDES = [
    "government forces", "rebel fighters", "Islamic State militants", "Kurdish forces",
    "Turkish-backed groups", "an armed faction",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PARAGRAPHS = [
    "Shelling by {side} on {place} killed {n} civilians on {day}, a local monitor said.",
    "At least {n} people were wounded when a car bomb went off near a market in {place} on {day}.",
    "The village of Tell {word} in the countryside of {place} came under air strikes for the {nth} day.",
    "{side_cap} said they had taken {n} checkpoints around {place} after clashes that left {m} fighters dead.",
    "Residents of {place} said bread had run short and {n} families left for {other} during the week.",
    "A medical charity counted {n} dead and {m} injured in {place} province since {day}.",
    "No casualties were reported in {place}, where the ceasefire held on {day} despite sporadic gunfire.",
    "Talks in {other} ended without agreement on {day}; delegates are to meet again next month.",
]
WORDS = ["Hamra", "Sukkar", "Jabal", "Zaytun", "Khadra", "Rummana", "Tin", "Nakhla", "Sawda", "Bayda"]
NTH = ["second", "third", "fourth", "fifth", "sixth"]


def long_report(size: int, seed: int = 12) -> str:
    """An invented report of at least ``size`` bytes (UTF-8), one paragraph to a line."""
    rng = random.Random(seed)
    lines = ["Monitor's weekly log of incidents", ""]
    length = 0
    while length < size:
        side = rng.choice(SIDES)
        line = rng.choice(PARAGRAPHS).format(
            side=side, side_cap=side[0].upper() + side[1:], place=rng.choice(PLACES), other=rng.choice(PLACES),
            day=rng.choice(DAYS), n=rng.randint(2, 60), m=rng.randint(2, 30), word=rng.choice(WORDS),
            nth=rng.choice(NTH),
        )
        lines.append(line)
        length += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def run(command: list[str], timeout: float) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one run of
    ``command``, output discarded; a run still going after ``timeout`` seconds is stopped
    and counts as ``inf``. The CPU time is what to compare on a busy machine: wall time
    there also counts the time other processes held the core."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    timed_out = not timer.is_alive()
    timer.cancel()
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out:
        return float("inf"), usage.ru_maxrss // 1024, cpu
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss // 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8,10", help="report sizes in MB, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600, help="seconds after which a run is stopped (reported as Infinity)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="extract's --workers (default: the cores)")
    args = parser.parse_args()
    one_core = ["taskset", "-c", "0"] if args.workers == 1 and shutil.which("taskset") else []
    command = [*one_core, sys.executable, "-m", "warmonitor", "extract", "--no-text", "--workers", str(args.workers)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="long-report-") as folder:
        for size in [float(s) for s in args.sizes.split(",")]:
            path = Path(folder) / f"report-{size:g}mb.txt"
            path.write_text(long_report(int(size * MB)), encoding="utf-8")
            runs = [run([*command, str(path)], args.timeout) for _ in range(args.runs)]
            row = summary_row(f"extract {size:g} MB report, {args.workers} workers", [(wall, rss) for wall, rss, _ in runs])
            row["median_cpu_s"] = round(statistics.median(cpu for _, _, cpu in runs), 3)
            row["s_per_mb"] = round(row["median_s"] / size, 3)
            row["cpu_s_per_mb"] = round(row["median_cpu_s"] / size, 3)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(
        f"# s/MB {[r['s_per_mb'] for r in rows]}; CPU s/MB {[r['cpu_s_per_mb'] for r in rows]}; "
        f"peak {max(r['peak_rss_mb'] for r in rows)} MB"
    )


if __name__ == "__main__":
    main()
