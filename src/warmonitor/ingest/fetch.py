"""Download a report over http(s) without ever hanging or filling memory.

Every way a download can go wrong (no such host, a refused connection, a
server that accepts and never answers, a 404, an endless redirect, a video
instead of a page) ends in one :class:`IngestError` line. The limits are
module constants so that tests, and a user with a slow link, can change them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from warmonitor import __version__
from warmonitor.ingest import files
from warmonitor.ingest.errors import IngestError

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the server to accept the connection."""

TOTAL_TIMEOUT = 20.0
"""Seconds the download may take.

httpx has no overall deadline, so each wait for the server is capped at this,
and reading the body stops once this much time has passed since the start.
"""

MAX_REDIRECTS = 5
"""Enough for http -> https -> www -> the article; loops end here."""
SCHEMES = ("http", "https")
USER_AGENT = f"warmonitor/{__version__}"


@dataclass(frozen=True)
class Download:
    """A page's bytes, with what its server said they are."""

    body: bytes
    media_type: str
    charset: str | None


def fetch(url: str) -> Download:
    """GET ``url`` following redirects; fail with one line on any error."""
    scheme = url.partition(":")[0].lower()
    if scheme not in SCHEMES:
        raise IngestError(f"{url}: unsupported URL scheme '{scheme}' (use http or https)")
    try:
        return download(url)
    except httpx.ConnectTimeout:
        raise IngestError(f"{url}: timed out connecting ({CONNECT_TIMEOUT:g} s)") from None
    except httpx.TimeoutException:
        raise IngestError(
            f"{url}: timed out waiting for the server ({TOTAL_TIMEOUT:g} s)"
        ) from None
    except httpx.TooManyRedirects:
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.InvalidURL as error:
        raise IngestError(f"{url}: invalid URL ({error})") from None
    except httpx.HTTPError as error:
        raise IngestError(
            f"{url}: could not download ({str(error) or type(error).__name__})"
        ) from None


def download(url: str) -> Download:
    """Stream the response body, stopping at the size cap or the total deadline."""
    deadline = time.monotonic() + TOTAL_TIMEOUT
    timeout = httpx.Timeout(TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT)
    with (
        httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
        ) as client,
        client.stream("GET", url) as response,
    ):
        if response.is_error:
            raise IngestError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > files.MAX_INPUT_BYTES:
            raise files.too_large(url, int(length))
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > files.MAX_INPUT_BYTES:
                raise files.too_large(url)
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("total time exceeded")
            chunks.append(chunk)
        media_type = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        return Download(b"".join(chunks), media_type, response.charset_encoding)
