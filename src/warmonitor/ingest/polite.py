"""Politeness towards the sites `warmonitor watch` polls: robots.txt, a pause between two
requests to one host, and a growing, jittered wait after errors.

A site that asks us to slow down (429 or 503 with Retry-After) is waited for as long as
it asks (at most :data:`MAX_RETRY_AFTER`); errors in a row double the wait up to the
configured ceiling, with random jitter so that many watchers restarted together do not
poll in step. No wait is ever shorter than the source's own interval.

robots.txt is read with the standard library's parser, once per site and
:data:`ROBOTS_TTL` seconds, following RFC 9309: a robots.txt that does not exist (4xx)
allows everything; one the site fails to serve (5xx, no answer) allows nothing until it
is read again. A site whose address is refused raises :class:`AddressRefused` here too.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from warmonitor.ingest.errors import IngestError
from warmonitor.ingest.fetch import AddressRefused
from warmonitor.ingest.stopping import StopFlag

MAX_RETRY_AFTER = 86400.0
"""A Retry-After longer than a day is read as a day."""
ROBOTS_TTL = 3600.0
ROBOTS_MAX_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt."""


class RobotsDisallowed(IngestError):
    """A site's robots.txt does not let us fetch a URL."""


def next_wait(interval: float, failures: int, max_backoff: float, retry_after: float | None = None) -> float:
    """Seconds until the next poll of a source after ``failures`` errors in a row (0: it
    went well); never less than ``interval`` nor than what Retry-After asked."""
    if failures == 0:
        return interval
    backoff = min(max_backoff, interval * 2 ** failures) * random.uniform(1.0, 1.25)
    asked = min(retry_after, MAX_RETRY_AFTER) if retry_after is not None else 0.0
    return max(interval, backoff, asked)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class HostLimiter:
    """At least ``pause`` seconds between two requests to one host (more when its
    robots.txt asks for a Crawl-delay)."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self.last: dict[str, float] = {}
        self.delays: dict[str, float] = {}

    def wait(self, url: str, stop: StopFlag) -> bool:
        """Wait for ``url``'s host's turn; False if ``stop`` was set meanwhile."""
        host = origin(url)
        pause = max(self.pause, self.delays.get(host, 0.0))
        turn = self.last.get(host, float("-inf")) + pause
        if stop.wait(max(0.0, turn - time.monotonic())):
            return False
        self.last[host] = time.monotonic()
        return True

    def ask_for(self, url: str, delay: float) -> None:
        self.delays[origin(url)] = delay


class RobotsCache:
    """Each site's robots.txt, read through ``download`` (a function of a URL that gives
    (status, body) or raises :class:`IngestError`)."""

    def __init__(self, user_agent: str, download: Callable[[str], tuple[int, bytes]], limiter: HostLimiter) -> None:
        self.user_agent = user_agent
        self.download = download
        self.limiter = limiter
        self.rules: dict[str, tuple[float, RobotFileParser]] = {}

    def allowed(self, url: str, stop: StopFlag) -> bool:
        site = origin(url)
        kept = self.rules.get(site)
        if kept is None or time.monotonic() - kept[0] > ROBOTS_TTL:
            if not self.limiter.wait(url, stop):
                return False
            kept = self.rules[site] = (time.monotonic(), self._read(site))
            delay = kept[1].crawl_delay(self.user_agent)
            if delay:
                self.limiter.ask_for(url, float(delay))
        return kept[1].can_fetch(self.user_agent, url)

    def _read(self, site: str) -> RobotFileParser:
        rules = RobotFileParser(f"{site}/robots.txt")
        try:
            status, body = self.download(f"{site}/robots.txt")
        except AddressRefused:
            raise
        except IngestError as error:
            status = getattr(error, "status", 500)
            body = b""
        if 400 <= status < 500:
            rules.allow_all = True
        elif status >= 500:
            rules.disallow_all = True
        else:
            rules.parse(body.decode("utf-8", "replace").splitlines())
        return rules
