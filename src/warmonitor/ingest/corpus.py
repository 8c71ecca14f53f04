"""Read a corpus file, CSV or JSON Lines, one report to a row.

Corpora such as FA-KES hold hundreds of articles with an id, a title, the
text and a date. One bad row (no text, broken JSON, a runaway field) must not
cost the other rows, so it is skipped with one line on standard error:

    warmonitor: skipped row 12 of corpus.csv: no text

Rows are counted from 1, without the CSV header; in JSON Lines, row N is
line N. The file is streamed, so a corpus may be larger than a single input
may be; each record (a CSV row, a JSON line) is capped as a single input is
(:data:`warmonitor.ingest.files.MAX_INPUT_BYTES`), and one that runs past the
cap is read on to its end in pieces, never whole, and skipped:

    warmonitor: skipped row 3 of corpus.jsonl: too large (the limit is 20 MiB)
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from warmonitor.ingest import files
from warmonitor.ingest.clean import clean
from warmonitor.ingest.dateline import parse_row_date, publication_date
from warmonitor.ingest.decode import REPLACE, detect_encoding, normalise_newlines, replaced_bytes, warn_replaced
from warmonitor.ingest.errors import IngestError
from warmonitor.records import Document

SUFFIXES = (".csv", ".jsonl")

TITLE_WINDOW = 160
"""How far past the title's own length the title is looked for at the start of the text.

Datelines and bylines ("Posted on April 19 2017 by ...") often come first.
"""

TITLE_SEPARATOR = re.compile(r"\s+[-|–—]\s+")


@dataclass(frozen=True)
class CorpusColumns:
    """The names of a corpus's columns (defaults: those of FA-KES)."""

    id: str = "unit_id"
    title: str = "article_title"
    text: str = "article_content"
    date: str = "date"
    outlet: str = "source"


ENCODING_SAMPLE_BYTES = 64 * 1024
"""How much of a corpus is read to tell its encoding before it is streamed."""


class SkippedRow(Exception):
    """Why one row of a corpus gives no document."""


class RecordTooLarge(Exception):
    """A record of a corpus runs past the cap; it has been read to its end and dropped."""


class BoundedLines:
    """The lines of a text stream for a reader of records (csv's, or one JSON object to a
    line), none read whole past the cap.

    The reader calls :meth:`new_record` where a record ends. When a record runs past
    :data:`files.MAX_INPUT_BYTES` characters, the rest of it is read in pieces and
    dropped, and ``next`` raises :class:`RecordTooLarge`; the next call goes on with the
    record after it (csv's reader starts each row afresh after an error). With ``quote``
    (CSV), where the dropped record ends is told by its quotes: it ends with a line break
    outside quotes, since a quoted field may hold line breaks ("" counts twice).
    """

    PIECE = 1024 * 1024

    def __init__(self, stream: TextIO, quote: str | None = None) -> None:
        self._stream = stream
        self._quote = quote
        self.new_record()

    def new_record(self) -> None:
        self._length = 0  # characters of the current record read so far
        self._quoted = False  # inside a quoted field at the end of what was read

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        room = files.MAX_INPUT_BYTES - self._length
        line = self._stream.readline(room + 1)
        if not line:
            raise StopIteration
        self._take(line)
        if len(line) > room:
            while line and not (line.endswith(("\n", "\r")) and not self._quoted):
                line = self._stream.readline(self.PIECE)
                self._take(line)
            self.new_record()
            raise RecordTooLarge
        return line

    def _take(self, text: str) -> None:
        self._length += len(text)
        if self._quote and text.count(self._quote) % 2:
            self._quoted = not self._quoted


def is_corpus(path: Path) -> bool:
    """Whether ``path`` is read as a corpus, by its extension."""
    return path.suffix.lower() in SUFFIXES


def read_corpus(
    path: Path, name: str, columns: CorpusColumns, published: date | None
) -> Iterator[Document]:
    """The documents in the corpus at ``path``; file-level problems raise at once."""
    stream = open_text(path, name)
    replaced_before = replaced_bytes()
    try:
        if path.suffix.lower() == ".csv":
            rows = csv_rows(stream, name, columns)
        else:
            rows = jsonl_rows(stream, name)
    except BaseException:
        stream.close()
        raise
    return documents(
        stream, rows, name, fallback_id=path.stem, columns=columns, published=published,
        replaced_before=replaced_before,
    )


def documents(
    stream: TextIO,
    rows: Iterable[tuple[int, dict[str, Any]]],
    name: str,
    *,
    fallback_id: str,
    columns: CorpusColumns,
    published: date | None,
    replaced_before: int,
) -> Iterator[Document]:
    """Yield a document per good row, report the others, and close the stream at the end,
    saying how many bad bytes were replaced (``replaced_before``: the count when it opened)."""
    with stream:
        for number, row in rows:
            try:
                yield row_document(row, columns, f"{fallback_id}-row{number}", published)
            except SkippedRow as reason:
                report_skip(name, number, str(reason))
        warn_replaced(name, replaced_bytes() - replaced_before, stream.encoding)


def report_skip(name: str, number: int, reason: str) -> None:
    """Say on standard error, in one line, that a row was left out and why."""
    print(f"warmonitor: skipped row {number} of {name}: {reason}", file=sys.stderr)


def row_document(
    row: dict[str, Any], columns: CorpusColumns, fallback_id: str, published: date | None
) -> Document:
    """The document in one row; the title is put before a text that does not start with it."""
    raw = field(row, columns.text)
    content = clean(normalise_newlines(raw))
    if not content:
        raise SkippedRow("no text")
    title = field(row, columns.title) or None
    text = (
        content if title is None or starts_with_title(content, title) else f"{title}\n\n{content}"
    )
    return Document(
        id=field(row, columns.id) or fallback_id,
        text=text,
        title=title,
        published=publication_date(content, published, parse_row_date(field(row, columns.date))),
        outlet=field(row, columns.outlet) or None,
        raw=raw,
    )


def field(row: dict[str, Any], column: str) -> str:
    """The row's value in ``column`` as stripped text ("" when absent or null)."""
    value = row.get(column)
    return "" if value is None else str(value).strip()


def starts_with_title(text: str, title: str) -> bool:
    """Whether ``title`` is already near the start of ``text``.

    Titles may be cut short (as in FA-KES) or carry the site's name after a
    separator ("Car bomb kills 10 - Region - World - Ahram Online"), which
    the text does not repeat: then the headline before the separator counts.
    """
    head = f" {words(text[: len(title) + TITLE_WINDOW])} "
    headline = TITLE_SEPARATOR.split(title)[0]
    candidates = [title, headline] if len(headline.split()) >= 3 else [title]
    return any(f" {words(candidate)} " in head for candidate in candidates)


def words(text: str) -> str:
    """``text`` as lower-case words separated by single spaces, punctuation dropped."""
    return " ".join(re.findall(r"\w+", text.lower()))


def open_text(path: Path, name: str) -> TextIO:
    """Open the corpus as text in the encoding its first bytes show.

    A stray byte further on that does not fit that encoding becomes U+FFFD
    in its row rather than stopping the whole corpus; their number is told
    once the corpus has been read.
    """
    stream = files.open_file(path, name)
    try:
        encoding = detect_encoding(stream.read(ENCODING_SAMPLE_BYTES), name, complete=False)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    return io.TextIOWrapper(stream, encoding=encoding, errors=REPLACE, newline="")


def csv_rows(
    stream: TextIO, name: str, columns: CorpusColumns
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of a CSV file after checking that it has the text column."""
    csv.field_size_limit(max(csv.field_size_limit(), files.MAX_INPUT_BYTES))
    lines = BoundedLines(stream, quote='"')
    reader = csv.DictReader(lines)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise IngestError(f"{name}: not a CSV file ({error})") from None
    except RecordTooLarge:
        raise IngestError(f"{name}: header too large ({files.limit_text()})") from None
    lines.new_record()
    if columns.text not in header:
        found = ", ".join(header[:10]) or "none"
        raise IngestError(f"{name}: no column '{columns.text}' (columns: {found})")
    return numbered_csv_rows(reader, lines, name)


def numbered_csv_rows(
    reader: csv.DictReader[str], lines: BoundedLines, name: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Number the rows of ``reader``, reporting and passing over malformed ones."""
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
            lines.new_record()
        except StopIteration:
            return
        except csv.Error as error:
            report_skip(name, number, f"malformed CSV ({error})")
            lines.new_record()
            continue
        except RecordTooLarge:
            report_skip(name, number, f"too large ({files.limit_text()})")
            continue
        yield number, row


def jsonl_rows(stream: TextIO, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file, numbered by line; blank lines are passed over."""
    lines = BoundedLines(stream)
    number = 0
    while True:
        number += 1
        try:
            line = next(lines)
        except StopIteration:
            return
        except RecordTooLarge:
            report_skip(name, number, f"too large ({files.limit_text()})")
            continue
        lines.new_record()
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            report_skip(name, number, f"not JSON ({error.msg})")
            continue
        if isinstance(row, dict):
            yield number, row
        else:
            report_skip(name, number, "not a JSON object")
