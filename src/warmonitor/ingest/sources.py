"""Decide what kind of input a source is, and read it into Documents.

A source is ``-`` (standard input), an http(s) URL, a corpus file (.csv,
.jsonl), a web page (.html, .htm, or any text that starts like HTML) or a
plain-text report. Whatever its kind, a report goes through the same steps:
bytes -> text -> (article of a page) -> cleaned text -> Document.

Problems with the input as a whole raise :class:`IngestError` when
:func:`read_input` is called, before the first Document is asked for.

A folder is read recursively, but a symbolic link in it whose target lies outside
the folder is skipped with one line on stderr (a link to /etc/passwd must not be
read, stored and served), unless ``follow_symlinks`` is set (``--follow-symlinks``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from warmonitor.ingest import files
from warmonitor.ingest.clean import clean, without_control_characters
from warmonitor.ingest.corpus import CorpusColumns, is_corpus, read_corpus
from warmonitor.ingest.dateline import publication_date
from warmonitor.ingest.decode import decode
from warmonitor.ingest.errors import IngestError, warn
from warmonitor.ingest.feeds import FEED_TYPES, looks_like_feed, read_feed
from warmonitor.ingest.html import extract_article, looks_like_html
from warmonitor.records import Document

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
"""Media types that are web pages; other text/* types are read as plain text."""

UNLABELLED_TYPES = ("", "application/octet-stream")
"""Media types that say nothing: the content itself decides."""

URL_SCHEME = re.compile(r"[a-z][a-z0-9+.-]+:", re.IGNORECASE)
"""A scheme of two letters or more, so that a Windows drive (C:) is not one."""


def read_input(
    source: str, *, columns: CorpusColumns = CorpusColumns(), published: date | None = None,
    follow_symlinks: bool = False,
) -> Iterator[Document]:
    """Yield the Documents in one INPUT; raise IngestError (one line) if it cannot be read."""
    return map(without_control_characters, _read(source, columns, published, follow_symlinks))


def _read(source: str, columns: CorpusColumns, published: date | None, follow_symlinks: bool) -> Iterator[Document]:
    if source == "-":
        return iter([read_stdin(published)])
    path = Path(source)
    if is_url(source):
        return read_url_input(source, published)
    if path.is_dir():
        return read_folder(path, columns, published, follow_symlinks)
    if is_corpus(path):
        return read_corpus(path, source, columns, published)
    data = files.read_file(path, source)
    if looks_like_feed(data):
        return read_feed(data, source, published)
    is_page = True if path.suffix.lower() in HTML_SUFFIXES else None
    published = published or date_in_name(path.stem)
    return iter(
        [read_report(data, source, document_id=path.stem, published=published, is_page=is_page)]
    )


def date_in_name(stem: str) -> date | None:
    """A date an archive put in the file's name ("seed-idlib-2019-05-25"): the fallback
    when the text has no dateline and no --published is given."""
    match = FILE_NAME_DATE.search(stem)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


FILE_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def is_url(source: str) -> bool:
    """Whether ``source`` starts with a scheme and is not, after all, a file of that name."""
    if not URL_SCHEME.match(source):
        return False
    try:
        return not Path(source).exists()
    except OSError:  # a name no file system accepts (too long, say) is no file
        return True


def read_stdin(published: date | None) -> Document:
    """The report piped to standard input."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise IngestError("stdin: not available")
    data = files.read_stream(stream, "stdin")
    return read_report(data, "stdin", document_id="stdin", published=published)


FOLDER_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".csv", ".jsonl", ".xml", ".rss", ".atom")


def read_folder(folder: Path, columns: CorpusColumns, published: date | None, follow_symlinks: bool) -> Iterator[Document]:
    """Every report file under ``folder`` (recursively, in name order); a file that
    cannot be read, or a link out of the folder unless ``follow_symlinks``, is said on
    stderr and skipped. A folder with none is an error."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES)
    if not paths:
        raise IngestError(f"{folder}: a folder with no report files ({', '.join(FOLDER_SUFFIXES)})")
    return _read_paths(paths, folder.resolve(), columns, published, follow_symlinks)


def _read_paths(
    paths: list[Path], folder: Path, columns: CorpusColumns, published: date | None, follow_symlinks: bool
) -> Iterator[Document]:
    for path in paths:
        target = path.resolve()
        if not follow_symlinks and not target.is_relative_to(folder):
            warn(f"{path}: a link to {target}, outside {folder}; skipped (--follow-symlinks reads it)")
            continue
        try:
            yield from _read(str(path), columns, published, follow_symlinks)
        except IngestError as error:
            warn(f"{error}; skipped")


def read_url_input(url: str, published: date | None) -> Iterator[Document]:
    """A URL: a feed's reports, or the one report a page or text holds."""
    from warmonitor.ingest.fetch import fetch, options_for_links_of  # httpx loads slowly; files do not need it

    download = fetch(url)
    if download.media_type in FEED_TYPES or looks_like_feed(download.body):
        return read_feed(download.body, url, published, options_for_links_of(url))
    return iter([read_download(url, download, published)])


def read_url(url: str, published: date | None, options=None) -> Document:
    """The report at ``url``: a page's article, or a plain-text body (``options``: the
    :class:`~warmonitor.ingest.fetch.FetchOptions` to download it with)."""
    from warmonitor.ingest.fetch import FetchOptions, fetch

    return read_download(url, fetch(url, options or FetchOptions()), published)


def read_download(url: str, download, published: date | None) -> Document:
    """The report a downloaded page or text holds."""
    if download.media_type in PAGE_TYPES:
        is_page = True
    elif download.media_type.startswith("text/"):
        is_page = False
    elif download.media_type in UNLABELLED_TYPES:
        is_page = None
    else:
        raise IngestError(f"{url}: not text ({download.media_type})")
    return read_report(
        download.body,
        url,
        document_id=url,
        url=url,
        published=published,
        is_page=is_page,
        charset=download.charset,
    )


def read_report(
    data: bytes,
    name: str,
    *,
    document_id: str,
    url: str | None = None,
    published: date | None = None,
    is_page: bool | None = None,
    charset: str | None = None,
) -> Document:
    """Read one report from its bytes; ``is_page=None`` lets the content say if it is HTML.

    ``name`` is how errors call the input; ``charset`` is what a server declared.
    """
    text = decode(data, name, charset)
    if is_page or (is_page is None and looks_like_html(text)):
        article = extract_article(text, name, url)
        body = clean(article.text)
        if not body:
            raise IngestError(f"{name}: no article text found")
        date_ = publication_date(body, published, article.published)
        return Document(
            id=document_id, text=body, title=article.title, published=date_, url=url, outlet=_host(url), raw=text
        )
    body = clean(text)
    if not body:
        raise IngestError(f"{name}: no report text (only page furniture)")
    date_ = publication_date(body, published)
    return Document(id=document_id, text=body, published=date_, url=url, outlet=_host(url), raw=text)


def _host(url: str | None) -> str | None:
    """The outlet of a fetched page: its host name, without "www."."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
