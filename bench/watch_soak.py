"""Soak test of `warmonitor watch`: hours of polling must not grow its memory, lose an
article or store one twice, even across a ``kill -9``.

A loopback feed server (tests/feedserver.py) publishes invented articles in 20 sources
(RSS, Atom, sitemaps, index pages), one new article every --every seconds, while some
sources fail: 500s, answers that never come, bad XML, headers dripped a byte at a time,
429 with Retry-After, links to private addresses, and one that lists the same items for
ever. `warmonitor watch` runs as a subprocess over a fresh SQLite store, every source at
a 10 s interval; its resident memory is sampled every 10 s.

After --minutes, the watcher is killed with SIGKILL mid-run and started again; the
feed server goes on publishing for --after minutes, then stops, the watcher is given
time to read what is left and is stopped with SIGTERM (it must exit 0). Then every
published article must be in the store exactly once, no private link fetched, and no
source polled more often than its interval.

    .venv/bin/python bench/watch_soak.py [--minutes 30] [--after 3] [--every 2] [--keep DIR]

Prints progress lines, then a summary in lines starting "#"; exit status 1 if a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from feedserver import FeedServer  # noqa: E402

INTERVAL = 10.0
SOURCES = [  # (name, kind, fault, fault_every)
    ("r500", "rss", "500", 3), ("rtimeout", "rss", "timeout", 4), ("rbadxml", "rss", "badxml", 3),
    ("rsame", "rss", "same", 1), ("r429", "rss", "429", 5), ("rdrip", "rss", "drip", 6),
    ("rprivate", "rss", "private", 1),
    *((f"rss{n}", "rss", None, 1) for n in range(7)),
    *((f"atom{n}", "atom", None, 1) for n in range(3)),
    *((f"sitemap{n}", "sitemap", None, 1) for n in range(2)),
    ("index0", "index", None, 1),
]
KINDS = {"rss": "feed", "atom": "feed", "sitemap": "sitemap", "index": "index"}


def config(server: FeedServer) -> str:
    lines = [
        "[watch]", 'allow_private_addresses = ["127.0.0.0/8"]', "per_host_interval = 0.05",
        "fetch_deadline = 5", "feed_deadline = 30", "max_backoff = 60", "",
    ]
    for name, kind, _fault, _every in SOURCES:
        lines += ["[[source]]", f'name = "{name}"', f'url = "{server.url(name)}"', f'kind = "{KINDS[kind]}"',
                  f"interval = {INTERVAL}"]
        if kind == "index":
            lines.append('links = "/articles/"')
        lines.append("")
    return "\n".join(lines)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def start_watcher(folder: Path, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "warmonitor", "watch", "--config", str(folder / "watch.toml"),
         "--db", str(folder / "store.sqlite")],
        stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def publisher(server: FeedServer, every: float, stop: threading.Event) -> None:
    chooser = random.Random(13)
    names = [name for name, _, fault, _ in SOURCES if fault != "same"]
    while not stop.wait(every):
        server.publish(chooser.choice(names))


def stored_urls(store: Path) -> dict[str, int]:
    with sqlite3.connect(store) as connection:
        return dict(connection.execute("SELECT url, count(*) FROM document GROUP BY url"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--after", type=float, default=3.0, help="minutes run after the kill -9")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two new articles")
    parser.add_argument("--keep", type=Path, help="folder to keep the store and logs in")
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="watch-soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "warmonitor", "gazetteer", "info"], check=True, capture_output=True)
    samples: list[tuple[float, float]] = []
    with FeedServer() as server, open(folder / "watcher.log", "ab") as log:
        for name, kind, fault, every in SOURCES:
            server.add_feed(name, kind=kind, fault=fault, fault_every=every, stall=15.0)
        for _ in range(5):
            server.publish("rsame")
        (folder / "watch.toml").write_text(config(server))
        stop = threading.Event()
        threading.Thread(target=publisher, args=(server, arguments.every, stop), daemon=True).start()
        started = time.monotonic()
        watcher = start_watcher(folder, log)
        print(f"soak: store and logs in {folder}; watcher pid {watcher.pid}", flush=True)
        while (elapsed := time.monotonic() - started) < arguments.minutes * 60:
            if watcher.poll() is not None:
                print(f"soak: the watcher died (exit {watcher.returncode}) at {elapsed / 60:.1f} min", flush=True)
                return 1
            rss = rss_mb(watcher.pid)
            if rss is not None:
                samples.append((elapsed, rss))
            if len(samples) % 30 == 1:
                print(f"soak: {elapsed / 60:5.1f} min, rss {rss:.1f} MB, published {server.published}", flush=True)
            time.sleep(10)
        watcher.send_signal(signal.SIGKILL)
        watcher.wait()
        killed_at = server.published
        print(f"soak: kill -9 at {elapsed / 60:.1f} min, {killed_at} published; restarting", flush=True)
        watcher = start_watcher(folder, log)
        time.sleep(arguments.after * 60)
        stop.set()
        published = server.all_articles()
        wanted = {server.article_url(article) for article in published}
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not wanted <= set(stored_urls(folder / "store.sqlite")):
            time.sleep(5)
        watcher.send_signal(signal.SIGTERM)
        exit_status = watcher.wait(timeout=120)
        urls = stored_urls(folder / "store.sqlite")
        log_path = folder / "watcher.log"
        requests = list(server.log)
    return report(arguments, samples, published, wanted, urls, exit_status, requests, log_path, killed_at)


def report(arguments, samples, published, wanted, urls, exit_status, requests, log_path, killed_at) -> int:
    after_five = [rss for elapsed, rss in samples if elapsed >= 300]
    start_rss = after_five[0] if after_five else None
    peak_rss = max(after_five) if after_five else None
    missing = sorted(wanted - set(urls))
    doubled = sorted(url for url, count in urls.items() if url in wanted and count > 1)
    strangers = sorted(url for url in urls if url not in wanted)
    gaps = []
    by_path: dict[str, list[float]] = {}
    for when, path, _status in requests:
        if not path.startswith(("/articles/", "/robots.txt")):
            by_path.setdefault(path, []).append(when)
    for path, times in by_path.items():
        gaps += [(b - a, path) for a, b in zip(times, times[1:])]
    shortest, shortest_path = min(gaps)
    polls = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{") and '"poll"' in line]
    statuses: dict[str, int] = {}
    for poll in polls:
        statuses[poll["status"]] = statuses.get(poll["status"], 0) + 1
    flat = start_rss is not None and peak_rss <= start_rss * 1.10
    print(f"# run: {arguments.minutes:g} min, then kill -9 ({killed_at} articles published by then), "
          f"{arguments.after:g} min more; one article every {arguments.every:g} s, 20 sources at {INTERVAL:g} s")
    if start_rss is not None:
        print(f"# memory: rss at minute 5 {start_rss:.1f} MB, peak from minute 5 to the kill {peak_rss:.1f} MB "
              f"({(peak_rss / start_rss - 1) * 100:+.1f} %), last {after_five[-1]:.1f} MB: "
              f"{'flat' if flat else 'NOT flat'}")
    print(f"# articles: {len(published)} published, {len(wanted) - len(missing)} stored, {len(missing)} missing, "
          f"{len(doubled)} stored twice, {len(strangers)} stored that were not published")
    print(f"# polls: {len(polls)} ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
          f"shortest gap between two requests of one source: {shortest:.2f} s ({shortest_path}; interval {INTERVAL:g} s)")
    print(f"# watcher exit status after SIGTERM: {exit_status}")
    for url in (missing + doubled + strangers)[:10]:
        print(f"#   {url}")
    ok = flat and not missing and not doubled and not strangers and exit_status == 0 and shortest >= INTERVAL
    print(f"# {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
