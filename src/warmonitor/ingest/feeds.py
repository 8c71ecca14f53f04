"""RSS and Atom feeds: each entry is a report (feedparser reads every dialect).

An entry that carries its story (``content:encoded``, an Atom ``content``) of at least
:data:`FULL_ENTRY_CHARS` characters is read from the feed itself; otherwise its link
is fetched, and if that fails the entry's summary is read. An entry's date is the
fallback for a report with no dateline; its id (else its link) is the report's id.

Links are fetched for at most :data:`FEED_DEADLINE` seconds in all (ten slow links
once held one feed for 203 s); the entries left after that are read from their
summaries. ``link_options`` says how links are fetched: for a feed downloaded from the
internet, never from a private address (:func:`~warmonitor.ingest.fetch.options_for_links_of`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import date

from warmonitor.ingest.errors import IngestError
from warmonitor.records import Document

FULL_ENTRY_CHARS = 300
FEED_DEADLINE = 60.0
"""Seconds one feed's entries may spend fetching their links."""
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_FEED_MARKS = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lower()
    return any(mark in head for mark in _FEED_MARKS)


def read_feed(data: bytes, name: str, published: date | None, link_options=None) -> Iterator[Document]:
    """The reports of a feed; entries that cannot be read are said on stderr and skipped."""
    import feedparser

    from warmonitor.ingest.sources import read_report, read_url

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise IngestError(f"{name}: a feed with no entries{reason}")
    deadline = time.monotonic() + FEED_DEADLINE
    for number, entry in enumerate(feed.entries, start=1):
        entry_date = _entry_date(entry) or published
        document_id = entry.get("id") or entry.get("link") or f"{name}#{number}"
        content = " ".join(c.get("value", "") for c in entry.get("content", []))
        try:
            if len(content) < FULL_ENTRY_CHARS and entry.get("link", "").startswith(("http://", "https://")):
                try:
                    yield _titled(read_url(entry["link"], entry_date, _within(link_options, deadline, name)), entry)
                    continue
                except IngestError as error:
                    print(f"warmonitor: {name}: entry {number}: {error}; reading its summary", file=sys.stderr)
            markup = content or entry.get("summary", "")
            page = f"<html><body><article><h1>{entry.get('title', '')}</h1>{markup}</article></body></html>"
            document = read_report(page.encode(), f"{name} entry {number}", document_id=document_id,
                                   url=entry.get("link"), published=entry_date, is_page=True)
            yield _titled(document, entry)
        except IngestError as error:
            print(f"warmonitor: {name}: entry {number} skipped: {error}", file=sys.stderr)


def _within(options, deadline: float, name: str):
    """``options`` with what is left of the feed's time as their deadline."""
    from dataclasses import replace

    from warmonitor.ingest.fetch import TOTAL_TIMEOUT, FetchOptions

    left = deadline - time.monotonic()
    if left <= 0:
        raise IngestError(f"the feed's {FEED_DEADLINE:g} s for fetching links are spent")
    options = options or FetchOptions()
    return replace(options, total_timeout=min(options.total_timeout or TOTAL_TIMEOUT, left))


def _titled(document: Document, entry) -> Document:
    from dataclasses import replace

    return document if document.title else replace(document, title=entry.get("title"))


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (ValueError, AttributeError):
        return None
