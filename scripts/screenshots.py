"""Screenshots of the dashboard (light and dark, as it opens: no filter), of one event
page and of the pages :data:`PAGES` names, in Debian's Chromium, with the console errors
the pages logged (there should be none).

    .venv/bin/python scripts/screenshots.py --db STORE --event ID [--out docs/screenshots]

ID: the event's public id or its number in STORE. docs/screenshots/ holds those of the
FA-KES store (`warmonitor ingest ../shared/corpus/fa-kes.csv --db STORE`), event
djpuod4h26: the bombing of the Rashidin bus convoy, Aleppo, 15 April 2017.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from warmonitor.publish.background import ServerDidNotStart, serve_in_background

CHROMIUM = os.environ.get("WARMONITOR_CHROMIUM", "/usr/bin/chromium")
# name: (address, what to wait for, what to show: the element shot, or the one scrolled to
# the top of the window) for the FA-KES store
PAGES = {
    "table.png": ("/?admin1=Idlib&sort=-killed", "#events-table tbody tr", "#table-panel"),
    "sources.png": ("/sources", "table", None),
    "source.png": ("/sources/SANA", "table", None),
    "aggregates.png": ("/aggregates?from=2016-01-01&to=2016-12-31&country=SY&admin1=Aleppo", "table", None),
    # SANA's figure that disagrees with every other source's (explosion in Midan, Damascus)
    "event-sources.png": ("/events/cdxun6a5c5", "#by-source-title", "#figures-title"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--event", required=True, help="an event's public id or number")
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


def take(base: str, event: str, out: Path) -> tuple[int, int, list[str]]:
    """Screenshot the dashboard and event ``event``: markers, highlights, console errors."""
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for scheme, name in (("light", "dashboard.png"), ("dark", "dashboard-dark.png")):
            page = watched(browser, scheme, errors)
            page.goto(base + "/")
            page.wait_for_selector(".event-marker", timeout=30_000)
            page.wait_for_selector("#timeline .series", timeout=30_000)
            page.wait_for_timeout(1000)  # the map's first fit and the groups settle
            page.screenshot(path=str(out / name))
            markers = page.locator(".event-marker").count()
            page.close()
        page = watched(browser, "light", errors)
        page.goto(f"{base}/events/{event}")
        page.wait_for_selector("mark", timeout=30_000)
        page.screenshot(path=str(out / "event.png"), full_page=False)
        marks = page.locator("mark").count()
        page.close()
        for name, (address, ready, shown) in PAGES.items():
            shoot(watched(browser, "light", errors), base + address, ready, shown, out / name)
        browser.close()
    return markers, marks, errors


def shoot(page, url: str, ready: str, shown: str | None, path: Path) -> None:
    """Screenshot ``url`` once ``ready`` is there: the element ``shown`` when it is a
    panel of the page (``#...-panel``), else the window scrolled to it (or at the top)."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_timeout(500)
    if shown and shown.endswith("-panel"):
        page.locator(shown).screenshot(path=str(path))
    else:
        if shown:
            page.evaluate("(selector) => document.querySelector(selector).scrollIntoView()", shown)
        page.screenshot(path=str(path))
    page.close()


def watched(browser, scheme: str, errors: list[str]):
    """A desktop page in colour ``scheme`` whose console errors go to ``errors``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


if __name__ == "__main__":
    main()
