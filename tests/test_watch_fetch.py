"""The watcher's downloads and politeness: deadlines that hold against dripped headers,
addresses refused before any connection, conditional requests, Retry-After, robots.txt,
backoff, the sources file, and the links a feed, sitemap or index page lists."""

from __future__ import annotations

import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from feedserver import FeedServer

from warmonitor.ingest import fetch as fetching
from warmonitor.ingest.errors import IngestError
from warmonitor.ingest.fetch import AddressRefused, FetchOptions, HTTPStatusError, fetch, retry_after
from warmonitor.ingest.links import article_links, normalize_url
from warmonitor.ingest.polite import HostLimiter, RobotsCache, next_wait
from warmonitor.ingest.sources_config import ConfigError, Source, add_source, load_config, remove_source

LOOPBACK = FetchOptions(allow_private=False, allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))


@pytest.fixture
def server():
    with FeedServer() as running:
        running.add_feed("news")
        yield running


def test_dripped_headers_end_at_the_total_deadline(server):
    server.add_feed("drip", fault="drip")
    started = time.monotonic()
    with pytest.raises(IngestError, match="timed out waiting for the server"):
        fetch(server.url("drip"), FetchOptions(total_timeout=1.5))
    assert time.monotonic() - started < 4  # not the 500 s the drip would take


def test_dripped_headers_end_extract_url_too(server, monkeypatch):
    from conftest import error_of

    server.add_feed("drip", fault="drip")
    monkeypatch.setattr(fetching, "TOTAL_TIMEOUT", 1.0)
    assert "timed out" in error_of(server.url("drip"))


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x",
    "http://[::ffff:192.168.0.1]/x", "http://224.0.0.1/x", "http://0.0.0.0:9/x", "http://localhost:9/x",
])
def test_private_addresses_are_refused_before_connecting(url):
    with pytest.raises(AddressRefused, match="not a public address"):
        fetch(url, FetchOptions(allow_private=False))


def test_an_allowed_network_is_fetched_and_others_are_not(server):
    assert fetch(server.url("news"), LOOPBACK).status == 200
    with pytest.raises(AddressRefused):
        fetch("http://10.0.0.7/inside.html", LOOPBACK)


def test_a_redirect_to_a_private_address_is_refused():
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(AddressRefused, match="169.254.169.254"):
            fetch(f"http://127.0.0.1:{httpd.server_address[1]}/go", LOOPBACK)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_conditional_get_answers_304_with_no_body(server):
    server.publish("news")
    first = fetch(server.url("news"))
    assert first.status == 200 and first.etag
    again = fetch(server.url("news"), FetchOptions(validators={"If-None-Match": first.etag}))
    assert (again.status, again.body) == (304, b"")


def test_429_says_how_long_to_wait(server):
    server.add_feed("busy", fault="429", retry_after=7)
    with pytest.raises(HTTPStatusError) as caught:
        fetch(server.url("busy"))
    assert (caught.value.status, caught.value.retry_after) == (429, 7.0)


def test_retry_after_as_a_date_or_nonsense():
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_a_huge_feed_stops_at_the_cap(server):
    server.add_feed("huge", fault="huge")
    with pytest.raises(IngestError, match="too large"):
        fetch(server.url("huge"), FetchOptions(max_bytes=1 << 20))


def test_backoff_doubles_with_jitter_and_never_undercuts_the_interval_or_retry_after():
    assert next_wait(10, 0, 3600) == 10
    waits = [next_wait(10, failures, 3600) for failures in (1, 2, 3)]
    assert 20 <= waits[0] <= 25 and 40 <= waits[1] <= 50 and 80 <= waits[2] <= 100
    assert next_wait(10, 20, 60) <= 75  # the ceiling, plus a quarter of jitter
    assert next_wait(10, 1, 3600, retry_after=500) == 500
    assert next_wait(10, 1, 3600, retry_after=10**9) == 86400


def test_robots_txt_is_read_once_and_obeyed(server):
    calls = []

    def download(url):
        calls.append(url)
        return 200, b"User-agent: *\nDisallow: /private/\n"

    robots = RobotsCache("warmonitor-test", download, HostLimiter(0))
    stop = threading.Event()
    assert robots.allowed("http://example.org/news/1", stop)
    assert not robots.allowed("http://example.org/private/2", stop)
    assert calls == ["http://example.org/robots.txt"]


@pytest.mark.parametrize("status, allowed", [(404, True), (503, False)])
def test_a_missing_robots_txt_allows_all_and_a_failing_one_allows_none(status, allowed):
    robots = RobotsCache("warmonitor-test", lambda url: (status, b""), HostLimiter(0))
    assert robots.allowed("http://example.org/news/1", threading.Event()) is allowed


def test_the_host_limiter_spaces_requests_to_one_host():
    limiter, stop = HostLimiter(0.2), threading.Event()
    started = time.monotonic()
    for _ in range(3):
        limiter.wait("http://example.org/a", stop)
    limiter.wait("http://example.net/a", stop)  # another host: its own turn
    assert time.monotonic() - started >= 0.4


def test_links_of_a_feed_a_sitemap_and_an_index_page(server):
    for name, kind in (("s", "sitemap"), ("i", "index"), ("a", "atom")):
        server.add_feed(name, kind=kind)
        server.publish(name)
    server.publish("news")
    expected = {name: server.base + f"/articles/{name}/{n}.html" for n, name in enumerate(["s", "i", "a", "news"])}
    for name, kind, pattern in (("news", "feed", None), ("a", "feed", None), ("s", "sitemap", None), ("i", "index", "/articles/")):
        body = fetch(server.url(name)).body
        assert article_links(kind, body, server.url(name), pattern) == [expected[name]]


def test_an_index_page_without_a_pattern_keeps_links_of_its_own_site_only():
    page = b'<a href="/a/1">x</a><a href="https://elsewhere.org/b">y</a><a href="#top">top</a><a href="mailto:x@y">m</a>'
    assert article_links("index", page, "http://news.example/list") == ["http://news.example/a/1"]


@pytest.mark.parametrize("body, message", [
    (b"<rss><channel><item><title>broken & <<", "not a readable feed"),
    (b"<urlset><url><loc>http://x/1</loc>", "not a readable sitemap"),
    (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://x/s.xml</loc></sitemap></sitemapindex>',
     "a sitemap index"),
])
def test_unreadable_sources_are_one_line(body, message):
    kind = "feed" if body.startswith(b"<rss") else "sitemap"
    with pytest.raises(IngestError, match=message):
        article_links(kind, body, "http://x/source")


def test_a_sitemap_with_entities_is_read_without_expanding_them():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>http://x/&b;&x;</loc></url></urlset>')
    links = article_links("sitemap", bomb, "http://x/sitemap.xml")
    assert all("root:" not in link and "aaaaaaaaaa" not in link for link in links)


def test_urls_are_normalized():
    assert normalize_url("HTTP://News.Example:80/a?utm_source=x&id=3#part") == "http://news.example/a?id=3"
    assert normalize_url("https://news.example:8443") == "https://news.example:8443/"
    assert normalize_url("javascript:alert(1)") is None
    assert normalize_url("http://[::1]:99999/") is None


def test_sources_file_keeps_tables_it_does_not_know(tmp_path):
    path = tmp_path / "watch.toml"
    path.write_text('# my sources\n[watch]\nper_host_interval = 2\n\n[[alert]]\nname = "big"\nmin_killed = 50\n')
    add_source(path, Source("wire", "https://wire.example/feed.xml", "feed", 300))
    add_source(path, Source("list", "https://list.example/", "index", 60, "/story/"))
    remove_source(path, "wire")
    text = path.read_text()
    assert "# my sources" in text and '[[alert]]\nname = "big"\nmin_killed = 50' in text
    config = load_config(path)
    assert config.settings.per_host_interval == 2.0
    assert config.sources == (Source("list", "https://list.example/", "index", 60.0, "/story/"),)


@pytest.mark.parametrize("content, message", [
    ("[[source]]\nname = 'a'\nurl = 'ftp://x/'\n", "needs an http"),
    ("[[source]]\nname = 'a'\nurl = 'http://x/'\nkind = 'video'\n", "kind must be one of"),
    ("[[source]]\nname = 'a'\nurl = 'http://x/'\ninterval = -1\n", "interval must be"),
    ("[[source]]\nname = 'a'\nurl = 'http://x/'\nlinks = '('\n", "not a regular expression"),
    ("[[source]]\nname = 'a'\nurl = 'http://x/'\n[[source]]\nname = 'a'\nurl = 'http://y/'\n", "two sources"),
    ("[watch]\nallow_private_addresses = ['not a network']\n", "allow_private_addresses"),
    ("[watch]\nfetch_deadline = 0\n", "fetch_deadline must be a number above 0"),
    ("[watch]\nper_host_interval = 'fast'\n", "per_host_interval must be a number of at least 0"),
    ("[watch\n", "not valid TOML"),
    ("\x00\x01", "not valid TOML"),
])
def test_a_bad_sources_file_is_one_line(tmp_path, content, message):
    path = tmp_path / "watch.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(path)
    assert "\n" not in str(caught.value)


def test_adding_a_source_twice_or_removing_an_unknown_one_is_refused(tmp_path):
    path = tmp_path / "watch.toml"
    add_source(path, Source("wire", "https://wire.example/feed.xml"))
    with pytest.raises(ConfigError, match="there already"):
        add_source(path, Source("wire", "https://other.example/feed.xml"))
    with pytest.raises(ConfigError, match="no source named 'nope'"):
        remove_source(path, "nope")


def test_ingest_of_a_public_feed_refuses_its_private_links(server, monkeypatch, capsys):
    from warmonitor.ingest import read_input

    really_public = fetching.is_public
    monkeypatch.setattr(fetching, "is_public", lambda address: str(address) == "127.0.0.1" or really_public(address))
    server.add_feed("sneaky", fault="private")  # as if on the internet: 127.0.0.1 counts as public here
    article = server.publish("sneaky")
    documents = list(read_input(server.url("sneaky")))
    assert server.article_url(article) in [document.url for document in documents]
    refused = [line for line in capsys.readouterr().err.splitlines() if "not a public address" in line]
    assert len(refused) == 3


def test_ingest_of_a_feed_on_this_machine_may_follow_its_links_here(server):
    from warmonitor.ingest import read_input

    server.add_feed("local")
    article = server.publish("local")
    assert [document.url for document in read_input(server.url("local"))] == [server.article_url(article)]


def test_a_feed_of_slow_links_is_read_within_its_deadline(server, monkeypatch, capsys):
    from warmonitor.ingest import feeds, read_input

    monkeypatch.setattr(feeds, "FEED_DEADLINE", 1.0)
    server.add_feed("slow", fault="slow_articles", stall=0.6)
    for _ in range(5):
        server.publish("slow")
    list(read_input(server.url("slow")))
    fetched = [path for _, path, _ in server.log if path.startswith("/articles/")]
    assert 1 <= len(fetched) <= 2
    assert "for fetching links are spent; reading its summary" in capsys.readouterr().err
