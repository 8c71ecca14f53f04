"""Screenshots of the dashboard and of one event page, in Debian's Chromium, with the
console errors the pages logged (there should be none).

    .venv/bin/python scripts/screenshots.py --db STORE --event ID [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from warmonitor.publish.background import ServerDidNotStart, serve_in_background

CHROMIUM = os.environ.get("WARMONITOR_CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--event", type=int, required=True)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with serve_in_background(args.db) as server:
            markers, marks, errors = take(server.url, args.event, out)
    except ServerDidNotStart as error:
        sys.exit(str(error))
    print(f"dashboard: {markers} markers; event {args.event}: {marks} highlighted sentences; console errors: {errors or 'none'}")


def take(base: str, event: int, out: Path) -> tuple[int, int, list[str]]:
    """Screenshot the dashboard and event ``event``: markers, highlights, console errors."""
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
        page.goto(f"{base}/events/{event}")
        page.wait_for_selector("mark", timeout=30_000)
        page.screenshot(path=str(out / "event.png"), full_page=False)
        marks = page.locator("mark").count()
        browser.close()
    return markers, marks, errors

if __name__ == "__main__":
    main()
