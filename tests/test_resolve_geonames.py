"""Reading GeoNames dumps (text and zip, good and broken) and downloading them without a network."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from conftest import refusal
from warmonitor.resolve import geonames
from warmonitor.resolve.geonames import DumpStats, GazetteerError, fetch_dump, read_dump

SAMPLE = Path(__file__).parent / "fixtures" / "geonames" / "SY-sample.txt"
ROWS = 25


def error_of(path: Path) -> str:
    """The one-line reason ``read_dump`` gives for refusing ``path``."""
    return refusal(GazetteerError, lambda: read_dump(path))


def zipped(folder: Path, members: dict[str, bytes], name: str = "SY.zip") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def by_id(places: list[geonames.GeoNamesPlace]) -> dict[int, geonames.GeoNamesPlace]:
    return {place.geonameid: place for place in places}


# Reading


def test_sample_rows_are_read() -> None:
    stats = DumpStats()
    places = by_id(list(read_dump(SAMPLE, stats)))
    assert (stats.rows, stats.skipped, stats.first_skip) == (ROWS, 0, "")
    assert len(places) == ROWS
    assert places[168620] == geonames.GeoNamesPlace(
        geonameid=168620,
        name="Kafr Zaytā",
        asciiname="Kafr Zayta",
        alternatenames=places[168620].alternatenames,
        latitude=35.37425,
        longitude=36.6033,
        feature_class="P",
        feature_code="PPLA3",
        country="SY",
        admin1="10",
        population=21845,
    )
    assert places[168325].admin1 == "12"
    assert (places[168325].latitude, places[168325].longitude) == (35.44208, 36.65095)
    assert places[170654].population == 1569394


def test_feature_classes_and_shared_names() -> None:
    places = list(read_dump(SAMPLE))
    assert {place.feature_class for place in places} == {"P", "A", "L", "H", "T", "S"}
    governorates = {place.admin1: place.name for place in places if place.feature_code == "ADM1"}
    assert governorates == {"10": "Hama Governorate", "12": "Idlib Governorate"}
    assert sorted(place.admin1 for place in places if place.name == "Şūrān") == ["09", "10"]


def test_names_survive() -> None:
    places = by_id(list(read_dump(SAMPLE)))
    assert "كفر زيتا" in places[168620].alternatenames
    assert "اللطامنة" in places[171530].alternatenames
    assert "Al-Latamneh" in places[171530].alternatenames
    assert places[171530].name == "Al Laţāminah"
    assert "𐌳𐌰𐌼𐌰𐍃𐌺𐍉/Damasko" in places[170654].alternatenames  # four-byte UTF-8
    assert places[99000001].alternatenames == ()  # the empty field


def test_zip_gives_the_same_rows(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    archive = zipped(tmp_path, {"readme.txt": b"not a dump\n", "SY.txt": data})
    assert list(read_dump(archive)) == list(read_dump(SAMPLE))


def test_zip_with_another_dump_name(tmp_path: Path) -> None:
    archive = zipped(tmp_path, {"readme.txt": b"x\n", "cities500.txt": SAMPLE.read_bytes()})
    assert len(list(read_dump(archive))) == ROWS


def test_malformed_rows_are_skipped_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geonames, "MAX_ROW_BYTES", 4096)
    good = SAMPLE.read_bytes().splitlines(keepends=True)
    row = good[1].decode().rstrip("\n").split("\t")

    def variant(column: int, value: str) -> bytes:
        return "\t".join(row[:column] + [value] + row[column + 1 :]).encode() + b"\n"

    bad = [
        b"\t".join(good[1].split(b"\t")[:18]) + b"\n",  # 18 columns
        variant(4, "35.x"),  # latitude not a number
        variant(5, "236.6"),  # longitude out of range
        variant(4, "nan"),
        variant(0, "12a"),  # geonameid
        variant(14, "many"),  # population
        b"\xff\xfe broken \x80 bytes\n",
        b"x" * 10_000 + b"\n",  # longer than a row can be
    ]
    path = tmp_path / "SY.txt"
    path.write_bytes(good[0] + b"\n\r\n" + b"".join(bad) + b"".join(good[1:]))
    stats = DumpStats()
    places = list(read_dump(path, stats))
    assert len(places) == stats.rows == ROWS
    assert stats.skipped == len(bad)
    assert stats.first_skip == "line 4: 18 columns, expected 19"


def test_over_long_row_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geonames, "MAX_ROW_BYTES", 4096)
    path = tmp_path / "SY.txt"
    path.write_bytes(SAMPLE.read_bytes() + b"y" * 10_000)
    stats = DumpStats()
    assert len(list(read_dump(path, stats))) == ROWS
    assert stats.skipped == 1
    assert stats.first_skip.endswith("longer than 4096 bytes")


def test_counts_add_up_over_reads() -> None:
    stats = DumpStats()
    for _ in range(2):
        list(read_dump(SAMPLE, stats))
    assert stats.rows == 2 * ROWS


def test_rows_are_streamed() -> None:
    places = read_dump(SAMPLE)
    assert next(places).geonameid == 163476
    places.close()


# Files that are not dumps


@pytest.mark.parametrize("data", [b"", b"\n\n\r\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "SY.txt"
    path.write_bytes(data)
    assert error_of(path) == f"{path}: empty file"


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8" * 100)
    assert error_of(path) == f"{path}: not a GeoNames dump (line 1: not UTF-8 text)"


def test_text_that_is_not_a_dump(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text("<html><body>Not found</body></html>\n" + SAMPLE.read_text(encoding="utf-8"))
    assert error_of(path) == f"{path}: not a GeoNames dump (line 1: 1 columns, expected 19)"


def test_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "XX.txt") == f"{tmp_path / 'XX.txt'}: no such file"
    assert error_of(tmp_path / "XX.zip") == f"{tmp_path / 'XX.zip'}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path) == f"{tmp_path}: is a directory"


def test_zip_without_a_dump(tmp_path: Path) -> None:
    archive = zipped(tmp_path, {"readme.txt": b"GeoNames readme\n", "SY.csv": b"a,b\n"})
    assert error_of(archive) == f"{archive}: no .txt dump inside the zip"


def test_file_named_zip_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "SY.zip"
    path.write_bytes(SAMPLE.read_bytes())
    assert error_of(path) == f"{path}: unreadable zip archive (File is not a zip file)"


def test_damaged_zip(tmp_path: Path) -> None:
    archive = zipped(tmp_path, {"SY.txt": SAMPLE.read_bytes() * 20})
    data = bytearray(archive.read_bytes())
    data[200:260] = bytes(60)  # inside the compressed rows
    archive.write_bytes(bytes(data))
    assert error_of(archive).startswith(f"{archive}: unreadable zip archive (")


# Downloading

@pytest.fixture(scope="module")
def zip_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return zipped(tmp_path_factory.mktemp("zip"), {"SY.txt": SAMPLE.read_bytes()}).read_bytes()


Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def replying(status: int, **kwargs: object) -> Handler:
    """A server that gives every request the same answer."""
    return lambda request: httpx.Response(status, **kwargs)


def fetch_error(country: str, folder: Path, handler: Handler) -> str:
    with pytest.raises(GazetteerError) as caught:
        fetch_dump(country, folder, client=client_for(handler))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_fetch(tmp_path: Path, zip_bytes: bytes) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, content=zip_bytes)

    path = fetch_dump("sy", tmp_path / "cache", client=client_for(handler))
    assert path == tmp_path / "cache" / "SY.zip"
    assert [str(request.url) for request in requests] == [
        "https://download.geonames.org/export/dump/SY.zip"
    ]
    assert requests[0].headers["User-Agent"].startswith("warmonitor/")
    timeout = requests[0].extensions["timeout"]
    assert (timeout["connect"], timeout["read"]) == (10.0, 60.0)
    assert len(list(read_dump(path))) == ROWS
    assert sorted(p.name for p in path.parent.iterdir()) == ["SY.zip"]


def test_fetch_follows_a_redirect(tmp_path: Path, zip_bytes: bytes) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("SY.zip"):
            return httpx.Response(302, headers={"Location": "https://mirror.example/SY-new.zip"})
        return httpx.Response(200, content=zip_bytes)

    assert fetch_dump("SY", tmp_path, client=client_for(handler)).read_bytes() == zip_bytes


@pytest.mark.parametrize("country", ["", "S", "SYR", "S1", "ÄB", "S\n", "../"])
def test_bad_country_code_never_touches_the_network(tmp_path: Path, country: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"network used for {country!r}")

    message = fetch_error(country, tmp_path / "cache", handler)
    assert message == f"{country!r}: not a two-letter country code (such as SY)"
    assert not (tmp_path / "cache").exists()


def test_fetch_404(tmp_path: Path) -> None:
    message = fetch_error("ZZ", tmp_path, replying(404, text="no"))
    assert message == "https://download.geonames.org/export/dump/ZZ.zip: HTTP 404 Not Found"
    assert list(tmp_path.iterdir()) == []


def test_fetch_connect_timeout(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    message = fetch_error("SY", tmp_path, handler)
    assert message.endswith("SY.zip: timed out connecting (10 s)")
    assert list(tmp_path.iterdir()) == []


def test_fetch_read_timeout(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    assert fetch_error("SY", tmp_path, handler).endswith("SY.zip: no data from the server for 60 s")


class Interrupted(httpx.SyncByteStream):
    """A body that stops after its first chunk, as when the connection drops."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        raise httpx.ReadError("connection reset by peer")


def test_interrupted_download_leaves_nothing_half_written(tmp_path: Path, zip_bytes: bytes) -> None:
    earlier = tmp_path / "SY.zip"
    earlier.write_bytes(b"the earlier, complete download")
    message = fetch_error("SY", tmp_path, replying(200, stream=Interrupted(zip_bytes[:100])))
    assert message.endswith("SY.zip: could not download (connection reset by peer)")
    assert list(tmp_path.iterdir()) == [earlier]
    assert earlier.read_bytes() == b"the earlier, complete download"


def test_download_that_is_not_a_zip(tmp_path: Path) -> None:
    handler = replying(200, html="<html>Service unavailable</html>")
    message = fetch_error("SY", tmp_path, handler)
    assert message.endswith("SY.zip: the download is not a zip archive")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("declared", [True, False])
def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: bool) -> None:
    monkeypatch.setattr(geonames, "MAX_DUMP_BYTES", 2**20)
    body = b"x" * (2**20 + 1)
    if declared:
        handler = replying(200, content=body)
    else:  # no Content-Length: only counting the bytes finds out
        handler = replying(200, stream=httpx.ByteStream(body))
    message = fetch_error("SY", tmp_path, handler)
    assert message.endswith("SY.zip: larger than the 1 MiB limit")
    assert list(tmp_path.iterdir()) == []


def test_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    message = fetch_error("SY", blocker / "cache", replying(200))
    assert message.startswith(f"{blocker / 'cache'}: ")
