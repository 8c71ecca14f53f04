"""Read a corpus file, CSV or JSON Lines, one report to a row.

Corpora such as FA-KES hold hundreds of articles with an id, a title, the
text and a date. One bad row (no text, broken JSON, a runaway field) must not
cost the other rows, so it is skipped with one line on standard error:

    warmonitor: skipped row 12 of corpus.csv: no text

Rows are counted from 1, without the CSV header; in JSON Lines, row N is
line N. The file is streamed, so a corpus may be larger than a single input
may be (see :data:`warmonitor.ingest.files.MAX_INPUT_BYTES`, which still caps
each field).
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
from warmonitor.ingest.decode import detect_encoding, normalise_newlines
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


def is_corpus(path: Path) -> bool:
    """Whether ``path`` is read as a corpus, by its extension."""
    return path.suffix.lower() in SUFFIXES


def read_corpus(
    path: Path, name: str, columns: CorpusColumns, published: date | None
) -> Iterator[Document]:
    """The documents in the corpus at ``path``; file-level problems raise at once."""
    stream = open_text(path, name)
    try:
        if path.suffix.lower() == ".csv":
            rows = csv_rows(stream, name, columns)
        else:
            rows = jsonl_rows(stream, name)
    except BaseException:
        stream.close()
        raise
    return documents(
        stream, rows, name, fallback_id=path.stem, columns=columns, published=published
    )


def documents(
    stream: TextIO,
    rows: Iterable[tuple[int, dict[str, Any]]],
    name: str,
    *,
    fallback_id: str,
    columns: CorpusColumns,
    published: date | None,
) -> Iterator[Document]:
    """Yield a document per good row, report the others, and close the stream at the end."""
    with stream:
        for number, row in rows:
            try:
                yield row_document(row, columns, f"{fallback_id}-row{number}", published)
            except SkippedRow as reason:
                report_skip(name, number, str(reason))


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
    in its row rather than stopping the whole corpus.
    """
    stream = files.open_file(path, name)
    try:
        encoding = detect_encoding(stream.read(ENCODING_SAMPLE_BYTES), name, complete=False)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")


def csv_rows(
    stream: TextIO, name: str, columns: CorpusColumns
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of a CSV file after checking that it has the text column."""
    csv.field_size_limit(max(csv.field_size_limit(), files.MAX_INPUT_BYTES))
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise IngestError(f"{name}: not a CSV file ({error})") from None
    if columns.text not in header:
        found = ", ".join(header[:10]) or "none"
        raise IngestError(f"{name}: no column '{columns.text}' (columns: {found})")
    return numbered_csv_rows(reader, name)


def numbered_csv_rows(
    reader: csv.DictReader[str], name: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Number the rows of ``reader``, reporting and passing over malformed ones."""
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            report_skip(name, number, f"malformed CSV ({error})")
            continue
        yield number, row


def jsonl_rows(stream: TextIO, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file, numbered by line; blank lines are passed over."""
    for number, line in enumerate(stream, 1):
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
