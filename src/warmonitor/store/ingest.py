"""Run reports into the store, with a progress bar and a count of what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn,
)
from sqlalchemy import Engine

from ..records import Document, Report
from .writer import StoreWriter


@dataclass
class IngestCounts:
    stored: int = 0
    copies: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    merged: int = 0

    def summary(self) -> str:
        return (
            f"stored {self.stored} reports ({self.copies} copies of a story already stored), "
            f"skipped {self.duplicates} already stored, {self.failed} inputs unreadable; "
            f"{self.events} events, {self.merged} merged into incidents other reports told"
        )


def ingest_documents(
    engine: Engine, documents: Iterable[Document | None], read: Callable[[Document], Report], *, progress: bool = True
) -> IngestCounts:
    """Read and store each document not stored yet (None: an input that could not be read)."""
    writer = StoreWriter(engine)
    counts = IngestCounts()
    columns = (
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True), TimeElapsedColumn(),  # inputs are streamed: a rate, not a percentage
    )
    with Progress(*columns, console=Console(stderr=True), disable=not progress, transient=True) as bar:
        task = bar.add_task("ingest", total=None)
        for document in documents:
            bar.advance(task)
            if document is None:
                counts.failed += 1
                continue
            if writer.has(document):  # known already: not even read again
                counts.duplicates += 1
                continue
            try:
                stored = writer.add(read(document))
            except Exception as error:  # noqa: BLE001 - one bad report must not stop a long run
                bar.console.print(f"warmonitor: {document.id}: not stored: {type(error).__name__}: {error}", markup=False)
                counts.failed += 1
                continue
            if stored.status == "duplicate":
                counts.duplicates += 1
                continue
            counts.stored += 1
            counts.copies += stored.status == "copy"
            counts.events += stored.events
            counts.merged += stored.merged
    return counts
