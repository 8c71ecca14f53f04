"""A loopback feed server for the watcher's tests and benchmarks.

It publishes invented articles over time in RSS or Atom feeds, sitemaps and HTML index
pages, answers conditional requests (ETag, Last-Modified) with 304, serves a
robots.txt, and can fail in every way a real source does: 500s, answers that never
come, headers dripped one byte at a time, bad XML, the same items for ever, 429 with
Retry-After, bodies over any cap, and links to private addresses. Every request is
logged (time, path, status) so tests can count what was fetched and when.

Each article has its own date, five days after the previous one, so that each makes an
incident of its own (the store joins reports of one place within two days), and its own
number in its text, so that no two texts are the same.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

TOWNS = ("Aleppo", "Idlib", "Homs", "Hama", "Daraa", "Raqqa", "Latakia", "Tartus")
FIRST_DAY = date(2010, 1, 4)
FAULTS = ("500", "timeout", "drip", "badxml", "same", "429", "huge", "private", "slow_articles")


@dataclass(frozen=True)
class Article:
    number: int
    feed: str
    path: str
    day: date
    town: str
    published_at: float  # time.time() when it appeared in its feed

    @property
    def title(self) -> str:
        return f"Shelling in {self.town}, bulletin {self.number}"

    def page(self) -> bytes:
        killed = self.number % 9 + 2
        return (
            f"<html><head><title>{self.title}</title></head><body><article><h1>{self.title}</h1>"
            f"<p>Published {self.day.day} {self.day:%B} {self.day.year}</p>"
            f"<p>Shelling killed {killed} civilians in {self.town} on {self.day:%A}, a local monitor said "
            f"in its bulletin number {self.number}.</p>"
            f"<p>Residents said the shells fell on a market near the old quarter as people gathered, "
            f"bulletin {self.number} added.</p></article></body></html>"
        ).encode()


@dataclass
class Feed:
    name: str
    kind: str = "rss"  # rss | atom | sitemap | index
    fault: str | None = None
    shown: int = 20  # the newest this many items are listed
    fault_every: int = 1  # the fault strikes one request in this many (1: every one)
    retry_after: int = 1
    stall: float = 5.0  # seconds a "timeout" or "slow_articles" answer waits
    articles: list[Article] = field(default_factory=list)
    requests: int = 0

    @property
    def path(self) -> str:
        return f"/{self.kind}/{self.name}"


class FeedServer:
    """``with FeedServer() as server: server.add_feed("a"); server.publish("a")``."""

    def __init__(self, robots: str = "User-agent: *\nDisallow: /forbidden/\n") -> None:
        self.feeds: dict[str, Feed] = {}
        self.robots = robots
        self.log: list[tuple[float, str, int]] = []
        self.published = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def add_feed(self, name: str, **options) -> Feed:
        feed = self.feeds[name] = Feed(name, **options)
        return feed

    def url(self, name: str) -> str:
        return self.base + self.feeds[name].path

    def publish(self, name: str) -> Article:
        """A new article at the top of feed ``name``."""
        with self.lock:
            number = self.published
            self.published += 1
            feed = self.feeds[name]
            day = FIRST_DAY + timedelta(days=5 * number)
            article = Article(number, name, f"/articles/{name}/{number}.html", day, TOWNS[number % len(TOWNS)], time.time())
            feed.articles.append(article)
            return article

    def all_articles(self) -> list[Article]:
        with self.lock:
            return [a for feed in self.feeds.values() for a in feed.articles]

    def requests_for(self, path: str) -> list[tuple[float, int]]:
        with self.lock:
            return [(when, status) for when, logged, status in self.log if logged == path]

    def article_url(self, article: Article) -> str:
        return self.base + article.path

    def body(self, feed: Feed) -> tuple[bytes, str]:
        """The feed's document as it stands, and its media type."""
        with self.lock:
            shown = feed.articles[:feed.shown] if feed.fault == "same" else feed.articles[-feed.shown:][::-1]
        links = [self.article_url(a) for a in shown]
        if feed.fault == "private":
            links += ["http://10.0.0.7/inside.html", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x.html"]
        if feed.kind == "sitemap":
            urls = "".join(f"<url><loc>{escape(link)}</loc></url>" for link in links)
            return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                    .encode(), "application/xml")
        if feed.kind == "index":
            anchors = "".join(f'<li><a href="{escape(link)}">story</a></li>' for link in links)
            return (f'<html><body><a href="/about.html">About</a><ul>{anchors}</ul></body></html>'.encode(),
                    "text/html; charset=utf-8")
        if feed.kind == "atom":
            entries = "".join(f"<entry><id>{escape(link)}</id><title>story</title><link href=\"{escape(link)}\"/>"
                              "<updated>2026-01-01T00:00:00Z</updated></entry>" for link in links)
            return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{feed.name}</title>'
                    f"{entries}</feed>".encode(), "application/atom+xml")
        items = "".join(f"<item><title>story</title><link>{escape(link)}</link><guid>{escape(link)}</guid></item>"
                        for link in links)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{feed.name}</title>{items}</channel></rss>'
                .encode(), "application/rss+xml")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up on a stalled answer is expected here; anything else is said."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            arrived = time.time()
            try:
                status = self.answer()
            except ConnectionError:  # the client gave up (a deadline): what it should do
                status = 0
            with server.lock:
                server.log.append((arrived, self.path, status))

        def answer(self) -> int:
            if self.path == "/robots.txt":
                return self.send(200, "text/plain", server.robots.encode())
            if self.path.startswith("/articles/"):
                return self.article()
            feed = next((f for f in server.feeds.values() if f.path == self.path), None)
            if feed is None:
                return self.send(404, "text/plain", b"not found")
            feed.requests += 1
            fault = feed.fault if feed.requests % feed.fault_every == 0 else None
            if fault == "500":
                return self.send(500, "text/plain", b"oops")
            if fault == "429":
                return self.send(429, "text/plain", b"slow down", {"Retry-After": str(feed.retry_after)})
            if fault == "timeout":
                server.stopping.wait(feed.stall)
            if fault == "drip":
                return self.drip()
            if fault == "huge":
                return self.send(200, "application/rss+xml", b"<rss>" + b" " * (25 << 20))
            if fault == "badxml":
                return self.send(200, "application/rss+xml", b"<rss><channel><item><title>broken & <<")
            body, media_type = server.body(feed)
            if fault == "same":  # no validators either: every poll reads the same items again
                return self.send(200, media_type, body)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, None, b"", {"ETag": etag})
            modified = format_datetime(datetime(2026, 1, 1, tzinfo=timezone.utc), usegmt=True)
            return self.send(200, media_type, body, {"ETag": etag, "Last-Modified": modified})

        def article(self) -> int:
            found = next((a for a in server.all_articles() if a.path == self.path), None)
            if found is None:
                return self.send(404, "text/plain", b"not found")
            if server.feeds[found.feed].fault == "slow_articles":  # every article, whatever fault_every
                server.stopping.wait(server.feeds[found.feed].stall)
            return self.send(200, "text/html; charset=utf-8", found.page())

        def drip(self) -> int:
            """Headers one byte at a time, every half second, never finished in time."""
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: " + b"x" * 1000:
                if server.stopping.wait(0.5):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.close_connection = True
            return 200

        def send(self, status: int, media_type: str | None, body: bytes, headers: dict | None = None) -> int:
            self.send_response(status)
            if media_type:
                self.send_header("Content-Type", media_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status

        def log_message(self, *args: object) -> None:
            pass

    return Handler
