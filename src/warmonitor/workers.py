"""Read reports on every core: extract and resolve in a pool of processes, in input order.

Reading a report (extract, then resolve) is pure CPU work on one document and needs
nothing from the others, so ``--workers N`` spreads it over N processes. What comes out
is in the order that went in, so the JSON lines of ``extract`` and the store that
``ingest`` writes (one writer, in its canonical order) are the same with one worker or
many. A pool costs each worker a second or so to start (imports, the lexicon, the
gazetteer), so a few reports are read in this process instead; only the reports read
ahead are held in memory (:data:`AHEAD_PER_WORKER` per worker), whatever the input's size.
A report too long to read whole is read in pieces (``extract.doc.pieces``), and each piece
is an item of its own (:func:`read_reports`), so that one long report keeps every worker
busy too.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Protocol, TypeVar

from .records import Document, Report

if TYPE_CHECKING:
    from .extract import Piece

Item = TypeVar("Item")
Result = TypeVar("Result")

AHEAD_PER_WORKER = 8
"""Reports read ahead per worker: enough to keep each busy, few enough to keep memory flat."""

CHUNK = 4
"""Items sent to a worker at once: each task of a pool costs the command's process some
pickling and a few hand-overs between its threads, a large part of its time for
reports of a few milliseconds each (``extract --workers 2`` of fa-kes: the command's own
process took 1.46 CPU s with one report a task, 1.04 with four; docs/scale.md). A piece
of a long report, a second or so of reading, goes alone."""


@dataclass(frozen=True)
class ReadFailed:
    """A document whose reading raised: the error, told in one line by whoever stores or prints it."""

    document_id: str
    error: str


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_report(document: Document) -> Report:
    """One document read: its claims and events (extract), placed, dated and sided
    (resolve). A long report is read a piece at a time, each piece extracted and resolved
    at once, so that its tokens are made once and let go with it."""
    from .extract import extract, pieces_of
    from .resolve import resolve

    planned = pieces_of(document)
    if planned is None:
        return resolve(extract(document))
    return joined(document, planned, [read_piece(piece) for piece in planned])


def read_piece(piece: "Piece") -> Report:
    """One piece of a long report extracted and resolved, as a report of its own."""
    from .extract import extract_piece
    from .resolve import resolve_piece

    return resolve_piece(extract_piece(piece))


def joined(document: Document, planned: "list[Piece]", parts: list[Report]) -> Report:
    """The report that the pieces of one long report, read in ``parts``, make."""
    from . import extract, resolve

    return resolve.joined(extract.joined(document, planned[0].conflict, parts), parts)


def read_reports(
    documents: Iterable[Document | None], workers: int | Readers, written: Callable[[Report], str] | None = None,
) -> Iterator[Report | str | ReadFailed | None]:
    """Each document read (:func:`read_report`) on ``workers``, in input order; None
    stays None, a report whose reading raised is a :class:`ReadFailed`. The pieces of a
    long report are items of their own, so that one report of megabytes keeps every
    worker busy too (a 10 MB report is some fifty pieces). With ``written`` (picklable:
    a module-level function, or a partial of one), each report comes as ``written(report)``
    instead, made where the report was read: a worker sends back a JSON line, not the
    report's objects to unpickle and write in the command's process, which all the
    workers wait on."""
    planned: deque[tuple[Document | None, list | None]] = deque()

    def items() -> Iterator:
        for document in documents:
            pieces = _pieces_of(document)
            planned.append((document, pieces))
            yield from pieces or [document]

    results = in_order(Safely(_read_item if written is None else _Written(written)), items(), workers)
    for result in results:
        document, pieces = planned.popleft()  # appended before its first item was read
        if pieces is None:
            yield result
            continue
        parts = [result, *islice(results, len(pieces) - 1)]
        failed = next((part for part in parts if isinstance(part, ReadFailed)), None)
        if failed:
            yield failed
            continue
        report = joined(document, pieces, parts)
        yield report if written is None else written(report)


def _pieces_of(document: Document | None) -> "list[Piece] | None":
    """The pieces of a long report; None for one read whole, and for an input that could
    not be read or whose war could not be chosen (it is then read whole, and its error
    told as any other)."""
    from .extract import pieces_of

    try:
        pieces = pieces_of(document) if document is not None else None
    except Exception:  # noqa: BLE001 - read_report meets the same error and tells it
        return None
    if pieces is None:
        return None
    sent = replace(document, raw=None)  # the text as received is not read, only stored
    return [replace(piece, document=sent) for piece in pieces]


def _read_item(item: "Document | Piece") -> Report:
    """A document read, or a piece of one read without its report's text: what comes
    back from a worker is copied, and some fifty pieces of a 10 MB report each bringing
    the whole text back would hold half a gigabyte (:func:`joined` puts it back)."""
    if isinstance(item, Document):
        return read_report(item)
    part = read_piece(item)
    return replace(part, document=replace(part.document, text=""))


@dataclass(frozen=True)
class _Written:
    """:func:`_read_item`, a whole report then given as ``write`` of it; a piece comes
    back as read, to be joined with the others (:func:`read_reports` writes the whole)."""

    write: Callable[[Report], str]

    def __call__(self, item: "Document | Piece") -> Report | str:
        read = _read_item(item)
        return self.write(read) if isinstance(item, Document) else read


READING_GC_THRESHOLDS = (10_000, 20, 20)
"""The collector's thresholds while reports are read: the young generation collected
every 10,000 allocations (CPython's default: 700); the command's own process
(``cli._fewer_collections``) and each pool worker (:func:`collect_less`) use them."""


def collect_less() -> None:
    """Set up a pool's worker to collect garbage as seldom as the command's own process
    does: reading makes millions of short-lived objects and almost no cycles, yet with
    the default thresholds the collector goes over every object kept so far again and
    again (docs/scale.md). The reading modules are imported first and frozen with the
    interpreter, so that their objects are never scanned again."""
    import gc

    from . import extract, resolve  # noqa: F401 - imported to be frozen

    gc.freeze()
    gc.set_threshold(*READING_GC_THRESHOLDS)


@dataclass(frozen=True)
class Safely:
    """``read`` with an error returned as :class:`ReadFailed` rather than raised: one bad
    report must not stop a long run (nor a pool). Picklable when ``read`` is a
    module-level function such as :func:`read_report`."""

    read: Callable[[Document], Report]

    def __call__(self, document: Document | None) -> Report | ReadFailed | None:
        if document is None:  # an input that could not be read, already told: it stays None
            return None
        try:
            return self.read(document)
        except Exception as error:  # noqa: BLE001 - told in one line by the caller
            return ReadFailed(document.id, f"{type(error).__name__}: {error}")


class Readers(Protocol):
    """Somewhere else to read on: a cluster (``warmonitor backfill``'s Dask client) that
    gives ``function`` of each item back in the items' order, as :func:`in_order` does
    with a pool of processes on this machine."""

    def in_order(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]: ...


def in_order(function: Callable[[Item], Result], items: Iterable[Item], workers: int | Readers) -> Iterator[Result]:
    """``function`` of each item, in the items' order, on ``workers`` processes (or on
    the :class:`Readers` given). Up to ``workers * AHEAD_PER_WORKER`` items are read
    ahead; an input that ends sooner is done in this process. ``function`` must be a
    module-level function (it is pickled)."""
    if not isinstance(workers, int):
        yield from workers.in_order(function, items)
        return
    if workers <= 1:
        yield from map(function, items)
        return
    items = iter(items)
    ahead = workers * AHEAD_PER_WORKER
    first = list(islice(items, ahead))
    if len(first) < ahead:
        yield from map(function, first)
        return
    with _executor(workers) as pool:
        yield from _in_pool(pool, function, chain(first, items), workers)


def _executor(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each set up by :func:`collect_less`. "spawn": a
    fresh interpreter per worker, never a copy of this process's threads (the progress
    bar's) or open store connections."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=collect_less)


def _in_pool(pool: ProcessPoolExecutor, function: Callable[[Item], Result], items: Iterable[Item], workers: int) -> Iterator[Result]:
    """``function`` of each item on ``pool``, in order, :data:`CHUNK` items a task."""
    for results in submitted_ahead(pool.submit, Each(function), _chunks(items), workers * AHEAD_PER_WORKER // CHUNK):
        yield from results


class Pool:
    """``workers`` processes to read on (a :class:`Readers`), which can be started before
    their first item: ``ingest`` reads and sorts its whole input before it reads the first
    report (docs/store.md), and it starts the pool (:meth:`start`) as soon as that input
    holds enough reports for a pool, so that each worker's start-up (a fresh interpreter
    importing the reading modules, half a second or more) overlaps that pass instead of
    following it. A pool never started reads as :func:`in_order` does, in this process
    for a short input. Close it (a context manager) to stop the workers."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def start(self) -> None:
        """Start the worker processes now (once; none for one worker). The pool starts a
        process for each task it is given while none is idle, so one empty task each
        starts them all."""
        if self.workers > 1 and self._pool is None:
            self._pool = _executor(self.workers)
            for _ in range(self.workers):
                self._pool.submit(_started)

    def in_order(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        if self._pool is None:
            yield from in_order(function, items, self.workers)
        else:
            yield from _in_pool(self._pool, function, items, self.workers)


def _started() -> None:
    """A worker's first task when its pool is started ahead (:meth:`Pool.start`): none."""


@dataclass(frozen=True)
class Each:
    """``function`` of each item of a chunk, in order: one task of a pool for
    :data:`CHUNK` items. Picklable when ``function`` is."""

    function: Callable

    def __call__(self, items: list) -> list:
        return [self.function(item) for item in items]


def _chunks(items: Iterable) -> Iterator[list]:
    """The items in lists of :data:`CHUNK`, in order; a piece of a long report (an item
    neither a Document nor None) ends its list, so that the pieces of one report are
    shared out among the workers as evenly as before."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK or not (item is None or isinstance(item, Document)):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def submitted_ahead(
    submit: Callable[[Callable[[Item], Result], Item], Future], function: Callable[[Item], Result],
    items: Iterable[Item], ahead: int,
) -> Iterator[Result]:
    """``function`` of each item through ``submit`` (a pool's or a cluster's), in the
    items' order, with at most ``ahead`` submitted and not yet given back: the workers
    stay busy while the caller consumes, and memory stays flat however long the input."""
    pending: deque[Future] = deque()
    for item in items:
        if len(pending) == ahead:
            yield pending.popleft().result()
        pending.append(submit(function, item))
    while pending:
        yield pending.popleft().result()
