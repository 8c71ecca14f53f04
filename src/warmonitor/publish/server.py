"""How `warmonitor serve` runs its HTTP server: uvicorn on its fast stack (httptools, a C
HTTP parser, and uvloop, an event loop on libuv), with limits on slow and idle clients.

uvicorn closes an idle kept-alive connection (``timeout_keep_alive``) but sets no
deadline on a request's headers: a client that sends half a request holds its
connection open for ever, and a few thousand such clients hold the server. Nor does it
cap their size with httptools: llhttp sets no limit, httptools gathers a header's pieces
in memory until it ends, and uvicorn's only cap (``h11_max_incomplete_event_size``) is
for its h11 protocol. The protocol here adds both: it closes a connection whose request
headers are not complete within :data:`HEADER_TIMEOUT_S` of their first byte (or of the
connection), and answers 400 and closes when
more than :data:`MAX_HEADER_BYTES` arrive before a request's headers end.

The fast stack is for speed: with uvicorn's pure-Python h11 protocol and asyncio's loop,
the server spent more CPU per request on HTTP and the loop than the application spent
answering it (docs/api.md, "The answer cache, and speed").

uvicorn's ``limit_concurrency`` is left off on purpose: it counts open connections, the
half-sent ones included, so a thousand of them would have every real request answered
503 until the deadline closed them; with the deadline they cost a file descriptor each
for at most :data:`HEADER_TIMEOUT_S`.
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .live import STREAM_PATH

HEADER_TIMEOUT_S = 10.0
"""A request's headers must be complete this long after its first byte."""
IDLE_TIMEOUT_S = 5
"""A kept-alive connection that sends nothing this long is closed (uvicorn's own)."""
MAX_HEADER_BYTES = 64 * 1024
"""More bytes than this before a request's headers end get a 400 and the connection closed."""


class HeaderLimits(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline on each request's headers and a cap
    on their size.

    A request's headers are awaited from the connection's start, and again from the end
    of each request, until httptools says they are complete. The deadline starts at the
    connection or at the first byte received while they are awaited, and runs only
    while no answer is being written (a long answer, or a live stream, is not the
    client's delay; once it is written, uvicorn's idle timeout takes over). The cap
    counts every byte received while they are awaited (a read that also ended the
    previous request counts whole: only a client pipelining more than the cap in one
    burst could be refused for it).
    """

    header_timeout: float = HEADER_TIMEOUT_S
    max_header_bytes: int = MAX_HEADER_BYTES
    _deadline: asyncio.TimerHandle | None = None
    _awaiting_headers: bool = True
    _header_bytes: int = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._awaiting_headers and not self.transport.is_closing():
            self._header_bytes += len(data)
            if self._header_bytes > self.max_header_bytes:
                self.send_400_response("Request headers too large.")
        self._watch_headers()

    def on_headers_complete(self) -> None:
        self._awaiting_headers = False
        self._header_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._awaiting_headers = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        """Close a connection whose request's body is still arriving when its answer is
        complete (every route is a GET and reads no body): neither the deadline nor the
        idle timeout would, while the body came a byte at a time."""
        if not self._awaiting_headers:
            self.transport.close()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """Stop as uvicorn does, and close a live stream (`/api/stream`): it never ends by
        itself, and would hold the server open for as long as a dashboard stays open
        (its EventSource reconnects to the next server)."""
        super().shutdown()
        if self.cycle is not None and not self.cycle.response_complete and self.cycle.scope["path"] == STREAM_PATH:
            self.transport.close()

    def _answering(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _watch_headers(self) -> None:
        """Set the deadline while a request's headers are awaited and no answer is being
        written, lift it otherwise."""
        waiting = self._awaiting_headers and not self._answering() and not self.transport.is_closing()
        if waiting and self._deadline is None:
            self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)
        elif not waiting and self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self._awaiting_headers and not self._answering() and not self.transport.is_closing():
            self.transport.close()


def server_config(app, *, host: str, port: int, header_timeout: float = HEADER_TIMEOUT_S) -> uvicorn.Config:
    """The server's configuration: one process, warnings only, the limits above, and
    uvicorn's "auto" loop: uvloop, a dependency everywhere but on Windows (which it does
    not support), where asyncio's own loop serves instead."""
    protocol = type("HeaderLimits", (HeaderLimits,), {"header_timeout": header_timeout})
    return uvicorn.Config(
        app, host=host, port=port, workers=1, log_level="warning", http=protocol, loop="auto",
        timeout_keep_alive=IDLE_TIMEOUT_S,
    )


def run_server(app, *, host: str, port: int) -> None:
    """Serve ``app`` until interrupted (`warmonitor serve`)."""
    uvicorn.Server(server_config(app, host=host, port=port)).run()
