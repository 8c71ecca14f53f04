"""Latency and throughput of `warmonitor serve` over loopback.

`warmonitor serve` (uvicorn, one worker) runs as a subprocess on 127.0.0.1 and a free
port, over the store given by --db, or else over a store built for this run from the FA-KES
corpus with `warmonitor ingest` (about 35 s; not timed). With taskset and two or more
cores, the server is pinned to core 0 and the load generator to core 1.

After a warm-up, measured:

a. /api/events?admin1=Idlib: p50/p90/p99 latency of --requests sequential requests
   (default 500) on one keep-alive connection. Target: p50 <= 20 ms.
b. /api/events?admin1=Idlib: throughput with --connections concurrent clients (default 8)
   for --duration seconds (default 10): wrk when installed, else a Python asyncio + httpx
   load generator (the output says which). The same query each time: the answer cache
   serves it.
c. p50 (and p90/p99) of --other-requests sequential requests (default 200) to
   /api/tallies?by=side, /api/tallies?by=admin1 (target: <= 50 ms each),
   /api/events.geojson and /api/timeline.
d. Uncached answers: --requests sequential requests to /api/events, each with another
   query, so that the server's answer cache never serves one: filters (admin1=Idlib,
   min_killed=0..49, a page further each 50; target p50 <= 20 ms) and a search
   (q=one of ten words, a page further each time; target p50 <= 50 ms).
e. Uncached throughput: as b, each request another filtered query (admin1=Idlib, a
   minimum killed of 0..9 and a last day going back a day every ten requests; every answer
   holds events), with the Python load generator. Target: >= 300 requests/s.

Each measurement also gives the server's CPU time per request (from /proc), which other
processes on the machine do not inflate: 1000 / it is the rate one dedicated core could serve.

Prints one JSON line per measurement, then a summary in lines starting "#"; exits 1 when
a target is missed (--no-fail to always exit 0).

    .venv/bin/python bench/api_speed.py [--db /tmp/wm/s4.sqlite] [--requests 500] [--duration 10]

Corpus: FA-KES (Abu Salem et al., ICWSM 2019), CC BY 4.0, in ../shared/corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from warmonitor.publish.background import ServerDidNotStart, serve_in_background

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "fa-kes.csv"
EVENTS = "/api/events?admin1=Idlib"
UNCACHED_LOAD = "/api/events?admin1=Idlib&min_killed=K&to=DAY (uncached)"
OTHERS = {
    "/api/tallies?by=side": 50.0,
    "/api/tallies?by=admin1": 50.0,
    "/api/events.geojson": None,
    "/api/timeline": None,
}
EVENTS_P50_TARGET_MS = 20.0
SEARCH_P50_TARGET_MS = 50.0
SEARCH_WORDS = ("Idlib", "Aleppo", "Douma", "civilians", "Saraqib", "Russian", "rebels", "children", "Raqqa", "Homs")
EVENTS_RPS_TARGET = 300.0


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def pinning() -> tuple[list[str], set[int] | None, str]:
    """The taskset prefix for the server, the cores for this process, and a note."""
    if not shutil.which("taskset"):
        return [], None, "not pinned (no taskset)"
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return [], None, f"not pinned (one core available: {cores})"
    return ["taskset", "-c", str(cores[0])], {cores[1]}, f"server on core {cores[0]}, load generator on core {cores[1]}"


def build_store(corpus: Path, folder: Path, env: dict[str, str]) -> str:
    if not corpus.is_file():
        sys.exit(f"no store given (--db) and no corpus at {corpus} to build one from (--corpus)")
    db = folder / "store.sqlite"
    print(f"# building a store from {corpus} (warmonitor ingest, not timed)...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", str(db), str(corpus)],
        env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        sys.exit(f"warmonitor ingest failed ({done.returncode}):\n{done.stderr}")
    emit({"measure": "build_store", "corpus": str(corpus), "seconds": round(time.perf_counter() - started, 1),
          "summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""})
    return str(db)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_generator_cpu_seconds() -> float:
    """CPU time of this process and of its finished children (wrk) so far."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def with_cpu(pid: int, measure, *args) -> dict:
    """``measure(*args)`` plus the server's CPU time per request: unlike wall time, it does not
    grow when other processes share the core, and 1000 / it is what one core can serve.
    The load generator's own CPU per request says whether it, on its one core, rather
    than the server, set the pace."""
    before, generator_before = cpu_seconds(pid), load_generator_cpu_seconds()
    result = measure(*args)
    requests = max(1, result["requests"])
    cpu_ms = (cpu_seconds(pid) - before) * 1000 / requests
    generator_ms = (load_generator_cpu_seconds() - generator_before) * 1000 / requests
    return {**result, "server_cpu_ms_per_request": round(cpu_ms, 2),
            "one_core_capacity_req_per_s": round(1000 / cpu_ms, 1) if cpu_ms else None,
            "load_generator_cpu_ms_per_request": round(generator_ms, 2)}


def sequential(client: httpx.Client, path: str, n: int) -> dict:
    """Latency of n requests, one after the other, on one keep-alive connection."""
    latencies, size, errors = [], 0, 0
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        body = response.content
        latencies.append((time.perf_counter() - started) * 1000)
        size = len(body)
        errors += response.status_code != 200
    return {
        "path": path, "requests": n, "errors": errors, "bytes": size,
        "p50_ms": round(percentile(latencies, 50), 2), "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2), "mean_ms": round(statistics.fmean(latencies), 2),
        "max_ms": round(max(latencies), 2),
    }


def uncached(client: httpx.Client, label: str, paths: list[str]) -> dict:
    """Latency of requests to ``paths``, all different (so never from the answer cache)."""
    latencies, errors = [], 0
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != 200
    return {
        "path": label, "requests": len(paths), "errors": errors,
        "p50_ms": round(percentile(latencies, 50), 2), "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(max(latencies), 2),
    }


def varied_queries(n: int) -> dict[str, list[str]]:
    """For each uncached measure, ``n`` different paths."""
    return {
        "/api/events?admin1=Idlib&min_killed=K&offset=O (uncached)":
            [f"/api/events?admin1=Idlib&min_killed={i % 50}&offset={i // 50}" for i in range(n)],
        "/api/events?q=WORD&offset=O (uncached search)":
            [f"/api/events?q={SEARCH_WORDS[i % len(SEARCH_WORDS)]}&offset={i // len(SEARCH_WORDS)}" for i in range(n)],
    }


def varied_load_paths(n: int) -> list[str]:
    """``n`` different filtered queries for the uncached throughput run, none asked before."""
    last = date(2018, 12, 31)
    return [f"/api/events?admin1=Idlib&min_killed={i % 10}&to={last - timedelta(days=i // 10)}" for i in range(n)]


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int, duration: int, cores: set[int] | None) -> dict:
    prefix = ["taskset", "-c", ",".join(map(str, sorted(cores)))] if cores else []
    command = [*prefix, "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    out = done.stdout
    result = {"generator": "wrk", "command": " ".join(command[len(prefix):]),
              "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
              "requests": int(re.search(r"(\d+) requests in", out).group(1)),
              "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0,
              "socket_errors": (m.group(0).strip() if (m := re.search(r"Socket errors:.*", out)) else None)}
    for q in ("50", "90", "99"):
        found = re.search(rf"^\s+{q}%\s+([\d.]+(?:us|ms|s))", out, re.M)
        if found:
            result[f"p{q}_ms"] = round(_ms(found.group(1)), 2)
    return result


async def _python_load(urls: list[str], connections: int, duration: float) -> dict:
    """Requests to ``urls`` in turn (over again from the first when they run out)."""
    latencies: list[float] = []
    errors = 0
    turn = itertools.cycle(urls)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        stop = time.perf_counter() + duration

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                response = await client.get(next(turn))
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return {"generator": "python asyncio+httpx", "requests": len(latencies), "non_2xx": errors,
            "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": round(percentile(latencies, 50), 2),
            "p90_ms": round(percentile(latencies, 90), 2), "p99_ms": round(percentile(latencies, 99), 2)}


def throughput(url: str, connections: int, duration: int, cores: set[int] | None, generator: str) -> dict:
    if generator in ("auto", "wrk") and shutil.which("wrk"):
        return wrk(url, connections, duration, cores)
    if generator == "wrk":
        sys.exit("--generator wrk: wrk is not installed (apt-get install -y wrk)")
    return asyncio.run(_python_load([url], connections, duration))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store to serve (SQLite path or postgresql:// URL); default: built from --corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus to build a store from when --db is not given")
    parser.add_argument("--requests", type=int, default=500, help="sequential requests to /api/events?admin1=Idlib")
    parser.add_argument("--other-requests", type=int, default=200, help="sequential requests to each other endpoint")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients for the throughput run")
    parser.add_argument("--duration", type=int, default=10, help="seconds of the throughput run")
    parser.add_argument("--warmup", type=int, default=50, help="requests to each endpoint before measuring")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it (and the server log)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="warmonitor-api-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if "WARMONITOR_HOME" not in env:
        env["WARMONITOR_HOME"] = str(folder / "home")
    server_prefix, client_cores, pin_note = pinning()
    try:
        db = args.db or build_store(args.corpus, folder, env)
        results: dict[str, dict] = {}
        with serve_in_background(db, prefix=server_prefix, env=env, log=folder / "serve.log") as server:
            base = server.url
            if client_cores:
                os.sched_setaffinity(0, client_cores)
            with httpx.Client(base_url=base, timeout=30) as client:
                total = client.get("/api/events?limit=1").json()["total"]
                idlib = client.get(EVENTS).json()["total"]
                emit({"measure": "store", "db": db, "events": total, "idlib_events": idlib,
                      "server": f"warmonitor serve (uvicorn, 1 worker) at {base}", "pinning": pin_note})
                for path in (EVENTS, *OTHERS):
                    for _ in range(args.warmup):
                        client.get(path).raise_for_status()
                results[EVENTS] = with_cpu(server.pid, sequential, client, EVENTS, args.requests)
                emit({"measure": "latency", **results[EVENTS]})
            load = with_cpu(server.pid, throughput, base + EVENTS, args.connections, args.duration, client_cores, args.generator)
            results["throughput"] = load
            emit({"measure": "throughput", "path": EVENTS, "connections": args.connections, "seconds": args.duration, **load})
            with httpx.Client(base_url=base, timeout=30) as client:
                for path in OTHERS:
                    results[path] = with_cpu(server.pid, sequential, client, path, args.other_requests)
                    emit({"measure": "latency", **results[path]})
                for label, paths in varied_queries(args.requests).items():
                    results[label] = with_cpu(server.pid, uncached, client, label, paths)
                    emit({"measure": "uncached latency", **results[label]})
            paths = [base + path for path in varied_load_paths(20_000)]
            load = with_cpu(server.pid, asyncio.run, _python_load(paths, args.connections, args.duration))
            results["uncached throughput"] = load
            emit({"measure": "uncached throughput", "path": UNCACHED_LOAD, "connections": args.connections,
                  "seconds": args.duration, **load})
    except ServerDidNotStart as error:
        sys.exit(str(error))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    checks = [
        (f"{EVENTS} p50", results[EVENTS]["p50_ms"], "ms", "<=", EVENTS_P50_TARGET_MS),
        (f"{UNCACHED_LOAD} throughput", results["uncached throughput"]["requests_per_s"], "req/s", ">=", EVENTS_RPS_TARGET),
        *((f"{path} p50", results[path]["p50_ms"], "ms", "<=", target) for path, target in OTHERS.items() if target),
        *((f"{label} p50", results[label]["p50_ms"], "ms", "<=", target)
          for label, target in zip(varied_queries(1), (EVENTS_P50_TARGET_MS, SEARCH_P50_TARGET_MS))),
    ]
    missed = 0
    print(f"# warmonitor serve, one uvicorn worker, loopback; {pin_note}")
    print(f"# throughput generator: {results['throughput']['generator']} ({args.connections} connections, {args.duration} s)")
    for name, value, unit, op, target in checks:
        ok = value <= target if op == "<=" else value >= target
        missed += not ok
        print(f"# {'ok  ' if ok else 'MISS'} {name}: {value:g} {unit} (target {op} {target:g} {unit})")
    for path in OTHERS:
        r = results[path]
        print(f"# {path}: p50 {r['p50_ms']:g} ms, p90 {r['p90_ms']:g} ms, p99 {r['p99_ms']:g} ms ({r['bytes']:,} bytes)")
    r = results[EVENTS]
    print(f"# {EVENTS}: p50 {r['p50_ms']:g} ms, p90 {r['p90_ms']:g} ms, p99 {r['p99_ms']:g} ms ({r['bytes']:,} bytes), "
          f"{results['throughput']['requests_per_s']:g} req/s")
    for name in ("throughput", "uncached throughput"):
        r = results[name]
        print(f"# {name}: {r['requests_per_s']:g} req/s measured, p50 {r['p50_ms']:g} ms; server CPU per request "
              f"{r['server_cpu_ms_per_request']:g} ms, i.e. {r['one_core_capacity_req_per_s']:g} req/s on one dedicated core; "
              f"load generator CPU per request {r['load_generator_cpu_ms_per_request']:g} ms")
    print(f"# (measured throughput is lower when other processes share the server's core; load average {os.getloadavg()[0]:.2f})")
    errors = sum(r.get("errors", 0) + r.get("non_2xx", 0) for r in results.values())
    if errors:
        print(f"# {errors} responses were not 200")
    return 0 if args.no_fail or not (missed or errors) else 1


if __name__ == "__main__":
    sys.exit(main())
