"""Answer a repeated GET /api/... from memory until the store changes.

Dashboards ask the same questions over and over; the store only changes when it is
written (an ingest, perhaps in another process), so a version of the store, read on
every request, tells whether a kept answer still holds (:class:`StoreVersion`). An answer is kept under its path and the query parameters the API
knows, in their order: parameters it ignores (``?junk=1``, ``?_=timestamp``) change
nothing in the answer, so they must not make another entry. Only complete 200 answers
of at most :attr:`ResponseCache.MAX_BODY` are kept, and all of them together at most
:attr:`ResponseCache.MAX_BYTES`, the least recently used dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Engine, func, select
from starlette.concurrency import run_in_threadpool

from ..store import schema as t


class StoreVersion:
    """A value that changes whenever the store may have changed.

    On SQLite, ``PRAGMA data_version`` on a connection kept for it alone: SQLite changes
    it whenever another connection, in this process or another, commits, and reading it
    takes microseconds, so it is read in the event loop itself. The indexed query it
    replaced cost a thread hand-off and a pooled connection on every request, about a
    tenth of an uncached answer's time. Elsewhere (PostgreSQL), where a query is a round
    trip, the newest document id, read in a worker thread.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pragma = None
        if engine.dialect.name == "sqlite":
            self.kept = engine.raw_connection()  # never given back: the value is this connection's
            self.pragma = self.kept.driver_connection

    async def read(self) -> int | None:
        if self.pragma is not None:
            return self.pragma.execute("PRAGMA data_version").fetchone()[0]
        return await run_in_threadpool(self.newest_document)

    def newest_document(self) -> int | None:
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(t.document.c.id))).scalar()


class ResponseCache:
    MAX_BODY = 1 << 20
    MAX_BYTES = 32 << 20

    def __init__(self, app, engine: Engine, parameters: frozenset[str]) -> None:
        self.app = app
        self.version = StoreVersion(engine)
        self.parameters = parameters  # the query parameters of the API's routes
        self.kept: OrderedDict[bytes, tuple[int | None, list, bytes]] = OrderedDict()
        self.size = 0  # bytes kept: keys, headers and bodies

    def key(self, scope) -> bytes:
        """The path and the known query parameters, as a key."""
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        known = urlencode([(name, value) for name, value in pairs if name in self.parameters])
        return scope["path"].encode() + b"?" + known.encode("latin-1")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        key = self.key(scope)
        version = await self.version.read()
        kept = self.kept.get(key)
        if kept and kept[0] == version:
            self.kept.move_to_end(key)
            await send({"type": "http.response.start", "status": 200, "headers": kept[1]})
            await send({"type": "http.response.body", "body": kept[2]})
            return
        start: dict = {}
        body = bytearray()

        async def keep(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif start.get("status") == 200 and len(body) <= self.MAX_BODY:
                body.extend(message.get("body", b""))
                if not message.get("more_body") and len(body) <= self.MAX_BODY:
                    self.put(key, (version, list(start.get("headers", [])), bytes(body)))
            await send(message)

        await self.app(scope, receive, keep)

    def put(self, key: bytes, entry: tuple[int | None, list, bytes]) -> None:
        """Keep ``entry``, dropping the least recently used until all fit."""
        if key in self.kept:
            self.size -= _bytes(key, self.kept.pop(key))
        self.kept[key] = entry
        self.size += _bytes(key, entry)
        while self.size > self.MAX_BYTES:
            oldest, dropped = self.kept.popitem(last=False)
            self.size -= _bytes(oldest, dropped)


def _bytes(key: bytes, entry: tuple[int | None, list, bytes]) -> int:
    return len(key) + sum(len(name) + len(value) for name, value in entry[1]) + len(entry[2])
