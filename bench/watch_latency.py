"""Latency of `warmonitor serve --watch`: how long from an article's appearance in a feed
to its incident in `/api/events`.

A loopback feed server (tests/feedserver.py) publishes --articles invented articles
(default 200), one every --every seconds, round robin over --feeds RSS feeds, each polled
every --interval seconds (default 10) by `warmonitor serve --watch` over a fresh SQLite
store. Each article has a date of its own, so its incident is the one of that date; the
API is asked every quarter second which dates it has.

The latency is split in three from the store's watch_article rows: polling (from the
appearance to the poll that found the link), reading (from then to the report stored:
fetching, extracting, storing, and waiting behind the other articles of that poll), and
publishing (from stored to seen in the API). The target: p95 at most 30 s.

    .venv/bin/python bench/watch_latency.py [--articles 200] [--interval 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from feedserver import FeedServer  # noqa: E402


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def epoch(moment: str) -> float:
    return datetime.fromisoformat(moment).replace(tzinfo=timezone.utc).timestamp()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--every", type=float, default=0.5, help="seconds between two new articles")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between two polls of a feed")
    parser.add_argument("--keep", type=Path)
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="watch-latency-"))
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "warmonitor", "gazetteer", "info"], check=True, capture_output=True)
    port = free_port()
    seen: dict[str, float] = {}
    with FeedServer() as server, open(folder / "serve.log", "wb") as log:
        names = [f"feed{n}" for n in range(arguments.feeds)]
        lines = ["[watch]", 'allow_private_addresses = ["127.0.0.0/8"]', "per_host_interval = 0.05", ""]
        for name in names:
            server.add_feed(name)
            lines += ["[[source]]", f'name = "{name}"', f'url = "{server.url(name)}"', f"interval = {arguments.interval}", ""]
        (folder / "watch.toml").write_text("\n".join(lines))
        serving = subprocess.Popen(
            [sys.executable, "-m", "warmonitor", "serve", "--watch", "--port", str(port), "--config",
             str(folder / "watch.toml"), "--db", str(folder / "store.sqlite")],
            stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        api = f"http://127.0.0.1:{port}/api/events?limit=500&sort=-date"
        with httpx.Client(timeout=10) as client:
            while True:
                try:
                    client.get(api)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            time.sleep(arguments.interval)  # every feed polled once, empty: the run starts in step
            stop = threading.Event()

            def publish() -> None:
                for number in range(arguments.articles):
                    server.publish(names[number % len(names)])
                    if stop.wait(arguments.every):
                        return

            threading.Thread(target=publish, daemon=True).start()
            deadline = time.time() + arguments.articles * arguments.every + 120
            while time.time() < deadline:
                days = {item["event_date"] for item in client.get(api).json()["items"]}
                moment = time.time()
                for article in server.all_articles():
                    if article.day.isoformat() in days:
                        seen.setdefault(article.path, moment)
                if len(seen) == arguments.articles:
                    break
                time.sleep(0.25)
            stop.set()
        serving.send_signal(signal.SIGTERM)
        exit_status = serving.wait(timeout=60)
        articles = server.all_articles()
        urls = {server.article_url(a): a for a in articles}
    with sqlite3.connect(folder / "store.sqlite") as connection:
        rows = {url: (first_seen, done_at) for url, first_seen, done_at in
                connection.execute("SELECT url, first_seen, done_at FROM watch_article")}
    total, polling, reading, publishing = [], [], [], []
    for url, article in urls.items():
        if article.path not in seen or url not in rows or rows[url][1] is None:
            continue
        found, stored = epoch(rows[url][0]), epoch(rows[url][1])
        total.append(seen[article.path] - article.published_at)
        polling.append(found - article.published_at)
        reading.append(stored - found)
        publishing.append(seen[article.path] - stored)
    polls = [json.loads(line) for line in (folder / "serve.log").read_text().splitlines() if line.startswith('{"time"')]
    poll_time = sum(p["poll_seconds"] for p in polls)
    read_time = sum(p["read_seconds"] for p in polls)
    print(f"# {len(articles)} articles, one every {arguments.every:g} s over {arguments.feeds} feeds polled every "
          f"{arguments.interval:g} s; {len(total)} seen in /api/events; serve --watch exit status {exit_status}")
    for name, values in (("appearance -> /api/events", total), ("  polling (appearance -> link found)", polling),
                         ("  reading (found -> stored)", reading), ("  publishing (stored -> in the API)", publishing)):
        if values:
            print(f"# {name}: p50 {statistics.median(values):.1f} s, p95 {percentile(values, 0.95):.1f} s, "
                  f"max {max(values):.1f} s")
    print(f"# watcher time: {poll_time:.1f} s polling feeds ({len(polls)} polls), {read_time:.1f} s reading articles")
    ok = len(total) == arguments.articles and percentile(total, 0.95) <= 30 and exit_status == 0
    print(f"# {'PASS' if ok else 'FAIL'} (target: every article seen, p95 at most 30 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
