"""What the browser tests share: Chromium (through Playwright), a page with its console
watched, and a store of reports served by `warmonitor serve` in the background.

Playwright never downloads a browser here: it launches /usr/bin/chromium (`make test`
installs the Debian package when it is missing; WARMONITOR_CHROMIUM names another binary).
Screenshots go to tests/artifacts/ (ignored by git).

The fixtures ``browser`` and ``page`` are registered for every test module by
tests/conftest.py. A page is a desktop's (1280 px), unless its module asks for others:

    pytestmark = on_pages("desktop", "phone", schemes=("light", "dark"))

A function given to page.evaluate returns plain data or nothing: Playwright copies what it
returns, and a Leaflet map returned (``() => map.closePopup()`` returns the map) is copied
whole, every layer's points with it: half a minute a call.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "src" / "warmonitor" / "samples"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("WARMONITOR_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 15_000
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


class Console:
    """Console errors, uncaught exceptions and failed requests of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}")
                if "abort" not in (r.failure or "").lower() else None)
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


def on_pages(*widths: str, schemes: tuple[str, ...] = ()):
    """Run each test of a module on a page at each of ``widths`` (names of WIDTHS), in each
    colour scheme of ``schemes`` (the browser's default when none is given)."""
    views = [(width, scheme) for width in widths for scheme in (schemes or (None,))]
    return pytest.mark.parametrize("page", views, indirect=True, ids=lambda view: "-".join(filter(None, view)))


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium is not installed ({CHROMIUM} is missing): the browser tests drive Debian's Chromium. "
            "`make test` installs it (apt-get install -y chromium); or install it yourself, "
            "or point WARMONITOR_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A page in a context of its own, its console watched (``page.console.errors``), at
    the width and in the colour scheme its module chose (see on_pages): ``page.width_name``
    and ``page.scheme`` say which."""
    width_name, scheme = getattr(request, "param", ("desktop", None))
    width, height = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.console = Console(page)
    page.width_name, page.scheme = width_name, scheme
    yield page
    context.close()


def ingest(db: Path, *inputs: Path) -> None:
    """Store ``inputs`` in ``db`` with `warmonitor ingest`, in a process of its own."""
    done = subprocess.run([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", str(db), *map(str, inputs)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def serve(db: Path, log: Path):
    """`warmonitor serve` over ``db`` on a free port, its output in ``log``: a fixture's
    generator body, yielding the server's base URL."""
    from warmonitor.publish.background import ServerDidNotStart, serve_in_background

    try:
        with serve_in_background(db, log=log, timeout=30) as running:
            yield running.url
    except ServerDidNotStart as error:
        pytest.fail(str(error))


def rgb(css: str) -> tuple[int, int, int]:
    """The red, green and blue of a computed CSS colour (``rgb(...)`` or ``rgba(...)``)."""
    return tuple(int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def luminance(colour: tuple[int, int, int]) -> float:
    """WCAG's relative luminance."""
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of two colours."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
