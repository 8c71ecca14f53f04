"""The article links a watched source lists: an RSS/Atom feed's entries, a sitemap's
``<loc>`` URLs, or an HTML index page's links to the site's own articles.

Sitemaps are parsed by lxml with entities, DTDs and the network turned off, so a
billion-laughs or XXE sitemap is read as the text it is. Only http(s) links are kept,
each normalized (:func:`normalize_url`) so that one article under two spellings is one.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from warmonitor.ingest.errors import IngestError

TRACKING = re.compile(r"utm_\w+|fbclid|gclid", re.IGNORECASE)
"""Query parameters that only say where a reader came from."""
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def article_links(kind: str, body: bytes, base_url: str, pattern: str | None = None) -> list[str]:
    """The normalized article URLs a source's ``body`` lists, in its order, once each."""
    if kind == "feed":
        found = _feed_links(body, base_url)
    elif kind == "sitemap":
        found = _sitemap_links(body, base_url)
    else:
        found = _index_links(body, base_url)
    matcher = re.compile(pattern) if pattern else None
    links: dict[str, None] = {}
    for link in found:
        normalized = normalize_url(urljoin(base_url, link.strip()))
        if normalized and (matcher is None or matcher.search(normalized)):
            links.setdefault(normalized)
    return list(links)


def normalize_url(url: str) -> str | None:
    """``url`` with its scheme and host in lower case, without a default port, a fragment
    or tracking parameters; None if it is not an http(s) URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port and port != {"http": 80, "https": 443}[scheme]:
        host += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.fullmatch(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _feed_links(body: bytes, name: str) -> list[str]:
    import feedparser

    feed = feedparser.parse(body)
    links = []
    for entry in feed.entries:
        link = entry.get("link") or ""
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]
        if link:
            links.append(link)
    if not links and feed.get("bozo"):
        raise IngestError(f"{name}: not a readable feed ({feed.get('bozo_exception')})")
    return links


def _sitemap_links(body: bytes, name: str) -> list[str]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as error:
        raise IngestError(f"{name}: not a readable sitemap ({error})") from None
    tag = etree.QName(root).localname if root is not None else ""
    if tag == "sitemapindex":
        raise IngestError(f"{name}: a sitemap index, not a sitemap: watch its sitemaps, one source each")
    if tag != "urlset":
        raise IngestError(f"{name}: not a sitemap (no <urlset>)")
    return [element.text for element in root.iter(f"{SITEMAP_NS}loc", "loc") if element.text]


def _index_links(body: bytes, base_url: str) -> list[str]:
    """Links of an index page to pages of its own site."""
    from lxml import etree, html

    try:
        page = html.document_fromstring(body)
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"{base_url}: not a readable page ({error})") from None
    site = urlsplit(base_url).netloc.lower()
    own = normalize_url(base_url)
    links = []
    for anchor in page.iter("a"):
        href = urljoin(base_url, (anchor.get("href") or "").strip())
        if urlsplit(href).netloc.lower() == site and normalize_url(href) != own:
            links.append(href)
    return links
