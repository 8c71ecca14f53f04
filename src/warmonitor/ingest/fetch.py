"""Download a report over http(s) without ever hanging or filling memory.

Every way a download can go wrong (no such host, a refused connection, a
server that accepts and never answers, a 404, an endless redirect, a video
instead of a page) ends in one :class:`IngestError` line. The limits are
module constants so that tests, and a user with a slow link, can change them.

The total deadline covers the whole exchange, headers included: httpx's timeouts
bound each wait for a byte, so a server that drips its headers one byte every two
seconds would otherwise hold a download for ever. The deadline is kept by the
network layer itself (:class:`_GuardedBackend`), which also refuses, when asked to
(``allow_private=False``: `warmonitor watch`, and the links of a feed downloaded from
the internet, :func:`options_for_links_of`), to
connect to a loopback, private, link-local, multicast or reserved address: the check
is made on the addresses the host name resolves to, at each connection, so a redirect
to such an address is refused too and the address checked is the one connected to.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cache

import httpcore
import httpx

from warmonitor import __version__
from warmonitor.ingest import files
from warmonitor.ingest.errors import IngestError

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the server to accept the connection."""

TOTAL_TIMEOUT = 20.0
"""Seconds the whole download may take, from the first connection to the last byte."""

MAX_REDIRECTS = 5
"""Enough for http -> https -> www -> the article; loops end here."""
SCHEMES = ("http", "https")
USER_AGENT = f"warmonitor/{__version__}"


@dataclass(frozen=True)
class Download:
    """A page's bytes, with what its server said they are.

    ``status`` is 304 (and ``body`` empty) when a conditional request found the page
    unchanged; ``etag`` and ``last_modified`` are the validators to send next time.
    """

    body: bytes
    media_type: str
    charset: str | None
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


class HTTPStatusError(IngestError):
    """The server answered with an error status; ``retry_after`` is the seconds its
    Retry-After header asked for (429, 503), when it gave one."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class AddressRefused(IngestError):
    """A host that resolves to an address not on the public internet."""


@dataclass(frozen=True)
class FetchOptions:
    """How one download is made: what `warmonitor watch` sets per source."""

    allow_private: bool = True
    allowed_networks: tuple = ()  # private networks allowed all the same (ipaddress networks)
    user_agent: str = USER_AGENT
    validators: dict[str, str] = field(default_factory=dict)  # If-None-Match, If-Modified-Since
    max_bytes: int | None = None  # None: files.MAX_INPUT_BYTES
    total_timeout: float | None = None  # None: TOTAL_TIMEOUT


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Download:
    """GET ``url`` following redirects; fail with one line on any error."""
    scheme = url.partition(":")[0].lower()
    if scheme not in SCHEMES:
        raise IngestError(f"{url}: unsupported URL scheme '{scheme}' (use http or https)")
    total = options.total_timeout or TOTAL_TIMEOUT
    try:
        return download(url, options, total)
    except AddressRefused as error:
        raise AddressRefused(f"{url}: {error}") from None
    except httpx.ConnectTimeout:
        raise IngestError(f"{url}: timed out connecting ({min(CONNECT_TIMEOUT, total):g} s)") from None
    except httpx.TimeoutException:
        raise IngestError(f"{url}: timed out waiting for the server ({total:g} s)") from None
    except httpx.TooManyRedirects:
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.InvalidURL as error:
        raise IngestError(f"{url}: invalid URL ({error})") from None
    except httpx.HTTPError as error:
        raise IngestError(
            f"{url}: could not download ({str(error) or type(error).__name__})"
        ) from None


def download(url: str, options: FetchOptions, total: float) -> Download:
    """Stream the response body, stopping at the size cap or the total deadline."""
    deadline = time.monotonic() + total
    max_bytes = options.max_bytes or files.MAX_INPUT_BYTES
    with (
        _client(deadline, options) as client,
        client.stream("GET", url, headers=options.validators) as response,
    ):
        if response.status_code == 304:
            return Download(b"", "", None, 304, *_validators(response))
        if response.is_error:
            raise HTTPStatusError(
                f"{url}: HTTP {response.status_code} {response.reason_phrase}",
                response.status_code, retry_after(response.headers.get("Retry-After")),
            )
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise files.too_large(url, int(length))
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise files.too_large(url)
            chunks.append(chunk)
        media_type = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        return Download(b"".join(chunks), media_type, response.charset_encoding, response.status_code,
                        *_validators(response))


def _validators(response: httpx.Response) -> tuple[str | None, str | None]:
    return response.headers.get("ETag"), response.headers.get("Last-Modified")


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks to wait: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _client(deadline: float, options: FetchOptions) -> httpx.Client:
    """An httpx client whose connections go through :class:`_GuardedBackend`."""
    transport = httpx.HTTPTransport()
    # httpx has no setting for httpcore's network backend: the pool it built is replaced
    # by the same pool over ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_ssl_context(), network_backend=_GuardedBackend(deadline, options),
    )
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(max(deadline - time.monotonic(), 0.001), connect=CONNECT_TIMEOUT),
        headers={"User-Agent": options.user_agent},
    )


def options_for_links_of(url: str) -> FetchOptions:
    """How to fetch the links a page downloaded from ``url`` lists: a page from the public
    internet may not send us to a private address (a feed entry pointing at 127.0.0.1),
    one from a private network may."""
    parts = httpx.URL(url)
    try:
        public_address(parts.host, parts.port or 443)
    except AddressRefused:
        return FetchOptions(allow_private=True)
    except httpcore.ConnectError:  # no longer resolves: its links are held to the strict rule
        pass
    return FetchOptions(allow_private=False)


@cache
def _ssl_context():
    """Certificates are loaded once: a watcher polling every few seconds would spend most
    of its time loading them again."""
    return httpx.create_ssl_context()


def public_address(host: str, port: int, allowed_networks: tuple = ()) -> str:
    """The first address ``host`` resolves to, if every one of them is on the public
    internet or in ``allowed_networks``; else :class:`AddressRefused`."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from None
    addresses = [ipaddress.ip_address(entry[4][0].partition("%")[0]) for entry in found]
    for address in addresses:
        if not is_public(address) and not any(address in network for network in allowed_networks):
            raise AddressRefused(f"{host} resolves to {address}, not a public address (refused)")
    return str(addresses[0])


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (an IPv4 address inside IPv6 is
    judged as itself)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sockets, with one deadline over every wait and, unless private
    addresses are allowed, only public addresses connected to."""

    def __init__(self, deadline: float, options: FetchOptions) -> None:
        self.inner = httpcore.SyncBackend()
        self.deadline = deadline
        self.options = options

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        options = self.options
        address = host if options.allow_private else public_address(host, port, options.allowed_networks)
        stream = self.inner.connect_tcp(address, port, _within(timeout, self.deadline, httpcore.ConnectTimeout),
                                        local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self.inner = inner
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _within(timeout, self.deadline, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _within(timeout, self.deadline, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        secured = self.inner.start_tls(ssl_context, server_hostname, _within(timeout, self.deadline, httpcore.ConnectTimeout))
        return _DeadlineStream(secured, self.deadline)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


def _within(timeout: float | None, deadline: float, expired: type[Exception]) -> float:
    """``timeout`` cut to what is left before ``deadline``; ``expired`` once it passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("total time exceeded")
    return left if timeout is None else min(timeout, left)
