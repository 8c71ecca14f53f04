"""What `warmonitor watch` remembers, kept in the store (tables ``watch_source`` and
``watch_article``, migration 0006) so that a restart, even after ``kill -9``, resumes
where it stopped.

The article links a poll finds are recorded as ``pending`` in the same transaction as
the validators (ETag, Last-Modified) of the answer that listed them: once a source says
"not modified", the links it gave before are still waiting in the store, never lost. An
article is marked ``stored`` after its report is committed; a crash between the two
leaves it pending, and reading it again finds its text stored already (the writer knows
it by its hash), so nothing is doubled either.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine, func, insert, select, update

from warmonitor.store import schema as t


def now() -> datetime:
    """The store's times are naive UTC, as ``document.ingested_at``."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class SourceState:
    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    failures: int = 0
    items: int = 0
    next_poll: datetime | None = None
    backoff: float = 0.0

    def validators(self) -> dict[str, str]:
        """The headers of a conditional request."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class PendingArticle:
    id: int
    url: str
    attempts: int


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def load_states(engine: Engine) -> dict[str, SourceState]:
    with engine.connect() as connection:
        rows = connection.execute(select(t.watch_source)).mappings().all()
    return {row["name"]: SourceState(**row) for row in rows}


def save_state(engine: Engine, state: SourceState, found: list[str] | None = None) -> int:
    """Write ``state`` and record the links in ``found`` not seen before as pending, in one
    transaction; the number of new links."""
    values = {key: value for key, value in vars(state).items() if key != "name"}
    with engine.begin() as connection:
        updated = connection.execute(update(t.watch_source).where(t.watch_source.c.name == state.name).values(**values))
        if not updated.rowcount:
            connection.execute(insert(t.watch_source).values(name=state.name, **values))
        if not found:
            return 0
        keys = {url_key(url): url for url in found}
        known = set(connection.execute(select(t.watch_article.c.url_hash).where(t.watch_article.c.url_hash.in_(keys))).scalars())
        new = [{"url_hash": key, "url": url, "source": state.name, "status": "pending", "attempts": 0, "first_seen": now()}
               for key, url in keys.items() if key not in known]
        if new:
            connection.execute(insert(t.watch_article), new)
        return len(new)


def pending(engine: Engine, source: str) -> list[PendingArticle]:
    """The source's articles still to be read, oldest first."""
    query = (select(t.watch_article.c.id, t.watch_article.c.url, t.watch_article.c.attempts)
             .where(t.watch_article.c.status == "pending", t.watch_article.c.source == source)
             .order_by(t.watch_article.c.id))
    with engine.connect() as connection:
        return [PendingArticle(*row) for row in connection.execute(query)]


def mark(engine: Engine, article: PendingArticle, status: str, *, document_id: int | None = None,
         error: str | None = None) -> None:
    """Record what became of one article: stored, failed, refused, or pending again after
    a failed attempt."""
    values = {"status": status, "document_id": document_id, "error": error, "attempts": article.attempts + 1}
    if status != "pending":
        values["done_at"] = now()
    with engine.begin() as connection:
        connection.execute(update(t.watch_article).where(t.watch_article.c.id == article.id).values(**values))


@dataclass(frozen=True)
class Health:
    state: SourceState | None
    pending: int
    failed: int
    lag: timedelta | None  # how long since the source last answered well


def health(engine: Engine) -> dict[str, Health]:
    """Each source's state, with its articles pending and failed."""
    states = load_states(engine)
    counts: dict[tuple[str, str], int] = {}
    query = (select(t.watch_article.c.source, t.watch_article.c.status, func.count())
             .where(t.watch_article.c.status.in_(("pending", "failed")))
             .group_by(t.watch_article.c.source, t.watch_article.c.status))
    with engine.connect() as connection:
        for source, status, count in connection.execute(query):
            counts[source, status] = count
    moment = now()
    return {
        name: Health(state, counts.get((name, "pending"), 0), counts.get((name, "failed"), 0),
                     moment - state.last_success if state.last_success else None)
        for name, state in states.items()
    }
