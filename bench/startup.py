"""How long `warmonitor --help` takes to start: the floor every command pays.

Runs `python -m warmonitor --help` --runs times (default 5) pinned to one core
(`taskset -c 0`), after one unmeasured run that writes the bytecode caches, and prints
the median wall time and the median CPU time (user + system) as one JSON line, then a
line starting "#" against the target of 0.15 s. On a machine busy with other work the
wall time also counts the waits for the core; the CPU time does not.

    .venv/bin/python bench/startup.py [--runs 5] [-- ARGS...]

ARGS replace `--help` (`-- tally --help` times a subcommand's help).
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

TARGET_S = 0.15
ONE_CORE = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"exit status {os.waitstatus_to_exitcode(status)}: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("args", nargs="*", default=["--help"], help="the command's arguments (default --help)")
    args = parser.parse_args()
    command = [*ONE_CORE, sys.executable, "-m", "warmonitor", *args.args]
    once(command)  # bytecode caches written: no measured run compiles
    runs = [once(command) for _ in range(args.runs)]
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    print(json.dumps({"command": " ".join(command), "runs": args.runs, "median_wall_s": round(wall, 3),
                      "median_cpu_s": round(cpu, 3), "wall_s": [round(w, 3) for w, _ in runs]}))
    print(f"# warmonitor {' '.join(args.args)}: median {wall:.3f} s wall, {cpu:.3f} s CPU "
          f"(target {TARGET_S} s: {'met' if wall <= TARGET_S else 'not met'} on wall time)")


if __name__ == "__main__":
    main()
