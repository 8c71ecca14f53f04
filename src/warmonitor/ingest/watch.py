"""`warmonitor watch`: poll a list of sources for new articles, read and store each once.

One loop polls whichever source is due next (each at its own interval), politely
(:mod:`.polite`): conditional GETs (a 304 costs no parse), robots.txt, a pause between
two requests to one host, a growing jittered wait after errors and whatever a 429 or 503
asks for. Every download has a total deadline, headers included, and a size cap; one
poll, the source's new articles included, has a deadline of its own, and what it leaves
unread stays pending for the next poll. Links to loopback, private or link-local
addresses are refused unless the configuration allows them.

Articles are read and stored through the same steps as `warmonitor ingest URL`
(:func:`~warmonitor.ingest.sources.read_url`, then the caller's ``read``, then the
store's writer). What the watcher knows lives in the store (:mod:`.watch_state`), so a
restart resumes without losing or doubling a report. Each poll is one JSON line on
stderr. ``on_stored`` (the alerts' hook) is called with the ids of the documents a poll
stored.

One thread does everything, in turn: the store has one writer at a time anyway, and a
slow source holds the others back for at most the poll deadline.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import Engine

from warmonitor.ingest.errors import IngestError
from warmonitor.ingest.fetch import AddressRefused, FetchOptions, HTTPStatusError, fetch
from warmonitor.ingest.links import article_links
from warmonitor.ingest.polite import HostLimiter, RobotsCache, RobotsDisallowed, next_wait
from warmonitor.ingest.sources import read_download
from warmonitor.ingest.sources_config import Source, WatchConfig
from warmonitor.ingest.stopping import StopFlag
from warmonitor.ingest.watch_state import PendingArticle, SourceState, load_states, mark, now, pending, save_state
from warmonitor.records import Document, Report

ROBOTS_DEADLINE = 10.0


@dataclass
class Poll:
    """What one poll of one source did: its log line."""

    source: str
    status: str = "ok"  # ok | not_modified | error | robots
    http: int | None = None
    new: int = 0
    stored: int = 0
    failed: int = 0
    pending: int = 0
    poll_seconds: float = 0.0  # fetching and parsing the source itself
    read_seconds: float = 0.0  # fetching, reading and storing its articles
    next_poll: float = 0.0  # seconds from now
    error: str | None = None
    document_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        values = {key: value for key, value in vars(self).items() if key != "document_ids"}
        values["poll_seconds"] = round(self.poll_seconds, 3)
        values["read_seconds"] = round(self.read_seconds, 3)
        values["next_poll"] = round(self.next_poll, 3)
        return json.dumps({"time": now().isoformat(timespec="milliseconds") + "Z", "event": "poll", **values})


def log_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Watcher:
    def __init__(
        self, engine: Engine, config: WatchConfig, read: Callable[[Document], Report], *,
        on_stored: Callable[[list[int]], None] | None = None, log: Callable[[str], None] = log_to_stderr,
    ) -> None:
        from warmonitor.store.writer import StoreWriter

        self.engine = engine
        self.config = config
        self.settings = config.settings
        self.read = read
        self.writer = StoreWriter(engine)
        self.on_stored = on_stored
        self.log = log
        self.limiter = HostLimiter(self.settings.per_host_interval)
        self.robots = RobotsCache(self.settings.user_agent, self._robots_file, self.limiter)
        self.states = self._starting_states()

    def _starting_states(self) -> dict[str, SourceState]:
        """The stored state of each configured source; a new source, or one whose URL
        changed, starts afresh and is due at once."""
        stored = load_states(self.engine)
        states = {}
        for source in self.config.sources:
            state = stored.get(source.name)
            if state is None or state.url != source.url:
                state = SourceState(source.name, source.url, items=state.items if state else 0, next_poll=now())
                save_state(self.engine, state)
            states[source.name] = state
        return states

    def run(self, stop: StopFlag) -> None:
        """Poll sources as they fall due until ``stop`` is set."""
        if not self.config.sources:
            return
        while not stop.is_set():
            source = min(self.config.sources, key=lambda s: self.states[s.name].next_poll)
            if not self.due(source):
                stop.wait((self.states[source.name].next_poll - now()).total_seconds())
                continue
            try:
                self.poll(source, stop)
            except Exception as error:  # noqa: BLE001 - the store went away, say: wait, and go on
                self._poll_failed(source, error)

    def due(self, source: Source) -> bool:
        """Whether ``source``'s interval (or backoff) since its last poll has passed."""
        return self.states[source.name].next_poll <= now()

    def _poll_failed(self, source: Source, error: Exception) -> None:
        """A poll that failed outside its source (the store unreachable): one log line, and
        the source waits as after any error, the watch itself going on (under `serve
        --watch` no one would see a dead watcher thread)."""
        state = self.states[source.name]
        state.failures += 1
        wait = next_wait(source.interval, state.failures, self.settings.max_backoff)
        state.next_poll = now() + timedelta(seconds=wait)
        self.log(json.dumps({"time": now().isoformat(timespec="milliseconds") + "Z", "event": "poll", "source": source.name,
                             "status": "error", "error": f"{type(error).__name__}: {' '.join(str(error).split())}",
                             "next_poll": round(wait, 3)}))

    def poll(self, source: Source, stop: StopFlag) -> Poll:
        """Poll one source and read its new articles; log one line; return what it did."""
        started = time.monotonic()
        deadline = started + self.settings.feed_deadline
        state = self.states[source.name]
        state.last_poll = now()
        result = Poll(source.name)
        retry_after = None
        found: list[str] | None = None
        try:
            found = self._links(source, state, deadline, stop, result)
        except HTTPStatusError as error:
            result.status, result.http, result.error = "error", error.status, str(error)
            retry_after = error.retry_after
        except IngestError as error:
            result.status, result.error = ("robots" if isinstance(error, RobotsDisallowed) else "error"), str(error)
        result.poll_seconds = time.monotonic() - started
        if result.error:
            state.failures += 1
            state.last_error, state.last_error_at = result.error, now()
        else:
            state.failures = 0
            state.last_success = now()
        wait = next_wait(source.interval, state.failures, self.settings.max_backoff, retry_after)
        state.backoff = wait if state.failures else 0.0
        state.next_poll = now() + timedelta(seconds=wait)  # from the answer: an interval after the request arrived
        result.new = save_state(self.engine, state, found)
        reading = time.monotonic()
        self._read_pending(source, state, deadline, stop, result)
        result.read_seconds = time.monotonic() - reading
        state.items += result.stored
        save_state(self.engine, state)
        result.next_poll = max(0.0, (state.next_poll - now()).total_seconds())
        self.log(result.line())
        if result.document_ids and self.on_stored is not None:
            try:
                self.on_stored(result.document_ids)
            except Exception as error:  # noqa: BLE001 - an alert that fails must not stop the watch
                self.log(json.dumps({"time": now().isoformat(timespec="milliseconds") + "Z", "event": "on_stored",
                                     "source": source.name, "error": f"{type(error).__name__}: {error}"}))
        return result

    def _links(self, source: Source, state: SourceState, deadline: float, stop: StopFlag, result: Poll) -> list[str] | None:
        """The article links of the source's answer (None: not modified, or stopped)."""
        if not self.robots.allowed(source.url, stop):
            raise RobotsDisallowed(f"{source.url}: robots.txt disallows it")
        if not self.limiter.wait(source.url, stop):
            return None
        # Stored before the request is made, the next poll an interval after the longest it
        # may last: a watcher killed while it waits for the answer does not poll again too soon.
        state.last_poll = now()
        state.next_poll = state.last_poll + timedelta(seconds=source.interval + self.settings.fetch_deadline)
        save_state(self.engine, state)
        download = fetch(source.url, self._options(deadline, state.validators()))
        result.http = download.status
        if download.status == 304:
            result.status = "not_modified"
            return None
        links = article_links(source.kind, download.body, source.url, source.links)
        state.etag, state.last_modified = download.etag, download.last_modified  # only for an answer read
        return links

    def _read_pending(self, source: Source, state: SourceState, deadline: float, stop: StopFlag, result: Poll) -> None:
        """Read and store the source's pending articles until the poll's deadline."""
        waiting = pending(self.engine, source.name)
        for number, article in enumerate(waiting):
            if stop.is_set() or time.monotonic() >= deadline:
                result.pending = len(waiting) - number
                return
            self._read_article(article, deadline, stop, result)

    def _read_article(self, article: PendingArticle, deadline: float, stop: StopFlag, result: Poll) -> None:
        try:
            if not self.robots.allowed(article.url, stop):
                mark(self.engine, article, "refused", error="robots.txt disallows it")
                return
            if not self.limiter.wait(article.url, stop):
                return
            download = fetch(article.url, self._options(deadline))
            report = self.read(read_download(article.url, download, None))
        except AddressRefused as error:
            mark(self.engine, article, "refused", error=str(error))
            result.failed += 1
            return
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the watch
            self._failed(article, f"{type(error).__name__}: {error}" if not isinstance(error, IngestError) else str(error), result)
            return
        try:
            stored = self.writer.add(report)
        except Exception as error:  # noqa: BLE001 - a store error: the article stays pending
            from warmonitor.store.faults import reason

            mark(self.engine, article, "pending", error=f"not stored: {reason(error)}")
            result.error = result.error or f"{article.url}: not stored: {reason(error)}"
            return
        mark(self.engine, article, "stored", document_id=stored.document_id)
        if stored.status != "duplicate":
            result.stored += 1
            result.document_ids.append(stored.document_id)

    def _failed(self, article: PendingArticle, reason: str, result: Poll) -> None:
        """An attempt failed: the article is tried again at the next poll, up to the limit."""
        last = article.attempts + 1 >= self.settings.max_attempts
        mark(self.engine, article, "failed" if last else "pending", error=reason)
        result.failed += 1

    def _options(self, deadline: float, validators: dict[str, str] | None = None) -> FetchOptions:
        left = max(0.001, min(self.settings.fetch_deadline, deadline - time.monotonic()))
        return FetchOptions(
            allow_private=self.settings.allow_private_addresses, allowed_networks=self.settings.allowed_networks,
            user_agent=self.settings.user_agent, validators=validators or {}, max_bytes=self.settings.max_bytes,
            total_timeout=left,
        )

    def _robots_file(self, url: str) -> tuple[int, bytes]:
        options = replace(self._options(time.monotonic() + ROBOTS_DEADLINE), max_bytes=min(self.settings.max_bytes, 512 * 1024))
        try:
            download = fetch(url, options)
        except HTTPStatusError as error:
            return error.status, b""
        return download.status, download.body
