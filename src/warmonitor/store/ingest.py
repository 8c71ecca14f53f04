"""Run reports into the store, with a progress bar and a count of what happened.

Reports are stored in one order whatever the order of the input: by report date (the
undated last), then by id, then by the hash of the cleaned text (then of the whole
document, for one given twice under one id). Which reports make one incident,
and its figures and history, depend on the order reports are stored in; a canonical
order makes one input give one store, shuffled or not, and makes a rerun after a crash
store what is left in the order one clean run would have. The input is therefore read
first, each new document spooled to a temporary file so that only its sort key stays
in memory, then read back in order, extracted and stored.

New reports that sort before reports already stored (a rerun storing what a lost
connection kept out, an archive added later) make the whole store be stored again in
that order (:mod:`.reorder`), so that it is what one clean run of all its reports gives.

A lost connection is retried once on a fresh one, then that report is named as not
stored and the run goes on; a write the store refuses (disk full, read-only) ends the
run at once (:mod:`.faults`).
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn,
)
from sqlalchemy import Engine, select

from ..records import Document, Report
from ..workers import AHEAD_PER_WORKER, Pool, Readers, ReadFailed, Safely, in_order, read_reports
from . import schema as t
from .faults import fault, reason
from .reorder import OrderKey, StoreChanged, last_stored, order_key, replace_tables, state, stored_documents, temporary_store
from .writer import StoreWriter, content_hash

Result = TypeVar("Result")


@dataclass
class IngestCounts:
    stored: int = 0
    copies: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    merged: int = 0
    stored_again: int = 0  # reports already stored, stored again in the canonical order
    not_stored: list[str] = field(default_factory=list)  # reports a store error kept out: a rerun stores them

    def summary(self) -> str:
        return (
            f"stored {self.stored} reports ({self.copies} copies of a story already stored), "
            f"skipped {self.duplicates} already stored, {self.failed} inputs unreadable or not stored; "
            f"{self.events} events, {self.merged} merged into incidents other reports told"
            + (f"; stored {self.stored_again} reports again in the canonical order" if self.stored_again else "")
        )


class StoreRefused(Exception):
    """The store refused a write: the run cannot go on."""


def ingest_documents(
    engine: Engine, documents: Iterable[Document | None], read: Callable[[Document], Report] | None = None, *,
    progress: bool = True, workers: int | Readers = 1, reorder: bool = True,
) -> IngestCounts:
    """Read and store each document not stored yet (None: an input that could not be
    read): ``read`` on ``workers`` processes (it must then be a module-level function;
    by default :func:`..workers.read_report`, a long report's pieces spread over them),
    one writer, in the canonical order whatever the number of workers. If a new document
    sorts before one already stored, the whole store is stored again in that order
    (:mod:`.reorder`), unless ``reorder`` is False: then the new ones come after. A number
    of ``workers`` is a :class:`..workers.Pool`, started while the input is being read
    and sorted, once it holds enough new documents for a pool to read them."""
    writer = StoreWriter(engine)
    counts = IngestCounts()
    columns = (
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True), TimeElapsedColumn(),
    )
    pool = Pool(workers) if isinstance(workers, int) else None
    with Progress(*columns, console=Console(stderr=True), disable=not progress, transient=True) as bar, \
            _Spool() as spool, pool or nullcontext():
        readers = pool or workers

        def say(line: str) -> None:  # one line, however long: never wrapped into several
            bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

        task = bar.add_task("reading", total=None)  # inputs are streamed: a rate, not a percentage
        try:
            for batch in _batches(documents):
                known = _known(writer, [document for document in batch if document is not None])
                for document in batch:
                    bar.advance(task)
                    if document is None:
                        counts.failed += 1
                    elif content_hash(document) in known:  # not even read again
                        counts.duplicates += 1
                    else:
                        spool.add(document)
                        if pool is not None and len(spool) == pool.workers * AHEAD_PER_WORKER:
                            pool.start()
            if reorder and _sorts_before_stored(engine, spool):
                _store_again_in_order(engine, spool, read, readers, counts, bar, task, say)
            else:
                bar.update(task, description="ingesting", total=len(spool), completed=0)
                _store_spooled(writer, spool, read, readers, counts, lambda: bar.advance(task), say)
        except StoreRefused as error:
            say(f"warmonitor: stopped at {error}; the store keeps every report stored before it")
            counts.failed += 1
        except NotReordered as error:
            say(f"warmonitor: not stored again in the canonical order: {error}; the store is as it was, "
                f"without its {error.new_reports} new reports")
            counts.failed += 1
            counts.stored = counts.copies = counts.events = counts.merged = counts.stored_again = 0
    if counts.not_stored:
        say(f"warmonitor: {len(counts.not_stored)} reports not stored (run the same ingest again to store them): "
            + ", ".join(counts.not_stored))
    return counts


def _store_spooled(
    writer: StoreWriter, spool: _Spool, read: Callable[[Document], Report] | None, workers: int | Readers, counts: IngestCounts,
    advance: Callable[[], None], say, stored_before: frozenset[str] = frozenset(),
) -> None:
    """Read and store the spooled documents in the canonical order (each text once)."""

    def once_each() -> Iterator[Document]:
        stored_now: set[str] = set()
        for digest, document in spool.in_order():
            if digest in stored_now:  # one text twice in this input: the first one stands
                advance()
                counts.duplicates += 1
                continue
            stored_now.add(digest)
            yield document

    again = IngestCounts()  # the documents stored before, stored again: counted apart
    reports = read_reports(once_each(), workers) if read is None else in_order(Safely(read), once_each(), workers)
    for report in reports:
        advance()
        restored = not isinstance(report, ReadFailed) and content_hash(report.document) in stored_before
        _store_one(writer, report, again if restored else counts, say)
    counts.stored_again += again.stored
    counts.failed += again.failed


def _store_again_in_order(engine, spool, read, workers, counts, bar, task, say) -> None:
    """New reports that sort before stored ones: the store's reports and the new ones,
    read again into a new store in the canonical order, whose tables replace the store's."""
    with engine.connect() as connection:
        before = state(connection)
    say(f"warmonitor: {len(spool)} new reports sort before reports already stored: storing all "
        f"{before.documents + len(spool)} again in the canonical order (--append stores them after instead)")
    stored_before = set()
    for digest, document in stored_documents(engine):
        spool.add(document)
        stored_before.add(digest)
    bar.update(task, description="storing again in order", total=len(spool), completed=0)
    with temporary_store() as rebuilt:
        _store_spooled(StoreWriter(rebuilt), spool, read, workers, counts, lambda: bar.advance(task), say,
                       frozenset(stored_before))
        new = len(spool) - len(stored_before)
        with rebuilt.connect() as connection:
            missing = stored_before - set(connection.execute(select(t.document.c.content_hash)).scalars())
        if missing:  # never drop a stored report
            raise NotReordered(f"{len(missing)} stored reports could not be stored again", new)
        try:
            replace_tables(rebuilt, engine, before)
        except StoreChanged as error:
            raise NotReordered(str(error), new) from error
        except Exception as error:  # noqa: BLE001 - the store keeps what it held: say why in one line
            raise NotReordered(f"the store refused the rebuilt tables: {reason(error)}", new) from error


class NotReordered(Exception):
    """Storing the whole store again in order failed: the store is as it was."""

    def __init__(self, why: str, new_reports: int) -> None:
        super().__init__(why)
        self.new_reports = new_reports


def _sorts_before_stored(engine: Engine, spool: _Spool) -> bool:
    """Whether a spooled document comes before one already stored in the canonical order."""
    if not len(spool):
        return False
    try:
        last = _retried(lambda: last_stored(engine))
    except Exception as error:  # noqa: BLE001 - sorted out by faults.fault
        if fault(error) == "refused":
            raise StoreRefused(f"the store's last report: the store refused a read: {reason(error)}") from error
        raise StoreRefused(f"the store's last report: {reason(error)}") from error
    return last is not None and spool.first() < last


BATCH_DOCUMENTS = 200
BATCH_CHARACTERS = 4_000_000


def _batches(documents: Iterable[Document | None]) -> Iterator[list[Document | None]]:
    """The documents in input order, a few at a time (at most BATCH_DOCUMENTS, or as many
    as hold BATCH_CHARACTERS of text: memory stays flat), so that the store is asked
    which it holds once per batch, not once per document."""
    batch: list[Document | None] = []
    size = 0
    for document in documents:
        batch.append(document)
        size += len(document.text) + len(document.raw or "") if document is not None else 0
        if len(batch) >= BATCH_DOCUMENTS or size >= BATCH_CHARACTERS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _known(writer: StoreWriter, documents: list[Document]) -> set[str]:
    """The content hashes of those documents that are stored already (when the store
    cannot tell, storing them will look again)."""
    if not documents:
        return set()
    try:
        return _retried(lambda: writer.stored_among(documents))
    except Exception as error:  # noqa: BLE001 - sorted out by faults.fault
        if fault(error) == "refused":
            raise StoreRefused(f"{documents[0].id}: the store refused a write: {reason(error)}") from error
        return set()


def _store_one(writer: StoreWriter, report: Report | ReadFailed, counts: IngestCounts, say) -> None:
    if isinstance(report, ReadFailed):
        say(f"warmonitor: {report.document_id}: not stored: {report.error}")
        counts.failed += 1
        return
    document_id = report.document.id
    try:
        stored = _retried(lambda: writer.add(report))
    except Exception as error:  # noqa: BLE001 - sorted out by faults.fault
        if fault(error) == "refused":
            raise StoreRefused(f"{document_id}: the store refused a write: {reason(error)}") from error
        say(f"warmonitor: {document_id}: not stored: {reason(error)}")
        counts.failed += 1
        counts.not_stored.append(document_id)
        return
    if stored.status == "duplicate":
        counts.duplicates += 1
        return
    counts.stored += 1
    counts.copies += stored.status == "copy"
    counts.events += stored.events
    counts.merged += stored.merged


def _retried(step: Callable[[], Result]) -> Result:
    """``step``'s result, tried again once if it lost its connection: the pool has then
    dropped the dead connection, and the second try gets a fresh one."""
    try:
        return step()
    except Exception as error:  # noqa: BLE001 - sorted out by faults.fault
        if fault(error) != "lost":
            raise
    return step()


class _Spool:
    """Documents kept in a temporary file, read back in the canonical order."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="warmonitor-ingest-")
        self.keys: list[tuple[OrderKey, bytes, int, int]] = []

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_exc) -> None:
        self.file.close()

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, document: Document) -> None:
        data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
        # Reports of one day by their ids (a feed's or a corpus's ids mostly follow the
        # order they were written in), then by their text; a document given twice under
        # one id: the hash of the whole document decides which is stored.
        whole = hashlib.sha256(data).digest()
        key = order_key(document.published, document.id, content_hash(document))
        self.keys.append((key, whole, self.file.tell(), len(data)))
        self.file.write(data)

    def first(self) -> OrderKey:
        """Where the first document falls in the canonical order."""
        return min(self.keys)[0]

    def in_order(self) -> Iterator[tuple[str, Document]]:
        """Each document with the hash of its cleaned text, in the canonical order."""
        self.keys.sort()
        for (*_when_and_id, digest), _whole, offset, size in self.keys:
            self.file.seek(offset)
            yield digest, pickle.loads(self.file.read(size))
