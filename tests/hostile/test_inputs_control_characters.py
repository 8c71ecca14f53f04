"""Control characters are dropped at ingest (issue 12, item 5).

A report with U+0000 was stored by SQLite and refused by PostgreSQL with a 20-line
error; C0 control characters but tab, line feed and carriage return are now dropped
from every field of every document read, so every store and `extract` get the same text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from warmonitor.ingest import read_input

REPORT = "Shelling of Aleppo’s eastern districts killed 7 people on Monday, “a massacre”, residents said."


def only_document(source: str):
    [document] = list(read_input(source))
    return document


def test_control_characters_are_dropped_from_every_field(tmp_path: Path):
    row = {"unit_id": "r\u00001", "article_title": "Seven \u0007killed", "article_content": "Shelling\u0000 killed 7\u001b people.\tThe end."}
    path = tmp_path / "controls.jsonl"
    path.write_text(json.dumps(row) + "\n")
    document = only_document(str(path))
    assert (document.id, document.title) == ("r1", "Seven killed")
    assert document.text == "Seven killed\n\nShelling killed 7 people.\tThe end."
    assert "\0" not in document.raw


def test_a_nul_past_the_binary_sniff_is_dropped_from_a_text_file(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_bytes(((REPORT + "\n") * 100 + "A final line\0 with a NUL.\n").encode())  # 10 kB in
    assert only_document(str(path)).text.endswith("A final line with a NUL.")


def test_a_nul_in_a_report_is_stored_alike_in_every_store(tmp_path: Path, db: str):
    from warmonitor.store.database import open_store
    from warmonitor.store.schema import document

    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"unit_id": "n1", "article_content": "Shelling killed 7\u0000 people in Aleppo on Monday."}) + "\n")
    done = subprocess.run([sys.executable, "-m", "warmonitor", "ingest", "--quiet", "--db", db, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open_store(db).connect() as connection:
        assert connection.execute(select(document.c.text)).scalars().all() == ["Shelling killed 7 people in Aleppo on Monday."]
