"""Take the article out of a web page with trafilatura.

A page is mostly navigation, scripts and teasers; trafilatura finds the body
of the article and keeps its paragraphs one to a line. We favour precision:
a missed paragraph costs a claim, but a teaser pulled in as article text
costs a false claim in a report that never made it. trafilatura is imported
only when a page is read, since loading it takes longer than reading a
plain-text report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from warmonitor.ingest.errors import IngestError

HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
SNIFF_CHARS = 1024


@dataclass(frozen=True)
class Article:
    """What a page says about itself: the article's text, its title and its date."""

    text: str
    title: str | None
    published: date | None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a web page, judged from its first kilobyte."""
    return HTML_START.search(text[:SNIFF_CHARS]) is not None


def extract_article(markup: str, name: str, url: str | None = None) -> Article:
    """The article in the page ``markup``; ``name`` is how errors call the page."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        markup,
        url=url,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if extracted is None or not (extracted.text or "").strip():
        raise IngestError(f"{name}: no article text found")
    return Article(
        text=extracted.text,
        title=extracted.title or None,
        published=parse_iso_date(extracted.date),
    )


def parse_iso_date(value: str | None) -> date | None:
    """The date in trafilatura's YYYY-MM-DD metadata, if there is a valid one."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
