"""Read GeoNames country dumps, the gazetteer that turns place names into coordinates.

GeoNames publishes every place it knows in one tab-separated file per country
(``SY.txt`` inside ``SY.zip``), with the Arabic, Latin and older spellings a
report may use for it. The dumps are large (allCountries is 1.5 GB), so they
are streamed row by row, never read whole. A dump is judged by its first row:
if that is not a GeoNames row the file is not a dump (a web page, a binary, the
wrong file) and reading stops with one :class:`GazetteerError` line. After the
first row, a malformed row is skipped and counted in :class:`DumpStats`, so one
bad line cannot cost the whole gazetteer.

GeoNames data is CC BY 4.0: credit GeoNames (https://www.geonames.org) wherever
places read from it are shown.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from warmonitor.ingest.files import os_reason

if TYPE_CHECKING:  # httpx is imported by the download alone: every other command's start-up skips it
    import httpx

DUMP_URL = "https://download.geonames.org/export/dump/{country}.zip"
MAX_DUMP_BYTES = 600 * 2**20
"""The largest download accepted (600 MiB): well above any country's zip."""
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
"""Seconds without a byte from the server before a download is given up."""
MAX_ROW_BYTES = 2**20
"""A row longer than this (1 MiB), far longer than any real row, is skipped unread."""
COLUMNS = 19


@dataclass(frozen=True)
class GeoNamesPlace:
    """One row of a dump, keeping the columns the resolver uses."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    latitude: float
    longitude: float
    feature_class: str  # P populated place, A admin area, L area, H water, T terrain, S spot, ...
    feature_code: str
    country: str  # ISO-2
    admin1: str  # GeoNames admin1 code, e.g. "10"
    population: int


@dataclass
class DumpStats:
    """What :func:`read_dump` has read so far; pass one in to learn it.

    The counts grow while the places are being read, and add up if the same
    object is passed to several reads.
    """

    rows: int = 0
    skipped: int = 0
    first_skip: str = ""
    """Why the first malformed row was skipped, e.g. "line 17: 18 columns, expected 19"."""


class GazetteerError(Exception):
    """A one-line, user-facing reason why a dump could not be read or downloaded."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


def read_dump(path: Path, stats: DumpStats | None = None) -> Iterator[GeoNamesPlace]:
    """Rows of a GeoNames dump: an ``XX.txt`` file, or the ``XX.zip`` that holds it.

    Malformed rows after the first are skipped and counted in ``stats``. A file
    that cannot be opened, a zip without a dump inside, an empty file or one
    whose first row is not a GeoNames row raise :class:`GazetteerError`
    (when iteration reaches them: this is a generator).
    """
    stats = DumpStats() if stats is None else stats
    try:
        with _open(path) as stream:
            yield from _places(stream, path, stats)
    except OSError as error:
        raise GazetteerError(f"{path}: {os_reason(error)}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise GazetteerError(f"{path}: unreadable zip archive ({error})") from None


@contextmanager
def _open(path: Path) -> Iterator[BinaryIO]:
    """The dump's bytes: the file itself, or the dump inside a ``.zip``."""
    if path.suffix.lower() != ".zip":
        with path.open("rb") as stream:
            yield stream
        return
    with (
        zipfile.ZipFile(path) as archive,
        # ZipExtFile.readline is pure Python; a buffer in front of it reads lines a third faster.
        io.BufferedReader(archive.open(_dump_member(archive, path)), 2**16) as stream,
    ):
        yield stream


def _dump_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The dump in a zip: ``XX.txt`` for ``XX.zip``, else its first .txt but readme.txt."""
    texts = [
        name
        for name in archive.namelist()
        if name.lower().endswith(".txt") and PurePosixPath(name).name.lower() != "readme.txt"
    ]
    if not texts:
        raise GazetteerError(f"{path}: no .txt dump inside the zip")
    expected = [name for name in texts if PurePosixPath(name).name == f"{path.stem}.txt"]
    return (expected or texts)[0]


def _places(stream: BinaryIO, path: Path, stats: DumpStats) -> Iterator[GeoNamesPlace]:
    """The places of ``stream``, judging it by its first row and skipping bad rows after it."""
    first = True
    for number, line in enumerate(_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        try:
            place = _parse(line)
        except ValueError as error:
            if first:
                raise GazetteerError(
                    f"{path}: not a GeoNames dump (line {number}: {error})"
                ) from None
            stats.skipped += 1
            stats.first_skip = stats.first_skip or f"line {number}: {error}"
            continue
        first = False
        stats.rows += 1
        yield place
    if first:
        raise GazetteerError(f"{path}: empty file")


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The lines of ``stream``; None stands for one too long to be a row, skipped unread."""
    while line := stream.readline(MAX_ROW_BYTES + 1):
        if len(line) <= MAX_ROW_BYTES:
            yield line
            continue
        while not line.endswith(b"\n") and (line := stream.readline(MAX_ROW_BYTES)):
            pass
        yield None


def _parse(line: bytes | None) -> GeoNamesPlace:
    """One row as a place; ValueError says what is wrong with it."""
    if line is None:
        raise ValueError(f"longer than {MAX_ROW_BYTES} bytes")
    try:
        fields = line.decode("utf-8").rstrip("\r\n").split("\t")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    if len(fields) != COLUMNS:
        raise ValueError(f"{len(fields)} columns, expected {COLUMNS}")
    latitude, longitude = float(fields[4]), float(fields[5])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordinates out of range ({fields[4]}, {fields[5]})")
    return GeoNamesPlace(
        geonameid=int(fields[0]),
        name=fields[1],
        asciiname=fields[2],
        alternatenames=tuple(filter(None, fields[3].split(","))),
        latitude=latitude,
        longitude=longitude,
        feature_class=fields[6],
        feature_code=fields[7],
        country=fields[8],
        admin1=fields[10],
        population=int(fields[14] or 0),
    )


def fetch_dump(country: str, folder: Path, *, client: httpx.Client | None = None) -> Path:
    """Download the dump of ``country`` (e.g. "SY") to ``folder/XX.zip`` and return its path.

    The download goes to a temporary file in ``folder`` that replaces
    ``XX.zip`` only once it is complete and is a zip, so a failure leaves any
    earlier ``XX.zip`` as it was. ``client`` is for tests and proxies; the
    timeouts apply to it too.
    """
    import httpx

    if not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise GazetteerError(f"{country!r}: not a two-letter country code (such as SY)")
    code = country.upper()
    url = DUMP_URL.format(country=code)
    target = folder / f"{code}.zip"
    part: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{code}.", suffix=".part", delete=False
        ) as out:
            part = Path(out.name)
            _download(url, out, client)
        if not zipfile.is_zipfile(part):
            raise GazetteerError(f"{url}: the download is not a zip archive")
        part.replace(target)
    except httpx.ConnectTimeout:
        raise GazetteerError(f"{url}: timed out connecting ({CONNECT_TIMEOUT:g} s)") from None
    except httpx.TimeoutException:
        raise GazetteerError(f"{url}: no data from the server for {READ_TIMEOUT:g} s") from None
    except httpx.HTTPError as error:
        raise GazetteerError(
            f"{url}: could not download ({str(error) or type(error).__name__})"
        ) from None
    except OSError as error:
        raise GazetteerError(f"{folder}: {os_reason(error)}") from None
    finally:
        if part is not None:
            part.unlink(missing_ok=True)  # nothing left to remove once it became target
    return target


def _download(url: str, out: BinaryIO, client: httpx.Client | None) -> None:
    """Stream ``url`` into ``out``, stopping at :data:`MAX_DUMP_BYTES`."""
    import httpx

    from warmonitor.ingest.fetch import USER_AGENT

    limit = f"{url}: larger than the {MAX_DUMP_BYTES / 2**20:g} MiB limit"
    timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    with (
        nullcontext(client) if client is not None else httpx.Client() as http,
        http.stream(
            "GET", url, timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        ) as response,
    ):
        if response.status_code != 200:
            raise GazetteerError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_DUMP_BYTES:
            raise GazetteerError(limit)
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_DUMP_BYTES:
                raise GazetteerError(limit)
            out.write(chunk)
