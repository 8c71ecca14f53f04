"""Read the bytes of a local file or of standard input, never more than a cap.

A report is a few kilobytes; anything past :data:`MAX_INPUT_BYTES` is a
mistake (a video, a database dump, /dev/zero) and must fail at once instead
of filling memory. A regular file is judged by its size before it is opened;
a stream or a special file is read up to the cap plus one byte, which is
enough to know it is too big. The same cap holds for each record of a corpus
(see :mod:`warmonitor.ingest.corpus`), so no field of any format is larger.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import BinaryIO

from warmonitor.ingest.errors import IngestError

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""The largest input read whole, and the largest record of a corpus (20 MiB): far
above any single report."""


def read_file(path: Path, name: str) -> bytes:
    """Return the bytes of the file at ``path``; ``name`` is how errors call it."""
    check_size(path, name)
    with open_file(path, name) as stream:
        return read_stream(stream, name)


def open_file(path: Path, name: str) -> BinaryIO:
    """Open ``path`` for reading bytes, turning OS errors into one-line reasons."""
    try:
        if path.is_dir():
            raise IngestError(f"{name}: is a directory")
        return path.open("rb")
    except OSError as error:
        raise IngestError(f"{name}: {os_reason(error)}") from None


def read_stream(stream: BinaryIO, name: str) -> bytes:
    """Read ``stream`` to its end, or fail once it passes the cap."""
    try:
        data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise IngestError(f"{name}: {os_reason(error)}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(name)
    return data


def check_size(path: Path, name: str) -> None:
    """Fail before reading when a regular file is already known to be too big."""
    try:
        info = path.stat()
    except OSError as error:
        raise IngestError(f"{name}: {os_reason(error)}") from None
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
        raise too_large(name, info.st_size)


def too_large(name: str, size: int | None = None) -> IngestError:
    """The error for an input over the cap, with its size when it is known."""
    limit = limit_text()
    if size is None:
        return IngestError(f"{name}: too large ({limit})")
    return IngestError(f"{name}: too large ({size / 2**20:.0f} MiB; {limit})")


def limit_text() -> str:
    """The cap as the messages give it: "the limit is 20 MiB"."""
    return f"the limit is {MAX_INPUT_BYTES / 2**20:g} MiB"


def os_reason(error: OSError) -> str:
    """A short lower-case reason such as "no such file" for an OS error."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
