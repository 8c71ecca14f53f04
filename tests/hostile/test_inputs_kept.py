"""Hostile inputs that are handled well today, kept so they stay so (issue 12).

Each must end in a one-line reason or a correct result: no traceback, no hang.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from warmonitor.ingest import IngestError, read_input

REPORT = "Shelling killed {} people in the village of Tell Sukkar on Monday, residents said."


def reason(source: str) -> str:
    with pytest.raises(IngestError) as refused:
        list(read_input(source))
    assert "\n" not in str(refused.value)
    return str(refused.value)


def extract(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmonitor", "extract", "--no-text", str(path)], capture_output=True, text=True)


def test_an_empty_file(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert reason(str(path)) == f"{path}: empty input"


def test_a_binary_file(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert reason(str(path)) == f"{path}: not text (binary data)"


def test_malformed_html_still_gives_its_article(tmp_path: Path):
    path = tmp_path / "broken.html"
    paragraph = f"<p>{REPORT.format(4)} <b>Rescuers <i>searched the rubble</b> until night.</i>"
    path.write_text("<html><body><div><article><h1>Four killed<div>" + paragraph * 3 + "<td></tr></table>")
    [document] = read_input(str(path))
    assert "Shelling killed 4 people" in document.text


def test_deeply_nested_markup_ends(tmp_path: Path):
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 20_000 + f"<p>{REPORT.format(5)}</p>" + "</div>" * 20_000 + "</body></html>")
    started = time.monotonic()
    done = extract(path)
    assert time.monotonic() - started < 60
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 1


def test_billion_laughs_and_xxe_feeds_expand_nothing(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    laughs = "".join(f'<!ENTITY l{n} "{"&l%d;" % (n - 1) * 10}">' for n in range(1, 10))
    feed = tmp_path / "feed.xml"
    feed.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<rss><channel><item><title>&l9;</title><description>&xxe; {REPORT.format(6)} &l9;</description></item></channel></rss>"
    )
    started = time.monotonic()
    [document] = read_input(str(feed))
    assert time.monotonic() - started < 30
    assert "Shelling killed 6 people" in document.text
    for told in (document.title, document.text, document.raw):
        assert "the secret" not in told and "lollol" not in told


def test_bad_csv_and_jsonl_rows_are_skipped_one_line_each(tmp_path: Path, capsys):
    corpus = tmp_path / "rows.jsonl"
    corpus.write_text(f'{{"unit_id": "a", "article_content": "{REPORT.format(2)}"}}\n{{broken\n[1, 2]\n{{"unit_id": "b"}}\n')
    assert [d.id for d in read_input(str(corpus))] == ["a"]
    assert capsys.readouterr().err.splitlines() == [
        f"warmonitor: skipped row 2 of {corpus}: not JSON (Expecting property name enclosed in double quotes)",
        f"warmonitor: skipped row 3 of {corpus}: not a JSON object",
        f"warmonitor: skipped row 4 of {corpus}: no text",
    ]
    table = tmp_path / "rows.csv"
    table.write_text(f"unit_id,article_content\na,{REPORT.format(2)}\nb,\n")
    assert [d.id for d in read_input(str(table))] == ["a"]
    assert capsys.readouterr().err == f"warmonitor: skipped row 2 of {table}: no text\n"
