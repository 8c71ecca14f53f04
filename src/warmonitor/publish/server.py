"""How `warmonitor serve` runs its HTTP server: uvicorn, with limits on slow and idle
clients.

uvicorn closes an idle kept-alive connection (``timeout_keep_alive``) but sets no
deadline on a request's headers: a client that sends half a request holds its
connection open for ever, and a few thousand such clients hold the server. The h11
protocol here closes a connection whose request headers are not complete within
:data:`HEADER_TIMEOUT_S` of its first byte (or of the connection). Headers are capped in
size (h11 answers 400 beyond :data:`MAX_HEADER_BYTES`).

uvicorn's ``limit_concurrency`` is left off on purpose: it counts open connections, the
half-sent ones included, so a thousand of them would have every real request answered
503 until the deadline closed them; with the deadline they cost a file descriptor each
for at most :data:`HEADER_TIMEOUT_S`.
"""

from __future__ import annotations

import asyncio

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .live import STREAM_PATH

HEADER_TIMEOUT_S = 10.0
"""A request's headers must be complete this long after its first byte."""
IDLE_TIMEOUT_S = 5
"""A kept-alive connection that sends nothing this long is closed (uvicorn's own)."""
MAX_HEADER_BYTES = 64 * 1024


class HeaderDeadline(H11Protocol):
    """uvicorn's h11 protocol, with a deadline on each request's headers."""

    header_timeout: float = HEADER_TIMEOUT_S
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """Stop as uvicorn does, and close a live stream (`/api/stream`): it never ends by
        itself, and would hold the server open for as long as a dashboard stays open
        (its EventSource reconnects to the next server)."""
        super().shutdown()
        if self.cycle is not None and not self.cycle.response_complete and self.cycle.scope["path"] == STREAM_PATH:
            self.transport.close()

    def _watch_headers(self) -> None:
        """Set the deadline while a request's headers are awaited (h11 says the client
        is IDLE until they are complete), lift it once they are."""
        waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if waiting and self._deadline is None:
            self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)
        elif not waiting and self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def server_config(app, *, host: str, port: int, header_timeout: float = HEADER_TIMEOUT_S) -> uvicorn.Config:
    """The server's configuration: one process, warnings only, the limits above."""
    protocol = type("HeaderDeadline", (HeaderDeadline,), {"header_timeout": header_timeout})
    return uvicorn.Config(
        app, host=host, port=port, workers=1, log_level="warning", http=protocol,
        timeout_keep_alive=IDLE_TIMEOUT_S, h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )


def run_server(app, *, host: str, port: int) -> None:
    """Serve ``app`` until interrupted (`warmonitor serve`)."""
    uvicorn.Server(server_config(app, host=host, port=port)).run()
