"""Screenshots of the dashboard and of one event page, in Debian's Chromium, with the
console errors the pages logged (there should be none).

    .venv/bin/python scripts/screenshots.py --db STORE --event ID [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("WARMONITOR_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--event", type=int, required=True)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "warmonitor", "serve", "--db", args.db, "--port", str(port)])
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/")
            page.wait_for_selector(".event-marker", timeout=30_000)
            page.wait_for_selector("#timeline .series", timeout=30_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "dashboard.png"))
            markers = page.locator(".event-marker").count()
            page.goto(f"{base}/events/{args.event}")
            page.wait_for_selector("mark", timeout=30_000)
            page.screenshot(path=str(out / "event.png"), full_page=False)
            marks = page.locator("mark").count()
            browser.close()
        print(f"dashboard: {markers} markers; event {args.event}: {marks} highlighted sentences; console errors: {errors or 'none'}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
