"""Reading files and standard input: good reports in, one-line errors for bad ones."""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import error_of

from warmonitor.ingest import IngestError, files, read_input

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "corpus" / "seed-idlib-2019-05-25.txt"

REPORT = (
    "Air strikes kill 12 in Idlib\n"
    "Air strikes killed 12 civilians, including three children, in the town of Maarat al-Numan "
    "in Idlib province on Sunday, the Syrian Observatory for Human Rights said.\n"
    "The monitor said the raids were carried out by government aircraft.\n"
)


def read_one(source: str, **options) -> object:
    documents = list(read_input(source, **options))
    assert len(documents) == 1
    return documents[0]



def test_plain_text_file(tmp_path: Path) -> None:
    path = tmp_path / "idlib-report.txt"
    path.write_text(REPORT, encoding="utf-8")
    document = read_one(str(path))
    assert document.id == "idlib-report"
    assert document.text == REPORT.rstrip("\n")
    assert document.title is None and document.url is None


def test_published_option_is_used_without_a_dateline(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert read_one(str(path), published=date(2019, 5, 26)).published == date(2019, 5, 26)


def test_dateline_wins_over_published_option(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Published February 23 2015 " + REPORT, encoding="utf-8")
    assert read_one(str(path), published=date(2019, 5, 26)).published == date(2015, 2, 23)


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not present")
def test_seed_report_loses_its_paywall_tail_and_nothing_else() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    document = read_one(str(SEED))
    assert document.id == "seed-idlib-2019-05-25"
    assert document.text == "".join(lines[:16]).rstrip("\n")


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not present")
def test_same_input_twice_gives_equal_documents() -> None:
    assert list(read_input(str(SEED))) == list(read_input(str(SEED)))


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert error_of(str(path)) == f"{path}: empty input"


def test_png_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    assert "not text" in error_of(str(path))


@pytest.mark.skipif(not Path("/bin/ls").exists(), reason="no /bin/ls")
def test_executable_is_not_text() -> None:
    assert "not text" in error_of("/bin/ls")


def test_undecodable_bytes_are_not_text(tmp_path: Path) -> None:
    rng = random.Random(0)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(128, 256) for _ in range(4000)))
    assert "not text" in error_of(str(path))


def test_100_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.write(REPORT.encode())
        stream.truncate(100 * 2**20)  # sparse: instant, and takes no disk
    started = time.monotonic()
    message = error_of(str(path))
    assert "too large" in message and "100 MiB" in message
    assert time.monotonic() - started < 1


def test_windows_1252_text_decodes_correctly(tmp_path: Path) -> None:
    text = (
        "Residents of Saraqeb said the café owner’s son was among five people killed — "
        "“a massacre”, one said."
    )
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    assert read_one(str(path)).text == text


def test_byte_order_mark_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + REPORT.replace("\n", "\r\n").encode())
    assert read_one(str(path)).text == REPORT.rstrip("\n")


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(REPORT.encode("utf-16"))
    assert read_one(str(path)).text == REPORT.rstrip("\n")


def test_html_file_gives_its_article(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: shelling killed {n} civilians in Douma on Saturday, "
        "the Syrian Observatory for Human Rights said, citing medical sources.</p>"
        for n in range(1, 5)
    )
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>Douma shelling | Example News</title>"
        '<meta property="og:title" content="Shelling kills 10 in Douma">'
        '<meta property="article:published_time" content="2018-02-24T09:00:00Z"></head>'
        '<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>Shelling kills 10 in Douma</h1>{paragraphs}"
        "<p>Subscribe now for unlimited access.</p></article>"
        "<footer>© 2024 Example News. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    document = read_one(str(path))
    assert document.title == "Shelling kills 10 in Douma"
    assert document.published == date(2018, 2, 24)
    lines = document.text.split("\n")
    assert lines[0] == "Shelling kills 10 in Douma"
    assert len(lines) == 5 and lines[1].startswith("Paragraph 1: shelling killed 1 civilians")
    assert "Subscribe" not in document.text and "©" not in document.text


def test_html_is_sniffed_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert error_of(str(path)) == f"{path}: no article text found"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Nothing here</title></head></html>",
        "<!doctype html><html><head></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav></body></html>",
    ],
)
def test_html_without_article_text(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(markup, encoding="utf-8")
    assert error_of(str(path)) == f"{path}: no article text found"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert error_of(str(path)) == f"{path}: no such file"


def test_empty_directory(tmp_path: Path) -> None:
    assert error_of(str(tmp_path)).startswith(f"{tmp_path}: a folder with no report files")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")
    path.chmod(0)
    assert error_of(str(path)) == f"{path}: permission denied"


def test_only_page_furniture(tmp_path: Path) -> None:
    path = tmp_path / "paywall.txt"
    path.write_text("Subscribe now for unlimited access.\nAlready a subscriber? Log in\n")
    assert "no report text" in error_of(str(path))


def test_error_message_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.txt"
    assert error_of(str(path)) == f"{tmp_path}/two lines.txt: no such file"


def stdin_with(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_with(monkeypatch, REPORT.encode())
    document = read_one("-")
    assert document.id == "stdin"
    assert document.text == REPORT.rstrip("\n")


def test_stdin_html(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_with(monkeypatch, b"<html><body></body></html>")
    assert error_of("-") == "stdin: no article text found"


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_with(monkeypatch, b"")
    assert error_of("-") == "stdin: empty input"


def test_stdin_over_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", 100)
    stdin_with(monkeypatch, b"x" * 101)
    assert "stdin: too large" in error_of("-")


def test_errors_raise_when_called_not_when_iterated(tmp_path: Path) -> None:
    with pytest.raises(IngestError):
        read_input(str(tmp_path / "missing.txt"))
