"""Corpus files: FA-KES and other CSV or JSON Lines files, with bad rows skipped, not fatal."""

from __future__ import annotations

import csv
import json
import time
from datetime import date
from pathlib import Path

import pytest

from warmonitor.ingest import CorpusColumns, IngestError, read_input

FAKES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fa-kes.csv"
needs_fakes = pytest.mark.skipif(not FAKES.exists(), reason="shared corpus not present")

OTHER_COLUMNS = CorpusColumns(id="id", title="headline", text="body", date="day")


@needs_fakes
def test_fakes_gives_804_documents_quickly() -> None:
    started = time.monotonic()
    documents = list(read_input(str(FAKES)))
    assert time.monotonic() - started < 1.0
    assert len(documents) == 804
    assert all(d.id.isdigit() and d.text and d.title and d.published for d in documents)


@needs_fakes
def test_fakes_first_row() -> None:
    first = next(read_input(str(FAKES)))
    assert first.id == "1914947530"
    assert first.title == "Syria attack symptoms consistent with nerve agent use WHO"
    assert first.text.startswith("Wed 05 Apr 2017 Syria attack symptoms consistent")
    assert first.published == date(2017, 4, 5)


@needs_fakes
def test_fakes_dateline_beats_the_date_column() -> None:
    documents = {d.id: d for d in read_input(str(FAKES))}
    assert documents["1923848201"].published == date(2015, 2, 21)  # "AFP Saturday 21 Feb 2015"
    assert documents["1924058068"].published == date(2017, 10, 4)  # "Last updated at Oct 042017"


@needs_fakes
def test_fakes_read_twice_is_equal() -> None:
    assert list(read_input(str(FAKES))) == list(read_input(str(FAKES)))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_csv_with_other_column_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "wire.csv",
        [
            ["id", "headline", "body", "day"],
            [
                "a1",
                "Car bomb kills 8 in Azaz",
                "A car bomb killed eight people in Azaz on Friday.",
                "2016-01-08",
            ],
            [
                "a2",
                "Strikes on Raqqa",
                "Strikes on Raqqa killed 5 militants.\nThe coalition confirmed.",
                "3/4/2017",
            ],
        ],
    )
    first, second = read_input(str(path), columns=OTHER_COLUMNS)
    assert first.id == "a1" and first.title == "Car bomb kills 8 in Azaz"
    assert (
        first.text
        == "Car bomb kills 8 in Azaz\n\nA car bomb killed eight people in Azaz on Friday."
    )
    assert first.published == date(2016, 1, 8)
    assert second.text == "Strikes on Raqqa killed 5 militants.\nThe coalition confirmed."
    assert second.published == date(2017, 3, 4)


def test_title_already_at_the_start_is_not_repeated(tmp_path: Path) -> None:
    body = "Fri 14 Oct 2016 17 Soldiers Dead in Battle for Hill Near Hama. 17 soldiers died."
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["id", "headline", "body"],
            ["1", "17 Soldiers Dead in Battle - Valley Gazette", body],
        ],
    )
    [document] = read_input(str(path), columns=OTHER_COLUMNS)
    assert document.text == body
    assert document.title == "17 Soldiers Dead in Battle - Valley Gazette"


def test_published_option_comes_before_the_date_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [["id", "body", "day"], ["1", "Shelling killed two people.", "2016-01-08"]],
    )
    [document] = read_input(str(path), columns=OTHER_COLUMNS, published=date(2016, 1, 9))
    assert document.published == date(2016, 1, 9)
    assert document.title is None


def test_bad_rows_are_skipped_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            ["id", "headline", "body"],
            ["1", "Empty", ""],
            ["2", "Good", "Two soldiers were killed."],
            ["3", "Paywall", "Subscribe now for unlimited access."],
            ["", "No id", "Three civilians were wounded."],
        ],
    )
    documents = list(read_input(str(path), columns=OTHER_COLUMNS))
    assert [d.id for d in documents] == ["2", "mixed-row4"]
    assert capsys.readouterr().err.splitlines() == [
        f"warmonitor: skipped row 1 of {path}: no text",
        f"warmonitor: skipped row 3 of {path}: no text",
    ]


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["id", "content"], ["1", "x"]])
    with pytest.raises(IngestError, match=r"no column 'article_content' \(columns: id, content\)"):
        read_input(str(path))


@pytest.mark.parametrize("name", ["empty.csv", "empty.jsonl"])
def test_empty_corpus(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty input"):
        read_input(str(path))


def test_binary_corpus(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)))
    with pytest.raises(IngestError, match="not text"):
        read_input(str(path))


def test_windows_1252_csv(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    text = "Café owners said “five people” were killed — a massacre."
    path.write_bytes(f"id,body\n1,{text}\n".encode("cp1252"))
    [document] = read_input(str(path), columns=OTHER_COLUMNS)
    assert document.text == text


def test_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rows = [
        {
            "unit_id": 17,
            "article_title": "Raid kills 4",
            "article_content": "A raid killed 4 people.",
            "date": "2/1/2015",
        },
        {"unit_id": "18", "article_content": "12 February 2015 Shelling killed two."},
        {"unit_id": "19", "article_title": "No text"},
    ]
    lines = [
        json.dumps(rows[0]),
        "",
        json.dumps(rows[1]),
        "{not json",
        "[1, 2]",
        json.dumps(rows[2]),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = read_input(str(path))
    assert (first.id, first.title, first.published) == ("17", "Raid kills 4", date(2015, 2, 1))
    assert first.text == "Raid kills 4\n\nA raid killed 4 people."
    assert (second.id, second.title, second.published) == ("18", None, date(2015, 2, 12))
    assert capsys.readouterr().err.splitlines() == [
        f"warmonitor: skipped row 4 of {path}: not JSON"
        " (Expecting property name enclosed in double quotes)",
        f"warmonitor: skipped row 5 of {path}: not a JSON object",
        f"warmonitor: skipped row 6 of {path}: no text",
    ]
