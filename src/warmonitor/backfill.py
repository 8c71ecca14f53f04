"""`warmonitor backfill`: a large corpus read on a Dask cluster, stored by one writer.

Reading a report (extract, then resolve) is pure CPU work on one document; storing it is
not (an incident is matched against every report stored before it, and which reports
make one incident depends on the order they are stored in: docs/store.md). So the
workers of a Dask cluster only read: the documents go to them in chunks of
:data:`CHUNK`, in the canonical order of ``ingest``, at most :data:`AHEAD_PER_THREAD`
chunks per worker thread ahead of the writer (memory stays flat), and come back in that order
to this process, the one writer, through the very loop ``warmonitor ingest`` runs
(:func:`warmonitor.store.ingest.ingest_documents`). The store is therefore the one a
plain ``ingest`` of the same inputs makes. docs/scale.md argues the design and where a
single writer stops keeping up.

Dask is imported here, in functions, and this module only by the ``backfill`` command:
the other commands do not pay for it.
"""

from __future__ import annotations

import hashlib
import logging
import resource
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .records import Document, Report
from .workers import ReadFailed, submitted_ahead

if TYPE_CHECKING:
    from distributed import Client
    from sqlalchemy import Engine

    from .store.ingest import IngestCounts

CHUNK = 8
"""Reports per Dask task: a task costs the scheduler about a millisecond, a report some
tens of milliseconds to read, so a chunk of eight makes the overhead negligible while a
worker that dies loses little work."""

AHEAD_PER_THREAD = 4
"""Chunks in flight per worker thread: the next one is always waiting there (the
scheduler and the network add their delays to each), and the 32 reports it holds keep
memory flat."""

WAIT_FOR_WORKERS_S = 60
"""How long an existing cluster may take to have one worker before the run gives up."""


class ClusterError(Exception):
    """The cluster cannot be reached, has no usable workers, or was lost: one line."""


def backfill(
    engine: Engine, documents: Iterable[Document | None], *, scheduler: str | None, workers: int, progress: bool = True,
    reorder: bool = True,
) -> tuple[IngestCounts, dict[str, int]]:
    """Store ``documents`` as ``warmonitor ingest`` would (``reorder`` as there), reading
    them on a Dask cluster: the scheduler at ``scheduler``, else a local cluster of
    ``workers`` processes. Returns what was stored and each worker's peak resident memory
    (MB, by worker address)."""
    from .store.ingest import ingest_documents

    with _client(scheduler, workers) as client:
        _check_workers(client)
        counts = ingest_documents(engine, documents, progress=progress, workers=DaskReaders(client), reorder=reorder)
        return counts, _peak_memory(client)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler`` (one that has a worker at least), else of
    a cluster of ``workers`` processes on this machine, closed on the way out."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(f"backfill needs Dask ({error}): pip install 'warmonitor[cluster]'") from None
    _quiet_dask()
    if scheduler is None:
        # The scheduler's HTTP server on a free port of this machine only: its default,
        # 8787, may be taken (another cluster), which Dask tells in a warning of four lines.
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                          silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {error or type(error).__name__}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {scheduler} has no worker (waited {WAIT_FOR_WORKERS_S} s)") from None
        yield client


def _quiet_dask() -> None:
    """Our own lines say what went wrong: Dask's log records (a worker restarted, a task
    failed, the scheduler gone, with its traceback) would come as several lines each.
    Dask gives some of its loggers levels of their own (``distributed.client``), so each
    is set, not only their parent."""
    for name in ["distributed", "tornado", *logging.root.manager.loggerDict]:
        if name.split(".")[0] in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


class DaskReaders:
    """Reads on a Dask cluster, in order: what :func:`warmonitor.workers.in_order` is given
    instead of a number of processes. Chunks are submitted ahead, their results given back
    in the order of the input."""

    def __init__(self, client: Client, chunk: int = CHUNK) -> None:
        self.client = client
        self.chunk = chunk

    def in_order(self, function: Callable[[Document], Report | ReadFailed], items: Iterable[Document]) -> Iterator[Report | ReadFailed]:
        ahead = AHEAD_PER_THREAD * max(1, sum(self.client.nthreads().values()))
        for results in submitted_ahead(self._submit, function, _chunks(items, self.chunk), ahead):
            yield from results

    def _submit(self, function: Callable[[Document], Report | ReadFailed], documents: list[Document]) -> _Chunk:
        return _Chunk(self.client, function, documents)


class _Chunk:
    """One chunk being read on the cluster. Dask gives a task whose worker died to another
    worker (up to ``distributed.scheduler.allowed-failures`` times); a chunk that still
    cannot be read that way is read again one report per task, so that only a report that
    kills every worker it is given to is lost, named as not stored, and the run goes on."""

    def __init__(self, client: Client, function: Callable[[Document], Report | ReadFailed], documents: list[Document]) -> None:
        self.client, self.function, self.documents = client, function, documents
        self.future = client.submit(read_chunk, function, documents, pure=False)

    def result(self) -> list[Report | ReadFailed]:
        from distributed.scheduler import KilledWorker

        try:
            return _cluster_result(self.future)
        except KilledWorker:
            return [self._alone(document) for document in self.documents]

    def _alone(self, document: Document) -> Report | ReadFailed:
        from distributed.scheduler import KilledWorker

        try:
            return _cluster_result(self.client.submit(self.function, document, pure=False))
        except KilledWorker:
            return ReadFailed(document.id, "every Dask worker that read it died")


def _cluster_result(future):
    """A future's result; the cluster's own failures (the scheduler gone, the connection
    lost) become a :class:`ClusterError` — a report's reading never raises (``Safely``)."""
    from distributed.scheduler import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        raise
    except Exception as error:  # noqa: BLE001 - told in one line by the command
        said = " ".join(str(error).split())  # Dask's messages run over several lines
        raise ClusterError(
            f"lost the Dask cluster ({type(error).__name__}: {said}); the store keeps every report stored before it, "
            "and the same backfill run again stores the rest") from None


def read_chunk(function: Callable[[Document], Report | ReadFailed], documents: list[Document]) -> list[Report | ReadFailed]:
    """On a worker: each document of a chunk read."""
    return [function(document) for document in documents]


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def fingerprint() -> str:
    """What must be the same on every worker as here for the store to be the one a plain
    ingest makes: warmonitor's code and data files, and the places its gazetteer holds
    (a GeoNames dump loaded on one machine only would place reports differently)."""
    from .resolve.gazetteer import gazetteer_counts

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".tsv") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    digest.update(repr(sorted(gazetteer_counts().items())).encode())
    return digest.hexdigest()[:16]


def _check_workers(client: Client) -> None:
    """Refuse, in one line, workers that would read differently from this machine (another
    version of warmonitor, another gazetteer) or cannot run warmonitor at all. Also warms
    each worker up: imports, and its gazetteer index (built there on first use)."""
    here = fingerprint()
    try:
        theirs = client.run(fingerprint)
    except Exception as error:  # noqa: BLE001 - a worker without warmonitor, most often
        raise ClusterError(f"the Dask workers cannot run warmonitor: {type(error).__name__}: {error}") from None
    differ = sorted(address for address, value in theirs.items() if value != here)
    if differ:
        raise ClusterError(f"Dask workers {', '.join(differ)} have another warmonitor or gazetteer than this machine "
                           "(docs/scale.md: what each worker needs)")


def _peak_memory(client: Client) -> dict[str, int]:
    """Each worker's peak resident memory so far, in MB."""
    return client.run(_own_peak_memory)


def _own_peak_memory() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
