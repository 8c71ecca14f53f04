"""A few bad bytes in UTF-8 are replaced and counted (issue 12, item 7).

One stray byte in a UTF-8 file made the whole file read through a guessed code page
("Aleppo’s" as "Aleppo‚Äôs"), silently. Such a file is now read as UTF-8, the bad
bytes replaced and counted in one warning line; a file in a code page throughout is
still read in its code page.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from warmonitor.ingest import read_input

REPORT = "Shelling of Aleppo’s eastern districts killed 7 people on Monday, “a massacre”, residents said."


def only_document(source: str):
    [document] = list(read_input(source))
    return document


def test_a_stray_byte_in_utf8_is_replaced_and_counted_not_a_reason_to_guess(tmp_path: Path):
    path = tmp_path / "stray.txt"
    path.write_bytes(REPORT.encode() + b" Two more were hurt\xff.")
    done = subprocess.run([sys.executable, "-m", "warmonitor", "extract", "--no-text", str(path)], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stderr == f"warmonitor: {path}: 1 invalid utf-8 byte replaced by U+FFFD\n"
    assert only_document(str(path)).text == REPORT + " Two more were hurt\ufffd."


def test_stray_bytes_in_a_utf8_corpus_are_counted_once_at_its_end(tmp_path: Path, capsys):
    path = tmp_path / "stray.csv"
    path.write_bytes(b"unit_id,article_content\n" + f"r1,\"{REPORT}\"\n".encode() + b"r2,Five were killed\x92 in Idlib.\n")
    assert [d.text for d in read_input(str(path))] == [REPORT, "Five were killed\ufffd in Idlib."]
    assert capsys.readouterr().err == f"warmonitor: {path}: 1 invalid utf-8 byte replaced by U+FFFD\n"


def test_a_code_page_throughout_is_still_read_in_its_code_page(tmp_path: Path):
    latin = "Residents of Saraqeb said the café owner’s son was among five people killed — “a massacre”."
    arabic = "قتل سبعة مدنيين في قصف على الأحياء الشرقية من مدينة حلب يوم الاثنين، وفق ما قال السكان."
    for text, encoding in ((latin, "cp1252"), (arabic, "cp1256")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert only_document(str(path)).text == text
